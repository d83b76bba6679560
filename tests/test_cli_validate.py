"""`factdb validate` as editors and CI run it: formats, exit codes, -C, bounded output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from factrepo import CLAIMS, make_repo, write

from factdb.cli import main
from factdb.problems import CODES
from factdb.read.project import MAX_PROBLEMS_PER_FILE


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_valid_repository_exits_0(tmp_path):
    make_repo(tmp_path)
    result = run("-C", str(tmp_path), "validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "ok: 3 files" in result.stderr


def test_problems_exit_1_with_file_line_column(tmp_path):
    make_repo(tmp_path, claims=CLAIMS.replace("launched: 183", "launched: 184"))
    result = run("-C", str(tmp_path), "validate")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("facts/claims/2026-02-05.yaml:9:33: figure-not-in-quote: ")
    assert "1 problem in 1 of 3 files" in result.stderr


def test_not_a_fact_repository_is_a_usage_error(tmp_path):
    result = run("-C", str(tmp_path), "validate")
    assert result.exit_code == 2
    assert "no 'facts/' directory" in result.stderr


def test_missing_directory_is_a_usage_error(tmp_path):
    result = run("-C", str(tmp_path / "nope"), "validate")
    assert result.exit_code == 2


def test_unknown_format_is_a_usage_error(tmp_path):
    make_repo(tmp_path)
    assert run("-C", str(tmp_path), "validate", "--format", "xml").exit_code == 2


def test_json_format(tmp_path):
    make_repo(tmp_path, claims=CLAIMS.replace("launched: 183", "launched: 184"))
    write(tmp_path, "facts/broken.yaml", "a: [\n")
    result = run("-C", str(tmp_path), "validate", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["summary"]["problems"] == 2
    assert data["summary"]["by_code"] == {"figure-not-in-quote": 1, "yaml-syntax": 1}
    assert data["summary"]["files"] == 4
    first = data["problems"][0]
    assert set(first) == {"file", "line", "column", "severity", "code", "message"}
    assert first["severity"] == "error"
    assert all(p["code"] in CODES for p in data["problems"])


def test_github_format(tmp_path):
    make_repo(tmp_path, claims=CLAIMS.replace("launched: 183", "launched: 184"))
    result = run("-C", str(tmp_path), "validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "::error file=facts/claims/2026-02-05.yaml,line=9,col=33,title=factdb figure-not-in-quote::"
    )


def test_github_format_escapes_file_names_and_messages(tmp_path):
    # ',' and ':' end a property; a line break or '%' in the message must not end the command.
    make_repo(tmp_path)
    write(tmp_path, "facts/a,b:c.yaml", "countries:\n  - {id: xx, name: 100%, bogus: 1}\n")
    result = run("-C", str(tmp_path), "validate", "--format", "github")
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=facts/a%2Cb%3Ac.yaml,line=2,col=26,title=factdb unknown-field::")


def test_output_is_bounded_for_a_file_with_thousands_of_errors(tmp_path):
    make_repo(tmp_path)
    rows = "".join(f"  - {{id: c{i}, name: C, bogus: {i}}}\n" for i in range(3000))
    write(tmp_path, "facts/entities/many.yaml", "countries:\n" + rows)
    result = run("-C", str(tmp_path), "validate")
    lines = result.stdout.splitlines()
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 1
    hidden = 3000 - MAX_PROBLEMS_PER_FILE
    assert lines[-1].endswith(f"too-many-problems: {hidden} more problems in this file are not shown")
    assert "3000 problems" in result.stderr
    data = json.loads(run("-C", str(tmp_path), "validate", "--format", "json").stdout)
    assert data["summary"]["problems"] == 3000
    assert len(data["problems"]) == MAX_PROBLEMS_PER_FILE + 1
    assert data["problems"][-1]["code"] == "too-many-problems"
    assert data["problems"][-1]["line"] == MAX_PROBLEMS_PER_FILE + 2


def test_errors_beyond_those_placed_are_counted_not_kept(tmp_path, monkeypatch):
    # A 2 MiB "claims: [1,1,1,...]" holds a million errors: only the first are placed.
    from factdb.read import project
    from factdb.check.validate import validate

    monkeypatch.setattr(project, "MAX_LOCATED_PER_FILE", 200)
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/many.yaml", "claims: [" + "1, " * 999 + "1]\n")
    report = validate(tmp_path)
    assert len(report.problems) == 200
    assert report.summary()["problems"] == 1000
    assert report.summary()["by_code"] == {"wrong-type": 1000}
    assert report.shown()[-1].message == f"{1000 - MAX_PROBLEMS_PER_FILE} more problems in this file are not shown"
    assert "1000 problems in 1 of 4 files" == report.summary_line()


def test_runs_in_the_current_directory_by_default(tmp_path, monkeypatch):
    make_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("validate").exit_code == 0


def test_real_process_never_prints_a_traceback(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/a.yaml", "claims:\n  - when: 2026-02-30\n    type: casualties\n")
    (tmp_path / "facts/b.yaml").write_bytes(b"\xff\xfe")
    write(tmp_path, "facts/c.yaml", "x: !!python/name:os.system\n")
    exe = Path(sys.executable).with_name("factdb")
    proc = subprocess.run(
        [str(exe), "-C", str(tmp_path), "validate"], capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    found = [line.split(": ")[:2] for line in proc.stdout.splitlines()]
    assert sorted(found) == [
        ["facts/a.yaml:2:11", "invalid-date"],
        ["facts/a.yaml:2:5", "missing-field"],
        ["facts/a.yaml:2:5", "missing-field"],
        ["facts/a.yaml:2:5", "missing-field"],
        ["facts/b.yaml:1:1", "encoding"],
        ["facts/c.yaml:1:4", "yaml-tag"],
    ]
