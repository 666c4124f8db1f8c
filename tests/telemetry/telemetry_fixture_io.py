"""Shared helpers for the telemetry fixture pairs: read a fixture, turn the result into JSON-able rows.

Each fixture ``<name>.<ext>`` sits beside ``<name>.expected.json`` holding the account summary and every
expected row. ``python tests/telemetry/telemetry_fixture_io.py`` rewrites the expected files (review the diff!).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
YEAR = 2026

#: fixture -> kind it is read as
CASES: dict[str, str] = {
    "syslog/cisco_ios.log": "syslog",
    "syslog/multivendor.log": "syslog",
    "syslog/bad_utf8.log": "syslog",
    "tacacs/tac_plus.log": "tacacs",
    "tacacs/tac_plus_ng.log": "tacacs",
    "tacacs/ise_export.csv": "tacacs",
    "tacacs/radius_detail.log": "tacacs",
    "nfdump/nfdump16.csv": "nfdump-csv",
    "nfdump/nfdump17.csv": "nfdump-csv",
    "zeek/conn_date_issue.log": "zeek-conn",
}


def expected_path(fixture: str) -> Path:
    p = FIXTURES / fixture
    return p.with_name(p.name.rsplit(".", 1)[0] + ".expected.json")


def run(fixture: str) -> dict[str, Any]:
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from carrierwatch.findings import InputAccount
    from carrierwatch.telemetry.readers import read_table

    kind = CASES[fixture]
    account = InputAccount(fixture, kind)
    table = read_table(FIXTURES / fixture, kind, account, display_path=fixture, default_year=YEAR)
    rows = []
    for row in table.to_pylist():
        rows.append({k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()})
    return {
        "account": {
            "records": account.records,
            "accepted": account.accepted,
            "rejected": account.rejected,
            "reasons": account.reasons,
            "error": account.error,
        },
        "rows": rows,
    }


if __name__ == "__main__":
    for fx in CASES:
        expected_path(fx).write_text(json.dumps(run(fx), indent=1, ensure_ascii=False) + "\n")
        print("wrote", expected_path(fx))
