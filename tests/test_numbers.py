"""Numbers stated in a text, as digits or as Indonesian and English words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factdb.check.numbers import mentions
from factdb.check.numberwords import numbers_in, states

ID_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def indonesian(n: int) -> str:
    """Spell 0 < n < 1,000,000 in Indonesian, the way a news text would."""
    parts = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        parts.append("seribu" if thousands == 1 else f"{indonesian(thousands)} ribu")
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        parts.append("seratus" if hundreds == 1 else f"{ID_UNITS[hundreds]} ratus")
    if 10 <= rest < 20:
        parts.append({10: "sepuluh", 11: "sebelas"}.get(rest) or f"{ID_UNITS[rest - 10]} belas")
    else:
        tens, units = divmod(rest, 10)
        if tens:
            parts.append(f"{ID_UNITS[tens]} puluh")
        if units:
            parts.append(ID_UNITS[units])
    return " ".join(parts)


EN_SMALL = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english(n: int) -> str:
    parts = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        parts.append(f"{english(thousands)} thousand")
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        parts.append(f"{EN_SMALL[hundreds]} hundred")
    if rest >= 20:
        tens, units = divmod(rest, 10)
        parts.append(EN_TENS[tens] + (f"-{EN_SMALL[units]}" if units else ""))
    elif rest:
        parts.append(EN_SMALL[rest])
    return " ".join(parts)


@pytest.mark.parametrize(
    "text,number",
    [
        ("Rusia meluncurkan dua rudal dan 183 drone", 2),
        ("Rusia meluncurkan dua rudal dan 183 drone", 183),
        ("80 drone dan empat rudal", 4),
        ("lebih dari sembilan daerah Rusia", 9),
        ("Setidaknya tujuh orang tewas", 7),
        ("operasi satu setengah tahun dalam pembuatan", 1.5),
        ("putaran kedua perundingan", 2),
        ("tiga putaran perundingan damai", 3),
        ("34% pesawat", 34),
        ("1.000 tentara", 1000),
        ("dua belas", 12),
        ("12.11.2025 - Update : 13.11.2025", 13),
        ("membutuhkan waktu seminggu untuk mempelajari dokumen", 1),
        ("hanya sehari setelah Ukraina", 1),
        # Digits times a scale word: the figure is recorded in units.
        ("sekitar 10 ribu tentara", 10_000),
        ("1,5 juta orang mengungsi", 1_500_000),
        ("1.1 million people", 1_100_000),
        ("300 million dollars", 300_000_000),
        ("a hundred drones", 100),
        ("a dozen missiles", 12),
        ("two dozen drones", 24),
        ("one hundred and twenty drones", 120),
    ],
)
def test_numbers_in_news_text(text, number):
    assert states(text, number)


@pytest.mark.parametrize(
    "text,number",
    [("dua rudal", 3), ("183 drone", 18), ("183 drone", 83), ("ratusan tawanan", 100), ("", 0),
     ("serangan di Sumy", 1), ("sekretaris Dewan", 1),
     # Two numbers side by side are a range or a list, not a sum.
     ("dua tiga hari", 5), ("tiga-empat hari", 7), ("one two three", 6), ("dua seratus", 102)],
)
def test_numbers_not_stated(text, number):
    assert not states(text, number)


@given(st.integers(min_value=1, max_value=999_999))
def test_indonesian_words_round_trip(n):
    text = f"sebanyak {indonesian(n)} drone"
    assert n in numbers_in(text), text


@given(st.integers(min_value=1, max_value=999_999))
def test_english_words_round_trip(n):
    text = f"Russia launched {english(n)} drones"
    assert n in numbers_in(text), text


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_round_trip(n):
    assert n in numbers_in(f"meluncurkan {n} drone")
    assert n in numbers_in(f"meluncurkan {n:,} drone".replace(",", "."))


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text):
    assert all(isinstance(n, (int, float)) for n in numbers_in(text))


@pytest.mark.parametrize(
    "text,found",
    [
        ("Rusia meluncurkan dua rudal dan 183 drone ke negara itu",
         [(2, "dua rudal"), (183, "183 drone")]),
        ("Rudal dan 22 drone berdampak di 16 lokasi", [(22, "22 drone"), (16, "16 lokasi")]),
        ("menghancurkan lebih dari 40 pesawat", [(40, "lebih dari 40 pesawat")]),
        ("sedikitnya dua orang terluka", [(2, "sedikitnya dua orang")]),
        ("dua ratus tiga puluh lima drone", [(235, "dua ratus tiga puluh lima drone")]),
        ("dua hingga tiga hari", [(2, "dua"), (3, "tiga hari")]),
        ("34% pesawat", [(34, "34%")]),
        ("sekitar 10 ribu tentara", [(10_000, "sekitar 10 ribu tentara")]),
        ("butuh waktu seminggu", [(1, "seminggu")]),
        ("more than forty aircraft", [(40, "more than forty aircraft")]),
        # Ordinals and dates state no count.
        ("putaran kedua, putaran ke-3, the second round", []),
        ("pada Kamis (5/2/2026) dan Rabu, 4 Februari 2026", []),
        ("KYIV, Feb 9 (Reuters) - on Feb. 10 and on February 11, 2026", []),
        ("in May 40 drones", [(40, "40 drones")]),  # not a day of the month
    ],
)
def test_mentions_give_each_number_with_its_words(text, found):
    got = mentions(text)
    assert [(m.number, m.words) for m in got] == found
    assert all(text[m.start:m.end] == m.words for m in got)


@given(st.text(max_size=200))
def test_mentions_of_any_text_are_spans_of_it_and_numbers_it_states(text):
    found = mentions(text)
    assert all(text[m.start:m.end] == m.words for m in found)
    assert {m.number for m in found} <= numbers_in(text)


@given(st.lists(st.sampled_from(
    ["dua", "ratus", "tiga", "puluh", "lima", "183", "1.000", "drone", "lebih dari", "dan", "ribu",
     "hundred", "and", "twenty", "a", ",", "seminggu", "kedua", "ke-3", "hingga", "5/2/2026", "Februari"]),
    max_size=12))
def test_mentions_of_news_like_text_are_spans_of_it_and_numbers_it_states(words):
    text = " ".join(words)
    found = mentions(text)
    assert all(text[m.start:m.end] == m.words for m in found)
    assert {m.number for m in found} <= numbers_in(text)
