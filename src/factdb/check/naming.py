"""A figure named as the editor wrote it: the field in the file (`total`, `launched`), with
the list item it is in where there are several (`launched (missile)`), not the measure the
database gives it (`prisoners_total`, `missiles_launched`)."""

from __future__ import annotations

# What tells the items of a list apart, in the order tried: the same fields a diff keys them by.
_IDENTITY = ("kind", "side", "person", "object", "effect", "description", "source", "title")


def written(record, path: tuple) -> str:
    """'total', 'launched (missile)', 'count (railway bridge collapsed)', 'returned (ukraine)'."""
    names = [step for step in path if isinstance(step, str)]
    field = names[-1] if names else ".".join(map(str, path))
    items, node = [], record
    for step in path:
        node = node[step] if isinstance(step, int) and isinstance(node, (list, tuple)) else getattr(node, str(step), None)
        if node is None:
            break
        if isinstance(step, int):
            ident = [str(getattr(node, a)) for a in _IDENTITY if isinstance(getattr(node, a, None), str)]
            if ident:
                items.append(" ".join(ident[:2]))
    return f"{field} ({', '.join(items)})" if items else field


__all__ = ["written"]
