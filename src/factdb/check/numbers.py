"""Where a text states a number, and in which words (`mentions`): "dua rudal" at 37:46 states 2.
Binding a figure to its words and checking that every figure in a claim is really stated by
one of its quotes read them; the number words themselves, and which numbers a text states at
all (`numbers_in`), are in `numberwords.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numberwords import (
    TOKEN, VOCABULARY, Number, digit_scale, digit_values, may_matter, one_of_a_unit, read_run, run_word, times,
)

@dataclass(frozen=True, slots=True)
class Mention:
    """One place where a text states a number: `text[start:end]` is `words`, the number's
    digits or words with a qualifier phrase directly before ("lebih dari 40") and the word
    directly after ("183 drone", "dua rudal", "34%")."""

    number: Number
    start: int
    end: int
    words: str



# Directly before a number, these phrases qualify it; they belong to the words that state it.
_QUALIFIERS = (
    "lebih dari", "kurang dari", "sedikitnya", "setidaknya", "sekurang-kurangnya",
    "paling sedikit", "paling banyak", "sekitar", "kira-kira", "hampir", "hingga", "sampai",
    "mencapai", "sebanyak", "more than", "less than", "fewer than", "at least", "at most",
    "about", "around", "approximately", "nearly", "almost", "up to", "over", "some",
)
_QUALIFIER_ENDS = frozenset(q.split()[-1].split("-")[-1] for q in _QUALIFIERS)
"""The last word of each qualifier phrase: only a number after one of them is looked at again."""
_QUALIFIED = re.compile(
    r"(?<![^\W_])(?:" + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in _QUALIFIERS) + r")\s+$",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"%|\s+(?:persen\b|percent\b|per cent\b|([^\W\d_]+))", re.IGNORECASE)
# Words that never name what a number counts: a number followed by them ends there.
_NOT_A_NOUN = frozenset({
    "dan", "atau", "di", "ke", "dari", "yang", "pada", "untuk", "dengan", "hingga", "sampai",
    "and", "or", "of", "in", "to", "the", "on", "at", "for", "by", "from",
})
_MONTHS = frozenset({
    "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
    "oktober", "november", "desember", "january", "february", "march", "may", "june", "july",
    "august", "october", "december", "jan", "feb", "mar", "apr", "jun", "jul", "agu", "aug",
    "sep", "okt", "oct", "nov", "des", "dec",
})
_SLASH_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
_DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")


_WORD_CHAR = re.compile(r"[^\W_]")


@lru_cache(maxsize=4096)
def mentions(text: str) -> tuple[Mention, ...]:
    """Every cardinal number `text` states, where, and in which words, in order. Ordinals
    ("kedua", "ke-3", "second") and dates ("5/2/2026", "4 Februari 2026") are not mentions:
    they state no count. A token read two ways ("1.000": a thousand, or 1.0) gives a mention
    of each number, with one span."""
    return tuple(worded(text, number, start, end) for number, start, end in number_spans(text))


@lru_cache(maxsize=4096)
def number_spans(text: str) -> tuple[tuple[Number, int, int], ...]:
    """(number, start, end) of every mention in `text`: the span of its digits or number words
    alone. `worded` gives a span's words; finding them only for the spans it needs is what
    keeps binding every figure of 100,000 claims cheap."""
    found: list[tuple[Number, int, int]] = []
    # Digits and number words only, with their places; a word between two of them ends a run.
    lowered = text.lower()
    if len(lowered) == len(text):  # lower-casing kept every character's place (nearly always)
        tokens = [(word, m.start(), m.end()) for m in TOKEN.finditer(lowered)
                  if (word := m.group())[0] <= "9" or word in VOCABULARY]
    else:
        tokens = [(word, m.start(), m.end()) for m in TOKEN.finditer(text)
                  if (word := m.group().lower())[0] <= "9" or word in VOCABULARY]
    run: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        if run and _WORD_CHAR.search(text, run[-1][2], start):  # another word between: the run ends
            found.extend(read_run(run))
            run = []
        if "0" <= word[0] <= "9":
            found.extend(read_run(run))
            run = []
            i = _digit_mentions(text, tokens, i, found)
            continue
        following = tokens[i + 1][0] if i + 1 < len(tokens) and _adjacent(text, end, tokens[i + 1][1]) else ""
        joined = run_word(word, run[-1][0] if run else None, following)
        if joined:
            run.append((joined, start, end))
        elif joined is None:
            found.extend(read_run(run))
            run = []
            if one_of_a_unit(word):
                found.append((1, start, end))  # "seminggu", "seorang": one of them
        i += 1
    found.extend(read_run(run))
    return tuple(found)


def _adjacent(text: str, end: int, start: int) -> bool:
    """No word between two tokens (only spaces or punctuation)."""
    return _WORD_CHAR.search(text, end, start) is None


def _digit_mentions(text: str, tokens: list, i: int, found: list) -> int:
    """The mentions of the digits token `tokens[i]` (times a scale word after it: "10 ribu");
    returns the index of the next token to read."""
    word, start, end = tokens[i]
    if text[max(0, start - 3):start].lower() == "ke-" or _is_date(text, word, start, end):
        return i + 1
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    scale = digit_scale(nxt[0]) if nxt is not None else None
    if scale is not None and text[end:nxt[1]].isspace():
        found.extend((times(d, scale), start, nxt[2]) for d in sorted(digit_values(word)))
        return i + 2
    found.extend((d, start, end) for d in sorted(digit_values(word)))
    return i + 1


_WORD_AFTER = re.compile(r"\s+([^\W\d_]+)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")
_MONTH_BEFORE = re.compile(r"([^\W\d_]+)\.?\s+$")
"""A word (a month: "Feb 9", "Feb. 9", "February 9") right before a day of the month."""
_MONTH_DAY_BEFORE = re.compile(r"([^\W\d_]+)\.?\s+\d{1,2},?\s+$")
"""A month and a day right before a year: "February 11, 2026"."""


def _is_date(text: str, word: str, start: int, end: int) -> bool:
    """Is the digits token `word` (at start:end) part of a date: 5/2/2026, 12.11.2025, 4 Februari
    (2026), Feb 9 (as English wire copy dates it: "KYIV, Feb 9 (Reuters)")?"""
    if "." in word and _DOTTED_DATE.fullmatch(word):
        return True
    if "/" in text[start - 1:start] or "/" in text[end:end + 1]:
        around = text[max(0, start - 6):end + 6]
        return any(m.start() <= start - max(0, start - 6) < m.end() for m in _SLASH_DATE.finditer(around))
    if not word.isdigit():
        return False
    if len(word) <= 2:
        if int(word) > 31:
            return False
        after = _WORD_AFTER.match(text, end)
        if after is not None and after.group(1).lower() in _MONTHS:
            return True
        before = _MONTH_BEFORE.search(text, max(0, start - 12), start)
        return before is not None and before.group(1).lower() in _MONTHS
    if len(word) != 4:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 16), start) or _MONTH_DAY_BEFORE.search(text, max(0, start - 20), start)
    return before is not None and before.group(1).lower() in _MONTHS


_LAST_WORD = re.compile(r"([^\W_]+)\W*$")
_RANGE_WORDS = frozenset({"hingga", "sampai"})


def worded(text: str, number: Number, start: int, end: int) -> Mention:
    """The mention of `number` stated at `start`:`end` of `text` (its digits or number words),
    with the qualifier phrase directly before and the word directly after."""
    start, end = words_span(text, start, end)
    return Mention(number, start, end, text[start:end])


def words_span(text: str, start: int, end: int) -> tuple[int, int]:
    """`start`:`end` (a number's digits or words) widened to the words that state it."""
    if start > 1 and text[start - 1] == " ":  # a qualifier ends in the word just before
        previous = text[text.rfind(" ", 0, start - 1) + 1:start - 1].lower()
        if previous in _QUALIFIER_ENDS:
            qualifier = _QUALIFIED.search(text, max(0, start - 30), start)
            if qualifier is not None and not _joins_a_range(text, qualifier):
                start = qualifier.start()
    following = _FOLLOWING.match(text, end)
    if following is not None:
        noun = following.group(1)
        if noun is None or (noun := noun.lower()) not in _NOT_A_NOUN and not may_matter(noun):
            end = following.end()
    return start, end


def _joins_a_range(text: str, qualifier: re.Match) -> bool:
    """'hingga' (up to) after a number joins a range ("dua hingga tiga"): it qualifies neither."""
    if qualifier.group().split()[0].lower() not in _RANGE_WORDS:
        return False
    before = _LAST_WORD.search(text, max(0, qualifier.start() - 30), qualifier.start())
    return before is not None and may_matter(before.group(1).lower())
