"""Temporary git repositories with fixed authors and dates, for the diff and history tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from factrepo import make_repo, write

AUTHOR = ["-c", "user.name=Fact Editor", "-c", "user.email=editor@example.org"]


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
        env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull},
    ).stdout.strip()


def init(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def commit(root: Path, message: str, date: str) -> str:
    """Commit everything in the work tree at a fixed author and committer date; the new sha."""
    env = {
        **os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(
        ["git", "-C", str(root), *AUTHOR, "commit", "-q", "-m", message], check=True, env=env,
    )
    return git(root, "rev-parse", "HEAD")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace `old` (which must be there) by `new` in one file."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


__all__ = ["commit", "edit", "git", "init", "make_repo", "write"]
