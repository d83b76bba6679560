"""The `factdb` program's fast exit (`factdb.cli.entry`): after validate, build and diff it
ends without a collection or a teardown, and must still give every byte of its output and
the command's exit status; a host calling `main` keeps its garbage collector."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from factrepo import CLAIMS, make_repo, write

from factdb.cli import main

FACTDB = Path(sys.executable).with_name("factdb")
# Output to a pipe is block-buffered, as in CI, unless PYTHONUNBUFFERED says otherwise.
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def program(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FACTDB), *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=BUFFERED)


def many_problems(root: Path, files: int = 40, claims: int = 20) -> None:
    """A repository whose report is far larger than a pipe's buffer (64 KiB)."""
    make_repo(root)
    for f in range(files):
        body = "".join(f"  - id: broken-{f}-{i}\n    type: casualties\n    when: 2026-02-30\n" for i in range(claims))
        write(root, f"facts/broken-{f}.yaml", "claims:\n" + body)


def test_output_larger_than_a_pipe_buffer_is_all_there(tmp_path):
    many_problems(tmp_path)
    done = program("validate", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1
    assert len(done.stdout) > 1 << 16
    in_process = CliRunner().invoke(main, ["-C", str(tmp_path), "validate", "--format", "json"])
    assert json.loads(done.stdout) == json.loads(in_process.stdout)
    assert "Traceback" not in done.stderr


def test_exit_statuses_are_the_commands(tmp_path):
    make_repo(tmp_path)
    assert program("validate", cwd=tmp_path).returncode == 0
    built = program("build", cwd=tmp_path)
    assert built.returncode == 0 and "built build/factdb.db" in built.stdout
    write(tmp_path, "facts/claims/2026-02-05.yaml", CLAIMS.replace("launched: 183", "launched: 184"))
    failed = program("build", cwd=tmp_path)
    assert failed.returncode == 1
    assert "figure-not-in-quote" in failed.stderr and "not written" in failed.stderr
    usage = program("build", "--format", "nonsense", cwd=tmp_path)
    assert usage.returncode == 2 and "Invalid value" in usage.stderr


def test_a_closed_pipe_ends_quietly_with_failure(tmp_path):
    many_problems(tmp_path)
    # `factdb validate | head -1`: the reader goes away before the report is written.
    proc = subprocess.Popen([str(FACTDB), "validate"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BUFFERED)
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) != 0
    assert "Traceback" not in stderr


def test_a_host_keeps_its_garbage_collector(tmp_path):
    make_repo(tmp_path)
    assert gc.isenabled()
    for args in (["validate"], ["build"]):
        result = CliRunner().invoke(main, ["-C", str(tmp_path), *args])
        assert result.exit_code == 0, result.output
        assert gc.isenabled()
