"""Small fact repositories written into temporary directories, for tests.

`make_repo(tmp_path)` writes a minimal valid repository (one source with its archived
text, the entities it needs, one claim); tests then add or overwrite files to provoke
exactly the problem they are about.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

ARCHIVE = (
    "KYIV - Angkatan udara Ukraina mengatakan Rusia meluncurkan dua rudal dan 183 drone "
    "ke negara itu dalam semalam, dan 156 drone di antaranya ditembak jatuh atau berhasil "
    "dipadamkan. Rudal dan 22 drone berdampak di 16 lokasi, kata angkatan udara.\n\n"
    "Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.\n\n"
    "Pertukaran itu akan melibatkan 314 tahanan.\n"
)

SOURCES = """\
sources:
  - id: src1
    archive: seeds/src1.txt
    language: id
    title: Serangan semalam
    published: 2026-02-05
"""

ENTITIES = """\
countries:
  - {id: ua, name: Ukraine, aliases: [Ukraina]}
  - {id: ru, name: Russia, aliases: [Rusia]}
places:
  - {id: kyiv, name: Kyiv, kind: city, country: ua, latitude: 50.45, longitude: 30.52}
organizations:
  - {id: ua-air-force, name: Ukrainian Air Force, kind: armed_forces, country: ua}
people:
  - id: vitali-klitschko
    name: Vitali Klitschko
    country: ua
    roles:
      - title: Mayor of Kyiv
        observed: 2026-02-05
        citation:
          source: src1
          quote: Wali Kota Vitali Klitschko
"""

CLAIMS = """\
claims:
  - id: uaf-2026-02-05
    type: air_attack
    claimant: ua-air-force
    when: {from: 2026-02-04, to: 2026-02-05, overnight: true}
    attacker: ru
    target_country: ua
    weapons:
      - {kind: drone, launched: 183, neutralized: 156, impacted: 22}
      - {kind: missile, launched: 2}
    impact_locations: 16
    citations:
      - source: src1
        quote: >-
          Angkatan udara Ukraina mengatakan Rusia meluncurkan dua rudal dan 183 drone ke
          negara itu dalam semalam, dan 156 drone di antaranya ditembak jatuh atau berhasil
          dipadamkan. Rudal dan 22 drone berdampak di 16 lokasi, kata angkatan udara.
        translation: The Ukrainian Air Force said Russia launched two missiles and 183 drones.
  - id: klitschko-2026-02-05-injured
    type: casualties
    claimant: vitali-klitschko
    when: 2026-02-05
    place: kyiv
    population: civilian
    injured: {qualifier: at_least, value: 2}
    citations:
      - source: src1
        quote: Wali Kota Vitali Klitschko mengatakan sedikitnya dua orang terluka.
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_repo(root: Path, *, claims: str | None = CLAIMS) -> Path:
    write(root, "seeds/src1.txt", ARCHIVE)
    write(root, "facts/sources/src1.yaml", SOURCES)
    write(root, "facts/entities/entities.yaml", ENTITIES)
    if claims is not None:
        write(root, "facts/claims/2026-02-05.yaml", claims)
    return root


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for number, line in enumerate(textwrap.dedent(text).splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")
