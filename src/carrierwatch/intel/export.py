"""Indicators out of the store: STIX 2.1 bundle, CSV, or a Zeek intel file, capped at a TLP level.

The STIX form rebuilds one pattern per indicator (terms of a compound group are ANDed back together) and marks
each indicator with its OASIS TLP 2.0 marking-definition id. Nothing above ``max_tlp`` leaves.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import UTC, datetime

from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.tlp import ORDER, TLP2_IDS

_STIX_PATH = {"ipv4": "ipv4-addr:value", "cidr4": "ipv4-addr:value", "ipv6": "ipv6-addr:value",
              "cidr6": "ipv6-addr:value", "domain": "domain-name:value", "url": "url:value",
              "email": "email-addr:value", "md5": "file:hashes.MD5", "sha1": "file:hashes.'SHA-1'",
              "sha256": "file:hashes.'SHA-256'", "sha512": "file:hashes.'SHA-512'", "ssdeep": "file:hashes.SSDEEP",
              "file-name": "file:name", "x509-sha1": "x509-certificate:hashes.'SHA-1'",
              "x509-sha256": "x509-certificate:hashes.'SHA-256'", "asn": "autonomous-system:number",
              "port": "network-traffic:dst_port"}
_ZEEK = {"ipv4": "Intel::ADDR", "ipv6": "Intel::ADDR", "cidr4": "Intel::SUBNET", "cidr6": "Intel::SUBNET",
         "domain": "Intel::DOMAIN", "url": "Intel::URL", "email": "Intel::EMAIL", "md5": "Intel::FILE_HASH",
         "sha1": "Intel::FILE_HASH", "sha256": "Intel::FILE_HASH", "file-name": "Intel::FILE_NAME",
         "x509-sha1": "Intel::CERT_HASH"}


def allowed(items: list[Indicator], max_tlp: str) -> list[Indicator]:
    cap = ORDER.index(max_tlp)
    return [i for i in items if ORDER.index(i.tlp if i.tlp in ORDER else "red") <= cap]


def _term(ind: Indicator) -> str:
    value = ind.value.replace("\\", "\\\\").replace("'", "\\'")
    if ind.kind in ("asn", "port"):
        return f"{_STIX_PATH[ind.kind]} = {value}"
    return f"{_STIX_PATH[ind.kind]} = '{value}'"


def to_stix(items: list[Indicator]) -> str:
    groups: dict[tuple[str, str], list[Indicator]] = defaultdict(list)
    for ind in items:
        groups[(ind.id, ind.group or f"{ind.kind}|{ind.value}")].append(ind)
    by_id: dict[str, list[list[Indicator]]] = defaultdict(list)
    for (sid, _), terms in sorted(groups.items()):
        by_id[sid].append(terms)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    objs = []
    for sid, conjs in by_id.items():
        first = conjs[0][0]
        pattern = " OR ".join("[" + " AND ".join(_term(t) for t in conj) + "]" for conj in conjs)
        objs.append({"type": "indicator", "spec_version": "2.1", "id": sid, "created": first.modified or now,
                     "modified": first.modified or now, "name": first.name or first.value, "pattern": pattern,
                     "pattern_type": "stix", "valid_from": first.modified or now,
                     "object_marking_refs": [TLP2_IDS.get(first.tlp, TLP2_IDS["red"])]})
    return json.dumps({"type": "bundle", "id": "bundle--" + _uuid(), "objects": objs}, indent=1)


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())


def to_csv(items: list[Indicator]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["type", "value", "tlp", "source", "id", "group", "warning", "actors", "attack"])
    for i in items:
        w.writerow([i.kind, i.value, i.tlp, i.source, i.id, i.group, i.warning, ";".join(i.actors), ";".join(i.attack)])
    return buf.getvalue()


def to_zeek(items: list[Indicator]) -> tuple[str, int]:
    """Zeek intel text, and how many indicators had no Zeek type (or were compound) and were left out."""
    lines = ["#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc"]
    skipped = 0
    for i in items:
        if i.kind not in _ZEEK or i.group:
            skipped += 1
            continue
        desc = (i.name or i.description or "-").replace("\t", " ").replace("\n", " ")
        lines.append(f"{i.value}\t{_ZEEK[i.kind]}\tcarrierwatch\t{desc}")
    return "\n".join(lines) + "\n", skipped
