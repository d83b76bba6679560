"""Reading one YAML fact file safely, and finding the line of any node in it.

PyYAML's safe schema is the reference for what a fact file means. On top of it:
duplicate keys are errors (PyYAML keeps the last silently), aliases are refused (a
"billion laughs" file is stopped at its first alias instead of expanding), and any
explicit tag outside the safe schema is refused, never executed.
"""

from __future__ import annotations

import re
from typing import Any

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
        return super().construct_object(node, deep)

    def construct_yaml_timestamp(self, node):
        # An impossible date (2025-02-30) stays text, so the model reports it with its place.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise FactYAMLError(
                        "yaml-alias", "merge keys (<<) are not allowed in fact files",
                        *_at(key_node.start_mark),
                    )
                if isinstance(key_node, yaml.ScalarNode):
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        line = seen[key].line + 1
                        raise FactYAMLError(
                            "yaml-duplicate-key",
                            f"duplicate key {key_node.value!r} (first at line {line}); "
                            "keep one of them",
                            *_at(key_node.start_mark),
                        )
                    seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep)


def _first_alias(text: str):
    """Mark of the first alias (*name): the composed tree only knows the anchored node."""
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark
    except yaml.YAMLError:
        pass
    return None


def _tab_indent(text: str) -> FactYAMLError | None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            return FactYAMLError(
                "yaml-tab",
                "tab character in indentation; indent with spaces",
                number,
                indent.index("\t") + 1,
            )
    return None


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
    tab = _tab_indent(text) if "\t" in text else None
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
    except (ValueError, TypeError, OverflowError) as exc:
        # The safe constructors can still fail on odd scalars (huge or malformed values).
        raise FactYAMLError("yaml-syntax", f"cannot read a value: {exc}", 1, 1) from None
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
    except (yaml.YAMLError, ValueError):
        return False
    return value == step if isinstance(step, int) else repr(value) == step


FactLoader.add_constructor("tag:yaml.org,2002:timestamp", FactLoader.construct_yaml_timestamp)
