"""NetFlow/IPFIX and Zeek dns/ssl fixture pairs: ``fixtures/<name>`` beside ``fixtures/<name>.expected.json``
(the account and every row).

``python tests/listen/netflow_fixture_io.py`` rewrites the expected files (review the diff!).
Fixtures: real softflowd 1.1.0 exports (v5, v9, IPFIX) of a pcap written by ``pcapgen`` and captured as pcaps
(``make_fixtures.py``), hand-built edge cases (``handmade.py``), and a small lab IPFIX file, whole and cut.
Written for carrierwatch, Apache-2.0.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"

CASES: dict[str, str] = {
    "softflowd_v5.pcap": "netflow-pcap",
    "softflowd_v9.pcap": "netflow-pcap",
    "softflowd_ipfix.pcap": "netflow-pcap",
    "edge_cases.pcap": "netflow-pcap",
    "lab_small.ipfix": "ipfix",
    "lab_truncated.ipfix": "ipfix",
    "zeek/dns_small.log": "zeek-dns",
    "zeek/json/dns_small.log": "zeek-dns",
    "zeek/ssl_small.log": "zeek-ssl",
    "zeek/json/ssl_small.log": "zeek-ssl",
}


def expected_path(fixture: str) -> Path:
    return FIXTURES / f"{fixture}.expected.json"


def run(fixture: str) -> dict[str, Any]:
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from carrierwatch.findings import InputAccount
    from carrierwatch.telemetry.readers import read_table
    from carrierwatch.telemetry.sniff import sniff

    kind = CASES[fixture]
    account = InputAccount(fixture, kind)
    table = read_table(FIXTURES / fixture, kind, account, display_path=fixture)
    rows = [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()} for row in table.to_pylist()]
    return {
        "sniffed": sniff(FIXTURES / fixture),
        "account": {"records": account.records, "accepted": account.accepted, "rejected": account.rejected,
                    "reasons": account.reasons, "error": account.error},
        "rows": rows,
    }


if __name__ == "__main__":
    for fx in CASES:
        expected_path(fx).write_text(json.dumps(run(fx), indent=1) + "\n")
        print("wrote", expected_path(fx))
