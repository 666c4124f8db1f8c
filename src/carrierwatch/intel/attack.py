"""MITRE ATT&CK Enterprise knowledge: technique names, tactics, groups and who uses what.

Why: findings carry bare technique ids (``T1040``); people read names ("Network Sniffing"), and an
analyst's first question after a hit is "which actors do this?". The answers come from a compact table
derived from MITRE's STIX bundle by ``scripts/build_attack_table.py`` and shipped in
``carrierwatch/data/attack/`` (see the NOTICE.md there for the ATT&CK terms of use). The table is
loaded once, on first use, so importing this module costs nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

ATTACK_VERSION = "18.1"
_TABLE = f"enterprise-{ATTACK_VERSION}.json"

#: The actors carrierwatch is built around, keyed by the short names the CLI and lab use.
#: Ids from the ATT&CK v18.1 bundle (intrusion-set external ids).
ACTORS: dict[str, str] = {
    "salt-typhoon": "G1045",
    "volt-typhoon": "G1017",
    "apt10": "G0045",
    "apt41": "G0096",
}


@dataclass(frozen=True)
class Tactic:
    id: str  # TA0006
    name: str  # Credential Access
    shortname: str  # credential-access (the kill-chain phase name techniques refer to)


@dataclass(frozen=True)
class Technique:
    id: str  # T1059.008
    name: str  # ATT&CK's own name; for a sub-technique without its parent ("Network Device CLI")
    tactics: tuple[str, ...]  # tactic shortnames
    is_subtechnique: bool
    deprecated: bool = False
    revoked: bool = False
    revoked_by: str | None = None

    @property
    def parent_id(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def url(self) -> str:
        return "https://attack.mitre.org/techniques/" + self.id.replace(".", "/")


@dataclass(frozen=True)
class Group:
    id: str  # G1045
    name: str
    aliases: tuple[str, ...]
    techniques: tuple[str, ...]  # technique ids from the group's own `uses` relationships
    software: tuple[str, ...]  # software ids the group uses
    deprecated: bool = False
    revoked: bool = False
    revoked_by: str | None = None

    @property
    def url(self) -> str:
        return f"https://attack.mitre.org/groups/{self.id}"


@dataclass(frozen=True)
class Software:
    id: str  # S1206
    name: str
    type: str  # "malware" or "tool"
    aliases: tuple[str, ...]
    techniques: tuple[str, ...]
    deprecated: bool = False
    revoked: bool = False


@dataclass(frozen=True)
class _Knowledge:
    source: dict[str, Any]
    tactics: dict[str, Tactic]  # by TA id and by shortname
    techniques: dict[str, Technique]
    groups: dict[str, Group]
    group_names: dict[str, str]  # casefolded name/alias -> G id
    software: dict[str, Software]
    software_names: dict[str, str]
    users: dict[str, tuple[str, ...]]  # technique id -> G ids that use it


_TID = re.compile(r"^T\d{4}(?:\.\d{3})?$")


def normalise_tid(tid: str) -> str:
    """``t1059/008``, `` T1059.008 `` -> ``T1059.008`` (the form the ATT&CK site URLs use is accepted)."""
    return tid.strip().upper().replace("/", ".")


@lru_cache(maxsize=1)
def _load() -> _Knowledge:
    raw = resources.files("carrierwatch").joinpath("data", "attack", _TABLE).read_text(encoding="utf-8")
    doc = json.loads(raw)
    tactics: dict[str, Tactic] = {}
    for t in doc["tactics"]:
        tac = Tactic(t["id"], t["name"], t["shortname"])
        tactics[tac.id] = tac
        tactics[tac.shortname] = tac
    techniques = {
        t["id"]: Technique(
            id=t["id"],
            name=t["name"],
            tactics=tuple(t.get("tactics", ())),
            is_subtechnique=bool(t.get("sub")),
            deprecated=bool(t.get("deprecated")),
            revoked=bool(t.get("revoked")),
            revoked_by=t.get("revoked_by"),
        )
        for t in doc["techniques"]
    }
    groups: dict[str, Group] = {}
    names: dict[str, str] = {}
    users: dict[str, list[str]] = {}
    for g in doc["groups"]:
        grp = Group(
            id=g["id"],
            name=g["name"],
            aliases=tuple(g.get("aliases", ())),
            techniques=tuple(g.get("techniques", ())),
            software=tuple(g.get("software", ())),
            deprecated=bool(g.get("deprecated")),
            revoked=bool(g.get("revoked")),
            revoked_by=g.get("revoked_by"),
        )
        groups[grp.id] = grp
        live = not (grp.revoked or grp.deprecated)
        for label in (grp.name, *grp.aliases):
            key = label.casefold()
            # A live group wins an alias clash with a revoked/deprecated one.
            if key not in names or (live and _dead(groups[names[key]])):
                names[key] = grp.id
        if live:
            for tid in grp.techniques:
                users.setdefault(tid, []).append(grp.id)
    software: dict[str, Software] = {}
    sw_names: dict[str, str] = {}
    for s in doc["software"]:
        sw = Software(
            id=s["id"],
            name=s["name"],
            type=s["type"],
            aliases=tuple(s.get("aliases", ())),
            techniques=tuple(s.get("techniques", ())),
            deprecated=bool(s.get("deprecated")),
            revoked=bool(s.get("revoked")),
        )
        software[sw.id] = sw
        for label in (sw.name, *sw.aliases):
            sw_names.setdefault(label.casefold(), sw.id)
    return _Knowledge(
        source=dict(doc.get("source", {})),
        tactics=tactics,
        techniques=techniques,
        groups=groups,
        group_names=names,
        software=software,
        software_names=sw_names,
        users={k: tuple(v) for k, v in users.items()},
    )


def _dead(g: Group) -> bool:
    return g.revoked or g.deprecated


def source_info() -> dict[str, Any]:
    """Version, bundle sha256 and the terms-of-use note of the shipped table (for reports and --version)."""
    return dict(_load().source)


def technique(tid: str) -> Technique | None:
    """The technique with this id (``T1040``, ``t1059.008``), or None when ATT&CK has no such id."""
    return _load().techniques.get(normalise_tid(tid))


def technique_name(tid: str) -> str:
    """Display name: ``Network Sniffing``; a sub-technique gets its parent's name in front, as on the
    ATT&CK site (``Command and Scripting Interpreter: Network Device CLI``). Unknown id -> ``""``."""
    tech = technique(tid)
    if tech is None:
        return ""
    if tech.is_subtechnique:
        parent = technique(tech.parent_id)
        if parent is not None:
            return f"{parent.name}: {tech.name}"
    return tech.name


def tactic(id_or_shortname: str) -> Tactic | None:
    """``TA0006`` or ``credential-access`` -> the tactic."""
    key = id_or_shortname.strip()
    return _load().tactics.get(key.upper() if key.upper().startswith("TA") else key.lower())


def tactic_names(tid: str) -> list[str]:
    """Human tactic names of a technique (``["Credential Access", "Discovery"]``); [] when unknown."""
    tech = technique(tid)
    if tech is None:
        return []
    out = []
    for short in tech.tactics:
        tac = tactic(short)
        out.append(tac.name if tac else short)
    return out


def group(gid_or_name_or_alias: str) -> Group | None:
    """Look a group up by ATT&CK id (``G1045``), name or alias (case-insensitive: ``bronze silhouette``),
    or by an :data:`ACTORS` key (``salt-typhoon``)."""
    kb = _load()
    key = gid_or_name_or_alias.strip()
    if key.lower() in ACTORS:
        key = ACTORS[key.lower()]
    if key.upper() in kb.groups:
        return kb.groups[key.upper()]
    gid = kb.group_names.get(key.casefold())
    return kb.groups.get(gid) if gid else None


def groups_using(tid: str) -> list[Group]:
    """Live (not revoked or deprecated) groups whose own ``uses`` relationships name this technique.

    A sub-technique id matches only itself; pass the parent id to get groups recorded at that level.
    Techniques a group reaches only through its software are not counted (ATT&CK lists those apart)."""
    kb = _load()
    return [kb.groups[g] for g in kb.users.get(normalise_tid(tid), ())]


def software(sid_or_name: str) -> Software | None:
    """``S1206`` or ``JumbledPath`` (case-insensitive, aliases too) -> the software entry."""
    kb = _load()
    key = sid_or_name.strip()
    if key.upper() in kb.software:
        return kb.software[key.upper()]
    sid = kb.software_names.get(key.casefold())
    return kb.software.get(sid) if sid else None


def is_technique_id(text: str) -> bool:
    """Syntax check only (``T1234`` or ``T1234.567``); use :func:`technique` to know it exists."""
    return bool(_TID.match(normalise_tid(text)))


def technique_ids(include_dead: bool = False) -> list[str]:
    """All technique ids in the shipped table, sorted (revoked/deprecated ones only when asked)."""
    kb = _load()
    return sorted(t.id for t in kb.techniques.values() if include_dead or not (t.revoked or t.deprecated))
