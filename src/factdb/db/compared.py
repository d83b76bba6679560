"""The views of events: every claim and figure of one event (`event_claims`), and the figures
of one event compared (`disputed_figures`, `corroborated_figures`).

Two figures are compared only when they are about the same thing: the same event, measure,
unit and scope (place, exchange side, casualty population), from two claims whose statuses
say the same of the event (both report what happened: reported, held, completed; or both
the same, two forecasts). Their bounds (`quantities.low`, `high`, and whether each is open,
`low_open`, `high_open`) then either cannot both hold — a dispute — or can.

Each view's SQL is here and only here; the models are the documentation of the columns.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import AutoString, Field

from .tablebase import ClaimType, Number, Qualifier
from .viewmodel import ViewModel

HAPPENED = ("reported", "held", "completed")
"""Statuses that say the event happened; figures of these are compared with each other."""


def _below(x: str, y: str) -> str:
    """SQL: every value figure `x` (a quantities alias) allows is below every value `y` allows:
    1 or 0, never NULL (an open end, NULL, is below nothing), so that NOT works too."""
    return f"coalesce({x}.high < {y}.low OR ({x}.high = {y}.low AND ({x}.high_open OR {y}.low_open)), 0)"


def _apart(x: str, y: str) -> str:
    """SQL: the bounds of `x` and `y` cannot both hold (NULL bounds are open: they never do)."""
    return f"({_below(x, y)} OR {_below(y, x)})"


def _range(q: str) -> str:
    """SQL: the values quantity `q` allows, in words, with its unit: 'exactly 183 drones',
    'at least 41 aircraft', 'more than 1 hours', '200 to 999 prisoners'."""
    low = f"CASE WHEN {q}.low_open THEN 'more than ' ELSE 'at least ' END || {q}.low"
    high = f"CASE WHEN {q}.high_open THEN 'less than ' ELSE 'at most ' END || {q}.high"
    return (
        f"(CASE WHEN {q}.low IS NULL AND {q}.high IS NULL THEN 'any number'"
        f" WHEN {q}.low = {q}.high AND NOT ({q}.low_open OR {q}.high_open) THEN 'exactly ' || {q}.low"
        f" WHEN {q}.high IS NULL THEN {low} WHEN {q}.low IS NULL THEN {high}"
        f" ELSE {low} || ' and ' || {high} END || coalesce(' ' || {q}.unit, ''))"
    )


def _said(f: str, q: str) -> str:
    """SQL: 'Russian MoD: at least 2 aircraft (''beberapa pesawat'')', of figure row `f` and its quantity `q`."""
    return f"{f}.claimant || ': ' || {_range(q)} || coalesce(' (''' || {f}.words || ''')', '')"


def _comparable(ca: str, cb: str) -> str:
    happened = ", ".join(f"'{s}'" for s in HAPPENED)
    sa, sb = f"coalesce({ca}.status, 'reported')", f"coalesce({cb}.status, 'reported')"
    return f"({sa} = {sb} OR ({sa} IN ({happened}) AND {sb} IN ({happened})))"


def _side(f: str, c: str, s: str) -> str:
    """The columns of one figure of a pair (`s` the suffix: a or b)."""
    return f"""
  {f}.figure_id AS figure_id_{s},
  {f}.claim_id AS claim_id_{s},
  {f}.claimant AS claimant_{s},
  coalesce({c}.status, 'reported') AS status_{s},
  {f}.value AS value_{s},
  {f}.qualifier AS qualifier_{s},
  {f}.low AS low_{s},
  {f}.high AS high_{s},
  {f}.words AS words_{s},
  {f}.date_from AS date_from_{s},
  {f}.date_to AS date_to_{s},
  {f}.source_id AS source_id_{s},
  {f}.quote AS quote_{s},
  {f}.translation AS translation_{s}"""


# Pairs of one event, measure and scope are one range of ix_quantities_event_measure_scope;
# a pair is listed once, a with the smaller figure id.
_PAIRS = """
FROM quantities qa
JOIN quantities qb
  ON qb.event_id = qa.event_id AND qb.measure = qa.measure AND qb.scope = qa.scope
 AND qb.id > qa.id AND qb.unit IS qa.unit AND qb.claim_id <> qa.claim_id
JOIN claims ca ON ca.id = qa.claim_id
JOIN claims cb ON cb.id = qb.claim_id
JOIN figures a ON a.figure_id = qa.id
JOIN figures b ON b.figure_id = qb.id
JOIN events e ON e.id = qa.event_id
WHERE qa.event_id IS NOT NULL"""


class DisputedFigure(ViewModel, table=True):
    """Disputes: pairs of figures about the same event, measure, unit and scope (place, exchange
    side, casualty population), from different claimants, whose bounds cannot both be true
    (one says at most 30, the other at least 41). Each row says why. Figures of claims that
    say different things of the event (one reported, one planned) are not compared. `a` is
    the figure with the smaller id. Claims are compared only once an editor groups them into
    an event (`claims.event_id`)."""

    __tablename__ = "disputed_figures"

    event_id: str = Field(description="The event both figures are about (see `events`).")
    event: str = Field(description="The event's name.")
    measure: str = Field(description="The measure both figures state.")
    unit: str | None = Field(default=None, description="The unit of both figures.")
    place: str | None = Field(default=None, description="Where (display name), shared by both figures.")
    why: str = Field(description="Why the two cannot both be true: what each claimant's words allow.")
    figure_id_a: str = Field(primary_key=True, description="Figure a.")
    claim_id_a: str = Field(description="Claim of figure a.")
    claimant_a: str = Field(description="Claimant of figure a (display name).")
    status_a: str = Field(description="Status of figure a's claim: reported, held, completed, planned, ...")
    value_a: float | None = Field(default=None, sa_type=Number, description="Value of figure a.")
    qualifier_a: Qualifier = Field(sa_type=AutoString, description="Qualifier of figure a.")
    low_a: float | None = Field(default=None, sa_type=Number, description="Lowest value figure a allows.")
    high_a: float | None = Field(default=None, sa_type=Number, description="Highest value figure a allows.")
    words_a: str | None = Field(default=None, description="The words that state figure a.")
    date_from_a: dt.date | None = Field(default=None, description="First day of figure a's claim.")
    date_to_a: dt.date | None = Field(default=None, description="Last day of figure a's claim.")
    source_id_a: str | None = Field(default=None, description="Source of the quote that states figure a.")
    quote_a: str | None = Field(default=None, description="The quote that states figure a.")
    translation_a: str | None = Field(default=None, description="English translation of quote a.")
    figure_id_b: str = Field(primary_key=True, description="Figure b.")
    claim_id_b: str = Field(description="Claim of figure b.")
    claimant_b: str = Field(description="Claimant of figure b (display name).")
    status_b: str = Field(description="Status of figure b's claim.")
    value_b: float | None = Field(default=None, sa_type=Number, description="Value of figure b.")
    qualifier_b: Qualifier = Field(sa_type=AutoString, description="Qualifier of figure b.")
    low_b: float | None = Field(default=None, sa_type=Number, description="Lowest value figure b allows.")
    high_b: float | None = Field(default=None, sa_type=Number, description="Highest value figure b allows.")
    words_b: str | None = Field(default=None, description="The words that state figure b.")
    date_from_b: dt.date | None = Field(default=None, description="First day of figure b's claim.")
    date_to_b: dt.date | None = Field(default=None, description="Last day of figure b's claim.")
    source_id_b: str | None = Field(default=None, description="Source of the quote that states figure b.")
    quote_b: str | None = Field(default=None, description="The quote that states figure b.")
    translation_b: str | None = Field(default=None, description="English translation of quote b.")


DISPUTED_FIGURES_SQL = f"""
CREATE VIEW disputed_figures AS
SELECT
  qa.event_id,
  e.name AS event,
  qa.measure,
  qa.unit,
  a.place,
  {_said("a", "qa")} || '; ' || {_said("b", "qb")} || ': no number is both' AS why,{_side("a", "ca", "a")},{_side("b", "cb", "b")}
{_PAIRS}
  AND ca.claimant_id <> cb.claimant_id
  AND {_comparable("ca", "cb")}
  AND {_apart("qa", "qb")}
"""


class CorroboratedFigure(ViewModel, table=True):
    """Corroborations: pairs of figures about the same event, measure, unit and scope whose
    bounds can both be true, each stated in a source of another publisher (the original
    publisher of a copy counts: two copies of one ABC story are one report). `low` and `high`
    are what both allow. Figures of claims that say different things of the event (one
    reported, one planned) are not compared. `a` is the figure with the smaller id."""

    __tablename__ = "corroborated_figures"

    event_id: str = Field(description="The event both figures are about (see `events`).")
    event: str = Field(description="The event's name.")
    measure: str = Field(description="The measure both figures state.")
    unit: str | None = Field(default=None, description="The unit of both figures.")
    place: str | None = Field(default=None, description="Where (display name), shared by both figures.")
    low: float | None = Field(default=None, sa_type=Number, description="Lowest value both figures allow; NULL where open.")
    high: float | None = Field(default=None, sa_type=Number, description="Highest value both figures allow; NULL where open.")
    same_claimant: bool = Field(description="1 if both come from one claimant (reported by two publishers).")
    why: str = Field(description="What each claimant's words allow, which overlap.")
    publisher_a: str = Field(description="Publisher of figure a's source (its original publisher, for a copy).")
    publisher_b: str = Field(description="Publisher of figure b's source (its original publisher, for a copy).")
    figure_id_a: str = Field(primary_key=True, description="Figure a.")
    claim_id_a: str = Field(description="Claim of figure a.")
    claimant_a: str = Field(description="Claimant of figure a (display name).")
    status_a: str = Field(description="Status of figure a's claim: reported, held, completed, planned, ...")
    value_a: float | None = Field(default=None, sa_type=Number, description="Value of figure a.")
    qualifier_a: Qualifier = Field(sa_type=AutoString, description="Qualifier of figure a.")
    low_a: float | None = Field(default=None, sa_type=Number, description="Lowest value figure a allows.")
    high_a: float | None = Field(default=None, sa_type=Number, description="Highest value figure a allows.")
    words_a: str | None = Field(default=None, description="The words that state figure a.")
    date_from_a: dt.date | None = Field(default=None, description="First day of figure a's claim.")
    date_to_a: dt.date | None = Field(default=None, description="Last day of figure a's claim.")
    source_id_a: str | None = Field(default=None, description="Source of the quote that states figure a.")
    quote_a: str | None = Field(default=None, description="The quote that states figure a.")
    translation_a: str | None = Field(default=None, description="English translation of quote a.")
    figure_id_b: str = Field(primary_key=True, description="Figure b.")
    claim_id_b: str = Field(description="Claim of figure b.")
    claimant_b: str = Field(description="Claimant of figure b (display name).")
    status_b: str = Field(description="Status of figure b's claim.")
    value_b: float | None = Field(default=None, sa_type=Number, description="Value of figure b.")
    qualifier_b: Qualifier = Field(sa_type=AutoString, description="Qualifier of figure b.")
    low_b: float | None = Field(default=None, sa_type=Number, description="Lowest value figure b allows.")
    high_b: float | None = Field(default=None, sa_type=Number, description="Highest value figure b allows.")
    words_b: str | None = Field(default=None, description="The words that state figure b.")
    date_from_b: dt.date | None = Field(default=None, description="First day of figure b's claim.")
    date_to_b: dt.date | None = Field(default=None, description="Last day of figure b's claim.")
    source_id_b: str | None = Field(default=None, description="Source of the quote that states figure b.")
    quote_b: str | None = Field(default=None, description="The quote that states figure b.")
    translation_b: str | None = Field(default=None, description="English translation of quote b.")


# Who published a source, for independence: a copy counts as its original publisher's.
_ORIGIN = "coalesce({s}.original_publisher_id, {s}.publisher_id, {s}.publisher)"
_ORIGIN_NAME = "coalesce({s}.original_publisher, {s}.publisher)"

CORROBORATED_FIGURES_SQL = f"""
CREATE VIEW corroborated_figures AS
SELECT
  qa.event_id,
  e.name AS event,
  qa.measure,
  qa.unit,
  a.place,
  max(coalesce(qa.low, qb.low), coalesce(qb.low, qa.low)) AS low,
  min(coalesce(qa.high, qb.high), coalesce(qb.high, qa.high)) AS high,
  ca.claimant_id = cb.claimant_id AS same_claimant,
  {_said("a", "qa")} || '; ' || {_said("b", "qb")} AS why,
  {_ORIGIN_NAME.format(s="sa")} AS publisher_a,
  {_ORIGIN_NAME.format(s="sb")} AS publisher_b,{_side("a", "ca", "a")},{_side("b", "cb", "b")}
{_PAIRS.replace("WHERE", "JOIN sources sa ON sa.id = a.source_id JOIN sources sb ON sb.id = b.source_id WHERE")}
  AND {_comparable("ca", "cb")}
  AND NOT {_apart("qa", "qb")}
  AND {_ORIGIN.format(s="sa")} <> {_ORIGIN.format(s="sb")}
"""


class EventClaim(ViewModel, table=True):
    """Every claim about one event, with each of its figures: one row per figure, and one for a
    claim without figures (its first citation's quote). What everyone said of one night, one
    exchange, one round of talks, side by side; figures are compared in `disputed_figures` and
    `corroborated_figures`."""

    __tablename__ = "event_claims"

    event_id: str = Field(description="The event (see `events`).")
    event: str = Field(description="The event's name.")
    event_kind: str = Field(description="The event's kind: attack_night, strike, exchange, talks, ...")
    claim_id: str = Field(description="A claim about the event.")
    type: ClaimType = Field(sa_type=AutoString, description="The claim's type: air_attack, casualties, meeting, ...")
    claimant: str = Field(description="Who made the claim (display name).")
    status: str = Field(description="What the claim says of the event: reported, held, completed, planned, agreed, ...")
    date_from: dt.date | None = Field(default=None, description="First day of the claim's window (ISO date).")
    date_to: dt.date | None = Field(default=None, description="Last day of the claim's window (ISO date).")
    stated: str | None = Field(default=None, description="When the claimant said it, where given.")
    figure_id: str | None = Field(default=None, description="A figure of the claim (NULL for a claim without figures).")
    measure: str | None = Field(default=None, description="What the figure counts.")
    value: float | None = Field(default=None, sa_type=Number, description="The number stated.")
    qualifier: Qualifier | None = Field(default=None, sa_type=AutoString, description="How the source qualified it.")
    low: float | None = Field(default=None, sa_type=Number, description="Lowest value the words allow.")
    high: float | None = Field(default=None, sa_type=Number, description="Highest value the words allow.")
    unit: str | None = Field(default=None, description="The figure's unit.")
    words: str | None = Field(default=None, description="The words that state the figure.")
    source_id: str | None = Field(default=None, description="Source of the quote.")
    quote: str | None = Field(default=None, description="The quote that states the figure; for a claim without figures, its first citation's.")
    translation: str | None = Field(default=None, description="English translation of the quote.")
    claimant_id: str = Field(description="Entity id of the claimant.")
    item_id: str = Field(primary_key=True, description="The figure id, or the claim id for a claim without figures.")


# No ORDER BY: at 100k claims every claim may have an event; order where you query.
EVENT_CLAIMS_SQL = """
CREATE VIEW event_claims AS
SELECT
  e.id AS event_id,
  e.name AS event,
  e.kind AS event_kind,
  c.id AS claim_id,
  c.type,
  who.name AS claimant,
  coalesce(c.status, 'reported') AS status,
  c.date_from,
  c.date_to,
  c.stated,
  f.figure_id,
  f.measure,
  f.value,
  f.qualifier,
  f.low,
  f.high,
  f.unit,
  f.words,
  coalesce(f.source_id, cit.source_id) AS source_id,
  coalesce(f.quote, cit.quote) AS quote,
  CASE WHEN f.figure_id IS NULL THEN cit.translation ELSE f.translation END AS translation,
  c.claimant_id,
  coalesce(f.figure_id, c.id) AS item_id
FROM events e
JOIN claims c ON c.event_id = e.id
JOIN entities who ON who.id = c.claimant_id
LEFT JOIN figures f ON f.claim_id = c.id
LEFT JOIN citations cit ON f.figure_id IS NULL AND cit.claim_id = c.id AND cit.position = 0
"""
