"""Files that killed builds left behind, removed by the next build.

A build stages its new file beside the published one (`.factdb.db.<owner>.<random>.tmp`,
`db.staging.staged`), the two-process build's child writes its rows into
`.factdb.db.<owner>.<k>.part`, the cache is written through `.factdb-cache/.factdb.db.json.<owner>.tmp`,
and `factdb serve` keeps the build it serves as `.factdb.db.<owner>.serve`. <owner> is the host
and process id (`db.staging.owner_tag`). A build that is killed, or a power loss, leaves them
behind: at 100k claims a half-written file is half a gigabyte.

Every build of a file (a no-op too) first removes those of its name whose owner is a process of
this host that no longer runs. The files of a build or server still running are left alone, and
so are those of another host sharing the directory, which cannot be asked. Names of the
earlier scheme (`.factdb.db.<random>.tmp`, `.factdb.db.<pid>.part`) name no host: a pid is
asked on this host, a random name is removed only when it is over an hour old (a build of 100k
claims takes seconds).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..db.staging import is_this_host
from .cache import CACHE_DIR

LEGACY_AGE_S = 3600


@dataclass
class Swept:
    files: int = 0
    bytes: int = 0

    def describe(self) -> str:
        return f"removed {self.files} file(s) left by killed builds ({self.bytes / 1e6:.1f} MB)"


def _patterns(name: str) -> tuple[re.Pattern, re.Pattern]:
    n = re.escape(name)
    owned = re.compile(
        rf"\.{n}(?:\.json|\.history\.json)?\.(?P<host>[A-Za-z0-9_]+)-(?P<pid>[0-9]+)"
        rf"(?:\.[A-Za-z0-9_]+\.tmp|(?:\.[0-9]+)?\.part|\.serve|\.tmp)(?:-journal|-wal|-shm)?"
    )
    legacy = re.compile(rf"\.{n}(?:\.json|\.history\.json)?\.(?:(?P<pid>[0-9]+)\.(?:part|tmp)|[A-Za-z0-9_]{{8}}\.tmp)(?:-journal)?")
    return owned, legacy


def sweep(out: Path) -> Swept:
    """Remove what killed builds (and servers) of `out` left beside it and in its cache
    directory. Never raises: a file that cannot be removed stays for a later build."""
    swept = Swept()
    owned, legacy = _patterns(out.name)
    now = time.time()
    for directory in (out.parent, out.parent / CACHE_DIR):
        try:
            with os.scandir(directory) as found:
                entries = [entry for entry in found if entry.name.startswith(f".{out.name}.")]
        except OSError:
            continue
        for entry in entries:
            if _stale(entry, owned, legacy, now):
                swept.bytes += _remove(entry)
                swept.files += 1
    return swept


def _stale(entry: os.DirEntry, owned: re.Pattern, legacy: re.Pattern, now: float) -> bool:
    match = owned.fullmatch(entry.name)
    if match is not None:
        return is_this_host(match["host"]) and not running(int(match["pid"]))
    match = legacy.fullmatch(entry.name)
    if match is None:
        return False
    if match["pid"] is not None:
        return not running(int(match["pid"]))
    try:
        return now - entry.stat(follow_symlinks=False).st_mtime > LEGACY_AGE_S
    except OSError:
        return False


def running(pid: int) -> bool:
    """Is process `pid` alive on this host (a zombie not yet reaped counts as alive)?"""
    if pid <= 0 or os.name == "nt":  # Windows' os.kill(pid, 0) would stop the process
        return True  # not ours to judge: leave the file alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or no pid at all: not ours to judge
    except OSError:
        return True
    return True


def _remove(entry: os.DirEntry) -> int:
    """Remove a file or a directory of them (a server's); the bytes freed (0 if it failed)."""
    try:
        if entry.is_dir(follow_symlinks=False):
            size = sum(st.st_size for st in (p.lstat() for p in Path(entry.path).rglob("*")) if st.st_nlink == 1)
            shutil.rmtree(entry.path)
            return size
        st = entry.stat(follow_symlinks=False)
        os.unlink(entry.path)
        return st.st_size if st.st_nlink == 1 else 0  # a server's link to a build still published
    except OSError:
        return 0
