"""Checking on two processes: each reads and checks half of the fact files against the other's.

Parsing and validating is Python work, done at the speed of one core; at 100k claims it is
most of `factdb validate` and of a full build. Where the machine has a second core and fork(),
and no other thread runs in the process, `split` cuts the fact files into two halves of about
equal size, and `forked` runs a child for the second:

1. each process reads and validates its half (`Half.load`);
2. they swap what the other needs to check against (`swap`): the id, kind and file of every
   record, and the sources in full (quotes and dates are checked against a source's archive and
   publication date, and a build's figures show a source's title), with their archived texts
   as the rules compare quotes with them; and every entity record, whose names and
   coordinates a build's rows copy;
3. each runs the cross-file rules over its own records, with look-ups of other ids falling
   through to the other half's (`catalog.ThroughRecords`, as an incremental build does).

`validate` is that alone; `factdb.builds.parallel` writes each half's rows between 2 and 3
(`forked(..., rules_after=True)`), so that the rules run while SQLite copies and indexes.

This is only a faster way to the same answer, never a second judge: when anything is amiss —
a file that does not validate, an id in both halves, a rule that finds a problem, a fork that
fails, a child that fails or dies at any point (killed while it reads, out of disk space or
inodes while it writes) — the caller checks in one process, which reports every problem. The
child says nothing of its own failure (no traceback): whatever stopped it, the one-process
run meets again and reports, or does not meet and succeeds.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from ..read.project import FactSource, ProjectError, find_fact_files, load_file, paused_gc, rel_path
from . import catalog, events, rules
from .catalog import entities_of, sources_of


def sorted_blocks(rels: Iterable[str]) -> dict[str, int]:
    """Each path's place in sorted order: how halves are cut when no build gives rowid blocks."""
    return {rel: i for i, rel in enumerate(sorted(rels))}


PROCESSES_ENV = "FACTDB_PROCESSES"
"""Set to 1 to build in one process (to compare, or where fork misbehaves)."""


MIN_BYTES = 2 << 20
"""Fact files smaller than this in all build in one process: there a fork saves nothing."""


def machine_allows() -> bool:
    """Whether this machine can build on two processes: fork() and a second core."""
    if not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return cores >= 2


def available() -> bool:
    """Whether this machine, process and setting allow a build on two processes."""
    if os.environ.get(PROCESSES_ENV, "").strip() == "1" or not machine_allows():
        return False
    # A fork copies only the calling thread: a lock another thread holds at that moment stays
    # held in the child for ever. The command line has no other thread; a host program might.
    if threading.active_count() > 1:
        return False
    return rules.lookups_suffice()


def halves(
    rels: list[str], blocks: Mapping[str, int], sizes: Mapping[str, int], share: float = 0.5
) -> tuple[list[str], list[str]]:
    """The files in rowid order, cut where the second half comes closest to `share` of the
    bytes; each half has at least one file, and every rowid of the first is below the second's."""
    ordered = sorted(rels, key=blocks.__getitem__)
    total, running, best = sum(sizes[rel] for rel in ordered), 0, (None, 1)
    for cut in range(1, len(ordered)):
        running += sizes[ordered[cut - 1]]
        imbalance = abs(running - (1 - share) * total)
        if best[0] is None or imbalance < best[0]:
            best = (imbalance, cut)
    cut = best[1]
    return ordered[:cut], ordered[cut:]


def split(
    root: Path, blocks_of: Callable[[Iterable[str]], Mapping[str, int]] = sorted_blocks, share: float = 0.5
) -> tuple[Mapping[str, int], "Half", "Half"] | None:
    """The blocks of every fact file (`blocks_of` the paths: a build passes its rowid blocks) and
    the two halves to read, the child's with `share` of the bytes; or None where this machine,
    process or repository is better checked in one process (see `available`, MIN_BYTES)."""
    if not available():
        return None
    try:
        paths, problems = find_fact_files(root)
    except ProjectError:
        return None
    by_rel = {rel_path(root, path): path for path in paths}
    if problems or len(by_rel) < 2:
        return None
    sizes = {}
    for rel, path in by_rel.items():
        try:
            sizes[rel] = os.stat(path).st_size
        except OSError:
            return None
    if sum(sizes.values()) < MIN_BYTES:
        return None
    blocks = blocks_of(by_rel)
    first, second = halves(list(by_rel), blocks, sizes, share)
    return blocks, Half(root, first, by_rel), Half(root, second, by_rel)


def validate(root: Path) -> tuple[dict, list[events.Look]] | None:
    """Validate on two processes, each reading and checking half the files against the other
    half's records, as a build does before it writes. Returns the counts of a repository
    without an error (files, records, claims) and the looks of every claim, to suggest events
    from (`factdb.check.events`); or None: on any error, or where one process is better, the
    caller validates in one process, which reports every problem."""
    found = split(root)
    if found is None:
        return None
    _, mine, theirs = found
    with forked(theirs, lambda half, _tell: (half.counts(), half.looks())) as ours, paused_gc():
        summary = mine.load()
        if not swap(ours, summary, mine, send_first=False):
            return None
        sent = receive(ours)
        if sent is None:
            return None
        counts, looks = sent
        return {key: n + counts[key] for key, n in mine.counts().items()}, mine.looks() + looks


@contextmanager
def forked(
    theirs: "Half", then: Callable[["Half", Callable[[object], None]], object], *, rules_after: bool = False
) -> Iterator[Connection]:
    """Fork a child that reads and checks `theirs` and sends what `then` makes of it (see
    `_child`; `then` may send messages before that with the function it is given); the block
    gets the parent's end of the pipe, and the child is reaped after it.
    With `rules_after`, the child runs the cross-file rules only once `then` is done and sends
    their verdict (True: they found nothing) as a second message: a build makes its rows
    first, so that the rules of both halves run while the parent's SQLite copies and indexes.
    Where no child can be made (no memory, too many processes), the block gets a pipe whose
    other end is closed, as if the child had died at once: the caller checks in one process."""
    ours, child_end = Pipe()
    try:
        pid = os.fork()
    except OSError:
        pid = None
    if pid == 0:  # the child: never returns
        ours.close()
        _child(child_end, theirs, then, rules_after)
    child_end.close()
    try:
        yield ours
    finally:
        ours.close()
        if pid is not None:
            reap(pid)


def swap(conn: Connection, summary: dict | None, half: "Half", *, send_first: bool, rules: bool = True) -> bool:
    """Send this half's summary and take the other's (one side sends first: a summary is
    larger than a pipe holds), then join this half to it and, unless `rules` is false (the
    caller runs them later: `Half.passes`), check it. True when both halves validated on their
    own, no id is in both, and this one's cross-file rules (if run) found nothing."""
    if send_first:
        sent = send(conn, summary)
        theirs = receive(conn)
    else:
        theirs = receive(conn)
        sent = send(conn, summary)
    if not (sent and summary is not None and theirs is not None and half.join(theirs)):
        return False
    return half.passes() if rules else True


def _child(conn: Connection, half: "Half", then: Callable, rules_after: bool) -> None:
    """Read and check the second half, send what `then` makes of it (None when the half did
    not pass) and, with `rules_after`, then the verdict of its cross-file rules; then exit
    without running any of the parent's clean-up (atexit handlers, buffered output): os._exit."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent handles Ctrl-C and reaps us
        with paused_gc():
            summary = half.load()
            joined = swap(conn, summary, half, send_first=True, rules=not rules_after)
            if send(conn, then(half, lambda message: _tell(conn, message)) if joined else None) and (
                not rules_after or (joined and send(conn, half.passes()))
            ):
                code = 0
    except BaseException:
        # No traceback: the parent, finding no result, checks in one process, which meets
        # the same fault (a full disk) and reports it, or does not and succeeds.
        send(conn, None)
    finally:
        os._exit(code)


def _tell(conn: Connection, message: object) -> None:
    """Send a message on the way to the result; the parent being gone ends the child."""
    if not send(conn, message):
        raise BrokenPipeError("the parent is gone")


def send(conn: Connection, message: object) -> bool:
    """Send to the other process; False when it is gone (it died: a broken pipe)."""
    try:
        conn.send(message)
    except (OSError, EOFError, ValueError):
        return False
    return True


def receive(conn: Connection):
    """What the other process sent; None when it sent nothing usable or died, even mid-message."""
    try:
        return conn.recv()
    except Exception:  # EOFError, OSError, or a message cut short (an unpickling error)
        return None


def reap(pid: int) -> None:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


class Half:
    """The fact files one process reads, checks and writes."""

    def __init__(self, root: Path, rels: list[str], paths: Mapping[str, Path]):
        self.root = root
        self.paths = [paths[rel] for rel in rels]
        self.files: list[FactSource] = []
        self.catalog: catalog.Catalog | None = None
        self.entities: dict[str, object] = {}
        """Entity id -> record, of this half and (once checked) the other's."""
        self.sources: dict[str, object] = {}
        """Source id -> record, likewise."""

    def load(self) -> dict | None:
        """Read and validate the files; returns what the other half checks against, or None
        if any file does not validate on its own or repeats an id."""
        self.files = [load_file(self.root, path) for path in self.paths]
        if any(file.problems or file.model is None for file in self.files):
            return None
        self.catalog = catalog.catalog_of(self.root, self.files)
        if self.catalog.duplicates:
            return None
        records = self.catalog.records
        self.entities = entities_of(records)
        self.sources = sources_of(records)
        return {
            "ids": {record_id: (found.kind, found.file.rel) for record_id, found in records.items()},
            "sources": self.sources,
            # Quotes of either half cite sources of both: each normalises its own archives once.
            "archives": self.catalog.own_archives(),
            "entities": self.entities,
        }

    def join(self, theirs: dict) -> bool:
        """Look ids up through the other half's summary from now on, and take its entities,
        sources and archived texts: what this half's rules check against and its rows copy.
        False when an id is in both halves."""
        ids, sources = theirs["ids"], theirs["sources"]
        if not ids.keys().isdisjoint(self.catalog.records.keys()):
            return False
        self.entities = {**self.entities, **theirs["entities"]}
        self.sources = {**self.sources, **sources}
        self.catalog.add_archives(theirs["archives"])

        def lookup(record_id: str) -> catalog.Located | None:
            found = ids.get(record_id)
            if found is None:
                return None
            kind, rel = found
            return catalog.Located(kind, FactSource(self.root, rel), (), sources.get(record_id))

        self.catalog.records = catalog.ThroughRecords(self.catalog.records, lookup)
        return True

    def passes(self) -> bool:
        """The cross-file rules over this half's records, once joined to the other half:
        True when they find nothing."""
        return not rules.run(self.catalog)

    def looks(self) -> list[events.Look]:
        """What this half's claims look like, to suggest events from (both halves' at once)."""
        return list(events.looks(self.catalog.records.values()))

    def counts(self) -> dict[str, int]:
        """What `factdb validate` counts of this half: files, records, claims."""
        records = self.catalog.records  # iterating a ThroughRecords sees this half's only
        return {
            "files": len(self.files),
            "records": len(records),
            "claims": sum(1 for found in records.values() if found.kind == "claim"),
        }
