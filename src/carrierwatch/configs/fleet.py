"""The fleet platforms beyond the Cisco/Juniper/Arista five: how to recognise each config, and its parser.

``detect_fleet`` runs inside ``parse.detect_dialect`` before the Cisco-family signatures (an ASA or FortiOS
config would otherwise be reported as an unsupported dialect, and VRP/SR OS as IOS-like text). Every test is a
substring or a head-of-file regex, so an IOS config pays a few substring scans and nothing else. Signatures:

* ``panos``: an XML document whose root is ``<config`` with PAN-OS sections (``<devices>``/``<mgt-config>``);
* ``sros``: the ``# TiMOS-…`` banner SR OS writes at the top of every saved config, or a classic
  ``echo "System Configuration"`` line, or an MD-CLI ``configure {`` block;
* ``vrp``: the ``!Software Version V…`` comment of ``display current-configuration``, or ``sysname`` with
  ``#`` view separators;
* ``asa``: ``ASA Version`` at the start of a line (``show running-config`` and saved configs);
* ``fortios``: the ``#config-version=`` header, or ``config system global`` at the start of a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from carrierwatch.configs.asa import parse_asa
from carrierwatch.configs.fortios import parse_fortios
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.panos import parse_panos
from carrierwatch.configs.sros import parse_sros
from carrierwatch.configs.vrp import parse_vrp

FleetParser = Callable[[DeviceConfig, str, list[str]], tuple[set[int], list[int]]]

FLEET_PARSERS: dict[str, FleetParser] = {
    "sros": parse_sros,
    "vrp": parse_vrp,
    "asa": parse_asa,
    "panos": parse_panos,
    "fortios": parse_fortios,
}

_ASA = re.compile(r"^:?\s*ASA Version \S", re.MULTILINE)
_PANOS_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<config[\s>]", re.DOTALL)


def detect_fleet(text: str) -> str | None:
    """The fleet dialect of ``text`` (``sros``, ``vrp``, ``asa``, ``panos``, ``fortios``) or None."""
    head = text[:4000]
    if "<config" in head and _PANOS_ROOT.match(head) and ("<devices>" in text or "<mgt-config>" in text):
        return "panos"
    if "TiMOS-" in head or '\necho "System Configuration"' in text or "\nconfigure {" in text:
        return "sros"
    if "#config-version=" in head or text.startswith("config system global") or "\nconfig system global" in text:
        return "fortios"
    if "ASA Version" in head and _ASA.search(head):
        return "asa"
    if "!Software Version V" in head or (("\nsysname " in text or text.startswith("sysname ")) and "\n#" in text):
        return "vrp"
    return None
