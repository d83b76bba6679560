"""Claims of violence: air attacks (`air_attack`), strikes and the damage claimed for them
(`strike`), people killed or injured (`casualties`)."""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from .base import FactModel, Id, NonEmptyText, slug
from .claimbase import ClaimBase, Inequality, _ref, _refs, counted, quantity_text, shorten
from .quantity import Quantity
from .statement import FigureRef, fig as _fig
from .units import plural


# --- air attacks ---------------------------------------------------------------------

WeaponKind = Literal[
    "drone",
    "missile",
    "ballistic_missile",
    "cruise_missile",
    "guided_air_missile",
    "guided_bomb",
    "aircraft",
    "weapon",
]


class WeaponFigures(FactModel):
    """Figures for one kind of weapon. `weapon` is every kind together, for figures a source
    gives for drones and missiles combined ("52 of them were shot down")."""

    kind: WeaponKind
    model: str | None = Field(default=None, description="Model where named, e.g. 'Shahed', 'Iskander-M'.")
    launched: Quantity | None = Field(default=None, description="Launched or fired.")
    neutralized: Quantity | None = Field(
        default=None,
        description="Shot down or neutralised (suppressed by electronic warfare) as one figure, "
        "as the claimant counts it.",
    )
    shot_down: Quantity | None = Field(default=None, description="Shot down, where given apart.")
    suppressed: Quantity | None = Field(
        default=None, description="Lost to electronic warfare ('dipadamkan', 'locationally lost'), where given apart."
    )
    impacted: Quantity | None = Field(default=None, description="Hit their targets.")

    def key(self) -> str:
        """What identifies it among its claim's weapons (in figure ids): kind, and model if named."""
        return self.kind if self.model is None else f"{self.kind}.{slug(self.model)}"

    def measure(self, field: str) -> str:
        plural = {"weapon": "weapons", "guided_bomb": "guided_bombs"}.get(self.kind, self.kind + "s")
        return f"{plural}_{field}"

    @property
    def unit(self) -> str:
        return "aircraft" if self.kind == "aircraft" else plural(self.kind.replace("_", " "))


class AirAttack(ClaimBase):
    """A report of a drone / missile attack, usually one night's."""

    type: Literal["air_attack"]
    attacker: Id | None = Field(default=None, description="Country that launched the attack.")
    target_country: Id | None = Field(default=None, description="Country attacked.")
    weapons: list[WeaponFigures] = Field(default_factory=list)
    impact_locations: Quantity | None = Field(default=None, description="Number of places hit.")
    regions: list[Id] = Field(default_factory=list, description="Regions or places named (place ids).")
    regions_count: Quantity | None = Field(
        default=None, description="Number of regions over which it took place, where stated."
    )

    def figures(self):
        for i, w in enumerate(self.weapons):
            for field in ("launched", "neutralized", "shot_down", "suppressed", "impacted"):
                yield from self._weapon(i, field)
        place = self._place()
        yield from _fig("impact_locations", self.impact_locations, ("impact_locations",), "locations", place)
        yield from _fig("regions", self.regions_count, ("regions_count",), "regions", place)

    def _place(self) -> str | None:
        return self.place_id() or self.target_country

    def _weapon(self, i: int, field: str) -> Iterator[FigureRef]:
        w = self.weapons[i]
        yield from _fig(w.measure(field), getattr(w, field), ("weapons", i, field), w.unit.replace(" ", "_"),
                        self._place(), detail=w.model)

    def references(self):
        yield from super().references()
        yield from _ref(("attacker",), self.attacker, ("country",))
        yield from _ref(("target_country",), self.target_country, ("country",))
        yield from _refs(("regions",), self.regions, ("place",))

    def inequalities(self):
        for i, w in enumerate(self.weapons):
            if w.launched is None:
                continue
            (whole,) = self._weapon(i, "launched")
            outcome = [f for field in ("neutralized", "impacted") for f in self._weapon(i, field)]
            if outcome:
                yield Inequality(tuple(outcome), whole, "neutralised + impacted <= launched")
            # Shot down, suppressed and impacted are outcomes of different weapons, as
            # neutralised and impacted are: given apart, they still add up to no more.
            split = [f for field in ("shot_down", "suppressed", "impacted") for f in self._weapon(i, field)]
            if w.shot_down is not None or w.suppressed is not None:  # impacted alone is above
                yield Inequality(tuple(split), whole, "shot down + suppressed + impacted <= launched")

    def place_id(self):
        return self.regions[0] if len(self.regions) == 1 else None

    def summary(self):
        """'Air attack with 183 drones and 2 missiles' (launched), else its first other figure
        ('Air attack: 95 drones shot down'), else its weapons and the places hit ('Air attack
        with drones: beberapa (2 or more) districts hit'); then over how many regions."""
        weapons = [w for w in self.weapons if w.kind != "weapon"] or self.weapons
        launched = [counted(w.launched, w.unit) for w in weapons if w.launched is not None]
        other = [f"{counted(getattr(w, field), w.unit)} {field.replace('_', ' ')}" for w in weapons
                 for field in ("neutralized", "shot_down", "suppressed", "impacted") if getattr(w, field) is not None]
        kinds = list(dict.fromkeys(w.unit for w in weapons))
        about = "Air attack" + (" with " + _and(launched or kinds) if launched or (kinds and not other) else "")
        if not launched and other:
            about += ": " + other[0]
        elif not launched and self.impact_locations is not None:
            unit = getattr(self.impact_locations, "unit", None) or "locations"
            about += f": {counted(self.impact_locations, unit)} hit"
        if self.regions_count is not None:
            about += f" over {counted(self.regions_count, 'regions')}"
        return about

    def event_parties(self):
        """(attacker, '->', target country), where it names both."""
        return _direction(self.attacker, self.target_country)


# --- strikes and damage -------------------------------------------------------------


class DamageItem(FactModel):
    object: NonEmptyText = Field(description="What was hit, singular: 'aircraft', 'ship', 'pier', 'bridge', 'train'.")
    effect: Literal["hit", "damaged", "destroyed", "collapsed", "derailed", "burned", "disrupted"]
    count: Quantity | None = Field(default=None, description="How many.")
    percent: Quantity | None = Field(default=None, description="Share of a whole, in percent (e.g. '34%').")
    of_what: str | None = Field(default=None, description="The whole a percentage refers to.")

    def key(self) -> str:
        """What identifies it among its claim's damage (in figure ids): object and effect."""
        return f"{slug(self.object, '_')}_{self.effect}"

    def measure(self, suffix: str = "") -> str:
        obj = self.object.strip().lower().replace(" ", "_")
        return f"{obj}_{self.effect}{suffix}"


class Strike(ClaimBase):
    """A strike or sabotage and the damage claimed for it."""

    type: Literal["strike"]
    attacker: Id | None = Field(default=None, description="Country or organization that struck.")
    target_country: Id | None = None
    places: list[Id] = Field(default_factory=list, description="Where (place ids).")
    places_count: Quantity | None = Field(default=None, description="Number of regions or sites, where stated.")
    weapon: str | None = Field(default=None, description="Means, e.g. 'drone', 'explosion'.")
    target: str | None = Field(default=None, description="What was targeted, in words.")
    damage: list[DamageItem] = Field(default_factory=list)

    def figures(self):
        place = self.place_id() or self.target_country
        for i, d in enumerate(self.damage):
            yield from _fig(d.measure(), d.count, ("damage", i, "count"), plural(d.object), place, detail=d.of_what)
            yield from _fig(d.measure("_percent"), d.percent, ("damage", i, "percent"), "percent", place,
                            detail=d.of_what)
        yield from _fig("places", self.places_count, ("places_count",), "places", place)

    def references(self):
        yield from super().references()
        yield from _ref(("attacker",), self.attacker, ("country", "organization"))
        yield from _ref(("target_country",), self.target_country, ("country",))
        yield from _refs(("places",), self.places, ("place",))

    def place_id(self):
        return self.places[0] if len(self.places) == 1 else None

    def summary(self):
        """'Strike by drone on airfields: beberapa (2 or more) aircraft burned': the means, the
        target and the damage, as far as it states them."""
        about = "Strike"
        if self.weapon:
            about += f" by {self.weapon}"
        if self.target:
            about += f" on {self.target}"
        if self.places_count is not None:
            unit = getattr(self.places_count, "unit", None) or "places"
            about += f" in {counted(self.places_count, unit)}"
        damage = [_damage_text(d) for d in self.damage]
        if damage:
            about += ": " + ", ".join(damage)
        return shorten(about)

    def event_parties(self):
        """(attacker, '->', target country), where it names both."""
        return _direction(self.attacker, self.target_country)


# --- casualties -----------------------------------------------------------------------


class Casualties(ClaimBase):
    """People killed or injured."""

    type: Literal["casualties"]
    place: Id | None = Field(default=None, description="Where (place id).")
    population: Literal["civilian", "military", "unknown"] = "unknown"
    cause: str | None = Field(default=None, description="e.g. 'drone attack', 'bridge collapse'.")
    killed: Quantity | None = None
    injured: Quantity | None = None

    def figures(self):
        # "unknown" is the default, not something the source said: no detail of its own.
        population = None if self.population == "unknown" else self.population
        detail = ", ".join(x for x in (population, self.cause) if x) or None
        for field in ("killed", "injured"):
            yield from _fig(field, getattr(self, field), (field,), "people", self.place,
                            detail=detail, population=self.population)

    def references(self):
        yield from super().references()
        yield from _ref(("place",), self.place, ("place", "country"))

    def place_id(self):
        return self.place

    def summary(self):
        """'Casualties: at least 7 killed, in railway bridge collapses and train derailments'."""
        counts = [f"{quantity_text(getattr(self, field))} {field}"
                  for field in ("killed", "injured") if getattr(self, field) is not None]
        about = "Casualties" + (": " + ", ".join(counts) if counts else "")
        if self.population != "unknown":
            about += f" ({self.population})"
        return shorten(about + (f", in {self.cause}" if self.cause else ""))


def _damage_text(d: DamageItem) -> str:
    """'2 ships damaged', '34 percent of Russia's cruise-missile carrier aircraft hit', 'building damaged'."""
    if d.count is not None:
        return f"{counted(d.count, plural(d.object))} {d.effect}"
    if d.percent is not None:
        return f"{quantity_text(d.percent)} percent of {d.of_what or plural(d.object)} {d.effect}"
    return f"{d.object} {d.effect}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _direction(attacker: str | None, target: str | None) -> tuple[str, ...] | None:
    return None if attacker is None or target is None else (attacker, "->", target)
