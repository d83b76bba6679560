"""Stored views: public views whose rows the build writes into a table (`views.STORED`; their
SQL in `factdb.db.stored`).

A stored view is a table with exactly its model's columns, indexed on the columns its model
marks `index=True`. A full build writes its rows with every other row, made in Python from the
same records (`factdb.db.rows`: one figure after its quantity), and indexes it once all are
in; tests/test_build.py holds those rows to the view's SELECT. Each row takes the rowid of the
row it derives from (a figure the rowid of its quantity), so a full build and an incremental
one give the same rows in the same order, and the rows of one fact file are found by its
rowid block like those of any table.

An incremental build deletes the stored rows of the files it rewrites and of the records that
depend on an entity it rewrote (a renamed claimant), then computes exactly those again with
the view's SELECT.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Iterable

from . import stored as stored_views
from .stored import Stored

if TYPE_CHECKING:
    from .viewmodel import ViewModel


def names() -> frozenset[str]:
    """The tables that hold stored views (not filled from fact files)."""
    return frozenset(stored.table for stored in stored_views.ALL)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# SQLAlchemy compiles the tables and indexes only when a file is written from scratch.


def table_sql(model: type[ViewModel]) -> str:
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    return str(CreateTable(model.__table__).compile(dialect=sqlite.dialect())).strip()


def index_sql(model: type[ViewModel]) -> list[str]:
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex

    dialect = sqlite.dialect()
    return [
        str(CreateIndex(index).compile(dialect=dialect)).strip()
        for index in sorted(model.__table__.indexes, key=lambda i: i.name)
    ]


def fill_sql(stored: Stored, columns: list[str], where: str = "1") -> str:
    """INSERT of the view's rows for which `where` (on its columns) holds, in rowid order."""
    names = ", ".join(_quote(c) for c in columns)
    return (
        f"INSERT INTO {_quote(stored.table)} (rowid, {names})\n"
        f"SELECT * FROM ({stored.select})\nWHERE {where}\nORDER BY _rowid"
    )


def stored_columns() -> dict[str, list[str]]:
    """Each stored view's table -> its columns, in order."""
    from .views import STORED

    return {stored.table: list(model.__table__.columns.keys()) for model, stored in STORED.items()}


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the tables of the stored views, without indexes. A full build writes their rows
    with the other rows (`factdb.db.rows`), from the same records the view's SQL reads."""
    from .views import STORED

    for model in STORED:
        conn.execute(table_sql(model))


def index_all(conn: sqlite3.Connection) -> None:
    """Index the stored views' tables once their rows are in (a full build)."""
    from .views import STORED

    for model in STORED:
        for statement in index_sql(model):
            conn.execute(statement)


def refresh(conn: sqlite3.Connection, blocks: Iterable[tuple[int, int]], changed_entities: str) -> None:
    """Compute again the stored rows whose source rows lie in `blocks` ((lo, hi) rowid ranges:
    the old and the new blocks of the files rewritten) or depend on an entity listed in the
    table `changed_entities` (a column `id`). Runs inside the caller's transaction, on a file
    whose stored tables the same code created (the cache vouches for that), so their columns
    are read from the file rather than from the models."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stale (rowid INTEGER PRIMARY KEY)")
    ranges = list(blocks)
    for stored in stored_views.ALL:
        table = _quote(stored.table)
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        view = f"({stored.select})"
        conn.execute("DELETE FROM temp.stale")
        # The rows of the rewritten files, as they were and as their new rows give them.
        conn.executemany(f"INSERT OR IGNORE INTO temp.stale SELECT rowid FROM {table} WHERE rowid BETWEEN ? AND ?", ranges)
        conn.executemany(f"INSERT OR IGNORE INTO temp.stale SELECT _rowid FROM {view} WHERE _rowid BETWEEN ? AND ?", ranges)
        if conn.execute(f"SELECT 1 FROM {changed_entities} LIMIT 1").fetchone():
            conn.execute(
                f"INSERT OR IGNORE INTO temp.stale SELECT _rowid FROM {view} "
                f"WHERE {stored.stale.format(ids=changed_entities)}"
            )
        conn.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM temp.stale)")
        conn.execute(fill_sql(stored, columns, "_rowid IN (SELECT rowid FROM temp.stale)"))
