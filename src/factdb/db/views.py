"""The public views of the built file: a documented, stable interface for readers and analysts.

Each view is a SQLModel model (its docstring and Field descriptions document it, and it is
the typed row of `factdb.db.api`) plus the SQL that makes it at build time. The view
models live in a registry of their own, so the schema of tables never tries to create them.
Column names and order of each view are exactly its model's fields (a test holds them to it).

Most views are SQL views. `figures`, the page every reader opens first and facets, is stored:
the build writes its rows into a table of the same name and columns, with an index on each
column it is faceted, filtered or sorted by (`index=True` below; see `factdb.db.materialize`).
Computed on every request, the view took seconds per page at 100k claims. Its rows are made
once, in Python, with the rows of the figure's claim (`factdb.db.claimrows`), by full and
incremental builds alike: there is no SQL copy of them to keep in step.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlmodel import AutoString, Field

from . import tablebase
from .compared import (
    CORROBORATED_FIGURES_SQL,
    DISPUTED_FIGURES_SQL,
    EVENT_CLAIMS_SQL,
    CorroboratedFigure,
    DisputedFigure,
    EventClaim,
)
from .claimtables import Claim
from .tablebase import BoundsBasis, ClaimStatus, ClaimType, Number, Qualifier, RoleStatus
from .tables import Entity, Event, Source
from .viewmodel import ViewModel

# The stored `figures` declares its foreign keys as the tables do, so that Datasette links its ids
# and labels them (a claim by its label, a source by its title, an entity by its name). Its model
# is in a registry of its own: a key names the column of the table model itself, not a string
# that registry could not resolve.


class Figure(ViewModel, table=True):
    """One row per stated number: its claim, claimant, unit, bounds and status, and the quote
    of the one citation whose words state it, with those words. A figure the editor derived
    rather than read is marked `derived`, with the reason. The claim's other citations are in
    `citations`."""

    __tablename__ = "figures"

    figure_id: str = Field(primary_key=True, description="Figure id: '<claim id>/<path of the number in the claim>'.")
    claim_id: str = Field(index=True, sa_column_args=[ForeignKey(Claim.__table__.c.id)], description="The claim that states the number.")
    topic: ClaimType = Field(index=True, sa_type=AutoString, description=tablebase.FIGURE_TOPIC)
    measure: str = Field(index=True, description="What is counted, e.g. drones_launched, drones_neutralized, missiles_launched, injured, prisoners_total.")
    value: float | None = Field(default=None, sa_type=Number, description="The number the source stated (NULL for a bare range or a vague word).")
    qualifier: Qualifier = Field(index=True, sa_type=AutoString, description="exact, at_least, more_than, at_most, less_than, approximately, range or vague.")
    low: float | None = Field(default=None, sa_type=Number, description=tablebase.LOW)
    high: float | None = Field(default=None, sa_type=Number, description=tablebase.HIGH)
    date_from: dt.date | None = Field(index=True, default=None, description="First possible day of the event (ISO date).")
    date_to: dt.date | None = Field(default=None, description="Last possible day of the event (ISO date); an overnight attack spans two days.")
    place: str | None = Field(index=True, default=None, description="Where (display name): the figure's or claim's place, else the country attacked.")
    claimant: str = Field(index=True, description="Who made the claim (display name), apart from the source that reported it.")
    source_id: str = Field(index=True, sa_column_args=[ForeignKey(Source.__table__.c.id)], description="The source of the citation that states the figure.")
    quote: str = Field(description="That citation's verbatim quote, in the source's language: it states the figure in `words`.")
    translation: str | None = Field(default=None, description="English translation of the quote, where given.")
    words: str | None = Field(default=None, description=tablebase.WORDS)
    unit: str = Field(description=tablebase.UNIT)
    detail: str | None = Field(default=None, description="What else qualifies the number: weapon model, casualty population, exchange side, subset, subject.")
    date_precision: str | None = Field(default=None, description="'day', 'month', 'year'; 'night' for an overnight window, 'window' for another window, 'not_after' for a window with only its last day.")
    claimant_id: str = Field(index=True, sa_column_args=[ForeignKey(Entity.__table__.c.id)], description="Entity id of the claimant.")
    place_id: str | None = Field(index=True, default=None, sa_column_args=[ForeignKey(Entity.__table__.c.id)], description="Entity id of the place.")
    event_id: str | None = Field(index=True, default=None, sa_column_args=[ForeignKey(Event.__table__.c.id)], description="The event the claim is about (`events`), where an editor recorded one.")
    latitude: float | None = Field(default=None, description="Latitude of the place, where known (for map plugins).")
    longitude: float | None = Field(default=None, description="Longitude of the place, where known (for map plugins).")
    citations: int = Field(description="How many citations the claim has.")
    citation_rowid: int = Field(index=True, description="Row id of that citation in `citations_fts` (lets the search box search the quotes that state figures).")
    status: ClaimStatus = Field(index=True, sa_type=AutoString, description="The claim's status: reported, held, completed (things that happened), planned, proposed, agreed, expected, demanded, forecast, cancelled or denied.")
    stated: str | None = Field(default=None, description="When the claimant said it, where the source gives that day apart from the event's (YYYY-MM-DD, YYYY-MM or YYYY).")
    source: str | None = Field(default=None, description="That source's title.")
    derived: bool = Field(description=tablebase.DERIVED)
    derived_reason: str | None = Field(default=None, description="Why and how the editor derived it ('Rudal' refers back to the two missiles launched).")
    vague_text: str | None = Field(default=None, description="The vague word, for a vague quantity ('ratusan' = hundreds).")
    low_open: bool = Field(description=tablebase.LOW_OPEN)
    high_open: bool = Field(description=tablebase.HIGH_OPEN)
    bounds_basis: BoundsBasis | None = Field(default=None, sa_type=AutoString, description=tablebase.BOUNDS_BASIS)
    citation_id: str = Field(description=tablebase.CITATION_ID)
    span_start: int | None = Field(default=None, description=tablebase.SPAN_START)
    span_end: int | None = Field(default=None, description=tablebase.SPAN_END)


class DelegationMember(ViewModel, table=True):
    """Who sat in which delegation at which meeting, with their role: as the source states it
    at that meeting, else the role the person was last observed holding by the meeting's last
    day (`role_basis` says which). A role observed after the meeting is never shown as theirs."""

    __tablename__ = "delegation_members"

    meeting_id: str = Field(description="The meeting (claim id).")
    meeting: str = Field(description="The meeting's name.")
    date_from: dt.date | None = Field(default=None, description="First day of the meeting (ISO date).")
    date_to: dt.date | None = Field(default=None, description="Last day of the meeting (ISO date).")
    city: str | None = Field(default=None, description="City (display name).")
    side: str = Field(description="The country or party the delegation represents (display name).")
    person_id: str = Field(description="The member (entity id).")
    person: str = Field(description="The member's display name.")
    role: str | None = Field(default=None, description="The role as the source states it at that meeting, else as last observed by then (see role_basis).")
    role_basis: str | None = Field(default=None, description="'stated at the meeting', 'observed <date>' (the role observation nearest before the meeting's last day, from `roles`), or NULL where neither is known.")
    leader: bool = Field(description="1 if the member led the delegation.")
    role_observed: str | None = Field(default=None, description="The current role the person was last observed holding on or before the meeting's last day (from `roles`), for comparison with a stated one.")
    role_id: str | None = Field(default=None, description="The role observation `role_observed` comes from (see `roles`).")
    side_id: str = Field(description="Entity id of the side.")
    city_id: str | None = Field(default=None, description="Entity id of the city.")
    status: ClaimStatus = Field(sa_type=AutoString, description="Meeting status: held, planned, proposed, cancelled, ...")
    member_id: str = Field(primary_key=True, description="Member id: '<meeting id>/delegations/<side id>/<person id>'.")


DELEGATION_MEMBERS_SQL = """
CREATE VIEW delegation_members AS
SELECT
  m.meeting_id,
  mt.name AS meeting,
  c.date_from,
  c.date_to,
  city.name AS city,
  side.name AS side,
  m.person_id,
  person.name AS person,
  coalesce(m.role, r.title) AS role,
  CASE WHEN m.role IS NOT NULL THEN 'stated at the meeting'
       WHEN r.id IS NOT NULL THEN 'observed ' || r.observed END AS role_basis,
  m.leader,
  r.title AS role_observed,
  r.id AS role_id,
  d.side_id,
  mt.city_id,
  mt.status,
  m.id AS member_id
FROM members m
JOIN delegations d ON d.id = m.delegation_id
JOIN meetings mt ON mt.claim_id = m.meeting_id
JOIN claims c ON c.id = m.meeting_id
JOIN entities side ON side.id = d.side_id
JOIN entities person ON person.id = m.person_id
LEFT JOIN entities city ON city.id = mt.city_id
-- The latest observation that may be on or before the meeting's last day: the title then,
-- not the earliest one of a long window (Umerov was Defence Minister in June 2025, not at
-- the Miami talks dated only to February 2025 - February 2026).
LEFT JOIN roles r ON r.id = (
  SELECT o.id FROM roles o
  WHERE o.person_id = m.person_id AND o.status = 'current' AND o.observed_from <= c.date_to
  ORDER BY o.observed_from DESC, o.observed_to DESC, o.id LIMIT 1)
ORDER BY c.date_from, m.meeting_id, d.position, m.position
"""


class PersonRole(ViewModel, table=True):
    """Roles people were observed holding, with the person's and organization's names and the
    words that state the role: how a title changed from one source to the next."""

    __tablename__ = "person_roles"

    person_id: str = Field(description="The person (entity id).")
    person: str = Field(description="The person's display name.")
    title: str = Field(description="The role in English, e.g. 'Defence Minister'.")
    organization: str | None = Field(default=None, description="Organization the role belongs to (display name).")
    observed: str = Field(description="The date at which the source states the role (YYYY-MM-DD, YYYY-MM or YYYY).")
    status: RoleStatus = Field(sa_type=AutoString, description="'current', or 'former' where the source calls it a past role.")
    source_id: str = Field(description="The source that states the role.")
    quote: str = Field(description="The words that state the role.")
    role_id: str = Field(primary_key=True, description="Role id: '<person id>/roles/<observed>/<slug of title>'.")


PERSON_ROLES_SQL = """
CREATE VIEW person_roles AS
SELECT
  r.person_id,
  person.name AS person,
  r.title,
  org.name AS organization,
  r.observed,
  r.status,
  cit.source_id,
  cit.quote,
  r.id AS role_id
FROM roles r
JOIN entities person ON person.id = r.person_id
LEFT JOIN entities org ON org.id = r.organization_id
JOIN citations cit ON cit.role_id = r.id
ORDER BY r.person_id, r.observed_from, r.id
"""


STORED: tuple[type[ViewModel], ...] = (Figure,)
"""Views stored as tables: the build writes their rows with every other row (factdb.db.claimrows)."""

class UnboundNumber(ViewModel, table=True):
    """Every number an archived text states that no figure is bound to: what a source still
    holds for an editor to curate (or leaves out on purpose). `factdb coverage` lists it."""

    __tablename__ = "unbound_numbers"

    source_id: str = Field(description="The source whose text states the number.")
    title: str | None = Field(default=None, description="The source's headline, where it prints one.")
    line: int = Field(description="Line of the archive file (seeds/<id>.txt) where the words start, from 1.")
    number: float = Field(sa_type=Number, description="The number the words state.")
    words: str = Field(description="The words that state it, as printed.")
    sentence: str = Field(description="The sentence, caption or headline the words are in.")
    number_id: str = Field(primary_key=True, description="The number's id in `source_numbers`.")


# A number is held by a figure whose words (a span of its citation's quote, placed in the
# archive by the quote's archive_start) overlap the number's words.
UNBOUND_NUMBERS_SQL = """
CREATE VIEW unbound_numbers AS
SELECT
  n.source_id,
  s.title,
  n.line,
  n.number,
  n.words,
  n.sentence,
  n.id AS number_id
FROM source_numbers n
JOIN sources s ON s.id = n.source_id
WHERE NOT EXISTS (
  SELECT 1 FROM citations c JOIN quantities q ON q.citation_id = c.id
  WHERE c.source_id = n.source_id
    AND c.archive_start IS NOT NULL AND q.span_start IS NOT NULL
    AND c.archive_start + q.span_start < n.span_end
    AND n.span_start < c.archive_start + q.span_end
)
ORDER BY n.source_id, n.position
"""


VIEWS: dict[type[ViewModel], str] = {
    EventClaim: EVENT_CLAIMS_SQL,
    DelegationMember: DELEGATION_MEMBERS_SQL,
    DisputedFigure: DISPUTED_FIGURES_SQL,
    CorroboratedFigure: CORROBORATED_FIGURES_SQL,
    PersonRole: PERSON_ROLES_SQL,
    UnboundNumber: UNBOUND_NUMBERS_SQL,
}
"""Views kept as SQL views: their model and the SQL that creates them, in creation order."""

PUBLIC: tuple[type[ViewModel], ...] = (*STORED, *VIEWS)
"""Every public view, stored or not, in the order they are documented."""


def views_sql() -> list[str]:
    return [sql.strip() for sql in VIEWS.values()]
