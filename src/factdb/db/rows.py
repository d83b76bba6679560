"""What every row of the built file is made with: rows by table (`Rows`), records as canonical
JSON, ids from key paths (`path_id`), each fact file's block of rowids (`file_blocks`), and what a
row copies from other files' records (`Across`); how records are read back (`records_sql`) and
the ids a record publishes (`identities`).

The rows themselves are made from one validated fact file by `factdb.db.filerows.rows_of_file`
(those of claims by `factdb.db.claimrows`). Every row names the file it comes from (`file`: a
column of sources, entities and claims; for every table the block of rowids it is inserted in,
see `file_blocks`), by which those rows are found and deleted again. Rows are plain dicts keyed
by column name (plus `file`), built only from validated pydantic models. What a row copies from
another file's record (a claimant's name in a claim's label, a publisher's name; names,
coordinates and a source's title in `figures`, the stored view) comes from `Across`: every
record in a full build, the records through the last build in an incremental one, which
rewrites the rows of every file that copies from a record whose copied fields changed. These
are the only place those rows are made.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import orjson

from .. import models as fm
from ..check.bound import Binding
from ..check.quotetext import normalise
from ..models.keys import key_path

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
    return "/".join(map(str, parts))


def iso(day) -> str | None:
    return day.isoformat() if day is not None else None


class Lookup:
    """Records of some kinds by id (`get`), through a catalog's records (id -> Located), which
    may look ids up elsewhere (`check.catalog.ThroughRecords`: the last build, the other process)."""

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
        """Through a catalog (`check.catalog.Catalog`): its records (id -> Located), its binding
        and its archived texts."""
        records = catalog.records
        return cls(
            Lookup(records, fm.ENTITY_SECTIONS.values()), Lookup(records, ("source",)), blocks,
            catalog.bind, catalog.archive,
        )


def citation_row(
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


def display_name(across: Across, entity_id: str | None) -> str | None:
    entity = None if entity_id is None else across.entities.get(entity_id)
    return None if entity is None else entity.name


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
