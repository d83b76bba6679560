"""The fast YAML path gives exactly PyYAML's data, or steps aside.

factdb.read.fastyaml lets yaml-rs read texts inside a subset of YAML; PyYAML (our safe loader,
yamlfile.parse_reference) stays the reference. For every text below, generated or
hand-picked, either the fast path declines (returns None) or its data equals PyYAML's value
for value, type for type (True is not 1, 1 is not 1.0) and key order included; and a text
PyYAML refuses is never accepted by the fast path. Then validation of whole repositories
reports identical problems either way.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from factdb.read import fastyaml, yamlfile
from factdb.check.validate import validate

pytestmark = pytest.mark.skipif(fastyaml.yaml_rs is None, reason="yaml-rs is not installed")


def same(a, b) -> bool:
    """Equal as data and as types, key order included; floats compared by repr (-0.0, nan)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return a == b


def reference(text: str):
    try:
        return yamlfile.parse_reference(text), None
    except yamlfile.FactYAMLError as exc:
        return None, exc


def check(text: str) -> bool:
    """Assert the fast path agrees with PyYAML on `text`; True if the fast path took it."""
    fast = fastyaml.load(text)
    ref, error = reference(text)
    if fast is not None:
        assert error is None, f"fast path accepted a text PyYAML refuses ({error.code}: {error.message}):\n{text}"
        assert same(fast, ref), f"fast {fast!r} != PyYAML {ref!r} for:\n{text}"
    # parse() (what the validator calls) gives PyYAML's data or PyYAML's error.
    try:
        parsed = yamlfile.parse(text)
    except yamlfile.FactYAMLError as exc:
        assert error is not None and (exc.code, exc.message, exc.line, exc.column) == (
            error.code, error.message, error.line, error.column)
    else:
        assert error is None and same(parsed, ref)
    return fast is not None


# --- hand-picked scalars: the YAML 1.1 / 1.2 differences ----------------------------------

TRICKY = [
    # booleans and nulls of YAML 1.1 that YAML 1.2 reads as text, and their relatives
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "null", "Null", "NULL", "nULL",
    "~", "", "none", "None", "nan", "NaN", ".nan", ".NaN", ".inf", "-.inf", "+.inf", ".Inf",
    "inf", "-inf", "Infinity", "infinity",
    # integers in every base and with separators
    "0", "-0", "+0", "7", "+12", "-12", "012", "0012", "08", "09", "0o12", "0O12", "0x1F", "0X1f",
    "0b101", "0B101", "1_000", "-1_000", "1__0", "1_", "_1", "12345678901234567890",
    "99999999999999999999999", "1:20", "190:20:30", "+1:30", "-1:30", "09:30", "1:2:3",
    # floats
    "1.5", "-1.5", "1.", "-1.", ".5", "-.5", "+.5", "0.0", "-0.0", "1e3", "1E3", "1e-3", "1.0e3",
    "1.5e+3", "1.5E-3", "6.8523015e+5", "685.230_15e+03", "685_230.15", "1_0.5e+3", "0.1_0",
    "3.14159265358979323846", "1.7976931348623157e+308", "1e400",
    # dates and times
    "2025-06-02", "2025-6-2", "2025-02-30", "2024-02-29", "2023-02-29", "0000-01-01", "1900-01-01",
    "2025-06", "2025", "2025-06-02T10:00:00", "2025-06-02t10:00:00Z", "2025-06-02 10:00:00",
    "2025-06-02 10:00:00 +02:00", "2025-06-02x", "2025-06-02-attack", "2025-13-01",
    # times of day: yaml-rs reads a whole one as a datetime.time even when quoted
    "06:30:00", "23:59:59.5", "00:00:00", "12:30:45.123456789", "06:30", "06:30:00Z", "24:00:00",
    # ids, text and indicator characters
    "000_bf917d9e70bda72c", "2025-06-02-attack.ua", "1e5-x", "0x1g", "0b2-a", "12abc", "1.e-5",
    "Kyiv", "Kharkiv Oblast", "a: b", "a:b", "a #b", "a#b", "a,b", "[a]", "{a: 1}", "-", "- a", "--",
    "---", "...", "?", "? a", ":", "&a", "*a", "!tag", "!!str x", "|", ">", "%", "@a", "`a`",
    "'quoted'", '"dq"', "<<", "=", "a\tb", "Çırağan", "\u201cKami\u201d", "a\u00a0b", "\u00a0",
    "x\u2028y", "x\x85y", "\ufeffx",
]


def scalar_forms(value: str) -> list[str]:
    single = "'" + value.replace("'", "''") + "'"
    double = json.dumps(value, ensure_ascii=False)
    return [value, single, double]


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_scalar_in_every_position(value):
    for form in scalar_forms(value):
        for text in (
            f"k: {form}\n",
            f"k: {form} # comment\n",
            f"- {form}\n",
            f"k: [{form}]\n",
            f"k: [a, {form}, b]\n",
            f"k: {{a: {form}}}\n",
            f"k: {{a: [{form}], b: 1}}\n",
            f"{form}: 1\n",
            f"k:\n  - {form}\n",
            f"k:\n  j: {form}\n",
            f"- j: {form}\n  k: 1\n",
            f"k: text\n  {form}\n",
            f"k: >-\n  {form}\n",
            f"k: |\n  {form}\n",
            f"k: >\n  line\n  {form}\n",
        ):
            check(text)


@pytest.mark.parametrize("value", [
    "yes", "no", "on", "off", "Yes", "OFF", "0o12", "012", "1_000", "1:20", "190:20:30", ".inf",
    "~", "1e3", "-.5", "_1", "08", "0x1F", "2025-06-02T10:00:00", "<<", "=",
])
def test_yaml_11_scalars_leave_the_fast_path(value):
    """The scalars whose meaning differs between YAML 1.1 and 1.2 never take the fast path."""
    assert not fastyaml.in_subset(f"k: {value}\n")
    assert not fastyaml.in_subset(f"k: [{value}]\n")


def test_common_fact_file_shapes_take_the_fast_path():
    text = (
        "# yaml-language-server: $schema=../../schema/factfile.schema.json\n"
        "claims:\n"
        "  - id: 2025-06-02-attack.ua-air-force\n"
        "    type: air_attack\n"
        "    when: {from: 2025-06-01, to: 2025-06-02, overnight: true}\n"
        "    weapons:\n"
        "      - {kind: drone, launched: 183, neutralized: 156, impacted: 22}\n"
        "    impact_locations: {qualifier: at_least, value: 2}\n"
        "    regions: [kyiv-oblast, 000_bf917d9e70bda72c]\n"
        "    citations:\n"
        "      - source: 000_bf917d9e70bda72c\n"
        "        quote: \"Rusia meluncurkan dua rudal dan 183 drone\"\n"
        "        translation: Russia launched two missiles and 183 drones\n"
        "    notes: >-\n"
        "      A folded note, over\n"
        "      two lines: with a colon.\n"
        "    stated: 2025-06\n"
        "  - id: b\n"
        "    type: numeric_statement\n"
        "    latitude: 50.45\n"
        "    outcome: A plain text that\n"
        "      goes on, on a second line\n"
        "    subject: 'single ''quoted'''\n"
    )
    assert fastyaml.in_subset(text)
    assert check(text)


def test_every_date_shape_between_1900_and_2099():
    """Exhaustive: every YYYY-MM-DD with month 01-12 and day 01-31, impossible ones included
    (2025-02-30 stays text), and every YYYY-MM, takes the fast path and reads as PyYAML reads
    it; the shapes around them (month 00 or 13, day 00 or 32) agree or go to PyYAML."""
    for year in range(1900, 2100):
        inside = [f"d{m:02d}_{d:02d}: {year}-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 32)]
        inside += [f"m{m:02d}: {year}-{m:02d}" for m in range(1, 13)]
        assert check("\n".join(inside) + "\n")
        data = fastyaml.load("\n".join(inside) + "\n")
        assert data["d06_02"] == dt.date(year, 6, 2) and data["d02_30"] == f"{year}-02-30"
        assert data["m06"] == f"{year}-06"
        around = [f"d{m:02d}_{d:02d}: {year}-{m:02d}-{d:02d}" for m in (0, 1, 13) for d in (0, 1, 32)]
        check("\n".join(around) + "\n")


def case_variants(word: str):
    return {"".join(chars) for chars in itertools.product(*((c.lower(), c.upper()) for c in word))}


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "true", "false", "null", "none", "nan", "inf"])
def test_keywords_in_every_letter_case(word):
    for variant in sorted(case_variants(word)):
        for text in (f"{variant}: 1\n", f"k: {variant}\n", f"k: [{variant}]\n", f"k: {{a: {variant}}}\n",
                     f"- {variant}\n", f"k: {variant} word\n", f"{variant}x: {variant}x\n"):
            check(text)


def test_integers_and_fractions_agree():
    for n in [0, 1, 9, 10, 99, 100, 12345, 2**31, 2**53 + 1, 10**17, 10**18 - 1]:
        for sign in ("", "-"):
            check(f"k: {sign}{n}\n")
            check(f"k: {sign}{n}.{n % 997}\n")
            check(f"k: [{sign}{n}, {sign}{n}.5]\n")


# --- generated documents ----------------------------------------------------------------

LETTERS = "abcdeoxyntfINOTYFlmqz"
ALPHABET = LETTERS + "0123456789_-.:+ #,[]{}'\"!&*|>%@`\\/~?=<\t\u00e7\u201c\u00a0\u2028\x85"

tame_scalars = st.one_of(
    st.from_regex(r"[a-zA-Z][a-zA-Z ,.'()-]{0,11}", fullmatch=True),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.from_regex(r"-?[0-9]{1,4}\.[0-9]{1,3}", fullmatch=True),
    st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)).map(str),
    st.from_regex(r"[0-9]{3}_[0-9a-f]{6}|(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}-[a-z]{3}", fullmatch=True),
    st.sampled_from(["true", "false", "null", "Kyiv", "Çırağan", "\u201cKami\u201d"]),
)
scalars = st.one_of(
    tame_scalars,
    tame_scalars,
    st.sampled_from(TRICKY),
    st.from_regex(r"[-+]?[0-9_.:eExXoObB]{1,8}", fullmatch=True),
    st.from_regex(r"(19|20)[0-9]{2}-[0-9]{1,2}(-[0-9]{1,2})?", fullmatch=True),
    st.from_regex(r"[0-9][0-9a-z._-]{0,10}", fullmatch=True),
    st.text(alphabet=LETTERS + " ", min_size=1, max_size=8),
    st.text(alphabet=ALPHABET, max_size=10),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
keys = st.one_of(
    st.sampled_from(["id", "type", "when", "from", "to", "quote", "yes", "on", "No", "null", "a1", "k_2"]),
    st.text(alphabet=LETTERS + "_0", min_size=1, max_size=6),
    scalars,
)


tame_keys = st.one_of(
    st.sampled_from(["id", "type", "when", "from", "to", "quote", "value", "a1", "k_2", "notes"]),
    st.from_regex(r"[a-z][a-z_0-9]{0,5}", fullmatch=True),
)
# Mostly values the fast path takes, one leaf in ten a tricky one.
mostly_tame = st.one_of(*[tame_scalars] * 9, st.sampled_from(TRICKY))


@st.composite
def rendered_scalar(draw, values=scalars):
    value = draw(values)
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(value, ensure_ascii=draw(st.booleans()))
    return value


@st.composite
def document(draw, slips: int = 2, keys=keys, values=scalars):
    """YAML text of a random nesting of mappings and sequences in the styles editors use,
    with occasional slips (wrong indentation, duplicated or stray lines)."""
    step = draw(st.sampled_from([2, 2, 4, 1, 3]))
    lines: list[str] = []

    def block(depth: int, indent: int):
        kind = draw(st.sampled_from(["map", "map", "seq"]))
        for _ in range(draw(st.integers(1, 4))):
            pad = " " * indent
            lead = f"{pad}- " if kind == "seq" else pad
            key = "" if kind == "seq" else f"{draw(keys)}: "
            if kind == "map" and draw(st.booleans()):
                key = f"{draw(st.sampled_from(['id', 'when', 'value', 'name', 'k']))}{draw(st.integers(0, 3))}: "
            choice = draw(st.integers(0, 9))
            if depth < 3 and choice < 3:
                lines.append(f"{lead}{key.rstrip()}" if key else f"{pad}-")
                block(depth + 1, indent + step)
            elif choice == 3:
                items = draw(st.lists(rendered_scalar(values), max_size=3))
                lines.append(f"{lead}{key}[{', '.join(items)}]")
            elif choice == 4:
                pairs = draw(st.lists(st.tuples(st.sampled_from(["a", "b", "value", "on", "x1"]),
                                                rendered_scalar(values)), max_size=3))
                lines.append(f"{lead}{key}{{{', '.join(f'{k}: {v}' for k, v in pairs)}}}")
            elif choice == 5 and key:
                lines.append(f"{lead}{key}{draw(st.sampled_from(['>-', '>', '|', '|-']))}")
                extra = " " * draw(st.integers(1, 3))
                for _ in range(draw(st.integers(0, 3))):
                    lines.append(f"{pad}{extra}{draw(values)}")
            elif choice == 6 and key:
                lines.append(f"{lead}{key}{draw(st.text(alphabet=LETTERS + ' ', min_size=1, max_size=6))}")
                for _ in range(draw(st.integers(1, 2))):
                    lines.append(f"{pad}{' ' * draw(st.integers(0, 3))}{draw(values)}")
            else:
                comment = draw(st.sampled_from(["", "", " # note", "# x"]))
                lines.append(f"{lead}{key}{draw(rendered_scalar(values))}{comment}")

    block(0, 0)
    for _ in range(draw(st.integers(0, slips))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        slip = draw(st.sampled_from(["indent", "dedent", "duplicate", "blank", "stray"]))
        if slip == "indent":
            lines[i] = " " + lines[i]
        elif slip == "dedent" and lines[i].startswith(" "):
            lines[i] = lines[i][1:]
        elif slip == "duplicate":
            lines.insert(i, lines[i])
        elif slip == "blank":
            lines.insert(i, " " * draw(st.integers(0, 6)))
        else:
            lines.insert(i, draw(st.text(alphabet=ALPHABET, max_size=12)))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


SLOW_OK = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=1500, **SLOW_OK)
@given(document())
def test_generated_documents_agree_with_pyyaml(text):
    event("fast path" if check(text) else "PyYAML")


@settings(max_examples=1500, **SLOW_OK)
@given(document(slips=1, keys=tame_keys, values=mostly_tame))
def test_generated_tame_documents_agree_with_pyyaml(text):
    event("fast path" if check(text) else "PyYAML")


data_leaves = st.one_of(
    st.text(max_size=30), st.text(alphabet=LETTERS + " ,.:#-'\"", max_size=90),
    st.integers(), st.floats(), st.booleans(), st.none(), st.dates(),
    st.sampled_from(TRICKY),
)
data_trees = st.recursive(
    data_leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(tame_keys, st.text(max_size=6)), children, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=1000, **SLOW_OK)
@given(
    st.dictionaries(tame_keys, data_trees, min_size=1, max_size=5),
    st.sampled_from([None, False]), st.integers(20, 120), st.booleans(), st.sampled_from([2, 4]),
)
def test_documents_written_by_pyyaml_agree_with_pyyaml(data, flow_style, width, unicode, indent):
    """Whatever PyYAML's own emitter writes (quoting, folding long plain scalars) reads alike."""
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow_style, width=width, allow_unicode=unicode,
                          indent=indent, sort_keys=False)
    event("fast path" if check(text) else "PyYAML")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=ALPHABET + "\n", max_size=60))
def test_arbitrary_text_agrees_with_pyyaml(text):
    event("fast path" if check(text) else "PyYAML")


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(alphabet=LETTERS, min_size=1, max_size=5), scalars, min_size=1, max_size=6))
def test_flow_mappings_agree_with_pyyaml(mapping):
    assume(all(":" not in v for v in mapping.values()))
    check("k: {" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}\n")


# --- whole repositories: the same problems either way ------------------------------------

BROKEN_FILES = {
    "facts/claims/bad-values.yaml": (
        "claims:\n"
        "  - id: Bad Id\n"
        "    type: air_attack\n"
        "    claimant: nobody\n"
        "    when: 2025-02-30\n"
        "    weapons:\n"
        "      - {kind: drone, launched: '183', neutralized: 200, impacted: 22}\n"
        "    citations:\n"
        "      - source: src1\n"
        "        quote: not in the text\n"
        "    colour: blue\n"
    ),
    "facts/claims/yes-no.yaml": (
        "claims:\n"
        "  - id: c-yes\n"
        "    type: air_attack\n"
        "    claimant: ua-air-force\n"
        "    when: {from: 2026-02-04, to: 2026-02-05, overnight: yes}\n"
        "    citations:\n"
        "      - {source: src1, quote: 183 drone}\n"
    ),
    "facts/claims/duplicate-key.yaml": "claims:\n  - id: d\n    id: e\n",
    "facts/claims/octal.yaml": "claims:\n  - id: o\n    type: air_attack\n    impact_locations: 012\n",
    "facts/entities/more.yaml": (
        "people:\n"
        "  - id: ua\n"
        "    name: Duplicate of a country id\n"
        "    notes: >-\n"
        "      A folded note\n"
        "      on two lines.\n"
    ),
}


def test_validation_reports_identical_problems_with_and_without_the_fast_path(tmp_path, monkeypatch):
    from factrepo import make_repo

    root = make_repo(tmp_path / "repo")
    for rel, text in BROKEN_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")

    fast = validate(root)
    monkeypatch.setenv(fastyaml.ENV_SWITCH, "pyyaml")
    assert not fastyaml.enabled()
    slow = validate(root)
    assert not fast.ok
    assert fast.render("json") == slow.render("json")
    assert fast.render("text") == slow.render("text")
    assert [p.path for p in fast.problems] == [p.path for p in slow.problems]
    for file_fast, file_slow in zip(fast.project.files, slow.project.files):
        assert file_fast.rel == file_slow.rel
        assert same(file_fast.data, file_slow.data)


def test_env_switch_selects_pyyaml(monkeypatch):
    monkeypatch.setenv(fastyaml.ENV_SWITCH, "PyYAML")
    assert not fastyaml.enabled()
    monkeypatch.delenv(fastyaml.ENV_SWITCH)
    assert fastyaml.enabled()


def test_same_distinguishes_types():
    assert not same({"a": 1}, {"a": True})
    assert not same({"a": 1}, {"a": 1.0})
    assert not same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same(0.0, -0.0)
    assert same(math.nan, math.nan)


# --- the faster rules give the same answers -----------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000\u201c\u201dab", max_size=20))
def test_normalise_equals_the_regular_expression_it_replaced(text):
    import re

    from factdb.check.quotetext import _QUOTES, normalise

    assert normalise(text) == re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()
