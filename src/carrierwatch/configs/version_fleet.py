"""Version command output of the fleet platforms: SR OS and ASA ``show version``, VRP ``display version``,
PAN-OS ``show system info``, FortiOS ``get system status``. Called by ``version.parse_show_version`` when none
of the Cisco/Juniper/Arista banners matched; never raises.

Banners (as printed by the devices; examples in tests/configs/fixtures/show_version/):

* SR OS: ``TiMOS-C-23.10.R2 cpm/hops64 Nokia 7750 SR Copyright (c) …`` (version ``23.10.R2``);
* VRP: ``VRP (R) software, Version 8.180 (NE40E V800R011C00SPC200)`` (version ``V800R011C00SPC200``, the
  release name the Huawei PSIRT advisories use);
* ASA: ``Cisco Adaptive Security Appliance Software Version 9.16(4)``;
* PAN-OS: ``sw-version: 10.2.7-h3`` with ``model:``/``serial:``/``hostname:``;
* FortiOS: ``Version: FortiGate-60F v7.0.5,build0304,220208 (GA)`` with ``Serial-Number:``.
"""

from __future__ import annotations

import re
from typing import Any

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("sros", re.compile(r"TiMOS-[A-Z]+-(\d+\.\d+\.[A-Z]\d+(?:-\d+)?)")),
    ("vrp", re.compile(r"VRP \(R\) software, Version [\d.]+ \((?:\S+ )?(V\d{3}R\d{3}C\d{2}\S*?)\)", re.I)),
    ("asa", re.compile(r"Cisco Adaptive Security Appliance Software Version (\S+)", re.I)),
    ("pan-os", re.compile(r"^sw-version:\s*(\S+)", re.M)),
    ("fortios", re.compile(r"^Version:\s*Forti\w+-\S+ v(\d+\.\d+\.\d+)", re.M)),
]
_MODEL: dict[str, re.Pattern[str]] = {
    "sros": re.compile(r"TiMOS-\S+ \S+ Nokia (\d+ [A-Z]+(?:-\d+)?)"),
    "vrp": re.compile(r"^\s*HUAWEI (\S+) uptime", re.M),
    "asa": re.compile(r"^Hardware:\s*([^,\s]+)", re.M),
    "pan-os": re.compile(r"^model:\s*(\S+)", re.M),
    "fortios": re.compile(r"^Version:\s*(Forti\w+-\S+) v", re.M),
}
_SERIAL: dict[str, re.Pattern[str]] = {
    "asa": re.compile(r"^Serial Number:\s*(\S+)", re.M),
    "pan-os": re.compile(r"^serial:\s*(\S+)", re.M),
    "fortios": re.compile(r"^Serial-Number:\s*(\S+)", re.M),
}


def parse_fleet_version(text: str) -> dict[str, Any] | None:
    """{"os", "version", "model", "serial"} for a fleet platform's version output, or None."""
    for os_name, pat in _RULES:
        m = pat.search(text)
        if m:
            out: dict[str, Any] = {"os": os_name, "version": m.group(1), "model": None, "serial": None}
            for key, table in (("model", _MODEL), ("serial", _SERIAL)):
                p = table.get(os_name)
                hit = p.search(text) if p else None
                out[key] = hit.group(1) if hit else None
            return out
    return None
