"""One incremental update (`Update`), on a copy of the last build: the changed files and those
that depend on them checked (`check`), the claims' git history made to agree with the rows
(`history`), and the rows of the touched files replaced (`write`). `factdb.builds.incremental`
decides when to take this path and falls back to a full build when it raises `Fallback`. What
the last build's rows say is read through `factdb.builds.lastbuild`.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Callable, Mapping

from .. import models as fm
from ..check import rules
from ..check.catalog import Catalog, KindsThrough, Located, ThroughRecords
from ..db import write
from ..db.filerows import rows_of_file
from ..db.rows import Across, canonical_json, file_blocks
from ..read.project import FactSource, load_file
from . import cache, full
from .lastbuild import BLOCK, SPAN, Fallback, LastBuild

History = Mapping[str, object] | Callable[[], Mapping[str, object] | None] | None

def load_history(history: History) -> Mapping[str, object] | None:
    return history() if callable(history) else history


SHOWN_FIELDS = ("name", "latitude", "longitude")
"""What rows copy from an entity of another file (labels, publishers, `figures`): a change of
any of these rewrites the rows of every file that names the entity."""


def _shown(record) -> tuple:
    """The SHOWN_FIELDS of a record: a model, or its record_json read back (a dict)."""
    if isinstance(record, dict):
        return tuple(record.get(name) for name in SHOWN_FIELDS)
    return tuple(getattr(record, name, None) for name in SHOWN_FIELDS)


def load(root: Path, plan: cache.Plan, rels: list[str], into: dict[str, FactSource]) -> None:
    for rel in rels:
        file = load_file(root, plan.paths[rel])
        if file.problems or file.model is None:
            raise Fallback(f"{rel} does not validate; checking every file to report every problem")
        into[rel] = file


def copy(src: Path, dst: Path) -> None:
    """Copy the last build, in the kernel (a reflink where the file system has them)."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        size = os.fstat(fin.fileno()).st_size
        try:
            copied = 0
            while copied < size:
                n = os.copy_file_range(fin.fileno(), fout.fileno(), size - copied)
                if n == 0:
                    break
                copied += n
            if copied == size:
                return
        except (AttributeError, OSError):
            pass
    shutil.copyfile(src, dst)


class Update:
    """One incremental update, on a copy of the last build opened as `conn`."""

    def __init__(self, root: Path, conn: sqlite3.Connection, plan: cache.Plan, loaded: dict[str, FactSource]):
        self.root, self.conn, self.plan, self.loaded = root, conn, plan, loaded
        self.dependents: list[str] = []
        self.blocks = file_blocks(plan.paths)
        """Where each fact file's rows go."""
        self.last = LastBuild(root, conn, file_blocks(plan.manifest.files))
        """The last build, and where it put them."""
        # A new path whose block collides with an unchanged file's can move it to another.
        self.moved = sorted(rel for rel in plan.entries if self.blocks[rel] != self.last.blocks.get(rel))
        self.catalog: Catalog | None = None
        self.inputs_sha256 = ""
        self.deleted: dict[str, int] = {}
        self.inserted: dict[str, int] = {}
        self.history_values: Mapping[str, tuple] = {}
        """History of the claims whose rows are rewritten."""
        self.history_updates: list[tuple] = []
        """(fields..., claim id) of unchanged claims whose history changed."""
        load(root, plan, self.moved, loaded)
        self.touched = {*loaded, *plan.removed}
        """Files whose rows are replaced: read again, or gone."""

    # -- validation ------------------------------------------------------------------------

    def check(self) -> None:
        """Validate the changed files and the unchanged ones that depend on the change; raise
        Fallback if anything is wrong (the full build then says what)."""
        old = self.last.records_of(self.touched)
        new = {
            record.id: (kind, record)
            for file in self.loaded.values()
            for _, _, kind, record in file.model.records()
        }
        sensitive = [
            record_id for record_id, (_, kind, _, record_json) in old.items()
            if record_id not in new or new[record_id][0] != kind
            or (kind == "source" and canonical_json(new[record_id][1]) != record_json)
            or (kind in fm.ENTITY_KINDS and _shown(json.loads(record_json)) != _shown(new[record_id][1]))
        ]
        if sensitive:
            self.dependents = sorted(set(self.last.files_naming(sensitive)) - self.touched)
            load(self.root, self.plan, self.dependents, self.loaded)
            self.touched.update(self.dependents)
        files = [self.loaded[rel] for rel in sorted(self.loaded)]
        catalog = Catalog.build(self.root, files)
        catalog.records = ThroughRecords(catalog.records, self._lookup)
        self.catalog = catalog
        for record_id in list(dict.keys(catalog.records)):
            elsewhere = self._lookup(record_id)
            if elsewhere is not None:
                raise Fallback(f"id '{record_id}' is also defined in {elsewhere.file.rel}; checking every file")
        for rule in rules.RULES:
            for problem in rule(catalog):
                raise Fallback(f"{problem.file} does not validate; checking every file to report every problem")

    def _lookup(self, record_id: str) -> Located | None:
        """A record of a file not being rebuilt, as the last build stored it."""
        return self.last.record(record_id, self.touched)

    # -- history ---------------------------------------------------------------------------

    def history(self, out: Path, history: History, key: str) -> dict[str, tuple] | None:
        """Find the history of the claims being rewritten and, if the history changed (git
        HEAD moved, or the shallow boundary, replace refs or grafts changed), of every claim
        whose history differs from its row. Returns the history to cache when it changed,
        else None.

        The cache is believed only where the last build can vouch for it: the cached values of
        the claims being rewritten must be those of their rows, and a changed history is
        compared with the rows themselves, not with the cache."""
        if self.plan.history_changed:
            loaded = load_history(history) if key else None
            new = full.history_values(loaded) if loaded else {}
            none = (None,) * len(full.HISTORY_FIELDS)
            self.history_updates = [
                (*new.get(claim_id, none), claim_id)
                for claim_id, *values in self.last.histories()
                if tuple(values) != new.get(claim_id, none)
            ]
            self.history_values = new
            return new
        if not any(f.model.claims for f in self.loaded.values()):
            return None  # no claim row is rewritten: the cached history is not needed
        try:
            old = cache.load_history(out, self.plan.manifest.history_key)
        except cache.CacheError as exc:
            raise Fallback(f"the cached git history is unusable ({exc})") from None
        none = (None,) * len(full.HISTORY_FIELDS)
        for claim_id, *values in self.last.histories(self.touched):
            if tuple(values) != old.get(claim_id, none):
                raise Fallback(f"the cached git history of '{claim_id}' is not that of the last build")
        self.history_values = old
        return None

    # -- writing ---------------------------------------------------------------------------

    def write(self) -> tuple[dict[str, int], dict[str, cache.Entry]]:
        """Replace the rows of the touched files; returns the new counts and archive entries."""
        conn = self.conn
        kinds = KindsThrough(self.catalog.records)
        across = Across.of(self.catalog, self.blocks)
        rows = full.merge(
            rows_of_file(self.loaded[rel], kinds, across) for rel in sorted(self.loaded, key=self.blocks.__getitem__)
        )
        full.apply_history(rows.get("claims", []), self.history_values)
        tables = self.last.tables()
        conn.execute("BEGIN")
        conn.execute("PRAGMA defer_foreign_keys = ON")  # parents and children change in any order
        ranges = self.last.ranges(self.touched)
        new_ranges = [{"lo": self.blocks[rel], "hi": self.blocks[rel] | SPAN} for rel in sorted(self.loaded)]
        indexed_before = {table: self.last.indexed(table, ranges) for table in write.FTS_COLUMNS}
        for table in tables:
            self.deleted[table] = sum(
                max(conn.execute(f"DELETE FROM {write.quote_name(table)} WHERE {BLOCK}", block).rowcount, 0)
                for block in ranges
            )
        for table, columns in tables.items():
            table_rows = rows.get(table, [])
            self.inserted[table] = len(table_rows)
            if table_rows:
                write.insert_rows(conn, table, columns, table_rows, self.blocks)
        if self.history_updates:
            conn.executemany(
                f"UPDATE claims SET {', '.join(f'{name} = ?' for name in full.HISTORY_FIELDS)} WHERE id = ?",
                self.history_updates,
            )
        for table in write.FTS_COLUMNS:
            # A full-text index is a function of the rowids and texts it indexes: where the
            # rewritten rows left those as they were, the index already is the one a full
            # build makes, and rebuilding it (most of a second at 100k claims) is skipped.
            if self.last.indexed(table, new_ranges) != indexed_before[table]:
                write.refresh_fts(conn, table)
        archives = self._archives(rows)
        files = {**{rel: e[4] for rel, e in self.plan.entries.items()},
                 **{rel: cache.text_sha256(f.text) for rel, f in self.loaded.items()}}
        self.inputs_sha256 = cache.inputs_digest(files, {rel: e[4] for rel, e in archives.items()})
        conn.executemany(
            "UPDATE build_info SET value = ? WHERE key = ?",
            [(self.inputs_sha256, "inputs_sha256"), (str(len(files)), "fact_files")],
        )
        try:
            conn.execute("COMMIT")
        except sqlite3.IntegrityError:
            write.check_foreign_keys(conn)  # names the broken rows
            raise
        counts = dict(self.plan.manifest.counts)
        for table in tables:
            counts[table] = counts.get(table, 0) - self.deleted.get(table, 0) + self.inserted.get(table, 0)
        return counts, archives

    def _archives(self, rows) -> dict[str, cache.Entry]:
        """Manifest entries of the archived texts the sources now name."""
        named = {row[0] for row in self.conn.execute("SELECT DISTINCT archive_path FROM sources")}
        old = self.plan.manifest.archives
        entries = {rel: old[rel] for rel in named if rel in old}
        new_texts = {row["archive_path"]: row["text"] for row in rows.get("sources", [])}
        for rel in named - entries.keys():
            if rel not in new_texts:
                raise Fallback(f"no cached hash of the archived text {rel}")
            entries[rel] = cache.entry(os.stat(self.root / rel), cache.text_sha256(new_texts[rel]), self.plan.started_ns)
        return entries

    def describe(self) -> str:
        c = self.plan.counters
        parts = [f"{c['changed']} changed", f"{c['added']} added", f"{c['removed']} removed"]
        text = f"{', '.join(parts)} of {c['files']:,} fact files"
        if self.dependents:
            text += f"; {len(self.dependents)} unchanged files that depend on them re-checked"
        if self.moved:
            text += f"; {len(self.moved)} unchanged files renumbered"
        if self.plan.history_changed:
            text += "; git history updated"
        return text
