"""Actor profiles (Salt Typhoon, Volt Typhoon, APT10, APT41): shipped curated facts joined with ATT&CK v18.1.

The curated file holds what ATT&CK does not (advisories, CVEs, target sectors, aliases from advisories); the
techniques and software an actor uses are read from the shipped ATT&CK table (:mod:`carrierwatch.intel.attack`)
so the two can never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from carrierwatch.intel import attack


@dataclass(frozen=True)
class Actor:
    key: str
    name: str
    attack_id: str
    aliases: tuple[str, ...]
    summary: str
    targets: tuple[str, ...]
    cves: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def techniques(self) -> tuple[str, ...]:
        g = attack.group(self.attack_id)
        return g.techniques if g else ()

    @property
    def software(self) -> tuple[str, ...]:
        g = attack.group(self.attack_id)
        names = []
        for sid in g.software if g else ():
            sw = attack.software(sid)
            names.append(f"{sid} {sw.name}" if sw else sid)
        return tuple(names)


@lru_cache(maxsize=1)
def actors() -> list[Actor]:
    ref = resources.files("carrierwatch") / "data" / "actors" / "actors.json"
    data = json.loads(ref.read_text(encoding="utf-8"))
    return [Actor(a["key"], a["name"], a["attack_id"], tuple(a["aliases"]), a["summary"], tuple(a["targets"]),
                  tuple(a["cves"]), tuple(a["references"])) for a in data["actors"]]


def actor(name: str) -> Actor | None:
    """By key (``salt-typhoon``), name, alias or ATT&CK id, case-insensitive."""
    k = name.strip().casefold()
    for a in actors():
        if k in {a.key, a.name.casefold(), a.attack_id.casefold(), *(x.casefold() for x in a.aliases)}:
            return a
    return None


def actors_using(tid: str) -> list[str]:
    """Names of profiled actors whose ATT&CK group uses this technique (for findings that name the actor)."""
    return [a.name for a in actors() if attack.normalise_tid(tid) in a.techniques]
