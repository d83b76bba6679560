"""Units: what a figure counts or measures, and whether it is a count.

Every figure has a unit, a plural noun in snake_case (`drones`, `people`, `hours`): the claim
class declares the default of each figure it holds (`FigureRef.unit`), and a quantity mapping
may override it (`{qualifier: exact, value: 3, unit: regions}`) where the class cannot know it.

A unit's kind decides what the words' bounds are: a **count** is a whole number, so "more than
40" aircraft is at least 41; a **measure** (hours, days, percent, km ...) is not, so "more than
one hour" is above 1 and never 2: the bound stays 1 and is open.
"""

from __future__ import annotations

from typing import Literal

UnitKind = Literal["count", "measure"]

MEASURE_UNITS: frozenset[str] = frozenset({
    "seconds", "minutes", "hours", "days", "nights", "weeks", "months", "years",
    "percent", "percentage_points", "km", "kilometres", "kilometers", "miles", "metres", "meters",
    "kg", "tonnes", "tons", "litres", "usd", "dollars", "euros", "hryvnias", "roubles", "rubles",
})
"""Units whose figures are not counted in whole numbers. Every other unit is a count."""


def unit_kind(unit: str) -> UnitKind:
    """'measure' for the units of MEASURE_UNITS (as written, or snake_cased), else 'count'."""
    key = unit.strip().lower().replace(" ", "_").replace("-", "_")
    return "measure" if key in MEASURE_UNITS else "count"


_INVARIANT = frozenset({"aircraft", "personnel", "equipment", "artillery", "infantry", "sheep"})


def plural(noun: str) -> str:
    """The unit for counting `noun` (an English singular, as damage objects are named):
    'ship' -> 'ships', 'power supply' -> 'power_supplies', 'aircraft' -> 'aircraft'."""
    words = noun.strip().lower().split()
    last = words[-1] if words else "items"
    if last in _INVARIANT or last.endswith("s"):
        pass
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    elif last.endswith(("x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return "_".join([*words[:-1], last])
