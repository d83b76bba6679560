"""The SQL of the stored views (see `factdb.db.materialize`): the SELECT that makes their rows
and the condition that finds the rows an entity's change makes stale.

Their models (columns, descriptions, indexes) are in `factdb.db.views`, like every public
view's; the SQL is kept here, apart from SQLModel, so that an incremental build refreshes the
stored rows without loading SQLAlchemy (a second of start-up).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stored:
    """A view whose rows the build stores in a table."""

    table: str
    """The table, named as the view's model (`__tablename__`)."""
    select: str
    """SELECT of the row's rowid as `_rowid`, then the model's columns in order."""
    stale: str
    """Condition on `select`'s columns: the rows that depend on the entities in table `{ids}`."""


# Keyed by the figure's `quantities` rowid, so a rebuild gives every figure the rowid of its
# quantity: a full and an incremental build agree, and a file's figures are its rowid block.
FIGURES_SQL = """
SELECT
  q.rowid AS _rowid,
  q.id AS figure_id,
  q.claim_id,
  c.type AS topic,
  q.measure,
  q.value,
  q.qualifier,
  q.low,
  q.high,
  q.date_from,
  q.date_to,
  p.name AS place,
  who.name AS claimant,
  cit.source_id,
  cit.quote,
  cit.translation,
  q.words,
  q.unit,
  q.detail,
  c.date_precision,
  c.claimant_id,
  q.place_id,
  p.latitude,
  p.longitude,
  (SELECT count(*) FROM citations n WHERE n.claim_id = q.claim_id) AS citations,
  cit.rowid AS citation_rowid
FROM quantities q
JOIN claims c ON c.id = q.claim_id
JOIN entities who ON who.id = c.claimant_id
LEFT JOIN entities p ON p.id = q.place_id
LEFT JOIN citations cit ON cit.claim_id = q.claim_id AND cit.position = 0
"""

FIGURES_STALE = "claimant_id IN (SELECT id FROM {ids}) OR place_id IN (SELECT id FROM {ids})"
"""The figures to compute again when the entities listed in table {ids} changed: their names
and coordinates are copied into `claimant`, `place`, `latitude` and `longitude`."""


FIGURES = Stored("figures", FIGURES_SQL.strip(), FIGURES_STALE)

ALL: tuple[Stored, ...] = (FIGURES,)
"""Every stored view, in the order they are filled."""
