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
        "air attack: Ukrainian Air Force, 2026-02-04 to 2026-02-05")
    assert attack.label("Ukrainian Air Force", "2026-02-05", "2026-02-05") == (
        "air attack: Ukrainian Air Force, 2026-02-05")


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
