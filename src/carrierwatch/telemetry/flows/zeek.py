"""Zeek ``conn.log`` (TSV and JSON lines) -> the FLOWS Arrow table.

TSV (Zeek ASCII writer, ``LogAscii``): ``#separator`` (an escaped byte such as ``\\x09``, after a
space or a tab), ``#set_separator``, ``#empty_field``, ``#unset_field``, ``#path``, ``#fields``,
``#types`` and ``#open``/``#close`` are honoured or skipped; no ``#`` line is a record. A file may hold
several header blocks (log rotation concatenated): each ``#fields`` line resets the columns.
JSON (``LogAscii::use_json=T``): one object per line with flattened keys (``id.orig_h``); ``ts`` is
epoch seconds or ISO 8601 (``JSON::TS_ISO8601``); nested ``{"id": {"orig_h": ...}}`` is accepted too.

Mapping: ``ts`` -> ts, ``ts + duration`` -> ts_end (empty when duration is unset), ``id.orig_h/p`` ->
source, ``id.resp_h/p`` -> destination, ``proto`` -> IANA number (``icmp`` on IPv6 -> 58,
``unknown_transport`` -> empty), ``orig_ip_bytes + resp_ip_bytes`` (else ``orig_bytes + resp_bytes``)
-> network_bytes, ``orig_pkts + resp_pkts`` -> network_packets, ``_node_name``/``peer`` ->
observer_name. Rejections: ``wrong field count``, ``unparsable timestamp``, ``invalid IP address``,
``invalid port``, ``invalid number``, ``not JSON``, ``missing field``, ``no #fields header``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.columns import BATCH_ROWS, ColumnBatches
from carrierwatch.telemetry.flows.nfdump_csv import FlowReject, count_field, ip_field, port_field, time_us
from carrierwatch.telemetry.flows.protocols import protocol_number
from carrierwatch.telemetry.schema import FLOWS
from carrierwatch.telemetry.textfile import numbered_lines, open_text
from carrierwatch.values import BadValue, check_us, finite_float, json_loads

_NEEDED = ("ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p")
Rec = dict[str, Any]


def _unescape(value: str) -> str:
    """Zeek writes the separator escaped (``\\x09``)."""
    try:
        return value.encode("latin-1").decode("unicode_escape")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return value


def zeek_records(path: Path, account: InputAccount, mode: str = "auto") -> Iterator[tuple[int, str, Rec, str]]:
    """(line number, line, record, set separator) for every data line of a Zeek log; bad lines are rejected here.

    ``mode`` is "tsv" (``#separator``/``#fields`` headers; ``#unset_field`` -> None, ``#empty_field`` -> ""),
    "json" (one object per line, nested objects flattened with dots) or "auto" (decided by the first data line).
    """
    fh = open_text(path, account)
    if fh is None:
        return
    sep, set_sep, unset, empty = "\t", ",", "-", "(empty)"
    fields: list[str] | None = None
    json_mode: bool | None = None if mode == "auto" else mode == "json"
    with fh:
        for n, line in numbered_lines(fh, account):
            if not line.strip():
                continue
            if json_mode is None:
                json_mode = line.lstrip().startswith("{")
            if json_mode:
                try:
                    obj = json_loads(line)
                except BadValue as exc:
                    account.reject("not JSON" if exc.reason == "bad JSON" else exc.reason, n)
                    continue
                if not isinstance(obj, dict):
                    account.reject("not JSON", n)
                    continue
                yield n, line, _flatten(obj), set_sep
                continue
            if line.startswith("#"):
                if line.startswith("#separator"):
                    sep = _unescape(line[len("#separator") :].strip(" \t")) or "\t"
                    continue
                key, _, value = line[1:].partition(sep)
                if key == "fields":
                    fields = value.split(sep)
                elif key == "set_separator":
                    set_sep = value or ","
                elif key == "unset_field":
                    unset = value
                elif key == "empty_field":
                    empty = value
                continue
            if fields is None:
                account.reject("no #fields header", n)
                continue
            parts = line.split(sep)
            if len(parts) != len(fields):
                account.reject("wrong field count", n)
                continue
            rec: Rec = {}
            for k, v in zip(fields, parts, strict=True):
                rec[k] = None if v == unset else ("" if v == empty else v)
            yield n, line, rec, set_sep


def read_zeek_tsv(path: Path, account: InputAccount, *, display_path: str | None = None) -> pa.Table:
    return _read_conn(path, account, display_path, "tsv")


def read_zeek_json(path: Path, account: InputAccount, *, display_path: str | None = None) -> pa.Table:
    return _read_conn(path, account, display_path, "json")


def _read_conn(path: Path, account: InputAccount, display_path: str | None, mode: str) -> pa.Table:
    src = display_path or str(path)
    out = ColumnBatches(FLOWS)
    for n, line, rec, _ in zeek_records(path, account, mode):
        # conn.log: an empty field carries no value either; JSON values are compared as text
        _emit({k: (None if v is None or v == "" else str(v)) for k, v in rec.items()}, line, src, n, out, account)
    return out.table()


def _flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            flat.update(_flatten(v, f"{prefix}{k}."))
        else:
            flat[prefix + k] = v
    return flat


def _emit(
    rec: dict[str, str | None], line: str, src: str, n: int, out: ColumnBatches, account: InputAccount
) -> None:
    if any(rec.get(k) is None for k in _NEEDED):
        account.reject("missing field", n)
        return
    try:
        row = _conn_row(rec, line, src, n)
    except FlowReject as exc:
        account.reject(str(exc), n)
        return
    for col, cell in zip(out.cols, row, strict=True):
        col.append(cell)
    account.accept()
    if len(out) >= BATCH_ROWS:
        out.flush()


def _sum(a: int | None, b: int | None) -> int | None:
    return None if a is None and b is None else (a or 0) + (b or 0)


def _conn_row(r: dict[str, str | None], line: str, src: str, n: int) -> tuple[object, ...]:
    ts = time_us(r["ts"] or "")
    dur = r.get("duration")
    te = None
    if dur:
        try:
            te = check_us(ts + round(finite_float(dur, bound=1e10) * 1_000_000))
        except ValueError as exc:
            raise FlowReject("invalid number") from exc
    sa = ip_field(r["id.orig_h"] or "")
    da = ip_field(r["id.resp_h"] or "")
    proto = r.get("proto")
    b = _sum(count_field(r.get("orig_ip_bytes")), count_field(r.get("resp_ip_bytes")))
    if b is None:
        b = _sum(count_field(r.get("orig_bytes")), count_field(r.get("resp_bytes")))
    return (
        ts,
        te,
        sa,
        port_field(r["id.orig_p"]),
        da,
        port_field(r["id.resp_p"]),
        protocol_number(proto, ipv6=":" in sa) if proto else None,
        b,
        _sum(count_field(r.get("orig_pkts")), count_field(r.get("resp_pkts"))),
        r.get("_node_name") or r.get("peer") or r.get("_system_name"),
        line,
        src,
        n,
    )
