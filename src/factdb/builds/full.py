"""A full build: validate, then write the facts as one SQLite file from scratch, atomically.

Validation comes first and nothing is written unless every fact is valid. The file is built
under a temporary name beside the target and moved into place with os.replace() only once
complete, so the last good build is never lost or half-written. The same inputs always give
the same `.dump`: ids come from the facts, a row's rowid comes from its file's path and its
place in the file (`factdb.db.rows.file_blocks`, so an incremental build gives the same), and
nothing records when or where the build ran.

`build()` always builds from scratch. `factdb build` runs `factdb.builds.incremental.update_checkout()`
(`update()` with the claims' git history), which rewrites only the rows of the files that
changed when it can and builds with the functions here when it cannot.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from .. import __version__
from ..check.catalog import entities_of, sources_of
from ..check.validate import Report, check_across, read
from ..db.filerows import rows_of_file
from ..db.rows import Across, Rows, file_blocks
from ..db.write import DEFAULT_OUTPUT, BuildError, finish, insert_files, open_new, staged
from ..read.project import FactSource, paused_gc
from . import cache

HISTORY_FIELDS = ("first_recorded", "first_commit", "last_changed", "last_commit")


HistoryValues = dict[str, tuple]
"""Claim id -> its HISTORY_FIELDS, as text."""


class InvalidFacts(BuildError):
    """Validation found problems; `report` holds them, formatted as `factdb validate` does."""

    def __init__(self, report: Report):
        super().__init__(report.summary_line())
        self.report = report


@dataclass
class BuildResult:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    mode: str = "full"
    """How it was built: 'full', 'incremental', or 'no-op' (the file was up to date)."""
    reason: str = ""
    """Why that way, in words."""
    stats: dict[str, int] = field(default_factory=dict)
    """Files looked at: found, hashed, changed, added, removed, parsed, rechecked."""
    notes: list[str] = field(default_factory=list)
    """What the user should know that leaves the file as it is: staging files of killed
    builds removed, a cache that could not be written."""

    def summary(self) -> str:
        c = self.counts
        what = (
            f"{c.get('sources', 0)} sources, {c.get('entities', 0)} entities, "
            f"{c.get('claims', 0)} claims, {c.get('quantities', 0)} figures"
        )
        if self.mode == "no-op":
            return f"{self.path} is up to date: {what} (checked in {self.seconds:.2f}s)"
        return f"built {self.path}: {what} in {self.seconds:.2f}s"

    def how(self) -> str:
        """One line: which way the file was built, and why."""
        return f"{self.mode} build: {self.reason}" if self.mode != "no-op" else f"no-op: {self.reason}"


def build(root: Path, out: Path | None = None, *, history: Mapping[str, object] | None = None) -> BuildResult:
    """Validate the repository at `root` and build the SQLite file `out` (default
    <root>/build/factdb.db) from scratch. `history` maps claim ids to objects with the
    attributes first_recorded, first_commit, last_changed and last_commit (git history);
    without it those columns stay NULL. Raises InvalidFacts, and writes nothing, when the facts
    do not validate."""
    started = time.perf_counter()
    root = Path(root)
    out = Path(out) if out is not None else root / DEFAULT_OUTPUT
    report = read(root)
    if not report.ok:
        raise InvalidFacts(check_across(report))
    return write_build(root, out, report, history_values(history) if history else None, started, checked=False).result


@dataclass
class Written:
    result: BuildResult
    files: dict[str, str]
    """Fact file -> SHA-256 of the text it was built from."""
    archives: dict[str, str]
    """Archived text -> SHA-256 of the text stored in `sources.text`."""
    history: HistoryValues | None


def write_build(
    root: Path, out: Path, report: Report, history: HistoryValues | None, started: float, *, checked: bool = True
) -> Written:
    """Write the file of a repository that validated (`report`). With `checked` false, the
    report is one of `validate.read` (every file valid on its own) whose cross-file rules have
    not run yet: they run while SQLite indexes the rows, and if they find a problem nothing is
    written and InvalidFacts is raised (also instead of any error the writing met)."""
    files = report.project.valid_files
    kinds = {record_id: located.kind for record_id, located in report.catalog.records.items()}
    blocks = file_blocks(file.rel for file in files)
    records = report.catalog.records
    across = Across(entities_of(records), sources_of(records), blocks, report.catalog.bind, report.catalog.archive)
    file_hashes: dict[str, str] = {}
    archive_hashes: dict[str, str] = {}
    # Millions of rows are made and freed, none in cycles: the cyclic GC would only walk them.
    with paused_gc():
        counts = write_database(
            out, file_rows(files, kinds, across, history, file_hashes, archive_hashes),
            lambda: build_info(file_hashes, archive_hashes), blocks,
            alongside=None if checked else Alongside(lambda: check_rules(report)),
        )
    return Written(BuildResult(out, counts, time.perf_counter() - started), file_hashes, archive_hashes, history)


def file_rows(
    files: Iterable[FactSource],
    kinds: Mapping[str, str],
    across: Across,
    history: HistoryValues | None,
    file_hashes: dict[str, str],
    archive_hashes: dict[str, str],
) -> Iterator[Rows]:
    """The rows of valid files, one file after another in rowid order, with their claims'
    history; records the text hash of each file and archived text read as it goes."""
    # In rowid order: each table's b-tree then only grows at its end. One file's rows at a
    # time, written before the next file's are made, so they are never all held at once.
    for file in sorted(files, key=lambda f: across.blocks[f.rel]):
        file_hashes[file.rel] = cache.text_sha256(file.text)
        rows = rows_of_file(file, kinds, across)
        if history:
            apply_history(rows.get("claims", ()), history)
        for row in rows.get("sources", ()):
            archive_hashes[row["archive_path"]] = cache.text_sha256(row["text"])
        yield rows


def check_rules(report: Report) -> None:
    """Run the cross-file rules over a report of `validate.read`; raise InvalidFacts if it is
    not ok then."""
    if not check_across(report).ok:
        raise InvalidFacts(report)


class Alongside:
    """Work done in a thread of its own while SQLite, which releases the GIL while it works,
    indexes the rows; `finish` waits for it and raises what it raised. Never started, it runs
    in `finish`. Used for the cross-file rules, which need only the parsed files."""

    def __init__(self, work: Callable[[], None]):
        self._work = work
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._done = False

    def _run(self) -> None:
        try:
            self._work()
        except BaseException as exc:
            self._error = exc

    def start(self) -> None:
        if self._thread is None and not self._done:
            self._thread = threading.Thread(target=self._run, name="factdb-alongside", daemon=True)
            self._thread.start()

    def finish(self) -> None:
        if not self._done:
            if self._thread is None:
                self._run()
            else:
                self._thread.join()
            self._done = True
        if self._error is not None:
            raise self._error


def merge(per_file: Iterable[Rows]) -> Rows:
    """The rows of every file, table by table, in the order given."""
    merged: Rows = {}
    for rows in per_file:
        for table, table_rows in rows.items():
            merged.setdefault(table, []).extend(table_rows)
    return merged


def history_values(history: Mapping[str, object]) -> HistoryValues:
    """Claim id -> the text of its history fields, from objects with those attributes."""
    return {
        claim_id: tuple(_text(getattr(entry, name, None)) for name in HISTORY_FIELDS)
        for claim_id, entry in history.items()
        if entry is not None
    }


def apply_history(claim_rows: list[dict], values: Mapping[str, tuple]) -> None:
    for row in claim_rows:
        entry = values.get(row["id"])
        if entry is not None:
            row.update(zip(HISTORY_FIELDS, entry))


def _text(value: object) -> str | None:
    if value is None:
        return None
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


def build_info(files: Mapping[str, str], archives: Mapping[str, str]) -> list[dict]:
    """What the build was made from, derived only from its inputs (no clock, no host): the
    text hashes of the fact files and archived texts (`files`, `archives`: path -> SHA-256)."""
    info = {
        "factdb_version": __version__,
        "inputs_sha256": cache.inputs_digest(files, archives),
        "fact_files": str(len(files)),
    }
    return [{"key": k, "value": v} for k, v in sorted(info.items())]


def write_database(
    out: Path,
    rows: Rows | Iterable[Rows],
    info: list[dict] | Callable[[], list[dict]],
    blocks: Mapping[str, int] | None = None,
    *,
    alongside: Alongside | None = None,
) -> dict[str, int]:
    """Write the rows into a new file beside `out` and move it into place when complete.
    `rows` is either every row by table or the rows of one fact file after another (each
    file once, in the order of `blocks`, as rows_of_file makes them), written as they come.
    `info` is the build_info rows, or a function giving them once every file's rows are in.
    `blocks` gives each fact file's block of rowids (default: from the files in `rows`,
    which must then be every row by table). `alongside` runs while the rows are indexed; the
    file is moved into place only if it raised nothing, and what it raises (invalid facts)
    is raised instead of any error the writing met."""
    if isinstance(rows, Mapping):
        if blocks is None:
            blocks = file_blocks({row["file"] for table_rows in rows.values() for row in table_rows})
        rows = (rows,)
    elif blocks is None:
        raise TypeError("write_database: rows given file by file need their blocks")
    made = [d for d in (out.parent, *out.parent.parents) if not d.exists()]
    try:
        with staged(out) as tmp:
            try:
                counts = _fill(tmp, rows, info, blocks, alongside)
            except Exception:
                if alongside is not None:
                    alongside.finish()
                raise
            if alongside is not None:
                alongside.finish()
            return counts
    except InvalidFacts:
        for directory in made:  # deepest first: invalid facts create nothing
            try:
                directory.rmdir()
            except OSError:
                break
        raise


def _fill(
    path: Path,
    per_file: Iterable[Rows],
    info: list[dict] | Callable[[], list[dict]],
    blocks: Mapping[str, int],
    alongside: Alongside | None = None,
) -> dict[str, int]:
    conn = open_new(path)
    try:
        counts = insert_files(conn, per_file, blocks)
        finish(conn, counts, info() if callable(info) else info, blocks, alongside)
        return counts
    finally:
        conn.close()
