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


EVENTS_AS_SPEC = """
CREATE TABLE events (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, date_from DATE,
  date_to DATE, place_id TEXT, country_id TEXT, attacker_id TEXT, target_country_id TEXT, notes TEXT);
INSERT INTO events VALUES ('2026-02-05-night', 'attack_night', 'Night of 4-5 February 2026 over Ukraine',
  '2026-02-04', '2026-02-05', NULL, NULL, 'russia', 'ukraine', NULL);
ALTER TABLE claims ADD COLUMN event_id TEXT;
UPDATE claims SET event_id = '2026-02-05-night'
  WHERE id IN ('2026-02-05-ua-air-force-attack', '2026-02-05-kyiv-injured');
"""
"""The events of the shared design (SPEC: `events`, `claims.event_id`), for a sample build whose
facts record none yet."""


@pytest.fixture(scope="session")
def site_db(sample_db, tmp_path_factory) -> Path:
    """The sample build with events: as built where its facts record events, else a copy with
    one event, the night of 4-5 February 2026 (EVENTS_AS_SPEC). Read it only."""
    import sqlite3

    with sqlite3.connect(sample_db) as conn:
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'events'").fetchone()[0]:
            if conn.execute("SELECT count(*) FROM events").fetchone()[0]:
                return sample_db
    db = tmp_path_factory.mktemp("site") / "factdb.db"
    db.write_bytes(sample_db.read_bytes())
    with sqlite3.connect(db) as conn:
        conn.executescript(EVENTS_AS_SPEC)
    return db
