"""A full build on two processes: each reads, checks and writes half of the fact files.

The reading and checking is `factdb.check.parallel`'s (halves cut in rowid order,
`rows.file_blocks`); once the halves have swapped what the other needs, each process makes its
rows: the parent writes its half into the new file, the child into scratch files beside it
(`.factdb.db.<owner>.<k>.part`), each of which the parent copies in between two of its own
files as soon as the child completes it. Only then do the cross-file rules run, as in a
one-process build: the child's once its rows are written, the parent's while SQLite copies and
indexes; the file is moved into place only when both found nothing. The rows and their rowids
are those of the one-process build, and the file is finished as that one is
(`db.write.finish`), so the two give the same `.dump`.

When anything is amiss `write_build` writes nothing and returns None, and the caller builds in one
process, which reports every problem exactly as `factdb validate` does.
"""

from __future__ import annotations

import glob
import itertools
import sqlite3
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from ..check.catalog import KindsThrough
from ..check.parallel import Half, forked, receive, split, swap
from ..db.rows import Across, Rows, file_blocks
from ..db.staging import owner_tag
from ..db.write import finish, insert_files, open_new, quote_name, staged, written_columns
from ..read.project import paused_gc
from . import full


CHILD_SHARE = 0.55
"""The child's share of the fact files' bytes. The parent also copies the child's rows into
the file, so it takes fewer: at 100k claims both then end their rows at about the same time."""

CHUNK_ROWS = 50_000
"""Rows the child writes into one scratch file before handing it over: the parent copies each
in between two of its own files while the child writes the next, so that little is left to
copy once the child is done."""


class _Abandon(Exception):
    """The two-process build cannot vouch for the result: build in one process instead."""


def write_build(root: Path, out: Path, history: full.HistoryValues | None, started: float) -> full.Written | None:
    """Build `out` from scratch on two processes, as `full.write_build` does in one. Returns None,
    having written nothing, when the facts are to be checked all together in one process (any
    problem, or too few bytes to be worth it)."""
    found = split(root, file_blocks, CHILD_SHARE)
    if found is None:
        return None
    blocks, mine, theirs = found
    made = [d for d in (out.parent, *out.parent.parents) if not d.exists()]
    try:
        return _write_build(root, out, history, started, blocks, mine, theirs)
    except _Abandon:
        for directory in made:  # deepest first: the one-process build decides what is created
            try:
                directory.rmdir()
            except OSError:
                break
        return None


def _write_build(root, out, history, started, blocks, mine: "Half", theirs: "Half") -> full.Written:
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.parent / f".{out.name}.{owner_tag()}"
    _remove_chunks(part)
    try:
        with forked(theirs, lambda half, tell: _write_half(half, part, blocks, history, tell), rules_after=True) as ours, \
                paused_gc(), staged(out) as tmp:
            return _parent(ours, mine, tmp, blocks, history, started, out)
    finally:
        _remove_chunks(part)


def chunk_path(part: Path, k: int) -> Path:
    """The child's k-th scratch file: `.factdb.db.<owner>.<k>.part`."""
    return part.with_name(f"{part.name}.{k}.part")


def _remove_chunks(part: Path) -> None:
    for path in part.parent.glob(f"{glob.escape(part.name)}.*.part"):
        path.unlink(missing_ok=True)


def _parent(conn_to_child: Connection, mine: "Half", tmp: Path, blocks, history, started, out) -> full.Written:
    summary = mine.load()
    # The parent's tables are created while the child may still be reading: the child makes
    # its bare tables later, and the parent's inserts (which keep the keys) take longer.
    db = open_new(tmp)
    try:
        if not swap(conn_to_child, summary, mine, send_first=False, rules=False):
            raise _Abandon()
        # The rows come first and the cross-file rules after, as in one process: the child
        # checks its half once its rows are written, this process while SQLite copies the
        # child's rows in and indexes them (without the GIL).
        rules = full.Alongside(lambda: _passes(mine))
        child = _Child(conn_to_child)
        try:
            counts, file_hashes, archive_hashes = _write_all(db, child, mine, blocks, history, rules)
        except _Abandon:
            raise
        except Exception:
            # An error met while writing (a full disk) is the build's only where every fact is
            # valid; rows made before the rules ran may also fail on facts the rules refuse (a
            # figure bound to no words). Either way one process reports what it finds first.
            if not (_succeeds(rules) and child.verdict()):
                raise _Abandon() from None
            raise
        if not child.verdict():
            raise _Abandon()
    finally:
        db.close()
    result = full.BuildResult(out, counts, time.perf_counter() - started)
    return full.Written(result, file_hashes, archive_hashes, history)


def _write_all(db, child: "_Child", mine: "Half", blocks, history, rules: full.Alongside):
    """This half's rows, with the child's copied in as they come, then the file finished while
    `rules` runs: the rows' counts, and the text hashes of the fact files and archives."""
    file_hashes: dict[str, str] = {}
    archive_hashes: dict[str, str] = {}
    counts = insert_files(db, child.copying(db, half_rows(mine, blocks, history, file_hashes, archive_hashes)), blocks)
    rules.start()  # from here on this process mostly waits for the child, or SQLite copies
    done = child.rows(db)
    if done is None:
        raise _Abandon()
    for table, n in done["counts"].items():
        counts[table] += n
    file_hashes.update(done["files"])
    archive_hashes.update(done["archives"])
    finish(db, counts, full.build_info(file_hashes, archive_hashes), blocks, rules)
    rules.finish()
    return counts, file_hashes, archive_hashes


class _Child:
    """What the parent hears from the child, in order: each scratch file of rows it completes,
    then what it wrote in all (`rows`), then whether its cross-file rules found nothing
    (`verdict`)."""

    def __init__(self, conn: Connection):
        self._conn = conn
        self._heard = False
        self._done: dict | None = None

    def copying(self, db: sqlite3.Connection, per_file: Iterator[Rows]) -> Iterator[Rows]:
        """`per_file`, copying each scratch file into `db` between two files as soon as the
        child has completed it."""
        for rows in per_file:
            yield rows
            while not self._heard and self._conn.poll():
                self._take(db)

    def _take(self, db) -> None:
        message = receive(self._conn)
        if isinstance(message, tuple) and message[0] == "chunk":
            _, path, counts = message
            if db is not None:
                _copy_in(db, Path(path), counts)
            Path(path).unlink(missing_ok=True)
        else:
            self._done, self._heard = message, True

    def rows(self, db: sqlite3.Connection | None) -> dict | None:
        """Copy each scratch file into `db` as the child completes it (None: skip them), and
        return the counts and text hashes of all the rows the child wrote; None if it failed
        or died."""
        while not self._heard:
            self._take(db)
        return self._done

    def verdict(self) -> bool:
        """True when the child wrote its rows and its rules found nothing (waits for both)."""
        if not self._heard:
            self.rows(None)
        return self._done is not None and receive(self._conn) is True


def _passes(half: "Half") -> None:
    if not half.passes():
        raise _Abandon()


def _succeeds(work: full.Alongside) -> bool:
    """Whether `work` (run now if it was not started) raised nothing."""
    try:
        work.finish()
    except Exception:
        return False
    return True


def _write_half(half: "Half", part: Path, blocks, history, tell: Callable[[object], None]) -> dict:
    """The child's rows written to scratch files beside `part`; what the parent needs of them."""
    file_hashes: dict[str, str] = {}
    archive_hashes: dict[str, str] = {}
    counts = _write_part(part, half_rows(half, blocks, history, file_hashes, archive_hashes), blocks, tell)
    return {"counts": counts, "files": file_hashes, "archives": archive_hashes}


def _write_part(part: Path, per_file: Iterator[Rows], blocks, tell: Callable[[object], None]) -> dict[str, int]:
    """The child's rows, in scratch files of bare tables (no keys, no indexes: the parent's
    copy maintains those), each row at its final rowid: about CHUNK_ROWS rows a file, each
    told to the parent (`tell`: ('chunk', path, counts)) once complete, so that the parent
    copies it in while the child writes the next. Returns the counts of all."""
    counts = dict.fromkeys(written_columns(), 0)
    per_file = iter(per_file)
    k = 0
    while (first := next(per_file, None)) is not None:
        path = chunk_path(part, k)
        written = _write_chunk(path, itertools.chain((first,), _up_to(per_file, CHUNK_ROWS)), blocks)
        for table, n in written.items():
            counts[table] += n
        tell(("chunk", str(path), written))
        k += 1
    return counts


def _up_to(per_file: Iterator[Rows], limit: int) -> Iterator[Rows]:
    """Files' rows from `per_file` until about `limit` rows are taken (whole files)."""
    taken = 0
    while taken < limit:
        rows = next(per_file, None)
        if rows is None:
            return
        taken += sum(map(len, rows.values()))
        yield rows


def _write_chunk(path: Path, per_file: Iterable[Rows], blocks) -> dict[str, int]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        for table, columns in written_columns().items():
            conn.execute(f"CREATE TABLE {quote_name(table)} ({', '.join(map(quote_name, columns))})")
        counts = insert_files(conn, per_file, blocks)
        conn.execute("COMMIT")
        return counts
    finally:
        conn.close()


def _copy_in(db: sqlite3.Connection, part: Path, counts: Mapping[str, int]) -> None:
    """Insert the rows of one of the child's scratch files, in rowid order (all above the
    parent's: the parent's later rows go in below them, at their own rowids, so the rows and
    `.dump` are those of a one-process build). ATTACH cannot happen inside a transaction, so
    the one open_new began is committed first and begun again."""
    db.execute("COMMIT")
    db.execute("ATTACH DATABASE ? AS part", (str(part),))
    db.execute("BEGIN")
    for table, columns in written_columns().items():
        if counts.get(table, 1):
            names = ", ".join(map(quote_name, columns))
            quoted = quote_name(table)
            db.execute(f"INSERT INTO main.{quoted} (rowid, {names}) SELECT rowid, {names} FROM part.{quoted} ORDER BY rowid")
    db.execute("COMMIT")
    db.execute("DETACH DATABASE part")
    db.execute("BEGIN")


def half_rows(half: Half, blocks, history, file_hashes: dict, archive_hashes: dict) -> Iterator[Rows]:
    """The rows of a checked half's files (see `full.file_rows`)."""
    kinds = KindsThrough(half.catalog.records)
    across = Across(half.entities, half.sources, blocks, half.catalog.bind, half.catalog.archive)
    return full.file_rows(half.files, kinds, across, history, file_hashes, archive_hashes)
