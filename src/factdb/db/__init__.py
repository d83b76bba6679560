"""The built SQLite file: its tables and views (SQLModel models), the build, and a typed API.

- `factdb.db.tables`: the tables, one SQLModel table model each;
- `factdb.db.views`: the public views (figures, delegation_members, disputed_figures, ...);
- `factdb.db.rows`: rows of one validated fact file;
- `factdb.db.build`: `build(root, out, history=None)`, validate then write atomically;
- `factdb.db.incremental`: `update(root, out, ...)`, what `factdb build` runs: nothing when
  nothing changed, the changed files' rows when it can, else `build`;
- `factdb.db.cache`: what the last build was made from (the manifest beside the file);
- `factdb.db.api`: `open_db(path)`, typed queries for analysts.
"""

# Loaded on first use: importing SQLAlchemy takes longer than a no-op build.
_EXPORTS = {
    "BuildError": "build", "BuildResult": "build", "InvalidFacts": "build",
    "FactDB": "api", "open_db": "api",
}

# `build()` itself is imported from factdb.db.build, so the module keeps its name here.
__all__ = ["BuildError", "BuildResult", "FactDB", "InvalidFacts", "open_db"]


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
