"""The last build, as an incremental update reads it: a copy of the built file (`LastBuild`),
whose rows say what the files being rebuilt held, which other files name their records, and
what a record of another file is. Rows are found by their file's block of rowids
(`factdb.db.rows.file_blocks`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from pydantic import ValidationError

from .. import models as fm
from ..check.catalog import Located
from ..db import write
from ..db.rows import RECORD_TABLES, ROW_BITS, records_sql
from ..read.project import FactSource
from . import full

RECORDS_SQL = records_sql("{where}")
"""Records of the last build, with their kind and file."""
BLOCK = "rowid BETWEEN :lo AND :hi"
HISTORY_SQL = f"SELECT id, {', '.join(full.HISTORY_FIELDS)} FROM claims WHERE {{where}}"
SPAN = (1 << ROW_BITS) - 1


class Fallback(Exception):
    """The incremental path cannot be trusted for this change: build in full instead."""


class LastBuild:
    """A copy of the last build opened as `conn` (a failure throws it away, so it is written
    without a journal), with where the last build put each file's rows (`blocks`)."""

    def __init__(self, root: Path, conn: sqlite3.Connection, blocks: Mapping[str, int]):
        self.root, self.conn, self.blocks = root, conn, blocks
        conn.execute("PRAGMA journal_mode = OFF")  # a copy: a failure throws it away
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("CREATE TEMP TABLE sensitive (id TEXT PRIMARY KEY)")

    def ranges(self, files: Iterable[str]) -> list[dict[str, int]]:
        """The rowids the last build gave `files` (a file added since had none)."""
        blocks = (self.blocks[rel] for rel in sorted(files) if rel in self.blocks)
        return [{"lo": block, "hi": block | SPAN} for block in blocks]

    def records_of(self, files: Iterable[str]) -> dict[str, tuple]:
        """id -> (id, kind, file, record_json) of the records `files` held."""
        old = {}
        for block in self.ranges(files):
            for row in self.conn.execute(RECORDS_SQL.format(where=BLOCK), block):
                old[row[0]] = row
        return old

    def files_naming(self, ids: Iterable[str]) -> list[str]:
        """Files of the last build with a row naming one of `ids`: every reference between
        records is a foreign key into claims, sources, events or entities. These files are
        checked again, and their rows rewritten (they may copy a name that changed)."""
        self.conn.executemany("INSERT INTO temp.sensitive VALUES (?)", [(i,) for i in ids])
        by_block = {block >> ROW_BITS: rel for rel, block in self.blocks.items()}
        found: set[str] = set()
        for table in self.tables():
            for fk in self.conn.execute(f"PRAGMA foreign_key_list({write.quote_name(table)})").fetchall():
                if fk[2] in (*RECORD_TABLES, "entities"):
                    found.update(by_block[block] for (block,) in self.conn.execute(
                        f"SELECT DISTINCT rowid >> {ROW_BITS} FROM {write.quote_name(table)} "
                        f"WHERE {write.quote_name(fk[3])} IN (SELECT id FROM temp.sensitive)"
                    ))
        return sorted(found)

    def record(self, record_id: str, skip: set[str]) -> Located | None:
        """The record `record_id` of a file not in `skip`, as the last build stored it."""
        rows = self.conn.execute(RECORDS_SQL.format(where="id = :id"), {"id": record_id}).fetchall()
        rows = [row for row in rows if row[2] not in skip]
        if not rows:
            return None
        _, kind, rel, record_json = rows[0]
        try:
            record = fm.BY_KIND[kind].parse_json(record_json)
        except (ValidationError, KeyError) as exc:
            raise Fallback(f"the last build's record of '{record_id}' does not fit the model ({exc})") from None
        return Located(kind, FactSource(self.root, rel), (), record)

    def histories(self, files: Iterable[str] | None = None) -> Iterator[tuple]:
        """(claim id, history fields...) of the claims of `files`, or of every claim."""
        if files is None:
            yield from self.conn.execute(HISTORY_SQL.format(where="1"))
            return
        for block in self.ranges(files):
            yield from self.conn.execute(HISTORY_SQL.format(where=BLOCK), block)

    def tables(self) -> dict[str, list[str]]:
        """Every table whose rows come from fact files (stored views included), with its columns."""
        tables = {}
        for (name,) in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE TABLE%' ORDER BY name"
        ).fetchall():
            shadow = any(name.startswith(f"{table}_fts_") for table in write.FTS_COLUMNS)
            if not shadow and name not in write.UNFILED_TABLES:
                tables[name] = [row[1] for row in self.conn.execute(f"PRAGMA table_info({write.quote_name(name)})")]
        return tables

    def indexed(self, table: str, ranges: list[dict[str, int]]) -> list[tuple]:
        """The rowid and full-text indexed columns of `table`'s rows in `ranges`, in order."""
        columns = ", ".join(write.quote_name(c) for c in write.FTS_COLUMNS[table])
        sql = f"SELECT rowid, {columns} FROM {write.quote_name(table)} WHERE {BLOCK} ORDER BY rowid"
        return sorted(row for block in ranges for row in self.conn.execute(sql, block))
