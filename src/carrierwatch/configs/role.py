"""Device role (switch, router, other) from evidence, with the evidence kept for the findings that depend on it.

Why: Smart Install (CVE-2018-0171, EVH-C01) is a Catalyst access-switch feature. Taking every config with
``spanning-tree extend system-id`` or ``no switchport`` for a switch gave routers a false critical. The role
is decided, best first, by:

1. the platform model from ``show version`` (``Model number``, ``cisco ISR4451-X/K9 ... processor``), passed in
   by the pipeline;
2. a PID/SKU the config itself names (``license udi pid C9300-48P sn ...``, ``switch 1 provision ws-c3850-48p``,
   the EOS ``! device: h (DCS-7050SX3, EOS-...)`` header);
3. a *strong* configuration hint: an access/trunk ``switchport mode``, ``switchport access vlan``, ``vtp``;
4. otherwise the role stays unknown (``None``): weak hints (``spanning-tree ...``, ``vlan N``, a bare or negated
   ``switchport``) appear on routers too (ISR/ASR routed ports and EtherSwitch modules) and never decide.

Product families per the vendors' model naming (Cisco Catalyst ``WS-C``/``C9200``-``C9600``/``C1000``/``IE``,
Nexus ``N?K``; ISR/ASR/``C8xxx``/``CISCO19xx``-``39xx``/CSR1000V routers; Catalyst 9800 is a wireless
controller; Arista ``DCS``/``CCS`` switches; Juniper EX/QFX switches, MX/PTX/ACX/SRX routers). A model this
table does not know leaves the role to the config hints. This module never reads ``show version`` itself.
"""

from __future__ import annotations

import re

from carrierwatch.configs.model import DeviceConfig

_SWITCH = re.compile(
    r"^(?:WS-C|C9[2-6]\d\d|C1000|C2960|C3560|C3650|C3750|C3850|C4500|C6[58]\d\d|IE-?\d|CBS\d|CDB-|"
    r"N[2-9]K|N[35]\d{3}|DCS-|CCS-|EX\d|QFX)",
    re.IGNORECASE,
)
_ROUTER = re.compile(
    r"^(?:ISR|C8[0-5]\d\d|C8000|C11\d\d|C1[0-9]{3}-|ASR|CISCO\d{3,4}|CSR1000V|XRV|NCS|N540|8[0-9]{3}-|"
    r"MX\d|PTX|ACX|SRX|VMX|IR\d)",
    re.IGNORECASE,
)
_OTHER = re.compile(r"^(?:C9800|AIR-|WLC)", re.IGNORECASE)
_CONFIG_PID = re.compile(
    r"^(?:license udi pid (\S+)|switch \d+ provision (\S+)|! device: \S+ \(([^,)\s]+))", re.IGNORECASE
)


def classify_model(model: str | None) -> str | None:
    """"switch" | "router" | "other" for a model/PID string, None if the table does not know it."""
    if not model:
        return None
    m = model.strip().strip('"')
    if _OTHER.match(m):
        return "other"
    if _SWITCH.match(m):
        return "switch"
    if _ROUTER.match(m):
        return "router"
    return None


def config_pid(dev: DeviceConfig) -> tuple[str, int] | None:
    """The first PID/SKU the config names (within its first 400 lines), with its line."""
    for n, raw in enumerate(dev.source_lines[:400], 1):
        s = raw.strip()
        if not s or s[0] not in "lsLS!":
            continue
        m = _CONFIG_PID.match(s)
        if m:
            return next(g for g in m.groups() if g), n
    return None


def decide_role(dev: DeviceConfig, model: str | None = None) -> tuple[str | None, str]:
    """(role, evidence) for ``dev``; ``model`` is the ``show version`` model when one was read."""
    role = classify_model(model)
    if role:
        return role, f"model {model} (show version)"
    pid = config_pid(dev)
    if pid:
        role = classify_model(pid[0])
        if role:
            return role, f"PID {pid[0]} (config line {pid[1]})"
    strong = [(what, ln) for what, ln, is_strong in dev.l2_hints if is_strong]
    if strong:
        what, ln = strong[0]
        return "switch", f"config hint `{what}` (line {ln}); no model or PID seen"
    weak = [what for what, _, _ in dev.l2_hints]
    if weak:
        return None, f"no model or PID; only weak switching hints ({weak[0]}), which routers show too"
    return None, "no model, PID or switching seen"


def assign_role(dev: DeviceConfig, model: str | None = None) -> None:
    """Set ``dev.role``, ``dev.role_evidence`` and ``dev.is_switch``.

    On NX-OS and EOS (data-centre switch families) any switching seen keeps ``is_switch`` as before; on the
    IOS family only a decided "switch" role sets it."""
    dev.role, dev.role_evidence = decide_role(dev, model)
    if dev.role is not None:
        dev.is_switch = dev.role == "switch"
    elif dev.os in ("nx-os", "eos") and dev.l2_hints:
        dev.is_switch = True
    else:
        dev.is_switch = None
