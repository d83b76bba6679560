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

import re
from dataclasses import dataclass
from typing import Iterable

from .quotetext import normalise

_WORD = re.compile(r"\S+")
# A sentence ends at '.', '!' or '?' (after which a closing quote mark or bracket may stand),
# at a blank line, and at a line break before a capital or a digit: a headline, a by-line or a
# caption is a line of its own, while a hard-wrapped sentence goes on in lower case.
_END = re.compile(r"[.!?][\"'”’»)\]]*$")


@dataclass(frozen=True)
class SourceNumber:
    """One number an archived text states."""

    number: float
    words: str
    start: int
    """Offset of the words in the normalised text (`check.rules.normalise`)."""
    end: int
    line: int
    """1-based line of the archive file where the words start."""
    sentence: str
    """The normalised sentence (or caption, headline) the words are in."""


def _tokens(raw: str) -> list[tuple[int, int, bool]]:
    """(offset in the normalised text, offset in the raw text, whether a sentence cannot run on
    into it across the line breaks before it) of every word of `raw`: the normalised text
    joins them with single spaces."""
    out, at, last = [], 0, 0
    for m in _WORD.finditer(raw):
        breaks = raw.count("\n", last, m.start())
        out.append((at, m.start(), breaks > 1 or (breaks == 1 and not m.group()[0].islower())))
        at += len(m.group()) + 1
        last = m.end()
    return out


def source_numbers(raw: str) -> list[SourceNumber]:
    """Every number the archived text `raw` states, in order."""
    from .numbers import mentions

    text = normalise(raw)
    tokens = _tokens(raw)
    starts = [t[0] for t in tokens]
    found = []
    for mention in mentions(text):
        first = _token_at(starts, mention.start)
        begin, stop = _sentence(text, tokens, first, mention.end)
        raw_at = tokens[first][1] + (mention.start - tokens[first][0])
        found.append(SourceNumber(
            mention.number, mention.words, mention.start, mention.end,
            raw.count("\n", 0, raw_at) + 1, text[begin:stop],
        ))
    return found


def _token_at(starts: list[int], offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, offset) - 1)


def _sentence(text: str, tokens: list, first: int, end: int) -> tuple[int, int]:
    """(start, end) in the normalised text of the sentence around the words at token `first`."""
    i = first
    while i > 0 and not tokens[i][2] and not _END.search(_word(text, tokens, i - 1)):
        i -= 1
    j = _token_at([t[0] for t in tokens], max(end - 1, 0))
    while j + 1 < len(tokens) and not tokens[j + 1][2] and not _END.search(_word(text, tokens, j)):
        j += 1
    stop = tokens[j][0] + len(_word(text, tokens, j))
    return tokens[i][0], stop


def _word(text: str, tokens: list, i: int) -> str:
    start = tokens[i][0]
    stop = tokens[i + 1][0] - 1 if i + 1 < len(tokens) else len(text)
    return text[start:stop]


def unbound(numbers: Iterable[SourceNumber], spans: Iterable[tuple[int, int]]) -> list[SourceNumber]:
    """The numbers whose words no span (of a bound figure, in the normalised text) overlaps."""
    spans = sorted(spans)
    return [n for n in numbers if not any(s < n.end and n.start < e for s, e in spans)]


def quote_span(text: str, quote: str, start: int, end: int) -> tuple[int, int] | None:
    """A span of the normalised `quote` as a span of the normalised archived `text` (where the
    quote is first found in it); None when the quote is not in the text."""
    at = text.find(normalise(quote))
    return None if at < 0 else (at + start, at + end)


__all__ = ["SourceNumber", "quote_span", "source_numbers", "unbound"]
