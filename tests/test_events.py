"""Events: the record kind, claims' `event:` reference, the rows of `events`, and the events
`factdb validate` suggests as warnings (never failing it, never grouping anything)."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner
from factrepo import CLAIMS, line_of, make_repo, write

from factdb.builds.full import build
from factdb.check import events
from factdb.check.validate import validate
from factdb.cli import main
from factdb.models import BY_KIND, RECORD_KINDS, FactFile

NIGHT = """\
events:
  - id: night-2026-02-05
    kind: attack_night
    name: Russian attack on Ukraine, night of 4-5 February 2026
    when: {from: 2026-02-04, to: 2026-02-05, overnight: true}
    attacker: ru
    target_country: ua
    place: kyiv
    notes: The air force's counts and the mayor's injured.
"""

# A second report of the same night, by another claimant: looks like uaf-2026-02-05.
SECOND_REPORT = """\
claims:
  - id: uaf-again
    type: air_attack
    claimant: vitali-klitschko
    when: {from: 2026-02-04, to: 2026-02-05, overnight: true}
    attacker: ru
    target_country: ua
    weapons:
      - {kind: drone, launched: 183}
    citations:
      - source: src1
        quote: Rusia meluncurkan dua rudal dan 183 drone ke negara itu dalam semalam
"""


def with_event(claims: str, claim_id: str, event_id: str) -> str:
    marker = f"  - id: {claim_id}\n"
    assert marker in claims
    return claims.replace(marker, f"{marker}    event: {event_id}\n")


def test_record_kinds_are_declared_once_and_make_the_sections():
    assert [k.section for k in RECORD_KINDS] == list(FactFile.model_fields)
    assert BY_KIND["event"].section == "events"
    assert {k.kind for k in RECORD_KINDS if k.entity} == {"person", "organization", "country", "place"}


def test_an_event_and_the_claims_that_name_it_are_published(tmp_path):
    make_repo(tmp_path, claims=with_event(with_event(CLAIMS, "uaf-2026-02-05", "night-2026-02-05"),
                                          "klitschko-2026-02-05-injured", "night-2026-02-05"))
    write(tmp_path, "facts/events/2026-02-05-night.yaml", NIGHT)
    report = validate(tmp_path)
    assert report.problems == []
    db = build(tmp_path, tmp_path / "out.db").path
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT id, kind, date_from, date_to, date_precision, attacker_id, target_country_id, place_id, file FROM events"
        ).fetchall() == [("night-2026-02-05", "attack_night", "2026-02-04", "2026-02-05", "night", "ru", "ua", "kyiv",
                          "facts/events/2026-02-05-night.yaml")]
        assert sorted(conn.execute("SELECT field, entity_id FROM event_entities")) == [
            ("attacker", "ru"), ("place", "kyiv"), ("target_country", "ua")]
        assert sorted(conn.execute("SELECT id, event_id FROM claims")) == [
            ("klitschko-2026-02-05-injured", "night-2026-02-05"), ("uaf-2026-02-05", "night-2026-02-05")]
        # The event is no entity a claim names, and every figure carries its claim's event.
        assert conn.execute("SELECT count(*) FROM claim_entities WHERE entity_id = 'night-2026-02-05'").fetchone() == (0,)
        assert conn.execute("SELECT DISTINCT event_id FROM quantities").fetchall() == [("night-2026-02-05",)]


def test_a_claim_naming_no_event_or_another_kind_of_record_is_located(tmp_path):
    text = with_event(CLAIMS, "uaf-2026-02-05", "no-such-event")
    text = with_event(text, "klitschko-2026-02-05-injured", "kyiv")
    make_repo(tmp_path, claims=text)
    found = [(p.code, p.line, p.message) for p in validate(tmp_path).errors]
    assert found == [
        ("unresolved-reference", line_of(text, "event: no-such-event"),
         "no event has the id 'no-such-event'; add it or fix the id"),
        ("unresolved-reference", line_of(text, "event: kyiv"),
         "'kyiv' is a place (facts/entities/entities.yaml), but an event is expected here"),
    ]


def test_an_events_references_are_checked(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/events/e.yaml", NIGHT.replace("attacker: ru", "attacker: kyiv"))
    (problem,) = validate(tmp_path).errors
    assert (problem.code, problem.file, problem.line) == ("unresolved-reference", "facts/events/e.yaml", 6)
    assert "but a country or organization is expected here" in problem.message


def test_claims_that_look_alike_get_a_warning_and_validation_still_passes(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/again.yaml", SECOND_REPORT)
    report = validate(tmp_path)
    assert report.ok and report.errors == []
    warnings = sorted(report.warnings, key=lambda p: p.file)
    assert [(p.code, p.severity, p.file, p.line) for p in warnings] == [
        ("event-suggested", "warning", "facts/claims/2026-02-05.yaml", 2),
        ("event-suggested", "warning", "facts/claims/again.yaml", 2),
    ]
    assert "looks like 'uaf-again'" in warnings[0].message and "ru -> ua" in warnings[0].message
    assert "add it to facts/events/" in warnings[0].message
    # Nothing was grouped: the claims name no event.
    assert all(r.record.event is None for r in report.catalog.of_kind("claim"))


def test_a_warning_names_the_event_the_others_name(tmp_path):
    make_repo(tmp_path, claims=with_event(CLAIMS, "uaf-2026-02-05", "night-2026-02-05"))
    write(tmp_path, "facts/events/e.yaml", NIGHT)
    write(tmp_path, "facts/claims/again.yaml", SECOND_REPORT)
    (warning,) = validate(tmp_path).warnings
    assert warning.file == "facts/claims/again.yaml"
    assert "which name the event 'night-2026-02-05'" in warning.message
    assert "add `event: night-2026-02-05`" in warning.message


def test_grouped_claims_are_not_suggested_again(tmp_path):
    make_repo(tmp_path, claims=with_event(CLAIMS, "uaf-2026-02-05", "night-2026-02-05"))
    write(tmp_path, "facts/events/e.yaml", NIGHT)
    write(tmp_path, "facts/claims/again.yaml", with_event(SECOND_REPORT, "uaf-again", "night-2026-02-05"))
    assert validate(tmp_path).problems == []


def test_other_nights_directions_and_long_windows_are_not_alike(tmp_path):
    make_repo(tmp_path)
    nights = SECOND_REPORT.replace("{from: 2026-02-04, to: 2026-02-05, overnight: true}",
                                   "{from: 2026-02-05, to: 2026-02-06, overnight: true}")
    write(tmp_path, "facts/claims/next-night.yaml", nights)  # shares the 5th, another night
    reverse = SECOND_REPORT.replace("uaf-again", "ua-on-ru").replace("attacker: ru\n    target_country: ua",
                                                                     "attacker: ua\n    target_country: ru")
    write(tmp_path, "facts/claims/reverse.yaml", reverse)
    undated = SECOND_REPORT.replace("uaf-again", "undated").replace(
        "{from: 2026-02-04, to: 2026-02-05, overnight: true}", "{from: 2026-01-01, to: 2026-02-05}")
    write(tmp_path, "facts/claims/undated.yaml", undated)
    assert validate(tmp_path).problems == []


def test_the_warning_in_every_format_and_the_exit_code(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/again.yaml", SECOND_REPORT)
    runner = CliRunner()
    text = runner.invoke(main, ["-C", str(tmp_path), "validate"])
    assert text.exit_code == 0
    assert "facts/claims/again.yaml:2:9: warning: event-suggested: this air_attack claim looks like" in text.stdout
    assert text.stderr.strip().endswith("3 claims; 2 warnings")
    data = json.loads(runner.invoke(main, ["-C", str(tmp_path), "validate", "--format", "json"]).stdout)
    assert data["ok"] is True
    assert (data["summary"]["problems"], data["summary"]["warnings"]) == (0, 2)
    assert data["summary"]["warnings_by_code"] == {"event-suggested": 2}
    assert {p["severity"] for p in data["problems"]} == {"warning"}
    github = runner.invoke(main, ["-C", str(tmp_path), "validate", "--format", "github"])
    assert github.exit_code == 0 and github.stdout.startswith("::warning file=facts/claims/2026-02-05.yaml,line=2")


def test_warnings_are_counted_apart_from_errors(tmp_path):
    make_repo(tmp_path, claims=CLAIMS.replace("launched: 183", "launched: 184"))
    write(tmp_path, "facts/claims/again.yaml", SECOND_REPORT)
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "validate"])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("1 problem in 1 of 4 files; 2 warnings")


def test_a_build_does_not_fail_on_warnings(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/again.yaml", SECOND_REPORT)
    assert build(tmp_path, tmp_path / "out.db").counts["claims"] == 3


def test_looking_alike_is_linear_in_nights_of_one_kind():
    # 2,000 nights of one attacker and target, two reports each: each finds only its twin.
    looks = [
        events.Look("air_attack", ("ru", "->", "ua"), day, day + 1, True, None, f"c{day}-{k}", "f.yaml", ("claims", k))
        for day in range(2000) for k in range(2)
    ]
    found = dict((look.claim_id, [o.claim_id for o in others]) for look, others in events.alike(looks))
    assert len(found) == 4000
    assert found["c7-0"] == ["c7-1"] and found["c7-1"] == ["c7-0"]
