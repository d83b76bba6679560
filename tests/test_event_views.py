"""The views of events (event_claims, disputed_figures, corroborated_figures) and the role
delegation_members shows, on a small repository built to hold each case, and on the curated
facts under facts/.

The seed articles hold no true dispute: the SBU's "lebih dari 40" military aircraft hit on
1 June 2025 and the Russian MoD's "beberapa pesawat terbakar" (several aircraft burned) are
different measures (hit, burned) of different objects, and "several" has no upper bound, so
both can be true. Disputes are therefore tested here on reports written for the purpose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from factrepo import make_repo, write

from factdb.builds.full import build
from factdb.builds.incremental import update

ROOT = Path(__file__).resolve().parents[1]

OUTLET_B = (
    "Layanan Darurat Negara mengatakan tiga orang terluka di Kyiv dalam semalam. "
    "Polisi Kyiv mengatakan paling banyak dua orang terluka. "
    "Perundingan itu berlangsung lebih dari satu jam, kata Kyiv. "
    "Moskow mengatakan perundingan berlangsung satu jam. "
    "Kyiv meminta gencatan senjata 30 hari. "
    "Putaran berikutnya direncanakan berlangsung lima jam.\n"
)
OUTLET_C = (
    "Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka. "
    "Perundingan berlangsung dua jam, menurut Washington. "
    "Moskow menawarkan gencatan senjata dua minggu.\n"
)

FACTS = """\
sources:
  - {id: src2, archive: seeds/src2.txt, language: id, publisher: outlet-b, published: 2026-02-06}
  - {id: src3, archive: seeds/src3.txt, language: id, publisher: outlet-c, published: 2026-02-06}
countries:
  - {id: us, name: United States}
organizations:
  - {id: outlet-b, name: Outlet B, kind: news_outlet}
  - {id: outlet-c, name: Outlet C, kind: news_outlet}
  - {id: ua-ses, name: State Emergency Service of Ukraine, kind: agency, country: ua}
  - {id: kyiv-police, name: Kyiv police, kind: agency, country: ua}
events:
  - id: night
    kind: attack_night
    name: Night of 4-5 February 2026
    when: {from: 2026-02-04, to: 2026-02-05, overnight: true}
    attacker: ru
    target_country: ua
  - id: round
    kind: talks
    name: A round of talks
    when: 2026-02-05
    parties: [ua, ru, us]
claims:
  - id: ses
    type: casualties
    event: night
    claimant: ua-ses
    when: 2026-02-05
    place: kyiv
    injured: 3
    citations: [{source: src2, quote: Layanan Darurat Negara mengatakan tiga orang terluka di Kyiv dalam semalam.}]
  - id: police
    type: casualties
    event: night
    claimant: kyiv-police
    when: 2026-02-05
    place: kyiv
    injured: {qualifier: at_most, value: 2}
    citations: [{source: src2, quote: Polisi Kyiv mengatakan paling banyak dua orang terluka.}]
  - id: mayor
    type: casualties
    event: night
    claimant: vitali-klitschko
    when: 2026-02-05
    place: kyiv
    injured: {qualifier: at_least, value: 2}
    citations: [{source: src3, quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.}]
  - id: talks-kyiv
    type: meeting
    event: round
    name: Talks, as Kyiv tells them
    claimant: ua
    when: 2026-02-05
    duration_hours: {qualifier: more_than, value: 1}
    citations: [{source: src2, quote: "Perundingan itu berlangsung lebih dari satu jam, kata Kyiv."}]
  - id: talks-moscow
    type: meeting
    event: round
    name: Talks, as Moscow tells them
    claimant: ru
    when: 2026-02-05
    duration_hours: 1
    citations: [{source: src2, quote: Moskow mengatakan perundingan berlangsung satu jam.}]
  - id: talks-washington
    type: meeting
    event: round
    name: Talks, as Washington tells them
    claimant: us
    when: 2026-02-05
    duration_hours: 2
    citations: [{source: src3, quote: "Perundingan berlangsung dua jam, menurut Washington."}]
  - id: next-round-planned
    type: meeting
    event: round
    name: The next round
    status: planned
    claimant: us
    when: 2026-02-05
    duration_hours: 5
    citations: [{source: src2, quote: Putaran berikutnya direncanakan berlangsung lima jam.}]
  - id: ceasefire-kyiv
    type: numeric_statement
    event: round
    claimant: ua
    measure: ceasefire_length
    quantity: 30
    unit: days
    subject: The ceasefire Kyiv asks for
    citations: [{source: src2, quote: Kyiv meminta gencatan senjata 30 hari.}]
  - id: ceasefire-moscow
    type: numeric_statement
    event: round
    claimant: ru
    measure: ceasefire_length
    quantity: 2
    unit: weeks
    subject: The ceasefire Moscow offers
    citations: [{source: src3, quote: Moskow menawarkan gencatan senjata dua minggu.}]
"""


def rows(db: Path, sql: str, *params) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def pairs(db: Path, view: str) -> set[frozenset]:
    return {frozenset((r["claim_id_a"], r["claim_id_b"])) for r in rows(db, f"SELECT * FROM {view}")}


def write_cases(root: Path) -> Path:
    make_repo(root)
    write(root, "seeds/src2.txt", OUTLET_B)
    write(root, "seeds/src3.txt", OUTLET_C)
    write(root, "facts/claims/cases.yaml", FACTS)
    return root


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> Path:
    root = write_cases(tmp_path_factory.mktemp("cases") / "repo")
    return build(root, root / "build" / "factdb.db").path


def test_a_dispute_is_two_claimants_whose_bounds_cannot_both_hold(cases):
    assert pairs(cases, "disputed_figures") == {
        frozenset(("ses", "police")),                    # exactly 3 against at most 2
        frozenset(("talks-kyiv", "talks-moscow")),        # more than 1 hour against exactly 1: open bound
        frozenset(("talks-moscow", "talks-washington")),  # 1 hour against 2
    }
    (injured,) = rows(cases, "SELECT * FROM disputed_figures WHERE measure = 'injured'")
    assert (injured["event_id"], injured["event"], injured["place"]) == ("night", "Night of 4-5 February 2026", "Kyiv")
    # a is the smaller figure id: the police's.
    assert injured["why"].startswith("Kyiv police: at most 2 people")
    assert "; State Emergency Service of Ukraine: exactly 3 people" in injured["why"]
    assert injured["why"].endswith(": no number is both")
    assert injured["quote_a"] and injured["quote_b"]
    (hours,) = rows(cases, "SELECT * FROM disputed_figures WHERE claim_id_a = 'talks-kyiv'")
    assert "more than 1 hours" in hours["why"] and "exactly 1 hours" in hours["why"]


def test_no_dispute_pairs_overlapping_bounds_or_different_units(cases):
    disputes = rows(cases, """
        SELECT d.*, qa.unit AS ua, qb.unit AS ub, qa.low AS la, qa.high AS ha, qb.low AS lb, qb.high AS hb,
               qa.low_open AS loa, qa.high_open AS hoa, qb.low_open AS lob, qb.high_open AS hob
        FROM disputed_figures d
        JOIN quantities qa ON qa.id = d.figure_id_a JOIN quantities qb ON qb.id = d.figure_id_b""")
    assert disputes
    for d in disputes:
        assert d["ua"] == d["ub"] == d["unit"], d
        below = (lambda hi, lo, hi_open, lo_open:
                 hi is not None and lo is not None and (hi < lo or (hi == lo and (hi_open or lo_open))))
        assert below(d["ha"], d["lb"], d["hoa"], d["lob"]) or below(d["hb"], d["la"], d["hob"], d["loa"]), d
        assert d["claimant_a"] != d["claimant_b"]
    # 30 days against 2 weeks: different units, never compared; the planned round neither.
    compared = pairs(cases, "disputed_figures") | pairs(cases, "corroborated_figures")
    assert frozenset(("ceasefire-kyiv", "ceasefire-moscow")) not in compared
    assert not any("next-round-planned" in pair for pair in compared)
    # Klitschko's civilians of make_repo's claim are another scope (population) and no event.
    assert not any("klitschko-2026-02-05-injured" in pair for pair in compared)


def test_a_corroboration_is_compatible_bounds_from_two_publishers(cases):
    assert pairs(cases, "corroborated_figures") == {
        frozenset(("ses", "mayor")),                    # exactly 3, at least 2
        frozenset(("police", "mayor")),                 # at most 2, at least 2: both allow 2
        frozenset(("talks-kyiv", "talks-washington")),  # more than 1 hour, 2 hours
    }
    (both,) = rows(cases, "SELECT * FROM corroborated_figures WHERE claim_id_a IN ('police', 'mayor') "
                          "AND claim_id_b IN ('police', 'mayor')")
    assert (both["low"], both["high"], both["same_claimant"]) == (2, 2, 0)
    assert {both["publisher_a"], both["publisher_b"]} == {"Outlet B", "Outlet C"}
    # One outlet's two reports (the SES and the police, both in src2) corroborate nothing.


def test_event_claims_lists_every_claim_and_figure_of_an_event(cases):
    night = rows(cases, "SELECT * FROM event_claims WHERE event_id = 'night' ORDER BY claim_id")
    assert [(r["claim_id"], r["claimant"], r["measure"], r["value"], r["low"], r["high"]) for r in night] == [
        ("mayor", "Vitali Klitschko", "injured", 2, 2, None),
        ("police", "Kyiv police", "injured", 2, None, 2),
        ("ses", "State Emergency Service of Ukraine", "injured", 3, 3, 3),
    ]
    assert night[2]["quote"] == "Layanan Darurat Negara mengatakan tiga orang terluka di Kyiv dalam semalam."
    statuses = {r["claim_id"]: r["status"] for r in rows(cases, "SELECT * FROM event_claims WHERE event_id = 'round'")}
    assert statuses["next-round-planned"] == "planned" and statuses["talks-moscow"] == "held"


def test_an_incremental_build_with_events_equals_a_full_build(tmp_path):
    from test_incremental import assert_same_as_full_build, settle

    root = write_cases(tmp_path / "repo")
    settle(root)
    db = root / "build" / "factdb.db"
    assert update(root, db).mode == "full"
    cases_file = root / "facts/claims/cases.yaml"
    # A claim leaves its event, an event is renamed, a new event file comes: one file at a time.
    cases_file.write_text(FACTS.replace("  - id: police\n    type: casualties\n    event: night\n",
                                        "  - id: police\n    type: casualties\n"), encoding="utf-8")
    result = update(root, db)
    assert result.mode == "incremental", result.reason
    assert frozenset(("ses", "police")) not in pairs(db, "disputed_figures")
    assert_same_as_full_build(root, db, tmp_path)
    write(root, "facts/events/more.yaml", "events:\n  - {id: other, kind: other, name: Another event}\n")
    assert update(root, db).mode == "incremental"
    assert_same_as_full_build(root, db, tmp_path)
    # An event renamed: event_claims shows the new name.
    cases_file.write_text(FACTS.replace("    name: Night of 4-5 February 2026", "    name: The night"), encoding="utf-8")
    assert update(root, db).mode == "incremental"
    assert rows(db, "SELECT DISTINCT event FROM event_claims WHERE event_id = 'night'") == [{"event": "The night"}]
    assert_same_as_full_build(root, db, tmp_path)


def test_removing_an_event_its_claims_name_fails_like_a_full_build(tmp_path):
    from factdb.builds.full import InvalidFacts

    root = write_cases(tmp_path / "repo")
    write(root, "facts/events/more.yaml", "events:\n  - {id: other, kind: other, name: Another event}\n")
    write(root, "facts/claims/other.yaml", """\
claims:
  - id: in-other
    type: casualties
    event: other
    claimant: ua-ses
    when: 2026-02-05
    injured: 3
    citations: [{source: src2, quote: Layanan Darurat Negara mengatakan tiga orang terluka di Kyiv dalam semalam.}]
""")
    db = root / "build" / "factdb.db"
    update(root, db)
    (root / "facts/events/more.yaml").unlink()
    with pytest.raises(InvalidFacts) as failed:
        update(root, db)
    assert [p.code for p in failed.value.report.errors] == ["unresolved-reference"]


# --- the curated facts -----------------------------------------------------------------


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> Path:
    return build(ROOT, tmp_path_factory.mktemp("curated") / "factdb.db").path


def test_the_seeds_sbu_against_the_mod_is_no_dispute(curated):
    """'lebih dari 40 pesawat militer' hit against 'beberapa pesawat terbakar': other measures,
    and 'several' has no upper bound."""
    pairs_ = pairs(curated, "disputed_figures")
    assert not any("2025-06-01-sbu-drone-attack-on-bomber-bases" in p and "2025-06-01-russian-mod-airfield-attacks" in p
                   for p in pairs_)
    sbu = rows(curated, "SELECT * FROM event_claims WHERE claim_id = '2025-06-01-sbu-drone-attack-on-bomber-bases' "
                        "AND measure = 'military_aircraft_hit'")
    assert [(r["event_id"], r["low"], r["high"]) for r in sbu] == [("2025-06-01-drone-attack-on-bomber-bases", 41, None)]


def test_the_seeds_hundreds_against_314_is_no_dispute(curated):
    """ABC's 'ratusan' (200-999 by convention) and Witkoff's 314 agree; one source holds both,
    so neither do they corroborate each other."""
    both = frozenset(("2026-02-05-pow-exchange-abc", "2026-02-05-pow-exchange-witkoff"))
    assert both not in pairs(curated, "disputed_figures")
    assert both not in pairs(curated, "corroborated_figures")
    said = {r["claim_id"]: r for r in rows(
        curated, "SELECT * FROM event_claims WHERE event_id = '2026-02-05-prisoner-exchange'")}
    assert said["2026-02-05-pow-exchange-witkoff"]["value"] == 314
    assert (said["2026-02-05-pow-exchange-abc"]["low"], said["2026-02-05-pow-exchange-abc"]["high"]) == (200, 999)
    assert said["2026-02-05-pow-exchange-budanov"]["claimant"] == "Kyrylo Budanov"


def test_the_seeds_night_against_ukraine_is_one_event_of_several_claimants(curated):
    claimants = {r["claimant"] for r in rows(
        curated, "SELECT claimant FROM event_claims WHERE event_id = '2026-02-05-overnight-russian-attack-on-ukraine'")}
    assert {"Ukrainian Air Force", "Vitali Klitschko"} <= claimants
    assert "Russian Ministry of Defence" not in claimants  # its drones shot down are an attack on Russia


def test_umerov_at_the_miami_talks_is_observed_nearest_before_not_earliest(curated):
    (miami,) = rows(curated, "SELECT * FROM delegation_members WHERE meeting_id = 'miami-us-ukraine-talks' "
                             "AND person_id = 'rustem-umerov'")
    # The window runs from February 2025 to February 2026: his latest observed role by then is
    # the NSDC secretary's (5 February 2026), not Defence Minister (June 2025).
    assert miami["role_observed"] == "Secretary of the National Security and Defence Council of Ukraine"
    assert miami["role_id"] == (
        "rustem-umerov/roles/2026-02-05/secretary-of-the-national-security-and-defence-council-of-ukraine")
    if miami["role_basis"] == "stated at the meeting":
        assert miami["role"] == "Ukraine's chief negotiator"  # as seeds/001 calls him there
    else:
        assert (miami["role"], miami["role_basis"]) == (miami["role_observed"], "observed 2026-02-05")


def test_a_member_without_a_stated_role_shows_the_latest_observed_by_the_meeting(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/talks.yaml", """\
claims:
  - id: talks
    type: meeting
    name: Talks
    claimant: ua-air-force
    when: 2026-02-05
    delegations:
      - side: ua
        members: [{person: vitali-klitschko}]
    citations:
      - {source: src1, quote: Wali Kota Vitali Klitschko}
  - id: earlier-talks
    type: meeting
    name: Earlier talks
    claimant: ua-air-force
    when: 2026-02-01
    delegations:
      - side: ua
        members: [{person: vitali-klitschko}]
    citations:
      - {source: src1, quote: Wali Kota Vitali Klitschko}
""")
    db = build(tmp_path, tmp_path / "out.db").path
    found = {r["meeting_id"]: (r["role"], r["role_basis"]) for r in rows(db, "SELECT * FROM delegation_members")}
    assert found == {
        "talks": ("Mayor of Kyiv", "observed 2026-02-05"),
        "earlier-talks": (None, None),  # observed only after it: not shown as his role then
    }
