"""Stable ids for the parts of a record: items of a list are named by what identifies them,
never by their position, so inserting or reordering items renumbers no published id.

Each kind of list item says what identifies it with a `key()` method on its class (a weapon its
kind and model, a side its country, a role its date and title). `key_path` turns the path of a
node in a record ('weapons', 1, 'launched') into the path of its id ('weapons', 'missile',
'launched'); `duplicate_keys` finds the items that would share an id, which validation refuses.
A class whose items may share a key (`repeats`, citations: two quotes of one source) adds the
item's ordinal among those with its key.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Iterator, get_args, get_origin

from pydantic import BaseModel


def item_keys(items) -> list[str]:
    """The key of each item of a list, as its id names it: `key()`, plus the item's ordinal
    among those with its key where its class `repeats` keys; an id is its own key."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for item in items:
        key = getattr(item, "key", None)
        if key is None:
            if not isinstance(item, str):
                raise TypeError(f"{type(item).__name__} has no key(): its id would be a list position")
            keys.append(item)  # a list of ids: the id is its own key
            continue
        key = key()
        if item.repeats:
            ordinal = seen.get(key, 0)
            seen[key] = ordinal + 1
            key = f"{key}/{ordinal}"
        keys.append(key)
    return keys


def key_path(record: BaseModel, path: tuple, memo: dict[int, list[str]] | None = None) -> tuple[str, ...]:
    """The path of the node at `path` in `record`, with each list index replaced by the key of
    the item it indexes: ('sides', 0, 'subsets', 1, 'count') -> ('sides', 'ukraine',
    'subsets', 'held-since-2022', 'count'). `memo` keeps the keys of the lists met, for the
    many paths into one record (id(list) -> keys): give the same dict for one record only."""
    out: list[str] = []
    node = record
    for step in path:
        if isinstance(step, int):
            if memo is None:
                keys = item_keys(node)
            else:
                keys = memo.get(id(node))
                if keys is None:
                    keys = memo[id(node)] = item_keys(node)
            out.append(keys[step])
            node = node[step]
        else:
            out.append(step)
            node = getattr(node, step)
    return tuple(out)


def _unwrap(annotation):
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


@cache
def _keyed_lists(cls: type) -> tuple[tuple[str, bool, bool], ...]:
    """(field, check its keys, look inside its items) for each field of a model class that is a
    list of items with a key, or of items holding such lists; fields needing neither are left out
    (citations: their keys repeat, and they hold no list), so most records cost one look-up."""
    found = []
    for name, info in cls.model_fields.items():
        annotation = _unwrap(info.annotation)
        if get_origin(annotation) is list:
            item = _unwrap(get_args(annotation)[0])
            if isinstance(item, type) and issubclass(item, BaseModel) and hasattr(item, "key"):
                check, inside = not item.repeats, bool(_keyed_lists(item))
                if check or inside:
                    found.append((name, check, inside))
    return tuple(found)


def duplicate_keys(record: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, str, int]]:
    """(path of the item, its key, index of the first item with that key) of every list item
    in `record` whose key an earlier item of the same list already has: the two would share
    one published id. Items whose class `repeats` keys are numbered instead, never reported."""
    for name, check, inside in _keyed_lists(type(record)):
        items = getattr(record, name)
        if check and len(items) > 1:
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                key = item.key()
                if key in seen:
                    yield (*path, name, i), key, seen[key]
                else:
                    seen[key] = i
        if inside:
            for i, item in enumerate(items):
                yield from duplicate_keys(item, (*path, name, i))
