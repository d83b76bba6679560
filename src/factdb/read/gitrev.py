"""Reading a fact repository as git has it: revisions, their facts and seeds, and the log.

Everything goes through the `git` command line (no library): `git archive` exports one
revision's `facts/` and `seeds/` into a temporary directory, where the ordinary loader and
validator read them as they read a working tree.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .project import FACTS_DIR, SEEDS_DIR

EXPORTED_DIRS = (FACTS_DIR, SEEDS_DIR)


class GitError(Exception):
    """git is missing, the directory is not a checkout, or a revision does not exist."""


def git(root: Path, *args: str, input: bytes | None = None) -> bytes:
    """The standard output of `git -C root ARGS`; GitError with git's own message on failure."""
    if shutil.which("git") is None:
        raise GitError("git is not installed")
    result = subprocess.run(
        ["git", "-C", str(root), *args], input=input, capture_output=True, check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed"
        raise GitError(message)
    return result.stdout


def is_checkout(root: Path) -> bool:
    """Is `root` inside a git work tree with at least one commit?"""
    try:
        inside = git(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
        return inside and bool(git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip())
    except GitError:
        return False


REPLACE_BASE_ENV = "GIT_REPLACE_REF_BASE"


def history_state(root: Path) -> str | None:
    """A key that changes whenever the commits `git log` shows at `root` may change: the HEAD
    commit, and what rewrites history without moving HEAD: the shallow boundary (`git fetch
    --unshallow` or `--deepen`), replace refs (`git replace --graft`) and grafts. None outside
    a git work tree with commits. One `git rev-parse`, so a no-op build stays cheap; a plain
    clone's key is `git:<HEAD>`."""
    base = os.environ.get(REPLACE_BASE_ENV) or "refs/replace/"
    try:
        out = git(
            root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--git-path", "shallow",
            "--git-path", "info/grafts", "HEAD^{commit}", f"--glob={base}*", "--symbolic-full-name", f"--glob={base}*",
        )
    except GitError:
        return None
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 5 or lines[0] != "true":
        return None
    shallow, shallow_path, grafts_path, head, replaced = lines[1] == "true", lines[2], lines[3], lines[4], lines[5:]
    key = f"git:{head}"
    if shallow:
        key += f"+shallow:{_digest(_read(root, shallow_path))}"
    if replaced:
        no_replace = os.environ.get("GIT_NO_REPLACE_OBJECTS", "")
        key += f"+replace:{_digest(chr(10).join([base, no_replace, *replaced]).encode())}"
    grafts = _read(root, grafts_path)
    if grafts:
        key += f"+grafts:{_digest(grafts)}"
    return key


def _read(root: Path, path: str) -> bytes:
    try:
        return (Path(root) / path).read_bytes()  # --git-path gives a path relative to root, or absolute
    except OSError:
        return b""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def resolve(root: Path, rev: str) -> str:
    """The full commit id `rev` names (a branch, tag, sha, `HEAD~2`, `origin/main`)."""
    if rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision")
    if not is_checkout(root):
        raise GitError(f"'{rev}' is neither a .db file nor a revision: {root} is not a git checkout with commits")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"'{rev}' is not a commit in {root} (a branch, tag or commit id, or a .db file)") from None


def prefix(root: Path) -> str:
    """Where `root` lies inside its repository ('' at the top, 'data/' for a subdirectory)."""
    return git(root, "rev-parse", "--show-prefix").decode().strip()


@contextmanager
def exported(root: Path, rev: str) -> Iterator[Path]:
    """A temporary directory holding `facts/` and `seeds/` of revision `rev`, removed on exit.

    A revision without `facts/` gives an empty `facts/` (a repository before its first fact)."""
    commit = resolve(root, rev)
    tree = f"{commit}:{prefix(root)}"
    # From the top of the work tree: in a subdirectory, git reads pathspecs relative to it.
    top = git(root, "rev-parse", "--show-toplevel").decode().strip()
    present = [
        name for name in git(top, "ls-tree", "--name-only", tree).decode().splitlines()
        if name in EXPORTED_DIRS
    ]
    with tempfile.TemporaryDirectory(prefix="factdb-rev-") as tmp:
        dest = Path(tmp)
        if present:
            archive = git(top, "archive", "--format=tar", tree, "--", *present)
            with tempfile.TemporaryFile() as tar_file:
                tar_file.write(archive)
                tar_file.seek(0)
                with tarfile.open(fileobj=tar_file) as tar:
                    # The 'data' filter refuses absolute paths and links leading outside `dest`.
                    try:
                        tar.extractall(dest, filter="data")
                    except tarfile.FilterError as exc:
                        raise GitError(f"{rev}: {exc}") from None
        (dest / FACTS_DIR).mkdir(exist_ok=True)
        yield dest
