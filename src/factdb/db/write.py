"""Writing the built file: a new SQLite file staged beside the published one, its tables
filled with rows file by file at their rowids, then finished (indexes, foreign keys checked,
full-text indexes, views) and moved into place whole.

These are the primitives; which of them a build calls, and when, is `factdb.builds`.
"""

from __future__ import annotations

import sqlite3
import threading
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterable, Mapping, Protocol

from .rows import ROW_BITS, Rows
from .staging import staged

__all__ = ["staged"]  # staged beside the other primitives the builds use; it lives in staging


class Alongside(Protocol):
    """Work run while SQLite indexes the rows (`finish` starts it; the build then finishes it)."""

    def start(self) -> None: ...

    def finish(self) -> None: ...


DEFAULT_OUTPUT = Path("build") / "factdb.db"


FTS_COLUMNS = {"citations": ["quote", "translation"], "sources": ["title", "text"]}
"""Full-text indexes: table -> columns (sqlite-utils names the index '<table>_fts')."""

FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
"""The indexes' tokenizer: Unicode words without diacritics, stemmed by Porter's English
stemmer, so that a search for 'drones' finds 'drone' in a translation. Indonesian words pass
through it nearly unchanged (few end in an English suffix); readers find their affixed forms
by prefix ('serang*' finds 'serangan'), which the site's search adds to every word."""


class BuildError(Exception):
    """The build could not be completed; nothing was replaced."""


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
    if not rows or "file" not in rows[0]:
        sql, values = _insert_sql(table, tuple(columns), False)
        conn.executemany(sql, map(values, rows))
        return
    sql, values = _insert_sql(table, tuple(columns), True)
    placed: dict[str, int] = {}

    def params():
        for row in rows:
            file = row["file"]
            i = placed.get(file, 0)
            if i >> ROW_BITS:
                raise BuildError(f"{file} gives more than {1 << ROW_BITS:,} rows of {table}; split it")
            placed[file] = i + 1
            yield (blocks[file] | i, *values(row))

    conn.executemany(sql, params())


@lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...], rowid: bool) -> tuple[str, Callable[[dict], tuple]]:
    """The INSERT statement of `table` (with the rowid first, if `rowid`) and what takes a
    row's values in column order: made once per table, not once per file."""
    names = ", ".join(quote_name(c) for c in (("rowid",) if rowid else ()) + columns)
    values = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    marks = ", ".join("?" * (len(columns) + rowid))
    return f"INSERT INTO {quote_name(table)} ({names}) VALUES ({marks})", values


def refresh_fts(conn: sqlite3.Connection, table: str) -> None:
    """Rebuild a full-text index from its table and merge it into one segment: the index is
    then exactly what a full build makes (sqlite-utils' enable_fts, then optimize)."""
    fts = quote_name(f"{table}_fts")
    conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
    conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")


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
    number of rows per table (stored views included)."""
    columns = written_columns()
    counts = dict.fromkeys(columns, 0)
    # The rows of several files go in with one statement per table: a call costs more than
    # a row, and most files give a table only a few rows.
    pending: dict[str, list[dict]] = {}
    waiting = 0
    for rows in per_file:
        for table, table_rows in rows.items():
            if table_rows:
                counts[table] += len(table_rows)
                pending.setdefault(table, []).extend(table_rows)
                waiting += len(table_rows)
        if waiting >= INSERT_BATCH:
            _insert_pending(conn, pending, columns, blocks)
            waiting = 0
    _insert_pending(conn, pending, columns, blocks)
    return counts


INSERT_BATCH = 5000
"""Rows gathered from consecutive files before they are inserted (`insert_files`)."""


def _insert_pending(conn: sqlite3.Connection, pending: dict[str, list[dict]], columns, blocks) -> None:
    for table, table_rows in pending.items():
        insert_rows(conn, table, columns[table], table_rows, blocks)
    pending.clear()


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
    # indexes (the stored `figures` among them; full-text tables have none).
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


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
