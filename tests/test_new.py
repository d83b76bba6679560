"""Editor support: `factdb new <type>` skeletons (every required field, TODO placeholders that
fail until filled in, valid once filled) and the VS Code mapping of fact files to the schema."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from factdb.cli import main
from factdb.models import CLAIM_TYPES
from factdb.models.skeleton import skeleton
from factdb.check.validate import validate
from factrepo import make_repo

PROJECT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r'^(\s*(?:- )?)([a-z_]+): (""|null)  # TODO')
OPTIONAL = re.compile(r"^(\s*)# ([a-z_]+): ")

QUOTE_INJURED = "Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka."
QUOTE_314 = "Pertukaran itu akan melibatkan 314 tahanan."
QUOTE_AIR = "Rusia meluncurkan dua rudal dan 183 drone ke negara itu dalam semalam"

COMMON = {"claimant": "ua", "when": "2026-02-05", "source": "src1", "quote": json.dumps(QUOTE_314)}
"""What every claim's skeleton asks for, with values the test repository has."""

FILLED = {
    "casualties": {
        "claimant": "vitali-klitschko", "quote": json.dumps(QUOTE_INJURED),
        "injured": "{qualifier: at_least, value: 2}", "place": "kyiv",
    },
    "air_attack": {
        "claimant": "ua-air-force", "when": "{from: 2026-02-04, to: 2026-02-05, overnight: true}",
        "quote": json.dumps(QUOTE_AIR), "attacker": "ru",
        "weapons": "[{kind: drone, launched: 183}, {kind: missile, launched: 2}]",
    },
    "numeric_statement": {"measure": "prisoners", "quantity": "314", "unit": "prisoners"},
    "meeting": {"city": "kyiv"},
    "prisoner_exchange": {"when": "2026", "status": "expected", "total": "314"},
    "statement": {"status": "agreed", "parties": "[ua, ru]"},
    "strike": {"claimant": "ua-air-force", "quote": json.dumps(QUOTE_AIR), "attacker": "ru", "places": "[kyiv]"},
}
"""More than a skeleton needs, where the test repository's text states it: figures stated by
its quotes, and optional fields. A type not here is filled from `COMMON` and its fields' examples."""


def examples(claim_type: str) -> dict[str, str]:
    """Each field's first example in the model (`Field(examples=...)`), as YAML."""
    fields = CLAIM_TYPES[claim_type].model_fields
    return {f.alias or n: json.dumps(f.examples[0]) for n, f in fields.items() if f.examples}


def values_for(claim_type: str) -> dict[str, str]:
    return {**COMMON, **examples(claim_type), **FILLED.get(claim_type, {})}


def fill(text: str, values: dict[str, str]) -> str:
    """What an editor does: replace each TODO value, and uncomment the optional fields used."""
    lines = []
    for line in text.splitlines():
        required, optional = PLACEHOLDER.match(line), OPTIONAL.match(line)
        if required:
            line = f"{required.group(1)}{required.group(2)}: {values[required.group(2)]}"
        elif optional and optional.group(2) in values:
            line = f"{optional.group(1)}{optional.group(2)}: {values[optional.group(2)]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def new(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), "new", *args])


@pytest.mark.parametrize("claim_type", sorted(CLAIM_TYPES))
def test_every_placeholder_has_a_value_from_the_test_or_the_model(claim_type):
    placeholders = {m.group(2) for m in map(PLACEHOLDER.match, skeleton(claim_type).splitlines()) if m}
    missing = placeholders - {"id"} - set(values_for(claim_type))
    assert not missing, f"give {', '.join(sorted(missing))} of {claim_type} examples in its model"


def test_the_test_fills_only_claim_types_there_are():
    assert set(FILLED) <= set(CLAIM_TYPES)


@pytest.mark.parametrize("claim_type", sorted(CLAIM_TYPES))
def test_a_filled_in_skeleton_validates(claim_type, tmp_path):
    root = make_repo(tmp_path / "repo", claims=None)
    result = new(root, claim_type, "--id", f"new-{claim_type.replace('_', '-')}")
    assert result.exit_code == 0, result.output
    path = root / "facts" / "claims" / f"new-{claim_type.replace('_', '-')}.yaml"
    path.write_text(fill(path.read_text(), values_for(claim_type)), encoding="utf-8")
    report = validate(root)
    assert report.ok, report.render("text")
    (claim,) = [r.record for r in report.catalog.records.values() if r.kind == "claim"]
    assert claim.type == claim_type and claim.id == path.stem


@pytest.mark.parametrize("claim_type", sorted(CLAIM_TYPES))
def test_every_placeholder_fails_validation_and_nothing_else_does(claim_type, tmp_path):
    root = make_repo(tmp_path / "repo", claims=None)
    text = skeleton(claim_type)
    (root / "facts" / "claims").mkdir()
    (root / "facts" / "claims" / "new.yaml").write_text(text, encoding="utf-8")
    todo_lines = {n for n, line in enumerate(text.splitlines(), 1) if PLACEHOLDER.match(line)}
    problems = validate(root).problems
    assert {p.line for p in problems} == todo_lines
    assert {p.code for p in problems} <= {"invalid-value", "invalid-date", "wrong-type"}
    # Every field the model requires is in the skeleton.
    data = yaml.safe_load(text)["claims"][0]
    model = CLAIM_TYPES[claim_type]
    required = {f.alias or n for n, f in model.model_fields.items() if f.is_required()}
    assert required <= set(data)
    assert data["type"] == claim_type


def test_files_paths_and_the_schema_line(tmp_path):
    root = make_repo(tmp_path / "repo", claims=None)
    result = new(root, "casualties", "--id", "kyiv-injured")
    assert result.exit_code == 0
    written = root / "facts/claims/kyiv-injured.yaml"
    first = written.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/factfile.schema.json"
    assert (written.parent / first.split("=", 1)[1]).resolve() == (root / "schema/factfile.schema.json").resolve()

    deeper = new(root, "meeting", "-o", "facts/claims/2026/02/talks.yaml")
    assert deeper.exit_code == 0
    assert (root / "facts/claims/2026/02/talks.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../../../../schema/factfile.schema.json\n"
    )

    again = new(root, "casualties", "--id", "kyiv-injured")
    assert again.exit_code == 1 and "already exists" in again.output
    assert new(root, "strike", "--id", "kyiv-injured", "--force").exit_code == 0
    assert "type: strike" in written.read_text()

    printed = new(root, "strike")
    assert printed.exit_code == 0 and printed.output == skeleton("strike")
    assert not (root / "facts/claims/strike.yaml").exists()

    assert new(root, "strike", "--id", "Not An Id").exit_code == 1
    assert new(root, "battle").exit_code == 2


def test_vscode_maps_fact_files_to_the_schema():
    settings = json.loads((PROJECT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    (schema, globs), = mapping.items()
    assert (PROJECT / schema).resolve() == (PROJECT / "schema/factfile.schema.json").resolve()
    for path in ("facts/claims/2026-02-05.yaml", "facts/entities/people.yaml", "facts/a/b/c.yml"):
        assert any(fnmatch(path, g) for g in globs), path
    recommended = json.loads((PROJECT / ".vscode/extensions.json").read_text())["recommendations"]
    assert "redhat.vscode-yaml" in recommended


def test_a_required_number_is_a_null_placeholder_with_its_form():
    # numeric_statement's quantity is required: Pydantic moves its Annotated metadata out of the
    # field's annotation, which once made it an empty string with an empty hint.
    lines = skeleton("numeric_statement").splitlines()
    (quantity,) = [line for line in lines if line.lstrip().startswith("quantity:")]
    assert quantity.strip() == "quantity: null  # TODO: a number, or {qualifier: at_least, value: N}"
    # Optional fields are comments: the header says to uncomment them, not to delete them.
    assert "uncomment the" in lines[2] and "optional fields you need" in lines[3]
    assert "# Optional, uncomment and fill in what you need:" in "\n".join(lines)


def test_when_is_optional_and_listed_first_among_the_optional_fields():
    lines = skeleton("casualties").splitlines()
    (when,) = [i for i, line in enumerate(lines) if line.lstrip("# ").startswith("when:")]
    assert lines[when].startswith("    # when: YYYY-MM-DD")  # a comment: no placeholder to fail
    assert lines[when - 1] == "    # Optional but recommended: uncomment and fill in when the source says:"
    assert "TODO" not in lines[when]


def test_new_help_lists_the_claim_types_with_what_each_is_for(tmp_path):
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0
    for name, cls in CLAIM_TYPES.items():
        (line,) = [line for line in result.output.splitlines() if line.strip().startswith(name + " ")]
        assert cls.__doc__.split()[0] in line, line
