"""What a claim type says of itself (`ClaimBase`): its label in `claims.label` and the parties
it is compared by when events are suggested. Each type answers for itself; no module outside
the claim classes asks which type a claim is."""

from __future__ import annotations

from factrepo import make_repo, write
from test_model_extensions import STATEMENTS

from factdb.check import events
from factdb.check.validate import validate
from factdb.models.claimbase import ClaimBase
from factdb.models.claims import CLAIM_CLASSES, CLAIM_TYPES
from factdb.models.talks import Meeting, PrisonerExchange


def test_no_claim_field_hides_a_method_every_claim_has():
    methods = {name for name in dir(ClaimBase) if callable(getattr(ClaimBase, name)) and not name.startswith("_")}
    assert {cls.__name__: sorted(set(cls.model_fields) & methods) for cls in CLAIM_CLASSES} == {
        cls.__name__: [] for cls in CLAIM_CLASSES}


def claims_of(root) -> dict:
    report = validate(root)
    assert report.ok, [p.format_text() for p in report.problems]
    return {r.record.id: r.record for r in report.catalog.of_kind("claim")}


MEETING = {
    "id": "talks", "type": "meeting", "claimant": "ua", "name": "Abu Dhabi talks", "when": "2026-02-04",
    "delegations": [{"side": "ua"}, {"side": "ru"}], "participants": ["us"],
    "citations": [{"source": "src1", "quote": "Pembicaraan"}],
}
EXCHANGE = {
    "id": "swap", "type": "prisoner_exchange", "claimant": "ua", "sides": [{"side": "ua"}, {"side": "ru"}],
    "citations": [{"source": "src1", "quote": "Pertukaran"}],
}


def test_each_type_labels_itself(tmp_path):
    make_repo(tmp_path)
    claims = claims_of(tmp_path)
    attack = claims["uaf-2026-02-05"]
    assert Meeting.model_validate(MEETING).label("Anyone", "2026-02-04", None) == "Abu Dhabi talks"
    assert attack.label("Ukrainian Air Force", "2026-02-04", "2026-02-05") == (
        "Air attack with 183 drones and 2 missiles (Ukrainian Air Force, 2026-02-04 to 2026-02-05)")
    assert attack.label("Ukrainian Air Force", "2026-02-05", "2026-02-05") == (
        "Air attack with 183 drones and 2 missiles (Ukrainian Air Force, 2026-02-05)")


def test_each_type_names_the_parties_it_is_compared_by(tmp_path):
    make_repo(tmp_path)
    # A statement's `parties` field is its own: with a window it is looked at, and compared by no one.
    dated = STATEMENTS.replace("    status: agreed\n", "    status: agreed\n    when: 2026-02-05\n")
    write(tmp_path, "facts/claims/statements.yaml", dated)
    claims = claims_of(tmp_path)
    assert events.parties(claims["exchange-agreed"]) is None
    assert claims["exchange-agreed"].parties == ["ua", "ru"]
    assert events.parties(claims["uaf-2026-02-05"]) == ("ru", "->", "ua")
    assert events.parties(claims["klitschko-2026-02-05-injured"]) is None
    assert events.parties(Meeting.model_validate(MEETING)) == ("ru", "ua", "us")
    assert events.parties(PrisonerExchange.model_validate(EXCHANGE)) == ("ru", "ua")
    one_side = {**EXCHANGE, "sides": [{"side": "ua"}]}
    assert events.parties(PrisonerExchange.model_validate(one_side)) is None


def test_the_column_descriptions_name_every_claim_type():
    from factdb.db.claimtables import Claim
    from factdb.db.views import Figure

    described = Claim.model_fields["type"].description
    assert all(name in described for name in CLAIM_TYPES)
    topics = Figure.model_fields["topic"].description.removeprefix("The claim type: ").rstrip(".").split(", ")
    assert topics == [name for name in CLAIM_TYPES if name != "statement"]  # a statement states no figure


CITED = {"citations": [{"source": "src1", "quote": "Kutipan"}]}


def test_each_type_says_what_it_is_about_in_its_label():
    """A label says what the claim is about, then who said it and when: on an event's page, a
    dozen claims of one claimant each read apart ('numeric statement: ABC News' did not)."""
    numeric = CLAIM_TYPES["numeric_statement"].model_validate({
        "id": "n", "type": "numeric_statement", "claimant": "ua", "measure": "ceasefire_length",
        "quantity": 30, "unit": "days", "subject": "Full ceasefire Ukraine called for", **CITED})
    assert numeric.label("Volodymyr Zelenskyy", None, None) == (
        "Full ceasefire Ukraine called for: 30 days (Volodymyr Zelenskyy)")
    one = numeric.model_copy(update={"quantity": 1})
    assert one.label("Rustem Umerov", "2025-06-02", None) == (
        "Full ceasefire Ukraine called for: 1 day (Rustem Umerov, 2025-06-02)")
    statement = CLAIM_TYPES["statement"].model_validate({
        "id": "s", "type": "statement", "claimant": "ua", **CITED,
        "subject": "Partners must be ready to secure a clear and lasting end of the war with real "
                   "security guarantees and real pressure on the aggressor"})
    label = statement.label("Volodymyr Zelenskyy", None, None)
    assert label == ("Partners must be ready to secure a clear and lasting end of the war with real "
                     "security… (Volodymyr Zelenskyy)")
    strike = CLAIM_TYPES["strike"].model_validate({
        "id": "k", "type": "strike", "claimant": "ru-mod", "weapon": "drone", "target": "airfields", **CITED,
        "damage": [{"object": "aircraft", "effect": "burned", "count": {"qualifier": "vague", "text": "beberapa"}}]})
    assert strike.label("Ministry of Defence of Russia", "2025-06-01", "2025-06-01") == (
        "Strike by drone on airfields: beberapa (2 or more) aircraft burned (Ministry of Defence of Russia, 2025-06-01)")
    casualties = CLAIM_TYPES["casualties"].model_validate({
        "id": "c", "type": "casualties", "claimant": "ru", "killed": {"qualifier": "at_least", "value": 7},
        "cause": "railway bridge collapses", **CITED})
    assert casualties.label("Russian authorities", None, None) == (
        "Casualties: at least 7 killed, in railway bridge collapses (Russian authorities)")
    exchange = PrisonerExchange.model_validate({**EXCHANGE, "status": "agreed", "total": 314})
    assert exchange.label("Steve Witkoff", None, None) == "Prisoner exchange agreed: 314 prisoners (Steve Witkoff)"
    assert PrisonerExchange.model_validate(EXCHANGE).label(None, "2026-02-05", None) == (
        "Prisoner exchange (2026-02-05)")
    attack = CLAIM_TYPES["air_attack"].model_validate({
        "id": "a", "type": "air_attack", "claimant": "ru-mod", "weapons": [{"kind": "drone", "shot_down": 95}], **CITED})
    assert attack.label("Ministry of Defence of Russia", None, None) == (
        "Air attack: 95 drones shot down (Ministry of Defence of Russia)")
    impacts = CLAIM_TYPES["air_attack"].model_validate({
        "id": "a", "type": "air_attack", "claimant": "ses", "weapons": [{"kind": "drone"}], **CITED,
        "impact_locations": {"qualifier": "vague", "text": "beberapa", "unit": "districts"},
        "regions_count": {"qualifier": "more_than", "value": 9}})
    assert impacts.label("State Emergency Service of Ukraine", None, None) == (
        "Air attack with drones: beberapa (2 or more) districts hit over more than 9 regions "
        "(State Emergency Service of Ukraine)")


def test_a_delegation_is_labelled_by_its_side_and_meeting():
    delegation = Meeting.model_validate(MEETING).delegations[0]
    assert delegation.label("Ukraine", "Abu Dhabi talks") == "Ukraine delegation: Abu Dhabi talks"


def test_a_casualty_figure_s_detail_is_what_the_source_said_not_a_default():
    said = {"id": "c", "type": "casualties", "claimant": "ua", "injured": 2, **CITED}
    (unknown,) = CLAIM_TYPES["casualties"].model_validate(said).figures()
    (civilian,) = CLAIM_TYPES["casualties"].model_validate({**said, "population": "civilian"}).figures()
    assert (unknown.detail, civilian.detail) == (None, "civilian")
