"""The quotes of one claim while its figures are bound (`check.binding`): the mentions of each
number and the occurrences of each vague word in them (`Spot`), which of those are taken, and
the bounds and problems found so far."""

from __future__ import annotations

import re

from ..models.quantity import Number, detail_of
from ..models.statement import FigureRef
from .bound import Bound, Unbound
from .numbers import number_spans, words_span
from .naming import written
from .quotetext import normalise


class Spot:
    """A mention of a number (its digits or number words, at start:end; `number` is None for a
    vague word, whose span holds its words) in one quote. `key` is its place: one mention
    backs one figure, whichever of its readings ("1.000": 1000, or 1.0) the figure takes."""

    __slots__ = ("citation", "start", "end", "number", "key")

    def __init__(self, citation: int, start: int, end: int, number: Number | None = None):
        self.citation, self.start, self.end, self.number = citation, start, end, number
        self.key = (citation, start, end)


class ClaimQuotes:
    """The quotes of one claim and what is taken of them while its figures are bound."""

    def __init__(self, claim, figures: tuple[FigureRef, ...]):
        self.claim = claim
        self.quotes = [normalise(c.quote) for c in claim.citations]
        self.figures = figures
        self.details = [detail_of(f.quantity) for f in figures]
        self._labels: list[str] | None = None
        self.taken: dict[tuple[int, int, int], int] = {}
        """Span of a mention -> the figure it backs."""
        self.bounds: list[Bound | None] = [None] * len(figures)
        self.problems: list[Unbound] = []
        self._numbers: dict[Number, list[Spot]] | None = None
        self._words: dict[str, list[Spot]] = {}

    @property
    def labels(self) -> list[str]:
        """How messages name each figure: as the file writes it ('total', 'launched (missile)'),
        not by its measure (only asked for by a message)."""
        if self._labels is None:
            self._labels = [written(self.claim, f.path) for f in self.figures]
        return self._labels

    def problem(self, i: int, code: str, message: str, *below: str) -> None:
        self.problems.append(Unbound((*self.figures[i].path, *below), code, message))

    def spots(self, need: Number | str) -> list[Spot]:
        """Every mention of a number, or occurrence of a vague word, in the quotes, in order."""
        if isinstance(need, str):
            found = self._words.get(need)
            if found is None:
                found = self._words[need] = [
                    Spot(c, m.start(), m.end())
                    for c, quote in enumerate(self.quotes) for m in _word_pattern(need).finditer(quote)
                ]
            return found
        if self._numbers is None:  # every number the quotes mention, found once per claim
            self._numbers = {}
            for c, quote in enumerate(self.quotes):
                for number, start, end in number_spans(quote):
                    self._numbers.setdefault(number, []).append(Spot(c, start, end, number))
        return self._numbers.get(need, [])

    def words(self, spot: Spot) -> tuple[str, int, int]:
        """The words that state a spot's number, and where they start and end."""
        quote = self.quotes[spot.citation]
        if spot.number is None:
            return quote[spot.start:spot.end], spot.start, spot.end
        start, end = words_span(quote, spot.start, spot.end)
        return quote[start:end], start, end

    def bound(self, spot: Spot) -> Bound:
        if spot.number is None:
            return Bound(spot.citation, self.words(spot))
        return Bound(spot.citation, mention=(self.quotes[spot.citation], spot.number, spot.start, spot.end))

    def shown(self, spot: Spot) -> str:
        return f"{self.words(spot)[0]!r} (citations[{spot.citation}])"

    def users(self, spots: list[Spot]) -> str:
        return " and ".join(dict.fromkeys(self.labels[self.taken[s.key]] for s in spots if s.key in self.taken))



_PATTERNS: dict[str, re.Pattern] = {}


def _word_pattern(text: str) -> re.Pattern:
    """A vague word as a whole word, in any case, with the word after it ("ratusan tawanan")."""
    pattern = _PATTERNS.get(text)
    if pattern is None:
        words = r"\s+".join(re.escape(w) for w in normalise(text).split())
        pattern = _PATTERNS[text] = re.compile(rf"(?<![^\W_]){words}(?![^\W_])(?:\s+[^\W\d_]+)?", re.IGNORECASE)
    return pattern
