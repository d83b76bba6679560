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
from typing import Any, Literal, get_args, get_origin

from sqlalchemy import CheckConstraint, Index
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import registry
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlalchemy.types import UserDefinedType
from sqlmodel import AutoString, Field, SQLModel

from .. import models as fm
from ..models.talks import DelegationMember

# A registry of our own, so that table models defined elsewhere in the same process (in
# SQLModel's shared default metadata) never end up in the built file.
tables_registry = registry()


class TableModel(SQLModel, registry=tables_registry):
    """Base of the tables of the built file."""


class Number(UserDefinedType):
    """SQLite NUMERIC affinity: whole numbers stay integers (183, not 183.0), fractions REAL.
    No conversion on the way in or out, so Python gets back the int or float it stored."""

    cache_ok = True

    def get_col_spec(self, **kw) -> str:
        return "NUMERIC"


def doc(model: type, field: str) -> str:
    """The description of a field of a fact model: one text for the YAML schema and the DB."""
    return model.model_fields[field].description


def literal(model: type, field: str) -> Any:
    """The Literal type of a fact model's field (without its None)."""
    annotation = model.model_fields[field].annotation
    (found,) = [t for t in (annotation, *get_args(annotation)) if get_origin(t) is Literal]
    return found


# Columns holding one of a fact model's Literal values are typed with that Literal, so that
# what the values can be is written once, in the fact model, and read from the column (the data
# package's enum constraints, factdb.export). `sa_type=AutoString` keeps them VARCHAR.
ClaimType = Literal[tuple(fm.CLAIM_TYPES)]
EntityKind = Literal[tuple(fm.ENTITY_SECTIONS.values())]
Qualifier = literal(fm.QuantityDetail, "qualifier")
RoleStatus = literal(fm.RoleObservation, "status")
ClaimStatus = literal(fm.Casualties, "status")
BoundsBasis = fm.quantity.BoundsBasis
MeetingFormat = literal(fm.Meeting, "format")
MeetingMode = literal(fm.Meeting, "mode")
EventKind = literal(fm.Event, "kind")


FILE = "Path of the fact file that defines this record, relative to the project root."

# The columns of a figure that `quantities` and the `figures` view share: one text for both.
LOW = ("Lowest value the words allow: 'more than 40' aircraft gives 41; 'more than one hour' gives 1, "
       "open (low_open). NULL where open-ended.")
HIGH = "Highest value the words allow ('less than 10' drones gives 9); NULL where open-ended."
LOW_OPEN = "1 if `low` itself is excluded ('more than 1 hour': above 1), for a measure; 0 otherwise."
HIGH_OPEN = "1 if `high` itself is excluded ('less than 2 days'), for a measure; 0 otherwise."
BOUNDS_BASIS = (
    "Where low and high come from: 'stated' (the words: exact, at least, more than, a range), "
    "'convention' (a vague word's default reading, e.g. 'ratusan' = 200-999), 'editor' (given in the "
    "fact file); NULL when there are none."
)
UNIT = ("What the figure counts or measures, a plural noun: drones, missiles, people, prisoners, "
        "countries, regions, locations, hours, days, percent ... Never NULL.")
CITATION_ID = "The citation whose quote states the figure (`citations.id`)."
WORDS = ("The words of that quote that state the figure ('183 drone', 'dua rudal', 'lebih dari 40'); "
         "for a derived figure, the words it is derived from, or NULL.")
SPAN_START = ("Where the words start in the quote, from 0, counting characters of the normalised quote "
              "(white space collapsed, typographic quote marks straightened).")
SPAN_END = "Where the words end in the normalised quote (exclusive): quote[span_start:span_end] = words."
DERIVED = "1 if the editor derived the figure rather than read it in the words (see derived_reason)."
RECORD_JSON = (
    "The record exactly as validated, as canonical JSON (keys sorted, YAML field names): "
    "the full fact for anything the columns leave out."
)


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


class Claim(TableModel, table=True):
    """Claims: what a claimant said, attributed to them, never a truth the database asserts.
    One row per claim of any type; the type's details are in `record_json`, its numbers in
    `quantities`, its citations in `citations`."""

    __tablename__ = "claims"

    id: str = Field(primary_key=True, description="Claim id; unique across the project.")
    type: ClaimType = Field(
        index=True,
        sa_type=AutoString,
        description="Claim type: air_attack, strike, casualties, prisoner_exchange, meeting, "
        "numeric_statement or statement.",
    )
    label: str = Field(description="A short readable label: the meeting's name, else type, claimant and dates.")
    claimant_id: str = Field(
        foreign_key="entities.id", index=True, description=doc(fm.Casualties, "claimant")
    )
    date_from: dt.date | None = Field(
        default=None, index=True, description="First possible day of the event (ISO date)."
    )
    date_to: dt.date | None = Field(
        default=None, index=True, description="Last possible day of the event (ISO date)."
    )
    date_precision: str | None = Field(
        default=None,
        description="'day', 'month' or 'year' for a date; 'night' for an overnight window, "
        "'window' for another window, 'not_after' for a window with only its last day.",
    )
    stated: str | None = Field(default=None, description=doc(fm.Casualties, "stated"))
    event_id: str | None = Field(
        default=None, foreign_key="events.id", index=True, description=doc(fm.Casualties, "event")
    )
    place_id: str | None = Field(
        default=None,
        foreign_key="entities.id",
        index=True,
        description="The claim's main place, where it has one (a casualty count's place, a meeting's city).",
    )
    status: ClaimStatus = Field(index=True, sa_type=AutoString, description=doc(fm.Casualties, "status"))
    notes: str | None = Field(default=None, description=doc(fm.Casualties, "notes"))
    file: str = Field(index=True, description=FILE)
    record_json: str = Field(description=RECORD_JSON)
    first_recorded: str | None = Field(
        default=None, description="When the claim first entered the fact repository (from git history)."
    )
    first_commit: str | None = Field(default=None, description="Commit that first recorded the claim.")
    last_changed: str | None = Field(default=None, description="When the claim last changed (from git history).")
    last_commit: str | None = Field(default=None, description="Commit that last changed the claim.")


class Citation(TableModel, table=True):
    """Citations: the verbatim words a source printed, for a claim or for a person's role.
    Search quotes and translations with the search box (full-text index `citations_fts`)."""

    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint("(claim_id IS NULL) <> (role_id IS NULL)", name="citation_has_one_owner"),
    )

    id: str = Field(
        primary_key=True,
        description="Citation id: '<claim id>/citations/<source id>/<k>', k counting from 0 the claim's "
        "citations of that source (reordering two quotes of one source renumbers them), or "
        "'<role id>/citation'.",
    )
    claim_id: str | None = Field(
        default=None, foreign_key="claims.id", index=True, description="The claim it supports."
    )
    role_id: str | None = Field(
        default=None, foreign_key="roles.id", index=True, description="The role observation it supports."
    )
    position: int = Field(description="Order among the claim's citations, from 0 (0 is the first).")
    source_id: str = Field(foreign_key="sources.id", index=True, description=doc(fm.Citation, "source"))
    quote: str = Field(description=doc(fm.Citation, "quote"))
    translation: str | None = Field(default=None, description=doc(fm.Citation, "translation"))
    archive_start: int | None = Field(
        default=None,
        description="Where the quote starts in its source's archived text, normalised as quotes are "
        "checked (white space collapsed, quote marks straight), counting characters from 0.",
    )


class Quantity(TableModel, table=True):
    """Every number a claim states, as the source qualified it, with its unit and bounds, and
    bound to the words of one citation's quote that state it (see the `figures` view for the
    same rows with their claim, claimant, place and that quote)."""

    __tablename__ = "quantities"
    # Figures of one event are compared (disputed_figures, corroborated_figures): each figure's
    # peers are one range of the second index. The first serves look-ups and facets by measure,
    # and analysts comparing one measure and scope across dates.
    __table_args__ = (
        Index("ix_quantities_measure_scope_date", "measure", "scope", "date_from"),
        Index("ix_quantities_event_measure_scope", "event_id", "measure", "scope"),
    )

    id: str = Field(
        primary_key=True,
        description="Figure id: '<claim id>/<path of the number in the claim>', list items named by "
        "what identifies them: '<claim>/weapons/<kind>[.<model>]/<field>', "
        "'<claim>/damage/<object>_<effect>/count', '<claim>/sides/<side>/returned', "
        "'<claim>/sides/<side>/subsets/<description>/count'.",
    )
    claim_id: str = Field(foreign_key="claims.id", index=True, description="The claim that states it.")
    position: int = Field(description="Order of the figure within its claim, from 0.")
    path: str = Field(description="Path of the number within the claim, e.g. 'weapons.1.launched'.")
    # Not indexed alone: ix_quantities_measure_scope_date begins with it and serves the same
    # look-ups and facets.
    measure: str = Field(
        description="What is counted, e.g. drones_launched, drones_neutralized, injured, prisoners_total.",
    )
    value: float | None = Field(
        default=None,
        sa_type=Number,
        description="The number the source stated (NULL for a bare range or a vague word).",
    )
    qualifier: Qualifier = Field(
        index=True,
        sa_type=AutoString,
        description="How the source qualified it: exact, at_least, more_than, at_most, less_than, "
        "approximately, range or vague.",
    )
    low: float | None = Field(default=None, sa_type=Number, description=LOW)
    high: float | None = Field(default=None, sa_type=Number, description=HIGH)
    low_open: bool = Field(description=LOW_OPEN)
    high_open: bool = Field(description=HIGH_OPEN)
    bounds_basis: BoundsBasis | None = Field(default=None, sa_type=AutoString, description=BOUNDS_BASIS)
    vague_text: str | None = Field(default=None, description=doc(fm.QuantityDetail, "text"))
    unit: str = Field(description=UNIT)
    citation_id: str = Field(foreign_key="citations.id", index=True, description=CITATION_ID)
    words: str | None = Field(default=None, description=WORDS)
    span_start: int | None = Field(default=None, description=SPAN_START)
    span_end: int | None = Field(default=None, description=SPAN_END)
    derived: bool = Field(description=DERIVED)
    derived_reason: str | None = Field(default=None, description=doc(fm.QuantityDetail, "derived"))
    detail: str | None = Field(
        default=None,
        description="What else qualifies the number: weapon model, casualty population, exchange "
        "side, subset, or the subject of a numeric statement.",
    )
    date_from: dt.date | None = Field(default=None, description="The claim's date_from, repeated for fast filtering.")
    date_to: dt.date | None = Field(default=None, description="The claim's date_to, repeated for fast filtering.")
    event_id: str | None = Field(
        default=None, foreign_key="events.id", description="The claim's event, repeated for comparing figures."
    )
    place_id: str | None = Field(
        default=None,
        foreign_key="entities.id",
        index=True,
        description="Where: the figure's or claim's place, else the target country of an attack.",
    )
    scope: str = Field(
        index=True,
        description="What must match for two figures of one measure to be comparable: place, "
        "exchange side and casualty population, joined by '|'.",
    )


class ClaimEntity(TableModel, table=True):
    """Every entity a claim names, with the field that names it: claimant, attacker, regions,
    hosts, mediators, delegation sides and members, ..."""

    __tablename__ = "claim_entities"

    claim_id: str = Field(primary_key=True, foreign_key="claims.id", description="The claim.")
    path: str = Field(primary_key=True, description="Path of the reference in the claim, e.g. 'regions.0'.")
    field: str = Field(index=True, description="The claim's field that names the entity, e.g. 'mediators'.")
    entity_id: str = Field(foreign_key="entities.id", index=True, description="The entity named.")


class ClaimLink(TableModel, table=True):
    """Claims that name other claims: an exchange produced by a meeting, a statement about a claim."""

    __tablename__ = "claim_links"

    claim_id: str = Field(primary_key=True, foreign_key="claims.id", description="The claim that links.")
    path: str = Field(primary_key=True, description="Path of the reference in the claim, e.g. 'meeting'.")
    field: str = Field(index=True, description="The claim's field that names the other claim.")
    target_claim_id: str = Field(foreign_key="claims.id", index=True, description="The claim named.")


class Meeting(TableModel, table=True):
    """Talks and meetings (claims of type 'meeting'): where, how and in which series."""

    __tablename__ = "meetings"

    claim_id: str = Field(primary_key=True, foreign_key="claims.id", description="The meeting claim.")
    name: str = Field(description=doc(fm.Meeting, "name"))
    status: ClaimStatus = Field(index=True, sa_type=AutoString, description="The meeting claim's status: held, planned, proposed, cancelled, ... (as `claims.status`).")
    format: MeetingFormat | None = Field(default=None, index=True, sa_type=AutoString, description="bilateral, trilateral, multilateral or phone_call.")
    mode: MeetingMode | None = Field(default=None, sa_type=AutoString, description="in_person, online or hybrid.")
    round: float | None = Field(default=None, sa_type=Number, description=doc(fm.Meeting, "round"))
    series: str | None = Field(default=None, index=True, description=doc(fm.Meeting, "series"))
    city_id: str | None = Field(default=None, foreign_key="entities.id", index=True, description=doc(fm.Meeting, "city"))
    country_id: str | None = Field(default=None, foreign_key="entities.id", index=True, description=doc(fm.Meeting, "country"))
    venue_id: str | None = Field(default=None, foreign_key="entities.id", index=True, description=doc(fm.Meeting, "venue"))
    outcome: str | None = Field(default=None, description=doc(fm.Meeting, "outcome"))


class Delegation(TableModel, table=True):
    """The delegations at a meeting, one per side."""

    __tablename__ = "delegations"

    id: str = Field(primary_key=True, description="Delegation id: '<meeting id>/delegations/<side id>'.")
    meeting_id: str = Field(foreign_key="meetings.claim_id", index=True, description="The meeting.")
    position: int = Field(description="Order of the delegation in the meeting's record, from 0.")
    side_id: str = Field(foreign_key="entities.id", index=True, description="Country or party the delegation represents.")


class Member(TableModel, table=True):
    """Members of delegations, with the role each held as stated at that meeting."""

    __tablename__ = "members"

    id: str = Field(primary_key=True, description="Member id: '<meeting id>/delegations/<side id>/<person id>'.")
    delegation_id: str = Field(foreign_key="delegations.id", index=True, description="The delegation.")
    meeting_id: str = Field(foreign_key="meetings.claim_id", index=True, description="The meeting.")
    position: int = Field(description="Order of the member in the delegation, from 0.")
    person_id: str = Field(foreign_key="entities.id", index=True, description="The person.")
    role: str | None = Field(default=None, description=doc(DelegationMember, "role"))
    leader: bool = Field(description="1 if the person led the delegation.")


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




def columns(model: type[SQLModel]) -> list[str]:
    """Column names of a table or view model, in order."""
    return list(model.__table__.columns.keys())
