"""What changed since the last build, from the cache (`factdb.builds.cache`): the plan of the
next build (no-op, incremental or full) and why.

A no-op or incremental build must never accept what a full build refuses, nor publish what a
full build would not; so before the cache is believed:

- the manifest must add up: the hashes it lists give the `inputs_sha256` that the built file
  holds (an entry edited, added or removed by hand does not);
- the fact files must be found as a full build finds them (no link out of the project, no loop,
  `read.project.find_fact_files`), and every archived text the last build read must still be a
  regular file inside the project (a full build refuses a `seeds/` linked out of it);
- a file's stat is trusted only if it equals the recorded one and is older than the built file
  itself (a stat patched into the manifest after the file changed is newer): otherwise the text
  is read, without blocking and only from a regular file, and hashed.

Anything that does not hold gives a full build, whose reason is printed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from . import cache
from .cache import Entry, Manifest, Plan, stat_key


def _full(reason: str, **kw) -> Plan:
    return Plan("full", reason, **kw)


def plan(root: Path, out: Path, *, history_key: str | None, full: bool = False) -> Plan:
    """Compare the project at `root` with what the last build of `out` was made from.

    `history_key` is '' when the build records no git history, None when it records history
    that cannot be keyed (it is then never reused)."""
    started_ns = time.time_ns()
    if full:
        return _full("--full was given")
    if history_key is None:
        return _full("the history given has no key to compare it by")
    manifest = _trusted_manifest(root, out)
    if isinstance(manifest, str):
        return _full(manifest)

    from ..read.project import find_fact_files

    found, problems = find_fact_files(root)
    if problems:
        return _full("some fact files cannot be read safely")
    result = Plan("incremental", "", manifest=manifest, started_ns=started_ns)
    hashed = _compare_fact_files(root, found, result)
    archives = _compare_archives(root, result)
    if isinstance(archives, str):
        return _full(archives)
    hashed += archives
    result.history_changed = history_key != manifest.history_key
    result.counters = {
        "files": len(found), "hashed": hashed, "changed": len(result.changed),
        "added": len(result.added), "removed": len(result.removed),
    }
    if not (result.changed or result.added or result.removed or result.history_changed):
        result.mode = "no-op"
        result.reason = (
            f"no fact file, archived text or code changed ({len(found):,} fact files and "
            f"{len(manifest.archives):,} archived texts checked)"
        )
    return result


def _compare_fact_files(root: Path, found: list[Path], result: Plan) -> int:
    """Sort the fact files found into the plan's unchanged (`entries`), changed, added and
    removed ones; returns how many were read and hashed (their stat could not be trusted)."""
    from ..read.project import rel_path

    manifest, started_ns = result.manifest, result.started_ns
    built_ns = manifest.output[1]
    hashed = 0
    for path in found:
        rel = rel_path(root, path)
        result.paths[rel] = path
        old = manifest.files.get(rel)
        try:
            st = os.stat(path)
        except OSError:
            result.changed.append(rel)  # reading it will say what is wrong
            continue
        if old is None:
            result.added.append(rel)
            result.stats[rel] = st
            continue
        if trusted(old, st, built_ns):
            result.entries[rel] = old
            continue
        hashed += 1
        sha = _hash(path, cache.fact_text)
        if sha == old[4]:
            result.entries[rel] = cache.entry(st, sha, started_ns)
            result.refreshed |= result.entries[rel] != old
        else:
            result.changed.append(rel)
            result.stats[rel] = st
    result.removed = sorted(set(manifest.files) - set(result.paths))
    return hashed


def _compare_archives(root: Path, result: Plan) -> int | str:
    """Check that no archived text the last build read changed (their stats refreshed in the
    manifest where only those changed): how many were hashed, or why a full build is needed."""
    manifest = result.manifest
    built_ns = manifest.output[1]
    real_root = Path(root).resolve()
    hashed = 0
    for rel, old in manifest.archives.items():
        path = Path(root) / rel
        why = _unsafe_archive(path, real_root)
        if why:
            return f"the archived text {rel} {why}; checking every source as a full build does"
        st = os.stat(path)
        if trusted(old, st, built_ns):
            continue
        hashed += 1
        if _hash(path, cache.archive_text) != old[4]:
            return f"the archived text {rel} changed, and quotes are checked against it"
        fresh = cache.entry(st, old[4], result.started_ns)
        result.refreshed |= fresh != old
        manifest.archives[rel] = fresh
    return hashed


def _trusted_manifest(root: Path, out: Path) -> Manifest | str:
    """The manifest of the last build of `out`, or why it cannot be believed."""
    try:
        manifest = Manifest.load(out)
    except FileNotFoundError:
        return "no cache of an earlier build"
    except (OSError, cache.CacheError) as exc:
        return f"the cache is unreadable ({exc})"
    if manifest.code != cache.code_version():
        return "the factdb code, Python or a dependency changed since the last build"
    if manifest.root != str(Path(root).resolve()):
        return "the last build was made from another directory"
    try:
        identity = cache.output_identity(out)
    except FileNotFoundError:
        return f"{out} does not exist"
    if identity != manifest.output or cache.built_inputs(out) != manifest.inputs_sha256:
        return f"{out} is not the file the cache describes"
    hashes = {rel: e[4] for rel, e in manifest.files.items()}, {rel: e[4] for rel, e in manifest.archives.items()}
    if cache.inputs_digest(*hashes) != manifest.inputs_sha256:
        return f"the cache does not add up: its hashes are not those {out.name} was built from"
    return manifest


def trusted(old: Entry, st: os.stat_result, built_ns: int) -> bool:
    """May the text be taken as unchanged on the strength of its stat? Only if the stat is the
    one recorded and, since a file's ctime cannot be set back, older than the built file."""
    return old[0] is not None and stat_key(st) == old[:4] and old[1] < built_ns and old[2] < built_ns


def _hash(path: Path, read) -> str | None:
    """The text hash of a file, or None when it cannot be read as a build reads it."""
    try:
        return cache.text_sha256(read(path))
    except (OSError, UnicodeDecodeError, cache.CacheError):
        return None


def _unsafe_archive(path: Path, real_root: Path) -> str | None:
    """Why a full build would refuse this archived text (rules.rule_archives), if it would."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "does not exist"
    if not real.is_relative_to(real_root):
        return "leads outside the project"
    if not path.is_file():
        return "is not a regular file"
    return None
