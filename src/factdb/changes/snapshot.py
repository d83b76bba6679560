"""The facts of one version as canonical JSON, one entry per record: what diffs compare.

A snapshot can be read from a working tree, from a git revision, or from a built `.db` file
(its `record_json` columns), and the three agree: each record is the validated model dumped
by `factdb.db.rows.canonical_json`. Records are keyed by id, never by file, so moving a
record to another file changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from ..read import gitrev
from ..db.rows import canonical_json, records_sql
from ..models import BY_KIND, RECORD_KINDS
from ..check.validate import Report, validate

KINDS = ("claim", "event", *(k.kind for k in RECORD_KINDS if k.kind not in ("claim", "event")))
"""Record kinds, in the order a diff reports them: what claims say and what they are about
first, then the rest in the order of RECORD_KINDS."""

WORKING_TREE = "working tree"
"""Label of the working tree's snapshot (the default HEAD of `factdb diff`)."""


class SnapshotError(Exception):
    """A version that cannot be read (no such revision, not a factdb database)."""


class InvalidSnapshot(SnapshotError):
    """A version whose facts do not validate; `report` holds the problems."""

    def __init__(self, label: str, report: Report):
        super().__init__(f"{label}: the facts do not validate ({report.summary_line()})")
        self.label = label
        self.report = report


@dataclass
class Entry:
    kind: str
    id: str
    json: str
    model: object = field(default=None, compare=False, repr=False)

    @cached_property
    def data(self) -> dict:
        return json.loads(self.json)

    def record(self):
        """The record's model, re-validated from its JSON when the entry came from a .db file;
        None when that JSON no longer fits the model (a file built by an older factdb)."""
        if self.model is None and self.kind in BY_KIND:
            try:
                self.model = BY_KIND[self.kind].parse_json(self.json)
            except ValidationError:
                return None
        return self.model

    def claim(self):
        """The claim model (see `record`); None for other kinds."""
        return self.record() if self.kind == "claim" else None


@dataclass
class Snapshot:
    label: str
    entries: dict[str, Entry]
    spec: str | None = None
    """What names this version on the command line, where it is not its label."""

    def name(self, record_id: str) -> str | None:
        """Display name of an entity; None for sources, claims and unknown ids (shown by id)."""
        entry = self.entries.get(record_id)
        if entry is None or entry.kind in ("claim", "source"):
            return None
        return entry.data.get("name")


def from_tree(root: Path, label: str | None = None) -> Snapshot:
    """The validated facts of a directory; InvalidSnapshot when they do not validate."""
    label = label or str(root)
    report = validate(Path(root))
    if not report.ok:
        raise InvalidSnapshot(label, report)
    entries = {
        record_id: Entry(located.kind, record_id, canonical_json(located.record), located.record)
        for record_id, located in report.catalog.records.items()
    }
    return Snapshot(label, entries)


def from_revision(root: Path, rev: str, label: str | None = None) -> Snapshot:
    """The facts of git revision `rev` of the repository at `root`."""
    try:
        with gitrev.exported(root, rev) as tree:
            return from_tree(tree, label or rev)
    except gitrev.GitError as exc:
        raise SnapshotError(str(exc)) from None




def from_db(path: Path) -> Snapshot:
    """The facts a built file was made from, read back from its `record_json` columns."""
    path = Path(path)
    if not path.is_file():
        raise SnapshotError(f"{path} does not exist")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise SnapshotError(f"{path}: {exc}") from None
    try:
        entries = {}
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if "claims" not in tables:
            raise sqlite3.OperationalError("no claims table")
        for record_id, kind, _, record_json in conn.execute(records_sql(tables=tables)):
            entries[record_id] = Entry(kind, record_id, record_json)
    except sqlite3.Error as exc:
        raise SnapshotError(f"{path} is not a database built by factdb ({exc})") from None
    finally:
        conn.close()
    return Snapshot(str(path), entries)


DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def is_db_file(spec: str, root: Path) -> bool:
    path = Path(spec) if Path(spec).is_absolute() else Path(root) / spec
    return spec.endswith(DB_SUFFIXES) and path.is_file()


def branch_base(root: Path) -> Snapshot:
    """The facts where the current branch left the default branch (their merge base): what
    `factdb diff` compares the working tree with when given no BASE, as a reviewer reads a
    pull request, whatever the default branch did since."""
    try:
        if not gitrev.is_checkout(root):
            raise gitrev.GitError(f"{root} is not a git checkout with commits; name what to compare: factdb diff BASE")
        branch = gitrev.default_branch(root)
        base = gitrev.merge_base(root, branch)
    except gitrev.GitError as exc:
        raise SnapshotError(str(exc)) from None
    snapshot = from_revision(root, base, f"{branch} (merge base {base[:7]})")
    snapshot.spec = base
    return snapshot


def branch_hint(root: Path, spec: str) -> str | None:
    """What to run instead, when `factdb diff SPEC` compares the commit HEAD is with the
    working tree on a branch that has commits of its own: a reviewer wants those commits,
    which `factdb diff` with no revision shows. None in every other case."""
    try:
        if is_db_file(spec, root) or not gitrev.is_checkout(root):
            return None
        head = gitrev.resolve(root, "HEAD")
        if gitrev.resolve(root, spec) != head:
            return None
        branch = gitrev.default_branch(root)
        base = gitrev.merge_base(root, branch)
    except gitrev.GitError:
        return None
    if base == head:
        return None
    return (f"{spec} is this branch's last commit, so its own commits are not compared; `factdb diff` "
            f"with no revision shows everything the branch changes since it left {branch} ({base[:7]})")


def open_snapshot(root: Path, spec: str | None) -> Snapshot:
    """A version named on the command line: None for the working tree, a path to a built
    `.db` file (relative to root), or a git revision of the repository at root."""
    root = Path(root)
    if spec is None:
        return from_tree(root, WORKING_TREE)
    path = Path(spec) if Path(spec).is_absolute() else root / spec
    if spec.endswith(DB_SUFFIXES) and not path.is_file():
        raise SnapshotError(f"{spec} does not exist; run `factdb build` first")
    if is_db_file(spec, root):
        return from_db(path)
    return from_revision(root, spec)
