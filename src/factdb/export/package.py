"""`factdb export datapackage`: the built file as a Frictionless Data Package.

    out/
      datapackage.json     title, description, license, sources; every resource's schema
      data/figures.csv     one file per public view and table (or .parquet)
      data/...

The descriptor is generated: its resources are the public views and tables (`factdb.db.views`,
`factdb.db.tables`), their schemas are read from the models (`factdb.export.schema`), the
sources are the rows of `sources`, and each file's size and SHA-256 are recorded, so
`frictionless validate` checks every value, key and byte. Rows are sorted by primary key and
nothing records when or where the export ran: the same build gives the same bytes.

The package is written into a new directory beside `out` and renamed into place when
complete; a failed export leaves the previous one as it was. `out` is replaced only when it is
empty or an earlier export (it holds a datapackage.json).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Callable, Iterator

from ..db.about import ABOUT, LICENSE, LICENSE_URL, TITLE
from .csvfile import write_csv
from .parquetfile import INSTALL, available, write_parquet
from .schema import Resource, resources

DESCRIPTOR = "datapackage.json"
DATA = "data"
NAME = "factdb"


@dataclass(frozen=True)
class Format:
    extension: str
    mediatype: str
    write: Callable[[sqlite3.Cursor, Resource, Path], int]
    profile: str | None
    encoding: str | None


FORMATS: dict[str, Format] = {
    "csv": Format("csv", "text/csv", write_csv, "tabular-data-resource", "utf-8"),
    "parquet": Format("parquet", "application/vnd.apache.parquet", write_parquet, None, None),
}

DEFAULT_DIRS = {"csv": Path("build") / "datapackage", "parquet": Path("build") / "datapackage-parquet"}
"""Where `factdb export datapackage` writes, beside the default built file, by format."""


class ExportError(Exception):
    """Nothing to export, an output that is not ours to replace, or a missing extra."""


@dataclass(frozen=True)
class Exported:
    path: Path
    format: str
    resources: int
    rows: int

    def summary(self) -> str:
        return f"wrote {self.path}: {self.resources} resources, {self.rows:,} rows as {self.format}"


def export_package(db: Path, out: Path, *, fmt: str = "csv") -> Exported:
    """Write the data package of the built file `db` into the directory `out`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet" and not available():
        raise ExportError(f"--format parquet needs pyarrow: {INSTALL}")
    conn = _open(Path(db))
    try:
        with staged(Path(out)) as tmp:
            (tmp / DATA).mkdir()
            described, total = [], 0
            for res in resources():
                rel = f"{DATA}/{res.name}.{FORMATS[fmt].extension}"
                total += FORMATS[fmt].write(_rows(conn, res, db), res, tmp / rel)
                described.append(resource_descriptor(res, rel, tmp / rel, FORMATS[fmt]))
            text = json.dumps(descriptor(conn, described, fmt), indent=2, ensure_ascii=False) + "\n"
            (tmp / DESCRIPTOR).write_text(text, encoding="utf-8")
    finally:
        conn.close()
    return Exported(Path(out), fmt, len(described), total)


def _open(db: Path) -> sqlite3.Connection:
    if not db.is_file():
        raise ExportError(f"{db} does not exist; run `factdb build` first")
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("BEGIN")  # one snapshot for every resource
        conn.execute("SELECT count(*) FROM build_info").fetchone()
    except sqlite3.Error as exc:
        raise ExportError(f"{db} is not a database built by factdb ({exc})") from None
    return conn


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(conn: sqlite3.Connection, res: Resource, db: Path) -> sqlite3.Cursor:
    columns = ", ".join(quote_name(c.name) for c in res.columns)
    order = ", ".join(quote_name(name) for name in res.primary_key)
    try:
        return conn.execute(f"SELECT {columns} FROM {quote_name(res.name)} ORDER BY {order}")
    except sqlite3.OperationalError as exc:
        raise ExportError(
            f"{db} does not have the {res.name} this factdb describes ({exc}); rebuild it with `factdb build --full`"
        ) from None


def resource_descriptor(res: Resource, rel: str, path: Path, form: Format) -> dict:
    described: dict = {"name": res.name, "path": rel}
    if form.profile:
        described["profile"] = form.profile
    described |= {"title": res.title, "description": res.description, "format": form.extension,
                  "mediatype": form.mediatype}
    if form.encoding:
        described["encoding"] = form.encoding
    described |= {"bytes": path.stat().st_size, "hash": f"sha256:{_sha256(path)}", "schema": res.schema()}
    return described


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def descriptor(conn: sqlite3.Connection, described: list[dict], fmt: str) -> dict:
    return {
        # A tabular data package holds only CSV (or inline JSON) resources; Parquet ones make a
        # plain data package whose resources still carry their schemas.
        "profile": "tabular-data-package" if FORMATS[fmt].profile else "data-package",
        "name": NAME,
        "title": TITLE,
        "description": ABOUT,
        "licenses": [{"name": license_id(), "path": LICENSE_URL, "title": LICENSE}],
        "sources": sources(conn),
        "resources": described,
    }


def license_id() -> str:
    """The SPDX id pyproject.toml declares (`license = "CC0-1.0"`)."""
    try:
        meta = metadata(NAME)
    except PackageNotFoundError:
        raise ExportError("factdb is not installed (pip install -e .): its license is read from its metadata") from None
    return meta.get("License-Expression") or meta.get("License")


def sources(conn: sqlite3.Connection) -> list[dict]:
    """Every archived source: its headline and its URL where known, else its archived text."""
    rows = conn.execute("SELECT id, title, url, archive_path FROM sources ORDER BY id")
    return [{"title": title or source_id, "path": url or archive} for source_id, title, url, archive in rows]


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A new directory beside `out`, renamed to `out` when the block completes."""
    if out.exists() and not (out.is_dir() and (not any(out.iterdir()) or (out / DESCRIPTOR).is_file())):
        raise ExportError(f"{out} exists and is not a data package; choose another directory with -o")
    out.parent.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{secrets.token_hex(4)}"
    tmp, old = out.with_name(f".{out.name}.new-{tag}"), out.with_name(f".{out.name}.old-{tag}")
    tmp.mkdir()
    try:
        yield tmp
        if out.exists():
            out.rename(old)
        try:
            tmp.rename(out)
        except OSError:
            if old.exists():
                old.rename(out)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
