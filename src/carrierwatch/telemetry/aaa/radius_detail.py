"""FreeRADIUS ``detail`` accounting files (rlm_detail): one multi-line block per record.

Layout (FreeRADIUS ``raddb/mods-available/detail``; sample in Cisco IOS "Configuring Accounting")::

    Mon Nov 16 10:00:01 2026
    <TAB>Acct-Status-Type = Start
    <TAB>User-Name = "netops"
    <TAB>NAS-IP-Address = 10.0.0.1
    <TAB>Timestamp = 1794823201
    <BLANK LINE>

One block is one record: ``src_line`` is the block's first (date) line and ``raw`` the block's lines
joined with ``\\n``. Time: ``Timestamp`` (epoch seconds, written by the server) if present, else
``Event-Timestamp``, else the header (server local time, taken as UTC). Mapping: User-Name ->
user_name, NAS-IP-Address / NAS-IPv6-Address -> host_ip, NAS-Identifier -> host_name (if not an
address), Calling-Station-Id -> source_ip (if an address), NAS-Port-Id / NAS-Port -> tty,
Acct-Session-Id -> task_id, Acct-Status-Type -> event_type (Interim-Update/Alive -> ``update``),
Service-Type -> service, Cisco-AVPair ``shell:priv-lvl=N`` -> privilege, ``cmd=`` -> command.
Rejections: ``not a detail record`` (attribute lines outside a block, or text that is neither),
``unparsable timestamp``, ``empty record``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.addresses import canonical_ip
from carrierwatch.telemetry.columns import BATCH_ROWS, ColumnBatches
from carrierwatch.telemetry.timestamps import BsdStampCache, epoch_to_us
from carrierwatch.values import is_ascii_digits, opt_int

CTIME = re.compile(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d \d{4}$")
_ATTR = re.compile(r"^\s+([A-Za-z0-9][\w:.-]*)\s*[+:]?=\s*(.*?)\s*$")
_EVENTS = {"interim-update": "update", "alive": "update"}


def read_detail_lines(
    lines: Iterator[tuple[int, str]], src: str, stamps: BsdStampCache, out: ColumnBatches, account: InputAccount
) -> None:
    block: list[tuple[int, str]] = []
    for n, line in lines:
        if CTIME.match(line.strip()) and not line[:1].isspace():
            if block:
                _finish(block, src, stamps, out, account)
            block = [(n, line)]
        elif not line.strip():
            if block:
                _finish(block, src, stamps, out, account)
                block = []
        elif block and _ATTR.match(line):
            block.append((n, line))
        else:
            account.reject("not a detail record", n)
    if block:
        _finish(block, src, stamps, out, account)


def _unquote(v: str) -> str:
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v


def _finish(
    block: list[tuple[int, str]], src: str, stamps: BsdStampCache, out: ColumnBatches, account: InputAccount
) -> None:
    first = block[0][0]
    if len(block) == 1:
        account.reject("empty record", first)
        return
    attrs: dict[str, str] = {}
    avpairs: dict[str, str] = {}
    for _, line in block[1:]:
        m = _ATTR.match(line)
        if m is None:
            continue
        key, val = m.group(1), _unquote(m.group(2))
        if key.lower() == "cisco-avpair":
            k, _, v = val.partition("=")
            avpairs.setdefault(k.rpartition(":")[2].lower(), v)
        else:
            attrs.setdefault(key.lower(), val)
    try:
        if "timestamp" in attrs:
            ts = epoch_to_us(attrs["timestamp"])
        elif "event-timestamp" in attrs:
            ets = attrs["event-timestamp"]
            ts = epoch_to_us(ets) if is_ascii_digits(ets) else stamps.to_us(ets.replace(" UTC", "").replace(" GMT", ""))
        else:
            ts = stamps.to_us(block[0][1].strip())
    except ValueError:
        account.reject("unparsable timestamp", first)
        return
    nas_id = attrs.get("nas-identifier")
    host_ip = canonical_ip(attrs.get("nas-ip-address") or attrs.get("nas-ipv6-address"))
    if host_ip is None and nas_id:
        host_ip = canonical_ip(nas_id)
    host_name = nas_id.lower() if nas_id and canonical_ip(nas_id) is None else None
    evt = attrs.get("acct-status-type")
    evt = _EVENTS.get(evt.lower(), evt.lower()) if evt else None
    priv = avpairs.get("priv-lvl")
    cmd = avpairs.get("cmd")
    if cmd is not None and cmd.endswith("<cr>"):
        cmd = cmd[:-4].rstrip()
    vals = (
        ts, host_name, host_ip, attrs.get("user-name"), canonical_ip(attrs.get("calling-station-id")),
        attrs.get("nas-port-id") or attrs.get("nas-port"),
        opt_int(priv, lo=0, hi=15),
        attrs.get("acct-session-id"), evt, attrs.get("service-type"), cmd,
        "\n".join(line for _, line in block), src, first,
    )
    for col, cell in zip(out.cols, vals, strict=True):
        col.append(cell)
    account.accept()
    if len(out) >= BATCH_ROWS:
        out.flush()
