"""Fact values as a diff shows them: quantities as the source stated them, dates and
windows in words, texts cut where they differ, list items by what identifies them."""

from __future__ import annotations

from typing import Callable

MISSING = object()
"""A value absent on one side."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHOWN_TEXT = 70
"""Longest text shown for a value; longer ones are cut with an ellipsis."""
SHOWN_QUOTE = 240
"""Longest quote shown whole; a reviewer checks it against the source, so it is cut later."""
AROUND_FIGURE = 40
"""Characters of a quote shown on each side of the words that state a figure."""



def _cut(text: str, width: int = SHOWN_TEXT) -> str:
    """The text on one line, cut after a whole word with an ellipsis when over `width`."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text.rfind(" ", width // 2, width)
    return text[: cut if cut > 0 else width - 1] + "…"


def show_text_change(old: str, new: str, width: int = SHOWN_TEXT) -> tuple[str, str]:
    """Two versions of a text, cut to show where they differ rather than how they begin."""
    old, new = " ".join(old.split()), " ".join(new.split())
    if len(old) <= width and len(new) <= width:
        return old, new
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    start = max(0, same - width // 3)
    if start:  # from the start of a word
        start = old.find(" ", start, same) + 1 or start
    lead = "…" if start else ""
    return _cut(lead + old[start:], width), _cut(lead + new[start:], width)


def show_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def show_key_part(part, name: Callable[[str], str | None]) -> str:
    if isinstance(part, str):
        if part.startswith("#"):
            return part
        return _cut(name(part) or part)  # a role's title whole, as long as most are
    return show_scalar(part)


_QUALIFIER_WORDS = {
    "at_least": "at least", "more_than": "more than", "at_most": "at most",
    "less_than": "less than", "approximately": "about",
}


def show_quantity(quantity) -> str:
    """A quantity as the source stated it: '156', 'at least 2', '2–3', 'ratusan (200–999)',
    with its unit, words and derivation where the file gives them: "2 in 'dua kapal'",
    '2 (derived: ...)'."""
    if not isinstance(quantity, dict):
        return show_scalar(quantity)
    text = _stated(quantity)
    if quantity.get("unit"):
        text += f" {quantity['unit']}"
    if quantity.get("words"):
        text += f" in '{quantity['words']}'"
    if quantity.get("derived"):
        text += f" (derived: {quantity['derived']})"
    return text


def _stated(quantity: dict) -> str:
    qualifier = quantity.get("qualifier")
    value, low, high = (quantity.get(k) for k in ("value", "low", "high"))
    if qualifier == "range":
        return f"{show_scalar(low)}–{show_scalar(high)}"
    if qualifier == "vague":
        bounds = f" ({show_scalar(low) if low is not None else '?'}–{show_scalar(high) if high is not None else '?'})"
        return f"{quantity.get('text')}{bounds if low is not None or high is not None else ''}"
    text = show_scalar(value)
    if qualifier in _QUALIFIER_WORDS:
        text = f"{_QUALIFIER_WORDS[qualifier]} {text}"
    if quantity.get("text"):
        text += f" ('{quantity['text']}')"
    return text


def _date_parts(value: str) -> list[str]:
    pieces = str(value).split("-")
    parts = []
    if len(pieces) == 3:
        parts.append(str(int(pieces[2])))
    if len(pieces) >= 2:
        parts.append(MONTHS[int(pieces[1]) - 1])
    parts.append(pieces[0])
    return parts


def when_phrase(when) -> str:
    """'5 Feb 2026', 'Jun 2025', '4–5 Feb 2026', 'night of 31 Jan–1 Feb 2026', 'by 1 Jun 2025'
    (a window with only its last day), or 'undated'."""
    if when is None or when is MISSING:
        return "undated"
    if isinstance(when, str):
        return " ".join(_date_parts(when))
    end = _date_parts(when["to"])
    if "from" not in when:
        return f"by {' '.join(end)}"
    start = _date_parts(when["from"])
    if start == end:
        text = " ".join(start)
    else:
        common = 0
        if len(start) == len(end):
            while common < len(start) - 1 and start[-1 - common] == end[-1 - common]:
                common += 1
        text = f"{' '.join(start[: len(start) - common])}–{' '.join(end)}"
    return f"night of {text}" if when.get("overnight") else text


def path_label(path: tuple, name: Callable[[str], str | None]) -> str:
    """A path of field names and item keys: 'delegations[Ukraine].members'."""
    text = ""
    for step in path:
        if isinstance(step, tuple):
            text += "[" + ", ".join(show_key_part(p, name) for p in step) + "]"
        else:
            text += ("." if text else "") + str(step)
    return text




def show_quote(quote: str) -> str:
    return _cut(quote, SHOWN_QUOTE)


def show_citation(citation: dict) -> str:
    """'“Wali Kota Vitali Klitschko” (src1)', with its translation where it has one."""
    text = f"“{show_quote(citation['quote'])}” ({citation.get('source', '?')})"
    if citation.get("translation"):
        text += f" = “{_cut(citation['translation'], SHOWN_QUOTE)}”"
    return text


def around(quote: str, start: int, end: int) -> str:
    """The words start:end of a (normalised) quote with up to AROUND_FIGURE characters of
    whole words on each side: '…dalam semalam, dan 157 drone di antaranya ditembak…'."""
    begin, stop = max(0, start - AROUND_FIGURE), min(len(quote), end + AROUND_FIGURE)
    if begin:
        begin = quote.find(" ", begin, start) + 1 or begin
    if stop < len(quote):
        cut = quote.rfind(" ", end, stop)
        stop = cut if cut > end else stop
    return ("…" if begin else "") + quote[begin:stop].strip() + ("…" if stop < len(quote) else "")
