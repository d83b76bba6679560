"""Each claim's first-recorded and last-changed commits, from a temporary repository with
several commits at fixed dates, and the columns `factdb build` fills with them."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

from factdb.cli import main
from factdb.builds.history import claim_history, history_for_build
from factdb.site.serve import make_datasette
from gitrepo import commit, edit, git, init, make_repo, write

CLAIMS_FILE = "facts/claims/2026-02-05.yaml"
AIR = "uaf-2026-02-05"
INJURED = "klitschko-2026-02-05-injured"

DAY = "2026-01-0{}T10:00:00+00:00"

NUMERIC = """\
claims:
  - id: exchange-314
    type: numeric_statement
    claimant: ua
    measure: prisoners
    quantity: 314
    unit: prisoners
    subject: prisoners to be exchanged
    citations:
      - {source: src1, quote: Pertukaran itu akan melibatkan 314 tahanan.}
"""


@pytest.fixture
def repo(tmp_path):
    """Commits on days 1-6 of January 2026, and a merged branch on day 8."""
    root = make_repo(init(tmp_path / "repo"))
    shas = {1: commit(root, "first facts", DAY.format(1))}

    edit(root, CLAIMS_FILE, "impact_locations: 16", "impact_locations: 16\n    notes: figures checked")
    shas[2] = commit(root, "note on the air attack", DAY.format(2))

    git(root, "mv", CLAIMS_FILE, "facts/claims/kyiv.yaml")
    shas[3] = commit(root, "rename the file: no claim changes", DAY.format(3))

    write(root, "facts/claims/kyiv.yaml", (root / "facts/claims/kyiv.yaml").read_text().replace("claims:", "claims: [", 1))
    shas[4] = commit(root, "break the file", DAY.format(4))

    git(root, "checkout", "-q", shas[3], "--", "facts/claims/kyiv.yaml")
    edit(root, "facts/claims/kyiv.yaml", "population: civilian", "population: civilian\n    notes: a mayor's figure")
    shas[5] = commit(root, "mend the file, note on the injured", DAY.format(5))

    git(root, "checkout", "-q", "-b", "exchange")
    write(root, "facts/claims/exchange.yaml", NUMERIC)
    shas[6] = commit(root, "exchange on a branch", DAY.format(6))
    git(root, "checkout", "-q", "main")
    env_date = DAY.format(8)
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Maintainer", "-c", "user.email=m@example.org",
         "merge", "-q", "--no-ff", "-m", "merge the exchange", "exchange"],
        check=True, env={**os.environ, "GIT_AUTHOR_DATE": env_date, "GIT_COMMITTER_DATE": env_date},
    )
    shas[8] = git(root, "rev-parse", "HEAD")
    return root, shas


def test_first_recorded_and_last_changed(repo):
    root, shas = repo
    history = claim_history(root)
    assert set(history) == {AIR, INJURED, "exchange-314"}

    air = history[AIR]
    assert (air.first_recorded, air.first_commit) == (DAY.format(1), shas[1])
    # The rename (day 3) and the broken version (day 4) are not changes; the note (day 2) is.
    assert (air.last_changed, air.last_commit) == (DAY.format(2), shas[2])

    injured = history[INJURED]
    assert (injured.first_recorded, injured.first_commit) == (DAY.format(1), shas[1])
    assert (injured.last_changed, injured.last_commit) == (DAY.format(5), shas[5])

    # A merged pull request counts from its merge, when its facts reached main.
    exchange = history["exchange-314"]
    assert (exchange.first_recorded, exchange.first_commit) == (DAY.format(8), shas[8])
    assert (exchange.last_changed, exchange.last_commit) == (DAY.format(8), shas[8])


def test_build_fills_the_history_columns(repo):
    root, shas = repo
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(root / "build" / "factdb.db")
    rows = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT id, first_recorded, first_commit, last_changed, last_commit FROM claims"
        )
    }
    assert rows[AIR] == (DAY.format(1), shas[1], DAY.format(2), shas[2])
    assert rows[INJURED] == (DAY.format(1), shas[1], DAY.format(5), shas[5])
    assert rows["exchange-314"] == (DAY.format(8), shas[8], DAY.format(8), shas[8])


def test_uncommitted_claims_have_no_history_yet(repo):
    root, _ = repo
    write(root, "facts/claims/new.yaml", NUMERIC.replace("exchange-314", "exchange-314-again"))
    history = history_for_build(root)
    assert "exchange-314-again" not in history
    assert AIR in history


def test_a_build_outside_a_git_checkout_leaves_the_columns_empty(repo, tmp_path):
    root, _ = repo
    plain = tmp_path / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    assert history_for_build(plain) is None
    result = CliRunner().invoke(main, ["-C", str(plain), "build"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(plain / "build" / "factdb.db")
    assert conn.execute(
        "SELECT count(*) FROM claims WHERE coalesce(first_recorded, first_commit, last_changed, last_commit) IS NOT NULL"
    ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM claims").fetchone() == (3,)


def test_a_repository_without_commits_has_no_history(tmp_path):
    root = make_repo(init(tmp_path / "fresh"))
    assert history_for_build(root) is None


def test_history_columns_are_shown_in_datasette(repo):
    root, shas = repo
    CliRunner().invoke(main, ["-C", str(root), "build"], catch_exceptions=False)

    async def fetch():
        datasette = make_datasette(root / "build" / "factdb.db")
        response = await datasette.client.get(f"/factdb/claims/{AIR}.json?_shape=objects")
        return response.status_code, response.json()

    status, body = asyncio.run(fetch())
    assert status == 200
    row = body["rows"][0]
    assert row["first_commit"] == shas[1]
    assert row["last_changed"] == DAY.format(2)
