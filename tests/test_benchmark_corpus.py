"""The benchmark's synthetic corpus is a valid fact repository (correctness only; no timings)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from factdb.read import fastyaml
from factdb.cli import main
from factdb.models import CLAIM_TYPES
from factdb.check.validate import validate

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", BENCHMARKS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_small_corpus_validates_with_every_claim_type_it_writes(tmp_path):
    make_corpus = load_make_corpus()
    stats = make_corpus.make_corpus(50, tmp_path / "corpus")
    assert stats["claims"] == 50

    report = validate(tmp_path / "corpus")
    assert report.ok, report.render("text")
    claims = [r.record for r in report.catalog.of_kind("claim")]
    assert len(claims) == 50
    assert set(Counter(c.type for c in claims)) == set(make_corpus.CLAIM_TYPES_WRITTEN)
    assert set(make_corpus.CLAIM_TYPES_WRITTEN) <= set(CLAIM_TYPES)
    kinds = Counter(r.kind for r in report.catalog.records.values())
    assert kinds["source"] >= 2 and kinds["person"] and kinds["place"] and kinds["organization"]
    # The shapes the rules are about are all there: vague and bounded figures, overnight
    # windows, delegations with members, roles observed with a citation.
    dumped = [c.model_dump(mode="json", by_alias=True) for c in claims]
    text = repr(dumped)
    for needle in ("'vague'", "'at_least'", "'more_than'", "'range'", "'overnight': True", "'members'"):
        assert needle in text, needle
    people = [r.record for r in report.catalog.of_kind("person")]
    assert any(p.roles for p in people)

    result = CliRunner().invoke(main, ["-C", str(tmp_path / "corpus"), "validate"])
    assert result.exit_code == 0, result.output


def test_the_corpus_is_deterministic_and_takes_the_fast_path(tmp_path):
    make_corpus = load_make_corpus()
    make_corpus.make_corpus(30, tmp_path / "a")
    make_corpus.make_corpus(30, tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    for rel in files_a:
        if rel.suffix == ".yaml":
            assert fastyaml.in_subset((tmp_path / "a" / rel).read_text(encoding="utf-8")), rel
