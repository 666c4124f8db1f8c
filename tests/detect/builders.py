"""Build normalised telemetry rows for detection tests without going through a reader."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa

from carrierwatch.telemetry.schema import AAA, FLOWS, SYSLOG

T0 = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)


def _table(schema: pa.Schema, rows: list[dict[str, Any]], src: str) -> pa.Table:
    cols: dict[str, list[Any]] = {n: [] for n in schema.names}
    for i, r in enumerate(rows, start=1):
        for n in schema.names:
            if n == "src_file":
                cols[n].append(r.get(n, src))
            elif n == "src_line":
                cols[n].append(r.get(n, i))
            elif n == "ts":
                cols[n].append(r.get(n, T0 + timedelta(seconds=i)))
            elif n == "raw":
                cols[n].append(r.get(n, " ".join(str(v) for v in r.values())))
            else:
                cols[n].append(r.get(n))
    return pa.table(cols, schema=schema)


def syslog(rows: list[dict[str, Any]]) -> pa.Table:
    return _table(SYSLOG, rows, "syslog.log")


def aaa(rows: list[dict[str, Any]]) -> pa.Table:
    return _table(AAA, rows, "acct.log")


def flows(rows: list[dict[str, Any]]) -> pa.Table:
    return _table(FLOWS, rows, "flows.csv")


def cmds(device_ip: str, user: str, *commands: str, source_ip: str = "10.255.0.12") -> pa.Table:
    """TACACS+ command accounting records for a sequence of commands on one device."""
    return aaa([{"host_ip": device_ip, "user_name": user, "source_ip": source_ip, "event_type": "stop",
                 "privilege": 15, "service": "shell", "command": c, "raw": f"{device_ip}\t{user}\tcmd={c} <cr>"}
                for c in commands])
