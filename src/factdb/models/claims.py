"""Claims: what somebody (the claimant) said, as reported by a source (the citations).

Each claim type is one model: those of violence in `attacks.py`, of the parties' dealings in
`talks.py`, any other stated number or fact below; what every claim has, and how a type
describes itself, in `claimbase.py`. A claim type describes itself to the rest of the program
through its methods, so adding a type means adding one class and naming it in `CLAIM_CLASSES`:

- `figures()`: every number it states, with a measure name (`drones_launched`), the path of
  the YAML node that holds it, and what the class knows of it: its default unit, place,
  detail and the scope it is compared within (`FigureRef`);
- `references()`: every entity id it points at, with the kinds of entity allowed there;
- `inequalities()`: arithmetic that must hold between its figures (parts <= whole);
- `ordinals()`: numbers it records that are not counts (a meeting's round), still checked
  against its quotes.

Every claim has a `status` (reported, planned, agreed, demanded, forecast, ...): a figure of
a planned meeting or a demand is not one of something that happened.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from .attacks import AirAttack, Casualties, Strike
from .base import Id, NonEmptyText
from .claimbase import CLAIMANT_KINDS, ClaimBase, _ref, _refs, counted, shorten
from .quantity import Quantity
from .statement import fig as _fig
from .talks import Meeting, PrisonerExchange


# --- anything else with a number ------------------------------------------------------


class NumericStatement(ClaimBase):
    """Any other stated number ('more than 10 countries', 'a 20-point plan', 'a 30-day ceasefire')."""

    type: Literal["numeric_statement"]
    measure: str = Field(
        pattern=r"^[a-z][a-z0-9_]*$", description="What is counted, snake_case: 'plan_points'.",
        examples=["plan_points"],
    )
    quantity: Quantity = Field(examples=[20])
    unit: NonEmptyText = Field(
        description="What the number counts or measures, a plural noun: 'days', 'percent', 'countries'.",
        examples=["points"],
    )
    subject: NonEmptyText = Field(description="What the number is about, in English.", examples=["the peace plan"])
    place: Id | None = None
    about: list[Id] = Field(default_factory=list, description="Entities or claims it concerns.")

    def figures(self):
        yield from _fig(self.measure, self.quantity, ("quantity",), self.unit, self.place, detail=self.subject)

    def references(self):
        yield from super().references()
        yield from _ref(("place",), self.place, ("place", "country"))
        yield from _refs(("about",), self.about, ("person", "organization", "country", "place", "claim"))

    def place_id(self):
        return self.place

    def summary(self):
        """What the number is about, then the number: 'Full ceasefire Ukraine called for, during
        which peace negotiations could take place: 30 days'."""
        return f"{shorten(self.subject, 80)}: {counted(self.quantity, self.unit)}"


# --- statements without a figure -----------------------------------------------------


class Statement(ClaimBase):
    """A stated fact no other type holds because it has no figure: an agreement ("the US and
    Russia agreed to re-establish military dialogue"), a proposal, a demand, a forecast, a
    handover ("Moscow handed over its memorandum"), an arrival. Its `status` says which."""

    type: Literal["statement"]
    subject: NonEmptyText = Field(
        description="What is stated, as one English sentence.",
        examples=["The parties agreed to re-establish military dialogue"],
    )
    parties: list[Id] = Field(
        default_factory=list,
        description="Who agrees, proposes, demands, hands over or acts (person, organization or country ids).",
    )
    addressees: list[Id] = Field(
        default_factory=list,
        description="To or of whom: who receives a handover, of whom a demand is made (person, "
        "organization or country ids).",
    )
    place: Id | None = Field(default=None, description="Where (place or country id).")
    about: list[Id] = Field(default_factory=list, description="Entities or claims it concerns.")

    def references(self):
        yield from super().references()
        yield from _refs(("parties",), self.parties, CLAIMANT_KINDS)
        yield from _refs(("addressees",), self.addressees, CLAIMANT_KINDS)
        yield from _ref(("place",), self.place, ("place", "country"))
        yield from _refs(("about",), self.about, ("person", "organization", "country", "place", "claim"))

    def place_id(self):
        return self.place

    def summary(self):
        """What is stated, in its first words: 'The US and Russia agreed to re-establish
        high-level military-to-military dialogue'."""
        return shorten(self.subject)


CLAIM_CLASSES: tuple[type[ClaimBase], ...] = (
    AirAttack, Strike, Casualties, PrisonerExchange, Meeting, NumericStatement, Statement,
)
"""Every claim type, once: the union below, the schema, the validator and the build read it."""

Claim = Annotated[Union[CLAIM_CLASSES], Field(discriminator="type")]

CLAIM_TYPES = {cls.model_fields["type"].annotation.__args__[0]: cls for cls in CLAIM_CLASSES}
"""Claim type name ('air_attack') -> its class."""
