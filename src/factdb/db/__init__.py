"""The built SQLite file: its tables and views (SQLModel models), its rows, how it is written,
and a typed API for analysts.

- `factdb.db.tables`: the tables, one SQLModel table model each (those of claims in `claimtables`, what
  they share in `tablebase`);
- `factdb.db.views`: the public views (figures, delegation_members, disputed_figures, ...);
- `factdb.db.materialize`: the tables of the views whose rows the build stores;
- `factdb.db.filerows`: rows of one validated fact file (those of its claims, the stored views' rows among
  them, in `claimrows`; what every row is made with in `rows`);
- `factdb.db.write`: staging a new file, inserting rows, finishing it (indexes, FTS, views);
- `factdb.db.api`: `open_db(path)`, typed queries for analysts;
- `factdb.db.about`: the database's title, description and license, for every form it is published in.

Which way a file is built (full, incremental, on two processes) is `factdb.builds`.
"""

# Loaded on first use: importing SQLAlchemy takes longer than a no-op build.
_EXPORTS = {"BuildError": "write", "FactDB": "api", "open_db": "api"}

__all__ = ["BuildError", "FactDB", "open_db"]


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
