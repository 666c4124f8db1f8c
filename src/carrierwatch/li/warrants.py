"""The warrant register (HI1 side): which targets a court authorised, until when, delivered where.

The LI checks reconcile X1 provisioning against it (LI-02, LI-03 in docs/guidance.md#li-checks). The register is
read once, and each target identifier is replaced by its keyed token (:mod:`carrierwatch.li.privacy`)
as the row is read: a :class:`Warrant` never holds a plaintext target, so nothing downstream can leak one.

CSV (header row required)::

    warrant_id,targets,destinations,valid_from,valid_to,authority
    W-2026-0141,e164:+15550100123;imsi:310150123456789,10.255.9.90:50010;did-0001,2026-11-01T00:00:00Z,...

``targets`` is ``kind:value`` separated by ``;`` (kinds: e164/msisdn, imsi, imei, supi, ip, sip, nai...);
``destinations`` are authorised delivery destinations: IP addresses (optionally ``:port``) or X1 ``dId``s.
JSON: ``{"warrants": [...]}`` or a bare list of objects with the same keys; ``targets`` may be a list of
``"kind:value"`` strings or ``{"kind": ..., "value": ...}`` objects, ``destinations`` a list.

A row with a missing id, an unparseable window, an empty target list or an invalid target is rejected with
its reason (the reason never quotes the identifier).
"""

from __future__ import annotations

import csv
import io
import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carrierwatch.findings import InputAccount
from carrierwatch.li.privacy import TargetError, TargetHasher
from carrierwatch.values import BadValue, json_loads

REQUIRED = ("warrant_id", "targets", "valid_from", "valid_to")


@dataclass(frozen=True)
class Warrant:
    warrant_id: str
    targets: frozenset[str]  # "tgt-…" tokens
    destinations: frozenset[str]  # canonical IPs and dIds
    valid_from: datetime
    valid_to: datetime
    authority: str
    source: str
    line: int

    def covers(self, token: str, at: datetime) -> bool:
        return token in self.targets and self.valid_from <= at <= self.valid_to

    def authorises(self, d_id: str | None, address: str | None) -> bool:
        return bool((d_id and d_id in self.destinations) or (address and canonical_address(address)
                                                              in self.destinations))


def canonical_address(text: str) -> str:
    """``10.0.0.1``, ``10.0.0.1:5000``, ``[2001:db8::1]:5000`` -> the canonical IP; anything else as given."""
    t = text.strip()
    if t.startswith("[") and "]" in t:
        t = t[1 : t.index("]")]
    elif t.count(":") == 1:
        t = t.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(t))
    except ValueError:
        return text.strip()


def _ts(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text.strip():
        return None
    s = text.strip().replace("Z", "+00:00")
    if len(s) > 64 or not s.isascii():
        return None
    try:
        ts = datetime.fromisoformat(s)
        ts = ts.astimezone(UTC) if ts.tzinfo else ts.replace(tzinfo=UTC)  # 9999-12-31T23:00-05:00 overflows
    except (ValueError, OverflowError):
        return None
    return ts if ts.year >= 1900 else None


def read_warrants(path: Path, acc: InputAccount, hasher: TargetHasher, *, display_path: str | None = None
                  ) -> list[Warrant]:
    display = display_path or str(path)
    try:
        text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError as exc:
        acc.error = f"unreadable: {exc.strerror or exc}"
        return []
    if text.lstrip()[:1] in ("{", "["):
        return _from_json(text, display, acc, hasher)
    return _from_csv(text, display, acc, hasher)


def _from_csv(text: str, display: str, acc: InputAccount, hasher: TargetHasher) -> list[Warrant]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        cols = [c.strip().lower() for c in reader.fieldnames or []]
    except csv.Error as exc:
        acc.error = f"not a readable CSV header: {exc}"
        return []
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        acc.error = "warrant register without column(s): " + ", ".join(missing)
        return []
    out = []
    rows = iter(reader)
    n = 1
    while True:
        n += 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            acc.reject(f"malformed CSV row: {exc}", n)
            continue
        norm = {(k or "").strip().lower(): (v or "") for k, v in row.items() if isinstance(v, str)}
        rec = {
            "warrant_id": norm.get("warrant_id", ""),
            "targets": [t for t in norm.get("targets", "").split(";") if t.strip()],
            "destinations": [d for d in norm.get("destinations", "").split(";") if d.strip()],
            "valid_from": norm.get("valid_from"),
            "valid_to": norm.get("valid_to"),
            "authority": norm.get("authority", ""),
        }
        w = _warrant(rec, display, n, acc, hasher)
        if w:
            out.append(w)
    return out


def _from_json(text: str, display: str, acc: InputAccount, hasher: TargetHasher) -> list[Warrant]:
    try:
        data = json_loads(text)
    except BadValue as exc:  # malformed, nested too deep, NaN, a number past CPython's digit limit
        acc.reject(f"not valid JSON: {exc.detail or exc.reason}", exc.line or 1)
        return []
    rows = data.get("warrants") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        acc.reject("no 'warrants' list", 1)
        return []
    out = []
    for n, rec in enumerate(rows, start=1):
        if not isinstance(rec, dict):
            acc.reject("warrant entry is not an object", n)
            continue
        w = _warrant(rec, display, n, acc, hasher)
        if w:
            out.append(w)
    return out


def _warrant(rec: dict[str, Any], display: str, n: int, acc: InputAccount, hasher: TargetHasher) -> Warrant | None:
    wid = str(rec.get("warrant_id") or "").strip()
    if not wid:
        acc.reject("warrant without warrant_id", n)
        return None
    start, end = _ts(rec.get("valid_from")), _ts(rec.get("valid_to"))
    if start is None or end is None:
        acc.reject("warrant without a valid valid_from/valid_to", n)
        return None
    if end < start:
        acc.reject("warrant valid_to is before valid_from", n)
        return None
    raw_targets = rec.get("targets") or []
    if not isinstance(raw_targets, list) or not raw_targets:
        acc.reject("warrant without targets", n)
        return None
    tokens = set()
    for t in raw_targets:
        if isinstance(t, dict):
            kind, value = str(t.get("kind", "")), str(t.get("value", ""))
        else:
            kind, _, value = str(t).partition(":")
        try:
            tokens.add(hasher.token(kind, value))
        except TargetError as exc:
            acc.reject(f"invalid target identifier: {exc}", n)
            return None
    dests = rec.get("destinations") or []
    if not isinstance(dests, list):
        acc.reject("destinations is not a list", n)
        return None
    acc.accept()
    return Warrant(wid, frozenset(tokens), frozenset(canonical_address(str(d)) for d in dests), start, end,
                   str(rec.get("authority") or ""), display, n)
