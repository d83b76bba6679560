"""Staging a new file beside the one it replaces, and naming staging files by their owner.

This module imports nothing heavy: the cache (`factdb.builds.cache`) names its own staging
files with `owner_tag` on every no-op build.
"""

from __future__ import annotations

import errno
import os
import re
import socket
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_HOST = re.sub(r"[^A-Za-z0-9]+", "_", socket.gethostname())[:40] or "host"


def owner_tag(pid: int | None = None) -> str:
    """Who writes a staging file, as its name says: this host and process ('host-1234'), so
    that a later build can tell the files of one still running from those of one that was
    killed (`factdb.builds.leftovers`)."""
    return f"{_HOST}-{os.getpid() if pid is None else pid}"


def is_this_host(host: str) -> bool:
    return host == _HOST


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A temporary file beside `out` that replaces `out` when the block completes; on any
    error it is removed and `out` stays byte-identical.

    The new file's data reach the disk before its name replaces the old one's, and the rename
    itself right after (the file is written without a journal or fsync, `open_new`): after a
    power loss `out` is the old file or the complete new one, never a new empty one."""
    refuse_unless_a_file(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.{owner_tag()}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); a published file gets the usual mode.
        os.chmod(tmp, 0o666 & ~_umask())
        fsync_file(tmp)
        refuse_unless_a_file(out)  # again: it may have been put there meanwhile
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_directory(out.parent)


class NotAFile(OSError):
    """The path to be replaced names a device, a FIFO, a socket or a directory."""

    def __init__(self, path: Path, kind: str):
        super().__init__(errno.EEXIST, f"it is {kind}, not a regular file; choose another output file")
        self.filename = str(path)

    def __str__(self) -> str:
        return self.strerror


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def refuse_unless_a_file(out: Path) -> None:
    """Raise NotAFile if `out` exists and is neither a regular file nor a symbolic link (which
    a rename replaces, leaving what it points to alone). Renaming a new file over `out` would
    replace whatever is there: run as root, `factdb build -o /dev/null` replaced the device."""
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise NotAFile(out, next((kind for test, kind in _KINDS if test(mode)), "not a regular file"))


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable. Some file systems (and Windows) cannot sync a
    directory; the rename has happened either way."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
