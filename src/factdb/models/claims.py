"""Claims: what somebody (the claimant) said, as reported by a source (the citations).

Each claim type is one model below. A claim type describes itself to the rest of the
program through three methods, so adding a type means adding one class here and naming
it in `CLAIM_CLASSES`:

- `figures()`: every number it states, with a measure name (`drones_launched`), the path of
  the YAML node that holds it, and what the class knows of it: its default unit, place,
  detail and the scope it is compared within (`FigureRef`);
- `references()`: every entity id it points at, with the kinds of entity allowed there;
- `inequalities()`: arithmetic that must hold between its figures (parts <= whole);
- `ordinals()`: numbers it records that are not counts (a meeting's round), still checked
  against its quotes.

Every claim has a `status` (reported, planned, agreed, demanded, forecast, ...): a figure of
a planned meeting or a demand is not one of something that happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Iterator, Literal, Union

from pydantic import Field

from .base import Citation, FactModel, Id, NonEmptyText, PartialDate, When, slug
from .quantity import Quantity
from .statement import STATUS_DESCRIPTION, FigureRef, Path, Status, fig as _fig
from .units import plural

EntityKind = Literal["person", "organization", "country", "place", "source", "claim", "event"]

CLAIMANT_KINDS: tuple[EntityKind, ...] = ("person", "organization", "country")


@dataclass(frozen=True)
class Reference:
    path: Path
    target: str
    kinds: tuple[EntityKind, ...]


@dataclass(frozen=True)
class Inequality:
    """sum(parts) <= whole must be possible given the stated bounds."""

    parts: tuple[FigureRef, ...]
    whole: FigureRef
    what: str


class ClaimBase(FactModel):
    id: Id
    claimant: Id = Field(
        description="Who made the claim (person, organization or country id): the Ukrainian Air "
        "Force, the Russian MoD, a mayor. Not the outlet that reported it, unless it speaks for itself."
    )
    co_claimants: list[Id] = Field(
        default_factory=list,
        description="Others who made the claim jointly with the claimant (a joint statement), "
        "person, organization or country ids.",
    )
    when: When | None = Field(
        default=None, description="Date or window of the event the claim is about."
    )
    event: Id | None = Field(
        default=None,
        description="The event the claim is about (event id, see `events`): claims of any type "
        "and claimant about one night of attacks, one exchange or one round of talks share it, "
        "and are compared on it (disputed and corroborated figures).",
    )
    stated: PartialDate | None = Field(
        default=None,
        description="When the claimant said it, where the source gives that day and it is not "
        "the event's own date ('Zelenskyy said on Wednesday that an exchange is expected').",
    )
    status: Status = Field(default="reported", description=STATUS_DESCRIPTION)
    citations: list[Citation] = Field(min_length=1, description="Where the claim was read.")
    notes: str | None = Field(default=None, description="Editor's notes on reading the source.")

    def figures(self) -> Iterator[FigureRef]:
        return iter(())

    def ordinals(self) -> Iterator[FigureRef]:
        """Numbers that are not counts (which round of talks): kept out of `figures()`, but
        checked to be stated by one of the claim's quotes, as ordinal words may state them."""
        return iter(())

    def references(self) -> Iterator[Reference]:
        yield Reference(("claimant",), self.claimant, CLAIMANT_KINDS)
        yield from _refs(("co_claimants",), self.co_claimants, CLAIMANT_KINDS)
        yield from _ref(("event",), self.event, ("event",))

    def inequalities(self) -> Iterator[Inequality]:
        return iter(())

    def place_id(self) -> str | None:
        """The main place of the claim, where it has one (shown in the figures view)."""
        return None


def _refs(path: Path, ids: list[str] | None, kinds: tuple[EntityKind, ...]) -> Iterator[Reference]:
    for i, target in enumerate(ids or ()):
        yield Reference((*path, i), target, kinds)


def _ref(path: Path, target: str | None, kinds: tuple[EntityKind, ...]) -> Iterator[Reference]:
    if target is not None:
        yield Reference(path, target, kinds)


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
        detail = ", ".join(x for x in (self.population, self.cause) if x)
        for field in ("killed", "injured"):
            yield from _fig(field, getattr(self, field), (field,), "people", self.place,
                            detail=detail, population=self.population)

    def references(self):
        yield from super().references()
        yield from _ref(("place",), self.place, ("place", "country"))

    def place_id(self):
        return self.place


# --- prisoner exchanges ---------------------------------------------------------------


class Subset(FactModel):
    """Part of a group, e.g. '139 of them held since 2022'."""

    description: NonEmptyText
    count: Quantity
    held_since: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")

    def key(self) -> str:
        """What identifies it among its side's subsets (in figure ids): its description."""
        return slug(self.description)


class ExchangeSide(FactModel):
    side: Id = Field(description="Country the people are returned to.")
    returned: Quantity | None = Field(default=None, description="Prisoners returned to this side.")
    bodies: Quantity | None = Field(default=None, description="Bodies repatriated to this side.")
    subsets: list[Subset] = Field(default_factory=list)
    destination: Id | None = Field(default=None, description="Where they were taken (place or country id).")

    def key(self) -> str:
        """What identifies it among the exchange's sides (in figure ids): the side."""
        return self.side


class PrisonerExchange(ClaimBase):
    """An exchange or repatriation of prisoners or bodies, done, agreed or expected."""

    type: Literal["prisoner_exchange"]
    status: Status = Field(default="completed", description=STATUS_DESCRIPTION)
    scope: str | None = Field(default=None, description="Who is covered, e.g. 'all wounded and sick prisoners'.")
    total: Quantity | None = Field(default=None, description="People exchanged in all.")
    bodies_total: Quantity | None = Field(default=None, description="Bodies in all.")
    sides: list[ExchangeSide] = Field(default_factory=list)
    mediators: list[Id] = Field(default_factory=list)
    meeting: Id | None = Field(default=None, description="The meeting that produced it (claim id).")

    def figures(self):
        yield from _fig("prisoners_total", self.total, ("total",), "prisoners")
        yield from _fig("bodies_total", self.bodies_total, ("bodies_total",), "bodies")
        for i, s in enumerate(self.sides):
            yield from self._side(i, "returned")
            yield from self._side(i, "bodies")
            for j, sub in enumerate(s.subsets):
                yield from self._subset(i, j)

    def _side(self, i: int, field: str) -> Iterator[FigureRef]:
        s = self.sides[i]
        measure, unit = ("prisoners_returned", "prisoners") if field == "returned" else ("bodies_returned", "bodies")
        yield from _fig(measure, getattr(s, field), ("sides", i, field), unit, detail=s.side, side=s.side)

    def _subset(self, i: int, j: int) -> Iterator[FigureRef]:
        s = self.sides[i]
        yield from _fig("prisoners_subset", s.subsets[j].count, ("sides", i, "subsets", j, "count"), "prisoners",
                        detail=f"{s.side}: {s.subsets[j].description}", side=s.side)

    def references(self):
        yield from super().references()
        yield from _refs(("mediators",), self.mediators, ("country", "organization", "person"))
        for i, s in enumerate(self.sides):
            yield Reference(("sides", i, "side"), s.side, ("country",))
            yield from _ref(("sides", i, "destination"), s.destination, ("place", "country"))
        yield from _ref(("meeting",), self.meeting, ("claim",))

    def inequalities(self):
        yield from self._returned_within_total()
        bodies = [f for i in range(len(self.sides)) for f in self._side(i, "bodies")]
        if self.bodies_total is not None and bodies:
            whole = FigureRef("bodies_total", self.bodies_total, ("bodies_total",), "bodies")
            yield Inequality(tuple(bodies), whole, "bodies returned to each side <= bodies in all")

    def _returned_within_total(self):
        returned = []
        for i, s in enumerate(self.sides):
            for whole in self._side(i, "returned"):
                returned.append(whole)
                for j in range(len(s.subsets)):
                    yield Inequality(tuple(self._subset(i, j)), whole, "a subset <= its whole")
        if self.total is not None and returned:
            whole = FigureRef("prisoners_total", self.total, ("total",), "prisoners")
            yield Inequality(tuple(returned), whole, "prisoners returned to each side <= total")


# --- talks and meetings ---------------------------------------------------------------


class DelegationMember(FactModel):
    person: Id
    role: str | None = Field(default=None, description="The role as the source gives it at this meeting, in English.")
    leader: bool = Field(default=False, description="Led the delegation.")

    def key(self) -> str:
        """What identifies it in its delegation (member ids): the person."""
        return self.person


class Delegation(FactModel):
    side: Id = Field(description="Country or party the delegation represents.")
    members: list[DelegationMember] = Field(default_factory=list)

    def key(self) -> str:
        """What identifies it among the meeting's delegations (delegation ids): the side."""
        return self.side


class Meeting(ClaimBase):
    """A round of talks or a meeting: who met, where, when, and who sat in each delegation."""

    type: Literal["meeting"]
    name: NonEmptyText = Field(description="A short title in English.")
    status: Status = Field(default="held", description=STATUS_DESCRIPTION)
    format: Literal["bilateral", "trilateral", "multilateral", "phone_call"] | None = None
    mode: Literal["in_person", "online", "hybrid"] | None = None
    round: Quantity | None = Field(
        default=None,
        description="Which round of a series, where stated ('putaran kedua' = 2): an ordinal, not "
        "a figure; it must still be stated by one of the quotes.",
    )
    series: str | None = Field(default=None, description="Name of the series, e.g. 'Istanbul talks'.")
    city: Id | None = Field(default=None, description="City (place id).")
    country: Id | None = Field(
        default=None, description="Country where it took place (country id), where the source names no city."
    )
    venue: Id | None = Field(default=None, description="Venue (place id), e.g. Ciragan Palace.")
    hosts: list[Id] = Field(default_factory=list, description="Host country or person.")
    mediators: list[Id] = Field(default_factory=list, description="Mediators or chairs.")
    participants: list[Id] = Field(default_factory=list, description="Parties attending, where no delegation list is given.")
    participants_count: Quantity | None = Field(
        default=None, description="Number of countries or parties attending (unit: countries, unless given)."
    )
    duration_hours: Quantity | None = Field(default=None, description="How long it lasted, where stated.")
    delegations: list[Delegation] = Field(default_factory=list)
    outcome: str | None = Field(default=None, description="What it produced, in a sentence.")

    def figures(self):
        yield from _fig("participants", self.participants_count, ("participants_count",), "countries", self.city)
        yield from _fig("duration_hours", self.duration_hours, ("duration_hours",), "hours", self.city)

    def ordinals(self):
        yield from _fig("round", self.round, ("round",), "rounds", self.city)

    def references(self):
        yield from super().references()
        yield from _ref(("city",), self.city, ("place",))
        yield from _ref(("country",), self.country, ("country",))
        yield from _ref(("venue",), self.venue, ("place",))
        yield from _refs(("hosts",), self.hosts, ("country", "organization", "person"))
        yield from _refs(("mediators",), self.mediators, ("country", "organization", "person"))
        yield from _refs(("participants",), self.participants, ("country", "organization", "person"))
        for i, d in enumerate(self.delegations):
            yield Reference(("delegations", i, "side"), d.side, ("country", "organization"))
            for j, m in enumerate(d.members):
                yield Reference(("delegations", i, "members", j, "person"), m.person, ("person",))

    def place_id(self):
        return self.city


# --- anything else with a number ------------------------------------------------------


class NumericStatement(ClaimBase):
    """Any other stated number ('more than 10 countries', 'a 20-point plan', 'a 30-day ceasefire')."""

    type: Literal["numeric_statement"]
    measure: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="What is counted, snake_case: 'plan_points'.")
    quantity: Quantity
    unit: NonEmptyText = Field(
        description="What the number counts or measures, a plural noun: 'days', 'percent', 'countries'."
    )
    subject: NonEmptyText = Field(description="What the number is about, in English.")
    place: Id | None = None
    about: list[Id] = Field(default_factory=list, description="Entities or claims it concerns.")

    def figures(self):
        yield from _fig(self.measure, self.quantity, ("quantity",), self.unit, self.place, detail=self.subject)

    def references(self):
        yield from super().references()
        yield from _ref(("place",), self.place, ("place", "country"))
        yield from _refs(("about",), self.about, ("person", "organization", "country", "place", "claim"))

    def place_id(self):
        return self.place


# --- statements without a figure -----------------------------------------------------


class Statement(ClaimBase):
    """A stated fact no other type holds because it has no figure: an agreement ("the US and
    Russia agreed to re-establish military dialogue"), a proposal, a demand, a forecast, a
    handover ("Moscow handed over its memorandum"), an arrival. Its `status` says which."""

    type: Literal["statement"]
    subject: NonEmptyText = Field(description="What is stated, as one English sentence.")
    parties: list[Id] = Field(
        default_factory=list,
        description="Who agrees, proposes, demands, hands over or acts (person, organization or country ids).",
    )
    addressees: list[Id] = Field(
        default_factory=list,
        description="To or of whom: who receives a handover, of whom a demand is made (person, "
        "organization or country ids).",
    )
    place: Id | None = Field(default=None, description="Where (place or country id).")
    about: list[Id] = Field(default_factory=list, description="Entities or claims it concerns.")

    def references(self):
        yield from super().references()
        yield from _refs(("parties",), self.parties, CLAIMANT_KINDS)
        yield from _refs(("addressees",), self.addressees, CLAIMANT_KINDS)
        yield from _ref(("place",), self.place, ("place", "country"))
        yield from _refs(("about",), self.about, ("person", "organization", "country", "place", "claim"))

    def place_id(self):
        return self.place


CLAIM_CLASSES: tuple[type[ClaimBase], ...] = (
    AirAttack, Strike, Casualties, PrisonerExchange, Meeting, NumericStatement, Statement,
)
"""Every claim type, once: the union below, the schema, the validator and the build read it."""

Claim = Annotated[Union[CLAIM_CLASSES], Field(discriminator="type")]

CLAIM_TYPES = {cls.model_fields["type"].annotation.__args__[0]: cls for cls in CLAIM_CLASSES}
"""Claim type name ('air_attack') -> its class."""
