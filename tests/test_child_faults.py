"""The second process of `factdb build` and `factdb validate` dying or failing anywhere: the
command falls back to one process, as documented, with no traceback and the exit code and
output of a one-process run (and, for a build, the very file it writes).

Each run is the real `factdb` program in a fresh interpreter (see test_parallel_build.py: a
fork only happens where no other thread runs), with the size floor lowered to zero and a patch
that makes the child die, or fail, at a chosen point. A fork is counted in a file, since the
program ends with os._exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_incremental import dump
from test_parallel_build import copy_of, corpus  # noqa: F401  (corpus: a fixture)

from factdb.check import parallel as checking

pytestmark = pytest.mark.skipif(not checking.machine_allows(), reason="needs fork() and two cores")

PROGRAM = """
import errno, os, signal, sqlite3, sys
from factdb.builds import parallel
from factdb.check import parallel as checking

checking.MIN_BYTES = 0
PARENT = os.getpid()
_fork = os.fork

def fork():
    pid = _fork()
    if pid:
        with open(os.environ["FORKS"], "a") as counted:
            counted.write("fork\\n")
    return pid

os.fork = fork

def in_child():
    return os.getpid() != PARENT

def die():
    os.kill(os.getpid(), signal.SIGKILL)

PATCH
from factdb.cli import entry
sys.argv = ["factdb", *sys.argv[1:]]
entry()
"""

# Where the child dies or fails; each patch acts in the child only.
KILLED_WHILE_PARSING = """
_load_file, read = checking.load_file, []
def load_file(*args):
    read.append(1)
    if in_child() and len(read) == 3:
        die()
    return _load_file(*args)
checking.load_file = load_file
"""
KILLED_BEFORE_IT_SENDS = """
_load = checking.Half.load
def load(self):
    summary = _load(self)
    if in_child():
        die()
    return summary
checking.Half.load = load
"""
KILLED_WHILE_WRITING = """
_write_part = parallel._write_part
def write_part(part, per_file, *rest):
    if in_child():
        def rows():
            for i, file_rows in enumerate(per_file):
                if i == 2:
                    die()
                yield file_rows
        return _write_part(part, rows(), *rest)
    return _write_part(part, per_file, *rest)
parallel._write_part = write_part
"""
DISK_FULL = """
_write_part = parallel._write_part
def write_part(*args):
    if in_child():
        raise sqlite3.OperationalError("database or disk is full")
    return _write_part(*args)
parallel._write_part = write_part
"""
NO_INODES = """
_connect = sqlite3.connect
def connect(path, *args, **kwargs):
    if in_child():
        raise OSError(errno.ENOSPC, "No space left on device", str(path))
    return _connect(path, *args, **kwargs)
parallel.sqlite3 = type("nodes", (), {"connect": staticmethod(connect)})
"""
NO_FORK = """
def fork():
    raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
os.fork = fork
"""


def factdb(tmp_path: Path, *args: str, patch: str = "", one_process: bool = False) -> tuple[subprocess.CompletedProcess, int]:
    """Run the factdb program; its result and how many children it forked."""
    forks = tmp_path / f"forks-{len(list(tmp_path.glob('forks-*')))}"
    env = {k: v for k, v in os.environ.items() if k != checking.PROCESSES_ENV}
    env["FORKS"] = str(forks)
    if one_process:
        env[checking.PROCESSES_ENV] = "1"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM.replace("PATCH", patch), *args],
        capture_output=True, text=True, env=env, timeout=300,
    )
    return done, len(forks.read_text().splitlines()) if forks.exists() else 0


@pytest.mark.parametrize("patch", [KILLED_WHILE_PARSING, KILLED_BEFORE_IT_SENDS, KILLED_WHILE_WRITING, DISK_FULL, NO_INODES],
                         ids=["killed-while-parsing", "killed-before-it-sends", "killed-while-writing", "disk-full", "no-inodes"])
def test_a_child_that_dies_or_fails_leaves_the_build_to_one_process(corpus, tmp_path, patch):  # noqa: F811
    out = tmp_path / "two" / "factdb.db"
    done, forks = factdb(tmp_path, "-C", str(corpus), "build", "--full", "-o", str(out), patch=patch)
    assert (done.returncode, forks) == (0, 1), done.stderr
    assert "Traceback" not in done.stderr and done.stderr == ""
    assert "full build: --full was given" in done.stdout
    one, _ = factdb(tmp_path, "-C", str(corpus), "build", "--full", "-o", str(tmp_path / "one.db"), one_process=True)
    assert one.returncode == 0
    assert dump(out) == dump(tmp_path / "one.db")
    assert sorted(p.name for p in out.parent.iterdir()) == [".factdb-cache", "factdb.db"]  # no scratch file left


def test_a_fork_that_fails_leaves_the_build_to_one_process(corpus, tmp_path):  # noqa: F811
    out = tmp_path / "out" / "factdb.db"
    done, forks = factdb(tmp_path, "-C", str(corpus), "build", "--full", "-o", str(out), patch=NO_FORK)
    assert (done.returncode, forks, done.stderr) == (0, 0, "")
    assert "claims" in done.stdout and out.is_file()


@pytest.mark.parametrize("patch", [KILLED_WHILE_PARSING, KILLED_BEFORE_IT_SENDS, NO_FORK],
                         ids=["killed-while-parsing", "killed-before-it-sends", "no-fork"])
def test_validate_reports_as_one_process_when_the_child_dies(corpus, tmp_path, patch):  # noqa: F811
    # Before, the parent's send to the dead child raised BrokenPipeError, which click turns
    # into exit 1 with nothing printed.
    done, _ = factdb(tmp_path, "-C", str(corpus), "validate", patch=patch)
    one, _ = factdb(tmp_path, "-C", str(corpus), "validate", one_process=True)
    # The ok line is on stdout (issue 15).
    assert (done.returncode, done.stdout, done.stderr) == (one.returncode, one.stdout, one.stderr) == (0, one.stdout, "")
    assert one.stdout.startswith("ok: ") and "300 claims" in one.stdout


def test_validate_of_a_repository_with_problems_still_reports_them_when_the_child_dies(corpus, tmp_path):  # noqa: F811
    root = copy_of(corpus, tmp_path)
    bad = next((root / "facts").rglob("*.yaml"))
    bad.write_text(bad.read_text(encoding="utf-8") + "\nunknown_section: []\n", encoding="utf-8")
    done, forks = factdb(tmp_path, "-C", str(root), "validate", patch=KILLED_WHILE_PARSING)
    one, _ = factdb(tmp_path, "-C", str(root), "validate", one_process=True)
    assert forks == 1
    assert (done.returncode, done.stdout, done.stderr) == (one.returncode, one.stdout, one.stderr)
    assert done.returncode == 1 and "unknown-field" in done.stdout


def test_an_archived_text_that_is_a_fifo_ends_both_halves_as_one_process_would(corpus, tmp_path):  # noqa: F811
    # Before, the half that wrote the source's row waited on the FIFO forever.
    root = copy_of(corpus, tmp_path)
    archive = sorted((root / "seeds").iterdir())[-1]
    archive.unlink()
    os.mkfifo(archive)
    for command in ("validate", "build"):
        args = ["-C", str(root), command] + (["--full", "-o", str(tmp_path / "out.db")] if command == "build" else [])
        done, forks = factdb(tmp_path, *args)
        one, _ = factdb(tmp_path, *args, one_process=True)
        assert (done.returncode, done.stdout, done.stderr) == (one.returncode, one.stdout, one.stderr)
        assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
        assert "is not a regular file" in done.stdout + done.stderr
    assert not (tmp_path / "out.db").exists()


FSYNC_FAILS = """
from factdb.db import staging
def fsync_file(path):
    raise OSError(errno.ENOSPC, "No space left on device")
staging.fsync_file = fsync_file
"""
NO_INODE_FOR_THE_NEW_FILE = """
import tempfile
_mkstemp = tempfile.mkstemp
def mkstemp(*args, **kwargs):
    if not in_child() and kwargs.get("suffix") == ".tmp":
        raise OSError(errno.ENOSPC, "No space left on device", kwargs.get("dir"))
    return _mkstemp(*args, **kwargs)
tempfile.mkstemp = mkstemp
"""


PARENTS_DISK_FULL = """
from factdb.builds import full
_insert_files = full.insert_files
def insert_files(*args):
    if not in_child():
        raise sqlite3.OperationalError("database or disk is full")
    return _insert_files(*args)
full.insert_files = parallel.insert_files = insert_files
"""
ENOSPC = "[Errno 28] No space left on device"


@pytest.mark.parametrize(("patch", "error"), [
    (PARENTS_DISK_FULL, "database or disk is full"), (FSYNC_FAILS, ENOSPC), (NO_INODE_FOR_THE_NEW_FILE, ENOSPC),
], ids=["disk-full", "fsync-fails", "no-inodes"])
@pytest.mark.parametrize("one_process", [True, False], ids=["one-process", "two-processes"])
def test_a_full_disk_in_the_parent_is_an_error_that_keeps_the_last_build(corpus, tmp_path, patch, error, one_process):  # noqa: F811
    out = tmp_path / "out" / "factdb.db"
    first, _ = factdb(tmp_path, "-C", str(corpus), "build", "--full", "-o", str(out))
    assert first.returncode == 0
    before = out.read_bytes()
    done, _ = factdb(tmp_path, "-C", str(corpus), "build", "--full", "-o", str(out), patch=patch, one_process=one_process)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"Error: build failed, {out} not written: {error}")
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".factdb-cache", "factdb.db"]
