"""A fast path for the YAML that fact files are written in, giving exactly PyYAML's data.

PyYAML's safe loader is the reference for what a fact file means, but its constructor runs
in Python and costs most of a validation run. yaml-rs (a Rust parser) builds the same Python
objects five times faster, but it reads YAML 1.2, which differs from PyYAML's YAML 1.1 on
plain scalars (`yes`, `on`, `off` are booleans for PyYAML, text for yaml-rs; `012`, `0o12`,
`1:20`, `1e3`, `-.5`, `_1` differ too), and it turns any scalar that looks like a date into a
date, even a quoted one. So yaml-rs reads only a text that lies wholly inside a subset of
YAML on which both agree, recognised by one regular expression over the whole text:

- block mappings and sequences indented with spaces (at most 64 columns), one entry a line;
- keys: a letter, then letters, digits and '_' (not a YAML 1.1 boolean or null word);
- double-quoted strings with the escapes \\" \\\\ \\/ \\b \\f \\n \\r \\t only, and single-quoted
  strings, neither starting like a date; one-line flow mappings and sequences of scalars;
- plain scalars of the shapes whose meaning is the same in both: text that starts with a
  letter or a non-ASCII character and is not a boolean, null, nan or inf word in any letter
  case; `true`, `false`, `null`; decimal integers without leading zeros; decimal fractions;
  dates YYYY-MM-DD and months YYYY-MM (19xx/20xx); ids led by digits such as
  `000_bf917d9e` or `2025-06-02-attack.ua` (a letter no number can hold, no 0x/0o/0b);
- after a key on a line of its own: a plain text continued on deeper-indented lines, or a
  block scalar (| |- > >-) whose lines share one indentation, carry no trailing spaces, do
  not start like a date and end with a line break;
- comments. Nothing else: no anchors, aliases, tags, merge keys, document markers,
  directives, tabs, CR, control characters or the YAML 1.1 line breaks (NEL, U+2028/9).

yaml-rs also reads a scalar that is a whole time of day (`'06:30:00'`, `"23:59:59.5"`, a block
holding one) as a `datetime.time`, quoted or not, where PyYAML keeps the text; the subset does
not try to describe every shape its reader takes for a time. Instead the result itself is
checked: PyYAML never gives a time, and on texts of the subset never a datetime, so a result
holding either goes to PyYAML (looked for only in texts where a digit, a colon and a digit
follow each other, which every such scalar has).

Anything outside the subset, anything yaml-rs refuses (duplicate keys among them), any result
holding a value PyYAML would not give, and any document that is not a non-empty mapping goes
to PyYAML, which also gives every error with its line and column. tests/test_fast_parse.py checks, on hand-picked, exhaustive (every date
shape) and generated documents, that whatever the subset accepts gives data equal to
PyYAML's, value for value, type for type and key order included.
"""

from __future__ import annotations

import datetime as dt
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
# Where a plain scalar ends: the line's end or a comment; in flow also a separator.
_END_BLOCK = r"(?=[ ]*+(?:$|[ ]\#))"
_END_FLOW = r"(?=[ ]*+(?:$|[ ]\#|[,\]}]))"


def _not_keyword(end: str) -> str:
    # Checking the first letter first keeps the common case cheap.
    return rf"(?:(?={_KEYWORD_START})(?!(?i:{_KEYWORDS}){end})|(?!{_KEYWORD_START}))"


# Text: starts with a letter or a non-ASCII character (no YAML indicator, number or keyword
# starts so); then anything but a line break, ': ', ' #', a trailing ':' or trailing spaces.
_START = r"[A-Za-z\u00a0-\U0010ffff]"
_TEXT_BLOCK = rf"{_not_keyword(_END_BLOCK)}{_START}(?>[^\n:# ]++|:(?=[^ \n])|\#|[ ]++(?=[^ \n\#]))*+"
# In flow, ',[]{}' end a scalar and PyYAML refuses ':' inside one.
_TEXT_FLOW = rf"{_not_keyword(_END_FLOW)}{_START}(?>[^\n:#,\[\]{{}} ]++|\#|[ ]++(?=[^ \n\#,\[\]{{}}]))*+"
# A continuation line of a multi-line plain text, starting with no indicator.
_CONTINUATION = r"[^\s\-?:,\[\]{}\#&*!|>'\"%@`](?>[^\n:# ]++|:(?=[^ \n])|\#|[ ]++(?=[^ \n\#]))*+"
# Digit-led ids (000_bf91, 2025-06-02-attack.ua): a letter other than e/E that cannot be
# part of a number, no 0x / 0o / 0b prefix, and no date followed by anything but - _ .
_DIGIT_ID = r"(?!0[xXoObB]|[0-9]{4}-[0-9]{1,2}+-[0-9]{1,2}+(?![-_.]))[0-9][0-9eE._-]*+[a-df-zA-DF-Z][0-9A-Za-z._-]*+"
_INT = r"-?(?:0|[1-9][0-9]{0,17})"
_FLOAT = r"-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}"
_DATE = r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])"
_CONSTANT = r"(?:true|false|null)"


def _plain(text: str, end: str) -> str:
    shapes = (_CONSTANT, text, _DIGIT_ID, _DATE, _MONTH, _FLOAT, _INT)
    return "(?>" + "|".join(shape + end for shape in shapes) + ")"


# yaml-rs turns any scalar that looks like a date into one, even a quoted or block one;
# PyYAML only a plain one. Quoted and block scalars that start like a date are for PyYAML.
_NOT_DATE_LIKE = r"(?![ ]*+[0-9]{4}-[0-9])"
_DQ = rf'"{_NOT_DATE_LIKE}[^"\\\n]*+(?:\\["\\/bfnrt][^"\\\n]*+)*+"'
_SQ = rf"'{_NOT_DATE_LIKE}[^'\n]*+(?:''[^'\n]*+)*+'"
_KEY = rf"{_not_keyword(':')}[A-Za-z][A-Za-z0-9_]{{0,99}}+"
_FLOW_SCALAR = rf"(?>{_DQ}|{_SQ}|{_plain(_TEXT_FLOW, _END_FLOW)})"
_BLOCK_SCALAR = rf"(?>{_DQ}|{_SQ}|{_plain(_TEXT_BLOCK, _END_BLOCK)})"
_FLOW_SEQ = rf"\[[ ]*+(?:{_FLOW_SCALAR}[ ]*+(?:,[ ]*+{_FLOW_SCALAR}[ ]*+)*+)?\]"
_FLOW_VALUE = rf"(?>{_FLOW_SCALAR}|{_FLOW_SEQ})"
_FLOW_MAP = (
    rf"\{{[ ]*+(?:{_KEY}:[ ]++{_FLOW_VALUE}[ ]*+"
    rf"(?:,[ ]*+{_KEY}:[ ]++{_FLOW_VALUE}[ ]*+)*+)?\}}"
)
_VALUE = rf"(?>{_BLOCK_SCALAR}|{_FLOW_MAP}|{_FLOW_SEQ})"
_TAIL = r"(?:[ ]++\#[^\n]*+|[ ]*+)"
# A value written over several lines, only after a key on a line of its own (no '- ' before
# it, so that the key's column is the line's indentation): a plain text continued on lines
# indented deeper than the key, or a block scalar (| |- > >-) whose lines share one
# indentation deeper than the key, carry no trailing spaces, end with a line break (yaml-rs
# adds one where the file ends without it), and are not followed by blank lines that would
# belong to it.
_CONTINUED_TEXT = rf"{_TEXT_BLOCK}{_END_BLOCK}(?:\n(?P=indent)[ ]++{_CONTINUATION})*+"
_CONTENT_LINE = r"[^ \n](?:[^\n ]++|[ ]++(?=[^ \n]))*+"
_BLOCK_TEXT = (
    r"[|>]-?[ ]*+"
    rf"\n(?P<content>(?P=indent)[ ]++){_NOT_DATE_LIKE}{_CONTENT_LINE}"
    rf"(?:\n(?P=content){_CONTENT_LINE})*+"
    r"(?=\n)(?!(?:\n(?!(?P=content))[ ]*+(?=\n))*+\n(?P=content))"
)
_KEY_VALUE = (
    rf"(?>{_DQ}|{_SQ}|{_FLOW_MAP}|{_FLOW_SEQ}|{_BLOCK_TEXT}"
    + "".join(f"|{shape}{_END_BLOCK}" for shape in (_CONSTANT,))
    + f"|{_CONTINUED_TEXT}"
    + "".join(f"|{shape}{_END_BLOCK}" for shape in (_DIGIT_ID, _DATE, _MONTH, _FLOAT, _INT))
    + ")"
)
_LINE = (
    r"(?P<indent>[ ]{0,64}+)(?>"
    rf"{_KEY}:(?:[ ]++{_KEY_VALUE})?{_TAIL}"     # key: value
    rf"|(?:-[ ]++){{1,8}}+{_KEY}:(?:[ ]++{_VALUE})?{_TAIL}"  # - key: value
    rf"|(?:-[ ]++){{1,8}}+{_VALUE}{_TAIL}"        # - value
    rf"|(?:-[ ]++){{0,8}}+-{_TAIL}"               # - (an item on the following lines)
    r"|\#[^\n]*+"                                 # a comment line
    r"|)"                                         # a blank line
)
SUBSET = re.compile(rf"(?:{_LINE}(?:\n|(?=\Z)))*+", re.MULTILINE)
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
    if not (isinstance(data, dict) and data):
        return None
    if _TIME_LIKE.search(text) is not None and _holds_a_time(data):
        return None
    return data


# Every scalar yaml-rs reads as a time or datetime has this (hh:mm); few fact files do.
_TIME_LIKE = re.compile(r"[0-9]:[0-9]")
_NOT_PYYAML = (dt.time, dt.datetime)
"""Types yaml-rs may give on a text of the subset where PyYAML would give text."""


def _holds_a_time(data: Any) -> bool:
    """Does the data hold a time or datetime anywhere (a value: keys are plain words)?"""
    stack = [data]
    while stack:
        node = stack.pop()
        for value in node.values() if isinstance(node, dict) else node:
            if isinstance(value, (dict, list)):
                stack.append(value)
            elif isinstance(value, _NOT_PYYAML):
                return True
    return False
