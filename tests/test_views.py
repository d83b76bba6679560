"""The public views (figures, delegation_members, disputed_figures, person_roles), the
sources table, and the typed Python API over them."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from factdb import models as fm
from factdb import open_db
from factdb.builds.full import build
from factdb.db.views import PUBLIC, DelegationMember, EventClaim, Figure

REQUIRED = {
    "figures": ["figure_id", "claim_id", "topic", "measure", "value", "qualifier", "low", "high",
                "date_from", "date_to", "place", "claimant", "source_id", "quote"],
    "delegation_members": ["meeting_id", "meeting", "date_from", "date_to", "city", "side",
                           "person_id", "person", "role"],
    "sources": ["id", "publisher", "published", "language", "archive_path"],
}


def rows(db: Path, sql: str, *params) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def column_names(db: Path, name: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]


def test_views_have_exactly_their_models_columns_and_the_fixed_names_first(sample_db):
    for model in PUBLIC:
        assert column_names(sample_db, model.__tablename__) == list(model.model_fields), model
    for name, required in REQUIRED.items():
        names = column_names(sample_db, name)
        if name == "sources":
            assert set(required) <= set(names)
        else:
            assert names[: len(required)] == required


def test_figures_one_row_per_stated_number(sample_db):
    figures = rows(sample_db, "SELECT * FROM figures")
    # 15: a meeting's round is an ordinal, not a figure (it stays in meetings.round).
    assert len(figures) == rows(sample_db, "SELECT count(*) AS n FROM quantities")[0]["n"] == 15
    by_id = {f["figure_id"]: f for f in figures}
    launched = by_id["2026-02-05-ua-air-force-attack/weapons/drone/launched"]
    assert {k: launched[k] for k in REQUIRED["figures"]} == {
        "figure_id": "2026-02-05-ua-air-force-attack/weapons/drone/launched",
        "claim_id": "2026-02-05-ua-air-force-attack",
        "topic": "air_attack",
        "measure": "drones_launched",
        "value": 183,
        "qualifier": "exact",
        "low": 183,
        "high": 183,
        "date_from": "2026-02-04",
        "date_to": "2026-02-05",
        "place": "Ukraine",
        "claimant": "Ukrainian Air Force",
        "source_id": "000_bf917d9e70bda72c",
        "quote": launched["quote"],
    }
    assert "meluncurkan dua rudal dan 183 drone" in launched["quote"]
    assert (launched["words"], launched["unit"], launched["status"], launched["derived"]) == (
        "183 drone", "drones", "reported", 0)
    assert launched["date_precision"] == "night"
    injured = by_id["2026-02-05-kyiv-injured/injured"]
    assert (injured["qualifier"], injured["value"], injured["low"], injured["high"]) == ("at_least", 2, 2, None)
    assert (injured["place"], injured["claimant"], injured["latitude"], injured["longitude"]) == (
        "Kyiv", "Vitali Klitschko", 50.45, 30.5236)
    hundreds = by_id["2026-02-05-abc-exchange/total"]
    assert (hundreds["value"], hundreds["qualifier"], hundreds["low"], hundreds["high"], hundreds["vague_text"]) == (
        None, "vague", 200, 999, "ratusan")
    # "ratusan" = 200-999 is the house reading of the word, not bounds the text states.
    assert (hundreds["words"], hundreds["bounds_basis"], hundreds["unit"]) == ("ratusan tawanan", "convention", "prisoners")
    assert hundreds["translation"] == "with Moscow and Kyiv exchanging hundreds of prisoners of war"


def test_a_meeting_s_round_is_not_a_figure(sample_db):
    # "putaran kedua" (the second round) orders the talks; it counts nothing.
    assert rows(sample_db, "SELECT * FROM figures WHERE figure_id = '2026-02-05-abu-dhabi-talks/round'") == []
    assert rows(sample_db, "SELECT round FROM meetings WHERE claim_id = '2026-02-05-abu-dhabi-talks'") == [{"round": 2}]


def test_delegation_members_with_the_role_stated_at_each_meeting(sample_db):
    umerov = rows(sample_db, "SELECT * FROM delegation_members WHERE person_id = 'rustem-umerov'")
    assert [(m["meeting_id"], m["date_from"], m["city"], m["side"], m["role"], m["leader"]) for m in umerov] == [
        ("2025-06-02-istanbul-talks", "2025-06-02", "Istanbul", "Ukraine", "Defence Minister", 1),
        ("2026-02-05-abu-dhabi-talks", "2026-02-04", "Abu Dhabi", "Ukraine",
         "Secretary of the National Security and Defence Council", 0),
    ]
    sides = rows(sample_db, "SELECT side, person, role FROM delegation_members WHERE meeting_id = '2026-02-05-abu-dhabi-talks'")
    assert sides == [
        {"side": "Ukraine", "person": "Rustem Umerov", "role": "Secretary of the National Security and Defence Council"},
        {"side": "Ukraine", "person": "Kyrylo Budanov", "role": None},
        {"side": "Russia", "person": "Kirill Dmitriev", "role": "CEO of the Russian Direct Investment Fund"},
        {"side": "United States", "person": "Steve Witkoff", "role": "Special Envoy"},
    ]


def test_person_roles_show_a_title_changing(sample_db):
    titles = rows(sample_db, "SELECT observed, title, source_id FROM person_roles WHERE person_id = 'rustem-umerov'")
    assert titles == [
        {"observed": "2025-06-02", "title": "Defence Minister", "source_id": "004_077da2b513fd76db"},
        {"observed": "2026-02-05", "title": "Secretary of the National Security and Defence Council",
         "source_id": "000_bf917d9e70bda72c"},
    ]


def test_hundreds_against_314_is_no_dispute(sample_db):
    """ABC's "ratusan" (200-999) and Witkoff's 314 agree, and his is an expectation: the old view
    listed them as a dispute (issue 12). Both are figures of the exchange, side by side."""
    assert rows(sample_db, "SELECT * FROM disputed_figures") == []
    said = rows(sample_db, "SELECT claim_id, claimant, status, value, low, high FROM event_claims "
                           "WHERE event_id = '2026-02-05-prisoner-exchange' AND measure = 'prisoners_total' ORDER BY claim_id")
    assert said == [
        {"claim_id": "2026-02-05-abc-exchange", "claimant": "ABC News", "status": "completed", "value": None,
         "low": 200, "high": 999},
        {"claim_id": "2026-02-05-witkoff-exchange", "claimant": "Steve Witkoff", "status": "expected", "value": 314,
         "low": 314, "high": 314},
    ]


ARCHIVE = (
    "Layanan Darurat Negara mengatakan tiga orang terluka di Kyiv dalam semalam. "
    "Polisi Kyiv mengatakan dua orang terluka. "
    "Di Belgorod, gubernur mengatakan lima orang terluka.\n"
)

EXTRA = """\
sources:
  - {id: note, archive: seeds/note.txt, language: id, published: 2026-02-06}
organizations:
  - {id: ua-ses, name: State Emergency Service of Ukraine, kind: agency, country: ukraine}
  - {id: kyiv-police, name: Kyiv police, kind: agency, country: ukraine}
  - {id: belgorod-governor, name: Governor of Belgorod, kind: office, country: russia}
places:
  - {id: belgorod, name: Belgorod, kind: city, country: russia}
claims:
  - id: ses-injured
    type: casualties
    claimant: ua-ses
    when: 2026-02-05
    place: kyiv
    injured: 3
    citations: [{source: note, quote: Layanan Darurat Negara mengatakan tiga orang terluka di Kyiv dalam semalam.}]
  - id: police-injured
    type: casualties
    claimant: kyiv-police
    when: 2026-02-03
    place: kyiv
    injured: 2
    citations: [{source: note, quote: Polisi Kyiv mengatakan dua orang terluka.}]
  - id: belgorod-injured
    type: casualties
    claimant: belgorod-governor
    when: 2026-02-05
    place: belgorod
    injured: 5
    citations: [{source: note, quote: gubernur mengatakan lima orang terluka.}]
"""


def test_claims_are_compared_only_on_an_event(sample_repo, tmp_path):
    (sample_repo / "seeds" / "note.txt").write_text(ARCHIVE, encoding="utf-8")
    (sample_repo / "facts" / "claims" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    db = build(sample_repo, tmp_path / "d.db").path
    # The SES's 3 injured in Kyiv on the 5th name no event: not compared with Klitschko's, nor
    # with the police's 2 of another day, however the figures stand.
    assert rows(db, "SELECT * FROM disputed_figures") == []
    extra = (sample_repo / "facts" / "claims" / "extra.yaml").read_text(encoding="utf-8")
    grouped = extra.replace("  - id: police-injured\n", "  - id: police-injured\n    event: 2026-02-05-night-attack-on-ukraine\n")
    grouped = grouped.replace("  - id: ses-injured\n", "  - id: ses-injured\n    event: 2026-02-05-night-attack-on-ukraine\n")
    (sample_repo / "facts" / "claims" / "extra.yaml").write_text(grouped, encoding="utf-8")
    db = build(sample_repo, tmp_path / "e.db").path
    # Grouped into the night: 3 against 2 is a dispute; Klitschko's "at least 2" agrees with both.
    assert {(p["claim_id_a"], p["claim_id_b"]) for p in rows(db, "SELECT * FROM disputed_figures")} == {
        ("police-injured", "ses-injured")}


def test_sources_table_has_the_public_columns(sample_db):
    assert rows(sample_db, "SELECT id, publisher, published, language, archive_path FROM sources ORDER BY id") == [
        {"id": "000_bf917d9e70bda72c", "publisher": "ABC News", "published": None, "language": "id",
         "archive_path": "seeds/000_bf917d9e70bda72c.txt"},
        {"id": "004_077da2b513fd76db", "publisher": "Lapak Asik", "published": "2025-06-02", "language": "id",
         "archive_path": "seeds/004_077da2b513fd76db.txt"},
    ]


def test_typed_api_returns_typed_rows(sample_db):
    with open_db(sample_db) as db:
        launched = db.figures(measure="drones_launched")
        assert all(isinstance(f, Figure) for f in launched)
        assert [(f.date_from, f.claimant, f.value) for f in launched] == [
            (dt.date(2025, 6, 1), "Ukrainian Air Force", 80),
            (dt.date(2026, 2, 4), "Ukrainian Air Force", 183),
        ]
        night = db.figures(on=dt.date(2026, 2, 5), topic="air_attack")
        assert {f.measure for f in night} == {
            "drones_launched", "drones_neutralized", "drones_impacted", "missiles_launched",
            "impact_locations", "drones_shot_down"}
        assert [f.value for f in db.figures(claimant_id="ru-mod")] == [95]
        assert db.disputed_figures(measure="prisoners_total") == []
        (event,) = [e for e in db.events() if e.kind == "exchange"]
        said = db.event_claims(event.id)
        assert all(isinstance(r, EventClaim) for r in said)
        assert {r.claim_id for r in said} == {
            "2026-02-05-abc-exchange", "2026-02-05-witkoff-exchange", "2026-02-05-budanov-exchange"}
        members = db.delegation_members(meeting_id="2026-02-05-abu-dhabi-talks")
        assert all(isinstance(m, DelegationMember) for m in members)
        assert [m.person for m in members if m.leader] == ["Steve Witkoff"]
        assert [r.title for r in db.roles("rustem-umerov")] == [
            "Defence Minister", "Secretary of the National Security and Defence Council"]
        claim = db.claim_record("2026-02-05-ua-air-force-attack")
        assert isinstance(claim, fm.AirAttack) and claim.weapons[1].launched == 183
        assert db.claim("2026-02-05-kyiv-injured").claimant_id == "vitali-klitschko"
        assert db.claim("no-such-claim") is None
        assert db.entity("kyiv").latitude == 50.45
        assert [s.id for s in db.sources()] == ["000_bf917d9e70bda72c", "004_077da2b513fd76db"]
        assert [c.claim_id for c in db.search_quotes("ratusan")] == ["2026-02-05-abc-exchange"]
        assert {c.role_id for c in db.search_quotes("Menteri Pertahanan")} == {"rustem-umerov/roles/2025-06-02/defence-minister"}
        # The session takes any SQLModel query over the same models.
        query = select(Figure.measure).where(Figure.place == "Kyiv")
        assert db.session.exec(query).all() == ["injured"]


def test_typed_api_is_read_only(sample_db):
    with open_db(sample_db) as db:
        with pytest.raises(OperationalError, match="readonly"):
            db.session.connection().exec_driver_sql("DELETE FROM build_info")


def test_open_db_on_a_missing_file_says_to_build(tmp_path):
    with pytest.raises(FileNotFoundError, match="factdb build"):
        open_db(tmp_path / "missing.db")


README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## The published database"):text.index("## Adding a fact")]


def test_readme_documents_every_table_and_view_column():
    from factdb.db.tables import TABLES

    section = _readme_section()
    for model in (*PUBLIC, *TABLES):
        part = section[section.index(f"#### `{model.__tablename__}`"):]
        part = part[: part.find("\n#### ", 1) if "\n#### " in part[1:] else len(part)]
        for column in model.model_fields:
            assert f"| `{column}` |" in part, f"README does not document {model.__tablename__}.{column}"


def test_readme_reference_is_generated_from_the_models():
    from factdb.db.docs import with_reference

    text = README.read_text(encoding="utf-8")
    assert with_reference(text) == text, "README's reference is out of date: run `factdb schema`"


def test_readme_python_example_runs(sample_db):
    section = _readme_section()
    code = section[section.index("```python\n") + 10:]
    code = code[: code.index("```")]
    namespace: dict = {}
    exec(code.replace('"build/factdb.db"', repr(str(sample_db))), namespace)
    assert [f.value for f in namespace["kyiv"]] == [2]
    assert {h.claim_id for h in namespace["hits"]} == {
        "2026-02-05-ru-mod-drones", "2026-02-05-ua-air-force-attack", "2025-06-02-ua-air-force-attack"}
    assert namespace["claim"].claimant == "ua-air-force"


def test_figures_are_stored_as_an_indexed_table(sample_db):
    """Readers facet and filter `figures` on every page: it is a table with an index per facet."""
    with sqlite3.connect(sample_db) as conn:
        (kind,) = conn.execute("SELECT type FROM sqlite_master WHERE name = 'figures'").fetchone()
        indexed = {row[1] for row in conn.execute(
            "SELECT name, (SELECT name FROM pragma_index_info(il.name)) FROM pragma_index_list('figures') il")}
        plan = " ".join(row[3] for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT measure, count(*) FROM figures GROUP BY measure"))
        rowids = conn.execute(
            "SELECT count(*) FROM figures f JOIN quantities q ON q.id = f.figure_id WHERE q.rowid = f.rowid"
        ).fetchone()[0]
    assert kind == "table"
    assert {"topic", "measure", "claimant", "qualifier", "date_from", "citation_rowid"} <= indexed
    assert "USING COVERING INDEX ix_figures_measure" in plan
    # Each figure has its quantity's rowid: full and incremental builds number them alike.
    assert rowids == 15


def test_figures_declares_its_foreign_keys(sample_db):
    """Datasette links and labels declared foreign keys only: those of the stored figures name
    the claim, source, claimant, place and event, and every one of its rows holds."""
    with sqlite3.connect(sample_db) as conn:
        keys = {(row[3], row[2], row[4]) for row in conn.execute("PRAGMA foreign_key_list('figures')")}
        broken = conn.execute("PRAGMA foreign_key_check('figures')").fetchall()
        events = conn.execute(
            "SELECT count(*) FROM figures f JOIN claims c ON c.id = f.claim_id "
            "WHERE f.event_id IS c.event_id AND f.event_id IS NOT NULL").fetchone()[0]
    assert keys == {("claim_id", "claims", "id"), ("source_id", "sources", "id"), ("claimant_id", "entities", "id"),
                    ("place_id", "entities", "id"), ("event_id", "events", "id")}
    assert broken == [] and events > 0
