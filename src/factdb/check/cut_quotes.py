"""A figure 'not stated' because YAML cut its quote short is the cut's fault, not the figure's.

`quote: Rudal dan 22 drone berdampak # di 12 lokasi` ends, for YAML, before the '#'; the
figure `impact_locations: 12` is then in no quote. The rule that reports it cannot know why;
this pass, run after the rules (`check.rules.run`), finds each such problem whose figure's
words are in the text a comment cut off one of the claim's quotes (`factdb.read.cuts`), and
says that instead, at the '#'. Only files with a cut are looked at.
"""

from __future__ import annotations

from typing import Iterable

from ..models import QuantityDetail, stated_numbers
from ..problems import Problem
from .numberwords import numbers_in


def blame_cuts(records: Iterable, problems: list[Problem]) -> list[Problem]:
    """`problems`, with each figure-not-in-quote that a cut quote explains said as such.
    `records` are the catalog's Located records."""
    cut_claims = {}
    for located in records:
        if located.kind == "claim" and located.file.cuts:
            cut_claims[(located.file.rel, tuple(located.path))] = located
    if not cut_claims:
        return problems
    return [_blamed(cut_claims, p) if p.code == "figure-not-in-quote" else p for p in problems]


def _blamed(cut_claims: dict, problem: Problem) -> Problem:
    located = cut_claims.get((problem.file, tuple(problem.path[:2])))
    if located is None:
        return problem
    figure = _figure_at(located, problem.path[2:])
    if figure is None:
        return problem
    numbers = set(stated_numbers(figure.quantity))
    words = figure.quantity.text if isinstance(figure.quantity, QuantityDetail) else None
    for cut in located.file.cuts:
        if tuple(cut.path[:3]) != (*problem.path[:2], "citations") or cut.path[-1] != "quote":
            continue
        if numbers & numbers_in(cut.lost) or (words and words.lower() in cut.lost.lower()):
            field = figure.path[-1] if isinstance(figure.path[-1], str) else figure.measure
            return Problem(
                problem.file, problem.code,
                f"{field}: its words are in {cut.lost!r}, which YAML cut off the quote (a ' #' starts "
                f"a comment, so the quote ends at {cut.kept[-40:]!r}); put the quote in double quotes "
                "or on the lines under `>-`",
                cut.line, cut.column, problem.path,
            )
    return problem


def _figure_at(located, path: tuple):
    translate = getattr(located.file, "translate", lambda p: p)
    for figure in located.record.figures():
        full = tuple(translate(tuple(figure.path)))
        if path[: len(full)] == full:
            return figure
    return None


__all__ = ["blame_cuts"]
