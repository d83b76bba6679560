"""A small typed Python API over the built file, for analysts.

    from factdb import open_db

    with open_db("build/factdb.db") as db:
        for f in db.figures(measure="drones_launched"):
            print(f.date_from, f.claimant, f.value, f.quote)

Rows are instances of the SQLModel models in `factdb.db.tables` and `factdb.db.views`, so
editors and type checkers know every column. `db.session` is a read-only SQLModel Session
for anything the helpers do not cover: `db.session.exec(select(Figure).where(...))`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from pydantic import TypeAdapter
from sqlalchemy import text
from sqlmodel import Session, create_engine, select

from .. import models as fm
from .write import DEFAULT_OUTPUT
from .claimtables import Citation, Claim
from .tables import Entity, Event, Source
from .views import CorroboratedFigure, DelegationMember, DisputedFigure, EventClaim, Figure, PersonRole, UnboundNumber

_CLAIM = TypeAdapter(fm.Claim)


class FactDB:
    """A built factdb file opened read-only."""

    def __init__(self, path: Path | str = DEFAULT_OUTPUT):
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path} does not exist; run `factdb build` first")
        # mode=ro: an analyst's session can never change the published file.
        url = f"sqlite:///file:{quote(str(self.path.resolve()))}?mode=ro&uri=true"
        self.engine = create_engine(url)
        self.session = Session(self.engine)

    def close(self) -> None:
        self.session.close()
        self.engine.dispose()

    def __enter__(self) -> "FactDB":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def figures(
        self,
        *,
        measure: str | None = None,
        topic: str | None = None,
        claimant_id: str | None = None,
        place_id: str | None = None,
        on: dt.date | None = None,
    ) -> Sequence[Figure]:
        """Stated numbers, by date; `on` keeps those whose date window contains that day."""
        query = select(Figure)
        if measure is not None:
            query = query.where(Figure.measure == measure)
        if topic is not None:
            query = query.where(Figure.topic == topic)
        if claimant_id is not None:
            query = query.where(Figure.claimant_id == claimant_id)
        if place_id is not None:
            query = query.where(Figure.place_id == place_id)
        if on is not None:
            query = query.where(Figure.date_from <= on, Figure.date_to >= on)
        return self.session.exec(query.order_by(Figure.date_from, Figure.figure_id)).all()

    def disputed_figures(
        self, *, measure: str | None = None, event_id: str | None = None
    ) -> Sequence[DisputedFigure]:
        """Pairs of figures of one event that cannot both be true."""
        return self._pairs(DisputedFigure, measure, event_id)

    def corroborated_figures(
        self, *, measure: str | None = None, event_id: str | None = None
    ) -> Sequence[CorroboratedFigure]:
        """Pairs of figures of one event, from independent sources, that can both be true."""
        return self._pairs(CorroboratedFigure, measure, event_id)

    def _pairs(self, model, measure: str | None, event_id: str | None):
        query = select(model)
        if measure is not None:
            query = query.where(model.measure == measure)
        if event_id is not None:
            query = query.where(model.event_id == event_id)
        order = (model.date_from_a, model.measure, model.figure_id_a, model.figure_id_b)
        return self.session.exec(query.order_by(*order)).all()

    def unbound_numbers(self, source_id: str | None = None) -> Sequence[UnboundNumber]:
        """Numbers the archived texts (or one source's) state that no figure is bound to, in
        the order of the texts."""
        query = select(UnboundNumber)
        if source_id is not None:
            query = query.where(UnboundNumber.source_id == source_id)
        return self.session.exec(query).all()

    def events(self) -> Sequence[Event]:
        """Every event, by date."""
        return self.session.exec(select(Event).order_by(Event.date_from, Event.id)).all()

    def event_claims(self, event_id: str) -> Sequence[EventClaim]:
        """Every claim and figure about one event, by claim then figure."""
        query = select(EventClaim).where(EventClaim.event_id == event_id)
        return self.session.exec(query.order_by(EventClaim.claim_id, EventClaim.item_id)).all()

    def delegation_members(
        self, *, meeting_id: str | None = None, person_id: str | None = None
    ) -> Sequence[DelegationMember]:
        query = select(DelegationMember)
        if meeting_id is not None:
            query = query.where(DelegationMember.meeting_id == meeting_id)
        if person_id is not None:
            query = query.where(DelegationMember.person_id == person_id)
        return self.session.exec(query).all()

    def roles(self, person_id: str) -> Sequence[PersonRole]:
        """The roles a person was observed holding, oldest first."""
        return self.session.exec(select(PersonRole).where(PersonRole.person_id == person_id)).all()

    def claim(self, claim_id: str) -> Claim | None:
        return self.session.get(Claim, claim_id)

    def claim_record(self, claim_id: str) -> fm.Claim | None:
        """The claim as the fact model (AirAttack, Meeting, ...), validated again from record_json."""
        row = self.claim(claim_id)
        return None if row is None else _CLAIM.validate_json(row.record_json)

    def entity(self, entity_id: str) -> Entity | None:
        return self.session.get(Entity, entity_id)

    def sources(self) -> Sequence[Source]:
        return self.session.exec(select(Source).order_by(Source.id)).all()

    def search_quotes(self, query: str, *, limit: int = 50) -> Sequence[Citation]:
        """Citations whose quote or translation matches an FTS5 query ('drone AND Kyiv'), best first."""
        statement = text(
            "SELECT citations.* FROM citations_fts"
            " JOIN citations ON citations.rowid = citations_fts.rowid"
            " WHERE citations_fts MATCH :query ORDER BY citations_fts.rank, citations.id LIMIT :limit"
        ).bindparams(query=query, limit=limit)
        return self.session.scalars(select(Citation).from_statement(statement)).all()


def open_db(path: Path | str = DEFAULT_OUTPUT) -> FactDB:
    """Open a built factdb file read-only (default build/factdb.db)."""
    return FactDB(path)
