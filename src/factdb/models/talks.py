"""Claims of the parties' dealings: prisoner exchanges (`prisoner_exchange`) and talks and
meetings with their delegations (`meeting`)."""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from .base import FactModel, Id, NonEmptyText, slug
from .claimbase import ClaimBase, Inequality, Reference, _ref, _refs, counted, shorten
from .quantity import Quantity
from .statement import STATUS_DESCRIPTION, FigureRef, Status, fig as _fig


# --- prisoner exchanges ---------------------------------------------------------------


class Subset(FactModel):
    """Part of a group, e.g. '139 of them held since 2022'."""

    description: NonEmptyText
    count: Quantity
    held_since: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")

    def key(self) -> str:
        """What identifies it among its side's subsets (in figure ids): its description."""
        return slug(self.description)


class ExchangeSide(FactModel):
    side: Id = Field(description="Country the people are returned to.")
    returned: Quantity | None = Field(default=None, description="Prisoners returned to this side.")
    bodies: Quantity | None = Field(default=None, description="Bodies repatriated to this side.")
    subsets: list[Subset] = Field(default_factory=list)
    destination: Id | None = Field(default=None, description="Where they were taken (place or country id).")

    def key(self) -> str:
        """What identifies it among the exchange's sides (in figure ids): the side."""
        return self.side


class PrisonerExchange(ClaimBase):
    """An exchange or repatriation of prisoners or bodies, done, agreed or expected."""

    type: Literal["prisoner_exchange"]
    status: Status = Field(default="completed", description=STATUS_DESCRIPTION)
    scope: str | None = Field(default=None, description="Who is covered, e.g. 'all wounded and sick prisoners'.")
    total: Quantity | None = Field(default=None, description="People exchanged in all.")
    bodies_total: Quantity | None = Field(default=None, description="Bodies in all.")
    sides: list[ExchangeSide] = Field(default_factory=list)
    mediators: list[Id] = Field(default_factory=list)
    meeting: Id | None = Field(default=None, description="The meeting that produced it (claim id).")

    def figures(self):
        yield from _fig("prisoners_total", self.total, ("total",), "prisoners")
        yield from _fig("bodies_total", self.bodies_total, ("bodies_total",), "bodies")
        for i, s in enumerate(self.sides):
            yield from self._side(i, "returned")
            yield from self._side(i, "bodies")
            for j, sub in enumerate(s.subsets):
                yield from self._subset(i, j)

    def _side(self, i: int, field: str) -> Iterator[FigureRef]:
        s = self.sides[i]
        measure, unit = ("prisoners_returned", "prisoners") if field == "returned" else ("bodies_returned", "bodies")
        yield from _fig(measure, getattr(s, field), ("sides", i, field), unit, detail=s.side, side=s.side)

    def _subset(self, i: int, j: int) -> Iterator[FigureRef]:
        s = self.sides[i]
        yield from _fig("prisoners_subset", s.subsets[j].count, ("sides", i, "subsets", j, "count"), "prisoners",
                        detail=f"{s.side}: {s.subsets[j].description}", side=s.side)

    def references(self):
        yield from super().references()
        yield from _refs(("mediators",), self.mediators, ("country", "organization", "person"))
        for i, s in enumerate(self.sides):
            yield Reference(("sides", i, "side"), s.side, ("country",))
            yield from _ref(("sides", i, "destination"), s.destination, ("place", "country"))
        yield from _ref(("meeting",), self.meeting, ("claim",))

    def inequalities(self):
        yield from self._returned_within_total()
        bodies = [f for i in range(len(self.sides)) for f in self._side(i, "bodies")]
        if self.bodies_total is not None and bodies:
            whole = FigureRef("bodies_total", self.bodies_total, ("bodies_total",), "bodies")
            yield Inequality(tuple(bodies), whole, "bodies returned to each side <= bodies in all")

    def summary(self):
        """'Prisoner exchange agreed: 314 prisoners', 'Prisoner exchange: 157 prisoners returned',
        'Prisoner exchange agreed: prisoners of war and civilians' (its status unless completed)."""
        about = "Prisoner exchange" + ("" if self.status == "completed" else f" {self.status}")
        returned = [s for s in self.sides if s.returned is not None]
        if self.total is not None:
            what = counted(self.total, "prisoners")
        elif returned:
            what = counted(returned[0].returned, "prisoners") + " returned"
        elif self.bodies_total is not None:
            what = counted(self.bodies_total, "bodies")
        else:
            what = self.scope
        return shorten(f"{about}: {what}" if what else about)

    def event_parties(self):
        """The sorted sides of the exchange."""
        named = {side.side for side in self.sides}
        return tuple(sorted(named)) if len(named) >= 2 else None

    def _returned_within_total(self):
        returned = []
        for i, s in enumerate(self.sides):
            for whole in self._side(i, "returned"):
                returned.append(whole)
                for j in range(len(s.subsets)):
                    yield Inequality(tuple(self._subset(i, j)), whole, "a subset <= its whole")
        if self.total is not None and returned:
            whole = FigureRef("prisoners_total", self.total, ("total",), "prisoners")
            yield Inequality(tuple(returned), whole, "prisoners returned to each side <= total")


# --- talks and meetings ---------------------------------------------------------------


class DelegationMember(FactModel):
    person: Id
    role: str | None = Field(default=None, description="The role as the source gives it at this meeting, in English.")
    leader: bool = Field(default=False, description="Led the delegation.")

    def key(self) -> str:
        """What identifies it in its delegation (member ids): the person."""
        return self.person


class Delegation(FactModel):
    side: Id = Field(description="Country or party the delegation represents.")
    members: list[DelegationMember] = Field(default_factory=list)

    def label(self, side: str, meeting: str) -> str:
        """`delegations.label`, from the side's display name and the meeting's name."""
        return f"{side} delegation: {meeting}"

    def key(self) -> str:
        """What identifies it among the meeting's delegations (delegation ids): the side."""
        return self.side


class Meeting(ClaimBase):
    """A round of talks or a meeting: who met, where, when, and who sat in each delegation."""

    named_by = "name"

    type: Literal["meeting"]
    name: NonEmptyText = Field(description="A short title in English.", examples=["Istanbul talks"])
    status: Status = Field(default="held", description=STATUS_DESCRIPTION)
    format: Literal["bilateral", "trilateral", "multilateral", "phone_call"] | None = None
    mode: Literal["in_person", "online", "hybrid"] | None = None
    round: Quantity | None = Field(
        default=None,
        description="Which round of a series, where stated ('putaran kedua' = 2): an ordinal, not "
        "a figure; it must still be stated by one of the quotes.",
    )
    series: str | None = Field(default=None, description="Name of the series, e.g. 'Istanbul talks'.")
    city: Id | None = Field(default=None, description="City (place id).")
    country: Id | None = Field(
        default=None, description="Country where it took place (country id), where the source names no city."
    )
    venue: Id | None = Field(default=None, description="Venue (place id), e.g. Ciragan Palace.")
    hosts: list[Id] = Field(default_factory=list, description="Host country or person.")
    mediators: list[Id] = Field(default_factory=list, description="Mediators or chairs.")
    participants: list[Id] = Field(default_factory=list, description="Parties attending, where no delegation list is given.")
    participants_count: Quantity | None = Field(
        default=None, description="Number of countries or parties attending (unit: countries, unless given)."
    )
    duration_hours: Quantity | None = Field(default=None, description="How long it lasted, where stated.")
    delegations: list[Delegation] = Field(default_factory=list)
    outcome: str | None = Field(default=None, description="What it produced, in a sentence.")

    def figures(self):
        yield from _fig("participants", self.participants_count, ("participants_count",), "countries", self.city)
        yield from _fig("duration_hours", self.duration_hours, ("duration_hours",), "hours", self.city)

    def ordinals(self):
        yield from _fig("round", self.round, ("round",), "rounds", self.city)

    def references(self):
        yield from super().references()
        yield from _ref(("city",), self.city, ("place",))
        yield from _ref(("country",), self.country, ("country",))
        yield from _ref(("venue",), self.venue, ("place",))
        yield from _refs(("hosts",), self.hosts, ("country", "organization", "person"))
        yield from _refs(("mediators",), self.mediators, ("country", "organization", "person"))
        yield from _refs(("participants",), self.participants, ("country", "organization", "person"))
        for i, d in enumerate(self.delegations):
            yield Reference(("delegations", i, "side"), d.side, ("country", "organization"))
            for j, m in enumerate(d.members):
                yield Reference(("delegations", i, "members", j, "person"), m.person, ("person",))

    def place_id(self):
        return self.city

    def event_parties(self):
        """The sorted sides of its delegations and its participants."""
        named = {d.side for d in self.delegations} | set(self.participants)
        return tuple(sorted(named)) if len(named) >= 2 else None
