"""Rows of the built file, made from one validated fact file (`rows_of_file`): those of its
sources, entities and events here, those of its claims in `claimrows.py`, with what every row
is made with (`rows.py`).

`rows_of_file` is a pure function of one file (its validated model and the archived texts its
sources name) and of the kind of every id in the project, so an incremental build can redo
the rows of the files that changed alone.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Mapping

from .. import models as fm
from ..check.coverage import source_numbers
from ..models.keys import key_path
from ..read import files
from ..read.project import FactSource
from .claimrows import claim_rows
from .rows import Across, Rows, canonical_json, citation_row, display_name, iso, path_id


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
            claim_rows(rows, record, file.rel, kinds, across)
        elif kind == "source":
            _source_rows(rows, record, file, across)
        elif kind == "event":
            _event_rows(rows, record, file.rel)
        else:
            _entity_rows(rows, record, kind, file.rel, across)
    return rows


def _source_rows(rows: Rows, source: fm.Source, file: FactSource, across: Across) -> None:
    earliest, latest = fm.published_bounds(source.published)
    published = precision = reason = None
    if isinstance(source.published, fm.PartialDate):
        published, precision = str(source.published), source.published.precision
    elif isinstance(source.published, fm.PublishedBound):
        precision, reason = "bounds", source.published.reason
    text = files.archive_text(Path(file.root) / source.archive)  # a FIFO is refused, not waited on
    rows["sources"].append({
        "id": source.id,
        "title": source.title,
        "language": source.language,
        "publisher_id": source.publisher,
        "publisher": display_name(across, source.publisher) if source.publisher else source.publisher_name,
        "original_publisher_id": source.original_publisher,
        "original_publisher": display_name(across, source.original_publisher) if source.original_publisher else None,
        "author": source.author,
        "url": source.url,
        "published": published,
        "published_precision": precision,
        "published_earliest": iso(earliest),
        "published_latest": iso(latest),
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
        rows["citations"].append(citation_row(path_id(role_id, "citation"), None, role_id, 0, role.citation, rel, across))


def _event_rows(rows: Rows, event: fm.Event, rel: str) -> None:
    date_from, date_to = (iso(d) for d in fm.when_bounds(event.when))
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
            "event_id": event.id, "path": ".".join(map(str, ref.path)), "field": str(ref.path[0]),
            "entity_id": ref.target, "file": rel,
        })
