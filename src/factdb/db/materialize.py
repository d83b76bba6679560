"""Stored views: public views whose rows the build writes into a table (`views.STORED`).

A stored view is a table with exactly its model's columns, indexed on the columns its model
marks `index=True`. Its rows are made in Python with the rows of the fact file they come from
(`factdb.db.rows`: a figure after its quantity, taking its rowid), by full and incremental
builds alike, so a stored view has one implementation and no SQL copy to keep in step. A full
build indexes the table once every row is in.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .viewmodel import ViewModel


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


def stored_columns() -> dict[str, list[str]]:
    """Each stored view's table -> its columns, in order."""
    from .views import STORED

    return {model.__tablename__: list(model.__table__.columns.keys()) for model in STORED}


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the tables of the stored views, without indexes (their rows come next)."""
    from .views import STORED

    for model in STORED:
        conn.execute(table_sql(model))


def index_all(conn: sqlite3.Connection) -> None:
    """Index the stored views' tables once their rows are in (a full build)."""
    from .views import STORED

    for model in STORED:
        for statement in index_sql(model):
            conn.execute(statement)
