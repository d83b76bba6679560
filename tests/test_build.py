"""`factdb build`: tables, keys, the claims contract, atomic writes and deterministic output."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter

from factdb import models as fm
from factdb.cli import main
from factdb.builds import full as build_module
from factdb.db import write as write_module
from factdb.builds.full import BuildError, InvalidFacts, build
from factdb.db.tablebase import columns
from factdb.db.tables import TABLES
from factdb.models.claimbase import claim_label
from factdb.db.rows import canonical_json
from factdb.check.validate import validate

PROJECT = Path(__file__).resolve().parents[1]


def query(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def dump(db: Path) -> str:
    """Python's equivalent of `sqlite3 db .dump` (always available)."""
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


def test_every_table_has_its_model_columns_a_primary_key_and_clean_foreign_keys(sample_db):
    for model in TABLES:
        info = query(sample_db, f"PRAGMA table_info({model.__tablename__})")
        assert [row[1] for row in info] == columns(model), model.__tablename__
        assert any(row[5] for row in info), f"{model.__tablename__} has no primary key"
    assert query(sample_db, "PRAGMA foreign_key_check") == []
    fks = {(row[2], row[3], row[4]) for row in query(sample_db, "PRAGMA foreign_key_list(claims)")}
    assert ("entities", "claimant_id", "id") in fks
    fks = {(row[2], row[3]) for row in query(sample_db, "PRAGMA foreign_key_list(members)")}
    assert {("delegations", "delegation_id"), ("entities", "person_id"), ("meetings", "meeting_id")} <= fks


def test_foreign_keys_are_enforced_by_the_schema(sample_db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(sample_db, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            conn.execute(
                "INSERT INTO citations (id, claim_id, position, source_id, quote) "
                "VALUES ('x', 'no-such-claim', 0, '000_bf917d9e70bda72c', 'q')"
            )


def test_faceted_and_joined_columns_are_indexed(sample_db):
    def indexed(table: str) -> set[str]:
        return {
            info[2]
            for index in query(sample_db, f"PRAGMA index_list({table})")
            for info in query(sample_db, f"PRAGMA index_info({index[1]})")
        }

    assert {"type", "claimant_id", "date_from", "place_id"} <= indexed("claims")
    assert {"measure", "qualifier", "claim_id", "scope"} <= indexed("quantities")
    assert {"claim_id", "role_id", "source_id"} <= indexed("citations")
    assert {"person_id", "meeting_id", "delegation_id"} <= indexed("members")
    assert {"entity_id"} <= indexed("claim_entities")


def test_claims_carry_the_contract_columns_and_canonical_json(sample_repo, tmp_path):
    db = build(sample_repo, tmp_path / "f.db").path
    names = [row[1] for row in query(db, "PRAGMA table_info(claims)")]
    for name in ["id", "type", "claimant_id", "date_from", "date_to", "date_precision", "file",
                 "record_json", "first_recorded", "first_commit", "last_changed", "last_commit"]:
        assert name in names
    report = validate(sample_repo)
    for record_id, located in report.catalog.records.items():
        if located.kind not in ("claim", "source", "person", "organization", "country", "place"):
            continue
        table = {"claim": "claims", "source": "sources"}.get(located.kind, "entities")
        (stored, file), = query(db, f"SELECT record_json, file FROM {table} WHERE id = ?", record_id)
        expected = json.dumps(
            located.record.model_dump(mode="json", by_alias=True, exclude_none=True),
            sort_keys=True, ensure_ascii=False, separators=(",", ":"),
        )
        assert stored == expected
        assert file == located.file.rel
    row = query(
        db, "SELECT type, claimant_id, date_from, date_to, date_precision, file, first_recorded "
        "FROM claims WHERE id = '2026-02-05-ua-air-force-attack'",
    )
    assert row == [("air_attack", "ua-air-force", "2026-02-04", "2026-02-05", "night",
                    "facts/claims/2026-02-05.yaml", None)]
    # The JSON is the validated record: it validates back into the same model.
    (record,), = query(db, "SELECT record_json FROM claims WHERE id = '2026-02-05-ua-air-force-attack'")
    claim = TypeAdapter(fm.Claim).validate_json(record)
    assert claim == report.catalog.records["2026-02-05-ua-air-force-attack"].record


def test_history_fills_the_history_columns(sample_repo, tmp_path):
    history = {
        "2026-02-05-kyiv-injured": SimpleNamespace(
            first_recorded=dt.datetime(2026, 2, 6, 9, 30, tzinfo=dt.timezone.utc),
            first_commit="a" * 40,
            last_changed=dt.datetime(2026, 2, 7, 10, 0, tzinfo=dt.timezone.utc),
            last_commit="b" * 40,
        )
    }
    db = build(sample_repo, tmp_path / "h.db", history=history).path
    rows = dict(
        (r[0], r[1:]) for r in query(
            db, "SELECT id, first_recorded, first_commit, last_changed, last_commit FROM claims")
    )
    assert rows["2026-02-05-kyiv-injured"] == (
        "2026-02-06T09:30:00+00:00", "a" * 40, "2026-02-07T10:00:00+00:00", "b" * 40)
    assert rows["2026-02-05-witkoff-exchange"] == (None, None, None, None)


def test_sources_keep_their_archived_text_and_publisher_names(sample_db, sample_repo):
    rows = {r[0]: r[1:] for r in query(
        sample_db,
        "SELECT id, publisher_id, publisher, original_publisher, published, published_precision, "
        "published_earliest, published_latest, archive_path, text FROM sources",
    )}
    abc = rows["000_bf917d9e70bda72c"]
    assert abc[:7] == ("abc-news", "ABC News", None, None, "bounds", "2026-02-05", None)
    assert abc[7] == "seeds/000_bf917d9e70bda72c.txt"
    assert abc[8] == (sample_repo / abc[7]).read_text(encoding="utf-8")
    lapak = rows["004_077da2b513fd76db"]
    assert lapak[:7] == (None, "Lapak Asik", "ABC News", "2025-06-02", "day", "2025-06-02", "2025-06-02")


def test_entities_aliases_and_roles(sample_db):
    assert query(sample_db, "SELECT alias FROM aliases WHERE entity_id = 'kirill-dmitriev'") == [("Kiril Dmitriev",)]
    assert query(
        sample_db, "SELECT kind, subkind, latitude, longitude FROM entities WHERE id = 'kyiv'"
    ) == [("place", "city", 50.45, 30.5236)]
    assert query(
        sample_db, "SELECT parent_id FROM entities WHERE id = 'ciragan-palace'") == [("istanbul",)]
    roles = query(
        sample_db,
        "SELECT r.id, r.title, r.observed, c.id, c.source_id FROM roles r "
        "JOIN citations c ON c.role_id = r.id WHERE person_id = 'rustem-umerov' ORDER BY r.position",
    )
    assert roles == [
        ("rustem-umerov/roles/2025-06-02/defence-minister", "Defence Minister", "2025-06-02",
         "rustem-umerov/roles/2025-06-02/defence-minister/citation", "004_077da2b513fd76db"),
        ("rustem-umerov/roles/2026-02-05/secretary-of-the-national-security-and-defence-council",
         "Secretary of the National Security and Defence Council", "2026-02-05",
         "rustem-umerov/roles/2026-02-05/secretary-of-the-national-security-and-defence-council/citation", "000_bf917d9e70bda72c"),
    ]


def test_quantities_keep_what_the_source_said(sample_db):
    rows = {r[0]: r[1:] for r in query(
        sample_db, "SELECT id, measure, value, qualifier, low, high, vague_text, place_id FROM quantities")}
    assert rows["2026-02-05-ua-air-force-attack/weapons/drone/launched"] == (
        "drones_launched", 183, "exact", 183, 183, None, "ukraine")
    assert rows["2026-02-05-kyiv-injured/injured"] == ("injured", 2, "at_least", 2, None, None, "kyiv")
    assert rows["2026-02-05-abc-exchange/total"] == (
        "prisoners_total", None, "vague", 200, 999, "ratusan", None)
    # Whole numbers come back as integers, not 183.0.
    assert query(sample_db, "SELECT typeof(value) FROM quantities WHERE measure = 'drones_launched'") == [
        ("integer",), ("integer",)]


def test_meetings_delegations_and_members(sample_db):
    assert query(
        sample_db, "SELECT name, status, format, round, city_id FROM meetings WHERE claim_id = '2026-02-05-abu-dhabi-talks'"
    ) == [("Second round of trilateral talks in Abu Dhabi", "held", "trilateral", 2, "abu-dhabi")]
    members = query(
        sample_db,
        "SELECT d.side_id, m.person_id, m.role, m.leader FROM members m JOIN delegations d ON d.id = m.delegation_id "
        "WHERE m.meeting_id = '2026-02-05-abu-dhabi-talks' ORDER BY d.position, m.position",
    )
    assert members == [
        ("ukraine", "rustem-umerov", "Secretary of the National Security and Defence Council", 0),
        ("ukraine", "kyrylo-budanov", None, 0),
        ("russia", "kirill-dmitriev", "CEO of the Russian Direct Investment Fund", 0),
        ("united-states", "steve-witkoff", "Special Envoy", 1),
    ]
    named = query(
        sample_db, "SELECT path, field FROM claim_entities WHERE entity_id = 'steve-witkoff' ORDER BY claim_id, path")
    assert ("delegations.2.members.0.person", "delegations") in named
    assert ("claimant", "claimant") in named


def test_full_text_search_over_quotes_translations_and_archived_texts(sample_db):
    hits = query(sample_db, "SELECT c.id FROM citations_fts f JOIN citations c ON c.rowid = f.rowid "
                            "WHERE citations_fts MATCH 'ratusan'")
    assert hits == [("2026-02-05-abc-exchange/citations/000_bf917d9e70bda72c/0",)]
    hits = query(sample_db, "SELECT c.id FROM citations_fts f JOIN citations c ON c.rowid = f.rowid "
                            "WHERE citations_fts MATCH 'translation:hundreds'")
    assert hits == [("2026-02-05-abc-exchange/citations/000_bf917d9e70bda72c/0",)]
    hits = query(sample_db, "SELECT s.id FROM sources_fts f JOIN sources s ON s.rowid = f.rowid "
                            "WHERE sources_fts MATCH 'Klitschko'")
    assert hits == [("000_bf917d9e70bda72c",)]


def test_two_builds_give_the_same_dump(sample_repo, tmp_path):
    other = shutil.copytree(sample_repo, tmp_path / "elsewhere")
    first = build(sample_repo, tmp_path / "a" / "factdb.db").path
    second = build(other, tmp_path / "b" / "factdb.db").path
    assert dump(first) == dump(second)
    if shutil.which("sqlite3"):  # the shell's .dump also writes the full-text shadow tables
        shell = [subprocess.run(["sqlite3", str(p), ".dump"], capture_output=True, check=True).stdout
                 for p in (first, second)]
        assert shell[0] == shell[1]


def test_ids_do_not_move_when_other_facts_are_added(sample_repo, tmp_path):
    before = build(sample_repo, tmp_path / "before.db").path
    # A new file sorted before the others, with a claim of its own.
    (sample_repo / "facts" / "claims" / "0000-first.yaml").write_text(
        "claims:\n"
        "  - id: 0000-extra\n"
        "    type: casualties\n"
        "    claimant: vitali-klitschko\n"
        "    when: 2026-02-05\n"
        "    place: kyiv\n"
        "    injured: {qualifier: at_least, value: 2}\n"
        "    citations:\n"
        "      - {source: 000_bf917d9e70bda72c, quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.}\n",
        encoding="utf-8",
    )
    after = build(sample_repo, tmp_path / "after.db").path
    for table in ("quantities", "citations", "members", "delegations", "roles"):
        old = set(query(before, f"SELECT id FROM {table}"))
        assert old <= set(query(after, f"SELECT id FROM {table}")), table
    assert query(after, "SELECT id FROM quantities WHERE claim_id = '0000-extra'") == [("0000-extra/injured",)]


def _break_a_quote(repo: Path) -> None:
    path = repo / "facts" / "claims" / "2026-02-05.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("yang katanya akan melibatkan 314 tahanan", "yang akan melibatkan 315 tahanan"),
                    encoding="utf-8")


def _break_a_quote_not_its_figure(repo: Path) -> None:
    """A quote no longer verbatim, whose figure is still bound to its words ("314 tahanan"):
    every row can be made, and only the rules say no."""
    path = repo / "facts" / "claims" / "2026-02-05.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("yang katanya akan melibatkan 314 tahanan", "yang kata dia akan melibatkan 314 tahanan"),
                    encoding="utf-8")


def test_invalid_facts_exit_1_and_leave_the_last_build_byte_identical(sample_repo):
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(sample_repo), "build"])
    assert result.exit_code == 0, result.output
    db = sample_repo / "build" / "factdb.db"
    good = db.read_bytes()
    _break_a_quote(sample_repo)
    result = runner.invoke(main, ["-C", str(sample_repo), "build"])
    assert result.exit_code == 1
    assert "facts/claims/2026-02-05.yaml:" in result.output
    assert ": quote-not-found: " in result.output
    assert "not written" in result.output
    assert db.read_bytes() == good
    # No temporary file left; beside the file only the cache of the last good build.
    assert sorted(p.name for p in db.parent.iterdir()) == [".factdb-cache", "factdb.db"]


def test_invalid_facts_raise_with_the_report_and_create_nothing(sample_repo, tmp_path):
    _break_a_quote(sample_repo)
    out = tmp_path / "new" / "factdb.db"
    with pytest.raises(InvalidFacts) as caught:
        build(sample_repo, out)
    assert "quote-not-found" in {p.code for p in caught.value.report.problems}
    assert not out.parent.exists()


def test_invalid_facts_win_over_errors_of_the_writing_they_cause(sample_repo, tmp_path):
    # The cross-file rules run while the file is written: a missing archive makes the rows
    # fail too, and the problem is still reported as invalid facts, with nothing written.
    out = tmp_path / "out" / "factdb.db"
    build(sample_repo, out)
    good = out.read_bytes()
    (sample_repo / "seeds" / "000_bf917d9e70bda72c.txt").unlink()
    with pytest.raises(InvalidFacts) as caught:
        build(sample_repo, out)
    assert "missing-archive" in {p.code for p in caught.value.report.problems}
    assert isinstance(caught.value.__context__, OSError)  # the rows failed first
    assert out.read_bytes() == good
    assert [p.name for p in out.parent.iterdir()] == ["factdb.db"]


def test_the_rules_run_alongside_the_writing_and_a_problem_discards_it(sample_repo, tmp_path, monkeypatch):
    started = []
    real = build_module.Alongside.start

    def start(self):
        started.append(True)
        real(self)

    monkeypatch.setattr(build_module.Alongside, "start", start)
    _break_a_quote_not_its_figure(sample_repo)
    out = tmp_path / "out" / "factdb.db"
    with pytest.raises(InvalidFacts) as caught:
        build(sample_repo, out)
    assert started == [True]  # every row was written before the rules said no
    assert "quote-not-found" in {p.code for p in caught.value.report.problems}
    assert not out.parent.exists()


def test_a_build_that_fails_midway_keeps_the_last_good_file(sample_repo, tmp_path, monkeypatch):
    out = tmp_path / "out" / "factdb.db"
    build(sample_repo, out)
    good = out.read_bytes()
    monkeypatch.setattr(write_module, "views_sql", lambda: ["CREATE VIEW broken AS SELEC 1"])
    with pytest.raises(sqlite3.OperationalError):
        build(sample_repo, out)
    assert out.read_bytes() == good
    assert [p.name for p in out.parent.iterdir()] == ["factdb.db"]
    result = CliRunner().invoke(main, ["-C", str(sample_repo), "build", "-o", str(out)])
    assert result.exit_code == 1
    assert "build failed" in result.output and "syntax error" in result.output
    assert out.read_bytes() == good
    monkeypatch.undo()
    result = CliRunner().invoke(main, ["-C", str(sample_repo), "build", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert query(out, "SELECT count(*) FROM claims") == [(9,)]


def test_broken_foreign_keys_are_a_build_error(sample_repo, tmp_path, monkeypatch):
    real = build_module.rows_of_file

    def dangling(file, kinds, across=None):
        rows = real(file, kinds, across)
        for row in rows.get("aliases", []):
            row["entity_id"] = "nobody"
        return rows

    monkeypatch.setattr(build_module, "rows_of_file", dangling)
    with pytest.raises(BuildError, match=r"broken foreign keys .*aliases row \d+ -> entities"):
        build(sample_repo, tmp_path / "out" / "factdb.db")
    assert list((tmp_path / "out").iterdir()) == []


def test_cli_build_writes_under_the_project_and_reports_counts(sample_repo):
    result = CliRunner().invoke(main, ["-C", str(sample_repo), "build"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"built {sample_repo / 'build' / 'factdb.db'}: 2 sources, 15 entities, 9 claims, 15 figures")
    result = CliRunner().invoke(main, ["-C", str(sample_repo), "build", "-o", "out/other.db"])
    assert result.exit_code == 0, result.output
    other = sample_repo / "out" / "other.db"
    assert query(other, "SELECT count(*) FROM claims") == [(9,)]
    # Readable like any file the user writes (not the 0600 of a temporary file).
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(other.stat().st_mode) == 0o666 & ~umask


def test_cli_build_without_facts_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "build"])
    assert result.exit_code == 2
    assert "no 'facts/' directory" in result.output
    assert not (tmp_path / "build").exists()


def test_factdb_build_as_a_subprocess(sample_repo):
    factdb = Path(sys.executable).parent / "factdb"
    done = subprocess.run([str(factdb), "build"], cwd=sample_repo, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "9 claims" in done.stdout
    assert query(sample_repo / "build" / "factdb.db", "PRAGMA foreign_key_check") == []
    _break_a_quote(sample_repo)
    done = subprocess.run([str(factdb), "build"], cwd=sample_repo, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "quote-not-found" in done.stderr


def test_the_real_repository_builds(tmp_path):
    if not any((PROJECT / "facts").rglob("*.yaml")):
        pytest.skip("facts/ holds no fact files yet")
    try:
        result = build(PROJECT, tmp_path / "factdb.db")
    except InvalidFacts as exc:
        pytest.fail("facts/ does not validate:\n" + exc.report.render("text"))
    assert result.counts["sources"] == len(list((PROJECT / "seeds").glob("*.txt"))) or result.counts["claims"] == 0
    assert query(result.path, "PRAGMA foreign_key_check") == []
    assert query(result.path, "SELECT count(*) FROM claims") == [(result.counts["claims"],)]
    assert query(result.path, "SELECT count(*) FROM figures") == [(result.counts["quantities"],)]


def test_canonical_json_of_a_number_beyond_64_bits_is_the_same_text():
    # orjson refuses integers beyond 64 bits; the json module then writes the same format.
    class Record:
        def model_dump(self, **options):
            return {"b": 2**70, "a": ["Київ", 1.5, None]}

    assert canonical_json(Record()) == '{"a":["Київ",1.5,null],"b":1180591620717411303424}'


@pytest.mark.parametrize("date_from, date_to, label", [
    (None, None, "Air attack (Ukrainian Air Force)"),
    ("2025-06-01", None, "Air attack (Ukrainian Air Force, 2025-06-01)"),
    ("2025-06-01", "2025-06-01", "Air attack (Ukrainian Air Force, 2025-06-01)"),
    ("2025-06-01", "2025-06-02", "Air attack (Ukrainian Air Force, 2025-06-01 to 2025-06-02)"),
])
def test_claim_label_names_what_claimant_and_window(date_from, date_to, label):
    assert claim_label("Air attack", "Ukrainian Air Force", date_from, date_to) == label
