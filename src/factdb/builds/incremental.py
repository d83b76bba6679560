"""Incremental builds: `factdb build` redoes only what changed since the last build.

`update()` asks the cache (`factdb.builds.cache`) what changed since the last build of the same
file, then takes one of three paths and says which and why:

- **no-op**: no fact file, archived text, git history or code changed and the built file is
  the one the cache describes: nothing is parsed or written.
- **incremental**: some fact files changed, were added or removed. Only those are read and
  validated, together with the unchanged files that depend on what changed (files citing a
  source whose record changed, or naming an id that disappeared or changed kind), found in
  the last build. The cross-file rules run over exactly those files, on a catalog whose
  look-ups fall through to the records of every other file as the last build stored them
  (their `record_json`). Rows copy display fields from other records (names, coordinates, a
  source's title), so the unchanged files naming an entity whose name or coordinates changed
  are rewritten too. Then, in a copy of the last build beside it, the rows of those files are
  deleted (a file's rows are the rowids of its block) and their new rows inserted (made as a
  full build makes them, `filerows.rows_of_file`), the full-text indexes rebuilt, foreign keys
  checked at COMMIT, and the copy renamed into place: a failure leaves the last build
  byte-identical.
- **full**: whenever the cache cannot be trusted: no manifest or an unreadable one, a code
  change, the output missing or replaced, an archived text changed, a change that does not
  validate (the full build then reports every problem, in every file), rules this module does
  not know, or anything unexpected. `--full` forces it.

A row's rowid comes from its file's path and its place in the file (`rows.file_blocks`), and
the full-text indexes are rebuilt as a full build makes them, so an incremental build writes
the same database as a full build: the same `sqlite3 .dump`, full-text shadow tables
included (the tests compare).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Callable

from ..check import parallel as checking, rules
from ..check.validate import check_across, read
from ..db import write
from ..read.project import FactSource
from . import cache, changed, full, leftovers, parallel, rewrite
from .lastbuild import Fallback
from .rewrite import History


def update(
    root: Path,
    out: Path | None = None,
    *,
    history: History = None,
    history_key: str | None = None,
    full_build: bool = False,
) -> full.BuildResult:
    """Bring the SQLite file `out` (default <root>/build/factdb.db) up to date with the
    repository at `root`: nothing if nothing changed, the rows of the changed files if it can,
    else a full build. The result is the file a full build writes.

    `history` is the claims' git history: a mapping as `build()` takes, or a function that
    returns one, called only when the history is needed; `history_key` names what it depends
    on (the git HEAD, see `cache.git_history_key`). History given without a key is never
    reused. Raises InvalidFacts, writing nothing, when the facts do not validate."""
    started = time.perf_counter()
    root = Path(root)
    out = Path(out) if out is not None else root / write.DEFAULT_OUTPUT
    swept = leftovers.sweep(out)
    result = _update(root, out, history, "" if history is None else history_key, full_build, started)
    if swept.files:
        result.notes.insert(0, swept.describe())
    return result


def update_checkout(root: Path, out: Path | None = None, *, full_build: bool = False) -> full.BuildResult:
    """What `factdb build` runs: `update()`, with each claim's first-recorded and last-changed
    commits read from git only when the build needs them, and none outside a git checkout.
    Raises GitError when the history cannot be read, and what `update()` raises."""
    history_key = cache.git_history_key(root)

    def history():
        from .history import history_for_build

        return history_for_build(root)

    return update(root, out, history=history if history_key else None, history_key=history_key, full_build=full_build)


def _update(root: Path, out: Path, history: History, key: str | None, full_build: bool, started: float) -> full.BuildResult:
    try:
        plan = changed.plan(root, out, history_key=key, full=full_build)
    except Exception as exc:  # a cache that cannot be read is never a reason to fail
        plan = cache.Plan("full", f"the cache could not be read ({type(exc).__name__}: {exc})")
    if plan.mode == "no-op":
        result = full.BuildResult(
            out, dict(plan.manifest.counts), 0.0, "no-op", plan.reason, plan.counters,
        )
        if plan.refreshed:  # touched but unchanged files: trust their new stats next time
            plan.manifest.files = plan.entries
            _save_quietly(lambda: cache.refresh(out, plan.manifest), result)
        result.seconds = time.perf_counter() - started
        return result
    reason = plan.reason
    if plan.mode == "incremental":
        try:
            return _incremental(root, out, plan, history, key, started)
        except Fallback as exc:
            reason = str(exc)
        except Exception as exc:  # anything unexpected: the full build is the reference
            reason = f"the incremental update failed ({type(exc).__name__}: {exc})"
    return _full(root, out, history, key, started, reason)


def _full(root: Path, out: Path, history: History, key: str | None, started: float, reason: str) -> full.BuildResult:
    read_at = time.time_ns()
    history = _once(history)
    written = _on_two_processes(root, out, history, started)
    if written is None:
        written = _in_one_process(root, out, history, started)
    result = written.result
    result.mode, result.reason = "full", reason
    result.stats = {"files": len(written.files), "parsed": len(written.files)}
    if key is None:  # history that cannot be compared: no cache, and none of an earlier build
        _save_quietly(lambda: cache.manifest_path(out).unlink(missing_ok=True), result)
    else:

        def save() -> None:
            # The history first: a manifest that describes the new file is what lets the next
            # build skip work, so it is written last, once everything it vouches for is there.
            cache.save_history(out, key, written.history or {})
            # Stats taken after the build, so a file written since `read_at` counts as racy.
            cache.record(
                root, out,
                files={rel: cache.entry(os.stat(root / rel), sha, read_at) for rel, sha in written.files.items()},
                archives={rel: cache.entry(os.stat(root / rel), sha, read_at) for rel, sha in written.archives.items()},
                inputs_sha256=cache.inputs_digest(written.files, written.archives),
                history_key=key,
                counts=result.counts,
            )

        _save_quietly(save, result)
    return result


def _once(history: History) -> History:
    """`history`, loaded at most once however often it is asked for (git is slow to ask)."""
    if not callable(history):
        return history
    memo: list = []

    def load():
        if not memo:
            memo.append(history())
        return memo[0]

    return load


def _on_two_processes(root: Path, out: Path, history: History, started: float) -> full.Written | None:
    """The full build split between two processes, where it can be (see factdb.builds.parallel);
    None, with nothing written, where the one-process build must do it."""
    if not checking.available():
        return None
    try:
        loaded = rewrite.load_history(history)  # the child needs it before it writes any row
    except Exception:
        return None  # the one-process build reports invalid facts before a history error
    return parallel.write_build(root, out, full.history_values(loaded) if loaded else None, started)


def _in_one_process(root: Path, out: Path, history: History, started: float) -> full.Written:
    report = read(root)  # the cross-file rules run while the file is written (write_build)
    if not report.ok:
        raise full.InvalidFacts(check_across(report))
    try:
        loaded = rewrite.load_history(history)
    except Exception:
        full.check_rules(report)  # invalid facts are reported first
        raise
    values = full.history_values(loaded) if loaded else None
    return full.write_build(root, out, report, values, started, checked=False)


def _save_quietly(save: Callable[[], None], result: full.BuildResult) -> None:
    """Write the cache; if it cannot be written the build still stands, and the next build,
    finding no manifest or one that does not describe the file, is a full one: the result's
    notes say so (a read-only or full cache directory made every build a silent full one)."""
    try:
        save()
    except (OSError, cache.CacheError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        result.notes.append(
            f"warning: cannot write the build cache in {cache.manifest_path(result.path).parent} ({why}); "
            "the next build will be a full one"
        )


# --- the incremental path -------------------------------------------------------------


def _incremental(root: Path, out: Path, plan: cache.Plan, history: History, key: str, started: float) -> full.BuildResult:
    if not rules.lookups_suffice():
        raise Fallback("the validation rules changed and the incremental check does not know them")
    loaded: dict[str, FactSource] = {}
    rewrite.load(root, plan, sorted(plan.changed + plan.added), loaded)
    with write.staged(out) as tmp:
        rewrite.copy(out, tmp)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            update = rewrite.Update(root, conn, plan, loaded)
            update.check()
            values = update.history(out, history, key)
            counts, archives = update.write()
        finally:
            conn.close()
    files = {**plan.entries}
    for rel, file in loaded.items():
        if rel in plan.stats:
            files[rel] = cache.entry(plan.stats[rel], cache.text_sha256(file.text), plan.started_ns)
    result = full.BuildResult(
        out, counts, 0.0, "incremental", update.describe(),
        {**plan.counters, "parsed": len(loaded), "rechecked": len(update.dependents)},
    )

    def save() -> None:
        if values is not None:  # before the manifest, as in a full build
            cache.save_history(out, key, values)
        cache.record(
            root, out, files=files, archives=archives, inputs_sha256=update.inputs_sha256,
            history_key=key, counts=counts,
        )

    _save_quietly(save, result)
    result.seconds = time.perf_counter() - started
    return result
