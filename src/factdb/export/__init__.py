"""Exports for analysts: the built file as a Frictionless Data Package of CSV or Parquet files,
generated from the same models as the database (`factdb export datapackage`).

- `factdb.export.schema`: each public table's and view's Table Schema, from its model;
- `factdb.export.csvfile`, `factdb.export.parquetfile`: one resource's rows as a file;
- `factdb.export.package`: the package: files, `datapackage.json`, written all or nothing.
"""

from .package import DEFAULT_DIRS, FORMATS, Exported, ExportError, export_package

__all__ = ["DEFAULT_DIRS", "Exported", "ExportError", "FORMATS", "export_package"]
