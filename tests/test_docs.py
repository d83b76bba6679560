"""The documentation covers the interface: every command in the README, every code in CONTRIBUTING."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdb.cli import main
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
