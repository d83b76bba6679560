"""A fast path for the YAML that fact files are written in, giving exactly PyYAML's data.

PyYAML's safe loader is the reference for what a fact file means, but its constructor runs
in Python and costs most of a validation run. yaml-rs (a Rust parser) builds the same Python
objects many times faster, but it reads YAML 1.2, which differs from PyYAML's YAML 1.1 on
plain scalars: `yes`, `on` and `off` are booleans for PyYAML and text for yaml-rs; `012`,
`0o12`, `1:20`, `1e3`, `-.5` and `_1` differ too. So yaml-rs is used only for a text that
lies wholly inside a small, common subset of YAML on which both agree, recognised by one
regular expression over the whole text:

- block mappings and sequences, indented with spaces (at most 64 columns), one entry a line;
- keys: a letter followed by letters, digits and '_' (not a YAML 1.1 boolean or null word);
- values: double-quoted strings with the escapes \\" \\\\ \\/ \\b \\f \\n \\r \\t only,
  single-quoted strings, one-line flow mappings and sequences of such scalars, and plain
  scalars of a few shapes whose meaning is the same in both: text starting with a letter (not
  a boolean, null, nan or inf word in any case), `true`, `false`, `null`, decimal integers
  without leading zeros, decimal fractions, dates YYYY-MM-DD, months YYYY-MM, and
  digit-led ids such as `2025-06-02-attack.ua` (a '-' followed by a letter);
- comments; nothing else: no anchors, aliases, tags, merge keys, block scalars, multi-line
  scalars, document markers, directives, tabs, CR, or characters PyYAML refuses.

Anything outside the subset, anything yaml-rs refuses (duplicate keys among them), and any
document that is not a mapping goes to PyYAML, which also gives the errors and their marks.
tests/test_fast_parse.py checks on generated documents that whatever the subset accepts
gives data equal to PyYAML's, value for value, type for type and key order included.
"""

from __future__ import annotations

import os
import re
from typing import Any

try:  # A platform without a yaml-rs wheel still works, on PyYAML alone.
    import yaml_rs
except ImportError:  # pragma: no cover - depends on the platform
    yaml_rs = None

ENV_SWITCH = "FACTDB_YAML"
"""Set FACTDB_YAML=pyyaml to read every file with PyYAML (to compare, or to rule out the fast path)."""

# Words PyYAML 1.1 or yaml-rs may read as a boolean, null or float, in any letter case.
_KEYWORDS = r"(?:yes|no|on|off|y|n|true|false|null|none|nan|inf|infinity)"
_KEYWORD_START = r"[yYnNoOtTfFiI]"
# Where a plain scalar ends: the line's end, a comment, or (in flow) a separator.
_END = r"(?=[ ]*+(?:$|[ ]\#|[,\]}]))"


def _not_keyword(end: str) -> str:
    # Checking the first letter first keeps the common case cheap.
    return rf"(?:(?={_KEYWORD_START})(?!(?i:{_KEYWORDS}){end})|(?!{_KEYWORD_START}))"


_WORD = r"[\w.'()/+-]"
_TEXT_FLOW = rf"{_not_keyword(_END)}[A-Za-z]{_WORD}*+(?:[ ]++{_WORD}++)*+"
_BLOCK_WORD = r"[\w.'()/+,;-]"
_TEXT_BLOCK = rf"{_not_keyword(_END)}[A-Za-z]{_BLOCK_WORD}*+(?:[ ]++{_BLOCK_WORD}++)*+"
_DIGIT_ID = r"[0-9][0-9A-Za-z._]*+(?:-[0-9A-Za-z._]*+)*?-[a-z][0-9A-Za-z._-]*+"
_INT = r"-?(?:0|[1-9][0-9]{0,17})"
_FLOAT = r"-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}"
_DATE = r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])"
_CONSTANT = r"(?:true|false|null)"


def _plain(text: str) -> str:
    shapes = (_CONSTANT, text, _DIGIT_ID, _DATE, _MONTH, _FLOAT, _INT)
    return "(?>" + "|".join(shape + _END for shape in shapes) + ")"


_DQ = r'"[^"\\\n]*+(?:\\["\\/bfnrt][^"\\\n]*+)*+"'
_SQ = r"'[^'\n]*+(?:''[^'\n]*+)*+'"
_KEY = rf"{_not_keyword(':')}[A-Za-z][A-Za-z0-9_]{{0,99}}+"
_FLOW_SCALAR = rf"(?>{_DQ}|{_SQ}|{_plain(_TEXT_FLOW)})"
_BLOCK_SCALAR = rf"(?>{_DQ}|{_SQ}|{_plain(_TEXT_BLOCK)})"
_FLOW_MAP = (
    rf"\{{[ ]*+(?:{_KEY}:[ ]++{_FLOW_SCALAR}[ ]*+"
    rf"(?:,[ ]*+{_KEY}:[ ]++{_FLOW_SCALAR}[ ]*+)*+)?\}}"
)
_FLOW_SEQ = rf"\[[ ]*+(?:{_FLOW_SCALAR}[ ]*+(?:,[ ]*+{_FLOW_SCALAR}[ ]*+)*+)?\]"
_VALUE = rf"(?>{_BLOCK_SCALAR}|{_FLOW_MAP}|{_FLOW_SEQ})"
_TAIL = r"(?:[ ]++\#[^\n]*+|[ ]*+)"
_DASHES = r"(?:-[ ]++){0,8}+"
_LINE = (
    r"[ ]{0,64}+(?>"
    r"\#[^\n]*+"                                  # a comment line
    rf"|{_DASHES}{_KEY}:(?:[ ]++{_VALUE})?{_TAIL}"  # key: value, possibly in a sequence item
    rf"|(?:-[ ]++){{1,8}}+{_VALUE}{_TAIL}"        # - value
    rf"|{_DASHES}-{_TAIL}"                        # - (an item on the following lines)
    r"|)"                                         # a blank line
)
SUBSET = re.compile(rf"(?:{_LINE}\n)*+(?:{_LINE})?", re.MULTILINE)
"""A text this matches in full is read by yaml-rs exactly as by PyYAML's safe loader."""

# Characters outside printable ASCII and the plainest of Unicode: control characters, NEL,
# the line and paragraph separators (line breaks in YAML 1.1, not in 1.2), BOM, surrogates.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def in_subset(text: str) -> bool:
    """Is `text` inside the subset on which yaml-rs and PyYAML agree?"""
    return _UNUSUAL.search(text) is None and SUBSET.fullmatch(text) is not None


def enabled() -> bool:
    return yaml_rs is not None and os.environ.get(ENV_SWITCH, "").lower() != "pyyaml"


def load(text: str) -> dict[str, Any] | None:
    """The mapping `text` holds, read by yaml-rs, or None when PyYAML must read it."""
    if not in_subset(text):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=True, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except Exception:  # anything yaml-rs refuses is for PyYAML to explain, with its marks
        return None
    return data if isinstance(data, dict) and data else None
