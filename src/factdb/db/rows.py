"""Rows of the built file, made from one validated fact file.

`rows_of_file` is a pure function of one file (its validated model and the archived texts its
sources name) and of the kind of every id in the project, so an incremental build can redo
the rows of the files that changed alone. Every row names the file it comes from (`file`: a
column of sources, entities and claims; for every table the block of rowids it is inserted in,
see `file_blocks`), by which those rows are found and deleted again. Rows are plain dicts keyed
by column name (plus `file`), built only
from validated pydantic models. What a row copies from another file's record (a claimant's
name in a claim's label, a publisher's name; names, coordinates and a source's title in
`figures`, the stored view) comes from `Across`: every record in a full build, the records
through the last build in an incremental one, which rewrites the rows of every file that
copies from a record whose copied fields changed. These are the only place those rows are
made.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

import orjson

from .. import models as fm
from ..check.bound import Binding, Bound
from ..check.coverage import source_numbers
from ..check.quotetext import normalise
from ..models.talks import Meeting
from ..models.keys import key_path
from ..models.statement import FigureRef
from ..models.quantity import bounds_tuple
from ..models.units import unit_kind
from ..read.project import FactSource

Rows = dict[str, list[dict]]
"""Table name -> rows, in insertion order."""


def canonical_json(record: fm.FactModel) -> str:
    """The record as validated, as canonical JSON (the `record_json` columns): keys sorted,
    no spaces, text as UTF-8 rather than escapes."""
    data = record.model_dump(mode="json", by_alias=True, exclude_none=True)
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # an integer beyond 64 bits, which orjson refuses: the same text, slower
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


RECORD_TABLES: dict[str, str] = {k.section: k.kind for k in fm.RECORD_KINDS if not k.entity}
"""Table -> record kind, for the kinds with a table of their own, named as their section in fact
files (sources, claims, events); the entity kinds share `entities`, whose `kind` says which."""


def records_sql(where: str = "1", tables: Iterable[str] | None = None) -> str:
    """A SELECT of (id, kind, file, record_json) of every record of a built file for which
    `where` holds: how a build's records are read back (incremental builds, diffs). `tables`:
    the tables the file has, where it may be a build of an older factdb without some."""
    present = set(RECORD_TABLES) | {"entities"} if tables is None else set(tables)
    return "\nUNION ALL ".join(
        [f"SELECT id, '{kind}', file, record_json FROM {table} WHERE {where}"
         for table, kind in RECORD_TABLES.items() if table in present]
        + ([f"SELECT id, kind, file, record_json FROM entities WHERE {where}"] if "entities" in present else [])
    )


ROW_BITS = 20
"""Rowids of one file's rows in one table: 2**20 of them (a 2 MB file writes far fewer)."""
BLOCK_BITS = 33
"""Bits of a file's block number: rowids stay below 2**53, exact as JSON numbers in a browser."""


def file_blocks(paths: Iterable[str]) -> dict[str, int]:
    """Each fact file's block of rowids: its rows in a table are numbered block + 0, 1, 2, ...
    in the order rows_of_file makes them.

    A block is a hash of the file's path, so it does not depend on which other files exist:
    an incremental build deletes and re-inserts one file's rows and ends with the very rowids
    a full build gives them (so `.dump`, whose rows come in rowid order, is the same, and so
    are the full-text indexes and `figures.citation_rowid`), while one file's rows stay
    together, which keeps inserts fast. Paths whose hashes collide take the next free block in
    (hash, path) order: the blocks are a function of the set of paths alone."""
    blocks: dict[str, int] = {}
    taken: set[int] = set()
    size = 1 << BLOCK_BITS
    hashed = sorted((_block_hash(path), path) for path in paths)
    for number, path in hashed:
        while number in taken:
            number = (number + 1) % size
        taken.add(number)
        blocks[path] = number << ROW_BITS
    return blocks


def _block_hash(path: str) -> int:
    digest = hashlib.blake2b(path.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - BLOCK_BITS)


def path_id(*parts: object) -> str:
    """A deterministic id from a record id and the key path of a node (`models.keys.key_path`):
    'claim/weapons/missile/launched'. '/' never occurs in a record id, so ids of different
    records cannot collide, and validation refuses two items with one key (duplicate-key)."""
    return "/".join(str(p) for p in parts)


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


class Lookup:
    """Records of some kinds by id (`get`), through a catalog's records (id -> Located), which
    may look ids up elsewhere (`rules.ThroughRecords`: the last build, the other process)."""

    def __init__(self, records: Mapping[str, object], kinds: Iterable[str]):
        self._records, self._kinds = records, frozenset(kinds)

    def get(self, record_id: str, default=None):
        found = self._records.get(record_id)
        return found.record if found is not None and found.kind in self._kinds else default


@dataclass(frozen=True)
class Across:
    """What the rows of one file copy from the rest of the project."""

    entities: Mapping[str, object] | Lookup
    """Entity records by id (`get`): names go into display names and figures, a place's
    coordinates into figures."""
    sources: Mapping[str, object] | Lookup
    """Source records by id (`get`): a figure shows its source's title."""
    blocks: Mapping[str, int]
    """Every file's block of rowids (`file_blocks`): a figure names its citation's row."""
    bind: Callable[[object], Binding]
    """The binding of a claim's figures to its quotes (`check.binding.Binder`, as validation made it)."""
    archive: Callable[[str], str | None]
    """A source's archived text, normalised as quotes are checked (`Catalog.archive`): where
    each quote starts in it (`citations.archive_start`) places a figure's words in the archive."""

    @classmethod
    def of(cls, catalog, blocks: Mapping[str, int]) -> "Across":
        """Through a catalog (`check.rules.Catalog`): its records (id -> Located), its binding
        and its archived texts."""
        records = catalog.records
        return cls(
            Lookup(records, fm.ENTITY_SECTIONS.values()), Lookup(records, ("source",)), blocks,
            catalog.bind, catalog.archive,
        )


def rows_of_file(file: FactSource, kinds: Mapping[str, str], across: Across) -> Rows:
    """Every row that one valid fact file contributes. `kinds` maps every id of the project to
    its kind ('source', 'person', 'claim', ...), to tell entity references from claim ones;
    `across` gives what the rows copy from other files' records: display names (a source's
    publisher, a claim's label) and the rows of `figures`."""
    if file.model is None:
        raise ValueError(f"{file.rel} did not validate; only valid files have rows")
    rows: Rows = defaultdict(list)
    for _, _, kind, record in file.model.records():
        if kind == "claim":
            _claim_rows(rows, record, file.rel, kinds, across)
        elif kind == "source":
            _source_rows(rows, record, file, across)
        elif kind == "event":
            _event_rows(rows, record, file.rel)
        else:
            _entity_rows(rows, record, kind, file.rel, across)
    return rows


def claim_label(claim_type: str, claimant: str, date_from: str | None, date_to: str | None) -> str:
    """The label of a claim other than a meeting: 'air attack: Ukrainian Air Force, 2026-02-04
    to 2026-02-05'."""
    label = f"{claim_type.replace('_', ' ')}: {claimant}"
    if date_from is not None:
        label += f", {date_from}"
        if date_to is not None and date_to != date_from:
            label += f" to {date_to}"
    return label


def _source_rows(rows: Rows, source: fm.Source, file: FactSource, across: Across) -> None:
    earliest, latest = fm.published_bounds(source.published)
    published = precision = reason = None
    if isinstance(source.published, fm.PartialDate):
        published, precision = str(source.published), source.published.precision
    elif isinstance(source.published, fm.PublishedBound):
        precision, reason = "bounds", source.published.reason
    text = (Path(file.root) / source.archive).read_text(encoding="utf-8")
    rows["sources"].append({
        "id": source.id,
        "title": source.title,
        "language": source.language,
        "publisher_id": source.publisher,
        "publisher": _name(across, source.publisher) if source.publisher else source.publisher_name,
        "original_publisher_id": source.original_publisher,
        "original_publisher": _name(across, source.original_publisher) if source.original_publisher else None,
        "author": source.author,
        "url": source.url,
        "published": published,
        "published_precision": precision,
        "published_earliest": _iso(earliest),
        "published_latest": _iso(latest),
        "published_reason": reason,
        "updated": str(source.updated) if source.updated is not None else None,
        "archive_path": source.archive,
        "text": text,
        "excerpt": source.excerpt,
        "notes": source.notes,
        "file": file.rel,
        "record_json": canonical_json(source),
    })
    for position, found in enumerate(source_numbers(text)):
        rows["source_numbers"].append({
            "id": f"{source.id}/numbers/{position}",
            "source_id": source.id,
            "position": position,
            "number": found.number,
            "words": found.words,
            "span_start": found.start,
            "span_end": found.end,
            "line": found.line,
            "sentence": found.sentence,
            "file": file.rel,
        })


def _entity_rows(rows: Rows, entity, kind: str, rel: str, across: Across) -> None:
    rows["entities"].append({
        "id": entity.id,
        "kind": kind,
        "name": entity.name,
        "subkind": getattr(entity, "kind", None),
        "country_id": getattr(entity, "country", None),
        "parent_id": getattr(entity, "parent", None) or getattr(entity, "within", None),
        "iso_code": getattr(entity, "iso_code", None),
        "latitude": getattr(entity, "latitude", None),
        "longitude": getattr(entity, "longitude", None),
        "notes": entity.notes,
        "file": rel,
        "record_json": canonical_json(entity),
    })
    for alias in dict.fromkeys(entity.aliases):  # a repeated alias is one row
        rows["aliases"].append({"entity_id": entity.id, "alias": alias, "file": rel})
    for i, role in enumerate(getattr(entity, "roles", ())):
        role_id = path_id(entity.id, *key_path(entity, ("roles", i)))
        rows["roles"].append({
            "id": role_id,
            "person_id": entity.id,
            "position": i,
            "title": role.title,
            "organization_id": role.organization,
            "observed": str(role.observed),
            "observed_from": role.observed.start.isoformat(),
            "observed_to": role.observed.end.isoformat(),
            "status": role.status,
            "file": rel,
        })
        rows["citations"].append(_citation(path_id(role_id, "citation"), None, role_id, 0, role.citation, rel, across))


def _event_rows(rows: Rows, event: fm.Event, rel: str) -> None:
    date_from, date_to = (_iso(d) for d in fm.when_bounds(event.when))
    rows["events"].append({
        "id": event.id,
        "kind": event.kind,
        "name": event.name,
        "date_from": date_from,
        "date_to": date_to,
        "date_precision": fm.when_precision(event.when),
        "place_id": event.place,
        "country_id": event.country,
        "attacker_id": event.attacker,
        "target_country_id": event.target_country,
        "notes": event.notes,
        "file": rel,
        "record_json": canonical_json(event),
    })
    for ref in event.references():
        rows["event_entities"].append({
            "event_id": event.id, "path": ".".join(str(p) for p in ref.path), "field": str(ref.path[0]),
            "entity_id": ref.target, "file": rel,
        })


def _citation(
    cid: str, claim_id: str | None, role_id: str | None, position: int, citation: fm.Citation, rel: str,
    across: Across,
) -> dict:
    text = across.archive(citation.source)
    at = text.find(normalise(citation.quote)) if text is not None else -1
    return {
        "id": cid,
        "claim_id": claim_id,
        "role_id": role_id,
        "position": position,
        "source_id": citation.source,
        "quote": citation.quote,
        "translation": citation.translation,
        "archive_start": at if at >= 0 else None,
        "file": rel,
    }


def _name(across: Across, entity_id: str | None) -> str | None:
    entity = None if entity_id is None else across.entities.get(entity_id)
    return None if entity is None else entity.name


def _claim_rows(rows: Rows, claim, rel: str, kinds: Mapping[str, str], across: Across) -> None:
    date_from, date_to = (_iso(d) for d in fm.when_bounds(claim.when))
    claimant = _name(across, claim.claimant)
    label = claim.name if isinstance(claim, Meeting) else claim_label(claim.type, claimant, date_from, date_to)
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
        rows["citations"].append(_citation(citation_ids[i], claim.id, None, i, citation, rel, across))
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
        path = ".".join(str(p) for p in ref.path)
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
        _meeting_rows(rows, claim, rel)


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
        "path": ".".join(str(p) for p in figure.path),
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
        "latitude": getattr(place, "latitude", None),
        "longitude": getattr(place, "longitude", None),
        "citations": len(claim.citations),
        "citation_id": quantity["citation_id"],
        "citation_rowid": across.blocks[quantity["file"]] | (first_citation + bound.citation),
        "span_start": quantity["span_start"],
        "span_end": quantity["span_end"],
        "file": quantity["file"],
    }


def _meeting_rows(rows: Rows, meeting: Meeting, rel: str) -> None:
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
            "id": delegation_id, "meeting_id": meeting.id, "position": i, "side_id": delegation.side,
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


def identities(kind: str, record) -> dict[str, tuple[str, str]]:
    """Each id a record publishes that could come to name something else without changing ->
    (what sort of thing it is, what it names): the record's own id its kind (a claim's type and
    claimant, an event's kind), a figure id its measure, a citation id its quote. `factdb diff`
    compares these between two versions (ids built from keys name the same thing by design:
    a role's date and title, a delegation's side)."""
    if kind == "claim":
        named = {record.id: ("claim", f"{record.type} claim of {record.claimant}")}
        for figure in record.figures():
            named[path_id(record.id, *key_path(record, figure.path))] = ("figure", figure.measure)
        for i, citation in enumerate(record.citations):
            named[path_id(record.id, *key_path(record, ("citations", i)))] = ("citation", " ".join(citation.quote.split()))
        return named
    if kind == "event":
        return {record.id: ("event", f"{record.kind} event")}
    if kind == "source":
        return {record.id: ("source", f"source archived as {record.archive}")}
    return {record.id: (kind, kind)}
