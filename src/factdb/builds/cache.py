"""What the last build was made from, so that the next one can tell cheaply what changed.

Beside the built file, `.factdb-cache/<name>.json` (the manifest) records for that file:

- the code version: factdb's version and a hash of its source files and of the installed
  distributions (pydantic, PyYAML, yaml-rs, SQLite, ...): any change to the code, the model
  (and so its JSON Schema, which is generated from the code) or a dependency invalidates it;
- the project directory, and the built file's identity (size, mtime, inode) and the
  `inputs_sha256` its build_info holds, so a file replaced or rebuilt by other means is noticed;
- every fact file and every archived text the build read: size, mtime, ctime and inode, and a
  SHA-256 of the text it was built from;
- the key of the git history recorded in the claims (the HEAD commit), and the row counts.

Deciding that nothing changed needs only a `stat` of every file: the text of a file is read
and hashed only when its stat differs, so a touched but unchanged file is not a change. Like
git's index, a stat is trusted only if the file's mtime is older than the moment it was read
(minus a margin for coarse file-system clocks); a file written in the same clock tick as the
build is hashed again next time. This module imports nothing heavy (no YAML, no pydantic, no
SQLAlchemy), so a no-op `factdb build` costs little more than start-up.

The manifest is JSON written by factdb alone; anything unexpected in it (or a missing piece)
makes it untrusted, and the build is then done in full.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Mapping

from .. import __version__
from ..db.staging import owner_tag
from ..read import files

CACHE_DIR = ".factdb-cache"
FORMAT = 1
RACY_NS = 2_000_000_000
"""A stat is trusted only for a file last written this long before it was read (FAT's clock
ticks every 2 s; ext4's every few ms)."""

Entry = list
"""[size, mtime_ns, ctime_ns, inode, sha256 of the text]; the first four are None for a file
whose stat cannot be trusted (written too close to the moment it was read)."""


class CacheError(Exception):
    """The manifest is missing a piece or is not one factdb wrote."""


def manifest_path(out: Path) -> Path:
    return out.parent / CACHE_DIR / f"{out.name}.json"


def history_path(out: Path) -> Path:
    return out.parent / CACHE_DIR / f"{out.name}.history.json"


# --- what the text of a file is -------------------------------------------------------


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


MAX_TEXT_BYTES = files.MAX_ARCHIVE_BYTES
"""Largest fact file or archived text hashed to tell whether it changed: a larger one counts
as changed (and the build that reads it says what it makes of it)."""
MAX_CACHE_BYTES = 1 << 30
"""Largest manifest or history file read; a larger one is not one factdb wrote."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (`factdb.read.files.read_regular`:
    a FIFO put in its place is refused, not waited on; a link to /dev/zero is refused, not read
    until memory runs out). OSError if it cannot be opened (FileNotFoundError when missing),
    CacheError if it is not a regular file or is larger."""
    try:
        return files.read_regular(path, limit)
    except (files.NotRegularFile, files.TooLarge) as exc:
        raise CacheError(str(exc)) from None


def fact_text(path: Path) -> str:
    """A fact file's text, read as `factdb.read.project.read_text` reads it."""
    return read_regular(path, MAX_TEXT_BYTES).decode("utf-8-sig")


def archive_text(path: Path) -> str:
    """An archived text, read as the build reads it (`factdb.read.files.archive_text`)."""
    try:
        return files.archive_text(path)
    except (files.NotRegularFile, files.TooLarge) as exc:
        raise CacheError(str(exc)) from None


def inputs_digest(files: Mapping[str, str], archives: Mapping[str, str]) -> str:
    """The build_info `inputs_sha256`: one hash over the path and text hash of every fact file
    and every archived text, so it can be computed from the manifest alone."""
    digest = hashlib.sha256()
    for kind, items in (("fact", files), ("archive", archives)):
        for path in sorted(items):
            digest.update(f"{kind}\0{path}\0{items[path]}\n".encode())
    return digest.hexdigest()


# --- the code version -----------------------------------------------------------------


@cache
def code_version() -> str:
    """A hash of everything besides the facts that decides what a build writes: factdb's
    version and source files, Python, SQLite and the installed distributions."""
    digest = hashlib.sha256(f"factdb {__version__}\0python {sys.version}\0sqlite {sqlite3.sqlite_version}\0".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(f"{path.relative_to(package).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    # A name-version directory per installed distribution: listing is far cheaper than
    # importlib.metadata, and any install or upgrade changes the list. Entries without any
    # (a script's own folder, the current directory of `python -c`) change nothing.
    for entry in sys.path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        if names:
            digest.update(("\0".join(names) + "\n").encode())
    return digest.hexdigest()


# --- the manifest ---------------------------------------------------------------------


def stat_key(st: os.stat_result) -> list:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def entry(st: os.stat_result, sha: str, read_at_ns: int) -> Entry:
    """A manifest entry for a file whose text (hashed `sha`) was read at `read_at_ns`."""
    if st.st_mtime_ns >= read_at_ns - RACY_NS:
        return [None, None, None, None, sha]
    return [*stat_key(st), sha]


@dataclass
class Manifest:
    code: str
    root: str
    output: list
    """[size, mtime_ns, inode] of the built file."""
    inputs_sha256: str
    history_key: str
    """'' when the build recorded no history; else what it depends on (git HEAD)."""
    counts: dict[str, int]
    files: dict[str, Entry]
    archives: dict[str, Entry]

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        """The manifest of `out`; FileNotFoundError if there is none, CacheError if it is unreadable."""
        raw = read_regular(manifest_path(out), MAX_CACHE_BYTES)
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise CacheError(f"format {data.get('format')!r}, not {FORMAT}")
            manifest = cls(**{name: data[name] for name in cls.__dataclass_fields__})
            manifest._check()
        except CacheError:
            raise
        except Exception as exc:  # not JSON, nested too deeply (RecursionError), a missing key ...
            raise CacheError(f"{type(exc).__name__}: {exc}") from None
        return manifest

    def _check(self) -> None:
        if not (
            isinstance(self.code, str) and isinstance(self.root, str) and isinstance(self.inputs_sha256, str)
            and isinstance(self.history_key, str) and _counts(self.counts) and _ints(self.output, 3)
            and _entries(self.files) and _entries(self.archives)
        ):
            raise CacheError("unexpected content")

    def save(self, out: Path) -> None:
        """Write the manifest atomically (a crash leaves the old one or none, never half)."""
        path = manifest_path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, json.dumps({"format": FORMAT, **self.__dict__}, separators=(",", ":")))


def _ints(items: object, n: int) -> bool:
    return isinstance(items, list) and len(items) == n and all(type(i) is int for i in items)


def _counts(counts: object) -> bool:
    return isinstance(counts, dict) and all(isinstance(k, str) and type(n) is int for k, n in counts.items())


def _entries(items: object) -> bool:
    """Path -> [size, mtime_ns, ctime_ns, inode, sha256], the stat all ints or all None."""
    return isinstance(items, dict) and all(
        isinstance(rel, str) and isinstance(e, list) and len(e) == 5 and isinstance(e[4], str)
        and (_ints(e[:4], 4) or e[:4] == [None] * 4)
        for rel, e in items.items()
    )


def refresh(out: Path, manifest: Manifest) -> None:
    """Save the manifest of a no-op build that took fresh stats of touched but unchanged files.
    A stat is trusted only if it is older than the built file (see `factdb.builds.changed`),
    so the built file's mtime is moved past them first (to now: file times come from a
    coarser clock); its content stays as it is."""
    stamps = [e[2] for e in (*manifest.files.values(), *manifest.archives.values()) if e[2] is not None]
    now = max(time.time_ns(), max(stamps, default=0) + 1)
    os.utime(out, ns=(now, now))
    manifest.output = output_identity(out)
    manifest.save(out)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{owner_tag()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def output_identity(out: Path) -> list:
    st = os.stat(out)
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def built_inputs(out: Path) -> str | None:
    """The inputs_sha256 recorded in a built file's build_info; None if it has none."""
    try:
        conn = sqlite3.connect(f"{out.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM build_info WHERE key = 'inputs_sha256'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def record(
    root: Path,
    out: Path,
    *,
    files: Mapping[str, Entry],
    archives: Mapping[str, Entry],
    inputs_sha256: str,
    history_key: str,
    counts: Mapping[str, int],
) -> None:
    """Write the manifest of a build that just replaced `out`."""
    Manifest(
        code=code_version(),
        root=str(Path(root).resolve()),
        output=output_identity(out),
        inputs_sha256=inputs_sha256,
        history_key=history_key,
        counts=dict(counts),
        files=dict(files),
        archives=dict(archives),
    ).save(out)



# --- the git history ------------------------------------------------------------------


def git_history_key(root: Path) -> str | None:
    """What the claims' git history depends on (`factdb.read.gitrev.history_state`: the HEAD
    commit, and whatever changes the commits git shows: shallow boundaries, replace refs,
    grafts); None outside a git checkout with commits (where factdb.builds.history records none)."""
    from ..read import gitrev

    return gitrev.history_state(root)


def load_history(out: Path, key: str) -> dict[str, tuple]:
    """The history values recorded by the last build under `key`; CacheError if they are
    missing or are not what factdb writes."""
    if key == "":
        return {}
    try:
        data = json.loads(read_regular(history_path(out), MAX_CACHE_BYTES))
        if data["key"] != key or not isinstance(data["claims"], dict):
            raise CacheError("history of another revision")
        claims = {claim_id: tuple(values) for claim_id, values in data["claims"].items()}
    except CacheError:
        raise
    except Exception as exc:
        raise CacheError(f"history unreadable ({type(exc).__name__})") from None
    if not all(len(v) == 4 and all(x is None or isinstance(x, str) for x in v) for v in claims.values()):
        raise CacheError("history unreadable (unexpected content)")
    return claims


def save_history(out: Path, key: str, values: Mapping[str, tuple]) -> None:
    path = history_path(out)
    if key == "":
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, json.dumps({"key": key, "claims": values}, separators=(",", ":")))


# --- what changed (the plan is made by factdb.builds.changed) ---------------------------


@dataclass
class Plan:
    """What the next build has to do."""

    mode: str
    """'no-op', 'incremental' or 'full'."""
    reason: str
    manifest: Manifest | None = None
    paths: dict[str, Path] = field(default_factory=dict)
    """Every fact file found: path relative to the root -> path."""
    entries: dict[str, Entry] = field(default_factory=dict)
    """Manifest entries of the unchanged fact files, with fresh stats."""
    stats: dict[str, os.stat_result] = field(default_factory=dict)
    """Stats of the changed and added files, taken before they are read."""
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refreshed: bool = False
    """Some unchanged file's stat changed: the manifest should be rewritten."""
    history_changed: bool = False
    started_ns: int = 0
    """When the files were first looked at (before any was read)."""
    counters: dict[str, int] = field(default_factory=dict)
