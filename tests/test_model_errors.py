"""Problems found by the model: unknown fields, missing fields, wrong types, bad values, dates.

Each error is reported at the YAML node it concerns, and every error in a file is
reported, not only the first.
"""

from __future__ import annotations

import pytest
from factrepo import line_of, make_repo, write

from factdb.check.validate import validate

BASE_CLAIM = """\
claims:
  - id: c1
    type: casualties
    claimant: vitali-klitschko
    when: 2026-02-05
    place: kyiv
    injured: {qualifier: at_least, value: 2}
    citations:
      - source: src1
        quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.
"""


def check(tmp_path, text, code):
    """Write `text` as the only claims file; return the problems with `code`."""
    make_repo(tmp_path, claims=text)
    report = validate(tmp_path)
    found = [p for p in report.problems if p.code == code]
    assert found, [p.format_text() for p in report.problems]
    return found, report


def test_base_claim_is_valid(tmp_path):
    make_repo(tmp_path, claims=BASE_CLAIM)
    assert validate(tmp_path).ok


def test_unknown_field_points_at_the_key_and_suggests(tmp_path):
    text = BASE_CLAIM.replace("    place: kyiv\n", "    plaec: kyiv\n")
    (p,), _ = check(tmp_path, text, "unknown-field")
    assert (p.line, p.column) == (line_of(text, "plaec"), 5)
    assert "did you mean 'place'" in p.message


def test_missing_field(tmp_path):
    text = BASE_CLAIM.replace("    claimant: vitali-klitschko\n", "")
    (p,), _ = check(tmp_path, text, "missing-field")
    assert "'claimant'" in p.message
    assert p.line == line_of(text, "- id: c1")


def test_missing_claim_type(tmp_path):
    text = BASE_CLAIM.replace("    type: casualties\n", "")
    (p,), _ = check(tmp_path, text, "missing-field")
    assert "'type'" in p.message


def test_unknown_claim_type_lists_the_known_ones(tmp_path):
    text = BASE_CLAIM.replace("type: casualties", "type: casualty")
    (p,), _ = check(tmp_path, text, "unknown-claim-type")
    assert p.line == line_of(text, "type: casualty")
    assert "air_attack" in p.message and "'casualty'" in p.message


@pytest.mark.parametrize(
    "old,new,needle",
    [
        ("injured: {qualifier: at_least, value: 2}", 'injured: "2"', "injured:"),
        ("injured: {qualifier: at_least, value: 2}", "injured: true", "injured:"),
        ("injured: {qualifier: at_least, value: 2}", "injured: [2]", "injured:"),
        ("    place: kyiv", "    place: [kyiv]", "place:"),
        ("injured: {qualifier: at_least, value: 2}", "injured: {qualifier: at_least, value: two}", "injured:"),
    ],
)
def test_wrong_type(tmp_path, old, new, needle):
    text = BASE_CLAIM.replace(old, new)
    (p,), _ = check(tmp_path, text, "wrong-type")
    assert p.line == line_of(text, needle)


@pytest.mark.parametrize(
    "old,new,needle",
    [
        ("qualifier: at_least", "qualifier: roughly", "injured:"),
        ("id: c1", "id: C 1", "id: C 1"),
        ("{qualifier: at_least, value: 2}", "{qualifier: range, low: 2}", "injured:"),
        ("{qualifier: at_least, value: 2}", "{qualifier: vague}", "injured:"),
        ("{qualifier: at_least, value: 2}", "{qualifier: range, low: 3, high: 2}", "injured:"),
        ("    citations:\n      - source: src1\n        quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.\n",
         "    citations: []\n", "citations"),
        # White space is "in" every archived text: a blank quote would prove nothing.
        ("quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.", 'quote: "   "', "quote:"),
        # YAML's .nan and .inf are floats, but no source states them.
        ("{qualifier: at_least, value: 2}", ".nan", "injured:"),
        ("{qualifier: at_least, value: 2}", "{qualifier: at_least, value: -.inf}", "injured:"),
        ("{qualifier: at_least, value: 2}", "1" + "0" * 30, "injured:"),
    ],
)
def test_invalid_value(tmp_path, old, new, needle):
    text = BASE_CLAIM.replace(old, new)
    assert text != BASE_CLAIM
    (p,), _ = check(tmp_path, text, "invalid-value")
    assert p.line == line_of(text, needle)


@pytest.mark.parametrize(
    "old,new,words",
    [
        ("{qualifier: at_least, value: 2}", "{qualifier: at_least}", "qualifier 'at_least' needs a 'value'"),
        ("id: c1", "id: C1", "'C1' is not an id: use lower-case letters"),
        ("quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.", "quote: ' '", "must not be blank"),
        ("quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.", "quote: ''", "must not be empty"),
    ],
)
def test_invalid_value_says_what_is_wrong_in_words(tmp_path, old, new, words):
    (p,), _ = check(tmp_path, BASE_CLAIM.replace(old, new), "invalid-value")
    assert words in p.message


@pytest.mark.parametrize("date", ["2026-02-30", "2026-13", "05-02-2026", "2026-2-5", "'2026-02-05T10:00:00'"])
def test_invalid_date(tmp_path, date):
    text = BASE_CLAIM.replace("when: 2026-02-05", f"when: {date}")
    (p,), _ = check(tmp_path, text, "invalid-date")
    assert p.line == line_of(text, "when:")


def test_timestamp_is_not_a_date(tmp_path):
    text = BASE_CLAIM.replace("when: 2026-02-05", "when: 2026-02-05 10:00:00")
    (p,), _ = check(tmp_path, text, "invalid-date")
    assert "timestamp" in p.message


def test_window_out_of_order(tmp_path):
    text = BASE_CLAIM.replace("when: 2026-02-05", "when: {from: 2026-02-05, to: 2026-02-04}")
    (p,), _ = check(tmp_path, text, "date-order")
    assert p.line == line_of(text, "when:")


def test_published_bounds_out_of_order(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/sources/src1.yaml", """\
        sources:
          - id: src1
            archive: seeds/src1.txt
            language: id
            published: {not_before: 2026-03-01, not_after: 2026-02-01}
        """)
    report = validate(tmp_path)
    assert [p.code for p in report.problems] == ["date-order"]
    assert report.problems[0].line == 5


def test_partial_dates_are_accepted(tmp_path):
    for when in ("2026", "2026-02", "'2026-02'", "{from: 2026-01, to: 2026-02-05}"):
        make_repo(tmp_path, claims=BASE_CLAIM.replace("when: 2026-02-05", f"when: {when}"))
        assert validate(tmp_path).ok, when


def test_every_error_in_a_file_is_reported(tmp_path):
    text = (
        BASE_CLAIM.replace("    place: kyiv\n", "    plaec: kyiv\n")
        .replace("when: 2026-02-05", "when: 2026-02-31")
        .replace("population", "population")
        + BASE_CLAIM.split("claims:\n")[1].replace("id: c1", "id: c2").replace("type: casualties", "type: nope")
    )
    make_repo(tmp_path, claims=text)
    codes = sorted(p.code for p in validate(tmp_path).problems)
    assert codes == ["invalid-date", "unknown-claim-type", "unknown-field"]


def test_entity_errors(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/entities/more.yaml", """\
        places:
          - {id: zz, name: Z, kind: planet}
          - {id: yy, name: Y, kind: city, latitude: 123}
        people:
          - {id: p1, aliases: [P]}
        """)
    report = validate(tmp_path)
    got = sorted((p.code, p.line) for p in report.problems)
    assert got == [("invalid-value", 2), ("invalid-value", 3), ("missing-field", 5)]


def test_a_typo_repeated_thousands_of_times_is_matched_once(tmp_path, monkeypatch):
    # Suggesting a field costs ~0.5 ms; a file of 2,000 records with the same typo asks once.
    import difflib

    from factdb.read import project

    project._suggestion.cache_clear()
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    make_repo(tmp_path)
    rows = "".join(f"  - {{id: c{i}, name: C, colour_{i % 3}: red}}\n" for i in range(2000))
    write(tmp_path, "facts/entities/many.yaml", "countries:\n" + rows)
    report = validate(tmp_path)
    assert report.summary()["by_code"] == {"unknown-field": 2000}
    assert sorted(calls) == ["colour_0", "colour_1", "colour_2"]


def test_a_key_that_is_not_text_is_placed_at_the_key(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/entities/keys.yaml", "countries:\n  - {id: xx, name: X, 7: x}\nnull: y\n2025-01-01: z\n")
    report = validate(tmp_path)
    got = [(p.code, p.line, p.column) for p in report.problems]
    assert sorted(got) == [("invalid-value", 2, 23), ("invalid-value", 3, 1), ("invalid-value", 4, 1)]
    assert all("key is not text" in p.message for p in report.problems)

