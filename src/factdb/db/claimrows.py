"""Rows of one claim: its row in `claims` (with its label), its citations, its figures in
`quantities` and in the stored view `figures`, the entities and claims it names, and the rows of
its type's own tables (`meetings`, `delegations`, `members`).
"""

from __future__ import annotations

from typing import Mapping

from .. import models as fm
from ..check.bound import Bound
from ..models.keys import key_path
from ..models.quantity import bounds_tuple
from ..models.statement import FigureRef
from ..models.talks import Meeting
from ..models.units import unit_kind
from .rows import Across, Rows, canonical_json, citation_row, display_name, iso, path_id


def claim_rows(rows: Rows, claim, rel: str, kinds: Mapping[str, str], across: Across) -> None:
    date_from, date_to = (iso(d) for d in fm.when_bounds(claim.when))
    claimant = display_name(across, claim.claimant)
    label = claim.label(claimant, date_from, date_to)
    date_precision = fm.when_precision(claim.when)
    claim_row = {
        "id": claim.id,
        "type": claim.type,
        "label": label,
        "claimant_id": claim.claimant,
        "date_from": date_from,
        "date_to": date_to,
        "date_precision": date_precision,
        "stated": str(claim.stated) if claim.stated is not None else None,
        "event_id": claim.event,
        "place_id": claim.place_id(),
        "status": claim.status,
        "notes": claim.notes,
        "file": rel,
        "record_json": canonical_json(claim),
        "first_recorded": None,
        "first_commit": None,
        "last_changed": None,
        "last_commit": None,
    }
    rows["claims"].append(claim_row)
    first_citation = len(rows["citations"])  # its place among the file's citation rows
    keys: dict = {}  # the keys of the claim's lists, for key_path
    citation_ids = [path_id(claim.id, *key_path(claim, ("citations", i), keys)) for i in range(len(claim.citations))]
    for i, citation in enumerate(claim.citations):
        rows["citations"].append(citation_row(citation_ids[i], claim.id, None, i, citation, rel, across))
    binding = across.bind(claim)
    for position, (figure, bound) in enumerate(zip(binding.figures, binding.bounds)):
        if bound is None:
            raise ValueError(f"{rel}: {claim.id}: a figure is not bound to its words; only valid files have rows")
        figure_id = path_id(claim.id, *key_path(claim, figure.path, keys))
        quantity = _quantity_row(claim, figure, bound, position, (date_from, date_to), rel,
                                 figure_id, citation_ids[bound.citation])
        rows["quantities"].append(quantity)
        rows["figures"].append(_figure_row(quantity, claim_row, claim, claimant, bound, first_citation, across))
    for ref in claim.references():
        path = ".".join(map(str, ref.path))
        target_kind = kinds.get(ref.target)
        if target_kind == "event":
            continue  # claims.event_id
        if target_kind == "claim":
            rows["claim_links"].append({
                "claim_id": claim.id, "path": path, "field": str(ref.path[0]), "target_claim_id": ref.target,
                "file": rel,
            })
        else:
            rows["claim_entities"].append({
                "claim_id": claim.id, "path": path, "field": str(ref.path[0]), "entity_id": ref.target,
                "file": rel,
            })
    if isinstance(claim, Meeting):
        _meeting_rows(rows, claim, rel, across)


def _quantity_row(claim, figure: FigureRef, bound: Bound, position: int, dates: tuple, rel: str,
                  figure_id: str, citation_id: str) -> dict:
    q = figure.quantity
    if isinstance(q, fm.QuantityDetail):
        value, qualifier, vague_text, unit = q.value, q.qualifier, q.text, q.unit or figure.unit
    else:  # a plain number: exact, in its field's unit
        value, qualifier, vague_text, unit = q, "exact", None, figure.unit
    low, high, low_open, high_open, basis = bounds_tuple(q, unit_kind(unit))
    words, start, end = bound.span()
    date_from, date_to = dates
    return {
        "id": figure_id,
        "claim_id": claim.id,
        "position": position,
        "path": ".".join(map(str, figure.path)),
        "measure": figure.measure,
        "value": value,
        "qualifier": qualifier,
        "low": low,
        "high": high,
        "low_open": low_open,
        "high_open": high_open,
        "bounds_basis": basis,
        "vague_text": vague_text,
        "unit": unit,
        "citation_id": citation_id,
        "words": words,
        "span_start": start,
        "span_end": end,
        "derived": int(bound.derived is not None),
        "derived_reason": bound.derived,
        "detail": figure.detail,
        "date_from": date_from,
        "date_to": date_to,
        "event_id": claim.event,
        "place_id": figure.place,
        "scope": figure.scope,
        "file": rel,
    }


def _figure_row(quantity: dict, claim_row: dict, claim, claimant: str | None, bound: Bound, first_citation: int,
                across: Across) -> dict:
    """The `figures` row of a quantity, with the quote of the citation it is bound to. It goes
    in after its quantity, one for one, so it takes its quantity's rowid."""
    place = across.entities.get(quantity["place_id"]) if quantity["place_id"] else None
    citation = claim.citations[bound.citation]
    source = across.sources.get(citation.source)
    return {
        "figure_id": quantity["id"],
        "claim_id": claim.id,
        "topic": claim.type,
        "measure": quantity["measure"],
        "value": quantity["value"],
        "unit": quantity["unit"],
        "qualifier": quantity["qualifier"],
        "low": quantity["low"],
        "high": quantity["high"],
        "status": claim_row["status"],
        "date_from": quantity["date_from"],
        "date_to": quantity["date_to"],
        "stated": claim_row["stated"],
        "place": place.name if place is not None else None,
        "claimant": claimant,
        "source_id": citation.source,
        "source": source.title if source is not None else None,
        "quote": citation.quote,
        "words": quantity["words"],
        "translation": citation.translation,
        "derived": quantity["derived"],
        "derived_reason": quantity["derived_reason"],
        "detail": quantity["detail"],
        "vague_text": quantity["vague_text"],
        "low_open": quantity["low_open"],
        "high_open": quantity["high_open"],
        "bounds_basis": quantity["bounds_basis"],
        "date_precision": claim_row["date_precision"],
        "claimant_id": claim.claimant,
        "place_id": quantity["place_id"],
        "event_id": quantity["event_id"],
        "latitude": getattr(place, "latitude", None),
        "longitude": getattr(place, "longitude", None),
        "citations": len(claim.citations),
        "citation_id": quantity["citation_id"],
        "citation_rowid": across.blocks[quantity["file"]] | (first_citation + bound.citation),
        "span_start": quantity["span_start"],
        "span_end": quantity["span_end"],
        "file": quantity["file"],
    }


def _meeting_rows(rows: Rows, meeting: Meeting, rel: str, across: Across) -> None:
    rows["meetings"].append({
        "claim_id": meeting.id,
        "name": meeting.name,
        "status": meeting.status,
        "format": meeting.format,
        "mode": meeting.mode,
        "round": fm.describe(meeting.round)[0] if meeting.round is not None else None,
        "series": meeting.series,
        "city_id": meeting.city,
        "country_id": meeting.country,
        "venue_id": meeting.venue,
        "outcome": meeting.outcome,
        "file": rel,
    })
    for i, delegation in enumerate(meeting.delegations):
        delegation_id = path_id(meeting.id, *key_path(meeting, ("delegations", i)))
        rows["delegations"].append({
            "id": delegation_id, "label": delegation.label(display_name(across, delegation.side) or delegation.side, meeting.name),
            "meeting_id": meeting.id, "position": i, "side_id": delegation.side,
            "file": rel,
        })
        for j, member in enumerate(delegation.members):
            rows["members"].append({
                "id": path_id(delegation_id, member.key()),
                "delegation_id": delegation_id,
                "meeting_id": meeting.id,
                "position": j,
                "person_id": member.person,
                "role": member.role,
                "leader": int(member.leader),
                "file": rel,
            })
