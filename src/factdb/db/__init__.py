"""The built SQLite file: its tables and views (SQLModel models), the build, and a typed API.

- `factdb.db.tables`: the tables, one SQLModel table model each;
- `factdb.db.views`: the public views (figures, delegation_members, disputed_figures, ...);
- `factdb.db.rows`: rows of one validated fact file;
- `factdb.db.build`: `build(root, out, history=None)`, validate then write atomically;
- `factdb.db.api`: `open_db(path)`, typed queries for analysts.
"""

from .api import FactDB, open_db
from .build import BuildError, BuildResult, InvalidFacts

# `build()` itself is imported from factdb.db.build, so the module keeps its name here.
__all__ = ["BuildError", "BuildResult", "FactDB", "InvalidFacts", "open_db"]
