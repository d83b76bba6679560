"""The shape of one fact file, and the record kinds it holds, declared once.

`RECORD_KINDS` is the one list of the kinds of record a fact file holds: the sections of
`FactFile`, the order they are read and built in, the models that parse a stored record back
(`record_json`) and the names a diff reports them under all come from it. Adding a kind of
record means adding its model and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterator

from pydantic import Field, TypeAdapter, create_model

from .base import FactModel
from .claims import Claim
from .entities import Country, Organization, Person, Place
from .events import Event
from .sources import Source


@dataclass(frozen=True)
class RecordKind:
    """A kind of record with an id: its name, its section in fact files and its model."""

    kind: str
    """The kind's name, an English noun ('person'): in messages, `entities.kind`, diffs."""
    section: str
    """The top-level key of fact files that lists records of this kind ('people')."""
    model: Any
    """The model of one record (for claims, the union of the claim types)."""
    description: str
    """What the section holds, for the JSON Schema."""
    entity: bool = False
    """Published in the `entities` table (people, organizations, countries, places)."""

    @cached_property
    def adapter(self) -> TypeAdapter:
        return TypeAdapter(self.model)

    def parse_json(self, text: str | bytes):
        """A record of this kind from its canonical JSON (`record_json`)."""
        return self.adapter.validate_json(text)


RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("source", "sources", Source, "Archived sources."),
    RecordKind("person", "people", Person, "People, with their roles as observed on a date.", entity=True),
    RecordKind("organization", "organizations", Organization, "Armed forces, ministries, agencies, outlets ...", entity=True),
    RecordKind("country", "countries", Country, "Countries.", entity=True),
    RecordKind("place", "places", Place, "Cities, regions, venues, bases and facilities.", entity=True),
    RecordKind("claim", "claims", Claim, "Claims, each with a 'type'."),
    RecordKind(
        "event", "events", Event,
        "Events that claims are about (a night of attacks, an exchange, a round of talks); "
        "claims name theirs with `event:`.",
    ),
)
"""Every kind of record, in the order fact files are read and built (and, claims and events
first, the order a diff reports them in)."""

BY_KIND: dict[str, RecordKind] = {k.kind: k for k in RECORD_KINDS}

ENTITY_SECTIONS: dict[str, str] = {k.section: k.kind for k in RECORD_KINDS if k.entity}
"""Section name -> entity kind, for the kinds published in `entities`."""

ENTITY_KINDS: frozenset[str] = frozenset(ENTITY_SECTIONS.values())


class _Sections(FactModel):
    def records(self) -> Iterator[tuple[str, int, str, object]]:
        """(section, index, kind, record) for every record, in the order of RECORD_KINDS."""
        for kind in RECORD_KINDS:
            for i, record in enumerate(getattr(self, kind.section)):
                yield kind.section, i, kind.kind, record


FactFile = create_model(
    "FactFile",
    __base__=_Sections,
    __doc__="A YAML file under facts/. Any file may hold any section; by convention sources live "
    "in facts/sources/, entities in facts/entities/, claims in facts/claims/, events in facts/events/.",
    __module__=__name__,
    **{
        kind.section: (list[kind.model], Field(default_factory=list, description=kind.description))
        for kind in RECORD_KINDS
    },
)
