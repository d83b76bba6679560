"""`factdb build`: validate, then publish the facts as one SQLite file, atomically.

Validation comes first and nothing is written unless every fact is valid. The file is built
under a temporary name beside the target and moved into place with os.replace() only once
complete, so the last good build is never lost or half-written. The same inputs always give
the same `.dump`: rows are inserted in file order, ids come from the facts, and nothing
records when or where the build ran.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import sqlite_utils

from .. import __version__
from ..project import FactSource
from ..validate import Report, validate
from . import tables
from .rows import Rows, rows_of_file
from .views import views_sql

DEFAULT_OUTPUT = Path("build") / "factdb.db"

HISTORY_FIELDS = ("first_recorded", "first_commit", "last_changed", "last_commit")

FTS_COLUMNS = {"citations": ["quote", "translation"], "sources": ["title", "text"]}
"""Full-text indexes: table -> columns (sqlite-utils names the index '<table>_fts')."""

# Display names that need records from other files, filled in once every row is in.
RESOLVE_SQL = (
    """UPDATE sources SET publisher = (SELECT name FROM entities WHERE id = sources.publisher_id)
       WHERE publisher_id IS NOT NULL""",
    """UPDATE sources SET original_publisher =
         (SELECT name FROM entities WHERE id = sources.original_publisher_id)
       WHERE original_publisher_id IS NOT NULL""",
    """UPDATE claims SET label = replace(type, '_', ' ') || ': '
         || (SELECT name FROM entities WHERE id = claims.claimant_id)
         || coalesce(', ' || date_from
                     || CASE WHEN date_to <> date_from THEN ' to ' || date_to ELSE '' END, '')
       WHERE type <> 'meeting'""",
)


class BuildError(Exception):
    """The build could not be completed; nothing was replaced."""


class InvalidFacts(BuildError):
    """Validation found problems; `report` holds them, formatted as `factdb validate` does."""

    def __init__(self, report: Report):
        super().__init__(report.summary_line())
        self.report = report


@dataclass
class BuildResult:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        c = self.counts
        return (
            f"built {self.path}: {c.get('sources', 0)} sources, {c.get('entities', 0)} entities, "
            f"{c.get('claims', 0)} claims, {c.get('quantities', 0)} figures in {self.seconds:.2f}s"
        )


def build(root: Path, out: Path | None = None, *, history: Mapping[str, object] | None = None) -> BuildResult:
    """Validate the repository at `root` and build the SQLite file `out` (default
    <root>/build/factdb.db). `history` maps claim ids to objects with the attributes
    first_recorded, first_commit, last_changed and last_commit (git history); without it those
    columns stay NULL. Raises InvalidFacts, and writes nothing, when the facts do not validate."""
    started = time.perf_counter()
    root = Path(root)
    out = Path(out) if out is not None else root / DEFAULT_OUTPUT
    report = validate(root)
    if not report.ok:
        raise InvalidFacts(report)
    files = report.project.valid_files
    kinds = {record_id: located.kind for record_id, located in report.catalog.records.items()}
    rows = merge(rows_of_file(file, kinds) for file in files)
    if history:
        add_history(rows["claims"], history)
    info = build_info(root, files, rows)
    counts = write_database(out, rows, info)
    return BuildResult(out, counts, time.perf_counter() - started)


def merge(per_file: Iterable[Rows]) -> Rows:
    """The rows of every file, table by table, in file order."""
    merged: Rows = {}
    for rows in per_file:
        for table, table_rows in rows.items():
            merged.setdefault(table, []).extend(table_rows)
    return merged


def add_history(claim_rows: list[dict], history: Mapping[str, object]) -> None:
    for row in claim_rows:
        entry = history.get(row["id"])
        if entry is not None:
            for name in HISTORY_FIELDS:
                row[name] = _text(getattr(entry, name, None))


def _text(value: object) -> str | None:
    if value is None:
        return None
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


def build_info(root: Path, files: list[FactSource], rows: Rows) -> list[dict]:
    """What the build was made from, derived only from its inputs (no clock, no host)."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(f"{file.rel}\0{file.text}\0".encode())
    for source in rows.get("sources", []):
        digest.update(f"{source['archive_path']}\0{source['text']}\0".encode())
    info = {
        "factdb_version": __version__,
        "inputs_sha256": digest.hexdigest(),
        "fact_files": str(len(files)),
    }
    return [{"key": k, "value": v} for k, v in sorted(info.items())]


def write_database(out: Path, rows: Rows, info: list[dict]) -> dict[str, int]:
    """Write the rows into a new file beside `out` and move it into place when complete."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        counts = _fill(tmp, {**rows, "build_info": info})
        # mkstemp makes the file private (0600); a published file gets the usual mode.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fill(path: Path, rows: Rows) -> dict[str, int]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # A temporary file: a crash throws it away, so no journal and no fsync per write.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        for statement in tables.table_sql():
            conn.execute(statement)
        # References may point at records of later files; check them at COMMIT.
        conn.execute("PRAGMA defer_foreign_keys = ON")
        counts = {}
        for table in tables.tables_registry.metadata.sorted_tables:
            table_rows = rows.get(table.name, [])
            counts[table.name] = len(table_rows)
            if table_rows:
                names = list(table.columns.keys())
                conn.executemany(
                    f"INSERT INTO {table.name} ({', '.join(_quote(n) for n in names)}) "
                    f"VALUES ({', '.join(':' + n for n in names)})",
                    table_rows,
                )
        for statement in tables.index_sql():
            conn.execute(statement)
        for statement in RESOLVE_SQL:
            conn.execute(statement)
        try:
            conn.execute("COMMIT")
        except sqlite3.IntegrityError:
            _check_foreign_keys(conn)  # names the broken rows; the transaction is still open
            raise
        db = sqlite_utils.Database(conn)
        for table, fts_columns in FTS_COLUMNS.items():
            db[table].enable_fts(fts_columns, create_triggers=False)
            db[table].optimize()
        conn.execute("BEGIN")
        for statement in views_sql():
            conn.execute(statement)
        conn.execute("COMMIT")
        _check_foreign_keys(conn)
        return counts
    finally:
        conn.close()


def _check_foreign_keys(conn: sqlite3.Connection) -> None:
    # Validation resolves every reference, so a broken key here is a bug in factdb.
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        shown = ", ".join(f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in broken[:5])
        raise BuildError(f"{len(broken)} broken foreign keys (a bug in factdb): {shown}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
