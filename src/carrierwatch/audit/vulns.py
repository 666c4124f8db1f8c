"""CVE exposure: match device software versions against the shipped known-exploited CVE catalog.

A finding separates three things (issue #3, "vulnerable and the precondition is on" vs "vulnerable
version, feature off"):

* ``exposed``      the version is affected AND the config shows the precondition (e.g. ``ip http server``
                   for CVE-2023-20198): CRITICAL, or HIGH when only the release train is known;
* ``not-exposed``  the version is affected but the config turns the feature off: LOW (patch anyway);
* ``version-only`` the precondition cannot be read from the config (platform not parsed): MEDIUM.

Version sources, best first: ``show version`` output (passed in by the pipeline), the IOS XE boot image
name (``...universalk9.17.03.04a.SPA.bin`` -> ``17.3.4a``), the config's ``version`` line. A config
``version 17.3`` names only the train: we then report "train contains affected releases" rather than
guess the maintenance release. Cisco rows match by exact normalised string membership (the CVE records
enumerate releases; Cisco strings do not order across trains); range rows use ``version_key``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.role import decide_role
from carrierwatch.configs.version import normalise_version, version_key, version_order
from carrierwatch.findings import AuditStatus, Category, Evidence, Finding, RuleMeta, Severity


@dataclass
class VulnRow:
    """One CVE and what makes a device exposed to it."""

    cve: str
    vendor: str
    product: str
    os: list[str]
    match: str  # "exact" | "range" | "any" | "unknown"
    versions: set[str] = field(default_factory=set)
    ranges: list[dict[str, str]] = field(default_factory=list)
    precondition: str | None = None
    cvss: float | None = None
    kev_added: str | None = None
    advisory: str = ""
    advisory_url: str = ""
    title: str = ""
    remediation: dict[str, str] = field(default_factory=dict)
    attack: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    note: str = ""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> VulnRow:
        return cls(
            cve=d["cve"], vendor=d.get("vendor", ""), product=d.get("product", ""), os=list(d.get("os") or []),
            match=d.get("match", "unknown"), versions={norm(v) for v in d.get("versions") or []},
            ranges=list(d.get("ranges") or []), precondition=d.get("precondition"), cvss=d.get("cvss"),
            kev_added=d.get("kev_added"), advisory=d.get("advisory", ""), advisory_url=d.get("advisory_url", ""),
            title=d.get("title", ""), remediation=dict(d.get("remediation") or {}),
            attack=list(d.get("attack") or []), sources=list(d.get("sources") or []), note=d.get("note", ""),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "cve": self.cve, "vendor": self.vendor, "product": self.product, "os": self.os, "match": self.match,
            "versions": sorted(self.versions), "ranges": self.ranges, "precondition": self.precondition,
            "cvss": self.cvss, "kev_added": self.kev_added, "advisory": self.advisory,
            "advisory_url": self.advisory_url, "title": self.title, "remediation": self.remediation,
            "attack": self.attack, "sources": self.sources, "note": self.note,
        }


_LEADING_ZEROS = re.compile(r"(?<![\d])0+(\d)")
_TRAIN = re.compile(r"\d+\.\d+")


@functools.lru_cache(maxsize=4096)  # the catalog's ~200 releases are normalised on every load
def norm(version: str) -> str:
    """Normalised Cisco-style release string for membership tests: ``17.03.04a`` -> ``17.3.4a``."""
    s = normalise_version(version).lower()
    return _LEADING_ZEROS.sub(r"\1", s)


def load_catalog(extra_dir: Path | None = None) -> dict[str, VulnRow]:
    """The shipped catalog, overlaid with rows written by ``intel update-vulns`` into ``extra_dir``.

    An overlay row replaces versions/ranges/KEV date of a shipped row but keeps its precondition and
    remediation (those are our logic, not the record's)."""
    text = resources.files("carrierwatch").joinpath("data/vulns/known_exploited.json").read_text("utf-8")
    rows = {r["cve"]: VulnRow.from_dict(r) for r in json.loads(text)["vulns"]}
    if extra_dir is not None and extra_dir.is_dir():
        for p in sorted(extra_dir.glob("*.json")):
            try:
                data = json.loads(p.read_text("utf-8"))
            except (OSError, ValueError):
                continue  # update-vulns only writes valid JSON; a hand-broken file is ignored, not fatal
            for d in data.get("vulns", []) if isinstance(data, dict) else []:
                merge_row(rows, VulnRow.from_dict(d))
    return rows


def merge_row(rows: dict[str, VulnRow], new: VulnRow) -> None:
    old = rows.get(new.cve)
    if old is None:
        rows[new.cve] = new
        return
    if new.versions:
        old.versions, old.match = new.versions, "exact"
    elif new.ranges:
        old.ranges, old.match = new.ranges, "range"
    old.kev_added = new.kev_added or old.kev_added
    old.sources = list(dict.fromkeys([*old.sources, *new.sources]))


# --- device version -------------------------------------------------------------------------

_BOOT_IMAGE = re.compile(r"^boot system\s+(?:flash\s+)?\S*?\.(\d{2})\.(\d{2})\.(\d{2}[a-z]?)\.\S*bin", re.I)


def device_version(dev: DeviceConfig, shown: dict[str, str] | None = None
                   ) -> tuple[str | None, str, int | None]:
    """(version, where it came from, config line): ``show version`` > boot image name > ``version`` line."""
    if shown and shown.get("version"):
        return str(shown["version"]), "show version", None
    if dev.os in ("ios-xe", "ios"):
        for n, raw in enumerate(dev.source_lines[:400], 1):
            if raw.lstrip()[:4].lower() != "boot":  # "boot" has no non-ASCII case variant: cannot match
                continue
            m = _BOOT_IMAGE.match(raw.strip())
            if m:
                ver = ".".join(str(int(x)) if x.isdigit() else x.lstrip("0") for x in m.groups())
                return ver, "boot image", n
    if dev.version:
        line = next((n for n, raw in enumerate(dev.source_lines[:400], 1)
                     if dev.version in raw and raw.strip().lower().startswith("version ")), None)
        return dev.version, "config version line", line
    return None, "unknown", None


# --- preconditions --------------------------------------------------------------------------

Precondition = Callable[[DeviceConfig, dict[str, str] | None], tuple[bool | None, str, list[int]]]


def _http_server(dev: DeviceConfig, shown: dict[str, str] | None = None) -> tuple[bool | None, str, list[int]]:
    s = dev.services
    lines = [s.lines[k] for k in ("http_server", "https_server") if k in s.lines]
    if s.http_server or s.https_server:
        on = [n for n, v in (("ip http server", s.http_server), ("ip http secure-server", s.https_server)) if v]
        return True, f"{' and '.join(on)} enabled", lines
    if s.http_server is False and s.https_server is False:
        return False, "no ip http server and no ip http secure-server", lines
    return False, "HTTP/HTTPS server not enabled in the config", lines


def _smart_install(dev: DeviceConfig, shown: dict[str, str] | None = None) -> tuple[bool | None, str, list[int]]:
    """Smart Install clients are Catalyst access switches: the role comes from the ``show version`` model or a
    PID in the config first, a strong config hint next (``configs.role``); the reason names what decided it."""
    s = dev.services
    ln = [s.lines["vstack"]] if "vstack" in s.lines else []
    if s.vstack is True:
        return True, "vstack (Smart Install) enabled", ln
    if s.vstack is False:
        return False, "no vstack", ln
    role, evidence = dev.role, dev.role_evidence or ""
    model = (shown or {}).get("model")
    if model:
        got, why = decide_role(dev, model)
        if got is not None:
            role, evidence = got, why
    if role == "switch":
        return True, f"switch ({evidence}) without 'no vstack' (Smart Install client is on by default)", ln
    if role in ("router", "other"):
        return False, f"not a switch: {evidence}; Smart Install clients are Catalyst access switches", ln
    return False, f"role unknown ({evidence}): Smart Install clients are Catalyst access switches", ln


def _admin_cli(dev: DeviceConfig, shown: dict[str, str] | None = None) -> tuple[bool | None, str, list[int]]:
    return True, "reachable by any administrator on the CLI", []


PRECONDITIONS: dict[str, Precondition] = {
    "http_server": _http_server,
    "smart_install": _smart_install,
    "admin_cli": _admin_cli,
}


# --- matching ---------------------------------------------------------------------------------


@dataclass
class Exposure:
    row: VulnRow
    device: str
    path: str
    version: str
    version_source: str
    how: str  # "exact" | "train" | "range" | "any"
    version_line: int | None
    exposure: str  # "exposed" | "not-exposed" | "version-only"
    reason: str
    lines: list[int]
    version_order: str = "known"  # "unknown-order" when ``show version`` named a build no ordering places

    @property
    def severity(self) -> Severity:
        if self.exposure == "exposed":
            return Severity.HIGH if self.how == "train" or (self.row.cvss or 10) < 9 else Severity.CRITICAL
        if self.exposure == "version-only":
            return Severity.MEDIUM
        return Severity.LOW


def version_matches(row: VulnRow, os_name: str, version: str) -> str | None:
    """How ``version`` is affected by ``row``: "exact", "train", "range", "any", or None."""
    if row.match == "any":
        return "any"
    v = norm(version)
    if row.match == "exact":
        if v in row.versions:
            return "exact"
        if _TRAIN.fullmatch(v) and any(x.startswith(v + ".") for x in row.versions):
            return "train"  # config says only ``version 17.3``
        return None
    if row.match == "range":
        key = version_key(os_name, v)
        for r in row.ranges:
            lo = r.get("from")
            if lo and key < version_key(os_name, lo):
                continue
            if "lessThan" in r and key < version_key(os_name, r["lessThan"]):
                return "range"
            if "lessThanOrEqual" in r and key <= version_key(os_name, r["lessThanOrEqual"]):
                return "range"
    return None


def exposures(devices: Iterable[DeviceConfig], catalog: dict[str, VulnRow],
              shown: dict[str, dict[str, str]] | None = None) -> tuple[list[Exposure], list[tuple[str, str]]]:
    """Every (device, CVE) that applies, plus (device, CVE) pairs that need a manual version check."""
    out: list[Exposure] = []
    manual: list[tuple[str, str]] = []
    for dev in devices:
        if dev.parse_status == "failed":
            continue
        name = dev.hostname or dev.path
        facts = (shown or {}).get(name.lower())
        version, vsrc, vline = device_version(dev, facts)
        order = version_order(version) if version else "known"
        if order == "unknown-order":
            # a special/engineering build orders against nothing: keep what the other evidence says
            other, osrc, oline = device_version(dev, None) if vsrc == "show version" else (None, "", None)
            if other and version_order(other) == "known":
                vsrc = f"{osrc}; {vsrc} names {version} (unknown-order)"
                version, vline = other, oline
        for row in catalog.values():
            if dev.os not in row.os:
                continue
            if row.match == "unknown":
                manual.append((name, row.cve))
                continue
            if (version is None or (order == "unknown-order" and version_order(version) != "known")) \
                    and row.match != "any":
                manual.append((name, row.cve))
                continue
            how = version_matches(row, dev.os, version or "")
            if how is None and row.match == "any":
                how = "any"
            if how is None:
                continue
            check = PRECONDITIONS.get(row.precondition or "")
            on: bool | None
            lines: list[int]
            if check is None:
                on, why, lines = None, "precondition not readable from this config", []
            else:
                on, why, lines = check(dev, facts)
            if row.match == "any" and not on:
                continue  # no version list: only an active precondition makes it a finding
            state = "version-only" if on is None else "exposed" if on else "not-exposed"
            out.append(Exposure(row, name, dev.path, version or "any", vsrc, how, vline, state, why, lines, order))
    return out, manual


#: The state of a matched exposure, as the key of the finding's title.
_STATE_KEYS = {"exposed": "precondition met, exposed", "not-exposed": "precondition not met",
               "version-only": "precondition not checkable from the config"}


def vuln_rule(row: VulnRow) -> RuleMeta:
    """One CVE record as a rule: its id is ``CW-<CVE>``, its title says the device runs an affected release."""
    return RuleMeta(
        id=f"CW-{row.cve}", title=f"{row.cve} {row.title}: affected release",
        title_key=f"{row.cve} {row.title}: affected release, {{key}}", severity=Severity.HIGH,
        category=Category.VULNERABILITY, family="cve-exposure", attack=tuple(row.attack),
        references=(row.cve, row.advisory, *row.sources),
        remediation=f"Upgrade to a fixed release per {row.advisory}",
        platform_remediation=tuple(row.remediation.items()),
        rationale=f"{row.vendor} {row.product}: known exploited (CISA KEV since {row.kev_added}). {row.advisory_url}",
        sources=tuple(s for s in (row.advisory_url, *row.sources) if s.startswith("http")),
    )


def to_finding(e: Exposure, dev: DeviceConfig | None = None) -> Finding:
    from carrierwatch.audit.framework import evidence_text

    row = e.row
    exact = {"exact": "is listed as affected", "train": "is a train that contains affected releases "
             "(the config names only the train; check `show version`)", "range": "is in an affected range",
             "any": "runs the affected product (the record lists no versions)"}[e.how]
    state = {"exposed": "precondition MET", "not-exposed": "precondition not met",
             "version-only": "precondition not checkable"}[e.exposure]
    said = f"version {e.version} (from {e.version_source}) {exact}"
    if dev is not None and e.version_line:
        ev = [Evidence(e.path, e.version_line, evidence_text(dev, e.version_line))]
    else:
        ev = [Evidence(e.path, None, said)]
    if dev is not None:
        ev += [Evidence(e.path, ln, evidence_text(dev, ln)) for ln in e.lines[:5]]
    text = row.remediation.get(dev.os if dev else "", "") or next(iter(row.remediation.values()), "")
    return Finding.from_rule(
        vuln_rule(row), device=e.device, key=_STATE_KEYS[e.exposure], evidence=ev, severity=e.severity,
        values={"version": e.version}, remediation=text or None,
        description=(f"{row.vendor} {row.product}: {said}; {state}: {e.reason}. "
                     f"KEV since {row.kev_added}. {row.advisory_url}"),
        status=AuditStatus.FAIL,
        extra={"cve": row.cve, "exposure": e.exposure, "version": e.version, "version_source": e.version_source,
               "match": e.how, "precondition": row.precondition, "advisory_url": row.advisory_url,
               **({"version_order": e.version_order} if e.version_order != "known" else {})},
    )
