"""A Datasette plugin: caps on what one step of an SQL query may cost on a served connection.

Datasette stops a query at its time limit by looking at the clock every 1,000 steps of SQLite's
virtual machine, so a step must never take long. Eight steps that each built a 900 MB string
(`instr(printf('%.*c', 900000000, 'x'), 'y')`) ran 50 s past a 3 s limit and took the server
to 1.8 GB, and three such queries held every SQL thread (`select 1` waited 13 s). Here:

- SQLite's limit on the length of any string or blob (SQLITE_LIMIT_LENGTH) is set on every
  connection: LENGTH_CAP, or twice the longest archived text of the file (`sources.text`) if
  that is longer, so every stored value can still be read (a fact file holds at most 2 MiB);
- `printf` / `format` with a width or precision over the cap fail at once with "string or
  blob too big" (SQLite 3.40 honours the cap but still walks the whole precision, several
  seconds a step, and then returns NULL); others run SQLite's own printf;
- `instr` and `replace` run in linear time (Python's string search), where SQLite's compare
  the needle at every place of the text: a 2 MB needle in a 4 MB text is hours;
- LIKE and GLOB patterns are capped at LIKE_PATTERN_CAP bytes (their cost grows with the
  pattern's length times the text's).

Every other built-in function costs time in proportion to its (capped) arguments, except
`trim`/`ltrim`/`rtrim` with a long set of characters, which is left as SQLite has it.

Like the site's other plugins it imports only Datasette and the standard library, so a
published container (which has no factdb) loads it from `--plugins-dir` as well.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading

from datasette import hookimpl

LENGTH_CAP = 4 << 20
"""Longest string or blob a query may make (4 MiB), unless a stored archived text is longer."""
LIKE_PATTERN_CAP = 100
"""Longest LIKE or GLOB pattern, in bytes (SQLite's default is 50,000)."""

_longest: dict[tuple, int] = {}
_lock = threading.Lock()
_helpers = threading.local()


@hookimpl
def prepare_connection(conn, database, datasette):
    cap = max(LENGTH_CAP, 2 * _longest_archive(conn))
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, cap)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, LIKE_PATTERN_CAP)
    too_big = _TooBig(cap)
    for name in ("printf", "format"):
        conn.create_function(name, -1, _guarded_printf(name, cap, too_big), deterministic=True)
    conn.create_function("instr", 2, _instr, deterministic=True)
    conn.create_function("replace", 3, _replacer(cap, too_big), deterministic=True)


class _TooBig:
    """A value one byte longer than the cap: returned by a function, SQLite refuses it with
    its own error, "string or blob too big". Made once per cap, on first use."""

    def __init__(self, cap: int):
        self.cap, self._value = cap, None

    def __call__(self) -> str:
        if self._value is None:
            self._value = "x" * (self.cap + 1)
        return self._value


# --- printf: refuse widths and precisions over the cap, else SQLite's own ----------------------

_SPEC = re.compile(r"%[-+ 0#!,]*(\*|[0-9]+)?(?:\.(\*|[0-9]*))?(?:ll|l)?([a-zA-Z%])?")


def _too_wide(fmt: str, args: tuple, cap: int) -> bool:
    i = 0
    for spec in _SPEC.finditer(fmt):
        for part in spec.group(1, 2):
            if part == "*":
                value = args[i] if i < len(args) else 0
                i += 1
                size = abs(value) if isinstance(value, int) else 0
            else:
                size = int(part) if part else 0
            if size > cap:
                return True
        if spec.group(3) not in (None, "%"):
            i += 1
    return False


def _guarded_printf(name: str, cap: int, too_big: _TooBig):
    def printf(fmt=None, *args):
        if isinstance(fmt, str) and _too_wide(fmt, args, cap):
            return too_big()
        placeholders = ", ".join("?" * (1 + len(args)))
        return _helper(cap).execute(f"SELECT {name}({placeholders})", (fmt, *args)).fetchone()[0]

    return printf


def _helper(cap: int) -> sqlite3.Connection:
    """This thread's connection that runs SQLite's own functions, under the same cap."""
    conn = getattr(_helpers, "conn", None)
    if conn is None:
        conn = _helpers.conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, cap)
    return conn


# --- instr and replace in linear time ----------------------------------------------------------


def _text(value) -> str:
    """A value as SQLite's text functions see it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float):  # SQLite's own rendering (1.0e+20, not 1e+20)
        return _helper(LENGTH_CAP).execute("SELECT CAST(? AS TEXT)", (value,)).fetchone()[0]
    return str(value)


def _instr(haystack, needle):
    if haystack is None or needle is None:
        return None
    if isinstance(haystack, bytes) and isinstance(needle, bytes):
        return haystack.find(needle) + 1
    return _text(haystack).find(_text(needle)) + 1


def _replacer(cap: int, too_big: _TooBig):
    def replace(text, old, new):
        if text is None or old is None or new is None:
            return None
        text, old, new = _text(text), _text(old), _text(new)
        if old == "":
            return text
        grows = len(new.encode()) - len(old.encode())
        if grows > 0 and len(text.encode()) + text.count(old) * grows > cap:
            return too_big()
        return text.replace(old, new)

    return replace


# --- the longest stored text ------------------------------------------------------------------


def _longest_archive(conn: sqlite3.Connection) -> int:
    """Bytes of the longest `sources.text` of the connection's file (0 for another database),
    measured once per file."""
    try:
        path = next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")
        st = os.stat(path) if path else None
    except (sqlite3.Error, OSError, StopIteration):
        return 0
    key = (path, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) if st else None
    with _lock:
        if key is not None and key in _longest:
            return _longest[key]
    try:
        row = conn.execute("SELECT max(length(CAST(text AS BLOB))) FROM sources").fetchone()
        longest = int(row[0] or 0)
    except sqlite3.Error:  # not a factdb file
        longest = 0
    if key is not None:
        with _lock:
            _longest[key] = longest
    return longest
