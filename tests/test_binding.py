"""Every figure bound to the words of one of its claim's quotes that state it: found where
validation can tell, named by the editor (`words`, `citation`) where it cannot, or marked
`derived` with the reason; one mention backs one figure."""

from __future__ import annotations

import sqlite3

from factrepo import CLAIMS, line_of, make_repo, write

from factdb.check.binding import bind
from factdb.builds.full import build
from factdb.models import FactFile
from factdb.check.validate import validate

MISSILES = "{kind: missile, launched: 2}"


def problems(root):
    return validate(root).problems


def claims_with(old, new):
    assert old in CLAIMS, old
    return CLAIMS.replace(old, new)


def figures(db, claim_id):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["figure_id"].split("/", 1)[1]: dict(r) for r in conn.execute(
            "SELECT * FROM figures WHERE claim_id = ?", (claim_id,))}


def test_an_invented_figure_whose_number_backs_another_fails_where_it_is_written(tmp_path):
    # "Rudal dan 22 drone berdampak" gives no count of the missiles that hit; the only "dua"
    # is the launched count's.
    text = claims_with(MISSILES, "{kind: missile, launched: 2, impacted: 2}")
    make_repo(tmp_path, claims=text)
    (p,) = problems(tmp_path)
    assert p.code == "figure-not-in-quote"
    assert (p.file, p.line) == ("facts/claims/2026-02-05.yaml", line_of(text, "impacted: 2}"))
    assert p.message.startswith(
        "missiles_impacted = 2: the only words stating 2, 'dua rudal' (citations[0]), already back missiles_launched;")
    assert "`derived: <reason>`" in p.message


def test_a_derived_figure_passes_only_when_marked_and_is_shown_as_derived(tmp_path):
    reason = "'Rudal' refers back to the two missiles launched"
    text = claims_with(MISSILES, "{kind: missile, launched: 2, impacted: {qualifier: exact, value: 2, "
                                 f'derived: "{reason}"}}}}')
    make_repo(tmp_path, claims=text)
    assert problems(tmp_path) == []
    rows = figures(build(tmp_path, tmp_path / "f.db").path, "uaf-2026-02-05")
    impacted, launched = rows["weapons/missile/impacted"], rows["weapons/missile/launched"]
    assert (impacted["derived"], impacted["derived_reason"], impacted["words"]) == (1, reason, None)
    assert (launched["derived"], launched["derived_reason"], launched["words"]) == (0, None, "dua rudal")


def test_a_derived_figure_may_name_the_words_it_is_derived_from(tmp_path):
    text = claims_with(MISSILES, "{kind: missile, launched: 2, impacted: {qualifier: exact, value: 2, "
                                 "words: Rudal dan 22 drone berdampak, derived: the missiles launched}}")
    make_repo(tmp_path, claims=text)
    assert problems(tmp_path) == []
    impacted = figures(build(tmp_path, tmp_path / "f.db").path, "uaf-2026-02-05")["weapons/missile/impacted"]
    assert (impacted["words"], impacted["derived"]) == ("Rudal dan 22 drone berdampak", 1)
    assert impacted["quote"][impacted["span_start"]:impacted["span_end"]] == impacted["words"]


def test_two_figures_of_one_number_with_two_mentions_are_ambiguous_until_named(tmp_path):
    # 16 locations and 16 missiles: "dua rudal" becomes "16 rudal"; which 16 is which?
    text = claims_with(MISSILES, "{kind: missile, launched: 16}").replace("dua rudal", "16 rudal")
    make_repo(tmp_path, claims=text)
    write(tmp_path, "seeds/src1.txt", (tmp_path / "seeds/src1.txt").read_text().replace("dua rudal", "16 rudal"))
    found = problems(tmp_path)
    assert [p.code for p in found] == ["figure-ambiguous", "figure-ambiguous"]
    assert [p.line for p in found] == [line_of(text, "launched: 16}"), line_of(text, "impact_locations: 16")]
    assert "missiles_launched and impact_locations are both 16" in found[0].message
    assert "'16 rudal' (citations[0]), '16 lokasi' (citations[0])" in found[0].message
    assert "`words:`" in found[0].message

    named = text.replace("launched: 16}", "launched: {qualifier: exact, value: 16, words: 16 rudal}}")
    write(tmp_path, "facts/claims/2026-02-05.yaml", named)
    assert problems(tmp_path) == []
    rows = figures(build(tmp_path, tmp_path / "f.db").path, "uaf-2026-02-05")
    assert (rows["weapons/missile/launched"]["words"], rows["impact_locations"]["words"]) == ("16 rudal", "16 lokasi")


def test_named_words_must_be_in_a_quote_and_state_the_number(tmp_path):
    text = claims_with(MISSILES, "{kind: missile, launched: {qualifier: exact, value: 2, words: tiga rudal}}")
    make_repo(tmp_path, claims=text)
    (p,) = problems(tmp_path)
    assert (p.code, p.line) == ("figure-not-in-quote", line_of(text, "words: tiga rudal"))
    assert "the words 'tiga rudal' are not in any of the claim's quotes" in p.message

    text = claims_with(MISSILES, "{kind: missile, launched: {qualifier: exact, value: 2, words: 183 drone}}")
    write(tmp_path, "facts/claims/2026-02-05.yaml", text)
    (p,) = problems(tmp_path)
    assert p.code == "figure-not-in-quote" and "the words '183 drone' do not state 2" in p.message


def test_words_in_two_quotes_need_their_citation(tmp_path):
    text = CLAIMS.replace(
        "injured: {qualifier: at_least, value: 2}",
        "injured: {qualifier: at_least, value: 2, words: sedikitnya dua orang}",
    ).replace(
        "        quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.\n",
        "        quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.\n"
        "      - source: src1\n"
        "        quote: sedikitnya dua orang terluka\n",
    )
    make_repo(tmp_path, claims=text)
    (p,) = problems(tmp_path)
    assert (p.code, p.line) == ("figure-ambiguous", line_of(text, "words: sedikitnya dua orang"))
    assert "citations[0] and citations[1]" in p.message and "`citation: <index>`" in p.message

    write(tmp_path, "facts/claims/2026-02-05.yaml", text.replace("words: sedikitnya dua orang}", "words: sedikitnya dua orang, citation: 1}"))
    assert problems(tmp_path) == []
    injured = figures(build(tmp_path, tmp_path / "f.db").path, "klitschko-2026-02-05-injured")["injured"]
    assert (injured["citation_id"], injured["quote"]) == (
        "klitschko-2026-02-05-injured/citations/src1/1", "sedikitnya dua orang terluka")
    assert (injured["span_start"], injured["span_end"]) == (0, len("sedikitnya dua orang"))

    write(tmp_path, "facts/claims/2026-02-05.yaml", text.replace("words: sedikitnya dua orang}", "words: sedikitnya dua orang, citation: 5}"))
    (p,) = problems(tmp_path)
    assert p.code == "invalid-value" and "citation 5 is not one of the claim's 2 citations" in p.message


def test_one_mention_backs_one_figure_even_when_both_name_it(tmp_path):
    words = "{qualifier: exact, value: 2, words: dua rudal}"
    text = claims_with(MISSILES, f"{{kind: missile, launched: {words}, impacted: {words}}}")
    make_repo(tmp_path, claims=text)
    (p,) = problems(tmp_path)
    assert p.code == "figure-not-in-quote"
    assert "the words 'dua rudal' already back missiles_launched" in p.message


def test_the_quote_shown_is_the_one_that_states_the_figure(tmp_path):
    # The claim's first citation states no number; the figures are in its second.
    text = CLAIMS.replace(
        "    citations:\n      - source: src1\n        quote: >-\n          Angkatan",
        "    citations:\n      - source: src1\n        quote: Wali Kota Vitali Klitschko\n"
        "      - source: src1\n        quote: >-\n          Angkatan",
    )
    assert text != CLAIMS
    make_repo(tmp_path, claims=text)
    assert problems(tmp_path) == []
    db = build(tmp_path, tmp_path / "f.db").path
    rows = figures(db, "uaf-2026-02-05")
    assert {r["citation_id"] for r in rows.values()} == {"uaf-2026-02-05/citations/src1/1"}
    assert all("183 drone" in r["quote"] for r in rows.values())
    with sqlite3.connect(db) as conn:
        (rowid,) = conn.execute("SELECT rowid FROM citations WHERE id = 'uaf-2026-02-05/citations/src1/1'").fetchone()
    assert {r["citation_rowid"] for r in rows.values()} == {rowid}


def test_a_range_takes_its_low_then_its_high_in_one_quote(tmp_path):
    model = FactFile.model_validate({"claims": [{
        "id": "c", "type": "numeric_statement", "claimant": "x", "measure": "ceasefire_length",
        "unit": "days", "subject": "a ceasefire", "quantity": {"qualifier": "range", "low": 2, "high": 3},
        "citations": [{"source": "s", "quote": "gencatan senjata selama dua hingga tiga hari di garis depan"}],
    }]})
    binding = bind(model.claims[0])
    assert binding.problems == ()
    (bound,) = binding.bounds
    assert (bound.citation, bound.words) == (0, "dua hingga tiga hari")


def test_a_meeting_s_round_is_still_checked_against_its_quotes(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/meeting.yaml", """\
        claims:
          - id: talks
            type: meeting
            claimant: ua
            name: Talks
            when: 2026-02-05
            round: 3
            citations:
              - source: src1
                quote: Pertukaran itu akan melibatkan 314 tahanan.
        """)
    (p,) = problems(tmp_path)
    assert (p.code, p.file, p.line) == ("figure-not-in-quote", "facts/claims/meeting.yaml", 7)
    assert p.message.startswith("round = 3 is not stated") and "ordinal" in p.message
