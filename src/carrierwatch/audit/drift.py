"""Drift: compare each device's running config with its golden copy and report security-relevant changes.

EVH-V02 (the device must not be the source of truth) and HUNT-01 (diff running vs golden; focus on ACLs,
AAA servers, users, ssh/http ports, loopbacks, tunnels, static routes, SNMP, logging). Every change becomes
a finding whose evidence holds both sides: the golden line (source = baseline file) and the running line
(source = running file), each masked. Secrets never appear: lines are compared *after* masking, so a
rotated key shows as "changed" only where its masked form (type + length) changes, and the key is never
printed.

How lines are compared: both configs are reduced to "statement paths" (a stanza header joined to each
child line, e.g. ``line vty 0 4 > access-class 20 in``), then the multiset difference is taken per area.
An area is picked from the path by ``AREAS`` (first match wins); paths matching no area are not
security-relevant here and are ignored. Pairing: a baseline device is found by hostname, else by file
name stem.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from carrierwatch.configs.mask import mask_secrets
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import AuditStatus, Category, Evidence, Finding, RuleMeta, Severity

# (area, regex on the statement path, severity, ATT&CK) — from HUNT-01's focus list
AREAS: list[tuple[str, re.Pattern[str], Severity, tuple[str, ...]]] = [
    ("aaa-servers", re.compile(r"^(?:tacacs|radius|aaa group server|tacacs-server|radius-server|"
                               r"set system (?:tacplus|radius)-server|system > (?:tacplus|radius))", re.I),
     Severity.CRITICAL, ("T1556",)),
    ("aaa", re.compile(r"^aaa |^set system (?:authentication-order|accounting)", re.I), Severity.HIGH, ("T1556",)),
    ("users", re.compile(r"^(?:username |enable (?:secret|password)|set system login user|"
                         r"set system root-authentication)", re.I), Severity.HIGH, ("T1136.001",)),
    ("acls", re.compile(r"^(?:access-list |ip access-list|ipv6 access-list|ipv4 access-list|"
                        r"set firewall )|access-class|access-group", re.I), Severity.HIGH, ("T1562.004",)),
    ("loopbacks", re.compile(r"^interface (?:loopback|lo)\S* > .*address|^set interfaces lo0 .*address", re.I),
     Severity.HIGH, ("T1021",)),
    ("tunnels", re.compile(r"^interface tunnel\S* > |^crypto (?:map|ipsec|ikev2|isakmp)|^set interfaces (?:gr|ip)-",
                           re.I), Severity.HIGH, ("T1572",)),
    ("service-ports", re.compile(r"^ip ssh port|^ip http |^ssh server|^set system services|^management (?:ssh|api)"
                                 r"|^telnet |^feature (?:telnet|ssh|guestshell)|^iox|^app-hosting", re.I),
     Severity.HIGH, ("T1571",)),
    ("snmp", re.compile(r"^snmp-server |^snmp |^set snmp ", re.I), Severity.HIGH, ("T1602.001",)),
    ("logging", re.compile(r"^logging |^no logging|^set system syslog", re.I), Severity.MEDIUM, ("T1562.002",)),
    ("static-routes", re.compile(r"^ip route |^ipv6 route |^router static|^set routing-options static", re.I),
     Severity.MEDIUM, ("T1599",)),
    ("mirroring", re.compile(r"^monitor (?:session|capture)", re.I), Severity.HIGH, ("T1040",)),
    ("vty", re.compile(r"^line (?:vty|con|aux)", re.I), Severity.HIGH, ("T1021",)),
]


#: What each area holds, for the finding's title.
AREA_LABELS = {
    "aaa-servers": "AAA server entries", "aaa": "AAA method lists", "users": "local accounts and enable secrets",
    "acls": "access lists", "loopbacks": "loopback addresses", "tunnels": "tunnels and crypto peers",
    "service-ports": "management services and ports", "snmp": "SNMP settings", "logging": "logging settings",
    "static-routes": "static routes", "mirroring": "traffic mirroring", "vty": "console/VTY lines",
}


def _drift_rule(area: str, severity: Severity, attack: tuple[str, ...]) -> RuleMeta:
    label = AREA_LABELS[area]
    return RuleMeta(
        id=f"CW-DRIFT-{area.upper()}", title=f"Running config differs from the golden copy in {label}",
        title_key=f"Running config differs from the golden copy in {label}: {{key}}", severity=severity,
        category=Category.AUDIT, family="drift", attack=attack, references=("EVH-V02", "HUNT-01"),
        remediation="Confirm a change ticket for each line; otherwise restore the golden configuration "
                    "(e.g. `configure replace <golden-file>` on IOS XE, `rollback`/`load override` on Junos) "
                    "and investigate who changed it.",
        rationale="The device must not be the source of truth (EVH-V02): every security-relevant line that differs "
                  "from the golden copy needs a change record (HUNT-01).",
    )


#: One rule per drift area (``CW-DRIFT-<AREA>``), in ``AREAS`` order.
DRIFT_RULES: dict[str, RuleMeta] = {name: _drift_rule(name, sev, attack) for name, _, sev, attack in AREAS}


@dataclass
class Stmt:
    path: str
    line: int


def statements(dev: DeviceConfig) -> list[Stmt]:
    """Stanza-qualified, masked statement paths with their source lines (indentation = nesting)."""
    out: list[Stmt] = []
    stack: list[tuple[int, str]] = []
    for n, raw in enumerate(dev.source_lines, 1):
        text = raw.rstrip()
        body = text.strip()
        if not body or body.startswith(("!", "#")) or body in ("end", "exit", "}", "exit-address-family"):
            continue
        indent = len(text) - len(text.lstrip())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        masked = mask_secrets(body)
        path = " > ".join([p for _, p in stack] + [masked])
        out.append(Stmt(path, n))
        stack.append((indent, masked))
    return out


def area_of(path: str) -> tuple[str, Severity, tuple[str, ...]] | None:
    for name, pat, sev, attack in AREAS:
        if pat.search(path):
            return name, sev, attack
    return None


@dataclass
class Change:
    area: str
    kind: str  # "added" | "removed"
    stmt: Stmt
    severity: Severity
    attack: tuple[str, ...]


def diff(golden: DeviceConfig, running: DeviceConfig) -> list[Change]:
    g, r = statements(golden), statements(running)
    gc, rc = Counter(s.path for s in g), Counter(s.path for s in r)
    out: list[Change] = []
    for kind, side, other in (("removed", g, rc), ("added", r, gc)):
        left = Counter(other)
        for s in side:
            if left[s.path] > 0:
                left[s.path] -= 1
                continue
            a = area_of(s.path)
            if a:
                out.append(Change(a[0], kind, s, a[1], a[2]))
    return out


def pair_baseline(running: list[DeviceConfig], golden: list[DeviceConfig]
                  ) -> tuple[list[tuple[DeviceConfig, DeviceConfig]], list[DeviceConfig]]:
    """(golden, running) pairs; running devices with no golden copy are returned apart."""
    by_host = {(d.hostname or "").lower(): d for d in golden if d.hostname}
    by_stem = {Path(d.path).stem.lower(): d for d in golden}
    pairs, missing = [], []
    for d in running:
        g = by_host.get((d.hostname or "").lower()) or by_stem.get(Path(d.path).stem.lower())
        if g is None:
            missing.append(d)
        else:
            pairs.append((g, d))
    return pairs, missing


def drift_findings(golden: DeviceConfig, running: DeviceConfig) -> list[Finding]:
    """One finding per area with changes; evidence lists each removed (golden) and added (running) line."""
    changes = diff(golden, running)
    by_area: dict[str, list[Change]] = {}
    for c in changes:
        by_area.setdefault(c.area, []).append(c)
    name = running.hostname or running.path
    out = []
    for area, cs in by_area.items():
        ev = [Evidence(golden.path if c.kind == "removed" else running.path, c.stmt.line,
                       mask_secrets((golden if c.kind == "removed" else running).line_text(c.stmt.line).strip()))
              for c in cs[:40]]
        added = sum(1 for c in cs if c.kind == "added")
        removed = len(cs) - added
        out.append(Finding.from_rule(
            DRIFT_RULES[area], key=f"{added} line(s) added, {removed} removed", device=name, evidence=ev,
            severity=cs[0].severity, values={"golden-file": golden.path},
            description=f"{added} line(s) added, {removed} removed in {area} compared with {golden.path}. "
                        + "; ".join(f"{c.kind}: {c.stmt.path}" for c in cs[:5]),
            status=AuditStatus.FAIL,
            extra={"area": area, "added": added, "removed": removed, "baseline": golden.path},
        ))
    return out
