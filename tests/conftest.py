"""Shared fixtures. Keep this small and generic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
PROJECT = TESTS.parent


def copy_sample_repo(dest: Path) -> Path:
    """tests/data/sample_repo (facts citing two real seed articles) plus the project's seeds/."""
    shutil.copytree(TESTS / "data" / "sample_repo", dest)
    shutil.copytree(PROJECT / "seeds", dest / "seeds")
    return dest


@pytest.fixture
def sample_repo(tmp_path) -> Path:
    """A small valid fact repository of real seed facts, in a fresh temporary directory."""
    return copy_sample_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The sample repository built once per session into <tmp>/build/factdb.db. Read it only."""
    from factdb.builds.full import build

    repo = copy_sample_repo(tmp_path_factory.mktemp("sample") / "repo")
    return build(repo, repo / "build" / "factdb.db").path
