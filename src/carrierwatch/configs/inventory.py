"""Device identity: which addresses and names belong to which device, from configs or an inventory CSV.

The detections join telemetry to devices through this table (``assets`` in ``detect/views.py``): a syslog
line from 10.0.0.1 is the device whose config has that address, or whose inventory row names it. It lives with
the configs because a parsed config is its main source; the inventory CSV (columns ``hostname``, ``mgmt_ip``,
``loopback_ip``, as ``lab generate`` writes and most CMDB exports can) fills in devices whose configs were
not collected.
"""

from __future__ import annotations

import csv
import io
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.textfile import read_whole_text

ASSETS_SCHEMA = pa.schema([("kind", pa.string()), ("key", pa.string()), ("device", pa.string())])


@dataclass
class Assets:
    """Device identity: which addresses and names belong to which device (from configs or an inventory)."""

    by_ip: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def add(self, device: str, *, ips: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        device = device.lower()
        self.by_name.setdefault(device, device)
        for n in names:
            if n:
                self.by_name.setdefault(n.lower(), device)
        for ip in ips:
            try:
                self.by_ip.setdefault(ipaddress.ip_address(ip).compressed, device)
            except ValueError:
                continue

    def add_devices(self, devices: Iterable[DeviceConfig]) -> None:
        """Every interface address of every parsed device with a hostname."""
        for dev in devices:
            if dev.hostname:
                self.add(dev.hostname, ips=[a.address for i in dev.interfaces.values() for a in i.addresses])

    def to_arrow(self) -> pa.Table:
        rows = [("ip", k, v) for k, v in sorted(self.by_ip.items())]
        rows += [("name", k, v) for k, v in sorted(self.by_name.items())]
        return pa.table(
            {"kind": [r[0] for r in rows], "key": [r[1] for r in rows], "device": [r[2] for r in rows]},
            schema=ASSETS_SCHEMA,
        )


def read_inventory(path: Path, acc: InputAccount, assets: Assets) -> None:
    """Add each row of an inventory CSV to ``assets``; a row without a hostname is rejected (line number kept)."""
    text = read_whole_text(path, acc)
    if text is None:
        return
    reader = csv.DictReader(io.StringIO(text))
    for n, row in enumerate(reader, start=2):
        host = (row.get("hostname") or "").strip()
        if not host:
            acc.reject("row without hostname", n)
            continue
        ips = [row.get(c) or "" for c in ("mgmt_ip", "loopback_ip")]
        assets.add(host, ips=[ip.strip() for ip in ips if ip.strip()])
        acc.accept()
