"""Stored views: public views whose rows the build writes into a table (`views.STORED`).

A stored view is a table with exactly its model's columns, filled from the view's SELECT once
every other row is in, and indexed on the columns its model marks `index=True`. Each row takes
the rowid of the row it derives from (a figure the rowid of its quantity), so a full build and
an incremental one give the same rows in the same order, and the rows of one fact file are
found by its rowid block like those of any table.

An incremental build deletes the stored rows of the files it rewrites and of the records that
depend on an entity it rewrote (a renamed claimant), then computes exactly those again.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from .views import STORED, Stored, ViewModel


def names() -> frozenset[str]:
    """The tables that hold stored views (not filled from fact files)."""
    return frozenset(model.__tablename__ for model in STORED)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_sql(model: type[ViewModel]) -> str:
    return str(CreateTable(model.__table__).compile(dialect=sqlite.dialect())).strip()


def index_sql(model: type[ViewModel]) -> list[str]:
    dialect = sqlite.dialect()
    return [
        str(CreateIndex(index).compile(dialect=dialect)).strip()
        for index in sorted(model.__table__.indexes, key=lambda i: i.name)
    ]


def fill_sql(model: type[ViewModel], stored: Stored, where: str = "1") -> str:
    """INSERT of the view's rows for which `where` (on its columns) holds, in rowid order."""
    columns = ", ".join(_quote(c) for c in model.__table__.columns.keys())
    return (
        f"INSERT INTO {_quote(model.__tablename__)} (rowid, {columns})\n"
        f"SELECT * FROM ({stored.select})\nWHERE {where}\nORDER BY _rowid"
    )


def create_all(conn: sqlite3.Connection) -> None:
    """Create, fill and index every stored view (a full build, after every other row)."""
    for model, stored in STORED.items():
        conn.execute(table_sql(model))
        conn.execute(fill_sql(model, stored))
        for statement in index_sql(model):
            conn.execute(statement)


def refresh(conn: sqlite3.Connection, blocks: Iterable[tuple[int, int]], changed_entities: str) -> None:
    """Compute again the stored rows whose source rows lie in `blocks` ((lo, hi) rowid ranges:
    the old and the new blocks of the files rewritten) or depend on an entity listed in the
    table `changed_entities` (a column `id`). Runs inside the caller's transaction."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stale (rowid INTEGER PRIMARY KEY)")
    ranges = list(blocks)
    for model, stored in STORED.items():
        table = _quote(model.__tablename__)
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
        conn.execute(fill_sql(model, stored, "_rowid IN (SELECT rowid FROM temp.stale)"))
