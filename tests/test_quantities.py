"""Quantities: what the source said, and the bounds a query can rely on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from factdb.models import Quantity, QuantityDetail, describe, stated_numbers
from factdb.models.quantity import VAGUE_BOUNDS

quantity = TypeAdapter(Quantity)
counts = st.integers(min_value=0, max_value=10**7)


def test_plain_number_is_exact():
    assert describe(quantity.validate_python(183)) == (183, "exact", 183, 183, None)


@given(counts)
def test_exact_bounds_are_the_value(n):
    q = quantity.validate_python({"qualifier": "exact", "value": n})
    assert q.bounds == (n, n)


@given(counts)
def test_at_least_is_open_above(n):
    assert quantity.validate_python({"qualifier": "at_least", "value": n}).bounds == (n, None)


@given(counts)
def test_more_than_excludes_the_number_for_counts(n):
    # "lebih dari 40" pesawat: 41 is the smallest count that is more than 40.
    assert quantity.validate_python({"qualifier": "more_than", "value": n}).bounds == (n + 1, None)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_more_than_a_fraction_keeps_the_number(x):
    low, high = quantity.validate_python({"qualifier": "more_than", "value": x}).bounds
    assert low == x and high is None


@given(counts)
def test_at_most_and_less_than(n):
    assert quantity.validate_python({"qualifier": "at_most", "value": n}).bounds == (None, n)
    assert quantity.validate_python({"qualifier": "less_than", "value": n}).bounds == (None, n - 1)


@given(counts, counts)
def test_range_bounds_are_ordered(a, b):
    low, high = sorted((a, b))
    q = quantity.validate_python({"qualifier": "range", "low": low, "high": high})
    assert q.bounds == (low, high)
    assert stated_numbers(q) == [low, high]
    if low != high:
        with pytest.raises(ValidationError):
            quantity.validate_python({"qualifier": "range", "low": high, "high": low})


@given(counts)
def test_approximately_has_no_invented_bounds(n):
    q = quantity.validate_python({"qualifier": "approximately", "value": n})
    assert q.bounds == (None, None) and stated_numbers(q) == [n]


@pytest.mark.parametrize("word", sorted(VAGUE_BOUNDS))
def test_vague_words_have_default_bounds(word):
    q = quantity.validate_python({"qualifier": "vague", "text": word})
    assert q.bounds == VAGUE_BOUNDS[word]
    assert stated_numbers(q) == []


def test_vague_bounds_can_be_given():
    q = quantity.validate_python({"qualifier": "vague", "text": "ratusan", "low": 100})
    assert q.bounds == (100, None)


@pytest.mark.parametrize(
    "data",
    [
        {"qualifier": "at_least"},
        {"qualifier": "range", "low": 1},
        {"qualifier": "vague"},
        {"qualifier": "exactly", "value": 1},
        {"qualifier": "exact", "value": "1"},
        {"qualifier": "exact", "value": True},
        {"value": 1},
        {"qualifier": "exact", "value": 1, "units": "drones"},
        {"qualifier": "exact", "value": 1, "citation": -1},
        {"qualifier": "exact", "value": 1, "derived": " "},
        "12",
        True,
        [1],
    ],
)
def test_malformed_quantities_are_refused(data):
    with pytest.raises(ValidationError):
        quantity.validate_python(data)


@given(st.one_of(counts, st.builds(
    lambda q, v: {"qualifier": q, "value": v},
    st.sampled_from(["exact", "at_least", "more_than", "at_most", "approximately"]), counts,
)))
def test_low_never_exceeds_high(data):
    q = quantity.validate_python(data)
    _, _, low, high, _ = describe(q)
    if low is not None and high is not None:
        assert low <= high
    assert all(isinstance(n, (int, float)) for n in stated_numbers(q))


def test_detail_is_a_model():
    assert isinstance(quantity.validate_python({"qualifier": "at_least", "value": 2}), QuantityDetail)
