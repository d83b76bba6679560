"""Suggesting events: claims that look like reports of one occurrence but name no event.

Two claims look alike when they are of one type, name the same parties (who attacked whom;
the sides of an exchange; the delegations or participants of a meeting) and their dates
overlap: they share a day, or, both overnight, are the same night (the nights of 4-5 and 5-6
February share the 5th, and are still two nights). Only windows of less than a week are
compared (MAX_DAYS): a claim dated to a month says nothing of which occurrence it is. A claim that looks like others and names no
event gets a warning, naming those others and the events they name, if any. Nothing is ever
grouped for the editor: two reports of one night may be two attacks.

Suggestions are advice, not errors: `factdb validate` prints them as warnings and exits as
it would without them; builds do not look for them. They need every claim of the repository
at once, so each process of a two-process validation sends the other what its claims look
like (`looks`: small tuples), and the parent suggests from both.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Iterator, NamedTuple

from ..models import DateWindow, when_bounds
from ..problems import Problem
from ..read.project import FactSource

SHOWN = 3
"""Claims named in one warning; the others are counted."""

MAX_DAYS = 7
"""Longest window compared: a claim known only to a month, or undated within a year, overlaps
everything of its kind and tells nothing about which occurrence it reports."""


class Look(NamedTuple):
    """What one claim looks like, for comparing it with the others (picklable, small)."""

    type: str
    parties: tuple[str, ...]
    start: int
    """First day (proleptic ordinal)."""
    end: int
    night: bool
    event: str | None
    claim_id: str
    file: str
    path: tuple


def parties(claim) -> tuple[str, ...] | None:
    """Who the claim is between, in an order that says who did what (`ClaimBase.event_parties`, as
    each claim type defines it): (attacker, '->', target) for attacks and strikes, the sorted
    sides of an exchange, the sorted delegations and participants of a meeting. None where the
    claim names nobody to compare by."""
    return claim.event_parties()


def looks(records: Iterable) -> Iterator[Look]:
    """The looks of the claims among `records` (Located records of a catalog) that have a
    window with both ends and parties to compare."""
    for located in records:
        if located.kind != "claim":
            continue
        claim = located.record
        start, end = when_bounds(claim.when)
        if start is None or end is None or (end - start).days >= MAX_DAYS:
            continue  # a window with only its last day could be any earlier day
        who = parties(claim)
        if who is None:
            continue
        night = isinstance(claim.when, DateWindow) and claim.when.overnight
        yield Look(
            claim.type, who, start.toordinal(), end.toordinal(), night, claim.event, claim.id,
            located.file.rel, located.path,
        )


def _overlap(a: Look, b: Look) -> bool:
    if a.night and b.night:
        return a.start == b.start
    return a.start <= b.end and b.start <= a.end


def alike(all_looks: Iterable[Look]) -> Iterator[tuple[Look, list[Look]]]:
    """(claim, the claims that look like it) for every claim that names no event and looks
    like at least one other. Within one type and parties, sorted by start, each claim is
    compared only with those that start before it ends: linear for windows of a few days."""
    groups: dict[tuple, list[Look]] = defaultdict(list)
    for look in all_looks:
        groups[look.type, look.parties].append(look)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda look: (look.start, look.claim_id))
        found: dict[int, list[Look]] = defaultdict(list)
        for i, look in enumerate(group):
            for j in range(i + 1, len(group)):
                other = group[j]
                if other.start > look.end:
                    break
                if (look.event is None or other.event is None) and _overlap(look, other):
                    found[i].append(other)
                    found[j].append(look)
        for i, others in sorted(found.items()):
            if group[i].event is None:
                yield group[i], sorted(others, key=lambda o: o.claim_id)


def _message(look: Look, others: list[Look]) -> str:
    who = " ".join(look.parties) if "->" in look.parties else ", ".join(look.parties)
    named = ", ".join(f"'{o.claim_id}'" for o in others[:SHOWN])
    if len(others) > SHOWN:
        named += f" and {len(others) - SHOWN} more"
    events = sorted({o.event for o in others if o.event is not None})
    head = f"this {look.type} claim looks like {named} (same parties, {who}; overlapping dates)"
    if events:
        which = " or ".join(f"'{e}'" for e in events)
        return (
            f"{head}, which name the event {which}: if it is about the same occurrence, add "
            f"`event: {events[0]}`; if not, leave it"
        )
    return (
        f"{head}, and none names an event: if they report one occurrence, add it to "
        "facts/events/ and give each claim `event: <its id>`; if not, leave them"
    )


def suggest(all_looks: Iterable[Look], source_of: Callable[[str], FactSource]) -> list[Problem]:
    """A warning (code event-suggested) for each claim that looks like others and names no
    event, placed at its id. `source_of` gives the fact file of a path, to place it."""
    return [
        source_of(look.file).problem_at(
            (*look.path, "id"), "event-suggested", _message(look, others), severity="warning"
        )
        for look, others in alike(all_looks)
    ]
