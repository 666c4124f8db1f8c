#!/usr/bin/env python3
"""Build the compact ATT&CK table that carrierwatch ships, from MITRE's STIX 2.1 bundle.

Why: the Enterprise bundle is 34 MB of STIX with analytics, detection strategies and citations; the
toolkit only needs ids, names, tactics and who-uses-what to label findings and answer "which actors
use this technique". Shipping a < 1 MB derived table keeps installs small and start-up fast, and the
``source`` block (version, sha256 of the bundle, terms-of-use note) lets anyone rebuild and verify it.

Usage::

    python scripts/build_attack_table.py /work/shared/data/attack/enterprise-attack-18.1.json.gz \
        [--version 18.1] [--out src/carrierwatch/data/attack/enterprise-18.1.json]

This script is a build tool, not runtime code: it may load the whole bundle into memory.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

TERMS_NOTE = (
    "MITRE ATT&CK(R) Enterprise, (c) The MITRE Corporation. Reproduced and distributed with the "
    "permission of The MITRE Corporation under the ATT&CK Terms of Use "
    "(https://attack.mitre.org/resources/legal-and-branding/terms-of-use/). "
    "This table is a derived subset (ids, names, tactics, relationships)."
)

SOFTWARE_TYPES = {"malware", "tool"}


def _external_id(obj: dict[str, Any]) -> str | None:
    """The ATT&CK id (T1040, TA0006, G1045, S1206) sits in the ``mitre-attack`` external reference."""
    for ref in obj.get("external_references") or []:
        if ref.get("source_name") == "mitre-attack" and ref.get("external_id"):
            return str(ref["external_id"])
    return None


def _load_objects(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        bundle = json.load(fh)
    objects = bundle.get("objects")
    if not isinstance(objects, list):
        raise SystemExit(f"{path}: not a STIX bundle (no 'objects' list)")
    # De-duplicate by id, keeping the latest 'modified' (bundles are sometimes re-issued with dupes).
    latest: dict[str, dict[str, Any]] = {}
    for obj in objects:
        oid = obj.get("id")
        if not oid:
            continue
        prev = latest.get(oid)
        if prev is None or str(obj.get("modified", "")) >= str(prev.get("modified", "")):
            latest[oid] = obj
    return list(latest.values())


def _flags(obj: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if obj.get("x_mitre_deprecated"):
        out["deprecated"] = True
    if obj.get("revoked"):
        out["revoked"] = True
    return out


def build(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """Turn STIX objects into the compact table (see ``carrierwatch.intel.attack`` for the reader)."""
    ids: dict[str, str] = {}  # stix id -> ATT&CK id
    for obj in objects:
        if obj.get("type") in {"attack-pattern", "x-mitre-tactic", "intrusion-set"} | SOFTWARE_TYPES:
            eid = _external_id(obj)
            if eid:
                ids[obj["id"]] = eid

    uses: dict[str, set[str]] = defaultdict(set)  # source stix id -> target ATT&CK ids
    revoked_by: dict[str, str] = {}
    for rel in objects:
        if rel.get("type") != "relationship" or rel.get("revoked") or rel.get("x_mitre_deprecated"):
            continue
        src, dst = rel.get("source_ref", ""), rel.get("target_ref", "")
        if rel.get("relationship_type") == "uses" and dst in ids:
            uses[src].add(ids[dst])
        elif rel.get("relationship_type") == "revoked-by" and dst in ids:
            revoked_by[src] = ids[dst]

    tactics: list[dict[str, Any]] = []
    techniques: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    software: list[dict[str, Any]] = []
    for obj in objects:
        kind = obj.get("type")
        eid = ids.get(obj.get("id", ""))
        if not eid:
            continue
        if kind == "x-mitre-tactic":
            tactics.append({"id": eid, "name": obj["name"], "shortname": obj.get("x_mitre_shortname", "")})
        elif kind == "attack-pattern":
            phases = [
                p["phase_name"]
                for p in obj.get("kill_chain_phases") or []
                if p.get("kill_chain_name") == "mitre-attack"
            ]
            row = {
                "id": eid,
                "name": obj["name"],
                "tactics": phases,
                "sub": bool(obj.get("x_mitre_is_subtechnique")),
                **_flags(obj),
            }
            if obj["id"] in revoked_by:
                row["revoked_by"] = revoked_by[obj["id"]]
            techniques.append(row)
        elif kind == "intrusion-set":
            used = uses.get(obj["id"], set())
            row = {
                "id": eid,
                "name": obj["name"],
                "aliases": [a for a in obj.get("aliases") or [] if a != obj["name"]],
                "techniques": sorted(u for u in used if u.startswith("T")),
                "software": sorted(u for u in used if u.startswith("S")),
                **_flags(obj),
            }
            if obj["id"] in revoked_by:
                row["revoked_by"] = revoked_by[obj["id"]]
            groups.append(row)
        elif kind in SOFTWARE_TYPES:
            row = {
                "id": eid,
                "name": obj["name"],
                "type": kind,
                "aliases": [a for a in obj.get("x_mitre_aliases") or [] if a != obj["name"]],
                "techniques": sorted(u for u in uses.get(obj["id"], set()) if u.startswith("T")),
                **_flags(obj),
            }
            if obj["id"] in revoked_by:
                row["revoked_by"] = revoked_by[obj["id"]]
            software.append(row)

    def by_id(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: _id_key(r["id"]))

    return {
        "tactics": by_id(tactics),
        "techniques": by_id(techniques),
        "groups": by_id(groups),
        "software": by_id(software),
    }


def _id_key(eid: str) -> tuple[str, int, int]:
    m = re.match(r"([A-Z]+)(\d+)(?:\.(\d+))?$", eid)
    if not m:
        return (eid, 0, 0)
    return (m.group(1), int(m.group(2)), int(m.group(3) or 0))


def dumps_compact(table: dict[str, Any]) -> str:
    """One row per line: small on disk, and a new ATT&CK release shows up as a readable diff."""
    lines = ["{"]
    keys = list(table)
    for i, key in enumerate(keys):
        value = table[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, list):
            lines.append(f"{json.dumps(key)}: [")
            rows = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in value]
            lines.append(",\n".join(rows))
            lines.append(f"]{comma}")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("bundle", type=Path, help="enterprise-attack-<version>.json(.gz) STIX 2.1 bundle")
    ap.add_argument("--version", help="ATT&CK version (default: taken from the file name)")
    ap.add_argument("--out", type=Path, help="output path (default: src/carrierwatch/data/attack/...)")
    args = ap.parse_args(argv)

    version = args.version
    if not version:
        m = re.search(r"(\d+\.\d+)", args.bundle.name)
        if not m:
            ap.error("cannot tell the ATT&CK version from the file name; pass --version")
        version = m.group(1)
    out: Path = args.out or (
        Path(__file__).resolve().parent.parent / "src/carrierwatch/data/attack" / f"enterprise-{version}.json"
    )

    sha = hashlib.sha256(args.bundle.read_bytes()).hexdigest()
    table = build(_load_objects(args.bundle))
    doc = {
        "source": {
            "name": "MITRE ATT&CK Enterprise",
            "version": version,
            "bundle": args.bundle.name,
            "sha256": sha,
            "url": "https://github.com/mitre-attack/attack-stix-data",
            "terms_of_use": TERMS_NOTE,
        },
        **table,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(dumps_compact(doc), encoding="utf-8")
    tmp.replace(out)
    counts = ", ".join(f"{len(doc[k])} {k}" for k in ("tactics", "techniques", "groups", "software"))
    print(f"wrote {out} ({out.stat().st_size:,} bytes): {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
