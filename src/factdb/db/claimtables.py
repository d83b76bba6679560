"""The tables of claims and what they state: one row per claim (`claims`), its citations, its
figures (`quantities`), the entities and claims it names, and the tables of one claim type
(`meetings`, `delegations`, `members`). Defined as `tables.py` says of every table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index
from sqlmodel import AutoString, Field

from .. import models as fm
from ..models.talks import DelegationMember
from .tablebase import (
    BOUNDS_BASIS, CITATION_ID, CLAIM_TYPE, DERIVED, FILE, HIGH, HIGH_OPEN, LOW, LOW_OPEN, RECORD_JSON, SPAN_END,
    SPAN_START, UNIT, WORDS, BoundsBasis, ClaimStatus, ClaimType, MeetingFormat, MeetingMode, Number, Qualifier,
    TableModel, doc,
)


class Claim(TableModel, table=True):
    """Claims: what a claimant said, attributed to them, never a truth the database asserts.
    One row per claim of any type; the type's details are in `record_json`, its numbers in
    `quantities`, its citations in `citations`."""

    __tablename__ = "claims"

    id: str = Field(primary_key=True, description="Claim id; unique across the project.")
    type: ClaimType = Field(
        index=True,
        sa_type=AutoString,
        description=CLAIM_TYPE,
    )
    label: str = Field(description="A short readable label: the meeting's name, else what the claim is about, then claimant and dates ('Air attack with 183 drones and 2 missiles (Ukrainian Air Force, 2026-02-04 to 2026-02-05)').")
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
    label: str = Field(description="A readable label: the side's name and the meeting's, e.g. 'United States delegation: US-Russia talks in Miami'.")
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
