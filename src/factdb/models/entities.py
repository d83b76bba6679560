"""Entities: people, organizations, countries and places, with their names and aliases."""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from .base import Citation, FactModel, Id, NonEmptyText, PartialDate, slug
from .claimbase import Reference, _ref


class EntityBase(FactModel):
    id: Id
    name: NonEmptyText = Field(description="Display name in English.")
    aliases: list[NonEmptyText] = Field(
        default_factory=list,
        description="Other names and spellings the sources use ('Kiril Dmitriev', 'Ukraina').",
    )
    notes: str | None = None

    def references(self) -> Iterator[Reference]:
        """Every id the entity points at, with the kinds of record allowed there."""
        return iter(())


class RoleObservation(FactModel):
    """A role a person was said to hold on a date. Sources say what a title was on a day,
    not when it began, so a role is an observation, never a term of office."""

    title: NonEmptyText = Field(description="The role in English, e.g. 'Defence Minister'.")
    organization: Id | None = Field(
        default=None, description="Organization the role belongs to (entity id)."
    )
    observed: PartialDate = Field(description="The date at which the source states the role.")
    status: Literal["current", "former"] = Field(
        default="current",
        description="'former' where the source calls it a past role ('mantan ...').",
    )
    citation: Citation = Field(description="The words that state the role.")

    def key(self) -> str:
        """What identifies it among the person's roles (its id: '<person>/roles/<key>'): the
        day observed and the title, so inserting a role in date order renumbers nothing."""
        return f"{self.observed}/{slug(self.title)}"


class Person(EntityBase):
    country: Id | None = Field(default=None, description="Country the person acts for (entity id).")
    roles: list[RoleObservation] = Field(default_factory=list)

    def references(self):
        yield from _ref(("country",), self.country, ("country",))
        for i, role in enumerate(self.roles):
            yield from _ref(("roles", i, "organization"), role.organization, ("organization",))


OrganizationKind = Literal[
    "armed_forces",
    "ministry",
    "agency",
    "government",
    "office",
    "legislature",
    "military_command",
    "intelligence",
    "news_agency",
    "news_outlet",
    "international_organization",
    "company",
    "party",
    "other",
]


class Organization(EntityBase):
    kind: OrganizationKind
    country: Id | None = Field(default=None, description="Country it belongs to (entity id).")
    parent: Id | None = Field(default=None, description="Organization it is part of (entity id).")

    def references(self):
        yield from _ref(("country",), self.country, ("country",))
        yield from _ref(("parent",), self.parent, ("organization",))


class Country(EntityBase):
    iso_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2.")


PlaceKind = Literal[
    "city", "town", "district", "region", "country_part", "venue", "military_base", "facility", "other"
]


class Place(EntityBase):
    kind: PlaceKind
    country: Id | None = Field(default=None, description="Country the place is in (entity id).")
    within: Id | None = Field(default=None, description="Larger place containing it (entity id).")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    def references(self):
        yield from _ref(("country",), self.country, ("country",))
        yield from _ref(("within",), self.within, ("place",))
