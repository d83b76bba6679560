"""One resource as Parquet, with pyarrow (the optional extra `factdb[parquet]`).

Each Frictionless type has one Arrow type, so a column has the same type whatever its rows:
`number` (SQLite NUMERIC: whole numbers and fractions) is float64, exact for every count below
2**53; `date` is date32; `boolean` is bool. Every field carries its description in its
metadata. Compressed with zstd (DuckDB, pandas, Polars and R's arrow read it); row groups of
BATCH rows. pyarrow writes no time stamp, so the same rows give the same bytes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .schema import Resource

BATCH = 50_000
"""Rows per row group: the rows of one group are Python objects until it is written (about
100 MB of the widest table, `claims` with its record_json)."""

INSTALL = "pip install 'factdb[parquet]'"


def _arrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return pa, pq


def available() -> bool:
    return _arrow() is not None


def arrow_schema(resource: Resource):
    pa, _ = _arrow()
    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
             "boolean": pa.bool_(), "date": pa.date32(), "datetime": pa.timestamp("us")}
    return pa.schema([
        pa.field(c.name, types[c.type], nullable=not c.required,
                 metadata={"description": c.description} if c.description else None)
        for c in resource.columns
    ])


def _array(pa, values: tuple, field):
    """SQLite's values as an Arrow array of the field's type (dates and booleans by a cast:
    SQLite holds them as ISO text and as 1/0)."""
    if pa.types.is_date32(field.type) or pa.types.is_timestamp(field.type):
        return pa.array(values, pa.string()).cast(field.type)
    if pa.types.is_boolean(field.type):
        return pa.array(values, pa.int8()).cast(field.type)
    return pa.array(values, field.type)


def write_parquet(rows: sqlite3.Cursor, resource: Resource, path: Path) -> int:
    """Write the rows; how many there were. An empty table still gets its schema."""
    pa, pq = _arrow()
    schema = arrow_schema(resource)
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        while batch := rows.fetchmany(BATCH):
            columns = zip(*batch)
            arrays = [_array(pa, values, field) for values, field in zip(columns, schema)]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            count += len(batch)
    return count
