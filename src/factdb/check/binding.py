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

from ..models.quantity import Number, QuantityDetail
from ..models.statement import FigureRef
from .bound import Binding, Bound, Unbound
from .claimquotes import ClaimQuotes, Spot
from .numbers import number_spans
from .quotetext import normalise


_DERIVE = "or mark it `derived: <reason>`"


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
    plain = _bind_plain(claim, figures)
    if plain is not None:
        return Binding(figures, plain, ())
    state = ClaimQuotes(claim, figures)
    automatic = []
    for i, detail in enumerate(state.details):
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


def _bind_plain(claim, figures: tuple[FigureRef, ...]) -> tuple[Bound, ...] | None:
    """The binding of the commonest claim, at a fraction of the cost of the general one: every
    figure a number of its own, naming no words, not derived, each number mentioned, so each
    figure takes the first mention of its number. None where the general binding must decide."""
    numbers = []
    for figure in figures:
        q = figure.quantity
        if isinstance(q, QuantityDetail):
            if q.value is None or q.words or q.derived or q.citation is not None or q.qualifier == "range":
                return None
            q = q.value
        numbers.append(q)
    wanted = set(numbers)
    if len(wanted) != len(numbers):
        return None
    first: dict[Number, tuple] = {}
    for c, citation in enumerate(claim.citations):
        quote = normalise(citation.quote)
        for number, start, end in number_spans(quote):
            if number in wanted:
                first.setdefault(number, (c, quote, start, end))
        if len(first) == len(wanted):
            break  # every number has its first mention: later quotes cannot change that
    bounds, spans = [], set()
    for number in numbers:
        found = first.get(number)
        if found is None:
            return None
        c, quote, start, end = found
        spans.add((c, start, end))
        bounds.append(Bound(c, mention=(quote, number, start, end)))
    return tuple(bounds) if len(spans) == len(bounds) else None


def _locate(state: ClaimQuotes, i: int, detail: QuantityDetail) -> tuple[int, list[int]] | None:
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


def _derived(state: ClaimQuotes, i: int, detail: QuantityDetail) -> None:
    citation, start, end, words = detail.citation or 0, None, None, None
    if detail.words:
        located = _locate(state, i, detail)
        if located is None:
            return
        citation, starts = located
        words = normalise(detail.words)
        start, end = starts[0], starts[0] + len(words)
    state.bounds[i] = Bound(citation, (words, start, end) if words else None, detail.derived)


def _named(state: ClaimQuotes, i: int, detail: QuantityDetail) -> None:
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
            state.bounds[i] = Bound(citation, (words, start, end))
            return
        used = state.users([s for spots in inside for s in spots])
        state.problem(i, "figure-not-in-quote", f"{state.labels[i]}: the words {words!r} already back {used}, "
                      f"and one mention backs one figure; quote other words that state it, {_DERIVE}", "words")
        return
    shown = " and ".join(f"{n:g}" if not isinstance(n, str) else repr(n) for n in wanted)
    state.problem(i, "figure-not-in-quote", f"{state.labels[i]}: the words {words!r} do not state {shown}; "
                  "quote the words that state it", "words")


def _inside(state: ClaimQuotes, citation: int, need, start: int, end: int) -> list[Spot]:
    """The mentions of `need` in quote `citation` that overlap start:end."""
    return [s for s in state.spots(need) if s.citation == citation and s.start < end and start < s.end]


def _automatic(state: ClaimQuotes, automatic: list[int]) -> None:
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
        if len(group) == 1 and _first_free(state, group[0], need):
            continue  # the common case: one figure with this number takes its first free mention
        _group(state, need, group)


def _first_free(state: ClaimQuotes, i: int, need: Number | str) -> bool:
    """Bind figure `i` to the first free mention of `need` it may take; False if there is none."""
    detail = state.details[i]
    only = detail.citation if detail is not None else None
    for spot in state.spots(need):
        if spot.key not in state.taken and (only is None or spot.citation == only):
            state.taken[spot.key] = i
            state.bounds[i] = state.bound(spot)
            return True
    return False


def _allowed(state: ClaimQuotes, i: int, spot: Spot) -> bool:
    detail = state.details[i]
    return detail is None or detail.citation is None or detail.citation == spot.citation


def _range(state: ClaimQuotes, i: int, low: Number, high: Number) -> None:
    lows = [s for s in state.spots(low) if s.key not in state.taken and _allowed(state, i, s)]
    highs = [s for s in state.spots(high) if s.key not in state.taken]
    for lo in lows:
        for hi in highs:
            if hi.citation == lo.citation and hi.start >= lo.end:
                state.taken[lo.key] = state.taken[hi.key] = i
                start, end = state.words(lo)[1], state.words(hi)[2]
                state.bounds[i] = Bound(lo.citation, (state.quotes[lo.citation][start:end], start, end))
                return
    state.problem(i, "figure-not-in-quote", f"{state.labels[i]} = {low:g} to {high:g} is not stated in any of "
                  f"the claim's quotes (the low, then the high, in one quote); quote the words that state "
                  f"it, {_DERIVE}")


def _group(state: ClaimQuotes, need: Number | str, group: list[int]) -> None:
    """Bind the figures of `group`, which all need `need`, to its free mentions."""
    spots = state.spots(need)
    free = [s for s in spots if s.key not in state.taken and any(_allowed(state, i, s) for i in group)]
    if len(group) == 1 or len(free) == 1:
        first = group[0]
        usable = [s for s in free if _allowed(state, first, s)]
        if usable:
            state.taken[usable[0].key] = first
            state.bounds[first] = state.bound(usable[0])
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
    places = ", ".join(state.shown(s) for s in free)
    for i in group:
        state.problem(i, "figure-ambiguous", f"{state.labels[i]} = {_shown(need)}: {others} are {every} "
                      f"{_shown(need)}, and the quotes state {_shown(need)} {len(free)} times ({places}); say "
                      "which words state each with `words:` (and `citation:` where they are in several quotes)")


def _shown(need: Number | str) -> str:
    return repr(need) if isinstance(need, str) else f"{need:g}"


def _not_stated(state: ClaimQuotes, i: int, need: Number | str, spots: list[Spot]) -> None:
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
    shown = " and ".join(state.shown(s) for s in spots)
    state.problem(
        i, "figure-not-in-quote",
        f"{head}: {only} stating {_shown(need)}, {shown}, already back {state.users(spots)}; quote the words "
        f"that state it, {_DERIVE}",
        *(("text",) if isinstance(need, str) else ()),
    )


def _where(state: ClaimQuotes, i: int) -> str:
    detail = state.details[i]
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
