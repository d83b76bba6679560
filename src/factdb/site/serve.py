"""`factdb serve`: Datasette on the built file, read-only, with metadata generated from the models.

A rebuild is picked up without a restart: each request is answered from one build, the newest
when it starts (`factdb.site.live`); caps on what one query may build keep the time limit
(`plugins/factdb_limits.py`).

The database is opened immutable (`-i`): Datasette never writes to it and may cache freely.
The server binds to 127.0.0.1 unless told otherwise, and every SQL query has a time limit.
The site's templates, plugins and stylesheet (`factdb.site`) are handed to Datasette as
`factdb publish` hands them, so both look the same.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .. import site
from .metadata import metadata, write_metadata

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
SQL_TIME_LIMIT_MS = 3000
"""Longest a query may run before Datasette stops it (its own default is 1000 ms)."""


class ServeError(Exception):
    """The server cannot start (no built file)."""


def settings(sql_time_limit_ms: int = SQL_TIME_LIMIT_MS) -> dict[str, object]:
    # Facet suggestions are off: Datasette computes them on every table page by grouping every
    # column (three ways each) over the whole table, which took 2 s a page at 100k claims, and
    # the metadata already names each table's facets. Any column can still be faceted from its
    # menu or with ?_facet=.
    return {"sql_time_limit_ms": sql_time_limit_ms, "suggest_facets": False}


def setting_args(sql_time_limit_ms: int = SQL_TIME_LIMIT_MS) -> list[str]:
    """The settings as `datasette serve` / `datasette publish` options."""
    args = []
    for name, value in settings(sql_time_limit_ms).items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        args += ["--setting", name, text]
    return args


def database_name(db: Path) -> str:
    """The name Datasette serves a file under: its name without the extension."""
    return Path(db).stem


def check_db(db: Path) -> Path:
    db = Path(db)
    if not db.is_file():
        raise ServeError(f"{db} does not exist; run `factdb build` first")
    return db


def make_datasette(db: Path, *, sql_time_limit_ms: int = SQL_TIME_LIMIT_MS):
    """The Datasette instance `factdb serve` runs, for embedding and tests."""
    from datasette.app import Datasette

    from .live import serve_live

    db = check_db(db)
    serve_live(db)
    return Datasette(
        immutables=[str(db)],
        metadata=metadata(database_name(db)),
        settings=settings(sql_time_limit_ms),
        **site.datasette_kwargs(),
    )


def datasette_args(
    db: Path, metadata_path: Path, *, host: str, port: int, sql_time_limit_ms: int, get: str | None = None
) -> list[str]:
    """Arguments of `datasette serve` for the built file."""
    args = ["serve", "-i", str(db), "--metadata", str(metadata_path), "--host", host, "--port", str(port)]
    args += site.datasette_args()
    args += setting_args(sql_time_limit_ms)
    if get is not None:
        args += ["--get", get]
    return args


def serve(
    db: Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    sql_time_limit_ms: int = SQL_TIME_LIMIT_MS,
    get: str | None = None,
) -> None:
    """Run Datasette's own `serve` command on the built file until interrupted (or, with `get`,
    answer one GET request, print it and return)."""
    from datasette.cli import cli as datasette_cli

    from .live import serve_live

    db = check_db(db)
    serve_live(db)
    with tempfile.TemporaryDirectory(prefix="factdb-serve-") as tmp:
        metadata_path = write_metadata(Path(tmp) / "metadata.json", database_name(db))
        args = datasette_args(
            db, metadata_path, host=host, port=port, sql_time_limit_ms=sql_time_limit_ms, get=get
        )
        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=False)
