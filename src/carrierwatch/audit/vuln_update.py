"""Read newer CVE knowledge into the workspace: CISA KEV JSON and CVE JSON 5 records (cvelistV5).

``load_vuln_files`` turns each input into catalog rows (``VulnRow``) and counts what it could not use,
so ``carrierwatch intel update-vulns`` can say per file what was read and what was rejected and why.

* CVE JSON 5: ``containers.cna.affected[]``; an entry with ``status: affected`` and a plain ``version``
  (Cisco style: every release listed) becomes an exact version; an entry with ``lessThan`` /
  ``lessThanOrEqual`` becomes a range starting at ``version``. Vendor/product map to our OS names with
  ``PRODUCT_OS`` (unknown products are kept with ``os: []``: stored, never matched, counted).
* KEV: only refreshes ``kev_added`` of CVEs already in the catalog or loaded records; KEV has no
  affected versions, so a KEV-only CVE would be an unmatched row: counted as "no version data".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from carrierwatch.audit.vulns import VulnRow, norm
from carrierwatch.findings import InputAccount

PRODUCT_OS = [  # (substring of "vendor product", lower-case) -> carrierwatch OS names
    ("ios xe", ["ios-xe"]),
    ("nx-os", ["nx-os"]),
    ("nxos", ["nx-os"]),
    ("ios xr", ["ios-xr"]),
    ("junos", ["junos"]),
    ("arista eos", ["eos"]),
    ("cisco ios", ["ios", "ios-xe"]),
    ("pan-os", ["pan-os"]),
    ("fortios", ["fortios"]),
]


def _os_for(vendor: str, product: str) -> list[str]:
    text = f"{vendor} {product}".lower()
    for needle, names in PRODUCT_OS:
        if needle in text:
            return names
    return []


def row_from_cve_record(doc: dict[str, Any], source: str) -> VulnRow | None:
    meta = doc.get("cveMetadata") or {}
    cve = meta.get("cveId")
    cna = (doc.get("containers") or {}).get("cna") or {}
    if not cve or not isinstance(cna, dict):
        return None
    versions: set[str] = set()
    ranges: list[dict[str, str]] = []
    oses: list[str] = []
    vendor = product = ""
    for aff in cna.get("affected") or []:
        vendor, product = str(aff.get("vendor", "")), str(aff.get("product", ""))
        oses += [o for o in _os_for(vendor, product) if o not in oses]
        for v in aff.get("versions") or []:
            if v.get("status") != "affected" or not v.get("version"):
                continue
            if "lessThan" in v or "lessThanOrEqual" in v:
                r = {"from": str(v["version"])}
                r.update({k: str(v[k]) for k in ("lessThan", "lessThanOrEqual") if k in v})
                ranges.append(r)
            else:
                versions.add(str(v["version"]))
    adv = next((r.get("name", "") for r in cna.get("references") or [] if r.get("name")), "")
    url = next((r.get("url", "") for r in cna.get("references") or [] if r.get("url")), "")
    match = "exact" if versions and not ranges else "range" if ranges else "unknown"
    return VulnRow(cve=cve, vendor=vendor, product=product, os=oses, match=match,
                   versions={norm(v) for v in versions}, ranges=ranges, advisory=adv, advisory_url=url,
                   title=str(cna.get("title") or product), sources=[source], note=f"loaded from {source}")


def load_vuln_files(paths: list[Path], known: set[str]) -> tuple[list[VulnRow], dict[str, str], list[InputAccount]]:
    """(rows from CVE records, {cve: KEV dateAdded}, one account per file). CVE records are read first,
    so a KEV file in the same call can date the CVEs they bring."""
    rows: list[VulnRow] = []
    kev: dict[str, str] = {}
    accounts: list[InputAccount] = []
    kev_docs: list[tuple[InputAccount, list[Any]]] = []
    for p in paths:
        acc = InputAccount(str(p), "vulns")
        accounts.append(acc)
        try:
            doc = json.loads(p.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            acc.error = f"not readable JSON: {type(exc).__name__}"
            continue
        if isinstance(doc, dict) and isinstance(doc.get("vulnerabilities"), list):  # KEV catalog
            acc.kind = "kev"
            kev_docs.append((acc, doc["vulnerabilities"]))
        elif isinstance(doc, dict) and doc.get("dataType") == "CVE_RECORD":
            acc.kind = "cve-record"
            row = row_from_cve_record(doc, p.name)
            if row is None:
                acc.reject("CVE record without cveId or cna container", 1)
            elif row.match == "unknown":
                acc.reject("CVE record lists no affected versions", 1)
            else:
                rows.append(row)
                acc.accept()
        else:
            acc.error = "neither a KEV catalog nor a CVE JSON 5 record"
    known = known | {r.cve for r in rows}
    for acc, entries in kev_docs:
        for n, v in enumerate(entries, 1):
            if not isinstance(v, dict) or not str(v.get("cveID", "")).startswith("CVE-"):
                acc.reject("KEV entry without cveID", n)
            elif v["cveID"] in known:
                kev[v["cveID"]] = str(v.get("dateAdded", ""))
                acc.accept()
            else:
                acc.reject("KEV entry for a CVE with no version data here (load its CVE record)", n)
    return rows, kev, accounts


def save_rows(folder: Path, rows: list[VulnRow], kev: dict[str, str]) -> Path:
    """Merge into ``folder/loaded.json`` (write temp + rename: a killed run leaves the old file)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "loaded.json"
    old: dict[str, dict[str, Any]] = {}
    if target.is_file():
        try:
            old = {r["cve"]: r for r in json.loads(target.read_text("utf-8")).get("vulns", [])}
        except (OSError, ValueError):
            old = {}
    for r in rows:
        old[r.cve] = r.to_dict()
    for cve, date in kev.items():
        old.setdefault(cve, {"cve": cve, "match": "unknown", "os": []})["kev_added"] = date
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"format": "carrierwatch-vulns/1", "vulns": list(old.values())}, indent=1), "utf-8")
    tmp.replace(target)
    return target
