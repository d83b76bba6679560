"""Write a synthetic but valid fact repository of N claims, for the benchmark.

    python benchmarks/make_corpus.py 100000 benchmarks/corpora/100k

The corpus is laid out the way curation would lay it out: one claims file per occasion
(a night's air attack, a round of talks, an exchange, a day of strikes) with about ten
claims each, shared entity files, source files grouped by publisher and month, and an
archived article text in seeds/ for every source. The articles are generated from
Indonesian templates, with figures written in digits or in Indonesian number words, and
every quote is a sentence cut out of its article, so every validation rule runs for real:
ids, references, quotes (typographic quote marks and hard-wrapped lines included),
figures stated in quotes, arithmetic, dates against publication. The output is a pure
function of N and the seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SCHEMA_LINE = "# yaml-language-server: $schema={}schema/factfile.schema.json\n"

CLAIM_TYPES_WRITTEN = (
    "air_attack", "strike", "casualties", "prisoner_exchange", "meeting", "numeric_statement", "statement",
)
"""The claim types the corpus has, every one of them even in a small corpus (its test checks
this). A claim type added to the models is not in the corpus until it is written here."""

# --- Indonesian numbers ---------------------------------------------------------------

_UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def words_id(n: int) -> str:
    """An integer in Indonesian words: 235 -> 'dua ratus tiga puluh lima'."""
    if n < 10:
        return _UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return head + (f" {words_id(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "seribu" if thousands == 1 else f"{words_id(thousands)} ribu"
    return head + (f" {words_id(rest)}" if rest else "")


def say(rng: random.Random, n: int) -> str:
    """A figure as a newspaper writes it: small ones often in words, others in digits."""
    if n <= 20 and rng.random() < 0.6:
        return words_id(n)
    if n >= 1000 and rng.random() < 0.5:
        return f"{n:,}".replace(",", ".")  # Indonesian thousands separator: 1.200
    return str(n)


MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def bound(*figures: tuple[int, str]) -> list:
    """Each figure as a fact file writes it: a plain number where its value is the only one of
    its claim's figures with that value (validation finds its words), else with the `words`
    that state it, as an editor names them when two figures of a claim share a number."""
    values = [value for value, _ in figures]
    return [value if values.count(value) == 1 else Flow({"qualifier": "exact", "value": value, "words": words})
            for value, words in figures]


EACH_SIDE = "masing-masing (each): the same number to each side"
"""Why the second side of an exchange "masing-masing N" is derived: one mention backs one figure."""


def date_id(d: dt.date) -> str:
    return f"{DAYS_ID[d.weekday()]} ({d.day}/{d.month}/{d.year})"


# --- a tiny YAML writer in the style editors write -----------------------------------

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._'()/-]*$")
_RESOLVER = yaml.resolver.Resolver()


def _plain_is_text(text: str) -> bool:
    """Would an editor's unquoted `text` read back as the same string (not a number, date, bool)?"""
    return (
        bool(_PLAIN.match(text)) and not text.endswith(" ")
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    )


class Flow(dict):
    """A mapping written on one line: {qualifier: at_least, value: 2}."""


class FlowList(list):
    """A list written on one line: [kharkiv, sumy]."""


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # A plain text led by a digit ("3 kapal", a figure's words) is one the fast YAML path
    # leaves to PyYAML; editors' tools quote it, as the corpus does.
    if _plain_is_text(text) and not (text[0].isdigit() and " " in text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def emit(value, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, Flow):
                inner = ", ".join(f"{k}: {scalar(v)}" for k, v in item.items())
                lines.append(f"{pad}{key}: {{{inner}}}")
            elif isinstance(item, FlowList):
                lines.append(f"{pad}{key}: [{', '.join(scalar(v) for v in item)}]")
            elif isinstance(item, (dict, list)):
                if not item:
                    continue
                lines.append(f"{pad}{key}:")
                lines.extend(emit(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and not isinstance(item, Flow):
                inner = emit(item, indent + 2)
                inner[0] = f"{pad}- {inner[0][indent + 2:]}"
                lines.extend(inner)
            else:
                lines.append(f"{pad}- {scalar(item)}")
    return lines


def write_yaml(path: Path, depth: int, document: dict, comment: str | None = None) -> None:
    head = SCHEMA_LINE.format("../" * depth)
    if comment:
        head += f"# {comment}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + "\n".join(emit(document)) + "\n", encoding="utf-8")


# --- the world: countries, places, organizations, people ------------------------------

UA_REGIONS = [
    "Kharkiv", "Sumy", "Chernihiv", "Kyiv", "Odesa", "Mykolaiv", "Kherson", "Zaporizhzhia",
    "Dnipropetrovsk", "Poltava", "Donetsk", "Cherkasy", "Vinnytsia", "Zhytomyr", "Rivne",
    "Volyn", "Lviv", "Ternopil", "Khmelnytskyi", "Ivano-Frankivsk", "Zakarpattia",
    "Chernivtsi", "Kirovohrad", "Luhansk",
]
RU_REGIONS = [
    "Belgorod", "Kursk", "Bryansk", "Voronezh", "Rostov", "Krasnodar", "Moskwa", "Tula",
    "Oryol", "Lipetsk", "Tambov", "Ryazan", "Kaluga", "Smolensk", "Saratov",
]
COUNTRIES = [
    ("ukraine", "Ukraine", "Ukraina", "UA"), ("russia", "Russia", "Rusia", "RU"),
    ("united-states", "United States", "Amerika Serikat", "US"), ("turkey", "Turkey", "Turki", "TR"),
    ("uae", "United Arab Emirates", "Uni Emirat Arab", "AE"), ("saudi-arabia", "Saudi Arabia", "Arab Saudi", "SA"),
    ("switzerland", "Switzerland", "Swiss", "CH"), ("qatar", "Qatar", "Qatar", "QA"),
    ("belarus", "Belarus", "Belarus", "BY"), ("vatican", "Holy See", "Vatikan", "VA"),
]
VENUES = [
    ("uae", "Abu Dhabi", "Istana Qasr Al Watan"), ("turkey", "Istanbul", "Istana Ciragan"),
    ("saudi-arabia", "Jeddah", "Istana Al-Salam"), ("switzerland", "Jenewa", "Istana Bangsa-Bangsa"),
    ("qatar", "Doha", "Hotel Sheraton Doha"),
]
PUBLISHERS = [
    ("antara", "Antara"), ("kompas", "Kompas"), ("tempo", "Tempo"), ("detik", "Detik"),
    ("cnn-indonesia", "CNN Indonesia"), ("voa-indonesia", "VOA Indonesia"),
    ("republika", "Republika"), ("liputan6", "Liputan6"), ("tirto", "Tirto"), ("kumparan", "Kumparan"),
]
WIRES = [("reuters", "Reuters"), ("ap", "Associated Press"), ("afp", "AFP")]

_SYLLABLES = ["ka", "ro", "vi", "na", "le", "sko", "mir", "dan", "ol", "hor", "bo", "len", "va", "zha", "tsy", "pe"]
_FIRST = {
    "ukraine": ["Oleksandr", "Andrii", "Mykola", "Serhii", "Ivan", "Oleh", "Yurii", "Vitalii", "Olena", "Iryna", "Dmytro", "Taras"],
    "russia": ["Sergei", "Vladimir", "Yuri", "Kirill", "Nikolai", "Dmitry", "Alexei", "Igor", "Vasily", "Maria", "Anatoly"],
    "united-states": ["Steven", "Jared", "Daniel", "Marco", "Keith", "Joshua", "Michael", "Andrew"],
}
_SUFFIX = {"ukraine": ["enko", "chuk", "ov", "yshyn", "iak"], "russia": ["ov", "in", "sky", "ev"], "united-states": ["son", "er", "man", "ton"]}

TITLES = {
    "ukraine": [
        ("Defence Minister", "Menteri Pertahanan"), ("Foreign Minister", "Menteri Luar Negeri"),
        ("Secretary of the National Security and Defence Council", "Sekretaris Dewan Keamanan dan Pertahanan Nasional"),
        ("Chief of the General Staff", "Kepala Staf Umum"), ("Head of Military Intelligence", "Kepala Intelijen Militer"),
        ("Deputy Foreign Minister", "Wakil Menteri Luar Negeri"), ("Adviser to the President", "Penasihat Presiden"),
    ],
    "russia": [
        ("Presidential Aide", "Ajudan Presiden"), ("Deputy Defence Minister", "Wakil Menteri Pertahanan"),
        ("Head of Military Intelligence", "Kepala Intelijen Militer"), ("Deputy Foreign Minister", "Wakil Menteri Luar Negeri"),
        ("Special Envoy for Investment", "Utusan Khusus untuk Investasi"),
    ],
    "united-states": [
        ("Special Envoy", "Utusan Khusus"), ("Secretary of the Army", "Menteri Angkatan Darat"),
        ("Secretary of State", "Menteri Luar Negeri"), ("Senior Adviser", "Penasihat Senior"),
    ],
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class PersonRec:
    id: str
    name: str
    country: str
    aliases: list[str] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    title: tuple[str, str] | None = None  # (English, Indonesian) as of now
    organization: str | None = None


@dataclass
class SourceRec:
    id: str
    publisher: str
    publisher_name: str
    opened: dt.date
    paragraphs: list[str] = field(default_factory=list)
    claims: int = 0
    capacity: int = 25
    last_event: dt.date | None = None
    wire: tuple[str, str] | None = None


@dataclass
class Quote:
    source: str
    text: str


class World:
    def __init__(self, rng: random.Random, n_claims: int):
        self.rng = rng
        self.places: list[dict] = []
        self.region_towns: dict[str, list[tuple[str, str]]] = {}
        self.region_ids: dict[str, str] = {}
        towns_per_region = max(3, min(60, n_claims // 2000 + 3))
        for country, regions in (("ukraine", UA_REGIONS), ("russia", RU_REGIONS)):
            for region in regions:
                rid = f"{slug(region)}-oblast" if country == "ukraine" else f"{slug(region)}-region"
                self.region_ids[region] = rid
                self.places.append({"id": rid, "name": f"{region} {'Oblast' if country == 'ukraine' else 'Region'}",
                                    "kind": "region", "country": country})
                towns = []
                seen: set[str] = set()
                for k in range(towns_per_region):
                    name = region if k == 0 else self._town_name(region, k)
                    while name in seen:
                        name = self._town_name(region, k)
                    seen.add(name)
                    tid = f"{slug(name)}-{rid}" if k else f"{slug(region)}-city"
                    place = {"id": tid, "name": name, "kind": "city" if k == 0 else "town",
                             "country": country, "within": rid}
                    if rng.random() < 0.5:
                        place["latitude"] = round(rng.uniform(44.0, 56.0), 4)
                        place["longitude"] = round(rng.uniform(22.0, 45.0), 4)
                    self.places.append(place)
                    towns.append((tid, name))
                self.region_towns[region] = towns
        self.venues = []
        for country, city, venue in VENUES:
            cid, vid = slug(city), slug(venue)
            self.places.append({"id": cid, "name": city, "kind": "city", "country": country})
            self.places.append({"id": vid, "name": venue, "kind": "venue", "country": country, "within": cid})
            self.venues.append((country, cid, city, vid, venue))

        self.organizations = [
            {"id": "ua-air-force", "name": "Ukrainian Air Force", "kind": "armed_forces", "country": "ukraine",
             "aliases": ["Angkatan Udara Ukraina"]},
            {"id": "ua-general-staff", "name": "General Staff of the Armed Forces of Ukraine", "kind": "military_command",
             "country": "ukraine", "aliases": ["Staf Umum Angkatan Bersenjata Ukraina"]},
            {"id": "ru-mod", "name": "Ministry of Defence of Russia", "kind": "ministry", "country": "russia",
             "aliases": ["Kementerian Pertahanan Rusia"]},
            {"id": "ua-mod", "name": "Ministry of Defence of Ukraine", "kind": "ministry", "country": "ukraine"},
            {"id": "ua-coordination-hq", "name": "Coordination Headquarters for the Treatment of Prisoners of War",
             "kind": "agency", "country": "ukraine", "parent": "ua-mod",
             "aliases": ["Markas Koordinasi untuk Perlakuan terhadap Tawanan Perang"]},
        ]
        for slug_, name in PUBLISHERS:
            self.organizations.append({"id": slug_, "name": name, "kind": "news_outlet", "country": None})
        for slug_, name in WIRES:
            self.organizations.append({"id": slug_, "name": name, "kind": "news_agency"})
        for region in UA_REGIONS + RU_REGIONS:
            country = "ukraine" if region in UA_REGIONS else "russia"
            self.organizations.append({
                "id": f"{self.region_ids[region]}-administration", "name": f"{region} regional administration",
                "kind": "government", "country": country,
            })

        self.people: dict[str, PersonRec] = {}
        self.governors: dict[str, PersonRec] = {}
        for region in UA_REGIONS + RU_REGIONS:
            country = "ukraine" if region in UA_REGIONS else "russia"
            person = self._new_person(country)
            person.title = ("Governor", f"Gubernur {region}")
            person.organization = f"{self.region_ids[region]}-administration"
            self.governors[region] = person
        n_delegates = max(6, min(120, n_claims // 1000 + 6))
        self.delegates: dict[str, list[PersonRec]] = {"ukraine": [], "russia": [], "united-states": []}
        for i in range(n_delegates):
            country = ("ukraine", "russia", "united-states")[i % 3]
            person = self._new_person(country)
            person.title = rng.choice(TITLES[country])
            self.delegates[country].append(person)

    def _town_name(self, region: str, k: int) -> str:
        rng = self.rng
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        return f"{stem}{rng.choice(['ka', 'ivka', 'ove', 'sk', 'ne', 'yn'])}"

    def _new_person(self, country: str) -> PersonRec:
        rng = self.rng
        while True:
            first = rng.choice(_FIRST[country])
            stem = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
            last = stem + rng.choice(_SUFFIX[country])
            pid = slug(f"{first} {last}")
            if pid not in self.people:
                break
        person = PersonRec(pid, f"{first} {last}", country)
        if rng.random() < 0.3:
            person.aliases.append(f"{first[0]}. {last}")
        self.people[pid] = person
        return person

    def mention(self, person: PersonRec, on: dt.date, source: str, quote: str) -> None:
        """Record the person's role as the source states it on that day (first time, or when it changed)."""
        last = person.roles[-1] if person.roles else None
        if last is None or last["title"] != person.title[0]:
            role = {"title": person.title[0]}
            if person.organization:
                role["organization"] = person.organization
            role["observed"] = on
            role["citation"] = {"source": source, "quote": quote}
            person.roles.append(role)


# --- occasions --------------------------------------------------------------------------


class Corpus:
    def __init__(self, n_claims: int, seed: int):
        self.rng = random.Random(seed)
        self.n_claims = n_claims
        self.world = World(self.rng, n_claims)
        self.open_sources: dict[str, SourceRec] = {}
        self.sources: list[SourceRec] = []
        self.source_meta: dict[str, dict] = {}
        self.files: list[tuple[str, dict, str]] = []  # (relative path, document, comment)
        self.claims_written = 0
        self._seq: dict[str, int] = {}
        self._events: list[dict] = []
        """Events of the occasion being written (its file's `events:` section)."""

    # sources ----------------------------------------------------------------------------

    def source_for(self, day: dt.date, avoid: set[str] = frozenset()) -> SourceRec:
        rng = self.rng
        publisher, name = rng.choice([p for p in PUBLISHERS if p[0] not in avoid] or PUBLISHERS)
        src = self.open_sources.get(publisher)
        if src is None or src.claims >= src.capacity:
            if src is not None:
                self.close(src)
            n = self._seq[publisher] = self._seq.get(publisher, 0) + 1
            src = SourceRec(f"{publisher}-{day.strftime('%Y%m%d')}-{n:04d}", publisher, name, day,
                            capacity=rng.randint(10, 45))
            if rng.random() < 0.25:
                src.wire = rng.choice(WIRES)
            self.open_sources[publisher] = src
        return src

    def close(self, src: SourceRec) -> None:
        del self.open_sources[src.publisher]
        self.sources.append(src)

    def write(self, src: SourceRec, day: dt.date, sentences: list[str]) -> None:
        src.paragraphs.append(" ".join(sentences))
        src.last_event = max(src.last_event or day, day)

    # helpers ------------------------------------------------------------------------------

    def cite(self, src: SourceRec, sentence: str, translation: str | None = None) -> dict:
        """A citation of one sentence of `src`: straight quote marks where the article prints typographic ones."""
        src.claims += 1
        quote = sentence.replace("\u201c", '"').replace("\u201d", '"')
        citation = {"source": src.id, "quote": quote}
        if translation:
            citation["translation"] = translation
        return citation

    def event(self, event_id: str, kind: str, name: str, when, **fields) -> str:
        """Record an event of the current occasion, as an editor groups its claims; returns its id.
        No random draw: the corpus stays what it was, with its claims grouped."""
        self._events.append({"id": event_id, "kind": kind, "name": name, "when": when,
                             **{k: v for k, v in fields.items() if v is not None}})
        return event_id

    def next_id(self, day: dt.date, kind: str) -> str:
        key = f"{day.isoformat()}-{kind}"
        n = self._seq[key] = self._seq.get(key, 0) + 1
        return f"{key}-{n}"

    # occasions ----------------------------------------------------------------------------

    def night_attack(self, day: dt.date) -> tuple[str, list[dict]]:
        rng, w = self.rng, self.world
        occasion = self.next_id(day, "serangan-udara")
        night = Flow({"from": day - dt.timedelta(days=1), "to": day, "overnight": True})
        src = self.source_for(day)
        sentences: list[str] = []
        claims: list[dict] = []
        on_ukraine = self.event(f"{occasion}.event-on-ukraine", "attack_night", f"Russian attack on Ukraine, night to {day}",
                                night, attacker="russia", target_country="ukraine")
        on_russia = self.event(f"{occasion}.event-on-russia", "attack_night", f"Ukrainian attack on Russia, night to {day}",
                               night, attacker="ukraine", target_country="russia")

        launched = rng.randint(20, 800)
        missiles = rng.randint(0, 12)
        neutralised = rng.randint(launched // 2, launched)
        impacted = rng.randint(0, launched - neutralised)
        places = rng.randint(2, 30)
        regions = rng.sample(UA_REGIONS, rng.randint(2, 5))
        w_launched, w_missiles = f"{say(rng, launched)} drone serang", f"{say(rng, missiles)} rudal balistik"
        s1 = (f"Rusia meluncurkan {w_launched} dan {w_missiles} "
              f"Iskander-M ke Ukraina dalam semalam, kata Angkatan Udara Ukraina pada {date_id(day)}.")
        w_neutralised = f"{say(rng, neutralised)} drone ditembak"
        w_impacted, w_places = f"{say(rng, impacted)} drone menghantam", f"{say(rng, places)} lokasi"
        s2 = (f"Sebanyak {w_neutralised} jatuh atau dinetralkan, sementara "
              f"{w_impacted} {w_places} di wilayah "
              f"{', '.join(regions)}.")
        sentences += [s1, s2]
        # No figure is 0 missiles, but "nol rudal" would still be a mention of 0.
        stated = [(launched, w_launched), (neutralised, w_neutralised), (impacted, w_impacted), (places, w_places)]
        stated += [(missiles, w_missiles)]
        launched_q, neutralised_q, impacted_q, places_q, missiles_q = bound(*stated)
        weapons = [{"kind": "drone", "model": "Shahed", "launched": launched_q, "neutralized": neutralised_q,
                    "impacted": impacted_q}]
        if missiles:
            weapons.append({"kind": "ballistic_missile", "model": "Iskander-M", "launched": missiles_q})
        claims.append({
            "id": f"{occasion}.ua-air-force", "type": "air_attack", "claimant": "ua-air-force", "when": night,
            "event": on_ukraine,
            "citations": [self.cite(src, s1), self.cite(src, s2)], "attacker": "russia",
            "target_country": "ukraine", "weapons": weapons, "impact_locations": places_q,
            "regions": FlowList(w.region_ids[r] for r in regions),
        })

        for region in regions:
            governor = w.governors[region]
            town_id, town = rng.choice(w.region_towns[region])
            killed, injured = rng.randint(1, 9), rng.randint(0, 60)
            quote_role = f"{governor.title[1]} {governor.name}"
            w_killed, w_injured = f"Sedikitnya {say(rng, killed)} orang", f"{say(rng, injured)} lainnya"
            s = f"{w_killed} tewas dan {w_injured} terluka di {town}, kata {quote_role}."
            killed_q, injured_q = bound((killed, w_killed), (injured, w_injured))
            if isinstance(killed_q, Flow):
                killed_q["qualifier"] = "at_least"
            sentences.append(s)
            w.mention(governor, day, src.id, quote_role)
            claims.append({
                "id": f"{occasion}.{town_id}", "type": "casualties", "claimant": governor.id, "when": night,
                "event": on_ukraine,
                "citations": [self.cite(src, s, f"At least {killed} people were killed and {injured} injured in {town}.")],
                "place": town_id, "population": "civilian", "cause": "drone attack",
                "killed": killed_q if isinstance(killed_q, Flow) else Flow({"qualifier": "at_least", "value": killed}),
                "injured": injured_q,
            })
            if rng.random() < 0.5:
                buildings, houses = rng.randint(1, 15), rng.randint(2, 70)
                w_buildings, w_houses = f"{say(rng, buildings)} gedung apartemen", f"lebih dari {houses} rumah"
                s = f"Serangan di {town} merusak {w_buildings} dan {w_houses} pribadi."
                buildings_q, houses_q = bound((buildings, w_buildings), (houses, w_houses))
                if isinstance(houses_q, Flow):
                    houses_q["qualifier"] = "more_than"
                sentences.append(s)
                claims.append({
                    "id": f"{occasion}.{town_id}.damage", "type": "strike", "claimant": governor.id, "when": night,
                    "event": on_ukraine,
                    "citations": [self.cite(src, s)], "attacker": "russia", "target_country": "ukraine",
                    "places": FlowList([town_id]), "weapon": "drone",
                    "damage": [
                        {"object": "apartment building", "effect": "damaged", "count": buildings_q},
                        {"object": "house", "effect": "damaged",
                         "count": houses_q if isinstance(houses_q, Flow) else Flow({"qualifier": "more_than", "value": houses})},
                    ],
                })
            if rng.random() < 0.3:
                s = f"Puluhan warga {town} terluka akibat pecahan kaca, kata pejabat setempat."
                sentences.append(s)
                claims.append({
                    "id": f"{occasion}.{town_id}.vague", "type": "casualties",
                    "claimant": f"{w.region_ids[region]}-administration", "when": day, "event": on_ukraine,
                    "citations": [self.cite(src, s)], "place": town_id,
                    "injured": Flow({"qualifier": "vague", "text": "puluhan"}),
                })

        # The other side's count of the same night, in another outlet.
        other = self.source_for(day, avoid={src.publisher})
        ru_region = rng.choice(RU_REGIONS)
        intercepted = rng.randint(5, 300)
        s = (f"Kementerian Pertahanan Rusia mengatakan sistem pertahanan udaranya mencegat dan menghancurkan "
             f"{say(rng, intercepted)} pesawat nirawak Ukraina dalam semalam di atas wilayah {ru_region}.")
        other_sentences = [s]
        claims.append({
            "id": f"{occasion}.ru-mod", "type": "air_attack", "claimant": "ru-mod", "when": night, "event": on_russia,
            "citations": [self.cite(other, s)], "attacker": "ukraine", "target_country": "russia",
            "weapons": [{"kind": "drone", "neutralized": intercepted}],
            "regions": FlowList([w.region_ids[ru_region]]),
        })
        if rng.random() < 0.5:
            percent = rng.randint(5, 60)
            s = (f"Operator jaringan listrik mengatakan sekitar {percent}% pasokan listrik di wilayah "
                 f"{regions[0]} terputus setelah serangan itu.")
            sentences.append(s)
            claims.append({
                "id": f"{occasion}.energy", "type": "strike", "claimant": f"{w.region_ids[regions[0]]}-administration",
                "when": night, "event": on_ukraine, "citations": [self.cite(src, s)], "attacker": "russia",
                "places": FlowList([w.region_ids[regions[0]]]), "target": "energy infrastructure",
                "damage": [{"object": "power supply", "effect": "disrupted",
                            "percent": Flow({"qualifier": "approximately", "value": percent}),
                            "of_what": f"electricity supply of {regions[0]} region"}],
            })
        self.write(src, day, [f"KYIV \u2014 {sentences[0]}", *sentences[1:]])
        self.write(other, day, [f"MOSKWA \u2014 {other_sentences[0]}"])
        return occasion, claims

    def talks(self, day: dt.date) -> tuple[str, list[dict]]:
        rng, w = self.rng, self.world
        occasion = self.next_id(day, "perundingan")
        src = self.source_for(day)
        country, city_id, city, venue_id, venue = rng.choice(self.world.venues)
        round_no = rng.randint(1, 9)
        hours = rng.randint(2, 9)
        sentences, claims, delegations = [], [], []
        for side, label in (("ukraine", "Ukraina"), ("russia", "Rusia"), ("united-states", "Amerika Serikat")):
            members = rng.sample(w.delegates[side], min(len(w.delegates[side]), rng.randint(2, 4)))
            parts = []
            listed = []
            for k, person in enumerate(members):
                if rng.random() < 0.05:  # a reshuffle: the same person, a new title
                    person.title = rng.choice(TITLES[side])
                role_words = f"{person.title[1]} {person.name}"
                parts.append(role_words)
                listed.append({"person": person.id, "role": person.title[0], "leader": k == 0})
                w.mention(person, day, src.id, role_words)
            s = f"Delegasi {label} dipimpin oleh {parts[0]}" + (
                f", didampingi {', '.join(parts[1:])}." if len(parts) > 1 else ".")
            sentences.append(s)
            delegations.append({"side": side, "members": listed})
        talks = self.event(f"{occasion}.event", "talks", f"Trilateral talks in {city}, round {round_no}", day,
                           place=city_id, parties=FlowList(["ukraine", "russia", "united-states"]))
        s_meet = (f"Putaran ke-{round_no} perundingan trilateral itu berlangsung selama {say(rng, hours)} jam "
                  f"di {venue}, {city}, pada {date_id(day)}.")
        sentences.insert(0, s_meet)
        claims.append({
            "id": f"{occasion}.meeting", "type": "meeting", "claimant": country,
            "when": day, "event": talks, "citations": [self.cite(src, s_meet)] + [self.cite(src, s) for s in sentences[1:]],
            "name": f"Trilateral talks in {city}, round {round_no}", "status": "held", "format": "trilateral",
            "mode": "in_person", "round": round_no, "series": f"{city} talks", "city": city_id, "venue": venue_id,
            "hosts": FlowList([country]), "duration_hours": hours, "delegations": delegations,
        })
        lead = delegations[0]["members"][0]["person"]
        points = rng.randint(12, 28)
        s = (f"\u201cKami membahas rencana perdamaian yang terdiri dari {points} poin,\u201d kata "
             f"{w.people[lead].name} kepada wartawan setelah pertemuan.")
        sentences.append(s)
        claims.append({
            "event": talks, "id": f"{occasion}.plan", "type": "numeric_statement", "claimant": lead, "when": day,
            "citations": [self.cite(src, s)], "measure": "plan_points", "quantity": points, "unit": "points",
            "subject": "points of the peace plan discussed", "place": city_id,
            "about": FlowList([f"{occasion}.meeting"]),
        })
        countries = rng.randint(10, 40)
        s = f"Menurut para diplomat, lebih dari {countries} negara menyatakan dukungan bagi perundingan tersebut."
        sentences.append(s)
        claims.append({
            "event": talks, "id": f"{occasion}.support", "type": "numeric_statement", "claimant": country, "when": day,
            "citations": [self.cite(src, s)], "measure": "countries_supporting",
            "quantity": Flow({"qualifier": "more_than", "value": countries}), "unit": "countries",
            "subject": "countries backing the talks",
        })
        low = rng.randint(2, 5)
        s = (f"Putaran berikutnya diperkirakan akan berlangsung dalam {words_id(low)} hingga "
             f"{words_id(low + 1)} minggu.")
        sentences.append(s)
        claims.append({
            "event": talks, "id": f"{occasion}.next-round", "type": "numeric_statement", "claimant": country, "when": day,
            "citations": [self.cite(src, s, f"The next round is expected within {low} to {low + 1} weeks.")],
            "measure": "weeks_to_next_round",
            "quantity": Flow({"qualifier": "range", "low": low, "high": low + 1}), "unit": "weeks",
            "subject": "weeks until the next round",
        })
        each = rng.randint(50, 160)
        s = (f"Para pihak sepakat untuk menukarkan {each * 2} tawanan perang, masing-masing "
             f"{say(rng, each)} orang, dalam waktu dekat.")
        sentences.append(s)
        claims.append({
            "id": f"{occasion}.exchange-agreed", "type": "prisoner_exchange", "claimant": "united-states",
            "when": day, "event": talks, "status": "agreed", "citations": [self.cite(src, s)], "total": each * 2,
            "sides": [{"side": "ukraine", "returned": each},
                      {"side": "russia", "returned": Flow({"qualifier": "exact", "value": each, "derived": EACH_SIDE})}],
            "mediators": FlowList(["united-states", country] if country != "united-states" else ["united-states"]),
            "meeting": f"{occasion}.meeting",
        })
        s = "Para pihak juga sepakat untuk membangun kembali dialog militer tingkat tinggi."
        sentences.append(s)
        claims.append({
            "id": f"{occasion}.military-dialogue", "type": "statement", "claimant": country, "when": day,
            "event": talks, "status": "agreed", "citations": [self.cite(src, s)],
            "subject": "The parties agreed to re-establish high-level military dialogue",
            "parties": FlowList(["ukraine", "russia", "united-states"]),
        })
        planned = day + dt.timedelta(days=rng.randint(10, 30))
        s = f"Pertemuan lanjutan direncanakan pada {planned.day} {MONTHS_ID[planned.month - 1]} {planned.year}."
        sentences.append(s)
        claims.append({
            "id": f"{occasion}.next-meeting", "type": "meeting", "claimant": country, "when": planned,
            "citations": [self.cite(src, s)], "name": f"Follow-up talks in {city}", "status": "planned",
            "city": city_id,
        })
        self.write(src, day, [f"{city.upper()} \u2014 {sentences[0]}", *sentences[1:]])
        return occasion, claims

    def exchange(self, day: dt.date) -> tuple[str, list[dict]]:
        rng = self.rng
        occasion = self.next_id(day, "pertukaran")
        src = self.source_for(day)
        each = rng.randint(20, 400)
        since = rng.randint(1, each)
        bodies = rng.randint(0, 1000)
        w_each, w_total = f"membebaskan {say(rng, each)} tawanan", f"total {each * 2} orang"
        s1 = (f"Ukraina dan Rusia masing-masing {w_each} perang pada {date_id(day)}, "
              f"sehingga pertukaran itu melibatkan {w_total}.")
        w_since = f"Sebanyak {say(rng, since)} di"
        s2 = (f"{w_since} antara tentara Ukraina yang dibebaskan telah ditahan sejak tahun 2022, "
              f"kata Markas Koordinasi untuk Perlakuan terhadap Tawanan Perang.")
        w_bodies = f"jenazah {bodies} tentaranya"
        s3 = f"Ukraina juga menerima {w_bodies}, kata pejabat tersebut."
        each_q, since_q, bodies_q, total_q = bound((each, w_each), (since, w_since), (bodies, w_bodies),
                                                   (each * 2, w_total))
        exchange = self.event(f"{occasion}.event", "exchange", f"Prisoner exchange of {day}", day,
                              parties=FlowList(["russia", "ukraine"]))
        claims = [{
            "id": f"{occasion}.exchange", "type": "prisoner_exchange", "claimant": "ua-coordination-hq", "when": day,
            "event": exchange,
            "status": "completed", "citations": [self.cite(src, s1), self.cite(src, s2), self.cite(src, s3)],
            "scope": "prisoners of war", "total": total_q,
            "sides": [
                {"side": "ukraine", "returned": each_q, "bodies": bodies_q,
                 "subsets": [{"description": "held since 2022", "count": since_q, "held_since": "2022"}]},
                {"side": "russia", "returned": Flow({"qualifier": "exact", "value": each, "derived": EACH_SIDE}),
                 "destination": "belarus"},
            ],
            "mediators": FlowList(["uae"]),
        }]
        sentences = [s1, s2, s3]
        for k in range(rng.randint(6, 12)):
            region = rng.choice(UA_REGIONS)
            town_id, town = rng.choice(self.world.region_towns[region])
            killed = rng.randint(1, 12)
            s = (f"Di tempat lain, penembakan artileri menewaskan {say(rng, killed)} warga sipil di {town} "
                 f"pada hari yang sama, menurut administrasi regional {region}.")
            sentences.append(s)
            claims.append({
                "id": f"{occasion}.{town_id}.{k}", "type": "casualties",
                "claimant": f"{self.world.region_ids[region]}-administration", "when": day,
                "citations": [self.cite(src, s)], "place": town_id, "population": "civilian",
                "cause": "shelling", "killed": killed,
            })
        self.write(src, day, [f"KYIV \u2014 {sentences[0]}", *sentences[1:]])
        return occasion, claims

    def strikes(self, day: dt.date) -> tuple[str, list[dict]]:
        rng, w = self.rng, self.world
        occasion = self.next_id(day, "serangan")
        src = self.source_for(day)
        sentences, claims = [], []
        strikes = self.event(f"{occasion}.event", "strike", f"Ukrainian drone strikes on Russia, {day}", day,
                             attacker="ukraine", target_country="russia")
        for k in range(rng.randint(8, 14)):
            region = rng.choice(RU_REGIONS)
            town_id, town = rng.choice(w.region_towns[region])
            if k % 3 == 0:
                ships, piers = rng.randint(1, 4), rng.randint(1, 3)
                w_ships, w_piers = f"{say(rng, ships)} kapal", f"{say(rng, piers)} dermaga"
                s = (f"Staf Umum Angkatan Bersenjata Ukraina mengatakan serangan drone di {town} merusak "
                     f"{w_ships} dan {w_piers}.")
                ships_q, piers_q = bound((ships, w_ships), (piers, w_piers))
                damage = [{"object": "ship", "effect": "damaged", "count": ships_q},
                          {"object": "pier", "effect": "damaged", "count": piers_q}]
                claimant = "ua-general-staff"
            elif k % 3 == 1:
                aircraft = rng.randint(1, 40)
                s = (f"Operasi itu mengenai sedikitnya {say(rng, aircraft)} pesawat di pangkalan udara dekat {town}, "
                     f"menurut Staf Umum.")
                damage = [{"object": "aircraft", "effect": "hit",
                           "count": Flow({"qualifier": "at_least", "value": aircraft})}]
                claimant = "ua-general-staff"
            else:
                governor = w.governors[region]
                quote_role = f"{governor.title[1]} {governor.name}"
                s = f"Sebuah jembatan di {town} runtuh setelah ledakan, kata {quote_role}."
                w.mention(governor, day, src.id, quote_role)
                damage = [{"object": "bridge", "effect": "collapsed"}]
                claimant = governor.id
            sentences.append(s)
            claims.append({
                "id": f"{occasion}.{town_id}.{k}", "type": "strike", "claimant": claimant, "when": day,
                "event": strikes,
                "citations": [self.cite(src, s)], "attacker": "ukraine", "target_country": "russia",
                "places": FlowList([town_id]), "weapon": "drone", "damage": damage,
            })
        self.write(src, day, sentences)
        return occasion, claims

    # the whole corpus ---------------------------------------------------------------------

    def generate(self) -> None:
        n_occasions = max(1, self.n_claims // 10)
        span = max(30, min(1400, n_occasions))
        start = dt.date(2022, 3, 1)
        # Every kind of occasion comes early, so that even a small corpus has every claim type it writes.
        kinds = [self.night_attack, self.talks, self.exchange, self.strikes, self.night_attack,
                 self.night_attack, self.strikes, self.exchange, self.night_attack, self.night_attack]
        index = 0
        while self.claims_written < self.n_claims:
            day = start + dt.timedelta(days=min(index, n_occasions - 1) * span // n_occasions)
            occasion, claims = kinds[index % len(kinds)](day)
            claims = claims[: self.n_claims - self.claims_written]
            self.claims_written += len(claims)
            named = {claim.get("event") for claim in claims}
            events = [event for event in self._events if event["id"] in named]
            self._events = []
            path = f"facts/claims/{day.year}/{day.month:02d}/{occasion}.yaml"
            self.files.append((path, {"events": events, "claims": claims} if events else {"claims": claims}, None))
            index += 1
        for src in list(self.open_sources.values()):
            self.close(src)

    def source_entry(self, src: SourceRec) -> dict:
        rng = self.rng
        last = src.last_event or src.opened
        entry: dict = {"id": src.id, "archive": f"seeds/{src.id}.txt",
                       "title": f"Berita perang Rusia-Ukraina, {src.opened.day} {MONTHS_ID[src.opened.month - 1]} {src.opened.year}",
                       "language": "id", "publisher": src.publisher}
        if src.wire:
            entry["original_publisher"] = src.wire[0]
        if rng.random() < 0.4:
            entry["author"] = f"Tim {src.publisher_name}"
        if rng.random() < 0.8:
            entry["url"] = f"https://{src.publisher}.example/berita/{src.id}"
        roll = rng.random()
        if roll < 0.75:
            entry["published"] = last + dt.timedelta(days=rng.randint(0, 1))
        elif roll < 0.9:
            entry["published"] = f"{last.year:04d}-{last.month:02d}"
        else:
            entry["published"] = Flow({"not_before": src.opened, "not_after": last + dt.timedelta(days=3)})
        return entry

    def article(self, src: SourceRec) -> str:
        rng = self.rng
        head = f"{src.publisher_name.upper()} \u2014 laporan perang Rusia-Ukraina\n\n"
        body = []
        for paragraph in src.paragraphs:
            if rng.random() < 0.3:  # archived plain text, hard-wrapped
                paragraph = textwrap.fill(paragraph, width=rng.randint(70, 100),
                                          break_long_words=False, break_on_hyphens=False)
            body.append(paragraph)
            if rng.random() < 0.3:
                body.append(f"Laporan ini tidak dapat diverifikasi secara independen oleh {src.publisher_name}.")
        credit = f"\n\n(Sumber: {src.wire[1]})\n" if src.wire else "\n"
        return head + "\n\n".join(body) + credit

    def write_out(self, out: Path) -> None:
        if out.exists():
            shutil.rmtree(out)
        (out / "facts").mkdir(parents=True)
        (out / "seeds").mkdir()
        for path, document, comment in self.files:
            write_yaml(out / path, path.count("/"), document, comment)
        by_month: dict[str, list[dict]] = {}
        for src in sorted(self.sources, key=lambda s: s.id):
            (out / "seeds" / f"{src.id}.txt").write_text(self.article(src), encoding="utf-8")
            by_month.setdefault(f"{src.publisher}-{src.opened:%Y-%m}", []).append(self.source_entry(src))
        for name, entries in by_month.items():
            write_yaml(out / f"facts/sources/{name}.yaml", 2, {"sources": entries})
        w = self.world
        write_yaml(out / "facts/entities/countries.yaml", 2, {"countries": [
            {"id": cid, "name": name, "aliases": [alias] if alias != name else [], "iso_code": iso}
            for cid, name, alias, iso in COUNTRIES]})
        write_yaml(out / "facts/entities/places.yaml", 2, {"places": w.places})
        write_yaml(out / "facts/entities/organizations.yaml", 2, {"organizations": [
            {k: v for k, v in org.items() if v is not None} for org in w.organizations]})
        by_country: dict[str, list[dict]] = {}
        for person in sorted(w.people.values(), key=lambda p: p.id):
            entry = {"id": person.id, "name": person.name, "aliases": person.aliases,
                     "country": person.country, "roles": person.roles}
            by_country.setdefault(person.country, []).append(entry)
        for country, people in by_country.items():
            write_yaml(out / f"facts/entities/people-{country}.yaml", 2, {"people": people})


def make_corpus(n_claims: int, out: Path, seed: int = 20260205) -> dict:
    corpus = Corpus(n_claims, seed)
    corpus.generate()
    corpus.write_out(Path(out))
    return {"claims": corpus.claims_written, "claim_files": len(corpus.files), "sources": len(corpus.sources),
            "people": len(corpus.world.people), "places": len(corpus.world.places)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of claims")
    parser.add_argument("out", type=Path, help="directory to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=20260205)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    stats = make_corpus(args.n, args.out, args.seed)
    print(json.dumps(stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
