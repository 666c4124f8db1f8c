"""Software versions: ``show version`` parsing and a per-train sortable key. Never float comparison.

ccat compared versions as floats (16.9 > 16.12); CVE matching on that is wrong. ``version_key``
splits a version into numeric and alphabetic tokens and compares numbers as integers and letters as
strings, so ``16.9.4 < 16.12.1 < 17.3.8a``, ``15.2(4)M7 < 15.2(4)M10``, ``7.0(3)I7(9) < 7.0(3)I7(10)``,
``21.4R3 < 21.4R3-S5 < 21.4R3-S10`` and ``4.28.3M < 4.28.3.1M < 4.28.10F``. At the same position a
letter sorts before a number (so an EOS ``4.28.3M`` is before the maintenance ``4.28.3.1M``) and a
prefix sorts before its extensions (``17.3.8 < 17.3.8a``: the lettered rebuild comes later).

Keys are only comparable within one OS family; :class:`Version` refuses to compare across OSes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import total_ordering

Token = tuple[int, int, str]  # (kind 0=letters 1=number, number, letters)

_TOKENS = re.compile(r"\d+|[A-Za-z]+")
_PREFIX = re.compile(r"^(?:version\s+|v(?=\d)|eos-|junos\s+|nxos\s*:?\s*)", re.IGNORECASE)


def normalise_version(text: str) -> str:
    """Strip decorations (``Version``, ``EOS-``, brackets) and surrounding space."""
    s = text.strip()
    while len(s) > 1 and (s[0], s[-1]) in (("[", "]"), ("(", ")")):  # "[21.4R3]" but keep "9.3(8)"
        s = s[1:-1].strip()
    s = _PREFIX.sub("", s)
    parts = s.split(",")[0].split()
    return parts[0] if parts else ""


def version_key(os: str, text: str) -> tuple[Token, ...]:
    """Sortable key for ``text`` in the train of ``os`` (``os`` guards cross-family use; the tokenising
    rule is the same for every Cisco/Juniper/Arista train listed in the module docstring)."""
    s = normalise_version(text)
    if os == "junos":
        s = s.split("-")[0] + "".join("-" + p for p in s.split("-")[1:])  # keep S/D service parts
    out: list[Token] = []
    for tok in _TOKENS.findall(s):
        if tok.isdigit():
            out.append((1, int(tok), ""))
        else:
            out.append((0, 0, tok.upper() if os != "ios-xe" else tok.lower()))
    return tuple(out)


_ORDERABLE = re.compile(r"\d+\.\d+[0-9A-Za-z.()\-]*")


def version_order(text: str | None) -> str:
    """"known" when ``version_key`` can place ``text`` in its train (``17.3.4a``, ``15.2(4)M7``, ``9.3(8)``,
    ``21.4R3-S5``, ``4.28.3M``), else "unknown-order": special and engineering builds such as
    ``V169_5_SR689355441_2`` or ``BLD_V1712_THROTTLE_LATEST_20230915`` name no release the CVE records list."""
    return "known" if text and _ORDERABLE.fullmatch(normalise_version(text)) else "unknown-order"


def ios_os_from_version(version: str | None) -> str:
    """IOS XE trains are 3.x (as 15.x inside the config, which we cannot tell apart) and 16.x+;
    classic IOS is 12.x/15.x. ``version 16.9`` and later in a config mean IOS XE."""
    if not version:
        return "ios"
    m = re.match(r"(\d+)", version)
    if m and int(m.group(1)) >= 16:
        return "ios-xe"
    return "ios"


@total_ordering
@dataclass(frozen=True)
class Version:
    os: str
    text: str
    key: tuple[Token, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", version_key(self.os, self.text))

    def _check(self, other: object) -> Version:
        if not isinstance(other, Version):
            raise TypeError("can only compare Version with Version")
        if other.os != self.os:
            raise TypeError(f"cannot compare {self.os} version with {other.os} version")
        return other

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self.os == other.os and self.key == other.key

    def __hash__(self) -> int:
        return hash((self.os, self.key))

    def __lt__(self, other: object) -> bool:
        o = self._check(other)
        return self.key < o.key


@dataclass
class PlatformInfo:
    os: str | None = None
    version: str | None = None
    model: str | None = None
    serial: str | None = None
    image: str | None = None


_SV_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("ios-xe", re.compile(r"Cisco IOS XE Software, Version (\S+)", re.I)),
    ("ios-xr", re.compile(r"Cisco IOS XR Software, Version (\S+)", re.I)),
    ("nx-os", re.compile(r"(?:NXOS|system):\s+version (\S+)", re.I)),
    ("ios", re.compile(r"Cisco IOS Software.*?Version ([^,\s]+)", re.I)),
    (
        "junos",
        re.compile(r"^Junos:\s*(\S+)|JUNOS Software Release \[([^\]]+)\]|JUNOS .*?\[([^\]]+)\]", re.I | re.M),
    ),
    ("eos", re.compile(r"Software image version:\s*(\S+)", re.I)),
]
_MODEL = [
    re.compile(r"^Model number\s*:\s*(\S+)", re.I | re.M),
    re.compile(r"^\s*cisco (?:Nexus\S*\s+)?(\S+)(?: \([^)]*\))? (?:processor|chassis)", re.I | re.M),
    re.compile(r"^Model:\s*(\S+)", re.I | re.M),
    re.compile(r"^Arista (\S+)", re.M),
]
_SERIAL = [
    re.compile(r"^System serial number\s*:\s*(\S+)", re.I | re.M),
    re.compile(r"Processor board ID (\S+)", re.I),
    re.compile(r"^Serial number:\s*(\S+)", re.I | re.M),
]
_IMAGE = [
    re.compile(r'System image file is "([^"]+)"', re.I),
    re.compile(r"NXOS image file is:\s*(\S+)", re.I),
    re.compile(r"^Image name:\s*(\S+)", re.I | re.M),
]


def parse_show_version(text: str) -> PlatformInfo:
    """Read OS, version, model, serial and image from ``show version`` of IOS/XE/XR, NX-OS, Junos, EOS.
    Missing pieces stay None; this never raises."""
    info = PlatformInfo()
    if not isinstance(text, str):
        return info
    for os_name, pat in _SV_RULES:
        m = pat.search(text)
        if m:
            info.os = os_name
            info.version = next(g for g in m.groups() if g)
            break
    if info.os is None:  # SR OS, VRP, ASA, PAN-OS, FortiOS (configs/version_fleet.py)
        from carrierwatch.configs.version_fleet import parse_fleet_version

        fleet = parse_fleet_version(text)
        if fleet is not None:
            info.os, info.version, info.model, info.serial = fleet["os"], fleet["version"], fleet["model"], fleet[
                "serial"]
            return info
    if info.os == "ios" and info.version:
        info.os = ios_os_from_version(info.version)
    for group, attr in ((_MODEL, "model"), (_SERIAL, "serial"), (_IMAGE, "image")):
        for pat in group:
            m = pat.search(text)
            if m:
                setattr(info, attr, m.group(1))
                break
    return info
