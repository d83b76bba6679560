"""Incremental builds: a no-op does no work, a change rewrites only what it must, anything the
cache cannot vouch for is built in full, and the result is always the very file a full build
writes (the two are compared dump for dump, full-text shadow tables included)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdb.check import rules
from factdb.cli import main
from factdb.db import write as build_module
from factdb.builds import cache, incremental, rewrite
from factdb.db import rows
from factdb.builds.full import InvalidFacts, build
from factdb.builds.incremental import update
from gitrepo import commit, git, init

CLAIMS = "facts/claims/2026-02-05.yaml"
OTHER_CLAIMS = "facts/claims/2025-06-02.yaml"
ENTITIES = "facts/entities/entities.yaml"
SOURCES = "facts/sources/sources.yaml"

NEW_FILE = """\
claims:
  - id: 0000-extra
    type: casualties
    claimant: vitali-klitschko
    when: 2026-02-05
    place: kyiv
    injured: {qualifier: at_least, value: 2}
    citations:
      - {source: 000_bf917d9e70bda72c, quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.}
"""


def dump(db: Path) -> str:
    """Every table and index, full-text shadow tables included, rows in rowid order."""
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def query(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def assert_same_as_full_build(repo: Path, db: Path, tmp_path: Path, history=None) -> None:
    """`db` is what a full build of `repo` writes: the same dump (so the same rows, rowids and
    full-text indexes), the same search results and the same `sqlite3 .dump`."""
    full = build(repo, tmp_path / "full" / f"{time.monotonic_ns()}.db", history=history).path
    assert dump(db) == dump(full)
    search = "SELECT c.id FROM citations_fts JOIN citations c ON c.rowid = citations_fts.rowid " \
             "WHERE citations_fts MATCH 'drone' ORDER BY c.id"
    assert query(db, search) == query(full, search) != []
    if shutil.which("sqlite3"):
        shell = [subprocess.run(["sqlite3", str(p), ".dump"], capture_output=True, check=True).stdout
                 for p in (db, full)]
        assert shell[0] == shell[1]


def settle(root: Path) -> None:
    """Date every file a minute back, as files are that were not written just now: their
    stats can then be trusted (a file written within seconds of a build is hashed again)."""
    past = time.time_ns() - 60 * 10**9
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(sample_repo):
    """The sample repository, built once (in full) into build/factdb.db."""
    settle(sample_repo)
    first = update(sample_repo)
    assert (first.mode, first.reason) == ("full", "no cache of an earlier build")
    return sample_repo


def db_of(repo: Path) -> Path:
    return repo / "build" / "factdb.db"


def test_a_no_op_rebuild_reads_no_fact_and_writes_nothing(repo, monkeypatch):
    db = db_of(repo)
    before = (db.read_bytes(), db.stat().st_mtime_ns, cache.manifest_path(db).read_bytes())

    def forbidden(*args, **kwargs):
        raise AssertionError("a no-op build must not read facts")

    monkeypatch.setattr(rewrite, "load_file", forbidden)
    monkeypatch.setattr(incremental, "read", forbidden)
    result = update(repo)
    assert result.mode == "no-op"
    assert result.stats == {"files": 4, "hashed": 0, "changed": 0, "added": 0, "removed": 0}
    assert result.counts["claims"] == 9 and result.counts["quantities"] == 15
    assert (db.read_bytes(), db.stat().st_mtime_ns, cache.manifest_path(db).read_bytes()) == before


def test_a_touched_but_unchanged_file_is_hashed_once_then_trusted_again(repo):
    path = repo / CLAIMS
    later = time.time_ns() - 30 * 10**9
    os.utime(path, ns=(later, later))
    result = update(repo)
    assert (result.mode, result.stats["hashed"]) == ("no-op", 1)
    result = update(repo)
    assert (result.mode, result.stats["hashed"]) == ("no-op", 0)


def test_a_file_just_written_is_not_trusted_by_its_stat(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("claims: []\n", encoding="utf-8")
    st = path.stat()
    assert cache.entry(st, "abc", read_at_ns=time.time_ns())[:4] == [None] * 4
    assert cache.entry(st, "abc", read_at_ns=time.time_ns() + 10 * 10**9) == [*cache.stat_key(st), "abc"]


def test_one_changed_file_is_rebuilt_alone_and_equals_a_full_build(repo, tmp_path):
    edit(repo, CLAIMS, "injured: {qualifier: at_least, value: 2}",
         "injured: {qualifier: at_least, value: 2, text: sedikitnya dua}")
    result = update(repo)
    assert result.mode == "incremental", result.reason
    assert result.reason == "1 changed, 0 added, 0 removed of 4 fact files"
    assert (result.stats["changed"], result.stats["parsed"], result.stats["rechecked"]) == (1, 1, 0)
    db = db_of(repo)
    assert query(db, "SELECT vague_text FROM quantities WHERE id = '2026-02-05-kyiv-injured/injured'") == [
        ("sedikitnya dua",)]
    assert_same_as_full_build(repo, db, tmp_path)
    assert result.counts == build(repo, tmp_path / "counts.db").counts
    assert update(repo).mode == "no-op"


def test_a_removed_file_and_an_added_file(repo, tmp_path):
    db = db_of(repo)
    rowids = dict(query(db, "SELECT id, rowid FROM citations"))
    (repo / OTHER_CLAIMS).unlink()
    result = update(repo)
    assert (result.mode, result.stats["removed"]) == ("incremental", 1), result.reason
    assert query(db, "SELECT count(*) FROM claims WHERE file = ?", OTHER_CLAIMS) == [(0,)]
    assert_same_as_full_build(repo, db, tmp_path)

    (repo / "facts" / "claims" / "0000-first.yaml").write_text(NEW_FILE, encoding="utf-8")
    result = update(repo)
    assert (result.mode, result.stats["added"]) == ("incremental", 1), result.reason
    assert result.counts["claims"] == 8
    assert_same_as_full_build(repo, db, tmp_path)
    # The rows of the other files kept their rowids.
    after = dict(query(db, "SELECT id, rowid FROM citations"))
    assert all(after[i] == rowids[i] for i in after if i in rowids and not i.startswith("2025-06-02"))


def test_a_renamed_entity_refills_the_labels_of_unchanged_files(repo, tmp_path):
    edit(repo, ENTITIES, "name: Ukrainian Air Force", "name: Air Force of Ukraine")
    result = update(repo)
    assert result.mode == "incremental", result.reason
    db = db_of(repo)
    assert query(db, "SELECT label FROM claims WHERE id = '2026-02-05-ua-air-force-attack'") == [
        ("Air attack with 2 missiles and 183 drones (Air Force of Ukraine, 2026-02-04 to 2026-02-05)",)]
    # The stored figures of the unchanged claims file name the claimant anew.
    assert query(db, "SELECT DISTINCT claimant FROM figures WHERE claimant_id = 'ua-air-force'") == [
        ("Air Force of Ukraine",)]
    assert_same_as_full_build(repo, db, tmp_path)


def test_a_moved_place_rewrites_the_figures_of_the_files_that_name_it(repo, tmp_path):
    # figures copy a place's coordinates: the claims file naming Kyiv is rewritten with them.
    edit(repo, ENTITIES, "latitude: 50.45, longitude: 30.5236", "latitude: 50.4501, longitude: 30.5234")
    result = update(repo)
    assert result.mode == "incremental", result.reason
    assert result.stats["rechecked"] == 1
    db = db_of(repo)
    assert query(db, "SELECT DISTINCT latitude, longitude FROM figures WHERE place_id = 'kyiv'") == [(50.4501, 30.5234)]
    assert_same_as_full_build(repo, db, tmp_path)


def test_an_alias_no_row_copies_rewrites_no_other_file(repo, tmp_path):
    edit(repo, ENTITIES, "aliases: [Ukraina]", "aliases: [Ukraina, Ukrajina]")
    result = update(repo)
    assert (result.mode, result.stats["rechecked"]) == ("incremental", 0), result.reason
    assert_same_as_full_build(repo, db_of(repo), tmp_path)


def test_a_changed_source_rechecks_the_unchanged_files_that_cite_it(repo, tmp_path):
    edit(repo, SOURCES, "title: Ukraina-Rusia Peralatan", "title: Ukraina dan Rusia Peralatan")
    result = update(repo)
    assert result.mode == "incremental", result.reason
    # The claims of 2025-06-02 and Umerov's role cite it.
    assert result.stats["rechecked"] == 2
    assert "2 unchanged files that depend on them re-checked" in result.reason
    assert_same_as_full_build(repo, db_of(repo), tmp_path)


def _fails_like_a_full_build(repo: Path, code: str, unchanged_file: str) -> None:
    db = db_of(repo)
    before = (db.read_bytes(), cache.manifest_path(db).read_bytes())
    with pytest.raises(InvalidFacts) as caught:
        update(repo)
    # The full validation ran: the problem is reported in the file that did not change.
    assert (unchanged_file, code) in {(p.file, p.code) for p in caught.value.report.problems}
    assert (db.read_bytes(), cache.manifest_path(db).read_bytes()) == before
    assert sorted(p.name for p in db.parent.iterdir()) == [".factdb-cache", "factdb.db"]


def test_removing_an_entity_an_unchanged_file_names_fails_like_a_full_build(repo):
    edit(repo, ENTITIES, "  - {id: ru-mod, name: Russian Ministry of Defence, aliases: [Kementerian Pertahanan Rusia], kind: ministry, country: russia}\n", "")
    _fails_like_a_full_build(repo, "unresolved-reference", CLAIMS)


def test_a_source_published_before_the_events_it_reports_fails_like_a_full_build(repo):
    edit(repo, SOURCES, "published: 2025-06-02", "published: 2025-05-01")
    _fails_like_a_full_build(repo, "event-after-publication", OTHER_CLAIMS)


@pytest.mark.parametrize("text", [
    NEW_FILE.replace("0000-extra", "2025-06-02-istanbul-talks"),  # a claim: the same table
    "places:\n  - {id: 2025-06-02-istanbul-talks, name: Somewhere, kind: city}\n",  # another table
])
def test_an_id_already_used_in_an_unchanged_file_fails_like_a_full_build(repo, text):
    (repo / "facts" / "claims" / "0000-first.yaml").write_text(text, encoding="utf-8")
    db = db_of(repo)
    good = db.read_bytes()
    with pytest.raises(InvalidFacts) as caught:
        update(repo)
    assert "duplicate-id" in {p.code for p in caught.value.report.problems}
    assert db.read_bytes() == good


def test_the_cli_says_which_way_it_built_and_fails_with_exit_1_leaving_the_file(repo):
    runner = CliRunner()
    db = db_of(repo)
    result = runner.invoke(main, ["-C", str(repo), "build"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("no-op: no fact file, archived text or code changed")
    edit(repo, CLAIMS, "translation: with Moscow", "translation: With Moscow")
    result = runner.invoke(main, ["-C", str(repo), "build"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "incremental build: 1 changed, 0 added, 0 removed of 4 fact files"
    good = db.read_bytes()
    edit(repo, CLAIMS, "yang katanya akan melibatkan 314 tahanan", "yang akan melibatkan 315 tahanan")
    result = runner.invoke(main, ["-C", str(repo), "build"])
    assert result.exit_code == 1
    assert ": quote-not-found: " in result.output and "not written" in result.output
    assert db.read_bytes() == good
    result = runner.invoke(main, ["-C", str(repo), "build", "--full"])
    assert result.exit_code == 1 and db.read_bytes() == good
    edit(repo, CLAIMS, "yang akan melibatkan 315 tahanan", "yang katanya akan melibatkan 314 tahanan")
    result = runner.invoke(main, ["-C", str(repo), "build", "--full"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "full build: --full was given"


def test_a_failure_while_updating_falls_back_and_a_failing_fallback_leaves_the_file(repo, tmp_path, monkeypatch):
    edit(repo, CLAIMS, "translation: with Moscow", "translation: With Moscow")
    db = db_of(repo)
    good = (db.read_bytes(), cache.manifest_path(db).read_bytes())

    def broken(conn, table):
        raise sqlite3.OperationalError("disk I/O error")

    views_sql = build_module.views_sql
    monkeypatch.setattr(build_module, "refresh_fts", broken)
    monkeypatch.setattr(build_module, "views_sql", lambda: ["CREATE VIEW broken AS SELEC 1"])
    result = CliRunner().invoke(main, ["-C", str(repo), "build"])
    assert result.exit_code == 1
    assert "build failed" in result.output and "syntax error" in result.output
    assert (db.read_bytes(), cache.manifest_path(db).read_bytes()) == good
    assert sorted(p.name for p in db.parent.iterdir()) == [".factdb-cache", "factdb.db"]

    monkeypatch.setattr(build_module, "views_sql", views_sql)
    result = update(repo)
    assert result.mode == "full"
    assert result.reason == "the incremental update failed (OperationalError: disk I/O error)"
    assert_same_as_full_build(repo, db, tmp_path)


def test_a_changed_archived_text_is_a_full_build(repo, tmp_path):
    seed = repo / "seeds" / "000_bf917d9e70bda72c.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nCatatan editor.\n", encoding="utf-8")
    result = update(repo)
    assert result.mode == "full"
    assert result.reason == (
        "the archived text seeds/000_bf917d9e70bda72c.txt changed, and quotes are checked against it")
    assert update(repo).mode == "no-op"


def test_a_code_change_is_a_full_build(repo, monkeypatch):
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    result = update(repo)
    assert (result.mode, result.reason) == (
        "full", "the factdb code, Python or a dependency changed since the last build")
    assert update(repo).mode == "no-op"


def test_the_code_version_covers_the_package_sources():
    package = Path(rows.__file__).resolve().parents[1]
    assert (package / "models" / "claims.py").is_file()
    assert len(cache.code_version()) == 64


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"format": 1}', json.dumps({"format": 99}).encode()])
def test_a_corrupt_cache_is_a_full_build(repo, content):
    cache.manifest_path(db_of(repo)).write_bytes(content)
    result = update(repo)
    assert result.mode == "full" and result.reason.startswith("the cache is unreadable"), result.reason
    assert update(repo).mode == "no-op"


def test_a_corrupt_cached_history_is_a_full_build(tmp_path):
    root = _git_repo(tmp_path)
    assert _cli_build(root)[1].startswith("full build")
    cache.history_path(root / "build" / "factdb.db").write_text("{}", encoding="utf-8")
    edit(root, CLAIMS, "translation: with Moscow", "translation: With Moscow")
    assert _cli_build(root)[1].startswith("full build: the cached git history is unusable")


@pytest.mark.parametrize("first", ["full", "incremental"])
def test_a_history_cache_that_cannot_be_written_makes_the_next_build_a_full_one(tmp_path, monkeypatch, first):
    """The warning says the next build is a full one, and it is: the manifest, which is what
    lets a build skip work, is written only after the history it relies on."""
    root = _git_repo(tmp_path)
    if first == "incremental":
        _cli_build(root)
        edit(root, CLAIMS, "translation: with Moscow", "translation: With Moscow")
        commit(root, "a translation", "2026-02-07T10:00:00+00:00")

    def cannot(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "save_history", cannot)
    lines = _cli_build(root)
    assert lines[1].startswith(f"{first} build"), lines
    assert any("cannot write the build cache" in line and "the next build will be a full one" in line
               for line in lines), lines
    monkeypatch.undo()
    assert _cli_build(root)[1].startswith("full build"), "nothing changed, yet the warning promised a full build"


def test_a_missing_or_replaced_output_is_a_full_build(repo, tmp_path):
    db = db_of(repo)
    db.unlink()
    result = update(repo)
    assert (result.mode, result.reason) == ("full", f"{db} does not exist")
    other = build(repo, tmp_path / "other.db").path
    shutil.copyfile(other, db)  # the same content, but not the file the cache describes
    result = update(repo)
    assert (result.mode, result.reason) == ("full", f"{db} is not the file the cache describes")


def test_a_build_from_another_directory_is_a_full_build(repo, tmp_path):
    moved = shutil.copytree(repo, tmp_path / "moved")
    result = update(moved)
    assert (result.mode, result.reason) == ("full", "the last build was made from another directory")


def test_unknown_rules_make_every_build_a_full_one(repo, monkeypatch):
    def rule_new(catalog):
        return iter(())

    monkeypatch.setattr(rules, "RULES", [*rules.RULES, rule_new])
    edit(repo, CLAIMS, "translation: with Moscow", "translation: With Moscow")
    result = update(repo)
    assert (result.mode, result.reason) == (
        "full", "the validation rules changed and the incremental check does not know them")


def test_every_rule_is_known_to_the_incremental_check():
    assert all(check.lookups_only for check in rules.RULES)
    assert rules.lookups_suffice()


def test_a_rule_registered_without_review_turns_partial_checks_off(monkeypatch):
    monkeypatch.setattr(rules, "RULES", list(rules.RULES))
    rules.rule(lookups=False)(lambda catalog: iter(()))
    assert not rules.lookups_suffice()


def test_file_blocks_depend_only_on_the_set_of_paths_and_never_collide(monkeypatch):
    paths = [f"facts/claims/{i}.yaml" for i in range(50)]
    blocks = rows.file_blocks(paths)
    assert blocks == rows.file_blocks(reversed(paths))
    assert len(set(blocks.values())) == 50
    assert all(b % (1 << rows.ROW_BITS) == 0 and b < 2**53 for b in blocks.values())
    monkeypatch.setattr(rows, "_block_hash", lambda path: 7)  # every path collides
    blocks = rows.file_blocks(paths)
    assert sorted(blocks.values()) == [(7 + i) << rows.ROW_BITS for i in range(50)]


def test_a_new_file_whose_block_collides_renumbers_the_other_and_equals_a_full_build(repo, tmp_path, monkeypatch):
    real = rows._block_hash
    new = "facts/claims/0000-first.yaml"

    def colliding(path):  # the new file takes the block of an existing one, which moves on
        return real(CLAIMS) if path == new else real(path)

    monkeypatch.setattr(rows, "_block_hash", colliding)
    (repo / new).write_text(NEW_FILE, encoding="utf-8")
    result = update(repo)
    assert result.mode == "incremental", result.reason
    assert result.reason.endswith("; 1 unchanged files renumbered")
    assert_same_as_full_build(repo, db_of(repo), tmp_path)


# --- git history ------------------------------------------------------------------------


def _git_repo(tmp_path: Path) -> Path:
    from conftest import copy_sample_repo

    root = copy_sample_repo(tmp_path / "repo")
    (root / ".gitignore").write_text("/build/\n", encoding="utf-8")
    init(root)
    commit(root, "first facts", "2026-02-06T10:00:00+00:00")
    return root


def _cli_build(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_git_history_is_read_only_when_head_moved_and_equals_a_full_build(tmp_path, monkeypatch):
    root = _git_repo(tmp_path)
    db = root / "build" / "factdb.db"
    assert _cli_build(root)[1] == "full build: no cache of an earlier build"
    assert query(db, "SELECT first_recorded FROM claims WHERE id = '2026-02-05-abc-exchange'") == [
        ("2026-02-06T10:00:00+00:00",)]

    # An edit not yet committed: the history stays as it was, and git's log is not read.
    edit(root, CLAIMS, "translation: with Moscow", "translation: With Moscow")
    import factdb.builds.history

    real = factdb.builds.history.history_for_build
    monkeypatch.setattr(factdb.builds.history, "history_for_build", lambda r: pytest.fail("history read"))
    assert _cli_build(root)[1] == "incremental build: 1 changed, 0 added, 0 removed of 4 fact files"
    assert _cli_build(root)[1].startswith("no-op")
    assert_same_as_full_build(root, db, tmp_path, history=real(root))

    # Committed: HEAD moved, so the claim's last change is read from git.
    monkeypatch.setattr(factdb.builds.history, "history_for_build", real)
    sha = commit(root, "capitalise", "2026-02-07T10:00:00+00:00")
    assert _cli_build(root)[1] == "incremental build: 0 changed, 0 added, 0 removed of 4 fact files; git history updated"
    assert query(db, "SELECT last_changed, last_commit FROM claims WHERE id = '2026-02-05-abc-exchange'") == [
        ("2026-02-07T10:00:00+00:00", sha)]
    assert query(db, "SELECT last_changed FROM claims WHERE id = '2026-02-05-abu-dhabi-talks'") == [
        ("2026-02-06T10:00:00+00:00",)]
    assert_same_as_full_build(root, db, tmp_path, history=real(root))

    # A change and a commit at once.
    edit(root, ENTITIES, "name: Ukrainian Air Force", "name: Air Force of Ukraine")
    commit(root, "rename", "2026-02-08T10:00:00+00:00")
    assert _cli_build(root)[1].endswith("; git history updated")
    assert_same_as_full_build(root, db, tmp_path, history=real(root))
    assert "build" not in git(root, "ls-files")


def test_no_op_and_incremental_builds_do_not_load_sqlalchemy(repo):
    # SQLAlchemy and SQLModel take most of a second to import: only a build from scratch needs them.
    update(repo)
    edit(repo, CLAIMS, "translation: with Moscow", "translation: With Moscow")
    script = (
        "import sys\n"
        "from factdb.builds.incremental import update\n"
        f"assert update({str(repo)!r}).mode == 'incremental'\n"
        f"assert update({str(repo)!r}).mode == 'no-op'\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'sqlite_utils'))\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_the_full_text_indexes_are_rebuilt_only_when_their_texts_change(repo, tmp_path, monkeypatch):
    refreshed = []
    real = build_module.refresh_fts
    monkeypatch.setattr(build_module, "refresh_fts", lambda conn, table: (refreshed.append(table), real(conn, table)))
    edit(repo, CLAIMS, "injured: {qualifier: at_least, value: 2}",
         "injured: {qualifier: at_least, value: 2, text: sedikitnya dua}")
    assert update(repo).mode == "incremental"
    assert refreshed == []  # no quote, translation or source text changed
    assert_same_as_full_build(repo, db_of(repo), tmp_path)
    edit(repo, CLAIMS, "translation: with Moscow", "translation: With Moscow")
    assert update(repo).mode == "incremental"
    assert refreshed == ["citations"]
    assert_same_as_full_build(repo, db_of(repo), tmp_path)
