"""AAA accounting files -> the AAA Arrow table: tac_plus / tac_plus-ng, Cisco ISE CSV, FreeRADIUS detail.

The dialect is chosen from the first non-blank line of the file:

* FreeRADIUS ``detail`` (a ctime line such as ``Mon Nov 16 10:00:01 2026`` alone on its line):
  see :mod:`carrierwatch.telemetry.aaa.radius_detail`;
* Cisco ISE TACACS accounting CSV export (a header naming a device and a user column): see
  :mod:`carrierwatch.telemetry.aaa.ise_csv`;
* otherwise tac_plus accounting, one record per line, tab-separated (shrubbery tac_plus
  ``do_acct.c``; tac_plus-ng writes the same columns with an ISO timestamp)::

      Nov 16 10:00:01<TAB>NAS<TAB>user<TAB>port<TAB>rem_addr<TAB>start|stop|update<TAB>attr=value<TAB>...

  Attributes: ``task_id``, ``service``, ``priv-lvl`` (also ``priv_lvl``), ``cmd`` (trailing `` <cr>``
  removed, surrounding quotes removed). Timestamps: ``Nov 16 10:00:01`` (year rule of
  :class:`~carrierwatch.telemetry.timestamps.YearResolver`), ``Mon Nov 16 10:00:01 2026`` (Cisco
  documentation samples), ``2026-11-16 10:00:01 +0000`` / ISO 8601 (tac_plus-ng). No zone = UTC.

``host_ip`` is the NAS when it is an address, ``host_name`` when it is a name. ``source_ip`` is
``rem_addr`` when it is an address (async lines log a phone number there: then it is left empty).
Rejections: ``wrong field count`` (< 6 tab fields), ``unparsable timestamp``.
Blank lines and ``#`` comment lines are not records. Decoding: :mod:`carrierwatch.telemetry.textfile`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.aaa.ise_csv import is_ise_header, read_ise_lines
from carrierwatch.telemetry.aaa.radius_detail import CTIME, read_detail_lines
from carrierwatch.telemetry.addresses import canonical_ip
from carrierwatch.telemetry.columns import BATCH_ROWS, ColumnBatches
from carrierwatch.telemetry.schema import AAA
from carrierwatch.telemetry.textfile import file_mtime, numbered_lines, open_text
from carrierwatch.telemetry.timestamps import BsdStampCache, YearResolver, iso_to_us
from carrierwatch.values import opt_int

_ISO_START = re.compile(r"\d{4}-\d\d-\d\d")


def read_aaa(
    path: Path,
    account: InputAccount,
    *,
    display_path: str | None = None,
    default_year: int | None = None,
) -> pa.Table:
    """Parse one accounting file (dialect sniffed from its first line)."""
    fh = open_text(path, account)
    if fh is None:
        return AAA.empty_table()
    src = display_path or str(path)
    stamps = BsdStampCache(YearResolver(default_year, file_mtime(path)))
    out = ColumnBatches(AAA)
    with fh:
        lines = numbered_lines(fh, account)
        first: tuple[int, str] | None = None
        for n, line in lines:
            if line.strip():
                first = (n, line)
                break
        if first is not None:
            head = first[1]
            rest = _chain(first, lines)
            if CTIME.match(head.strip()):
                read_detail_lines(rest, src, stamps, out, account)
            elif is_ise_header(head):
                read_ise_lines(rest, src, out, account)
            else:
                _read_tacplus(rest, src, stamps, out, account)
    return out.table()


def _chain(first: tuple[int, str], rest: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    yield first
    yield from rest


def strip_cmd(value: str) -> str:
    """``show run <cr>`` -> ``show run``; ``"show run"`` -> ``show run``."""
    v = value.strip()
    if v.endswith("<cr>"):
        v = v[:-4].rstrip()
    if len(v) >= 2 and v[0] == v[-1] == '"':
        v = v[1:-1]
    return v


def parse_priv(value: str | None) -> int | None:
    """A privilege level 0..15 (ASCII digits), else None."""
    return opt_int(value, lo=0, hi=15)


def _read_tacplus(
    lines: Iterator[tuple[int, str]], src: str, stamps: BsdStampCache, out: ColumnBatches, account: InputAccount
) -> None:
    cols = out.cols
    for n, line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) < 6:
            account.reject("wrong field count", n)
            continue
        stamp = f[0].strip()
        try:
            ts = iso_to_us(stamp) if _ISO_START.match(stamp) else stamps.to_us(stamp)
        except ValueError:
            account.reject("unparsable timestamp", n)
            continue
        attrs: dict[str, str] = {}
        for kv in f[6:]:
            k, sep, v = kv.partition("=")
            if sep:
                attrs.setdefault(k.strip().lower(), v)
        nas = f[1].strip()
        nas_ip = canonical_ip(nas)
        cmd = attrs.get("cmd")
        row = (
            ts,
            None if nas_ip else (nas.lower() or None),
            nas_ip,
            f[2].strip() or None,
            canonical_ip(f[4].strip()),
            f[3].strip() or None,
            parse_priv(attrs.get("priv-lvl", attrs.get("priv_lvl"))),
            attrs.get("task_id"),
            f[5].strip().lower() or None,
            attrs.get("service"),
            strip_cmd(cmd) if cmd is not None else None,
            line,
            src,
            n,
        )
        for col, cell in zip(cols, row, strict=True):
            col.append(cell)
        account.accept()
        if len(out) >= BATCH_ROWS:
            out.flush()
