"""MISP JSON events and MISP feed folders (``manifest.json`` + ``<uuid>.json``), fetching only changed events.

MISP's feed format (MISP book, "Feeds"; misp-feed ``manifest.json``) lists every event uuid with its
``timestamp``; an event whose (uuid, timestamp) is already stored is not read again, which is how MISP itself
avoids re-fetching. Attributes become indicators through the same type table as MISP CSV
(:data:`carrierwatch.intel.flat_readers.MISP_TYPES`); ``to_ids: false`` attributes are context, counted as
rejected with that reason, and so are ``deleted: true`` attributes and objects (MISP soft deletion; feeds and
restSearch can include them). TLP comes from ``tlp:`` tags: the strictest of the attribute's and the event's
(an attribute cannot lower its event's TLP); an event with no TLP tag gets :data:`UNMARKED_MISP`. Actors from
``misp-galaxy:threat-actor`` tags and techniques from ``misp-galaxy:mitre-attack-pattern`` tags (``… - T1190``).
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carrierwatch.findings import InputAccount
from carrierwatch.intel.flat_readers import _typed_misp, derived_id
from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.stix_reader import ACTOR_NAMES
from carrierwatch.intel.tlp import ORDER, strictest, tlp_from_misp_tags

_TECH_TAG = re.compile(r"(T\d{4}(?:\.\d{3})?)\"?$")
_ACTOR_TAG = re.compile(r'misp-galaxy:threat-actor="([^"]+)"')
UNMARKED_MISP = "amber"  # an event without a tlp: tag is not public (same policy as unmarked STIX)


@dataclass
class MispFeedResult:
    indicators: list[Indicator] = field(default_factory=list)
    events_read: int = 0
    events_unchanged: int = 0
    keys: list[tuple[str, str, str]] = field(default_factory=list)  # ("misp-event--uuid", "misp-event", timestamp)


def _list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else []


def _tag_names(obj: dict[str, Any]) -> list[str]:
    return [str(t.get("name", "")) for t in _list(obj.get("Tag")) if isinstance(t, dict)]


def _deleted(d: dict[str, Any]) -> bool:
    return d.get("deleted") in (True, 1, "1", "true")


def events_of(data: Any) -> list[dict[str, Any]]:
    """MISP JSON as partners send it: ``{"Event": …}``, a bare event, a list of either, a restSearch
    ``{"response": [...]}`` (events) or ``{"response": {"Attribute": [...]}}`` (attributes search)."""
    if isinstance(data, list):
        return [e for e in data if isinstance(e, dict)]
    if not isinstance(data, dict):
        return []
    if "response" in data:
        resp = data["response"]
        if isinstance(resp, dict) and "Attribute" in resp:
            return [{"Event": {"Attribute": _list(resp.get("Attribute"))}}]
        return events_of(resp)
    return [data]


def read_misp_event(event: dict[str, Any], account: InputAccount, *, source: str,
                    floor: str | None = None) -> list[Indicator]:
    """One MISP event (``{"Event": {...}}`` or the inner dict) -> indicators; every attribute accounted."""
    ev = event.get("Event", event)
    if not isinstance(ev, dict):
        account.reject("event is not a JSON object")
        return []
    tags = _tag_names(ev)
    for g in _list(ev.get("Galaxy")):
        for c in _list(g.get("GalaxyCluster")) if isinstance(g, dict) else []:
            if isinstance(c, dict) and c.get("tag_name"):
                tags.append(str(c["tag_name"]))
    ev_tlp = tlp_from_misp_tags(tags) or UNMARKED_MISP
    if floor in ORDER:
        ev_tlp = strictest(ev_tlp, str(floor))
    actors = [ACTOR_NAMES.get(m.lower(), m) for t in tags for m in _ACTOR_TAG.findall(t)]
    attack = [m.group(1) for t in tags if "mitre-attack-pattern" in t for m in [_TECH_TAG.search(t)] if m]
    attrs: list[Any] = list(_list(ev.get("Attribute")))
    deleted_objects: list[Any] = []
    for obj in _list(ev.get("Object")):
        if not isinstance(obj, dict):
            attrs.append(obj)  # rejected below with its reason
        elif _deleted(obj):
            deleted_objects += _list(obj.get("Attribute"))
        else:
            attrs += _list(obj.get("Attribute"))
    out: list[Indicator] = []
    for _ in deleted_objects:
        account.reject("deleted (its MISP object is deleted)")
    for n, a in enumerate(attrs, start=1):
        if not isinstance(a, dict) or "type" not in a or "value" not in a:
            account.reject("attribute without type/value", n)
            continue
        if _deleted(a):
            account.reject("deleted attribute", n)
            continue
        if a.get("to_ids") in (False, 0, "0", "false"):
            account.reject("to_ids is false (context, not an indicator)", n)
            continue
        terms = _typed_misp(str(a["type"]), str(a["value"]))
        if not terms or any(t is None for t in terms):
            account.reject(f"unsupported MISP type {a['type']} or invalid value", n)
            continue
        aid = f"indicator--{a['uuid']}" if a.get("uuid") else derived_id(source, str(a["type"]), str(a["value"]))
        tlp = strictest(ev_tlp, tlp_from_misp_tags(_tag_names(a)) or ev_tlp)
        ts = a.get("timestamp") or ev.get("timestamp")
        # ASCII digits only, and a time before year 5138 (``str.isdigit`` accepts "²"; huge values overflow)
        modified = (datetime.fromtimestamp(int(str(ts)), UTC).isoformat()
                    if re.fullmatch(r"[0-9]{1,11}", str(ts or "")) else "")
        for kind, value in (t for t in terms if t is not None):
            out.append(Indicator(id=aid, kind=kind, value=value, source=source, name=str(ev.get("info", "")),
                                 description=str(a.get("comment", "")), tlp=tlp, attack=attack, actors=actors,
                                 modified=modified, group=aid if len(terms) > 1 else "", group_size=len(terms)))
        account.accept()
    return out


def _loader(base: str) -> Callable[[str], bytes]:
    if base.startswith(("http://", "https://")):
        def get(name: str) -> bytes:
            with urllib.request.urlopen(base.rstrip("/") + "/" + name, timeout=60) as resp:  # noqa: S310
                return bytes(resp.read())
        return get
    return lambda name: (Path(base) / name).read_bytes()


def read_misp_feed(base: str, account: InputAccount, *, known: Iterable[tuple[str, str]] = (),
                   source: str | None = None, floor: str | None = None) -> MispFeedResult:
    """A MISP feed (folder or URL with ``manifest.json``): read only events whose timestamp changed."""
    get = _loader(base)
    src = source or base
    have = set(known)
    result = MispFeedResult()
    try:
        manifest = json.loads(get("manifest.json"))
    except (OSError, ValueError) as exc:
        account.error = f"no readable manifest.json: {exc.__class__.__name__}"
        return result
    if not isinstance(manifest, dict):
        account.error = "manifest.json is not a JSON object of event uuids"
        return result
    for ev_uuid, meta in sorted(manifest.items()):
        if not isinstance(meta, dict) or not re.fullmatch(r"[0-9a-fA-F-]{36}", str(ev_uuid)):
            account.reject("manifest entry is not an event uuid with metadata")
            continue
        stamp = str(meta.get("timestamp", ""))
        key = (f"misp-event--{ev_uuid}", stamp)
        if key in have:
            result.events_unchanged += 1
            continue
        try:
            event = json.loads(get(f"{ev_uuid}.json"))
        except (OSError, ValueError) as exc:
            account.reject(f"event file unreadable: {exc.__class__.__name__}")
            continue
        if not isinstance(event, dict):
            account.reject("event file is not a JSON object")
            continue
        result.indicators += read_misp_event(event, account, source=src, floor=floor)
        result.events_read += 1
        result.keys.append((key[0], "misp-event", stamp))
    return result
