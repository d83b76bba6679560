"""Cross-file rules: ids, references, archives, quotes, figures, arithmetic, dates."""

from __future__ import annotations

from factrepo import CLAIMS, SOURCES, line_of, make_repo, write

from factdb.check.rules import normalise
from factdb.check.validate import validate


def problems(root, code=None):
    """The errors validation finds (warnings, such as suggested events, are tested apart)."""
    report = validate(root)
    return [p for p in report.errors if code is None or p.code == code]


def claims_with(old, new):
    assert old in CLAIMS, old
    return CLAIMS.replace(old, new)


def test_the_base_repository_is_valid(tmp_path):
    make_repo(tmp_path)
    assert problems(tmp_path) == []


def test_duplicate_id_across_files(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/entities/zz.yaml", "countries:\n  - {id: ua, name: Ukraine again}\n")
    (p,) = problems(tmp_path)
    assert p.code == "duplicate-id"
    assert p.file == "facts/entities/zz.yaml" and p.line == 2
    assert "facts/entities/entities.yaml" in p.message


def test_duplicate_id_between_kinds(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/entities/zz.yaml", "countries:\n  - {id: kyiv, name: Not a country}\n")
    assert [p.code for p in problems(tmp_path)] == ["duplicate-id"]


def test_unresolved_reference(tmp_path):
    text = claims_with("claimant: ua-air-force", "claimant: ua-airforce")
    make_repo(tmp_path, claims=text)
    (p,) = problems(tmp_path)
    assert p.code == "unresolved-reference"
    assert p.line == line_of(text, "claimant: ua-airforce") and p.column == 15
    assert "'ua-airforce'" in p.message


def test_reference_of_the_wrong_kind(tmp_path):
    text = claims_with("attacker: ru", "attacker: kyiv")
    make_repo(tmp_path, claims=text)
    (p,) = problems(tmp_path)
    assert p.code == "unresolved-reference"
    assert "is a place" in p.message and "but a country is expected" in p.message


def test_reference_of_the_wrong_kind_says_an_organization(tmp_path):
    make_repo(tmp_path, claims=claims_with("attacker: ru", "attacker: ua-air-force"))
    (p,) = problems(tmp_path)
    assert "'ua-air-force' is an organization" in p.message


def test_citation_of_an_unknown_source(tmp_path):
    text = claims_with("      - source: src1\n        quote: Wali", "      - source: src2\n        quote: Wali")
    make_repo(tmp_path, claims=text)
    (p,) = problems(tmp_path)
    assert (p.code, p.line) == ("unresolved-reference", line_of(text, "source: src2"))


def test_entity_references(tmp_path):
    make_repo(tmp_path)
    place = "  - {id: lviv, name: Lviv, kind: city, country: ukr, within: nowhere}"
    org = "  - {id: org1, name: O, kind: ministry, parent: ua}"
    write(tmp_path, "facts/entities/more.yaml", f"places:\n{place}\norganizations:\n{org}\n")
    got = sorted((p.code, p.line, p.column) for p in problems(tmp_path))
    assert got == [
        ("unresolved-reference", 2, place.index("ukr") + 1),
        ("unresolved-reference", 2, place.index("nowhere") + 1),
        ("unresolved-reference", 4, org.index("ua}") + 1),
    ]


def test_a_broken_file_does_not_flood_references_to_its_ids(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/sources/src1.yaml", SOURCES.replace("language: id", "language: 12"))
    assert [p.code for p in problems(tmp_path)] == ["wrong-type"]


def test_a_file_that_is_not_yaml_does_not_flood_references_to_its_ids(tmp_path):
    from factrepo import ENTITIES

    make_repo(tmp_path)
    write(tmp_path, "facts/entities/entities.yaml", ENTITIES.replace("aliases: [Rusia]}", "aliases: [Rusia}"))
    assert [p.code for p in problems(tmp_path)] == ["yaml-syntax"]


def test_an_unread_file_does_not_flood_references(tmp_path):
    make_repo(tmp_path)
    (tmp_path / "facts/entities/entities.yaml").write_bytes(b"countries:\n  - {id: ua, name: \xff}\n")
    # A reference to a record of the wrong kind is still certain, and reported.
    write(tmp_path, "facts/claims/more.yaml", CLAIMS.replace("uaf-2026-02-05", "x1").replace(
        "klitschko-2026-02-05-injured", "x2").replace("claimant: ua-air-force", "claimant: src1"))
    assert sorted(p.code for p in problems(tmp_path)) == ["encoding", "unresolved-reference"]


def test_the_valid_records_of_a_broken_file_are_still_checked(tmp_path):
    # One typo in a claim must not hide the file's other problems until the next run.
    text = claims_with("quote: Wali Kota Vitali Klitschko mengatakan", "quote: Wali Kota Vitali Klitschko berkata")
    text = text.replace("launched: 183", 'launched: "183"')
    make_repo(tmp_path, claims=text)
    write(tmp_path, "facts/entities/zz.yaml", "countries:\n  - {id: ua, name: Ukraine again}\n  - {id: xx, name: X, bogus: 1}\n")
    got = sorted((p.file, p.code, p.line) for p in problems(tmp_path))
    assert got == [
        ("facts/claims/2026-02-05.yaml", "quote-not-found", line_of(text, "berkata")),
        ("facts/claims/2026-02-05.yaml", "wrong-type", line_of(text, "launched: \"183\"")),
        ("facts/entities/zz.yaml", "duplicate-id", 2),
        ("facts/entities/zz.yaml", "unknown-field", 3),
    ]


def test_a_record_that_fails_the_model_is_not_checked_across(tmp_path):
    # The claim with a wrong type is reported once, for its type; its quote is not looked at.
    make_repo(tmp_path, claims=claims_with("launched: 183", 'launched: "184"'))
    assert [p.code for p in problems(tmp_path)] == ["wrong-type"]
    assert "uaf-2026-02-05" not in validate(tmp_path).catalog.records


def test_missing_archive(tmp_path):
    make_repo(tmp_path)
    (tmp_path / "seeds/src1.txt").unlink()
    found = problems(tmp_path)
    assert [p.code for p in found] == ["missing-archive"]
    assert found[0].file == "facts/sources/src1.yaml" and found[0].line == 3


def test_archive_that_is_not_utf8(tmp_path):
    make_repo(tmp_path)
    (tmp_path / "seeds/src1.txt").write_bytes(b"\xff\xfe bad")
    assert [p.code for p in problems(tmp_path)] == ["missing-archive"]


def test_quote_not_in_archive(tmp_path):
    text = claims_with("sedikitnya dua orang terluka", "sedikitnya dua orang tewas")
    make_repo(tmp_path, claims=text)
    found = problems(tmp_path)
    assert [p.code for p in found] == ["quote-not-found"]
    assert found[0].line == line_of(text, "sedikitnya dua orang tewas")


def test_quote_matches_across_white_space_and_quote_marks(tmp_path):
    make_repo(tmp_path)
    (tmp_path / "seeds/src1.txt").write_text(
        (tmp_path / "seeds/src1.txt").read_text() + "\nIa berkata, \u201cKami   siap\u201d\n", encoding="utf-8"
    )
    write(tmp_path, "facts/claims/extra.yaml", """\
        claims:
          - id: c-quote
            type: numeric_statement
            claimant: ua
            measure: readiness
            unit: points
            subject: readiness
            quantity: 2
            citations:
              - source: src1
                quote: "Ia berkata, \\"Kami siap\\" dua"
        """)
    # The quote differs from the text only in its last word: the marks and spaces are fine.
    found = problems(tmp_path)
    assert [p.code for p in found] == ["quote-not-found"]
    write(tmp_path, "facts/claims/extra.yaml",
          (tmp_path / "facts/claims/extra.yaml").read_text().replace(' dua"', '"').replace("quantity: 2", "quantity: {qualifier: vague, text: siap}"))
    assert problems(tmp_path) == []


def test_quote_is_not_case_folded(tmp_path):
    text = claims_with("Wali Kota Vitali", "wali kota Vitali")
    make_repo(tmp_path, claims=text)
    assert [p.code for p in problems(tmp_path)] == ["quote-not-found"]


def test_normalise_only_spaces_and_quote_marks():
    assert normalise("\u201cA\u201d \n\t b \u2018c\u2019") == "\"A\" b 'c'"
    assert normalise("Rudal-rudal") == "Rudal-rudal"


def test_figure_not_in_quote(tmp_path):
    text = claims_with("launched: 183", "launched: 184")
    make_repo(tmp_path, claims=text)
    found = problems(tmp_path)
    assert [p.code for p in found] == ["figure-not-in-quote"]
    assert "drones_launched = 184" in found[0].message
    assert (found[0].line, found[0].column) == (line_of(text, "launched: 184"), 33)


def test_number_words_state_figures(tmp_path):
    # "dua rudal" states the 2 missiles; "sedikitnya dua orang" the 2 injured.
    make_repo(tmp_path)
    assert problems(tmp_path) == []
    text = claims_with("{kind: missile, launched: 2}", "{kind: missile, launched: 3}")
    make_repo(tmp_path, claims=text)
    assert [p.code for p in problems(tmp_path)] == ["figure-not-in-quote"]


def test_vague_words_must_be_quoted(tmp_path):
    text = claims_with("injured: {qualifier: at_least, value: 2}", "injured: {qualifier: vague, text: ratusan}")
    make_repo(tmp_path, claims=text)
    found = problems(tmp_path)
    assert [p.code for p in found] == ["figure-not-in-quote"]
    assert "'ratusan'" in found[0].message


def test_arithmetic_outcomes_exceed_launched(tmp_path):
    # Two figures of 183, two mentions: each names its words.
    text = claims_with(
        "launched: 183, neutralized: 156, impacted: 22",
        "launched: {qualifier: exact, value: 183, words: 183 drone ke}, "
        "neutralized: {qualifier: exact, value: 183, words: 183 drone di antaranya}, impacted: 22",
    )
    text = text.replace("dan 156 drone", "dan 183 drone")
    make_repo(tmp_path, claims=text)
    write(tmp_path, "seeds/src1.txt", (tmp_path / "seeds/src1.txt").read_text().replace("dan 156 drone", "dan 183 drone"))
    found = problems(tmp_path)
    assert [p.code for p in found] == ["arithmetic"]
    assert "183 + drones_impacted 22 exceeds drones_launched 183" in found[0].message


def test_arithmetic_uses_bounds_not_guesses(tmp_path):
    # "at least 150" neutralised + 22 impacted could still be within 183 launched.
    text = claims_with("neutralized: 156", "neutralized: {qualifier: at_least, value: 156}")
    make_repo(tmp_path, claims=text)
    assert problems(tmp_path) == []


def test_prisoner_subset_exceeds_whole(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/pow.yaml", """\
        claims:
          - id: pow1
            type: prisoner_exchange
            claimant: ua
            when: 2026-02-05
            total: 314
            sides:
              - side: ua
                returned: 22
                subsets:
                  - {description: held since 2022, count: 183, held_since: "2022"}
            citations:
              - source: src1
                quote: Pertukaran itu akan melibatkan 314 tahanan.
              - source: src1
                quote: Rudal dan 22 drone berdampak di 16 lokasi
              - source: src1
                quote: dua rudal dan 183 drone
        """)
    found = problems(tmp_path)
    assert [p.code for p in found] == ["arithmetic"]
    assert found[0].line == 11


def test_bodies_returned_exceed_bodies_in_all(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/pow.yaml", """\
        claims:
          - id: pow1
            type: prisoner_exchange
            claimant: ua
            when: 2026-02-05
            bodies_total: 22
            sides:
              - {side: ua, bodies: 16}
              - {side: ru, bodies: {qualifier: exact, value: 22, derived: all of them}}
            citations:
              - source: src1
                quote: Rudal dan 22 drone berdampak di 16 lokasi
        """)
    (p,) = problems(tmp_path)
    assert p.code == "arithmetic" and p.line == 9  # the last part: {side: ru, bodies: 22}
    assert "bodies_returned 16 + bodies_returned 22 exceeds bodies_total 22" in p.message


def test_arithmetic_shot_down_suppressed_and_impacted_exceed_launched(tmp_path):
    # Given apart, the outcomes still add up to no more than were launched: 156 + 22 + 22 > 183.
    # One mention of 22 backs one figure: the other is marked derived.
    text = claims_with(
        "neutralized: 156, impacted: 22",
        "shot_down: 156, suppressed: {qualifier: exact, value: 22, derived: the same 22}, impacted: 22",
    )
    make_repo(tmp_path, claims=text)
    (p,) = problems(tmp_path)
    assert p.code == "arithmetic" and p.line == line_of(text, "shot_down: 156")
    assert "(shot down + suppressed + impacted <= launched)" in p.message


def test_event_after_publication(tmp_path):
    text = claims_with("when: 2026-02-05\n", "when: 2026-02-06\n")
    make_repo(tmp_path, claims=text)
    found = problems(tmp_path)
    assert [p.code for p in found] == ["event-after-publication"]
    assert found[0].line == line_of(text, "when: 2026-02-06")


def test_publication_bound_is_used(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/sources/src1.yaml",
          SOURCES.replace("published: 2026-02-05", "published: {not_after: 2026-02-04, reason: test}"))
    found = problems(tmp_path)
    # The overnight window starts on the 4th (fine); the casualty report and the role are on the 5th.
    assert sorted(p.code for p in found) == ["event-after-publication", "event-after-publication"]


def test_unknown_publication_date_checks_nothing(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/sources/src1.yaml", SOURCES.replace("    published: 2026-02-05\n", ""))
    assert problems(tmp_path) == []


def test_planned_meeting_may_follow_publication(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/meeting.yaml", """\
        claims:
          - id: m1
            type: meeting
            name: Security advisers' meeting
            status: planned
            claimant: ua
            when: 2026-03-03
            participants_count: {qualifier: more_than, value: 16}
            citations:
              - source: src1
                quote: Rudal dan 22 drone berdampak di 16 lokasi
        """)
    assert problems(tmp_path) == []


def test_statement_dated_after_publication(tmp_path):
    # Even an expected event: the words were reported, so they were said before publication.
    make_repo(tmp_path)
    write(tmp_path, "facts/claims/pow.yaml", """\
        claims:
          - id: pow-expected
            type: prisoner_exchange
            status: expected
            claimant: ua
            stated: 2026-02-07
            total: 314
            citations:
              - source: src1
                quote: Pertukaran itu akan melibatkan 314 tahanan.
        """)
    found = problems(tmp_path)
    assert [(p.code, p.line) for p in found] == [("event-after-publication", 6)]
