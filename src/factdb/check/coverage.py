"""What an archived text states that no figure holds: its coverage by the curated facts.

Every number an archived text states (`numbers.mentions` of its normalised text: digits and
number words with their qualifier and noun, not dates or ordinals) is a `SourceNumber`, with
its line in the archive file and the sentence it is in. A figure bound to the words of a quote
(`Bound`: a span of the normalised quote) covers the numbers whose words that span overlaps,
once the quote is placed in the normalised archive. What no figure covers is what the source
still holds for an editor to curate, or to leave out on purpose: `factdb coverage` lists it,
and the `unbound_numbers` view of the built file publishes it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable

from .quotetext import normalise

# Where a sentence ends, in the raw text: after '.', '!' or '?' (and a closing quote mark or
# bracket) and white space; at a blank line; at a line break before anything but a lower-case
# letter (a headline, a by-line or a caption is a line of its own, while a hard-wrapped
# sentence goes on in lower case).
_BOUNDARY = re.compile(r"""[.!?]["'”’»)\]]*[ \t]+|[.!?]["'”’»)\]]*(?=\n)|\n[ \t]*(?:\n\s*|(?![a-z]))""")
SENTENCE_WINDOW = 1000
# Phrases whose number word counts nothing, so no figure will ever hold it: "semalam"
# (overnight), "salah satu" (one of), "sekali lagi" (once again), "di satu sisi" (on one
# hand), "satu-satu" (one on one) and their English forms. Listing them would only bury the
# numbers an editor has to look at.
_IDIOMS = re.compile(
    r"\b(?:semalam|salah satu|sekali lagi|di satu sisi|satu-satu|one of|once again|"
    r"on the one hand|one on one|one-on-one)\b",
    re.IGNORECASE,
)
"""Characters searched on each side of a number for the ends of its sentence."""


@dataclass(frozen=True)
class SourceNumber:
    """One number an archived text states."""

    number: float
    words: str
    start: int
    """Offset of the words in the normalised text (`check.quotetext.normalise`)."""
    end: int
    line: int
    """1-based line of the archive file where the words start."""
    sentence: str
    """The normalised sentence (or caption, headline) the words are in."""


def source_numbers(raw: str) -> list[SourceNumber]:
    """Every number the archived text `raw` states, in order. Runs once per archive in a
    build, so the raw text is scanned a few times in C (its runs of white space, its sentence
    stops) and only the few places that hold a number are looked at in Python."""
    from .numbers import mentions

    text = normalise(raw)
    idioms = [m.span() for m in _IDIOMS.finditer(text)]
    found = [m for m in mentions(text) if not any(a <= m.start < b for a, b in idioms)]
    if not found:
        return []
    to_raw = _RawOffsets(raw)
    stops = _Stops(raw)
    numbers = []
    line, counted = 1, 0
    sentences: dict[tuple[int, int], str] = {}  # a sentence states a few numbers: normalised once
    for mention in found:
        raw_at = to_raw(mention.start)
        raw_end = to_raw(max(mention.end - 1, 0)) + 1
        line += raw.count("\n", counted, raw_at)
        counted = raw_at
        where = (stops.sentence_start(raw_at), _sentence_end(raw, raw_end))
        sentence = sentences.get(where)
        if sentence is None:
            sentence = sentences[where] = normalise(raw[where[0]:where[1]])
        numbers.append(SourceNumber(mention.number, mention.words, mention.start, mention.end, line, sentence))
    return numbers


_RUN = re.compile(r"\s{2,}")


class _RawOffsets:
    """An offset of `normalise(raw)` as an offset of `raw`. Normalising drops the leading
    white space and makes each run of it one space (quote marks are changed in place), so
    only runs of two or more characters move what follows them: those are few (paragraph
    breaks, indents), and an offset is found among them by bisection."""

    def __init__(self, raw: str):
        self.lead = shift = len(raw) - len(raw.lstrip())
        self.norm_at: list[int] = []  # where, in the normalised text, each shift starts
        self.shift: list[int] = []
        for run in _RUN.finditer(raw, shift):
            shift += run.end() - run.start() - 1
            self.norm_at.append(run.end() - shift)
            self.shift.append(shift)

    def __call__(self, offset: int) -> int:
        i = bisect.bisect_right(self.norm_at, offset) - 1
        return offset + (self.shift[i] if i >= 0 else self.lead)


_STOPS = (". ", "! ", "? ", '." ', ".\u201d ", "?\u201d ", "!\u201d ", '?" ', '!" ')
_STOP = re.compile("|".join(re.escape(stop) for stop in _STOPS))


class _Stops:
    """The sentence stops of a raw text (`_STOPS`: each ends in a space and starts with a mark,
    so no two overlap), found in one pass."""

    def __init__(self, raw: str):
        self.raw = raw
        self.starts: list[int] = []
        self.ends: list[int] = []
        for stop in _STOP.finditer(raw):
            self.starts.append(stop.start())
            self.ends.append(stop.end())

    def sentence_start(self, at: int) -> int:
        """Where the sentence holding raw[at] starts: after the last stop before it, within
        SENTENCE_WINDOW characters; then at a line break before anything but a lower-case
        letter (a hard-wrapped sentence runs on over its line breaks)."""
        raw, begin = self.raw, max(0, at - SENTENCE_WINDOW)
        i = bisect.bisect_right(self.ends, at) - 1
        start = self.ends[i] if i >= 0 and self.starts[i] >= begin else begin
        line = raw.rfind("\n", start, at)
        while line >= 0 and raw[line + 1: line + 2].islower():
            line = raw.rfind("\n", start, line)
        return line + 1 if line >= 0 else start


def _sentence_end(raw: str, at: int) -> int:
    found = _BOUNDARY.search(raw, at, min(len(raw), at + SENTENCE_WINDOW))
    if found is None:
        return min(len(raw), at + SENTENCE_WINDOW)
    if found.group()[0] in ".!?":  # the full stop (and a closing mark) is the sentence's
        return found.start() + len(found.group().rstrip())
    return found.start()


def unbound(numbers: Iterable[SourceNumber], spans: Iterable[tuple[int, int]]) -> list[SourceNumber]:
    """The numbers whose words no span (of a bound figure, in the normalised text) overlaps."""
    spans = sorted(spans)
    return [n for n in numbers if not any(s < n.end and n.start < e for s, e in spans)]


def listing(numbers: Iterable, archive_paths: dict[str, str]) -> list[str]:
    """The lines `factdb coverage` prints for rows of the `unbound_numbers` view, in order:
    `seeds/<id>.txt:<line>: '<words>' (<number>): <sentence>`. A token read two ways gives
    one line with both readings ('1,200' is 1200 in English, 1.2 as Indonesian writes
    decimals: `(1200 or 1.2)`), as it is one place of the text."""
    places: list[tuple[object, list[float]]] = []
    for n in numbers:
        last = places[-1][0] if places else None
        if last is not None and (last.source_id, last.line, last.words, last.sentence) == (
            n.source_id, n.line, n.words, n.sentence
        ) and n.number not in places[-1][1]:
            places[-1][1].append(n.number)
        else:
            places.append((n, [n.number]))
    return [
        f"{archive_paths[n.source_id]}:{n.line}: {n.words!r} ({' or '.join(f'{v:g}' for v in sorted(values, reverse=True))}): {n.sentence}"
        for n, values in places
    ]


def quote_span(text: str, quote: str, start: int, end: int) -> tuple[int, int] | None:
    """A span of the normalised `quote` as a span of the normalised archived `text` (where the
    quote is first found in it); None when the quote is not in the text."""
    at = text.find(normalise(quote))
    return None if at < 0 else (at + start, at + end)


__all__ = ["SourceNumber", "listing", "quote_span", "source_numbers", "unbound"]
