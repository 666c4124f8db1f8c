"""The lab's threat-intel bundle: a STIX 2.1 bundle in the style of CISA AA25-239A.

It reproduces the quirks of the real advisory bundle that importers must survive
(docs/guidance.md#stix-bundle-notes): ``[ipv4-addr:value = '...']`` patterns with ``CC=.. ASN=..``
descriptions, two IPv6 indicators, a CIDR indicator, a compound upper-case file-hash pattern,
attack-patterns whose ATT&CK id is only in the name (``"... [T1048.003] (ENT)"``), malware objects,
an ``indicates`` relationship, a ``created_by_ref`` to an identity that is not in the bundle, and a
report with no identity.

Addresses are the lab's own (45.61.134.0/24, 45.61.136.0/24, 167.88.164.0/24 and the RFC 5737
documentation range 198.51.100.0/24), with one exception: 167.88.164.166 is a published AA25-239A
indicator ("Cobalt Strike C2 Infrastructure", docs/guidance.md#aa25-239a-indicators), reused here as the C2 address.
The ASNs in descriptions are RFC 5398 documentation ASNs. Ids are UUIDv5 of fixed names: stable.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

#: Addresses the planted intruder uses (role -> address). None of them appears in clean telemetry.
INTEL: dict[str, str] = {
    "access": "45.61.134.77",  # stolen-credential logins, ACL 20, SSH on 22122
    "webui": "167.88.164.21",  # CVE-2023-20198 web UI source
    "gre": "45.61.136.14",  # GRE peer: matched only by the 45.61.136.0/24 CIDR indicator
    "tacacs": "198.51.100.23",  # rogue TACACS+ server
    "exfil": "198.51.100.77",  # TFTP/FTP drop
    "c2": "167.88.164.166",  # beacon target (published AA25-239A value, see module docstring)
}
#: Listed in the bundle but never seen in the lab's telemetry (decoys for precision).
DECOYS = ("45.61.134.200", "167.88.164.90", "198.51.100.200")
IPV6 = ("2001:db8:45:61::134", "2001:db8:167:88::164")
CIDR = "45.61.136.0/24"
INTEL_NETWORKS = ("45.61.134.0/24", "45.61.136.0/24", "167.88.164.0/24", "198.51.100.0/24")

_NS = uuid.UUID("6f2b3f0e-6c4a-5d7e-9a51-2c7b1a0e5d11")
_CISA_LIKE_IDENTITY = "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01"  # the advisory's dangling ref


def _id(kind: str, name: str) -> str:
    return f"{kind}--{uuid.uuid5(_NS, kind + '/' + name)}"


def _ts(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def build_bundle(created: datetime) -> dict[str, Any]:
    """The bundle, dated a week before the lab starts (never the wall clock)."""
    when = _ts(created - timedelta(days=7))
    common = {"spec_version": "2.1", "created": when, "modified": when, "created_by_ref": _CISA_LIKE_IDENTITY}
    objs: list[dict[str, Any]] = []

    def indicator(name: str, pattern: str, description: str | None) -> dict[str, Any]:
        o: dict[str, Any] = {
            "type": "indicator",
            "id": _id("indicator", name),
            **common,
            "name": name,
            "pattern": pattern,
            "pattern_type": "stix",
            "valid_from": when,
            "indicator_types": ["malicious-activity"],
        }
        if description:
            o["description"] = description
        return o

    descs = {
        "access": "CC=US ASN=AS64500 LAB-VPS-HOSTING",
        "webui": "CC=US ASN=AS64501 LAB-CLOUD",
        "tacacs": "CC=NL ASN=AS64502 LAB-DEDICATED",
        "exfil": "CC=NL ASN=AS64502 LAB-DEDICATED",
        "c2": "Cobalt Strike C2 Infrastructure",
    }
    for role, ip in sorted(INTEL.items()):
        if role == "gre":
            continue  # only the CIDR covers it
        objs.append(indicator(ip, f"[ipv4-addr:value = '{ip}']", descs.get(role)))
    for ip in DECOYS:
        objs.append(indicator(ip, f"[ipv4-addr:value = '{ip}']", "CC=HK ASN=AS64503 LAB-TRANSIT"))
    objs.append(indicator(CIDR, f"[ipv4-addr:value = '{CIDR}']", "CC=US ASN=AS64500 LAB-VPS-HOSTING"))
    for ip in IPV6:
        objs.append(indicator(ip, f"[ipv6-addr:value = '{ip}']", None))
    sha256 = "3C9F1A6B0E8D2F4A7B5C6D1E9F0A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C"
    sha1 = "9A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B"
    md5 = "0F1E2D3C4B5A69788796A5B4C3D2E1F0"
    file_pattern = (
        f"[(file:hashes.'SHA-1' = '{sha1}' OR file:hashes.'SHA-256' = '{sha256}' OR "
        f"file:hashes.MD5 = '{md5}') AND file:name = 'labsft']"
    )
    file_ind = indicator("labsft", file_pattern, "Go SFTP exfiltration client (lab sample)")
    objs.append(file_ind)
    malware = []
    for name, types in (("STOWAWAY", ["backdoor"]), ("SIET", ["installer"]), ("JumbledPath", ["tool"])):
        m = {
            "type": "malware",
            "id": _id("malware", name),
            **common,
            "name": name,
            "is_family": True,
            "malware_types": types,
        }
        malware.append(m)
    objs += malware
    techniques = [
        "Initial Access / Exploit Public-Facing Application [T1190] (ENT)",
        "Defense Evasion / Disable or Modify System Firewall [T1562.004] (ENT)",
        "Command and Control / Protocol Tunneling [T1572] (ENT)",
        "Credential Access / Modify Authentication Process [T1556] (ENT)",
        "Credential Access / Network Sniffing [T1040] (ENT)",
        "Exfiltration / Exfiltration Over Unencrypted Non-C2 Protocol [T1048.003] (ENT)",
        "Execution / Container Administration Command [T1609] (ENT)",
        "Command and Control / Non-Standard Port [T1571] (ENT)",
        "Lateral Movement / SSH [T1021.004] (ENT)",
        "Defense Evasion / Indicator Removal [T1070] (ENT)",
        "Command and Control / Application Layer Protocol [T1071] (ENT)",
    ]
    for name in techniques:
        objs.append({"type": "attack-pattern", "id": _id("attack-pattern", name), **common, "name": name})
    objs.append(
        {
            "type": "relationship",
            "id": _id("relationship", "labsft-indicates-stowaway"),
            **common,
            "relationship_type": "indicates",
            "source_ref": file_ind["id"],
            "target_ref": malware[0]["id"],
        }
    )
    report = {
        "type": "report",
        "id": _id("report", "lab-aa25-239a"),
        "spec_version": "2.1",
        "created": when,
        "modified": when,
        "name": "LAB-AA25-239A: synthetic Salt Typhoon-style advisory (carrierwatch lab)",
        "published": when,
        "report_types": ["threat-report"],
        "object_refs": [o["id"] for o in objs],
    }
    objs.append(report)
    return {"type": "bundle", "id": _id("bundle", "lab-aa25-239a"), "objects": objs}


def bundle_json(created: datetime) -> str:
    return json.dumps(build_bundle(created), indent=2) + "\n"
