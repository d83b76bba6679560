"""The curated facts: what a reader of the five seed articles looks up (issue 13).

The validator checks every quote and figure against the archived texts; these checks say that
the right facts are there, attributed to whoever said them, bound to the words that state them
and grouped by the event they are about. They assert facts, never the size or the language of
the corpus: each check takes a `Facts` (the validated records and the built database of one
repository) and runs on the repository itself and, unchanged, on a copy to which an editor's
English source with a second report of the third Istanbul round is added
(test_the_checks_hold_with_an_english_source_and_a_second_report_of_round_3).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from factdb.builds.full import build
from factdb.check.rules import normalise
from factdb.check.validate import validate
from factdb.models import DateWindow, QuantityDetail

ROOT = Path(__file__).resolve().parents[1]

S000, S001, S002, S003, S004 = (
    "000_bf917d9e70bda72c", "001_6f3173deafc871ef", "002_ab3a7f44538729f2",
    "003_4caf5476ecc105bc", "004_077da2b513fd76db",
)


@dataclass
class Facts:
    """One repository's validated records and its built database."""

    report: object
    records: dict
    db: sqlite3.Connection

    @classmethod
    def of(cls, root: Path, out: Path) -> "Facts":
        report = validate(root)
        assert report.ok, "\n".join(p.format_text() for p in report.shown())
        db = sqlite3.connect(build(root, out).path)
        db.row_factory = sqlite3.Row
        records = {rid: located.record for rid, located in report.catalog.records.items()}
        return cls(report, records, db)

    def claims(self, type_: str | None = None, **fields) -> list:
        return [
            r for r in self.records.values()
            if hasattr(r, "claimant") and (type_ is None or r.type == type_)
            and all(getattr(r, k, None) == v for k, v in fields.items())
        ]

    def in_event(self, event_id: str, type_: str | None = None, **fields) -> list:
        return [c for c in self.claims(type_, **fields) if c.event == event_id]

    def one(self, claims: list, source: str):
        """The one claim of `claims` read in `source` (another source may report it too)."""
        (claim,) = [c for c in claims if any(ci.source == source for ci in c.citations)]
        return claim

    def figure(self, claim_id: str, measure: str) -> sqlite3.Row:
        (row,) = self.db.execute(
            "SELECT * FROM figures WHERE claim_id = ? AND measure = ?", (claim_id, measure)
        ).fetchall()
        return row

    def measures(self, claim_id: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT measure FROM figures WHERE claim_id = ?", (claim_id,))}


CHECKS: list[Callable[[Facts], None]] = []


def check(fn: Callable[[Facts], None]) -> Callable[[Facts], None]:
    CHECKS.append(fn)
    return fn


def night(claim_or_event, first: str, second: str) -> bool:
    w = claim_or_event.when
    return (
        isinstance(w, DateWindow) and w.overnight
        and w.from_.start == dt.date.fromisoformat(first) and w.to.start == dt.date.fromisoformat(second)
    )


def weapon(claim, kind):
    (found,) = [w for w in claim.weapons if w.kind == kind]
    return found


def bound_to(row: sqlite3.Row, words: str) -> None:
    """The figure's words are `words`, and stand at its span in its own citation's quote."""
    assert row["words"] == words
    assert normalise(row["quote"])[row["span_start"]:row["span_end"]] == words
    assert not row["derived"]


# --- sources ---------------------------------------------------------------------------


@check
def sources_carry_the_dates_they_print(f: Facts):
    sources = {r.id: r for r in f.records.values() if type(r).__name__ == "Source"}
    assert str(sources[S003].published) == "2025-11-12" and str(sources[S003].updated) == "2025-11-13"
    assert str(sources[S002].published.not_after) == "2026-01-03"
    assert str(sources[S000].published.not_before) == "2026-02-05"
    assert {sources[s].original_publisher for s in (S000, S004)} == {"abc-news"}
    assert sources[S001].original_publisher == "bbc" and sources[S002].publisher == "pantau"


# --- the night of 4-5 February 2026 ------------------------------------------------------


@check
def the_air_force_on_the_night_of_4_to_5_february_2026(f: Facts):
    event = f.records["2026-02-05-overnight-russian-attack-on-ukraine"]
    assert night(event, "2026-02-04", "2026-02-05") and (event.attacker, event.target_country) == ("russia", "ukraine")
    uaf = f.one(f.in_event(event.id, "air_attack", claimant="ukrainian-air-force"), S000)
    assert night(uaf, "2026-02-04", "2026-02-05") and uaf.status == "reported"
    drones, missiles = weapon(uaf, "drone"), weapon(uaf, "missile")
    assert (drones.launched, drones.neutralized, drones.impacted) == (183, 156, 22)
    assert (missiles.launched, missiles.impacted) == (2, None)  # "Rudal dan 22 drone": no missile count
    assert uaf.impact_locations == 16
    launched = f.figure(uaf.id, "drones_launched")
    bound_to(launched, "183 drone")
    assert (launched["value"], launched["unit"], launched["status"]) == (183, "drones", "reported")
    bound_to(f.figure(uaf.id, "missiles_launched"), "dua rudal")
    bound_to(f.figure(uaf.id, "drones_impacted"), "22 drone")
    assert "missiles_impacted" not in f.measures(uaf.id)


@check
def the_russian_mod_on_the_same_night_counts_the_other_direction(f: Facts):
    event = f.records["2026-02-05-overnight-ukrainian-drones-over-russia"]
    assert (event.attacker, event.target_country) == ("ukraine", "russia")
    mod = f.one(f.in_event(event.id, "air_attack", claimant="russian-ministry-of-defence"), S000)
    assert weapon(mod, "drone").shot_down == 95
    bound_to(f.figure(mod.id, "drones_shot_down"), "95 drone")


@check
def kyiv_on_that_night(f: Facts):
    event = "2026-02-05-overnight-russian-attack-on-ukraine"
    kyiv = f.one(f.in_event(event, "casualties", claimant="vitali-klitschko"), S000)
    assert kyiv.place == "kyiv" and kyiv.injured == QuantityDetail(qualifier="at_least", value=2)
    injured = f.figure(kyiv.id, "injured")
    assert (injured["low"], injured["high"], injured["unit"]) == (2, None, "people")
    ses = f.one(f.in_event(event, "air_attack", claimant="state-emergency-service-of-ukraine", regions=["kyiv"]), S000)
    districts = f.figure(ses.id, "impact_locations")
    assert (districts["unit"], districts["vague_text"]) == ("districts", "beberapa")  # not the Air Force's locations
    building = f.one([c for c in f.in_event(event, "strike") if "kyiv" in c.places and c.claimant == "reuters"], S000)
    assert str(building.when) == "2026-02-05"  # the caption's date; the SES only supplied the video


# --- the night of 1-2 June 2025 --------------------------------------------------------


@check
def the_night_of_1_to_2_june_2025_both_directions(f: Facts):
    uaf = f.one(f.in_event("2025-06-02-overnight-russian-attack-on-ukraine", "air_attack",
                           claimant="ukrainian-air-force"), S004)
    assert weapon(uaf, "drone").launched == 80 and weapon(uaf, "missile").launched == 4  # "empat rudal"
    assert weapon(uaf, "weapon").neutralized == 52 and uaf.impact_locations == 12
    mod = f.one(f.in_event("2025-06-02-overnight-ukrainian-drones-over-russia", "air_attack",
                           claimant="russian-ministry-of-defence"), S004)
    assert weapon(mod, "drone").shot_down == 162
    regions = f.figure(mod.id, "regions")
    bound_to(regions, "lebih dari sembilan daerah")  # as printed: more than nine
    assert (regions["qualifier"], regions["low"], regions["high"]) == ("more_than", 10, None)


# --- talks and delegations ------------------------------------------------------------


@check
def who_sat_in_each_delegation_in_abu_dhabi_and_who_led(f: Facts):
    event = f.records["2026-02-04-abu-dhabi-second-round"]
    assert event.place == "abu-dhabi"
    talks = f.one(f.in_event(event.id, "meeting", claimant="abc-news"), S000)
    assert str(talks.when.from_) == "2026-02-04" and str(talks.when.to) == "2026-02-05"
    assert (talks.round, talks.city, talks.country) == (None, None, "united-arab-emirates")  # ABC: "di Uni Emirat Arab"
    captions = f.one(f.in_event(event.id, "meeting", claimant="reuters"), S000)  # "… UEA melalui Reuters"
    assert (captions.round, captions.city, str(captions.when)) == (2, "abu-dhabi", "2026-02-04")
    members = {d.side: {m.person for m in d.members} for d in talks.delegations}
    assert members == {
        "ukraine": {"rustem-umerov", "kyrylo-budanov", "andrii-hnatov"},
        "russia": {"kirill-dmitriev", "igor-kostyukov"},
        "united-states": {"steve-witkoff", "jared-kushner"},
    }
    leaders = {(d.side, m.person) for d in talks.delegations for m in d.members if m.leader}
    assert leaders == {("united-states", "steve-witkoff"), ("united-states", "jared-kushner")}
    roles = {m.person: m.role for d in talks.delegations for m in d.members}
    assert "National Security and Defence Council" in roles["rustem-umerov"] and "GRU" in roles["igor-kostyukov"]
    agreed = f.one(f.in_event(event.id, "statement", claimant="us-european-command"), S000)
    assert agreed.status == "agreed" and set(agreed.parties) == {"united-states", "russia"}


@check
def the_istanbul_round_of_2_june_2025_and_who_led_ukraine(f: Facts):
    event = f.records["2025-06-02-istanbul-second-round"]
    assert str(event.when) == "2025-06-02" and event.place == "ciragan-palace"
    abc = f.one(f.in_event(event.id, "meeting", claimant="abc-news"), S004)  # "putaran berikutnya"
    assert (abc.round, abc.venue, abc.city, abc.mediators) == (None, None, "istanbul", ["united-states"])
    assert not abc.delegations  # Medinsky is a member of Russia's team, not said to sit at this meeting
    reuters = f.one(f.in_event(event.id, "meeting", claimant="reuters"), S004)  # "Murad Sezer/Reuters"
    assert (reuters.round, reuters.venue, reuters.mediators) == (2, "ciragan-palace", ["hakan-fidan"])
    assert not [m for d in reuters.delegations for m in d.members if m.leader]  # Fidan chaired the round
    afp = f.one(f.in_event(event.id, "meeting", claimant="afp"), S004)  # "sebelum pertemuan kedua"
    assert (afp.round, afp.status) == (2, "planned")
    mod = f.one(f.in_event(event.id, "meeting", claimant="ukrainian-ministry-of-defence"), S004)
    assert mod.duration_hours == QuantityDetail(qualifier="more_than", value=1, words="lebih dari satu jam", unit="hours")
    hours = f.figure(mod.id, "duration_hours")
    assert (hours["low"], hours["low_open"], hours["high"], hours["unit"]) == (1, 1, None, "hours")
    announced = f.one(f.in_event(event.id, "meeting", claimant="volodymyr-zelenskyy"), S004)
    assert (announced.status, str(announced.stated)) == ("planned", "2025-06-01")
    (ukraine,) = [d for d in announced.delegations if d.side == "ukraine"]
    assert [m.person for m in ukraine.members if m.leader] == ["rustem-umerov"]
    role = f.db.execute("SELECT role, role_basis FROM delegation_members WHERE meeting_id = ? AND person_id = ?",
                        (announced.id, "rustem-umerov")).fetchone()
    assert tuple(role) == ("Defence Minister of Ukraine", "observed 2025-06-02")  # the post names no role
    agreed = f.one(f.in_event(event.id, "prisoner_exchange", claimant="rustem-umerov"), S004)
    assert agreed.status == "agreed" and agreed.bodies_total == QuantityDetail(qualifier="vague", text="ribuan", words="ribuan tentara")


@check
def three_istanbul_rounds_in_2025(f: Facts):
    rounds = {m.round for m in f.claims("meeting", series="Istanbul talks") if m.round}
    assert {1, 2, 3} <= rounds
    third = f.one(f.in_event("2025-istanbul-third-round", "meeting", claimant="anadolu-agency"), S003)
    assert third.round == 3 and third.city == "istanbul"
    assert third.when.from_.start == dt.date(2025, 1, 1) and third.when.to.start == dt.date(2025, 11, 12)
    count = f.one(f.claims("numeric_statement", measure="rounds_of_talks", claimant="anadolu-agency"), S003)
    assert count.quantity == 3 and count.place == "istanbul"


@check
def umerov_defence_minister_in_june_2025_then_nsdc_secretary(f: Facts):
    umerov = f.records["rustem-umerov"]
    later = [r for r in umerov.roles if r.observed.start >= dt.date(2025, 11, 1)]
    nsdc = {r.citation.source for r in later if "National Security and Defence Council" in r.title}
    assert {S000, S002, S003} <= nsdc
    roles = {(r.organization, r.status) for r in f.records["kyrylo-budanov"].roles}
    assert {("ukrainian-military-intelligence", "former"), ("office-of-the-president-of-ukraine", "current")} <= roles
    assert {"Kiril Dmitriev", "Kirill Dmitriev"} <= set(f.records["kirill-dmitriev"].aliases)


# --- the exchange of 5 February 2026 ---------------------------------------------------


@check
def the_exchange_of_5_february_2026_per_claimant(f: Facts):
    event = f.records["2026-02-05-prisoner-exchange"]
    assert str(event.when) == "2026-02-05"
    said = {}
    for claim in f.in_event(event.id):
        if any(ci.source == S000 for ci in claim.citations):
            for row in f.db.execute("SELECT * FROM figures WHERE claim_id = ?", (claim.id,)):
                said[(claim.claimant, row["measure"])] = row
    assert said[("steve-witkoff", "prisoners_total")]["value"] == 314
    assert said[("steve-witkoff", "prisoners_total")]["status"] == "agreed"
    assert said[("steve-witkoff", "months_since_previous_exchange")]["value"] == 5
    bound_to(said[("kyrylo-budanov", "prisoners_returned")], "157 tawanan")
    assert said[("kyrylo-budanov", "prisoners_subset")]["value"] == 139
    hundreds = said[("abc-news", "prisoners_total")]
    assert (hundreds["vague_text"], hundreds["low"], hundreds["high"], hundreds["bounds_basis"]) == (
        "ratusan", 200, 999, "convention")
    mod = f.one(f.in_event(event.id, "prisoner_exchange", claimant="russian-ministry-of-defence"), S000)
    assert [s.destination for s in mod.sides] == ["belarus"]
    statuses = {c.status for c in f.in_event(event.id, "prisoner_exchange", claimant="volodymyr-zelenskyy")}
    assert {"completed", "expected"} <= statuses
    expected = f.one([c for c in f.in_event(event.id, claimant="volodymyr-zelenskyy") if c.status == "expected"], S000)
    assert str(expected.stated) == "2026-02-04"


# --- strikes of 1 June 2025 and other numbers ----------------------------------------


@check
def the_drone_attack_of_1_june_2025_as_each_party_told_it(f: Facts):
    event = "2025-06-01-drone-attack-on-bomber-bases"
    sbu = f.one(f.in_event(event, "strike", claimant="security-service-of-ukraine"), S004)
    (aircraft,) = sbu.damage
    assert aircraft.count == QuantityDetail(qualifier="more_than", value=40)
    assert f.figure(sbu.id, "military_aircraft_hit")["low"] == 41
    abc = f.one(f.in_event(event, "strike", claimant="abc-news"), S004)
    assert f.figure(abc.id, "places")["unit"] == "air_bases"
    zelenskyy = f.one(f.in_event(event, "strike", claimant="volodymyr-zelenskyy"), S004)
    assert zelenskyy.damage[0].percent == 34
    mod = {c.id: c for c in f.in_event(event, "strike", claimant="russian-ministry-of-defence")}
    assert mod["2025-06-01-russian-mod-attacks-repelled"].places_count == QuantityDetail(
        qualifier="exact", value=3, words="tiga daerah", unit="regions")
    burned = mod["2025-06-01-russian-mod-airfield-attacks"]
    assert burned.places == ["irkutsk", "murmansk"] and burned.damage[0].effect == "burned"
    prep = f.one(f.in_event(event, "numeric_statement", measure="operation_preparation_time"), S004)
    assert prep.claimant == "abc-news"  # unnamed SBU sources told ABC, not the SBU
    assert f.figure(prep.id, "operation_preparation_time")["value"] == 1.5


@check
def railway_bridges_reported_on_sunday_1_june_2025(f: Facts):
    bridges = f.one(f.in_event("2025-06-01-railway-bridge-collapses", "strike", claimant="russian-authorities"), S004)
    assert bridges.when.from_ is None and bridges.when.to.start == dt.date(2025, 6, 1)
    assert str(bridges.stated) == "2025-06-01"
    bound_to(f.figure(bridges.id, "railway_bridge_collapsed"), "dua jembatan")
    bound_to(f.figure(bridges.id, "train_derailed"), "dua kereta")
    killed = f.one(f.in_event("2025-06-01-railway-bridge-collapses", "casualties"), S004)
    assert killed.killed == QuantityDetail(qualifier="at_least", value=7)


@check
def ceasefires_plans_demands_and_other_stated_numbers(f: Facts):
    def single(measure, claimant, source):
        return f.one(f.claims("numeric_statement", measure=measure, claimant=claimant), source)

    thirty = single("ceasefire_length", "abc-news", S004)  # ABC's summary of Ukraine's call
    assert (thirty.quantity, thirty.unit, thirty.status) == (30, "days", "proposed")
    medinsky = single("ceasefire_length", "vladimir-medinsky", S004)
    assert medinsky.quantity == QuantityDetail(qualifier="range", low=2, high=3) and medinsky.status == "proposed"
    twenty = single("plan_points", "steve-witkoff", S001)
    assert twenty.quantity == 20 and twenty.co_claimants == ["rustem-umerov"]  # a joint statement
    assert single("plan_points", "bbc", S001).quantity == 28
    assert single("working_groups_proposed", "alexey-ivanov", S003).quantity == 3
    assert single("working_groups_proposed", "anadolu-agency", S003).status == "proposed"
    ninety = single("progress_towards_settlement", "volodymyr-zelenskyy", S002)
    assert ninety.quantity == 90 and ninety.when is None and ninety.stated is None  # "Sebelumnya"
    regions = single("regions_demanded_for_annexation", "abc-news", S004)  # not the Kremlin's words
    assert (regions.quantity, regions.status) == (4, "demanded")
    assert not f.claims(claimant="kremlin")


@check
def the_planned_meeting_of_3_january_2026(f: Facts):
    meeting = f.one(f.in_event("2026-01-03-national-security-advisers-meeting", "meeting"), S002)
    assert meeting.status == "planned" and meeting.mode == "hybrid" and str(meeting.when) == "2026-01-03"
    countries = f.figure(meeting.id, "participants")
    assert (countries["low"], countries["unit"]) == (11, "countries")
    assert {"nato", "european-commission", "united-states"} <= set(meeting.participants)
    calls = [c for c in f.in_event("umerov-calls-ahead-of-2026-01-03-meeting", "meeting", format="phone_call")
             if any(ci.source == S002 for ci in c.citations)]
    called = {m.person for c in calls for d in c.delegations for m in d.members} | {p for c in calls for p in c.participants}
    assert {"marco-rubio", "steve-witkoff", "jared-kushner", "united-kingdom", "germany", "france"} <= called
    assert all(c.when.from_ is None and c.when.to.start == dt.date(2026, 1, 3) for c in calls)


# --- statements without a figure ------------------------------------------------------


@check
def who_handed_which_peace_memorandum_to_whom(f: Facts):
    memoranda = {c.claimant: c for c in f.in_event("russia-ukraine-peace-memoranda-exchange", "statement")
                 if any(ci.source in (S003, S004) for ci in c.citations)}
    assert (memoranda["vladimir-putin"].status, str(memoranda["vladimir-putin"].stated)) == ("planned", "2025-05")
    received = memoranda["vladimir-medinsky"]
    assert (received.parties, received.addressees, str(received.stated)) == (["ukraine"], ["russia"], "2025-06-01")
    handed = memoranda["rustem-umerov"]
    assert (handed.parties, handed.addressees, str(handed.when)) == (["russia"], ["ukraine"], "2025-06-02")
    assert memoranda["anadolu-agency"].status == "completed"
    week = f.one(f.in_event("russia-ukraine-peace-memoranda-exchange", "numeric_statement", claimant="rustem-umerov"), S004)
    assert (week.quantity, week.unit, week.status) == (1, "weeks", "expected")


@check
def proposals_arrivals_and_agreements_the_text_states(f: Facts):
    us = f.records["2025-03-11-us-full-ceasefire-proposal"]
    assert us.claimant == "volodymyr-zelenskyy"
    assert (us.status, str(us.when), str(us.stated), us.parties) == ("proposed", "2025-03-11", "2025-06-01", ["united-states"])
    arrived = f.one(f.in_event("2025-11-11-umerov-visit-to-istanbul", "statement", claimant="anadolu-agency"), S003)
    assert (str(arrived.when), arrived.place, arrived.parties) == ("2025-11-11", "istanbul", ["rustem-umerov"])
    dialogue = f.in_event("2026-02-04-abu-dhabi-second-round", "statement", status="agreed")
    assert {c.claimant for c in dialogue} >= {"abc-news", "us-european-command"}
    donbas = f.one(f.in_event("2026-02-04-abu-dhabi-second-round", "statement", status="demanded"), S000)
    assert (donbas.claimant, donbas.parties, donbas.place) == ("abc-news", ["russia"], "donbas")


# --- claimants and dates: what the text gives, no more ---------------------------------


@check
def claimants_are_who_said_it(f: Facts):
    krasnodar = "krasnodar-drone-attack"
    officials = f.one(f.in_event(krasnodar, "strike", claimant="russian-authorities"), S001)
    assert officials.target is None and {(d.object, d.count) for d in officials.damage} == {
        ("ship", QuantityDetail(qualifier="exact", value=2, words="dua kapal")),
        ("pier", QuantityDetail(qualifier="exact", value=2, words="dua dermaga")),
    }
    reports = f.one(f.in_event(krasnodar, "strike", claimant="bbc"), S001)  # "Beberapa laporan"
    assert "oil infrastructure" in reports.target
    assert f.records["2026-02-04-russian-mod-rocket-artillery-video"].claimant == "associated-press"
    assert f.records["2026-02-04-darnytsia-power-plant-damaged"].claimant == "associated-press"
    bbc = f.one(f.in_event("miami-talks-us-russia", "meeting", claimant="bbc"), S001)
    witkoff = f.one(f.in_event("miami-talks-us-russia", "meeting", claimant="steve-witkoff"), S001)
    assert (bbc.city, witkoff.city) == ("miami", None)  # Witkoff said "Florida selatan"
    accused = [c for c in f.claims("statement", claimant="ukraine", parties=["russia"]) if "starlink" in c.about]
    assert f.one(accused, S000).addressees == ["ukraine"]  # "Para pejabat Ukraina juga menuduh Rusia"
    sabotage = f.one(f.claims("statement", claimant="abc-news", addressees=["vladimir-putin"]), S004)
    assert sabotage.parties == ["volodymyr-zelenskyy"]  # ABC's summary of repeated accusations


@check
def dates_are_only_those_the_text_gives(f: Facts):
    slyusar = f.one(f.claims("casualties", claimant="yuri-slyusar"), S000)
    assert slyusar.when is None and slyusar.event is None and not slyusar.id[:1].isdigit()
    strikes = f.one(f.claims("strike", claimant="general-staff-of-ukraine"), S000)
    assert strikes.when is None and not strikes.id[:1].isdigit()
    first = f.one(f.in_event("2026-01-trilateral-first-round", "meeting"), S000)
    assert (first.round, str(first.when), first.city) == (1, "2026-01", None)  # "bulan lalu", no city
    percent = f.one(f.in_event("2025-06-01-drone-attack-on-bomber-bases", "strike", claimant="volodymyr-zelenskyy"), S004)
    assert (percent.when, percent.attacker, percent.weapon) == (None, None, None)  # "34% … dipukul"
    assert not percent.id[:1].isdigit()
    rockets = f.records["2026-02-04-russian-mod-rocket-artillery-video"]
    assert rockets.when.from_ is None and rockets.when.to.start == dt.date(2026, 2, 4)


@check
def entities_named_in_passing_and_where_places_are(f: Facts):
    for rid in ("uae-ministry-of-foreign-affairs", "starlink", "zelenskyy-party", "afp",
                "trump-administration", "sergei-grits", "ellie-kaufman", "patrick-reevell",
                "gerry-eka", "europe", "middle-east", "eastern-ukraine"):
        assert rid in f.records, rid
    chair = [r for r in f.records["oleksandr-merezhko"].roles if r.title.startswith("Chair")]
    assert [r.organization for r in chair] == ["foreign-affairs-committee-of-the-parliament-of-ukraine"]
    kyiv, istanbul = f.records["kyiv"], f.records["istanbul"]
    assert (kyiv.latitude, kyiv.longitude) == (50.45466, 30.5238) and "GeoNames 703448" in kyiv.notes
    assert (istanbul.latitude, istanbul.longitude) == (41.01384, 28.94966)


# --- every figure and every dispute --------------------------------------------------


@check
def every_figure_is_bound_to_words_of_its_own_quote(f: Facts):
    for row in f.db.execute("SELECT * FROM figures"):
        if row["derived"]:
            assert row["derived_reason"], row["figure_id"]
            continue
        words = normalise(row["quote"])[row["span_start"]:row["span_end"]]
        assert words and words == row["words"], row["figure_id"]
        assert row["unit"], row["figure_id"]


@check
def every_disputed_pair_is_a_real_disagreement(f: Facts):
    # "ratusan tawanan" (200-999) and Witkoff's 314 can both be true of the one exchange: no
    # dispute, though both are prisoners_total figures of the same event.
    totals = {r[0] for r in f.db.execute(
        "SELECT f.claimant_id FROM figures f JOIN claims c ON c.id = f.claim_id"
        " WHERE c.event_id = '2026-02-05-prisoner-exchange' AND f.measure = 'prisoners_total'")}
    assert {"abc-news", "steve-witkoff"} <= totals
    assert not f.db.execute(
        "SELECT 1 FROM disputed_figures WHERE event_id = '2026-02-05-prisoner-exchange'"
        " AND 'Steve Witkoff' IN (claimant_a, claimant_b) AND 'ABC News' IN (claimant_a, claimant_b)").fetchall()
    bounds = {r["id"]: r for r in f.db.execute("SELECT id, low, high, low_open, high_open FROM quantities")}

    def apart(a, b):  # a's lowest allowed value above b's highest
        if a["low"] is None or b["high"] is None:
            return False
        return a["low"] > b["high"] or (a["low"] == b["high"] and (a["low_open"] or b["high_open"]))

    for row in f.db.execute("SELECT * FROM disputed_figures"):
        a, b = bounds[row["figure_id_a"]], bounds[row["figure_id_b"]]
        assert row["claimant_a"] != row["claimant_b"] and row["why"], row["figure_id_a"]
        assert apart(a, b) or apart(b, a), (row["figure_id_a"], row["figure_id_b"])


# --- running the checks -----------------------------------------------------------------


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    facts = Facts.of(ROOT, tmp_path_factory.mktemp("curated") / "factdb.db")
    yield facts
    facts.db.close()


@pytest.mark.parametrize("check_", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_curated(check_, curated):
    check_(curated)


ENGLISH_TEXT = """\
KYIV, Feb 6 (Example Wire) - In the exchange of February 5, 2026, 200 Ukrainian prisoners of war
returned home.

Russian and Ukrainian delegations had met at Ciragan Palace in Istanbul on July 23, 2025 for a
third round of direct peace talks.

Rustem Umerov, who led Kyiv's delegation, said the talks lasted less than one hour.

Russian negotiator Vladimir Medinsky said the two sides had agreed to exchange 1,200 prisoners
of war.

Three people were injured in Kyiv during the overnight attack of February 4-5, the State
Emergency Service said.
"""

ENGLISH_FACTS = """\
# yaml-language-server: $schema=../../schema/factfile.schema.json
sources:
  - id: 005_example_wire_round_3
    archive: seeds/005_example_wire_round_3.txt
    title: Prisoners return after the Abu Dhabi talks
    language: en
    publisher: example-wire
    published: 2026-02-06
organizations:
  - id: example-wire
    name: Example Wire
    kind: news_agency
claims:
  - id: 2025-07-23-istanbul-talks-round-3-example-wire
    type: meeting
    claimant: example-wire
    event: 2025-istanbul-third-round
    name: Russia-Ukraine peace talks in Istanbul, third round
    status: held
    round: 3
    series: Istanbul talks
    city: istanbul
    venue: ciragan-palace
    when: 2025-07-23
    delegations:
      - side: ukraine
        members:
          - {person: rustem-umerov, leader: true}
    citations:
      - source: 005_example_wire_round_3
        quote: >-
          Russian and Ukrainian delegations had met at Ciragan Palace in Istanbul on July 23, 2025
          for a third round of direct peace talks.
      - source: 005_example_wire_round_3
        quote: Rustem Umerov, who led Kyiv's delegation
  - id: 2025-07-23-istanbul-talks-round-3-umerov
    type: meeting
    claimant: rustem-umerov
    event: 2025-istanbul-third-round
    name: Russia-Ukraine peace talks in Istanbul, third round, as Umerov described it
    status: held
    city: istanbul
    when: 2025-07-23
    duration_hours: {qualifier: less_than, value: 1, unit: hours}
    citations:
      - source: 005_example_wire_round_3
        quote: Rustem Umerov, who led Kyiv's delegation, said the talks lasted less than one hour.
  - id: 2025-07-23-exchange-agreed-medinsky
    type: prisoner_exchange
    claimant: vladimir-medinsky
    status: agreed
    event: 2025-istanbul-third-round
    total: 1200
    citations:
      - source: 005_example_wire_round_3
        quote: >-
          Russian negotiator Vladimir Medinsky said the two sides had agreed to exchange 1,200
          prisoners of war.
  - id: 2026-02-05-pow-exchange-example-wire
    type: prisoner_exchange
    claimant: example-wire
    status: completed
    event: 2026-02-05-prisoner-exchange
    when: 2026-02-05
    sides:
      - {side: ukraine, returned: 200}
    citations:
      - source: 005_example_wire_round_3
        quote: In the exchange of February 5, 2026, 200 Ukrainian prisoners of war returned home.
  - id: kyiv-injured-ses-example-wire
    type: casualties
    claimant: state-emergency-service-of-ukraine
    status: reported
    event: 2026-02-05-overnight-russian-attack-on-ukraine
    place: kyiv
    population: unknown
    injured: 3
    citations:
      - source: 005_example_wire_round_3
        quote: >-
          Three people were injured in Kyiv during the overnight attack of February 4-5, the State
          Emergency Service said.
"""


def test_the_checks_hold_with_an_english_source_and_a_second_report_of_round_3(tmp_path):
    """An editor adds a correct sixth source, in English, reporting the third Istanbul round
    again, giving its own count of the 5 February exchange and of the injured in Kyiv: every
    check above still passes on the repository it makes, the one real disagreement it brings is
    a disputed pair, and the count that agrees with the mayor's is a corroborated one."""
    repo = tmp_path / "repo"
    for part in ("facts", "seeds", "schema"):
        shutil.copytree(ROOT / part, repo / part)
    (repo / "seeds" / "005_example_wire_round_3.txt").write_text(ENGLISH_TEXT, encoding="utf-8")
    (repo / "facts" / "sources" / "005_example_wire_round_3.yaml").write_text(
        textwrap.dedent(ENGLISH_FACTS), encoding="utf-8")
    facts = Facts.of(repo, tmp_path / "factdb.db")
    try:
        third = [m for m in facts.in_event("2025-istanbul-third-round", "meeting") if m.round == 3]
        assert {m.claimant for m in third} == {"anadolu-agency", "example-wire"}  # two reports of round 3
        assert facts.records["005_example_wire_round_3"].language == "en"
        # Its 200 returned to Ukraine and Budanov's 157 cannot both be true: a real dispute.
        (dispute,) = facts.db.execute("SELECT claimant_a, claimant_b, value_a, value_b FROM disputed_figures").fetchall()
        assert {(dispute[0], dispute[2]), (dispute[1], dispute[3])} == {("Kyrylo Budanov", 157), ("Example Wire", 200)}
        # The SES's three injured in Kyiv, in another outlet, agree with Klitschko's "at least
        # two": a corroboration, not a dispute.
        (agree,) = facts.db.execute(
            "SELECT claimant_a, claimant_b, value_a, value_b, why FROM corroborated_figures"
            " WHERE measure = 'injured'").fetchall()
        assert {(agree[0], agree[2]), (agree[1], agree[3])} == {
            ("Vitali Klitschko", 2), ("State Emergency Service of Ukraine", 3)}
        assert agree[4]
        for check_ in CHECKS:
            check_(facts)
    finally:
        facts.db.close()
