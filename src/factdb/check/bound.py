"""What binding a claim's figures gives (`check.binding.bind`): each figure's Bound (the
citation and the words that state it, or the editor's reason for deriving it), or the problem
that keeps it unbound."""

from __future__ import annotations

from dataclasses import dataclass

from ..models.quantity import Number
from ..models.statement import FigureRef
from .numbers import words_span


class Bound:
    """Where a figure is stated: `citation` (its index in the claim's citations), the `words`
    of that quote, at `start`:`end` of the normalised quote. `derived` is the editor's reason
    for a figure read from no words of its own (then words may be None).

    A figure bound to a mention of its number finds its words (the qualifier before, the word
    after) only when asked: validation needs only that it is bound, the build its words."""

    __slots__ = ("citation", "derived", "_words", "_mention")

    def __init__(self, citation: int, words: tuple[str, int, int] | None = None, derived: str | None = None,
                 *, mention: tuple[str, Number, int, int] | None = None):
        self.citation, self.derived = citation, derived
        self._words, self._mention = words, mention

    def _found(self) -> tuple[str, int, int] | None:
        if self._words is None and self._mention is not None:
            quote, _, start, end = self._mention
            start, end = words_span(quote, start, end)
            self._words = (quote[start:end], start, end)
        return self._words

    def span(self) -> tuple[str | None, int | None, int | None]:
        """(words, start, end)."""
        return self._found() or (None, None, None)

    @property
    def words(self) -> str | None:
        found = self._found()
        return found[0] if found else None

    @property
    def start(self) -> int | None:
        found = self._found()
        return found[1] if found else None

    @property
    def end(self) -> int | None:
        found = self._found()
        return found[2] if found else None

    def __repr__(self) -> str:
        return f"Bound({self.citation}, {self.words!r}, {self.start}, {self.end}, derived={self.derived!r})"


@dataclass(frozen=True, slots=True)
class Unbound:
    """A figure that cannot be bound: a problem at `path` (within the claim)."""

    path: tuple
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Binding:
    """The figures of one claim, in `figures()` order, each with its Bound (None where it could
    not be bound, and then a problem says why)."""

    figures: tuple[FigureRef, ...]
    bounds: tuple[Bound | None, ...]
    problems: tuple[Unbound, ...]
