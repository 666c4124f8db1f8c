"""The ``sigma_ipnum`` table that makes ``|cidr`` a real address-range test on DuckDB and Spark alike.

One row per distinct address found in the columns the compiled rules apply ``|cidr`` to:
``ip`` (the text as stored), ``v`` (4 or 6) and ``h`` (the address as 32 hex digits, so that string order is
numeric order). A CIDR ``a.b.c.d/n`` then compiles to ``h BETWEEN hex(network) AND hex(broadcast)``: exact for any
prefix length, IPv4 and IPv6, where pySigma's default expands CIDRs into octet-aligned LIKE prefixes
(SigmaHQ/pySigma ``sigma/types.py`` ``SigmaCIDRExpression.expand``). Addresses are parsed once per distinct
value in Python, which is cheap next to the scan.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import pyarrow as pa

from carrierwatch.detect.sigma.backend import hex32
from carrierwatch.engine.base import Engine

IPNUM_SCHEMA = pa.schema([("ip", pa.string()), ("v", pa.int8()), ("h", pa.string())])


def ipnum_table(values: Iterable[str | None]) -> pa.Table:
    ips: list[str] = []
    vs: list[int] = []
    hs: list[str] = []
    for text in sorted({v for v in values if v}):
        try:
            ip = ipaddress.ip_address(text.strip())
        except ValueError:
            continue  # not an address: such a value can never be inside a CIDR
        ips.append(text)
        vs.append(ip.version)
        hs.append(hex32(ip))
    return pa.table({"ip": ips, "v": vs, "h": hs}, schema=IPNUM_SCHEMA)


def register_ipnum(engine: Engine, fields: Iterable[tuple[str, str]], tables: set[str]) -> None:
    """Collect the distinct values of every (table, field) a ``|cidr`` reads, for the tables present."""
    values: list[str | None] = []
    for table, col in sorted(fields):
        if table not in tables:
            continue
        quoted = '"' + col.replace('"', '""') + '"'
        got = engine.query(f"SELECT DISTINCT CAST({quoted} AS VARCHAR) AS v FROM {table}")
        values += got.column("v").to_pylist()
    engine.register_arrow("sigma_ipnum", ipnum_table(values))
