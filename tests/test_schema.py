"""The published JSON Schema: in sync with the model, and usable by a JSON Schema validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from factrepo import CLAIMS, ENTITIES, SOURCES

from factdb.cli import main
from factdb.models.jsonschema import SCHEMA_PATH, render_schema

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_is_up_to_date():
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == render_schema(), "schema/ is out of date: run `factdb schema` and commit it"


def test_schema_check_command(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["-C", str(tmp_path), "schema", "--check"]).exit_code == 1
    result = runner.invoke(main, ["-C", str(tmp_path), "schema"])
    assert result.exit_code == 0
    assert (tmp_path / SCHEMA_PATH).read_text() == render_schema()
    assert runner.invoke(main, ["-C", str(tmp_path), "schema", "--check"]).exit_code == 0


def _as_json(text: str):
    # Editors validate YAML with JSON semantics: unquoted dates are strings there.
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


@pytest.mark.parametrize("text", [SOURCES, ENTITIES, CLAIMS], ids=["sources", "entities", "claims"])
def test_valid_files_pass_the_json_schema(text):
    schema = json.loads(render_schema())
    jsonschema.Draft202012Validator(schema).validate(_as_json(text))


def test_json_schema_catches_what_editors_should_see():
    schema = json.loads(render_schema())
    validator = jsonschema.Draft202012Validator(schema)
    bad = _as_json(CLAIMS.replace("claimant: ua-air-force", "claimant: ua-air-force\n    claimnt: x"))
    assert any("claimnt" in e.message for e in validator.iter_errors(bad))
    bad = _as_json(CLAIMS.replace("type: air_attack", "type: air_atack"))
    assert list(validator.iter_errors(bad))


def test_schema_describes_claim_types():
    schema = json.loads(render_schema())
    assert {"AirAttack", "Casualties", "Meeting", "NumericStatement", "PrisonerExchange", "Strike"} <= set(
        schema["$defs"]
    )
    assert schema["$defs"]["Citation"]["properties"]["quote"]["description"]
