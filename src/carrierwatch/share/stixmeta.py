"""What the hub needs to know about one STIX object: its version, refs and TLP (no ``stix2`` objects: too slow).

Version rule from TAXII 2.1 §3.4.1 (match[version]): ``modified``, else ``created``, else the date added.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from carrierwatch.intel.tlp import ORDER, TlpResolver

_HEX = "[0-9a-fA-F]"
_ID = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,62}}--{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}$")
_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


class BadObject(ValueError):
    """A STIX object the hub will not store; the message is the status-failure reason."""


def valid_id(text: Any) -> bool:
    return isinstance(text, str) and bool(_ID.match(text))


def version_key(ts: str) -> str:
    """RFC 3339 UTC timestamp → fixed-width microsecond text that sorts in time order."""
    if not _TS.match(ts):
        raise BadObject(f"bad timestamp {ts[:40]!r}")
    base, _, frac = ts[:-1].partition(".")
    try:
        datetime.fromisoformat(base)
    except ValueError as exc:
        raise BadObject(f"bad timestamp {ts[:40]!r}") from exc
    return f"{base}.{(frac + '000000')[:6]}Z"


_MARKING_KEYS = ("object_marking_refs", "marking_ref")


def collect_refs(obj: Any, out: set[str] | None = None) -> set[str]:
    """Every id named by a ``*_ref`` / ``*_refs`` property, at any depth (refs expose what they point to).

    Marking references are left out: they name marking-definitions, which expose nothing and are resolved
    by the TLP resolver instead."""
    out = set() if out is None else out
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in _MARKING_KEYS:
                continue
            if k.endswith("_ref") and isinstance(v, str):
                out.add(v)
            elif k.endswith("_refs") and isinstance(v, list):
                out.update(x for x in v if isinstance(x, str))
            elif isinstance(v, dict | list):
                collect_refs(v, out)
    elif isinstance(obj, list):
        for v in obj:
            collect_refs(v, out)
    return out


def tlp_rank(obj: dict[str, Any], default: str, resolver: TlpResolver | None = None) -> int:
    """Strictest TLP among object-level and granular markings (any marking style the resolver knows);
    ``default`` when the object carries none; RED when a marking cannot be resolved (fail closed)."""
    res = (resolver or TlpResolver()).resolve(obj, unmarked=default, closed="red")
    return ORDER.index(res.level)


def marking_ids(obj: dict[str, Any]) -> list[str]:
    refs = obj.get("object_marking_refs")
    out = [r for r in refs if isinstance(r, str)] if isinstance(refs, list) else []
    gms = obj.get("granular_markings")
    if isinstance(gms, list):
        out += [g["marking_ref"] for g in gms if isinstance(g, dict) and isinstance(g.get("marking_ref"), str)]
    return sorted(set(out))


def check_object(obj: Any) -> tuple[str, str, str, str | None]:
    """(id, type, spec_version, version-or-None) of an object fit to store, else :class:`BadObject`."""
    if not isinstance(obj, dict):
        raise BadObject("object is not a JSON object")
    oid, otype = obj.get("id"), obj.get("type")
    if not isinstance(oid, str) or not valid_id(oid) or not isinstance(otype, str) or not oid.startswith(otype + "--"):
        raise BadObject("missing or malformed id/type")
    spec = obj.get("spec_version", "2.0")
    if spec not in ("2.0", "2.1"):
        raise BadObject("unsupported spec_version")
    ver = obj.get("modified") or obj.get("created")
    if ver is not None and not isinstance(ver, str):
        raise BadObject("modified/created is not a string")
    if ver is not None:
        version_key(ver)
    return oid, otype, spec, ver
