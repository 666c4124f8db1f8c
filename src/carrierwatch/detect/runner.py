"""Run every detection over one run's telemetry on the chosen engine and turn rows into Findings.

The runner owns the small Python-side tables (``assets``, ``ipclass``, ``indicators``), registers the derived
views, executes the SQL detections, and groups evidence rows by (rule, device, key) into one Finding each, with
first/last seen times, capped evidence (the count of all rows is kept in ``extra``) and masked text.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from carrierwatch.configs.inventory import Assets
from carrierwatch.configs.mask import mask_secrets
from carrierwatch.detect.analytics.settings import AnalyticsSettings
from carrierwatch.detect.command_rules import COMMAND_RULES, command_rules
from carrierwatch.detect.event_rules import EVENT_RULES, event_rules
from carrierwatch.detect.ioc import IOC_EVENTS_SQL, active_indicators, register_ioc_tables, register_ioc_views
from carrierwatch.detect.rule import SqlDetection
from carrierwatch.detect.views import DISTINCT_IPS_SQL, VIEWS
from carrierwatch.engine.base import Engine
from carrierwatch.findings import Category, Evidence, Finding, RuleMeta, Severity
from carrierwatch.intel.indicators import IP_KINDS, Indicator
from carrierwatch.telemetry.schema import TABLES
from carrierwatch.workspace import Allowlists, HuntSettings

#: The SQL behaviour rules with the default workspace settings.
ALL_RULES: list[SqlDetection] = [*COMMAND_RULES, *EVENT_RULES]


def sql_rules(settings: HuntSettings | None = None) -> list[SqlDetection]:
    """The SQL behaviour rules built from the workspace's ``[hunt]`` settings (port patterns...)."""
    return [*command_rules(settings), *event_rules(settings)]

MAX_EVIDENCE = 100
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

IPCLASS_SCHEMA = pa.schema(
    [
        ("ip", pa.string()),
        ("ip4", pa.int64()),
        ("device", pa.string()),
        ("device_net", pa.bool_()),
        ("mgmt", pa.bool_()),
        ("nms", pa.bool_()),
        ("aaa", pa.bool_()),
        ("file_server", pa.bool_()),
        ("tunnel_peer", pa.bool_()),
        ("li", pa.bool_()),
        ("internal", pa.bool_()),
    ]
)


def classify_addresses(ips: Sequence[str], allow: Allowlists, assets: Assets) -> pa.Table:
    cols: dict[str, list[Any]] = {n: [] for n in IPCLASS_SCHEMA.names}
    for text in ips:
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue
        canon = ip.compressed
        if canon != text:
            continue  # readers canonicalise; a non-canonical form can only come from free text
        lists = {
            name: any(ip.version == n.version and ip in n for n in getattr(allow, name))
            for name in ("management_subnets", "nms", "aaa_servers", "file_servers", "tunnel_peers",
                         "li_mediation", "device_subnets", "syslog_collectors", "ntp_servers",
                         "span_destinations")
        }
        device = assets.by_ip.get(canon)
        cols["ip"].append(canon)
        cols["ip4"].append(int(ip) if ip.version == 4 else None)
        cols["device"].append(device)
        cols["device_net"].append(bool(device) or lists["device_subnets"])
        cols["mgmt"].append(lists["management_subnets"])
        cols["nms"].append(lists["nms"])
        cols["aaa"].append(lists["aaa_servers"])
        cols["file_server"].append(lists["file_servers"])
        cols["tunnel_peer"].append(lists["tunnel_peers"])
        cols["li"].append(lists["li_mediation"])
        cols["internal"].append(any(lists.values()) or bool(device) or ip.is_private)
    return pa.table(cols, schema=IPCLASS_SCHEMA)


def register_inputs(engine: Engine, parquet: dict[str, list[Path]], arrow: dict[str, pa.Table] | None = None) -> None:
    """Expose the run's telemetry: Parquet files from the lake, or Arrow tables (tests, small runs)."""
    arrow = arrow or {}
    for table, schema in TABLES.items():
        if table in arrow:
            engine.register_arrow(table, arrow[table])
        else:
            engine.register_parquet(table, parquet.get(table, []), schema)


def run_detections(
    engine: Engine,
    *,
    allow: Allowlists,
    assets: Assets,
    indicators: list[Indicator],
    rules: Sequence[SqlDetection] | None = None,
    progress: Callable[[str], None] | None = None,
    skipped: dict[str, str] | None = None,
    analytics: AnalyticsSettings | None = None,
    hunt: HuntSettings | None = None,
) -> list[Finding]:
    """Run IOC matching and every behaviour rule; the telemetry tables must already be registered.

    ``rules`` = None runs the SQL rules built from ``hunt`` (the workspace settings), the analytics and the
    Sigma pack."""
    engine.register_arrow("assets", assets.to_arrow())
    distinct = engine.query(DISTINCT_IPS_SQL).column("ip").to_pylist()
    engine.register_arrow("ipclass", classify_addresses(sorted(distinct), allow, assets))
    register_ioc_tables(engine, distinct, active_indicators(indicators))
    for name, sql in VIEWS:
        engine.create_view(name, sql)
    register_ioc_views(engine)

    findings: list[Finding] = []
    if progress:
        progress("IOC matching")
    findings += _ioc_findings(engine.query(IOC_EVENTS_SQL))
    for rule in rules if rules is not None else sql_rules(hunt):
        empty = [name for name in rule.needs_allow if not getattr(allow, name)]
        if empty:
            if skipped is not None:
                skipped[rule.rule_id] = f"allow-list {', '.join(empty)} is empty (set it in carrierwatch.toml)"
            continue
        if progress:
            progress(rule.rule_id)
        findings += _rule_findings(rule, engine.query(rule.sql))
    if rules is None:  # the full hunt also runs the Sigma pack and the analytics (issue 6)
        from carrierwatch.detect.analytics.run import run_analytics
        from carrierwatch.detect.sigma.runtime import hunt_pack, run_pack

        if progress:
            progress("analytics")
        for det, rows in run_analytics(engine, analytics or AnalyticsSettings()):
            findings += _rule_findings(det, rows)

        if progress:
            progress("sigma rule pack")
        pack, excluded = hunt_pack()
        sigma_skipped: dict[str, str] = {}
        for det, rows in run_pack(engine, pack, skipped=sigma_skipped):
            findings += _rule_findings(det, rows)
        if skipped is not None and (sigma_skipped or excluded):
            tables = sorted({why.split("'")[1] for why in sigma_skipped.values()})
            skipped["sigma-pack"] = (f"{len(sigma_skipped)} rules need tables this run does not have "
                                     f"({', '.join(tables)}); {len(excluded)} generic-keyword rules are not run "
                                     "unattended (see docs/sigma.md)")
    return findings


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    return table.to_pylist()


def _ts(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _evidence(rows: list[dict[str, Any]]) -> tuple[list[Evidence], datetime | None, datetime | None]:
    seen: set[tuple[str, int]] = set()
    ev: list[Evidence] = []
    times = [t for t in (_ts(r["ts"]) for r in rows) if t is not None]
    for r in sorted(rows, key=lambda r: (_ts(r["ts"]) or _EPOCH, r["src_file"], r["src_line"])):
        k = (r["src_file"], r["src_line"])
        if k in seen:
            continue
        seen.add(k)
        if len(ev) < MAX_EVIDENCE:
            ev.append(Evidence(r["src_file"], r["src_line"], mask_secrets(r["raw"] or "")))
    return ev, (min(times) if times else None), (max(times) if times else None)


def _rule_findings(rule: SqlDetection, table: pa.Table) -> list[Finding]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(table):
        groups[(r["device"] or "", r["key"] or "")].append(r)
    out = []
    for (device, key), rows in sorted(groups.items()):
        sev = rule.severity
        for r in rows:
            if r.get("sev"):
                cand = Severity.parse(r["sev"])
                if cand.rank > sev.rank:
                    sev = cand
        evidence, first, last = _evidence(rows)
        out.append(Finding.from_rule(
            rule.meta, device=device or None, key=key or None, evidence=evidence, first_seen=first, last_seen=last,
            severity=sev, description=rule.description,
            extra={"events": len({(r["src_file"], r["src_line"]) for r in rows}), "key": key or None},
        ))
    return out


_IOC_REMEDIATION = ("Block the indicator at the edge, find every device that touched it, and treat those "
                    "devices as compromised until their configs and AAA accounting are reviewed.")


def _ioc_rule(rule_id: str, title: str, title_key: str) -> RuleMeta:
    return RuleMeta(id=rule_id, title=title, title_key=title_key, severity=Severity.HIGH, category=Category.IOC,
                    family="ioc", references=("HUNT-10",), remediation=_IOC_REMEDIATION, key_name="indicator",
                    rationale="Telemetry matched an active indicator from the intel store (STIX/MISP/flat feeds).")


#: One rule per indicator family; the key is the indicator value.
IOC_RULES: dict[str, RuleMeta] = {
    "ip": _ioc_rule("CW-IOC-IP", "Traffic or activity involving an indicator address",
                    "Traffic or activity involving indicator {key}"),
    "domain": _ioc_rule("CW-IOC-DOMAIN", "DNS lookup of an indicator domain", "DNS lookup of indicator domain {key}"),
    "url": _ioc_rule("CW-IOC-URL", "Command fetching an indicator URL", "Command fetching indicator URL {key}"),
    "file": _ioc_rule("CW-IOC-FILE", "File matching an indicator", "File matching indicator {key}"),
}
#: A match on a value a MISP warning list marks as known-benign: shown, not alerted.
IOC_SUPPRESSED = RuleMeta(
    id="CW-IOC-SUPPRESSED", title="Match on a known-benign indicator suppressed",
    title_key="Match on known-benign indicator {key} suppressed", severity=Severity.INFO, category=Category.IOC,
    family="ioc", references=("HUNT-10", "https://github.com/MISP/misp-warninglists"),
    remediation="None needed unless the feed is right and the warning list wrong; review the feed.",
    sources=("https://github.com/MISP/misp-warninglists",),
)


def _ioc_family(kind: str) -> str:
    if kind in IP_KINDS:
        return "ip"
    return kind if kind in ("domain", "url") else "file"


def _ioc_findings(table: pa.Table) -> list[Finding]:
    """One finding per (device, indicator value); matches on warning-listed values become one INFO finding each,
    so the suppression is visible in every output without raising an alert."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(table):
        groups[(r["device"] or "", r["key"], r.get("warning") or "")].append(r)
    out = []
    for (device, value, warning), rows in sorted(groups.items()):
        first_row = rows[0]
        attack = sorted({t for r in rows for t in (r["attack"] or "").split(",") if t})
        actors = sorted({a for r in rows for a in (r["actors"] or "").split(",") if a})
        feeds = sorted({r["feed"] for r in rows})
        fields = sorted({r["field"] for r in rows})
        evidence, first, last = _evidence(rows)
        tlp = max((r["tlp"] or "clear" for r in rows), key=["clear", "green", "amber", "amber+strict", "red"].index)
        rule = IOC_RULES[_ioc_family(first_row["kind"])]
        extra = {"indicator": value, "kind": first_row["kind"], "feeds": feeds, "fields": fields, "tlp": tlp,
                 "events": len({(r["src_file"], r["src_line"]) for r in rows})}
        ids = sorted({r["indicator_id"] for r in rows})
        if warning:
            extra |= {"suppressed_by": warning, "would_be": rule.id}
            out.append(Finding.from_rule(
                IOC_SUPPRESSED, device=device or None, key=f"{value} (MISP warning list {warning})",
                evidence=evidence, first_seen=first, last_seen=last, attack=attack, actors=actors, references=ids,
                description=str(first_row["label"] or ""), extra=extra))
            continue
        out.append(Finding.from_rule(
            rule, device=device or None, key=value, evidence=evidence, first_seen=first, last_seen=last,
            attack=attack, actors=actors, references=ids, description=str(first_row["label"] or ""), extra=extra,
        ))
    return out
