"""`factdb publish`: ship the built file and its metadata to a stateless Datasette host.

The built file is read-only and self-contained, so a host needs nothing but the file, its
metadata.json and Datasette: Cloud Run and Fly get a container made by Datasette's own
`datasette publish` (the file opened immutable, with an inspect file), and any static host
(GitHub Pages, a bucket) can serve the file to Datasette Lite, which runs Datasette in the
reader's browser. Readers scale by adding replicas: each one holds the same read-only file and
shares no state with the others.

The site's templates, plugins and stylesheet (`factdb.site`) go with the file
(`--template-dir`, `--plugins-dir`, `--static`), so a published copy looks as `factdb serve`
does; Datasette Lite takes only the file, the metadata and plugins from PyPI, so it shows the
data with Datasette's own pages.

This module only prepares: it writes metadata.json (from `factdb.site.metadata`, the one
definition `factdb serve` uses too) and the `datasette publish` command line. Running it needs
the host's own tool (gcloud, flyctl) and network access.
"""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Mapping
from urllib.parse import urlencode, urljoin

from .. import __version__, site
from .metadata import write_metadata
from .serve import SQL_TIME_LIMIT_MS, database_name, setting_args

TARGETS = ("cloudrun", "fly")

DATASETTE_REQUIREMENT = "datasette~=0.65.1"
"""The Datasette line whose metadata.json format we write; the published image installs it
(no '<' or '>': `datasette publish` writes it unquoted into a Dockerfile RUN line)."""

PLUGINS = ("datasette-cluster-map~=0.18.2", "datasette-dashboards~=0.8.0")
"""Plugins the published instance installs, the versions pyproject.toml installs for `factdb
serve`: a map of claims by place, and the charts (no '<' or '>', as for Datasette)."""

DEFAULT_NAME = "factdb"
DEFAULT_MAX_INSTANCES = 10
"""Cloud Run replicas at most (Datasette's own default is 1): readers scale by replicas."""

DATAPACKAGE_MOUNT = "datapackage"
"""Where a published copy serves the data package (`factdb publish --datapackage`), as static
files: <site>/datapackage/datapackage.json and <site>/datapackage/data/*.csv."""

HOST_TOOLS = {"cloudrun": ("gcloud", "the Google Cloud SDK: https://cloud.google.com/sdk/"),
              "fly": ("flyctl", "flyctl: https://fly.io/docs/flyctl/install/")}

DATASETTE_LITE = "https://lite.datasette.io/"


class PublishError(Exception):
    """Nothing to publish, or the host's tool is missing."""


@dataclass
class Publication:
    target: str
    args: list[str]
    metadata: Path

    @property
    def command(self) -> str:
        """The command line, quoted for a POSIX shell."""
        return shlex.join(self.args)


def _check_db(db: Path) -> Path:
    if not Path(db).is_file():
        raise PublishError(f"{db} does not exist; run `factdb build` first")
    return Path(db)


def version_note(db: Path) -> str:
    """'factdb 0.1.0, facts 1a2b3c4d5e6f': which code built the file from which facts."""
    try:
        conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM build_info WHERE key = 'inputs_sha256'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise PublishError(f"{db} is not a database built by factdb ({exc})") from None
    return f"factdb {__version__}" + (f", facts {row[0][:12]}" if row else "")


def prepare(
    target: str,
    db: Path,
    *,
    name: str = DEFAULT_NAME,
    metadata: Path | None = None,
    plugins: tuple[str, ...] = PLUGINS,
    max_instances: int | None = DEFAULT_MAX_INSTANCES,
    memory: str | None = None,
    sql_time_limit_ms: int = SQL_TIME_LIMIT_MS,
    generate_dir: Path | None = None,
    static: Mapping[str, Path] | None = None,
) -> Publication:
    """Write metadata.json beside the built file (or at `metadata`) and return the
    `datasette publish TARGET` command line that ships both, and each `static` directory,
    served at /MOUNT/ (e.g. the data package at /datapackage/)."""
    if target not in TARGETS:
        raise PublishError(f"unknown target {target!r}; use one of {', '.join(TARGETS)}")
    db = _check_db(db)
    note = version_note(db)
    metadata = write_metadata(Path(metadata or db.with_name("metadata.json")), database_name(db))
    extra = " ".join(setting_args(sql_time_limit_ms))
    args = [
        "datasette", "publish", target, str(db),
        "--metadata", str(metadata),
        "--install", DATASETTE_REQUIREMENT,
        *(arg for plugin in plugins for arg in ("--install", plugin)),
        *site.datasette_args(),
        "--extra-options", extra,
        "--version-note", note,
    ]
    for mount, directory in sorted((static or {}).items()):
        args += ["--static", f"{mount}:{directory}"]
    if target == "cloudrun":
        if generate_dir is not None:
            raise PublishError("--generate-dir is for fly; datasette publish cloudrun always deploys")
        args += ["--service", name]
        if max_instances is not None:
            args += ["--max-instances", str(max_instances)]
        if memory:
            args += ["--memory", memory]
    else:
        args += ["--app", name]
        if generate_dir is not None:
            # The plugin writes the app (Dockerfile, fly.toml, files) there instead of deploying.
            args += ["--generate-dir", str(generate_dir)]
    return Publication(target, args, metadata)


def run(publication: Publication) -> int:
    """Run the command with this environment's Datasette; its exit status."""
    tool, where = HOST_TOOLS[publication.target]
    if shutil.which(tool) is None and "--generate-dir" not in publication.args:
        raise PublishError(f"`{tool}` is not installed; install {where}, or use --dry-run")
    if publication.target == "fly" and not _installed("datasette-publish-fly"):
        raise PublishError("`datasette publish fly` needs the plugin: pip install datasette-publish-fly")
    local = Path(sys.executable).with_name("datasette")
    args = [str(local) if local.exists() else "datasette", *publication.args[1:]]
    return subprocess.run(args, check=False).returncode


def _installed(package: str) -> bool:
    try:
        version(package)
        return True
    except PackageNotFoundError:
        return False


# --- Datasette Lite from static hosting --------------------------------------------------


def lite_url(base_url: str, db_name: str, *, plugins: tuple[str, ...] = PLUGINS) -> str:
    """The Datasette Lite address that opens `<base_url>/<db_name>.db` with its metadata.

    The static host must send `Access-Control-Allow-Origin: *` (GitHub Pages does)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    params = [("url", urljoin(base, f"{db_name}.db")), ("metadata", urljoin(base, "metadata.json"))]
    params += [("install", plugin) for plugin in plugins]
    try:
        params.append(("ref", version("datasette")))  # the release whose metadata format we write
    except PackageNotFoundError:
        pass
    return f"{DATASETTE_LITE}?{urlencode(params)}"


def datapackage_url(base_url: str) -> str:
    """Where a static copy published with its data package (`--datapackage`) serves it."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return urljoin(base, f"{DATAPACKAGE_MOUNT}/datapackage.json")


def static_site(db: Path, out_dir: Path, base_url: str, *, plugins: tuple[str, ...] = PLUGINS) -> str:
    """Copy the built file and write its metadata.json into `out_dir`, for a static host;
    the Datasette Lite address that opens them once `out_dir` is served at `base_url`."""
    db = _check_db(db)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = database_name(db)
    shutil.copyfile(db, out_dir / f"{name}.db")
    write_metadata(out_dir / "metadata.json", name)
    return lite_url(base_url, name, plugins=plugins)
