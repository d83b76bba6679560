"""Events: the things claims are about — a night of attacks on one country, an exchange, a
round of talks — so that claims from different claimants and outlets can be compared.

An event is an editor's record, not a claim: it asserts nothing but "these claims speak of one
occurrence". Claims point at it (`event: <id>`); figures of one event, measure, unit and scope
are then compared (the `disputed_figures` and `corroborated_figures` views). `factdb validate`
suggests events for claims that look alike (see `factdb.check.events`); it never merges them.
"""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from .base import FactModel, Id, NonEmptyText, When
from .claimbase import CLAIMANT_KINDS, Reference, _ref, _refs

EventKind = Literal[
    "attack_night", "strike", "exchange", "talks", "call", "summit", "casualty_incident", "proposal", "other"
]


class Event(FactModel):
    """One occurrence that several claims are about. Give what identifies it (its kind, when,
    where and who took part); the figures stay in the claims, each attributed to its claimant."""

    id: Id = Field(description="Event id: '<date>-<what>', e.g. '2026-02-05-night-attack-on-ukraine'.")
    kind: EventKind = Field(
        description="attack_night (one night's air attacks on one country), strike, exchange (of "
        "prisoners or bodies), talks (a round of talks), call, summit, casualty_incident, "
        "proposal or other."
    )
    name: NonEmptyText = Field(description="A title in English, e.g. 'Russian attack on Ukraine, night of 4-5 February 2026'.")
    when: When | None = Field(
        default=None,
        description="Date or window of the event, as precise as its claims allow (a night: "
        "{from, to, overnight: true}).",
    )
    place: Id | None = Field(default=None, description="Where it took place (place id), where it has one place.")
    country: Id | None = Field(default=None, description="Country where it took place (country id).")
    attacker: Id | None = Field(default=None, description="For attacks and strikes: who attacked (country or organization id).")
    target_country: Id | None = Field(default=None, description="For attacks and strikes: the country attacked.")
    parties: list[Id] = Field(
        default_factory=list,
        description="Who took part: the sides of an exchange, the delegations of talks (country, "
        "organization or person ids).",
    )
    notes: str | None = Field(default=None, description="Why these claims are one event: the editor's reading.")

    def references(self) -> Iterator[Reference]:
        """Every id the event points at, with the kinds of record allowed there."""
        yield from _ref(("place",), self.place, ("place",))
        yield from _ref(("country",), self.country, ("country",))
        yield from _ref(("attacker",), self.attacker, ("country", "organization"))
        yield from _ref(("target_country",), self.target_country, ("country",))
        yield from _refs(("parties",), self.parties, CLAIMANT_KINDS)
