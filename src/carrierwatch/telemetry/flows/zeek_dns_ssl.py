"""Zeek ``dns.log`` and ``ssl.log`` (TSV or JSON lines) -> the DNS and TLS Arrow tables.

Why: DNS answers and TLS server names tie an address to a domain indicator (Salt Typhoon's infrastructure
is published as domains as well as addresses), and ssl.log shows who reached a device's management plane
over TLS.

Format handling is the conn.log reader's (:mod:`carrierwatch.telemetry.flows.zeek`): TSV with
``#separator``/``#fields``/``#unset_field``/``#empty_field`` honoured, several header blocks per file; JSON
lines with flattened or nested ``id``. A file is JSON when its first non-blank character is ``{``.

Mapping (Zeek field -> column): dns: ``query`` -> dns_question_name (lower-cased, trailing dot removed),
``qtype_name`` -> dns_question_type, ``rcode_name`` -> dns_response_code, ``answers`` (TSV set separator /
JSON array) -> dns_answers, ``trans_id`` -> dns_id, ``proto`` -> network_transport. ssl: ``version``,
``cipher``, ``server_name``, ``subject``, ``issuer`` (or ``issuer_subject`` in Zeek 2.x logs),
``established``/``resumed`` (``T``/``F``). Both: ``uid`` -> event_id, ``_node_name``/``peer`` -> host_name.
Rejections: ``no #fields header``, ``wrong field count``, ``not JSON``, ``missing field`` (ts or the
id.* addresses), ``unparsable timestamp``, ``invalid IP address``, ``invalid port``, ``invalid number``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.columns import BATCH_ROWS, ColumnBatches
from carrierwatch.telemetry.flows.nfdump_csv import FlowReject, ip_field, port_field, time_us
from carrierwatch.telemetry.flows.zeek import zeek_records
from carrierwatch.telemetry.schema import DNS, TLS
from carrierwatch.values import BadValue, ascii_int, finite_float, is_ascii_digits

Rec = dict[str, Any]
_NEEDED = ("ts", "id.orig_h", "id.resp_h")


def _s(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


def _int(v: Any) -> int | None:
    t = _s(v)
    if t is None:
        return None
    try:  # dns_id is an int32 column; a DNS transaction id is 16 bits
        if is_ascii_digits(t):
            return ascii_int(t, lo=0, hi=(1 << 31) - 1)
        return int(finite_float(t, bound=(1 << 31) - 1))
    except BadValue as exc:
        raise FlowReject("invalid number") from exc


def _bool(v: Any) -> bool | None:
    if isinstance(v, bool):
        return v
    t = _s(v)
    return None if t is None else t in ("T", "true", "True", "1")


def _list(v: Any, set_sep: str) -> list[str] | None:
    if v is None:
        return None
    if isinstance(v, list):
        return [str(x) for x in v]
    return [x for x in str(v).split(set_sep)] if str(v) else []


def _common(r: Rec) -> tuple[int, str | None, str, int | None, str, int | None]:
    ts = time_us(str(r["ts"]))
    return (ts, _s(r.get("_node_name") or r.get("peer")), ip_field(str(r["id.orig_h"])),
            port_field(_s(r.get("id.orig_p"))), ip_field(str(r["id.resp_h"])), port_field(_s(r.get("id.resp_p"))))


def _dns_row(r: Rec, set_sep: str) -> tuple[object, ...]:
    ts, host, sa, sp, da, dp = _common(r)
    q = _s(r.get("query"))
    if q is not None:
        q = q.lower().rstrip(".")
    return (ts, host, sa, da, q, sp, dp, _s(r.get("proto")), _int(r.get("trans_id")), _s(r.get("qtype_name")),
            _s(r.get("rcode_name")), _list(r.get("answers"), set_sep), _s(r.get("uid")))


def _tls_row(r: Rec, set_sep: str) -> tuple[object, ...]:
    ts, host, sa, sp, da, dp = _common(r)
    issuer = r.get("issuer", r.get("issuer_subject"))
    return (ts, host, sa, sp, da, dp, _s(r.get("version")), _s(r.get("cipher")), _s(r.get("server_name")),
            _s(r.get("subject")), _s(issuer), _bool(r.get("established")), _bool(r.get("resumed")),
            _s(r.get("uid")))


def _read(path: Path, account: InputAccount, schema: pa.Schema, row: Callable[[Rec, str], tuple[object, ...]],
          display_path: str | None) -> pa.Table:
    src = display_path or str(path)
    out = ColumnBatches(schema)
    for n, line, rec, set_sep in zeek_records(path, account):
        if any(rec.get(k) is None for k in _NEEDED):
            account.reject("missing field", n)
            continue
        try:
            cells = row(rec, set_sep)
        except FlowReject as exc:
            account.reject(str(exc), n)
            continue
        for col, cell in zip(out.cols, (*cells, line, src, n), strict=True):
            col.append(cell)
        account.accept()
        if len(out) >= BATCH_ROWS:
            out.flush()
    return out.table()


def read_zeek_dns(path: Path, account: InputAccount, *, display_path: str | None = None) -> pa.Table:
    return _read(path, account, DNS, _dns_row, display_path)


def read_zeek_ssl(path: Path, account: InputAccount, *, display_path: str | None = None) -> pa.Table:
    return _read(path, account, TLS, _tls_row, display_path)
