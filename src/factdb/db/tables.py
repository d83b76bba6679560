"""The tables of the built SQLite file, each defined once as a SQLModel table model.

These classes are the SQL schema (`table_sql()` and `index_sql()` compile them to DDL) and the typed read
API (`factdb.db.api`). Their docstrings and Field descriptions are the documentation that
Datasette shows for every table and column. Rows are never made by instantiating these
classes (SQLModel table models do not validate on __init__): the build turns validated fact
models into plain rows (`factdb.db.rows`) and inserts them with executemany.

Ids are deterministic and readable, and never a list position: a figure, citation, role,
delegation or member is named by its record's id and the path of its node, each list item named
by what identifies it (`<claim>/weapons/missile/launched`, `<person>/roles/2025-06-02/defence-minister`;
see `factdb.models.keys`), so the same facts always give the same ids, and inserting or
reordering items renumbers none.
Rowids too are deterministic: the block of the row's fact file, plus the row's place among
that file's rows (`factdb.db.rows.file_blocks`), which is how an incremental build finds, and
replaces, the rows of one file.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import AutoString, Field

from .. import models as fm
from .claimtables import Citation, Claim, ClaimEntity, ClaimLink, Delegation, Meeting, Member, Quantity
from .tablebase import FILE, RECORD_JSON, EntityKind, EventKind, Number, RoleStatus, TableModel, doc, tables_registry


class Source(TableModel, table=True):
    """Archived sources (news articles) that claims are cited from, with their archived text.
    Search the text with the search box (full-text index `sources_fts`)."""

    __tablename__ = "sources"

    id: str = Field(primary_key=True, description=doc(fm.Source, "id"))
    title: str | None = Field(default=None, description=doc(fm.Source, "title"))
    language: str = Field(index=True, description=doc(fm.Source, "language"))
    publisher_id: str | None = Field(
        default=None, foreign_key="entities.id", index=True, description=doc(fm.Source, "publisher")
    )
    publisher: str | None = Field(
        default=None,
        index=True,
        description="Publisher's display name: the publisher entity's name, else the name as printed.",
    )
    original_publisher_id: str | None = Field(
        default=None,
        foreign_key="entities.id",
        index=True,
        description=doc(fm.Source, "original_publisher"),
    )
    original_publisher: str | None = Field(
        default=None, description="Display name of the original publisher."
    )
    author: str | None = Field(default=None, description=doc(fm.Source, "author"))
    url: str | None = Field(default=None, description=doc(fm.Source, "url"))
    published: str | None = Field(
        default=None,
        index=True,
        description="Publication date as precise as known (YYYY-MM-DD, YYYY-MM or YYYY); "
        "NULL when only bounds are known.",
    )
    published_precision: str | None = Field(
        default=None, description="'day', 'month' or 'year' for a stated date; 'bounds' when only bounds are known."
    )
    published_earliest: dt.date | None = Field(
        default=None, description="Earliest possible publication day (ISO date), where known."
    )
    published_latest: dt.date | None = Field(
        default=None, description="Latest possible publication day (ISO date), where known."
    )
    published_reason: str | None = Field(
        default=None, description=doc(fm.PublishedBound, "reason")
    )
    updated: str | None = Field(default=None, description=doc(fm.Source, "updated"))
    archive_path: str = Field(description=doc(fm.Source, "archive"))
    text: str = Field(description="The archived text, exactly as stored in the archive file.")
    excerpt: bool = Field(default=False, description=doc(fm.Source, "excerpt"))
    notes: str | None = Field(default=None, description=doc(fm.Source, "notes"))
    file: str = Field(description=FILE)
    record_json: str = Field(description=RECORD_JSON)


class Entity(TableModel, table=True):
    """People, organizations, countries and places. Places carry coordinates where known."""

    __tablename__ = "entities"

    id: str = Field(primary_key=True, description="Entity id; unique across the project.")
    kind: EntityKind = Field(index=True, sa_type=AutoString, description="'person', 'organization', 'country' or 'place'.")
    name: str = Field(index=True, description=doc(fm.Person, "name"))
    subkind: str | None = Field(
        default=None,
        index=True,
        description="For an organization its kind (ministry, armed_forces, ...); for a place its "
        "kind (city, region, venue, ...).",
    )
    country_id: str | None = Field(
        default=None,
        foreign_key="entities.id",
        index=True,
        description="Country the person acts for, the organization belongs to or the place is in.",
    )
    parent_id: str | None = Field(
        default=None,
        foreign_key="entities.id",
        index=True,
        description="Organization this one is part of, or place containing this place.",
    )
    iso_code: str | None = Field(default=None, description=doc(fm.Country, "iso_code"))
    latitude: float | None = Field(default=None, description="Latitude of a place (WGS 84), where known.")
    longitude: float | None = Field(default=None, description="Longitude of a place (WGS 84), where known.")
    notes: str | None = Field(default=None, description="Editor's notes.")
    file: str = Field(description=FILE)
    record_json: str = Field(description=RECORD_JSON)


class Alias(TableModel, table=True):
    """Other names and spellings of entities that the sources use ('Kiril Dmitriev', 'Ukraina')."""

    __tablename__ = "aliases"

    entity_id: str = Field(primary_key=True, foreign_key="entities.id", description="The entity.")
    alias: str = Field(primary_key=True, index=True, description="A name or spelling used for it.")


class Role(TableModel, table=True):
    """Roles people were said to hold, each as observed on a date by one source: a title on a
    day, not a term of office. The citation is in `citations` (role_id)."""

    __tablename__ = "roles"

    id: str = Field(primary_key=True, description="Role id: '<person id>/roles/<observed>/<slug of title>'.")
    person_id: str = Field(foreign_key="entities.id", index=True, description="The person.")
    position: int = Field(description="Order of the role in the person's record, from 0.")
    title: str = Field(index=True, description=doc(fm.RoleObservation, "title"))
    organization_id: str | None = Field(
        default=None,
        foreign_key="entities.id",
        index=True,
        description=doc(fm.RoleObservation, "organization"),
    )
    observed: str = Field(description=doc(fm.RoleObservation, "observed"))
    observed_from: dt.date = Field(index=True, description="First day the observation date can mean.")
    observed_to: dt.date = Field(description="Last day the observation date can mean.")
    status: RoleStatus = Field(sa_type=AutoString, description=doc(fm.RoleObservation, "status"))


class Event(TableModel, table=True):
    """Events: the things claims are about (a night of attacks on one country, an exchange, a
    round of talks), recorded by editors. Claims name theirs (`claims.event_id`); the
    `event_claims` view lists every claim and figure of an event, and figures of one event are
    compared in `disputed_figures` and `corroborated_figures`."""

    __tablename__ = "events"

    id: str = Field(primary_key=True, description=doc(fm.Event, "id"))
    kind: EventKind = Field(index=True, sa_type=AutoString, description=doc(fm.Event, "kind"))
    name: str = Field(description=doc(fm.Event, "name"))
    date_from: dt.date | None = Field(default=None, index=True, description="First possible day of the event (ISO date).")
    date_to: dt.date | None = Field(default=None, description="Last possible day of the event (ISO date).")
    date_precision: str | None = Field(
        default=None,
        description="'day', 'month' or 'year' for a date; 'night' for an overnight window, "
        "'window' for another window, 'not_after' for a window with only its last day.",
    )
    place_id: str | None = Field(default=None, foreign_key="entities.id", index=True, description=doc(fm.Event, "place"))
    country_id: str | None = Field(default=None, foreign_key="entities.id", index=True, description=doc(fm.Event, "country"))
    attacker_id: str | None = Field(default=None, foreign_key="entities.id", index=True, description=doc(fm.Event, "attacker"))
    target_country_id: str | None = Field(
        default=None, foreign_key="entities.id", index=True, description=doc(fm.Event, "target_country")
    )
    notes: str | None = Field(default=None, description=doc(fm.Event, "notes"))
    file: str = Field(index=True, description=FILE)
    record_json: str = Field(description=RECORD_JSON)


class EventEntity(TableModel, table=True):
    """Every entity an event names, with the field that names it: place, country, attacker,
    target country and each of its parties."""

    __tablename__ = "event_entities"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event.")
    path: str = Field(primary_key=True, description="Path of the reference in the event, e.g. 'parties.0'.")
    field: str = Field(index=True, description="The event's field that names the entity, e.g. 'parties'.")
    entity_id: str = Field(foreign_key="entities.id", index=True, description="The entity named.")


class SourceNumber(TableModel, table=True):
    """Every number an archived text states (in digits or words, with the qualifier before it
    and the word after it; dates and ordinals are not numbers here), and where: the figures
    bound to these words hold them, the others are in `unbound_numbers`."""

    __tablename__ = "source_numbers"

    id: str = Field(primary_key=True, description="'<source id>/numbers/<k>', k counting the text's numbers from 0.")
    source_id: str = Field(foreign_key="sources.id", index=True, description="The source whose text states it.")
    position: int = Field(description="Order of the number in the text, from 0.")
    number: float = Field(sa_type=Number, description="The number the words state.")
    words: str = Field(description="The words that state it, as printed: 'lebih dari 40 pesawat', 'dua rudal'.")
    span_start: int = Field(
        description="Where the words start in the normalised archived text (see citations.archive_start), from 0."
    )
    span_end: int = Field(description="Where the words end in the normalised archived text (exclusive).")
    line: int = Field(description="Line of the archive file (seeds/<id>.txt) where the words start, from 1.")
    sentence: str = Field(description="The sentence, caption or headline the words are in.")


class BuildInfo(TableModel, table=True):
    """Facts about this build, all derived from its inputs: the factdb version, counts and a
    SHA-256 of the fact files and archived texts it was built from."""

    __tablename__ = "build_info"

    key: str = Field(primary_key=True, description="What is recorded.")
    value: str = Field(description="Its value.")


TABLES: tuple[type[TableModel], ...] = (
    Source, Entity, Alias, Role, Event, EventEntity, Claim, Citation, Quantity, ClaimEntity, ClaimLink,
    Meeting, Delegation, Member, SourceNumber, BuildInfo,
)
"""Every table of the built file."""


def table_sql() -> list[str]:
    """CREATE TABLE statements of every table, parents before children."""
    dialect = sqlite.dialect()
    return [
        str(CreateTable(table).compile(dialect=dialect)).strip()
        for table in tables_registry.metadata.sorted_tables
    ]


def index_sql() -> list[str]:
    """CREATE INDEX statements. The build runs them after inserting: one sort per index is
    faster than keeping every index up to date row by row."""
    dialect = sqlite.dialect()
    return [
        str(CreateIndex(index).compile(dialect=dialect)).strip()
        for table in tables_registry.metadata.sorted_tables
        for index in sorted(table.indexes, key=lambda i: i.name)
    ]
