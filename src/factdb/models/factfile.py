"""The shape of one fact file: optional lists of each kind of record."""

from __future__ import annotations

from typing import Iterator

from pydantic import Field

from .base import FactModel
from .claims import Claim
from .entities import Country, Organization, Person, Place
from .sources import Source

# Section name -> entity kind, in the order the sections are read and built.
ENTITY_SECTIONS = {
    "countries": "country",
    "places": "place",
    "organizations": "organization",
    "people": "person",
}


class FactFile(FactModel):
    """A YAML file under facts/. Any file may hold any section; by convention
    sources live in facts/sources/, entities in facts/entities/, claims in facts/claims/."""

    sources: list[Source] = Field(default_factory=list, description="Archived sources.")
    countries: list[Country] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list, description="Claims, each with a 'type'.")

    def records(self) -> Iterator[tuple[str, int, str, object]]:
        """(section, index, kind, record) for every record that has an id."""
        for i, source in enumerate(self.sources):
            yield "sources", i, "source", source
        for section, kind in ENTITY_SECTIONS.items():
            for i, entity in enumerate(getattr(self, section)):
                yield section, i, kind, entity
        for i, claim in enumerate(self.claims):
            yield "claims", i, "claim", claim
