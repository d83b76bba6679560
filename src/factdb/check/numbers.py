"""Finding the numbers a text states, in digits or in words (Indonesian and English).

Used to check that every figure in a claim is really stated by one of its quotes:
"Rusia meluncurkan dua rudal dan 183 drone" states 2 and 183.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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

_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+", re.UNICODE)


def _digits(token: str) -> set[Number]:
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
        if _word_value(first)[0] in ("belas", "scale"):
            continue
        total: Number = 0  # thousands and above, done
        group: Number = 0  # below a thousand, done
        last: Number = 0  # the pending unit
        for word in words[start:]:
            kind, n = _word_value(word)
            if last and not _adds_to(last, kind, n):
                break  # "dua tiga hari" is two or three days, never five
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
            values.add(total + group + last)
    return values


def _adds_to(last: Number, kind: str, n: Number) -> bool:
    """May a unit still pending (`last`) take the next word? Only English tens take a unit
    ("twenty five") and any unit a half ("satu setengah"); scales multiply it ("dua ratus").
    Two units in a row are two numbers, as in a range ("tiga-empat", "two three")."""
    if kind == "unit":
        return 20 <= last <= 90 and last % 10 == 0 and n < 10
    return kind in ("half", "belas", "scale")


def _times(number: Number, scale: int) -> Number:
    # 1.1 * 10**6 is 1100000.0000000002 in floats; a count is a whole number where it can be.
    value = round(number * scale, 6)
    return int(value) if value == int(value) else value


@lru_cache(maxsize=1 << 16)  # one entry per distinct word: a language's vocabulary
def _may_matter(word: str) -> bool:
    """Whether a token can state a number or take part in one; for any other word numbers_in
    only closes the run of number words before it."""
    return (
        "0" <= word[0] <= "9"
        or word in _DIGIT_SCALES
        or word in ("a", "and")
        or _word_value(word) is not None
        or _ordinal(word) is not None
        or (word.startswith("se") and word[2:] in _SE_UNITS)
    )


@lru_cache(maxsize=4096)
def numbers_in(text: str) -> frozenset[Number]:
    """Every number `text` states, in digits, words or ordinals."""
    found: set[Number] = set()
    run: list[str] = []
    tokens = _TOKEN.findall(text.lower())  # words are letters only: "twenty-five" is two
    digits: set[Number] = set()  # the number just before, for "10 ribu"
    for i, word in enumerate(tokens):
        if not _may_matter(word):  # most words: it ends a run of number words, nothing more
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
            digits = _digits(word)
            found |= digits
            continue
        if digits and word in _DIGIT_SCALES:
            found.update(_times(d, _DIGIT_SCALES[word]) for d in digits)
        digits = set()
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if _word_value(word) is not None:
            run.append(word)
            continue
        if word == "a" and following in _EN_SCALES:
            run.append("one")  # "a hundred", "a dozen"
            continue
        if word == "and" and run and run[-1] in _EN_SCALES and following in _EN_UNITS:
            continue  # "one hundred and twenty"
        if run:
            found |= _read_words(run)
            run = []
        ordinal = _ordinal(word)
        if ordinal is not None:
            found.add(ordinal)
        elif word.startswith("se") and word[2:] in _SE_UNITS:
            found.add(1)
    if run:
        found |= _read_words(run)
    return frozenset(found)


def states(text: str, number: Number) -> bool:
    """Does `text` state `number` (as digits or words)?"""
    return number in numbers_in(text)


# --- mentions: where a text states a number, and in which words ----------------------


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


_VOCABULARY = frozenset(
    ({*_ID_UNITS, *_ID_SINGLE, *_ID_SCALES, *_EN_UNITS, *_EN_SCALES, *_HALF, *_DIGIT_SCALES, "and"} - {"se"})
    | {"se" + unit for unit in _SE_UNITS}
)
"""The words that can state a number or take part in one: number words, scales, "a"/"and" (a
hundred and twenty), "se-" fused to a unit. Ordinals are not among them: they state no count."""
_TOKEN_AT = re.compile(_TOKEN.pattern)
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
        tokens = [(word, m.start(), m.end()) for m in _TOKEN_AT.finditer(lowered)
                  if (word := m.group())[0] <= "9" or word in _VOCABULARY]
    else:
        tokens = [(word, m.start(), m.end()) for m in _TOKEN_AT.finditer(text)
                  if (word := m.group().lower())[0] <= "9" or word in _VOCABULARY]
    run: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        if run and _WORD_CHAR.search(text, run[-1][2], start):  # another word between: the run ends
            found.extend(_run_mentions(run))
            run = []
        if "0" <= word[0] <= "9":
            found.extend(_run_mentions(run))
            run = []
            i = _digit_mentions(text, tokens, i, found)
            continue
        following = tokens[i + 1][0] if i + 1 < len(tokens) and _adjacent(text, end, tokens[i + 1][1]) else ""
        if _word_value(word) is not None:
            run.append(tokens[i])
        elif word == "a" and following in _EN_SCALES:
            run.append(("one", start, end))
        elif not (word == "and" and run and run[-1][0] in _EN_SCALES and following in _EN_UNITS):
            found.extend(_run_mentions(run))
            run = []
            if word.startswith("se") and word[2:] in _SE_UNITS:
                found.append((1, start, end))  # "seminggu", "seorang": one of them
        i += 1
    found.extend(_run_mentions(run))
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
    if nxt is not None and nxt[0] in _DIGIT_SCALES and text[end:nxt[1]].isspace():
        found.extend((_times(d, _DIGIT_SCALES[nxt[0]]), start, nxt[2]) for d in sorted(_digits(word)))
        return i + 2
    found.extend((d, start, end) for d in sorted(_digits(word)))
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


def _run_mentions(run: list[tuple[str, int, int]]) -> list[tuple[Number, int, int]]:
    """A run of number words read as few numbers as it can be ("dua ratus tiga puluh" is 230;
    "dua tiga" is 2 and 3), each with the span of its words."""
    found = []
    i = 0
    while i < len(run):
        if _word_value(run[i][0])[0] in ("belas", "scale"):
            i += 1  # a scale with nothing to multiply: no number of its own
            continue
        total: Number = 0
        group: Number = 0
        last: Number = 0
        j = i
        while j < len(run):
            kind, n = _word_value(run[j][0])
            if last and not _adds_to(last, kind, n):
                break
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
            else:
                group += (last or 1) * n
                last = 0
            j += 1
        found.append((total + group + last, run[i][1], run[j - 1][2]))
        i = j
    return found


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
        if noun is None or (noun := noun.lower()) not in _NOT_A_NOUN and not _may_matter(noun):
            end = following.end()
    return start, end


def _joins_a_range(text: str, qualifier: re.Match) -> bool:
    """'hingga' (up to) after a number joins a range ("dua hingga tiga"): it qualifies neither."""
    if qualifier.group().split()[0].lower() not in _RANGE_WORDS:
        return False
    before = _LAST_WORD.search(text, max(0, qualifier.start() - 30), qualifier.start())
    return before is not None and _may_matter(before.group(1).lower())
