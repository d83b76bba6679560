"""Reading one YAML fact file safely, and finding the line of any node in it.

PyYAML's safe schema is the reference for what a fact file means. On top of it:
duplicate keys are errors (PyYAML keeps the last silently; keys are compared as YAML 1.1
reads them, so `yes:` and `on:`, or `1:` and `01:`, are the same key), aliases are refused
(a "billion laughs" file is stopped at its first alias instead of expanding), and any
explicit tag outside the safe schema is refused, never executed. Whatever PyYAML raises
while reading a file becomes a FactYAMLError with the place it concerns: a value its tag
cannot be read as (`!!int ''`, `!!bool maybe`) is a `yaml-value` problem at that value.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Iterator

import yaml

from . import fastyaml

# libyaml's C parser where it was compiled in; the pure-Python one otherwise.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FactYAMLError(Exception):
    """A problem in a YAML file, with its code and 1-based position."""

    def __init__(self, code: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


def _at(mark) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


class FactLoader(_SafeLoader):
    """The safe loader, with duplicate keys and aliases made errors."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

    def construct_object(self, node, deep=False):
        # A node seen before is an alias (*name) pointing at an anchored node.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise FactYAMLError(
                "yaml-alias",
                "aliases (*name) are not allowed in fact files; write the value out in full",
                *_at(_first_alias(self.text) or node.start_mark),
            )
        with _placed(node):
            return super().construct_object(node, deep)

    def construct_yaml_timestamp(self, node):
        # An impossible date (2025-02-30) stays text, so the model reports it with its place.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise FactYAMLError(
                        "yaml-alias", "merge keys (<<) are not allowed in fact files",
                        *_at(key_node.start_mark),
                    )
                if isinstance(key_node, yaml.ScalarNode):
                    key = self._key_of(key_node)
                    first = seen.setdefault(key, key_node)
                    if first is not key_node:
                        raise _duplicate(first, key_node, key[1])
        return super().construct_mapping(node, deep)

    def _key_of(self, key_node: yaml.ScalarNode) -> Any:
        """What the key is once read: its text, or for a key YAML 1.1 reads as something else
        (`yes` and `on` are both true, `1` and `01` both the integer 1) that value, as the
        mapping PyYAML builds would hold it. Text and other values never compare equal."""
        if key_node.tag == "tag:yaml.org,2002:str":
            return ("str", key_node.value)
        constructor = self.yaml_constructors.get(key_node.tag)
        if constructor is None:  # an unknown tag: refused when the key is constructed
            return (key_node.tag, key_node.value)
        with _placed(key_node):
            value = constructor(self, key_node)
        return ("value", value) if _hashable(value) else (key_node.tag, key_node.value)


def _duplicate(first: yaml.Node, again: yaml.Node, value: Any) -> FactYAMLError:
    line = first.start_mark.line + 1
    same = ""
    if first.value != again.value:
        # 1 == True in Python, so look the YAML words up by identity.
        shown = next((word for word, v in _WORDS if v is value), repr(value))
        same = f" (YAML 1.1 reads {first.value!r} and {again.value!r} as the same key, {shown})"
    return FactYAMLError(
        "yaml-duplicate-key",
        f"duplicate key {again.value!r}{same} (first at line {line}); keep one of them",
        *_at(again.start_mark),
    )


_WORDS = (("true", True), ("false", False), ("null", None))


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


_TAG_NAMES = {"tag:yaml.org,2002:" + name: "!!" + name for name in (
    "bool", "int", "float", "null", "str", "timestamp", "binary", "set", "omap", "pairs", "seq", "map")}


@contextmanager
def _placed(node: yaml.Node) -> Iterator[None]:
    """Turn anything a constructor raises for `node` into a located FactYAMLError: PyYAML's
    constructors fail with AttributeError, KeyError or IndexError on values their tag does
    not fit (`!!timestamp soon`, `!!bool maybe`, `!!int ''`)."""
    try:
        yield
    except (FactYAMLError, yaml.YAMLError, RecursionError):
        raise
    except Exception as exc:
        raise _bad_value(node, exc) from None


def _bad_value(node: yaml.Node, exc: Exception) -> FactYAMLError:
    tag = _TAG_NAMES.get(node.tag, node.tag)
    if isinstance(node, yaml.ScalarNode):
        what = f"{node.value!r} is not a valid {tag} value"
    else:
        what = f"this {tag} value cannot be read ({type(exc).__name__}: {exc})"
    return FactYAMLError(
        "yaml-value", f"{what}; write the value without the tag {tag}, or fix it", *_at(node.start_mark),
    )


def _first_alias(text: str):
    """Mark of the first alias (*name): the composed tree only knows the anchored node."""
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark
    except yaml.YAMLError:
        pass
    return None


def _tab_at(text: str, mark) -> FactYAMLError | None:
    """The tab in the indentation of the line the parser stopped at, if there is one: a tab
    elsewhere (inside quoted text, on another line) is not what stopped it."""
    if mark is None or "\t" not in text:
        return None
    lines = _LINE_BREAK.split(text)
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    stripped = line.lstrip(" \t")
    indent = line[: len(line) - len(stripped)]
    if "\t" not in indent:
        return None
    return FactYAMLError(
        "yaml-tab", "tab character in indentation; indent with spaces", mark.line + 1, indent.index("\t") + 1,
    )


def _unclosed_quote(text: str, exc: yaml.MarkedYAMLError) -> FactYAMLError | None:
    """A quoted text that is never closed, reported where it opens (the parser only notices
    at the end of the file, or at the next '---')."""
    if exc.context != "while scanning a quoted scalar" or exc.context_mark is None:
        return None
    if "end of stream" not in str(exc.problem) and "document" not in str(exc.problem):
        return None
    lines = _LINE_BREAK.split(text)
    mark = exc.context_mark
    opening = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""
    quote = opening if opening in ("'", '"') else '"'
    return FactYAMLError(
        "yaml-syntax",
        f"the quoted text that starts here is never closed; add the closing {quote}",
        *_at(exc.context_mark),
    )


def parse(text: str) -> Any:
    """The single document in `text` as plain Python data; FactYAMLError if it is not safe YAML.

    Texts in the common subset of YAML (fastyaml) are read by yaml-rs, which gives the same
    data many times faster; everything else, and every error, comes from parse_reference().
    """
    if fastyaml.enabled():
        data = fastyaml.load(text)
        if data is not None:
            return data
    return parse_reference(text)


def parse_reference(text: str) -> Any:
    """`text` read by PyYAML's safe loader with our refusals: the reference for what YAML means."""
    loader = FactLoader(text)
    try:
        if not loader.check_node():
            raise FactYAMLError("empty-file", "the file holds no YAML document; add content or delete it", 1, 1)
        node = loader.get_node()
        if loader.check_node():
            extra = loader.get_node()
            raise FactYAMLError(
                "yaml-multiple-documents",
                "only one YAML document per file is allowed (remove the '---' separator)",
                *_at(extra.start_mark),
            )
        if node is None:
            raise FactYAMLError("empty-file", "the file holds no YAML document", 1, 1)
        return loader.construct_document(node)
    except FactYAMLError:
        raise
    except yaml.constructor.ConstructorError as exc:
        if "constructor for the tag" in str(exc.problem):
            raise FactYAMLError(
                "yaml-tag",
                f"tag {_tag_of(exc)} is not allowed; fact files use plain YAML values",
                *_at(exc.problem_mark),
            ) from None
        raise FactYAMLError("yaml-syntax", _describe(exc), *_at(exc.problem_mark)) from None
    except yaml.MarkedYAMLError as exc:
        # Where the parser really stopped: at a tab in the indentation, or at the end of the
        # file for a quoted text never closed (then where it opens).
        tab = _unclosed_quote(text, exc) or _tab_at(text, exc.problem_mark)
        if tab is not None:
            raise tab from None
        raise FactYAMLError("yaml-syntax", _describe(exc), *_at(exc.problem_mark)) from None
    except yaml.reader.ReaderError:
        raise _unprintable(text) from None
    except yaml.YAMLError as exc:
        raise FactYAMLError("yaml-syntax", str(exc).strip() or "invalid YAML", 1, 1) from None
    except RecursionError:
        # Only the pure-Python parser gets here; libyaml stops at 1000 levels itself.
        raise FactYAMLError("yaml-syntax", "the YAML is nested too deeply", 1, 1) from None
    except Exception as exc:  # pragma: no cover - constructors' errors are placed (_placed)
        # Whatever else the YAML layer raises is a problem of this file, never a traceback.
        raise FactYAMLError("yaml-syntax", f"cannot read the YAML ({type(exc).__name__}: {exc})", 1, 1) from None
    finally:
        loader.dispose()


# What YAML 1.1 refuses in a stream: control characters other than tab and line breaks,
# U+FFFE/U+FFFF and lone surrogates. libyaml reports a byte offset, so we find it ourselves.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _unprintable(text: str) -> FactYAMLError:
    found = _UNPRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader refused something we do not know
        return FactYAMLError("yaml-syntax", "the file holds a character YAML does not allow", 1, 1)
    return FactYAMLError(
        "yaml-syntax",
        f"character U+{ord(found.group()):04X} is not allowed in YAML; remove it",
        *_position(text, found.start()),
    )


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of text[index], counting line breaks as YAML does."""
    line, start = 1, 0
    for brk in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, brk.end()
    return line, index - start + 1


def _tag_of(exc) -> str:
    """The tag as an editor wrote it: '!!python/object', not 'tag:yaml.org,2002:python/object'."""
    problem = str(exc.problem)
    tag = problem.split("tag", 1)[-1].strip().strip("'") if "tag" in problem else "?"
    return "!!" + tag.removeprefix(_YAML_TAG_PREFIX) if tag.startswith(_YAML_TAG_PREFIX) else tag


_YAML_TAG_PREFIX = "tag:yaml.org,2002:"


def _describe(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or "invalid YAML"


def compose(text: str) -> yaml.Node | None:
    """The node tree of a document that parsed, with marks (for positions)."""
    return yaml.compose(text, Loader=_SafeLoader)


def locate(node: yaml.Node | None, path: tuple, *, key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the node at `path`; the deepest node that exists.

    Path elements that are not keys of the current mapping are skipped: Pydantic adds
    union tags (a claim's type, 'scalar', 'mapping') and validator names to locations.
    With `key`, point at the last key rather than at its value (for unknown fields).
    """
    if node is None:
        return 1, 1
    mark = node.start_mark
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode) and isinstance(step, (str, int)):
            for key_node, value_node in node.value:
                if key_node.value == step or _non_text_key(key_node, step):
                    mark = key_node.start_mark if (key and last) else value_node.start_mark
                    node = value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                node = node.value[step]
                mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _non_text_key(key_node: yaml.Node, step) -> bool:
    """Is this the key `1`, `null` or `2025-01-01` that Pydantic names 1, 'None' or
    'datetime.date(2025, 1, 1)' in an error's location?"""
    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:str":
        return False
    try:
        value = yaml.SafeLoader("").construct_object(key_node)
    except Exception:  # a key no constructor can read names nothing Pydantic reports
        return False
    return value == step if isinstance(step, int) else repr(value) == step


FactLoader.add_constructor("tag:yaml.org,2002:timestamp", FactLoader.construct_yaml_timestamp)
