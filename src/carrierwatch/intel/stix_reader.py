"""Tolerant STIX 2.1 bundle reader: plain JSON, one pass, every object accepted or rejected with a reason.

Real feeds break strict parsers (docs/guidance.md#stix-bundle-notes; `stix2` rejects them, as in
oasis-open/cti-python-stix2#540, and costs ~0.3 ms per object, measured on the ATT&CK ICS and mobile bundles),
so this reader never validates what it does not use. It handles what CISA's AA25-239A bundle
and the ATT&CK bundle contain: dangling ``*_ref``s (ignored), custom properties (ignored), ATT&CK ids only inside
``attack-pattern`` names (``"Execution / System Services [T1569] (ENT)"``), compound patterns (compiled to
OR-of-ANDs by :mod:`carrierwatch.intel.pattern`), upper-case hashes (canonicalised), ``revoked`` and expired
``valid_until`` (rejected, counted), objects re-modified after publication (the newest ``modified`` per id wins),
gzip-compressed bundles, and TLP 1.0/2.0/AIS markings (normalised to TLP 2.0 by :mod:`carrierwatch.intel.tlp`).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from carrierwatch.findings import InputAccount
from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.pattern import PatternError, compile_pattern
from carrierwatch.intel.tlp import ORDER, TlpResolver, strictest

simdjson: Any
try:  # optional accelerator: lazy SIMD JSON parsing (pysimdjson); plain json otherwise
    import simdjson
except ImportError:  # pragma: no cover - exercised only where pysimdjson is missing
    simdjson = None

_TECHNIQUE_IN_NAME = re.compile(r"\[(T\d{4}(?:\.\d{3})?)\]")
_TECHNIQUE_ID = re.compile(r"T\d{4}(\.\d{3})?")

#: Intrusion-set / ATT&CK group names and aliases that map to the actor keys the project uses (ATT&CK v18.1
#: G1045, G1017, G0045, G0096 and their listed aliases).
ACTOR_NAMES = {"salt typhoon": "Salt Typhoon", "ghostemperor": "Salt Typhoon", "operator panda": "Salt Typhoon",
               "volt typhoon": "Volt Typhoon", "bronze silhouette": "Volt Typhoon", "vanguard panda": "Volt Typhoon",
               "apt10": "APT10", "menupass": "APT10", "stone panda": "APT10", "apt41": "APT41",
               "wicked panda": "APT41", "brass typhoon": "APT41", "double dragon": "APT41"}


@dataclass
class StixReadResult:
    indicators: list[Indicator]
    objects: int
    #: (id, type, modified) of every object kept (newest per id): the store's idempotency key.
    keys: list[tuple[str, str, str]] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)  # dropped pattern parts, with counts
    #: indicators whose TLP came from no marking (``unmarked``) or fail-closed (``unresolved``, ``malformed``)
    tlp_counts: dict[str, int] = field(default_factory=dict)

#: TLP of a STIX indicator that carries no marking at all: not CLEAR (it would then be re-shared at GREEN
#: ceilings); AMBER is the level TLP 2.0 gives "limited disclosure, recipients' organisations only". Our policy.
UNMARKED_STIX = "amber"


def technique_ids(obj: dict[str, Any]) -> list[str]:
    ids = [r.get("external_id", "") for r in obj.get("external_references") or [] if isinstance(r, dict)]
    ids = [i for i in ids if _TECHNIQUE_ID.fullmatch(str(i))]
    ids += _TECHNIQUE_IN_NAME.findall(str(obj.get("name", "")))
    return list(dict.fromkeys(ids))


def parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def load_json_bytes(path: Path) -> Any:
    """Parse a (possibly gzip) JSON file. With pysimdjson the result is lazy: objects materialise on access,
    so the ~24k ATT&CK objects we only need ids and types of cost almost nothing (see ``_full``)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if simdjson is not None:
        try:
            return simdjson.Parser().parse(raw)
        except ValueError:
            pass  # simdjson is stricter about some inputs; the standard parser decides
    return json.loads(raw)


def _full(obj: Any) -> dict[str, Any]:
    """A plain dict for a (possibly lazy simdjson) JSON object."""
    return obj if isinstance(obj, dict) else obj.as_dict()


def read_stix_indicators(path: Path, account: InputAccount, *, display_path: str | None = None,
                         now: datetime | None = None, resolver: TlpResolver | None = None,
                         floor: str | None = None) -> StixReadResult:
    """Read a STIX 2.1 bundle file (plain or gzip) into indicators; see :func:`read_stix_objects`."""
    try:
        data = load_json_bytes(path)
    except (OSError, ValueError, EOFError) as exc:
        account.error = f"not a readable STIX JSON file: {exc.__class__.__name__}"
        return StixReadResult([], 0)
    raw_objects = data.get("objects") if hasattr(data, "get") else None
    if raw_objects is not None and not isinstance(raw_objects, list) and hasattr(raw_objects, "as_list"):
        raw_objects = list(raw_objects)  # a lazy array: the elements stay lazy
    if not isinstance(raw_objects, list):
        account.error = "no 'objects' list: not a STIX 2.1 bundle"
        return StixReadResult([], 0)
    return read_stix_objects(raw_objects, account, source=display_path or str(path), now=now, resolver=resolver,
                             floor=floor)


def read_stix_objects(raw_objects: list[Any], account: InputAccount, *, source: str,
                      now: datetime | None = None, resolver: TlpResolver | None = None,
                      floor: str | None = None) -> StixReadResult:
    """Objects (a bundle's list, or TAXII envelope pages) -> indicators; every object accepted or rejected.

    TLP comes from ``resolver`` (which also learns this batch's marking-definitions, so a definition sent on
    an earlier page or import still counts when the caller keeps the resolver or persists what it learned);
    ``floor`` (``--tlp``) only raises it."""
    resolver = resolver if resolver is not None else TlpResolver()
    newest: dict[str, Any] = {}
    for i, obj in enumerate(raw_objects, start=1):
        if not hasattr(obj, "get") or not isinstance(obj.get("id"), str) or not isinstance(obj.get("type"), str):
            account.reject("object without id/type", i)
            continue
        prev = newest.get(obj["id"])
        if prev is None:
            newest[obj["id"]] = obj
        elif str(obj.get("modified", "")) >= str(prev.get("modified", "")):
            account.reject("superseded by a newer 'modified'", i)
            newest[obj["id"]] = obj
        else:
            account.reject("superseded by a newer 'modified'", i)

    for o in newest.values():
        if o["type"] == "marking-definition":
            resolver.learn(_full(o))
    links: dict[str, dict[str, list[str]]] = {}
    for obj in newest.values():
        if obj["type"] != "relationship" or obj.get("relationship_type") != "indicates":
            continue
        src, target = obj.get("source_ref"), newest.get(str(obj.get("target_ref")))
        if not isinstance(src, str) or target is None:
            continue  # dangling refs are normal in real feeds
        target = _full(target)
        entry = links.setdefault(src, {"attack": [], "malware": [], "actors": []})
        ttype = target.get("type")
        if ttype == "attack-pattern":
            entry["attack"] += technique_ids(target)
        elif ttype in ("malware", "tool"):
            entry["malware"].append(str(target.get("name", "")))
        elif ttype in ("intrusion-set", "threat-actor"):
            name = str(target.get("name", ""))
            entry["actors"].append(ACTOR_NAMES.get(name.lower(), name))

    result = StixReadResult([], len(raw_objects))
    now = now or datetime.now().astimezone()
    for oid, obj in newest.items():
        result.keys.append((oid, str(obj["type"]), str(obj.get("modified", obj.get("created", "")))))
        if obj["type"] != "indicator":
            account.accept()
            continue
        _indicator(_full(obj), links, resolver, floor, source, now, account, result)
    return result


def _indicator(obj: dict[str, Any], links: dict[str, dict[str, list[str]]], resolver: TlpResolver,
               floor: str | None, source: str, now: datetime, account: InputAccount, result: StixReadResult) -> None:
    if obj.get("revoked") is True:
        account.reject("revoked")
        return
    valid_until = parse_time(obj.get("valid_until"))
    if valid_until is not None and valid_until.tzinfo is not None and valid_until < now:
        account.reject("expired (valid_until in the past)")
        return
    pattern = obj.get("pattern")
    if obj.get("pattern_type", "stix") != "stix" or not isinstance(pattern, str):
        account.reject(f"pattern type {obj.get('pattern_type')!r} not supported")
        return
    try:
        compiled = compile_pattern(pattern)
    except PatternError as exc:
        account.reject(str(exc))
        return
    for note in compiled.notes:
        result.notes[note] = result.notes.get(note, 0) + 1
    link = links.get(obj["id"], {"attack": [], "malware": [], "actors": []})
    attack = list(dict.fromkeys(link["attack"] + technique_ids(obj)))
    confidence = obj.get("confidence")
    res = resolver.resolve(obj, unmarked=UNMARKED_STIX)
    if res.why != "marked":
        result.tlp_counts[res.why] = result.tlp_counts.get(res.why, 0) + 1
    tlp = strictest(res.level, floor) if floor in ORDER else res.level
    base: dict[str, Any] = dict(
        source=source, name=str(obj.get("name", "")), description=str(obj.get("description", "")),
        tlp=tlp, attack=attack,
        malware=link["malware"], actors=list(dict.fromkeys(link["actors"])), valid_until=valid_until,
        modified=str(obj.get("modified", "")), confidence=confidence if isinstance(confidence, int) else None,
        first_seen=parse_time(obj.get("valid_from")),
    )
    for n, conj in enumerate(compiled.conjunctions):
        group = f"{obj['id']}#{n}" if len(conj) > 1 else ""
        for kind, value in conj:
            result.indicators.append(Indicator(id=obj["id"], kind=kind, value=value, group=group,
                                               group_size=len(conj), **base))
    account.accept()
