"""Derive the compact MISP warning-list bundle shipped in src/carrierwatch/data/warninglists/ (run by hand).

Source: MISP/misp-warninglists (CC0-1.0), commit in /work/shared/data/warninglists/SOURCE_COMMIT. Keeps name,
description, type, version, matching attributes and values of the lists that say an *indicator value* is benign.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

KEEP = ["amazon-aws", "cloudflare", "empty-hashes", "google-gcp", "ipv6-linklocal", "microsoft-azure", "multicast",
        "public-dns-hostname", "public-dns-v4", "public-dns-v6", "rfc1918", "rfc3849", "rfc5735", "rfc6598",
        "rfc6761", "ti-falsepositives"]


def main(src: str = "/work/shared/data/warninglists", dst: str = "src/carrierwatch/data/warninglists") -> None:
    out = {}
    for name in KEEP:
        d = json.loads((Path(src) / name / "list.json").read_text(encoding="utf-8"))
        out[name] = {k: d.get(k) for k in ("name", "description", "type", "version", "matching_attributes")}
        out[name]["list"] = sorted(set(d["list"]))
    commit = (Path(src) / "SOURCE_COMMIT").read_text(encoding="utf-8").strip()
    payload = {"source": "https://github.com/MISP/misp-warninglists", "commit": commit, "licence": "CC0-1.0",
               "lists": out}
    with gzip.open(Path(dst) / "lists.json.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(payload, fh, separators=(",", ":"), sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
