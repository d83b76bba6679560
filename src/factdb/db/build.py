"""`factdb build`: validate, then publish the facts as one SQLite file, atomically.

Validation comes first and nothing is written unless every fact is valid. The file is built
under a temporary name beside the target and moved into place with os.replace() only once
complete, so the last good build is never lost or half-written. The same inputs always give
the same `.dump`: ids come from the facts, a row's rowid comes from its file's path and its
place in the file (`factdb.db.rows.file_blocks`, so an incremental build gives the same), and
nothing records when or where the build ran.

`build()` always builds from scratch. `factdb build` runs `factdb.db.incremental.update()`,
which rewrites only the rows of the files that changed when it can and builds with the
functions here when it cannot.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from .. import __version__
from ..project import FactSource, paused_gc
from ..validate import Report, check_across, read
from . import cache
from .rows import ROW_BITS, Across, Rows, entities_of, file_blocks, rows_of_file

DEFAULT_OUTPUT = Path("build") / "factdb.db"

HISTORY_FIELDS = ("first_recorded", "first_commit", "last_changed", "last_commit")

HistoryValues = dict[str, tuple]
"""Claim id -> its HISTORY_FIELDS, as text."""

FTS_COLUMNS = {"citations": ["quote", "translation"], "sources": ["title", "text"]}
"""Full-text indexes: table -> columns (sqlite-utils names the index '<table>_fts')."""

FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
"""The indexes' tokenizer: Unicode words without diacritics, stemmed by Porter's English
stemmer, so that a search for 'drones' finds 'drone' in a translation. Indonesian words pass
through it nearly unchanged (few end in an English suffix); readers find their affixed forms
by prefix ('serang*' finds 'serangan'), which the site's search adds to every word."""

# Display names that copy another record's name, as an incremental build fills them in once
# the rows of the files it rewrote are in (a full build has every name at hand and makes the
# same text in rows.py: rows.claim_label; tests/test_incremental.py compares the two):
# (table, assignment, the rows it applies to, the column naming the record it copies from).
_RESOLVE = (
    ("sources", "publisher = (SELECT name FROM entities WHERE id = sources.publisher_id)",
     "publisher_id IS NOT NULL", "publisher_id"),
    ("sources", "original_publisher = (SELECT name FROM entities WHERE id = sources.original_publisher_id)",
     "original_publisher_id IS NOT NULL", "original_publisher_id"),
    ("claims", """label = replace(type, '_', ' ') || ': '
         || (SELECT name FROM entities WHERE id = claims.claimant_id)
         || coalesce(', ' || date_from
                     || CASE WHEN date_to <> date_from THEN ' to ' || date_to ELSE '' END, '')""",
     "type <> 'meeting'", "claimant_id"),
)


def resolve_sql(only: str | None = None) -> list[str]:
    """The UPDATE statements that fill in display names. Given `only`, a condition in which
    `{ref}` stands for the column naming the entity copied from, only the rows it holds for."""
    statements = []
    for table, assignment, where, ref in _RESOLVE:
        if only is not None:
            where += f" AND ({only.format(ref=ref)})"
        statements.append(f"UPDATE {table} SET {assignment} WHERE {where}")
    return statements


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
    mode: str = "full"
    """How it was built: 'full', 'incremental', or 'no-op' (the file was up to date)."""
    reason: str = ""
    """Why that way, in words."""
    stats: dict[str, int] = field(default_factory=dict)
    """Files looked at: found, hashed, changed, added, removed, parsed, rechecked."""

    def summary(self) -> str:
        c = self.counts
        what = (
            f"{c.get('sources', 0)} sources, {c.get('entities', 0)} entities, "
            f"{c.get('claims', 0)} claims, {c.get('quantities', 0)} figures"
        )
        if self.mode == "no-op":
            return f"{self.path} is up to date: {what} (checked in {self.seconds:.2f}s)"
        return f"built {self.path}: {what} in {self.seconds:.2f}s"

    def how(self) -> str:
        """One line: which way the file was built, and why."""
        return f"{self.mode} build: {self.reason}" if self.mode != "no-op" else f"no-op: {self.reason}"


def build(root: Path, out: Path | None = None, *, history: Mapping[str, object] | None = None) -> BuildResult:
    """Validate the repository at `root` and build the SQLite file `out` (default
    <root>/build/factdb.db) from scratch. `history` maps claim ids to objects with the
    attributes first_recorded, first_commit, last_changed and last_commit (git history);
    without it those columns stay NULL. Raises InvalidFacts, and writes nothing, when the facts
    do not validate."""
    started = time.perf_counter()
    root = Path(root)
    out = Path(out) if out is not None else root / DEFAULT_OUTPUT
    report = read(root)
    if not report.ok:
        raise InvalidFacts(check_across(report))
    return publish(root, out, report, history_values(history) if history else None, started, checked=False).result


@dataclass
class Published:
    result: BuildResult
    files: dict[str, str]
    """Fact file -> SHA-256 of the text it was built from."""
    archives: dict[str, str]
    """Archived text -> SHA-256 of the text stored in `sources.text`."""
    history: HistoryValues | None


def publish(
    root: Path, out: Path, report: Report, history: HistoryValues | None, started: float, *, checked: bool = True
) -> Published:
    """Write the file of a repository that validated (`report`). With `checked` false, the
    report is one of `validate.read` (every file valid on its own) whose cross-file rules have
    not run yet: they run while SQLite indexes the rows, and if they find a problem nothing is
    written and InvalidFacts is raised (also instead of any error the writing met)."""
    files = report.project.valid_files
    kinds = {record_id: located.kind for record_id, located in report.catalog.records.items()}
    blocks = file_blocks(file.rel for file in files)
    across = Across(entities_of(report.catalog.records), blocks)
    file_hashes: dict[str, str] = {}
    archive_hashes: dict[str, str] = {}
    # Millions of rows are made and freed, none in cycles: the cyclic GC would only walk them.
    with paused_gc():
        counts = write_database(
            out, file_rows(files, kinds, across, history, file_hashes, archive_hashes),
            lambda: build_info(file_hashes, archive_hashes), blocks,
            alongside=None if checked else Alongside(lambda: check_rules(report)),
        )
    return Published(BuildResult(out, counts, time.perf_counter() - started), file_hashes, archive_hashes, history)


def file_rows(
    files: Iterable[FactSource],
    kinds: Mapping[str, str],
    across: Across,
    history: HistoryValues | None,
    file_hashes: dict[str, str],
    archive_hashes: dict[str, str],
) -> Iterator[Rows]:
    """The rows of valid files, one file after another in rowid order, with their claims'
    history; records the text hash of each file and archived text read as it goes."""
    # In rowid order: each table's b-tree then only grows at its end. One file's rows at a
    # time, written before the next file's are made, so they are never all held at once.
    for file in sorted(files, key=lambda f: across.blocks[f.rel]):
        file_hashes[file.rel] = cache.text_sha256(file.text)
        rows = rows_of_file(file, kinds, across)
        if history:
            apply_history(rows.get("claims", ()), history)
        for row in rows.get("sources", ()):
            archive_hashes[row["archive_path"]] = cache.text_sha256(row["text"])
        yield rows


def check_rules(report: Report) -> None:
    """Run the cross-file rules over a report of `validate.read`; raise InvalidFacts if it is
    not ok then."""
    if not check_across(report).ok:
        raise InvalidFacts(report)


class Alongside:
    """Work done in a thread of its own while SQLite, which releases the GIL while it works,
    indexes the rows; `finish` waits for it and raises what it raised. Never started, it runs
    in `finish`. Used for the cross-file rules, which need only the parsed files."""

    def __init__(self, work: Callable[[], None]):
        self._work = work
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._done = False

    def _run(self) -> None:
        try:
            self._work()
        except BaseException as exc:
            self._error = exc

    def start(self) -> None:
        if self._thread is None and not self._done:
            self._thread = threading.Thread(target=self._run, name="factdb-alongside", daemon=True)
            self._thread.start()

    def finish(self) -> None:
        if not self._done:
            if self._thread is None:
                self._run()
            else:
                self._thread.join()
            self._done = True
        if self._error is not None:
            raise self._error


def merge(per_file: Iterable[Rows]) -> Rows:
    """The rows of every file, table by table, in the order given."""
    merged: Rows = {}
    for rows in per_file:
        for table, table_rows in rows.items():
            merged.setdefault(table, []).extend(table_rows)
    return merged


def history_values(history: Mapping[str, object]) -> HistoryValues:
    """Claim id -> the text of its history fields, from objects with those attributes."""
    return {
        claim_id: tuple(_text(getattr(entry, name, None)) for name in HISTORY_FIELDS)
        for claim_id, entry in history.items()
        if entry is not None
    }


def apply_history(claim_rows: list[dict], values: Mapping[str, tuple]) -> None:
    for row in claim_rows:
        entry = values.get(row["id"])
        if entry is not None:
            row.update(zip(HISTORY_FIELDS, entry))


def add_history(claim_rows: list[dict], history: Mapping[str, object]) -> None:
    apply_history(claim_rows, history_values(history))


def _text(value: object) -> str | None:
    if value is None:
        return None
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


def build_info(files: Mapping[str, str], archives: Mapping[str, str]) -> list[dict]:
    """What the build was made from, derived only from its inputs (no clock, no host): the
    text hashes of the fact files and archived texts (`files`, `archives`: path -> SHA-256)."""
    info = {
        "factdb_version": __version__,
        "inputs_sha256": cache.inputs_digest(files, archives),
        "fact_files": str(len(files)),
    }
    return [{"key": k, "value": v} for k, v in sorted(info.items())]


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A temporary file beside `out` that replaces `out` when the block completes; on any
    error it is removed and `out` stays byte-identical."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); a published file gets the usual mode.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_database(
    out: Path,
    rows: Rows | Iterable[Rows],
    info: list[dict] | Callable[[], list[dict]],
    blocks: Mapping[str, int] | None = None,
    *,
    alongside: Alongside | None = None,
) -> dict[str, int]:
    """Write the rows into a new file beside `out` and move it into place when complete.
    `rows` is either every row by table or the rows of one fact file after another (each
    file once, in the order of `blocks`, as rows_of_file makes them), written as they come.
    `info` is the build_info rows, or a function giving them once every file's rows are in.
    `blocks` gives each fact file's block of rowids (default: from the files in `rows`,
    which must then be every row by table). `alongside` runs while the rows are indexed; the
    file is moved into place only if it raised nothing, and what it raises (invalid facts)
    is raised instead of any error the writing met."""
    if isinstance(rows, Mapping):
        if blocks is None:
            blocks = file_blocks({row["file"] for table_rows in rows.values() for row in table_rows})
        rows = (rows,)
    elif blocks is None:
        raise TypeError("write_database: rows given file by file need their blocks")
    made = [d for d in (out.parent, *out.parent.parents) if not d.exists()]
    try:
        with staged(out) as tmp:
            try:
                counts = _fill(tmp, rows, info, blocks, alongside)
            except Exception:
                if alongside is not None:
                    alongside.finish()
                raise
            if alongside is not None:
                alongside.finish()
            return counts
    except InvalidFacts:
        for directory in made:  # deepest first: invalid facts create nothing
            try:
                directory.rmdir()
            except OSError:
                break
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def views_sql() -> list[str]:
    from .views import views_sql as sql

    return sql()


UNFILED_TABLES = ("build_info",)
"""Tables whose rows come from no fact file (every other row has a rowid in its file's block)."""


def insert_rows(
    conn: sqlite3.Connection, table: str, columns: list[str], rows: list[dict], blocks: Mapping[str, int]
) -> None:
    """Insert `rows` (dicts by column) into `table`. A row that names its fact file (`file`,
    a column or not) gets the rowid of its place among that file's rows, in the file's block
    (`rows.file_blocks`): all the rows one file gives a table must come, in the order
    rows_of_file made them, in one call. Other rows (build_info) are numbered by SQLite."""
    names = ", ".join(_quote(c) for c in columns)
    values = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    if not rows or "file" not in rows[0]:
        conn.executemany(
            f"INSERT INTO {_quote(table)} ({names}) VALUES ({', '.join('?' * len(columns))})",
            map(values, rows),
        )
        return
    placed: dict[str, int] = {}

    def params():
        for row in rows:
            file = row["file"]
            i = placed.get(file, 0)
            if i >> ROW_BITS:
                raise BuildError(f"{file} gives more than {1 << ROW_BITS:,} rows of {table}; split it")
            placed[file] = i + 1
            yield (blocks[file] | i, *values(row))

    conn.executemany(
        f"INSERT INTO {_quote(table)} (rowid, {names}) VALUES ({', '.join('?' * (len(columns) + 1))})",
        params(),
    )


def refresh_fts(conn: sqlite3.Connection, table: str) -> None:
    """Rebuild a full-text index from its table and merge it into one segment: the index is
    then exactly what a full build makes (sqlite-utils' enable_fts, then optimize)."""
    fts = _quote(f"{table}_fts")
    conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
    conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")


def _fill(
    path: Path,
    per_file: Iterable[Rows],
    info: list[dict] | Callable[[], list[dict]],
    blocks: Mapping[str, int],
    alongside: Alongside | None = None,
) -> dict[str, int]:
    conn = open_new(path)
    try:
        counts = insert_files(conn, per_file, blocks)
        finish(conn, counts, info() if callable(info) else info, blocks, alongside)
        return counts
    finally:
        conn.close()


def open_new(path: Path) -> sqlite3.Connection:
    """A connection to the new file `path`, its tables (and the stored views' tables) created
    with no indexes yet, in a transaction: the rows go in next (insert_files), then `finish`."""
    from . import materialize, tables

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # A temporary file: a crash throws it away, so no journal and no fsync per write.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        # Inserts into the text primary keys land all over their indexes: a 64 MB page cache
        # (the default is 2 MB) keeps those pages in memory instead of rereading them.
        conn.execute("PRAGMA cache_size = -65536")
        # Foreign keys are checked once, over the whole file, once every row is in
        # (ForeignKeyCheck): checking each insert as it comes costs more, and references may
        # point at records of later files anyway.
        conn.execute("PRAGMA foreign_keys = OFF")
        # Only our own reader (ForeignKeyCheck) ever holds a lock on this file: waiting for it
        # is always right, however long it reads.
        conn.execute("PRAGMA busy_timeout = 3600000")
        conn.execute("BEGIN")
        for statement in tables.table_sql():
            conn.execute(statement)
        materialize.create_tables(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def table_columns() -> dict[str, list[str]]:
    """Each table filled from fact files -> its columns, in order."""
    from . import tables

    return {table.name: list(table.columns.keys()) for table in tables.tables_registry.metadata.sorted_tables}


def written_columns() -> dict[str, list[str]]:
    """Each table a full build writes rows into: the tables, then the stored views' tables."""
    from . import materialize

    return {**table_columns(), **materialize.stored_columns()}


def insert_files(conn: sqlite3.Connection, per_file: Iterable[Rows], blocks: Mapping[str, int]) -> dict[str, int]:
    """Insert the rows of one file after another (in the order of their blocks); returns the
    number of rows per table (of the tables: not of the stored views, which are not counted)."""
    columns = written_columns()
    counts = dict.fromkeys(table_columns(), 0)
    for rows in per_file:
        for table, table_rows in rows.items():
            if table_rows:
                if table in counts:
                    counts[table] += len(table_rows)
                insert_rows(conn, table, columns[table], table_rows, blocks)
    return counts


def finish(
    conn: sqlite3.Connection,
    counts: dict[str, int],
    info_rows: list[dict],
    blocks: Mapping[str, int],
    alongside: Alongside | None = None,
) -> None:
    """Complete a file whose rows are in (open_new, insert_files): build_info, the indexes
    (its foreign keys checked meanwhile, on a second connection), full-text indexes, views and
    the stored views' indexes. `alongside` runs while SQLite indexes."""
    # SQLAlchemy (the table models) and sqlite-utils load only when a file is written from
    # scratch: a no-op or incremental build does without them.
    import sqlite_utils

    from . import materialize, tables

    counts["build_info"] = len(info_rows)
    insert_rows(conn, "build_info", table_columns()["build_info"], info_rows, blocks)
    # Every row with a foreign key is in: check them on a second connection while this one
    # indexes (stored views and full-text tables have none).
    conn.execute("COMMIT")
    foreign_keys = ForeignKeyCheck(database_path(conn))
    foreign_keys.start()
    conn.execute("BEGIN")
    # From here on SQLite does most of the work, without the GIL: other work can run.
    if alongside is not None:
        alongside.start()
    try:
        for statement in tables.index_sql():
            conn.execute(statement)
    finally:
        foreign_keys.join()  # before COMMIT, which would only wait for the reader
    foreign_keys.raise_error()
    conn.execute("COMMIT")
    db = sqlite_utils.Database(conn)
    for table, fts_columns in FTS_COLUMNS.items():
        db[table].enable_fts(fts_columns, create_triggers=False, tokenize=FTS_TOKENIZE)
        db[table].optimize()
    conn.execute("BEGIN")
    for statement in views_sql():
        conn.execute(statement)
    materialize.index_all(conn)
    conn.execute("COMMIT")


def database_path(conn: sqlite3.Connection) -> Path:
    """The file of a connection's main database."""
    return Path(next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"))


class ForeignKeyCheck:
    """check_foreign_keys on a read-only connection of its own, in a thread, while the writing
    connection goes on (SQLite releases the GIL). The reader holds a shared lock from `start`
    until it is done: the writer may fill its page cache meanwhile, and waits for the reader
    (busy timeout) only when it must write to the file. `join`, then `raise_error`: BuildError
    for a broken key."""

    def __init__(self, path: Path):
        self._path = path
        self._reading = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="factdb-foreign-keys", daemon=True)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            try:
                conn.execute("BEGIN")
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the shared lock
                self._reading.set()
                check_foreign_keys(conn)
                conn.execute("COMMIT")
            finally:
                conn.close()
        except BaseException as exc:
            self._error = exc
        finally:
            self._reading.set()

    def start(self) -> None:
        self._thread.start()
        self._reading.wait()  # the writer's next write must not come before the reader's lock

    def join(self) -> None:
        self._thread.join()

    def raise_error(self) -> None:
        """Raise what the check found (BuildError) or met, once joined."""
        if self._error is not None:
            raise self._error


def check_foreign_keys(conn: sqlite3.Connection) -> None:
    # Validation resolves every reference, so a broken key here is a bug in factdb.
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        shown = ", ".join(f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in broken[:5])
        raise BuildError(f"{len(broken)} broken foreign keys (a bug in factdb): {shown}")


_check_foreign_keys = check_foreign_keys


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
