"""Tolerant STIX 2.1 bundle reader for indicators.

Real feeds break strict parsers (typhoon-guidance §2.6): CISA's AA25-239A bundle has dangling
``created_by_ref``s, ATT&CK ids only inside ``attack-pattern`` names (``"... [T1569] (ENT)"``), compound file
patterns with upper-case hashes, and objects re-modified after publication. This reader therefore works on
plain JSON, keeps the newest ``modified`` per id, skips revoked objects, reads ATT&CK ids from names as well as
``external_references``, and turns every ``=`` comparison of an IP pattern joined only by OR into an indicator.
Compound patterns that need AND (file hash AND name) are kept as hash indicators with the compound noted; a
pattern it cannot use is counted as rejected with its reason, never dropped silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from carrierwatch.findings import InputAccount
from carrierwatch.intel.indicators import Indicator, classify_ip
from carrierwatch.intel.tlp import tlp_from_marking_refs

_COMPARISON = re.compile(
    r"(?P<obj>[a-z0-9-]+):(?P<path>[A-Za-z0-9_.'\-]+)\s*(?P<op>=|!=|IN|LIKE|MATCHES|ISSUBSET|ISSUPERSET)\s*"
    r"'(?P<val>(?:[^'\\]|\\.)*)'"
)
_TECHNIQUE_IN_NAME = re.compile(r"\[(T\d{4}(?:\.\d{3})?)\]")
_HASH_KINDS = {"'sha-256'": "sha256", "'sha-1'": "sha1", "md5": "md5", "'md5'": "md5", "ssdeep": "ssdeep",
               "'ssdeep'": "ssdeep", "'sha256'": "sha256", "'sha1'": "sha1"}

#: Intrusion-set / ATT&CK group names that map to the actor keys the project uses.
_ACTOR_NAMES = {"salt typhoon": "Salt Typhoon", "volt typhoon": "Volt Typhoon", "apt10": "APT10",
                "menupass": "APT10", "apt41": "APT41"}


@dataclass
class StixReadResult:
    indicators: list[Indicator]
    objects: int


def _technique_ids(obj: dict[str, Any]) -> list[str]:
    ids = [r.get("external_id", "") for r in obj.get("external_references") or [] if isinstance(r, dict)]
    ids = [i for i in ids if re.fullmatch(r"T\d{4}(\.\d{3})?", i)]
    ids += _TECHNIQUE_IN_NAME.findall(str(obj.get("name", "")))
    return list(dict.fromkeys(ids))


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def read_stix_indicators(path: Path, account: InputAccount, *, display_path: str | None = None,
                         now: datetime | None = None) -> StixReadResult:
    """Read IP (and hash) indicators from a STIX 2.1 bundle; every object is accepted or rejected."""
    source = display_path or str(path)
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        account.error = f"not a readable STIX JSON file: {exc.__class__.__name__}"
        return StixReadResult([], 0)
    raw_objects = data.get("objects") if isinstance(data, dict) else None
    if not isinstance(raw_objects, list):
        account.error = "no 'objects' list: not a STIX 2.1 bundle"
        return StixReadResult([], 0)

    newest: dict[str, dict[str, Any]] = {}
    for i, obj in enumerate(raw_objects, start=1):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or "type" not in obj:
            account.reject("object without id/type", i)
            continue
        prev = newest.get(obj["id"])
        if prev is None or str(obj.get("modified", "")) >= str(prev.get("modified", "")):
            if prev is not None:
                account.reject("superseded by a newer 'modified'", i)
            newest[obj["id"]] = obj
        else:
            account.reject("superseded by a newer 'modified'", i)

    by_id = newest
    # Links: indicator -> (techniques, malware, actors) through 'indicates' relationships.
    links: dict[str, dict[str, list[str]]] = {}
    for obj in by_id.values():
        if obj.get("type") != "relationship" or obj.get("relationship_type") != "indicates":
            continue
        src, tgt = obj.get("source_ref"), obj.get("target_ref")
        target = by_id.get(str(tgt))
        if not isinstance(src, str) or target is None:
            continue  # dangling refs are normal in real feeds
        entry = links.setdefault(src, {"attack": [], "malware": [], "actors": []})
        ttype = target.get("type")
        if ttype == "attack-pattern":
            entry["attack"] += _technique_ids(target)
        elif ttype in ("malware", "tool"):
            entry["malware"].append(str(target.get("name", "")))
        elif ttype in ("intrusion-set", "threat-actor"):
            name = str(target.get("name", ""))
            entry["actors"].append(_ACTOR_NAMES.get(name.lower(), name))

    indicators: list[Indicator] = []
    now = now or datetime.now().astimezone()
    for obj in by_id.values():
        line = 0
        if obj.get("type") != "indicator":
            account.accept()
            continue
        if obj.get("revoked") is True:
            account.reject("revoked", line)
            continue
        valid_until = _parse_time(obj.get("valid_until"))
        pattern = obj.get("pattern")
        if obj.get("pattern_type", "stix") != "stix" or not isinstance(pattern, str):
            account.reject("pattern type not supported", line)
            continue
        comparisons = list(_COMPARISON.finditer(pattern))
        if not comparisons:
            account.reject("unparsable STIX pattern", line)
            continue
        link = links.get(obj["id"], {"attack": [], "malware": [], "actors": []})
        base = dict(
            source=source, name=str(obj.get("name", "")), description=str(obj.get("description", "")),
            tlp=tlp_from_marking_refs(obj.get("object_marking_refs")), attack=link["attack"],
            malware=link["malware"], actors=link["actors"], valid_until=valid_until,
            modified=str(obj.get("modified", "")),
        )
        produced = 0
        for m in comparisons:
            objtype, prop, op, val = m["obj"], m["path"], m["op"], m["val"]
            if op != "=":
                continue
            if objtype in ("ipv4-addr", "ipv6-addr") and prop == "value":
                ip = classify_ip(val)
                if ip:
                    indicators.append(Indicator(id=obj["id"], kind=ip[0], value=ip[1], **base))  # type: ignore[arg-type]
                    produced += 1
            elif objtype == "file" and prop.startswith("hashes."):
                kind = _HASH_KINDS.get(prop.split(".", 1)[1].lower())
                if kind:
                    indicators.append(Indicator(id=obj["id"], kind=kind, value=val.lower(), **base))  # type: ignore[arg-type]
                    produced += 1
            elif objtype == "domain-name" and prop == "value":
                indicators.append(Indicator(id=obj["id"], kind="domain", value=val.lower().rstrip("."), **base))  # type: ignore[arg-type]
                produced += 1
        if produced:
            account.accept()
        else:
            account.reject("no supported comparison in pattern", line)
    return StixReadResult(indicators, len(raw_objects))
