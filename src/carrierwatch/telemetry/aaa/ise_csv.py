"""Cisco ISE "TACACS Accounting" report exported as CSV (Operations > Reports > Export To > CSV).

Cisco documents the export (ISE Administrator Guide, "Cisco ISE Reports" / "Export Reports") but not
a fixed column list, and the columns vary by release and by the columns an operator chose to show.
So columns are matched by *name* through :data:`COLUMNS` (case, spaces and punctuation ignored);
the alias lists are a guess assembled from the report's on-screen column titles (Generated Time,
Logged Time, Epoch Time, Username, Privilege Level, Device Name, Device IP Address, Remote Address,
Device Port, Session Key, Command Set / CmdSet, Service, Type). ``Command Set`` values look like
``CmdAV=show CmdArgAV=running-config CmdArgAV=<cr>`` and become ``show running-config``.

Rows are single physical lines (ISE does not wrap these fields). Rejections: ``wrong field count``,
``unparsable timestamp``. Times without a zone are taken as UTC (set the ISE export time zone to UTC).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.addresses import canonical_ip
from carrierwatch.telemetry.columns import BATCH_ROWS, ColumnBatches
from carrierwatch.telemetry.timestamps import epoch_to_us, iso_to_us
from carrierwatch.values import check_us, opt_int

#: AAA column -> accepted header names (normalised: lower case, letters and digits only). Guess.
COLUMNS: dict[str, tuple[str, ...]] = {
    "ts": ("generatedtime", "loggedat", "loggedtime", "timestamp", "time", "date"),
    "epoch": ("epochtime", "epochtimesec", "epoch"),
    "user_name": ("username", "user", "identity"),
    "host_name": ("devicename", "networkdevicename", "nasname", "networkdevice"),
    "host_ip": ("deviceipaddress", "deviceip", "nasipaddress", "networkdeviceip"),
    "source_ip": ("remoteaddress", "remoteaddr", "callingstationid", "clientip"),
    "tty": ("deviceport", "port", "nasport"),
    "privilege": ("privilegelevel", "privlvl", "authenticationprivilegelevel"),
    "task_id": ("taskid", "sessionkey", "sessionid"),
    "event_type": ("accountingtype", "type", "accttype", "acctstatustype"),
    "service": ("service",),
    "command": ("commandset", "cmdset", "command", "cmd"),
}

_CMD_AV = re.compile(r"Cmd(?:Arg)?AV=(\S*)")
_FORMATS = ("%b %d, %Y %I:%M:%S.%f %p", "%b %d, %Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%d.%m.%Y %H:%M:%S")


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _index(header: list[str]) -> dict[str, int]:
    names = {_norm(h): i for i, h in enumerate(header)}
    found: dict[str, int] = {}
    for col, aliases in COLUMNS.items():
        for a in aliases:
            if a in names:
                found[col] = names[a]
                break
    return found


def is_ise_header(line: str) -> bool:
    """A CSV header with a user column, a device column and a time column."""
    if "," not in line:
        return False
    try:
        idx = _index(next(csv.reader([line])))
    except csv.Error:  # a stray CR or NUL in the first line: not a header we can read
        return False
    return "user_name" in idx and ("host_ip" in idx or "host_name" in idx) and ("ts" in idx or "epoch" in idx)


def command_text(value: str) -> str | None:
    v = value.strip().strip("[]").strip()
    if "CmdAV=" in v:
        parts = [p for p in _CMD_AV.findall(v) if p and p != "<cr>"]
        return " ".join(parts) or None
    if v.endswith("<cr>"):
        v = v[:-4].rstrip()
    return v or None


def _ts(text: str) -> int:
    t = text.strip()
    try:
        return iso_to_us(t)
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            dt = datetime.strptime(t, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        return check_us(int(dt.timestamp()) * 1_000_000 + dt.microsecond)
    raise ValueError("unparsable")


def read_ise_lines(lines: Iterator[tuple[int, str]], src: str, out: ColumnBatches, account: InputAccount) -> None:
    """Header line first; the header is not a record."""
    idx: dict[str, int] = {}
    width = 0
    for n, line in lines:
        if not line.strip():
            continue
        try:
            row = next(csv.reader([line]))
        except csv.Error:
            account.reject("unparsable CSV", n)
            continue
        if not idx:
            idx = _index(row)
            width = len(row)
            continue
        if len(row) != width:
            account.reject("wrong field count", n)
            continue

        def get(col: str, row: list[str] = row, idx: dict[str, int] = idx) -> str | None:
            i = idx.get(col)
            v = row[i].strip() if i is not None else ""
            return v or None

        try:
            t = get("ts")
            e = get("epoch")
            ts = _ts(t) if t else epoch_to_us(e or "")
        except ValueError:
            account.reject("unparsable timestamp", n)
            continue
        host = get("host_name")
        host_ip = canonical_ip(get("host_ip"))
        if host_ip is None and host is not None:
            host_ip = canonical_ip(host)
            host = None if host_ip else host
        priv = get("privilege")
        cmd = get("command")
        evt = get("event_type")
        vals = (
            ts, host.lower() if host else None, host_ip, get("user_name"), canonical_ip(get("source_ip")),
            get("tty"), opt_int(priv, lo=0, hi=15), get("task_id"),
            evt.lower() if evt else None, get("service"), command_text(cmd) if cmd else None, line, src, n,
        )
        for col, cell in zip(out.cols, vals, strict=True):
            col.append(cell)
        account.accept()
        if len(out) >= BATCH_ROWS:
            out.flush()
