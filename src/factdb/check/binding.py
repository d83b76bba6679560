"""Binding every figure of a claim to the words of one of its quotes that state it.

A figure is a statement: "183 drone", "dua rudal", "lebih dari 40" in one citation's quote.
`bind(claim)` finds, for each figure `claim.figures()` yields, the citation and the span of
those words (in the normalised quote, `quotetext.normalise`), or says why it cannot:

1. figures that name their `words` (and, where the words are in several quotes, the
   `citation`) take them first; the words must contain the figure's number;
2. derived figures (`derived: <reason>`) need no words of their own; words they name are
   shown, not taken from another figure;
3. every other figure takes a free mention of its number (`numbers.mentions`; a range its
   low and high, a vague figure its `text`): one figure with that number takes the first;
   several figures with the same number and several mentions are ambiguous
   (`figure-ambiguous`: name the words); a figure left without a mention is
   `figure-not-in-quote`, and the message names the figure that already uses the words.

One mention backs one figure. Problems carry the path of the figure within the claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models.statement import FigureRef
from ..models.quantity import Number, QuantityDetail, detail_of
from .numbers import mentions
from .quotetext import normalise


@dataclass(frozen=True, slots=True)
class Bound:
    """Where a figure is stated: `citation` (its index in the claim's citations), the `words`
    of that quote, at `start`:`end` of the normalised quote. `derived` is the editor's reason
    for a figure read from no words of its own (then words may be None)."""

    citation: int
    words: str | None
    start: int | None
    end: int | None
    derived: str | None = None


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


_DERIVE = "or mark it `derived: <reason>`"


@dataclass(frozen=True, slots=True)
class _Spot:
    """A free mention of a number (or a vague word) in one quote."""

    citation: int
    start: int
    end: int
    words: str

    @property
    def key(self) -> tuple[int, int, int]:
        return self.citation, self.start, self.end

    def shown(self) -> str:
        return f"{self.words!r} (citations[{self.citation}])"


class _Claim:
    """The quotes of one claim and what is taken of them while its figures are bound."""

    def __init__(self, claim, figures: tuple[FigureRef, ...]):
        self.quotes = [normalise(c.quote) for c in claim.citations]
        self.figures = figures
        measures = [f.measure for f in figures]
        self.labels = [
            f.measure if measures.count(f.measure) == 1 else f"{f.measure} ({_dotted(f.path)})" for f in figures
        ]
        self.taken: dict[tuple[int, int, int], int] = {}
        """Span of a mention -> the figure it backs."""
        self.bounds: list[Bound | None] = [None] * len(figures)
        self.problems: list[Unbound] = []

    def problem(self, i: int, code: str, message: str, *below: str) -> None:
        self.problems.append(Unbound((*self.figures[i].path, *below), code, message))

    def spots(self, need: Number | str) -> list[_Spot]:
        """Every mention of a number, or occurrence of a vague word, in the quotes, in order."""
        found = []
        for c, quote in enumerate(self.quotes):
            if isinstance(need, str):
                found.extend(_Spot(c, m.start(), m.end(), m.group()) for m in _word_pattern(need).finditer(quote))
            else:
                found.extend(_Spot(c, m.start, m.end, m.words) for m in mentions(quote) if m.number == need)
        return found

    def users(self, spots: list[_Spot]) -> str:
        return " and ".join(dict.fromkeys(self.labels[self.taken[s.key]] for s in spots if s.key in self.taken))


def _dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_PATTERNS: dict[str, re.Pattern] = {}


def _word_pattern(text: str) -> re.Pattern:
    """A vague word as a whole word, in any case, with the word after it ("ratusan tawanan")."""
    pattern = _PATTERNS.get(text)
    if pattern is None:
        words = r"\s+".join(re.escape(w) for w in normalise(text).split())
        pattern = _PATTERNS[text] = re.compile(rf"(?<![^\W_]){words}(?![^\W_])(?:\s+[^\W\d_]+)?", re.IGNORECASE)
    return pattern


def needs(figure: FigureRef) -> list[Number | str]:
    """What a figure's words must state: its number, a range's low and high, a vague word."""
    q = figure.quantity
    if isinstance(q, QuantityDetail):
        if q.qualifier == "vague":
            return [q.text]
        return q.stated_numbers
    return [q]


def bind(claim) -> Binding:
    """The Binding of every figure of `claim` (see the module's docstring)."""
    figures = tuple(claim.figures())
    state = _Claim(claim, figures)
    automatic = []
    for i, figure in enumerate(figures):
        detail = detail_of(figure.quantity)
        if detail is not None and detail.citation is not None and detail.citation >= len(state.quotes):
            state.problem(i, "invalid-value", f"{state.labels[i]}: citation {detail.citation} is not one of "
                          f"the claim's {len(state.quotes)} citations (0 is the first)", "citation")
        elif detail is not None and detail.derived:
            _derived(state, i, detail)
        elif detail is not None and detail.words:
            _named(state, i, detail)
        else:
            automatic.append(i)
    _automatic(state, automatic)
    return Binding(figures, tuple(state.bounds), tuple(state.problems))


def _locate(state: _Claim, i: int, detail: QuantityDetail) -> tuple[int, list[int]] | None:
    """The citation whose quote holds the figure's `words`, and where in it they start; None
    (with a problem) where no quote, or more than one and no `citation`, holds them."""
    words = normalise(detail.words)
    cited = [detail.citation] if detail.citation is not None else range(len(state.quotes))
    found = [(c, [m.start() for m in re.finditer(re.escape(words), state.quotes[c])]) for c in cited]
    found = [(c, starts) for c, starts in found if starts]
    where = f"citations[{detail.citation}]" if detail.citation is not None else "any of the claim's quotes"
    if not found:
        state.problem(i, "figure-not-in-quote", f"{state.labels[i]}: the words {words!r} are not in {where}; "
                      "copy them exactly from the quote", "words")
        return None
    if len(found) > 1:
        places = " and ".join(f"citations[{c}]" for c, _ in found)
        state.problem(i, "figure-ambiguous", f"{state.labels[i]}: the words {words!r} are in {places}; "
                      "say which with `citation: <index>` (0 is the first)", "words")
        return None
    return found[0]


def _derived(state: _Claim, i: int, detail: QuantityDetail) -> None:
    citation, start, end, words = detail.citation or 0, None, None, None
    if detail.words:
        located = _locate(state, i, detail)
        if located is None:
            return
        citation, starts = located
        words = normalise(detail.words)
        start, end = starts[0], starts[0] + len(words)
    state.bounds[i] = Bound(citation, words, start, end, detail.derived)


def _named(state: _Claim, i: int, detail: QuantityDetail) -> None:
    """A figure that names its words: they must state its number, in mentions no other
    figure that names its words has taken."""
    located = _locate(state, i, detail)
    if located is None:
        return
    citation, starts = located
    words = normalise(detail.words)
    wanted = needs(state.figures[i])
    for start in starts:
        end = start + len(words)
        inside = [_inside(state, citation, need, start, end) for need in wanted]
        if any(not spots for spots in inside):
            continue
        free = [[s for s in spots if s.key not in state.taken] for spots in inside]
        if all(free):
            for spots in free:
                state.taken[spots[0].key] = i
            state.bounds[i] = Bound(citation, words, start, end)
            return
        used = state.users([s for spots in inside for s in spots])
        state.problem(i, "figure-not-in-quote", f"{state.labels[i]}: the words {words!r} already back {used}, "
                      f"and one mention backs one figure; quote other words that state it, {_DERIVE}", "words")
        return
    shown = " and ".join(f"{n:g}" if not isinstance(n, str) else repr(n) for n in wanted)
    state.problem(i, "figure-not-in-quote", f"{state.labels[i]}: the words {words!r} do not state {shown}; "
                  "quote the words that state it", "words")


def _inside(state: _Claim, citation: int, need, start: int, end: int) -> list[_Spot]:
    """The mentions of `need` in quote `citation` that overlap start:end."""
    return [s for s in state.spots(need) if s.citation == citation and s.start < end and start < s.end]


def _automatic(state: _Claim, automatic: list[int]) -> None:
    """Bind the figures that name no words: ranges first (their low and high in one quote,
    in that order), then every number or vague word by the figures that need it."""
    groups: dict[Number | str, list[int]] = {}
    for i in automatic:
        wanted = needs(state.figures[i])
        if len(wanted) == 2:
            _range(state, i, *wanted)
        else:
            key = wanted[0].lower() if isinstance(wanted[0], str) else wanted[0]
            groups.setdefault(key, []).append(i)
    for need, group in groups.items():
        _group(state, need, group)


def _allowed(state: _Claim, i: int, spot: _Spot) -> bool:
    detail = detail_of(state.figures[i].quantity)
    return detail is None or detail.citation is None or detail.citation == spot.citation


def _range(state: _Claim, i: int, low: Number, high: Number) -> None:
    lows = [s for s in state.spots(low) if s.key not in state.taken and _allowed(state, i, s)]
    highs = [s for s in state.spots(high) if s.key not in state.taken]
    for lo in lows:
        for hi in highs:
            if hi.citation == lo.citation and hi.start >= lo.end:
                state.taken[lo.key] = state.taken[hi.key] = i
                quote = state.quotes[lo.citation]
                state.bounds[i] = Bound(lo.citation, quote[lo.start:hi.end], lo.start, hi.end)
                return
    state.problem(i, "figure-not-in-quote", f"{state.labels[i]} = {low:g} to {high:g} is not stated in any of "
                  f"the claim's quotes (the low, then the high, in one quote); quote the words that state "
                  f"it, {_DERIVE}")


def _group(state: _Claim, need: Number | str, group: list[int]) -> None:
    """Bind the figures of `group`, which all need `need`, to its free mentions."""
    spots = state.spots(need)
    free = [s for s in spots if s.key not in state.taken and any(_allowed(state, i, s) for i in group)]
    if len(group) == 1 or len(free) == 1:
        first = group[0]
        usable = [s for s in free if _allowed(state, first, s)]
        if usable:
            state.taken[usable[0].key] = first
            state.bounds[first] = Bound(usable[0].citation, usable[0].words, usable[0].start, usable[0].end)
            group = group[1:]
        for i in group:
            _not_stated(state, i, need, spots)
        return
    if not free:
        for i in group:
            _not_stated(state, i, need, spots)
        return
    labels = [state.labels[i] for i in group]
    others = ", ".join(labels[:-1]) + " and " + labels[-1]
    every = "both" if len(group) == 2 else "all"
    places = ", ".join(s.shown() for s in free)
    for i in group:
        state.problem(i, "figure-ambiguous", f"{state.labels[i]} = {_shown(need)}: {others} are {every} "
                      f"{_shown(need)}, and the quotes state {_shown(need)} {len(free)} times ({places}); say "
                      "which words state each with `words:` (and `citation:` where they are in several quotes)")


def _shown(need: Number | str) -> str:
    return repr(need) if isinstance(need, str) else f"{need:g}"


def _not_stated(state: _Claim, i: int, need: Number | str, spots: list[_Spot]) -> None:
    label = state.labels[i]
    where = _where(state, i)
    if isinstance(need, str):
        head = f"{label}: the words {need!r}"
        if not spots:
            state.problem(i, "figure-not-in-quote", f"{head} are not in {where}", "text")
            return
    else:
        head = f"{label} = {need:g}"
        if not spots:
            state.problem(i, "figure-not-in-quote", f"{head} is not stated in {where}; quote the words "
                          f"that state it, {_DERIVE}")
            return
    only = "the only words" if len(spots) == 1 else "the words"
    shown = " and ".join(s.shown() for s in spots)
    state.problem(
        i, "figure-not-in-quote",
        f"{head}: {only} stating {_shown(need)}, {shown}, already back {state.users(spots)}; quote the words "
        f"that state it, {_DERIVE}",
        *(("text",) if isinstance(need, str) else ()),
    )


def _where(state: _Claim, i: int) -> str:
    detail = detail_of(state.figures[i].quantity)
    if detail is not None and detail.citation is not None:
        return f"citations[{detail.citation}]"
    return "any of the claim's quotes"


class Binder:
    """bind() of each claim once: validation and the rows of the build ask for the same claims'
    bindings, and binding is the costliest rule. Claims are looked up by identity, and kept
    alive with their binding, so an id() is never reused while its entry stands."""

    def __init__(self) -> None:
        self._done: dict[int, tuple[object, Binding]] = {}

    def __call__(self, claim) -> Binding:
        found = self._done.get(id(claim))
        if found is None:
            found = self._done[id(claim)] = (claim, bind(claim))
        return found[1]


__all__ = ["Binder", "Binding", "Bound", "Unbound", "bind", "needs"]
