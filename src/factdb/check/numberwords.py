"""The vocabulary of numbers in Indonesian and English, and reading it: which numbers a text
states, in digits or in words (`numbers_in`, `states`), and the parts `numbers.py` reads a
text's mentions with (a run of number words, a number in digits, a scale after it).

"Rusia meluncurkan dua rudal dan 183 drone" states 2 and 183.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

Number = int | float

# Indonesian: units, teens by "belas", tens by "puluh", "se-" for one (sepuluh, seratus).
_ID_UNITS = {
    "nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
    "tujuh": 7, "delapan": 8, "sembilan": 9,
}
_ID_SINGLE = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000, "sejuta": 10**6}
_ID_SCALES = {"belas": None, "puluh": 10, "ratus": 100, "ribu": 1000, "juta": 10**6, "miliar": 10**9}
_ID_ORDINALS = {"pertama": 1, "kesatu": 1}

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1,
}
_EN_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# Scales that multiply a number written in digits: "10 ribu" (10,000), "1,5 juta" (1.5 million).
_DIGIT_SCALES = {
    "ribu": 1000, "juta": 10**6, "miliar": 10**9, "triliun": 10**12,
    "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
_HALF = {"setengah": 0.5, "half": 0.5}

TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+", re.UNICODE)


def digit_values(token: str) -> set[Number]:
    """'183' -> 183; '1.000' and '1,000' -> 1000 (thousands); '1,5' and '1.5' -> 1.5 as well."""
    found: set[Number] = set()
    if token.isdigit():
        found.add(int(token))
        return found
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token):
        found.add(int(re.sub(r"[.,]", "", token)))
    if re.fullmatch(r"\d+[.,]\d+", token):
        found.add(float(token.replace(",", ".")))
    if not found:  # a date such as 12.11.2025: each part is a number
        found.update(int(part) for part in re.split(r"[.,]", token))
    return found


@lru_cache(maxsize=1 << 16)  # one entry per distinct word: a language's vocabulary
def _word_value(word: str) -> tuple[str, Number] | None:
    """Classify one lower-cased word: ('unit', n), ('scale', n), ('belas', 0) or ('half', .5)."""
    if word in _ID_UNITS and word != "se":
        return "unit", _ID_UNITS[word]
    if word in _ID_SINGLE:
        return "single", _ID_SINGLE[word]
    if word == "belas":
        return "belas", 0
    if word in _ID_SCALES:
        return "scale", _ID_SCALES[word]
    if word in _EN_UNITS and word != "a":
        return "unit", _EN_UNITS[word]
    if word in _EN_SCALES:
        return "scale", _EN_SCALES[word]
    if word in _HALF:
        return "half", _HALF[word]
    return None


# "se-" fused to a unit of time or count is one of it: "seminggu" (a week), "sehari" (a day).
_SE_UNITS = {
    "detik", "menit", "jam", "hari", "malam", "minggu", "pekan", "bulan", "tahun", "abad",
    "kali", "orang", "buah", "pasang", "lusin",
}


@lru_cache(maxsize=1 << 16)  # one entry per distinct word: a language's vocabulary
def _ordinal(word: str) -> int | None:
    if word in _ID_ORDINALS:
        return _ID_ORDINALS[word]
    if word in _EN_ORDINALS:
        return _EN_ORDINALS[word]
    # Indonesian ordinals: ke- + cardinal ("kedua", "ketiga", "ke-3").
    if word.startswith("ke") and len(word) > 2:
        rest = word[2:].lstrip("-")
        if rest in _ID_UNITS and rest != "se":
            return _ID_UNITS[rest]
        if rest in _ID_SINGLE:
            return _ID_SINGLE[rest]
    return None


def _read_words(words: list[str]) -> set[Number]:
    """Values of a run of number words, read from each word onwards, so that a run
    such as "dua ratus" gives 200 and the lone "dua" in "dua rudal" gives 2."""
    values: set[Number] = set()
    for start, first in enumerate(words):
        if _word_value(first)[0] not in ("belas", "scale"):
            values.update(_prefix_values(words, start))
    return values


def _prefix_values(words: list[str], start: int) -> Iterator[Number]:
    """The value of words[start:start + k] for k = 1, 2, ... for as long as each next word
    joins the number: "dua ratus tiga puluh" gives 2, 200, 203, 230."""
    total: Number = 0  # thousands and above, done
    group: Number = 0  # below a thousand, done
    last: Number = 0  # the pending unit
    for word in words[start:]:
        kind, n = _word_value(word)
        if last and not _adds_to(last, kind, n):
            return  # "dua tiga hari" is two or three days, never five
        if kind in ("unit", "half"):
            last += n
        elif kind == "single":
            if n >= 1000:
                total += group + last + n
                group = last = 0
            else:
                group += n
        elif kind == "belas":
            group += (last or 1) + 10
            last = 0
        elif n >= 1000:
            total += (group + last or 1) * n
            group = last = 0
        else:  # puluh, ratus, hundred
            group += (last or 1) * n
            last = 0
        yield total + group + last


def _adds_to(last: Number, kind: str, n: Number) -> bool:
    """May a unit still pending (`last`) take the next word? Only English tens take a unit
    ("twenty five") and any unit a half ("satu setengah"); scales multiply it ("dua ratus").
    Two units in a row are two numbers, as in a range ("tiga-empat", "two three")."""
    if kind == "unit":
        return 20 <= last <= 90 and last % 10 == 0 and n < 10
    return kind in ("half", "belas", "scale")


def times(number: Number, scale: int) -> Number:
    # 1.1 * 10**6 is 1100000.0000000002 in floats; a count is a whole number where it can be.
    value = round(number * scale, 6)
    return int(value) if value == int(value) else value


@lru_cache(maxsize=1 << 16)  # one entry per distinct word: a language's vocabulary
def may_matter(word: str) -> bool:
    """Whether a token can state a number or take part in one; for any other word numbers_in
    only closes the run of number words before it."""
    return (
        "0" <= word[0] <= "9"
        or word in _DIGIT_SCALES
        or word in ("a", "and")
        or _word_value(word) is not None
        or _ordinal(word) is not None
        or one_of_a_unit(word)
    )


@lru_cache(maxsize=4096)
def numbers_in(text: str) -> frozenset[Number]:
    """Every number `text` states, in digits, words or ordinals."""
    found: set[Number] = set()
    run: list[str] = []
    tokens = TOKEN.findall(text.lower())  # words are letters only: "twenty-five" is two
    digits: set[Number] = set()  # the number just before, for "10 ribu"
    for i, word in enumerate(tokens):
        if not may_matter(word):  # most words: it ends a run of number words, nothing more
            if run:
                found |= _read_words(run)
                run = []
            digits = set()
            continue
        if "0" <= word[0] <= "9":
            # "ke-3" style ordinals are covered by the digit itself.
            if run:
                found |= _read_words(run)
                run = []
            digits = digit_values(word)
            found |= digits
            continue
        if digits and word in _DIGIT_SCALES:
            found.update(times(d, _DIGIT_SCALES[word]) for d in digits)
        digits = set()
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        joined = run_word(word, run[-1] if run else None, following)
        if joined is not None:
            if joined:  # "and" in "one hundred and twenty" adds nothing
                run.append(joined)
            continue
        if run:
            found |= _read_words(run)
            run = []
        ordinal = _ordinal(word)
        if ordinal is not None:
            found.add(ordinal)
        elif one_of_a_unit(word):
            found.add(1)
    if run:
        found |= _read_words(run)
    return frozenset(found)


def states(text: str, number: Number) -> bool:
    """Does `text` state `number` (as digits or words)?"""
    return number in numbers_in(text)



VOCABULARY = frozenset(
    ({*_ID_UNITS, *_ID_SINGLE, *_ID_SCALES, *_EN_UNITS, *_EN_SCALES, *_HALF, *_DIGIT_SCALES, "and"} - {"se"})
    | {"se" + unit for unit in _SE_UNITS}
)
"""The words that can state a number or take part in one: number words, scales, "a"/"and" (a
hundred and twenty), "se-" fused to a unit. Ordinals are not among them: they state no count."""


def run_word(word: str, previous: str | None, following: str) -> str | None:
    """How `word` goes on in a run of number words that ends in `previous` (None: no run yet),
    with `following` the next word: as itself (a number word), as "one" ("a hundred"), as ""
    ("and" in "one hundred and twenty" adds nothing), or None: it ends the run."""
    if _word_value(word) is not None:
        return word
    if word == "a" and following in _EN_SCALES:
        return "one"
    if word == "and" and previous in _EN_SCALES and following in _EN_UNITS:
        return ""
    return None


def one_of_a_unit(word: str) -> bool:
    """"se-" fused to a unit of time or count: "seminggu" (a week), "seorang" (one person)."""
    return word.startswith("se") and word[2:] in _SE_UNITS


def digit_scale(word: str) -> int | None:
    """What `word` multiplies a number in digits by, where it is a scale: "ribu" 1000, "juta" 10**6."""
    return _DIGIT_SCALES.get(word)


def read_run(run: list[tuple[str, int, int]]) -> list[tuple[Number, int, int]]:
    """A run of number words read as few numbers as it can be ("dua ratus tiga puluh" is 230;
    "dua tiga" is 2 and 3), each with the span of its words."""
    words = [word for word, _, _ in run]
    found = []
    i = 0
    while i < len(run):
        if _word_value(words[i])[0] in ("belas", "scale"):
            i += 1  # a scale with nothing to multiply: no number of its own
            continue
        taken, value = 0, 0
        for taken, value in enumerate(_prefix_values(words, i), 1):
            pass  # the longest reading: the first word always joins
        found.append((value, run[i][1], run[i + taken - 1][2]))
        i += taken
    return found
