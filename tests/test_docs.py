"""The documentation covers the interface: every command in the README, every code and every
claim type in CONTRIBUTING."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdb.cli import main
from factdb.db.docs import CONTRIBUTING_PATH, GENERATED, render_claim_types
from factdb.models import CLAIM_TYPES
from factdb.problems import CODES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"factdb {command}" in readme, f"README.md does not document `factdb {command}`"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_problem_code_is_documented_for_editors(code):
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"`{code}`" in guide, f"CONTRIBUTING.md does not explain `{code}`"


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    command = [line for line in ci.splitlines() if line.startswith("python3 -m venv")]
    assert len(command) == 1 and command[0] in readme


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_problem_code_has_a_test(code):
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py") if p.name != "test_docs.py")
    assert f'"{code}"' in tests, f"no test triggers `{code}`"


@pytest.mark.parametrize("path", [path for path, _ in GENERATED], ids=str)
def test_every_generated_part_is_there_and_up_to_date(path):
    from factdb.db.docs import BEGIN, CLAIM_TYPES_BEGIN

    text = (ROOT / path).read_text(encoding="utf-8")
    (make_anew,) = [made for p, made in GENERATED if p == path]
    assert BEGIN in text or CLAIM_TYPES_BEGIN in text, f"{path} has lost its generated part's markers"
    assert make_anew(text) == text, f"{path} is out of date: run `factdb schema`"


def test_the_claim_types_table_has_each_type_once_with_its_docstring_and_numbers():
    text = (ROOT / CONTRIBUTING_PATH).read_text(encoding="utf-8")
    assert render_claim_types() in text.split("### Claim types", 1)[1]
    rows = [line for line in render_claim_types().splitlines() if line.startswith("| `")]
    assert [row.split("|")[1].strip().strip("`") for row in rows] == list(CLAIM_TYPES)
    (casualties,) = [row for row in rows if row.startswith("| `casualties` |")]
    assert casualties == "| `casualties` | People killed or injured. | `killed`, `injured` |"
    (exchange,) = [row for row in rows if row.startswith("| `prisoner_exchange` |")]
    assert exchange.endswith("| `total`, `bodies_total`; in each of `sides`: `returned`, `bodies`; "
                             "in each of `subsets`: `count` |")
    (statement,) = [row for row in rows if row.startswith("| `statement` |")]
    assert statement.startswith("| `statement` | A stated fact no other type holds") and statement.endswith("| none |")


def test_a_document_without_its_markers_is_left_as_it_is():
    for _, make_anew in GENERATED:
        assert make_anew("# A fact repository\n\nIts own README.\n") == "# A fact repository\n\nIts own README.\n"
