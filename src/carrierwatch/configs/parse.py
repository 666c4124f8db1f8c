"""Entry point: detect the dialect of a config and parse it into a :class:`DeviceConfig`. Never raises.

Dialect detection, in order: a RANCID ``*-CONTENT-TYPE`` header (what Batfish and RANCID archives
carry); then content signatures (``set ...`` lines, ``system {``, ``feature``, IOS XR ``!! IOS XR``
banners, EOS ``! device: ... EOS-`` comments). Platforms carrierwatch does not parse yet (ASA, F5,
Cumulus, Palo Alto, FortiOS, ...) come back ``failed`` with the reason "unsupported dialect: X".

Text rule for bytes (``parse_config_bytes``): UTF-8 (BOM stripped); UTF-16 when it has a BOM;
anything with NUL bytes left, or >10% control characters, is "binary" and fails; other undecodable
bytes are read as Latin-1 (lossless, noted in ``notes``).
"""

from __future__ import annotations

import re
from pathlib import Path

from carrierwatch.configs.base import CiscoFamilyParser
from carrierwatch.configs.eos import EosParser
from carrierwatch.configs.fleet import FLEET_PARSERS, detect_fleet
from carrierwatch.configs.ios import IosParser
from carrierwatch.configs.iosxr import IosxrParser
from carrierwatch.configs.junos import parse_junos
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.nxos import NxosParser
from carrierwatch.configs.role import assign_role
from carrierwatch.configs.tree import build_tree
from carrierwatch.configs.version import ios_os_from_version, version_order

_CTRL = re.compile(r"[\x00-\x02\x04-\x08\x0b\x0e-\x1f]")  # control chars except \t \n \x0c \r \x03
_RANCID = re.compile(r"^\s*[!#]\s*RANCID-CONTENT-TYPE:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_RANCID_MAP = {
    "cisco": "ios",
    "cisco-nx": "nxos",
    "cisco-xr": "iosxr",
    "arista": "eos",
    "juniper": "junos",
    "force10": "unsupported:force10",
    "paloalto": "unsupported:paloalto",
    "fortigate": "fortios",
    "foundry": "unsupported:foundry",
    "f5": "unsupported:f5",
    "cumulus": "unsupported:cumulus",
}
# (pattern, dialect, literals one of which must occur for the pattern to match: a cheap pre-check)
_UNSUPPORTED_SIGNS = [
    (re.compile(r"^ASA Version|^! This is an ASA", re.MULTILINE), "unsupported:cisco-asa",
     ("ASA Version", "This is an ASA")),
    (re.compile(r"^#TMSH-VERSION|^ltm |^sys global-settings", re.MULTILINE), "unsupported:f5-bigip",
     ("#TMSH-VERSION", "ltm ", "sys global-settings")),
    (re.compile(r"^net (?:add|del) ", re.MULTILINE), "unsupported:cumulus-nclu", ("net add ", "net del ")),
    (re.compile(r"^config system\b", re.MULTILINE), "unsupported:fortios", ("config system",)),
    (re.compile(r"^(?:deviceconfig|config \{)", re.MULTILINE), "unsupported:paloalto", ("deviceconfig", "config {")),
    (re.compile(r"^package\(|^load\(", re.MULTILINE), "unsupported:bazel-build-file", ("package(", "load(")),
]
# Platforms that look like IOS or Junos to the signatures below and were misread as them (issue 17): their
# reason reads "unsupported platform: <what it looks like>". Each needs a syntax the supported dialects never
# write at the start of a line (CatOS ``set spantree``, Comware/VRP ``sysname``, VyOS ``ethernet ethN``, ...).
_LOOKALIKE_SIGNS = [
    (re.compile(r"^#version \d|^set (?:spantree|vtp|port|prompt|interface sc0|system name) ", re.MULTILINE),
     "Cisco CatOS (set-command syntax)", ("#version ", "set spantree ", "set vtp ", "set port ", "set prompt ",
                                          "set interface sc0", "set system name ")),
    (re.compile(r"^set deviceconfig ", re.MULTILINE), "Palo Alto PAN-OS (set form)", ("set deviceconfig ",)),
    (re.compile(r"^set (?:admin |zone |policy id |interface \"|auth-server )", re.MULTILINE),
     "Juniper ScreenOS", ("set admin ", "set zone ", "set policy id ", 'set interface "', "set auth-server ")),
    (re.compile(r"^set (?:interfaces ethernet eth\d|service (?:ssh|snmp|gui|dhcp-server|dns))|^\s+ethernet eth\d+ \{",
                re.MULTILINE), "VyOS/EdgeOS", ("set interfaces ethernet eth", "set service ", "ethernet eth")),
    (re.compile(r"^ ?sysname \S", re.MULTILINE), "HP Comware/H3C or Huawei VRP (sysname/undo syntax)",
     ("sysname ", " sysname ")),
    (re.compile(r"^; \S+ Configuration Editor; Created on release", re.MULTILINE),
     "HP ProCurve/ArubaOS-Switch", ("; ",)),
    (re.compile(r"^!Version ArubaOS-CX", re.MULTILINE), "Aruba AOS-CX", ("!Version ArubaOS-CX",)),
    (re.compile(r"^slb (?:server|virtual-server|service-group|template) ", re.MULTILINE), "A10 ACOS",
     ("slb ",)),
    (re.compile(r"^(?:virtual|pool|node|monitor|rule|profile) \S+ \{", re.MULTILINE), "F5 BIG-IP (bigip.conf)",
     ("virtual ", "pool ", "node ", "rule ", "profile ")),
    (re.compile(r"^(?:create vlan|configure (?:snmp|vlan|ssh2|sntp-client)) ", re.MULTILINE), "Extreme EXOS",
     ("create vlan ", "configure snmp", "configure vlan", "configure ssh2", "configure sntp-client")),
    (re.compile(r"^/(?:ip|system|interface|routing) ", re.MULTILINE), "MikroTik RouterOS",
     ("/ip ", "/system ", "/interface ", "/routing ")),
    (re.compile(r"^(?:auto|iface) swp\d", re.MULTILINE), "Cumulus Linux (ifupdown)", ("auto swp", "iface swp")),
    (re.compile(r"^# TiMOS-|^exit all$", re.MULTILINE), "Nokia SR OS", ("# TiMOS-", "exit all")),
    (re.compile(r"^ver \d+\.\d+|^module \d+ icx", re.MULTILINE), "Brocade/Ruckus FastIron", ("ver ", "module ")),
    (re.compile(r"^PIX Version", re.MULTILINE), "Cisco PIX", ("PIX Version",)),
]
_EOS_VERSION = re.compile(r"EOS-(\d+\.\d+\.\d+(?:\.\d+)?[A-Z]*)", re.IGNORECASE)
_XR_VERSION = re.compile(r"^!!\s*IOS XR Configuration (\S+)", re.MULTILINE)
_XE_VERSION = re.compile(r"Cisco IOS XE Software, Version (\S+)", re.IGNORECASE)


_JUNOS_CURLY = re.compile(r"^(?:system|interfaces|protocols|policy-options|routing-options)\s*\{", re.MULTILINE)
_XR_SIGN = re.compile(r"^(?:end-policy|route-policy |ipv4 access-list |commit$)", re.MULTILINE)
_EOS_SIGN = re.compile(r"^management api http-commands|^daemon |^interface Ethernet\d+$", re.MULTILINE)
_NXOS_SIGN = re.compile(r"^feature \S+|^switchname |^vrf context ", re.MULTILINE)
_IOS_SIGN = re.compile(
    r"^\s*(?:hostname|interface|version|line vty|router|ip route|access-list|ip access-list)\b", re.MULTILINE
)
_SET_FORM_START = re.compile(r"\s*(?:set |deactivate |delete )")
# Every line-anchored signature above and in _UNSUPPORTED_SIGNS needs one of these at the start of a line
# ("!!" for _XR_VERSION; "set "/"deactivate "/"delete " for _is_set_form's "\nset " test): one scan for all.
_LINE_START_SIGNS = (
    "ASA Version", "! This is an ASA", "#TMSH-VERSION", "ltm ", "sys global-settings", "net add ", "net del ",
    "config system", "deviceconfig", "config {", "package(", "load(",
    "system", "interfaces", "protocols", "policy-options", "routing-options",
    "end-policy", "route-policy ", "ipv4 access-list ", "commit", "!!",
    "management api http-commands", "daemon ", "interface Ethernet",
    "feature ", "switchname ", "vrf context ",
    "set ", "deactivate ", "delete ",
    "#version ", "sysname ", " sysname ", "; ", "!Version ArubaOS-CX", "slb ", "virtual ", "pool ", "node ",
    "rule ", "profile ", "create vlan ", "configure ", "/ip ", "/system ", "/interface ", "/routing ",
    "auto swp", "iface swp", "# TiMOS-", "exit all", "ver ", "module ", "PIX Version", "    ethernet eth",
)  # fmt: skip
_LINE_START_SIGN = re.compile("\n(?:" + "|".join(re.escape(x) for x in _LINE_START_SIGNS) + ")")
# Each multi-line signature regex runs only when a literal it needs occurs in the text (scanning a whole
# config with a ``^``-anchored alternation costs ~50 us; ``str.__contains__`` a few hundred ns).


def detect_dialect(text: str) -> str:
    """Return one of ios, nxos, iosxr, eos, junos, junos-set, sros, vrp, asa, panos, fortios,
    ``unsupported:<what>`` or ``unsupported-platform:<what it looks like>`` (a platform whose syntax resembles a
    supported one)."""
    m = _RANCID.search(text[:4000]) if "RANCID-CONTENT-TYPE" in text[:4000].upper() else None
    if m:
        d = _RANCID_MAP.get(m.group(1).lower(), f"unsupported:{m.group(1).lower()}")
        if d == "junos":
            return "junos-set" if _is_set_form(text) else "junos"
        return d
    fleet = detect_fleet(text)  # SR OS, VRP, ASA, PAN-OS XML, FortiOS (configs/fleet.py)
    if fleet is not None:
        return fleet
    if not text.startswith(_LINE_START_SIGNS) and not _LINE_START_SIGN.search(text):
        # No line starts with a literal that a signature below needs (IOS/IOS XE configs): only the checks
        # that are not tied to a line start remain, in the same order.
        if _SET_FORM_START.match(text) and _is_set_form(text):
            return "junos-set"
        if "eos-" in text[:3000].lower() and _EOS_VERSION.search(text[:3000]):
            return "eos"
        return "ios" if _IOS_SIGN.search(text) else "unknown"
    head = text[:20000]
    for pat, name, hints in _UNSUPPORTED_SIGNS:
        if any(h in head for h in hints) and pat.search(head):  # literal pre-check: regex only where it can match
            return name
    for pat, name, hints in _LOOKALIKE_SIGNS:
        if any(h in head for h in hints) and pat.search(head):
            return "unsupported-platform:" + name
    if _is_set_form(text):
        return "junos-set"
    if "{" in text and _JUNOS_CURLY.search(text):
        return "junos"
    if ("IOS XR" in text and _XR_VERSION.search(text)) or (
        any(h in text for h in ("end-policy", "route-policy ", "ipv4 access-list ", "commit"))
        and _XR_SIGN.search(text)
    ):
        return "iosxr"
    if ("eos-" in text[:3000].lower() and _EOS_VERSION.search(text[:3000])) or (
        any(h in text for h in ("management api http-commands", "daemon ", "interface Ethernet"))
        and _EOS_SIGN.search(text)
    ):
        return "eos"
    if any(h in text for h in ("feature ", "switchname ", "vrf context ")) and _NXOS_SIGN.search(text):
        return "nxos"
    if _IOS_SIGN.search(text):
        return "ios"
    return "unknown"


def _is_set_form(text: str) -> bool:
    if not (_SET_FORM_START.match(text)
            or any(h in text for h in ("\nset ", "\ndeactivate ", "\ndelete "))):
        return False  # fast path: no line starts with set/deactivate/delete
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return False
    sets = sum(1 for ln in lines if ln.startswith(("set ", "deactivate ", "delete ")))
    return sets >= max(1, len(lines) // 2)


_PARSERS: dict[str, tuple[type[CiscoFamilyParser], str, str]] = {
    "ios": (IosParser, "cisco", "ios"),
    "nxos": (NxosParser, "cisco", "nx-os"),
    "iosxr": (IosxrParser, "cisco", "ios-xr"),
    "eos": (EosParser, "arista", "eos"),
}


def parse_config(text: str, *, path: str) -> DeviceConfig:
    """Parse one config. Any internal error becomes ``parse_status="failed"`` with the reason."""
    dev = DeviceConfig(path=path)
    try:
        _parse_into(dev, text)
    except Exception as exc:  # never raise out of a reader (docs/audit.md: no crash, every failure has a reason)
        dev.parse_status = "failed"
        dev.parse_reason = f"internal parser error: {type(exc).__name__}: {exc}"[:300]
    return dev


def parse_config_bytes(data: bytes, *, path: str) -> DeviceConfig:
    """Decode per the module's text rule, then parse."""
    text, note = decode_config(data)
    if text is None:
        return DeviceConfig(path=path, parse_status="failed", parse_reason=note)
    dev = parse_config(text, path=path)
    if note:
        dev.notes.append(note)
    return dev


def read_config_file(path: str | Path) -> DeviceConfig:
    """Read and parse one file; unreadable files come back ``failed`` with the OS error."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return DeviceConfig(path=str(path), parse_status="failed", parse_reason=f"unreadable: {exc.strerror}")
    return parse_config_bytes(data, path=str(path))


def decode_config(data: bytes) -> tuple[str | None, str | None]:
    """(text, note) or (None, reason) for binary input."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16 (BOM)"
        except UnicodeDecodeError:
            return None, "binary input: invalid UTF-16"
    if (
        len(data) >= 4
        and data[1:8:2] == b"\x00" * len(data[1:8:2])
        and data[0:8:2].isascii()
        and b"\x00" not in data[0:8:2]
    ):
        try:
            return data.decode("utf-16-le"), "decoded as UTF-16LE (no BOM, ASCII-in-UTF-16 pattern)"
        except UnicodeDecodeError:
            return None, "binary input: invalid UTF-16LE"
    if b"\x00" in data:
        return None, "binary input: NUL bytes"
    try:
        text = data.decode("utf-8-sig")
        note = None
    except UnicodeDecodeError:
        text, note = data.decode("latin-1"), "not UTF-8: read as Latin-1"
    ctrl = len(_CTRL.findall(text))
    if text and ctrl > len(text) // 10:
        return None, "binary input: control characters"
    return text, note


def _parse_into(dev: DeviceConfig, text: str) -> None:
    if "\x00" in text:
        dev.parse_status, dev.parse_reason = "failed", "binary input: NUL characters"
        return
    lines = text.splitlines()
    dev.source_lines = lines
    dev.total_lines = len(lines)
    dialect = detect_dialect(text)
    dev.dialect = dialect
    if dialect.startswith("unsupported-platform:"):  # never parsed as another vendor's syntax
        dev.parse_status = "failed"
        dev.parse_reason = "unsupported platform: " + dialect.split(":", 1)[1]
        return
    if dialect.startswith("unsupported:") or dialect == "unknown":
        dev.parse_status = "failed"
        dev.parse_reason = (
            f"unsupported dialect: {dialect.split(':', 1)[-1]}"
            if dialect != "unknown"
            else "unknown dialect: no vendor signature found"
        )
        return
    if dialect in FLEET_PARSERS:
        recognised, unrecognised = FLEET_PARSERS[dialect](dev, text, lines)
        if dev.parse_status == "failed":
            return
    elif dialect in ("junos", "junos-set"):
        recognised, unrecognised = parse_junos(dev, lines, dialect == "junos-set")
    else:
        cls, vendor, os_name = _PARSERS[dialect]
        dev.vendor, dev.os = vendor, os_name  # type: ignore[assignment]
        roots, skipped = build_tree(lines)
        parser = cls(dev)
        parser.run(roots)
        fin = getattr(parser, "finalize", None)
        if fin:
            fin()
        recognised = parser.recognised | skipped
        unrecognised = sorted(set(parser.unrecognised))
        _refine_version(dev, text)
    assign_role(dev)
    _finish(dev, recognised, unrecognised)


def _refine_version(dev: DeviceConfig, text: str) -> None:
    if dev.os == "ios":
        # the case-insensitive search is slow; its letters "oftware, v" have only ASCII case variants, so
        # a text whose lower-cased form lacks them cannot match
        m = _XE_VERSION.search(text) if ", " in text and "oftware, v" in text.lower() else None
        if m and version_order(m.group(1)) == "known":
            dev.version = m.group(1)
        elif m:  # a special build: the banner still says IOS XE; the version stays the config's own line
            dev.notes.append(f"IOS XE banner names version {m.group(1)!r}: unknown-order (special build)")
        # an "IOS XE Software" banner decides the OS whatever its version string says
        dev.os = "ios-xe" if m else ios_os_from_version(dev.version)  # type: ignore[assignment]
    elif dev.os == "eos" and dev.version is None:
        m = _EOS_VERSION.search(text)
        dev.version = m.group(1) if m else None
    elif dev.os == "ios-xr" and dev.version is None:
        m = _XR_VERSION.search(text)
        dev.version = m.group(1) if m else None


def _finish(dev: DeviceConfig, recognised: set[int], unrecognised: list[int]) -> None:
    unrec = set(unrecognised)
    dev.unrecognised_lines = len(unrec)
    dev.unrecognised_samples = sorted(unrec)[:20]
    dev.recognised_lines = len(recognised - unrec)
    if dev.unrecognised_lines:
        dev.parse_status = "partial"
    if dev.hostname is None and dev.recognised_lines == 0:
        dev.parse_status, dev.parse_reason = "failed", "nothing recognised"
