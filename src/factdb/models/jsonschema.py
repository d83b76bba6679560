"""The published JSON Schema of fact files, generated from the model."""

from __future__ import annotations

import json
from pathlib import Path

from . import FactFile

SCHEMA_PATH = "schema/factfile.schema.json"


def fact_file_schema() -> dict:
    schema = FactFile.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "factdb fact file",
    }


def render_schema() -> str:
    return json.dumps(fact_file_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schema(root: Path) -> Path:
    path = Path(root) / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render_schema()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
