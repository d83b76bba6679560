"""One resource as CSV: UTF-8 with a byte-order mark, a header row, RFC 4180 quoting.

The byte-order mark is what makes Excel (and LibreOffice's import dialog) read the file as
UTF-8, so "Türkiye" and "Київ" open as written instead of as "TÃ¼rkiye"; Frictionless,
pandas, R's readr, DuckDB and Python's `csv` module opened with `encoding="utf-8-sig"` all skip
it. NULL is an empty field (Frictionless's default missing value); numbers are written as
SQLite returns them (183, not 183.0), booleans as 1 and 0, dates as ISO 8601.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from .schema import Resource

ENCODING = "utf-8-sig"
"""Python's name for UTF-8 with a byte-order mark; the descriptor says "utf-8"."""

BATCH = 10_000


def write_csv(rows: sqlite3.Cursor, resource: Resource, path: Path) -> int:
    """Write the rows; how many there were."""
    count = 0
    with open(path, "w", encoding=ENCODING, newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow([c.name for c in resource.columns])
        while batch := rows.fetchmany(BATCH):
            writer.writerows(batch)
            count += len(batch)
    return count
