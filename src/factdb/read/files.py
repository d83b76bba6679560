"""Reading a file that someone else put in place: a fact file, an archived text, a cache file.

Only a regular file is read, and only up to a limit. The file is opened without blocking and
checked on the open descriptor (fstat), so a FIFO, a device or a link to `/dev/zero` put in
its place, even between a look at its name and the read, is refused instead of waited on
forever or read until memory runs out. This module imports nothing heavy: the no-op build reads
its cache through it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_ARCHIVE_BYTES = 256 << 20
"""Largest archived text read (seeds/); an article is a few kilobytes, a book a few megabytes."""


class NotRegularFile(ValueError):
    """The path names a FIFO, a device, a socket or a directory, not a regular file."""


class TooLarge(ValueError):
    """The file is larger than the limit it is read with."""

    def __init__(self, path: Path, size: int, limit: int):
        super().__init__(f"{Path(path).name} is larger than {limit:,} bytes")
        self.size = size
        self.limit = limit


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, of at most `limit` bytes. OSError if it cannot be
    opened or read (FileNotFoundError when missing), NotRegularFile or TooLarge otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb", closefd=True) as file:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{Path(path).name} is not a regular file")
        if st.st_size > limit:
            raise TooLarge(path, st.st_size, limit)
        data = file.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise TooLarge(path, len(data), limit)
    return data


def archive_text(path: Path) -> str:
    """An archived text as the build stores it in `sources.text`: UTF-8, with universal newlines
    (as Path.read_text gives it). OSError, NotRegularFile, TooLarge or UnicodeDecodeError."""
    raw = read_regular(path, MAX_ARCHIVE_BYTES)
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
