"""Self-contained HTML report: one file an analyst can open offline, mail, or attach to a ticket.

Why it is built this way:

* One file, no CDN, fonts or images: the report is read on air-gapped SOC machines and must not
  phone home (opening it must not tell anyone it was opened).
* Jinja2 with autoescape on: finding text holds attacker-controlled strings (log lines, config
  lines, URLs from exploit attempts), so every value is HTML-escaped. As a second wall, a
  Content-Security-Policy ``<meta>`` allows only the one inline script whose sha256 we computed,
  so even an escaping bug could not run an injected ``<script>``; ``default-src 'none'`` blocks
  every network fetch.
* URLs (references, ATT&CK) are shown as text, never as links or resources.
* The context is built here in Python (plain dicts and lists) and the template only lays it out.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from carrierwatch.findings import Finding, RunResult, sort_findings
from carrierwatch.intel.attack import source_info, technique_name

from .attack_summary import techniques_seen
from .html_extras import extra_section, posture_rows
from .severity_style import HTML_COLOUR, SEVERITIES_DESC

MAX_EVIDENCE_PER_FINDING = 100  # the JSON output keeps them all; the page stays readable
_TEMPLATE = "report.html.j2"
_NO_DEVICE = "(no device)"


def _read_template_file(name: str) -> str:
    return resources.files("carrierwatch.report").joinpath("templates", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """Built once: compiling the template costs ~30 ms, rendering it ~2 ms."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_read_template_file),
        autoescape=True,  # every {{ }} is escaped, whatever the file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _severity_bars(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    total = max(int(summary["findings"]), 1)
    rows = []
    for sev in SEVERITIES_DESC:
        n = int(summary["by_severity"].get(sev.value, 0))
        bg, fg = HTML_COLOUR[sev.value]
        rows.append(
            {"severity": sev.value, "count": n, "pct": round(100.0 * n / total, 1), "bg": bg, "fg": fg}
        )
    return rows


def _device_matrix(findings: list[Finding]) -> list[dict[str, Any]]:
    """Rows of device -> {severity: count}, worst devices first."""
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        row = counts.setdefault(f.device or _NO_DEVICE, {s.value: 0 for s in SEVERITIES_DESC})
        row[f.severity.value] += 1
    order = [s.value for s in SEVERITIES_DESC]

    def key(item: tuple[str, dict[str, int]]) -> tuple[Any, ...]:
        name, row = item
        return (*(-row[s] for s in order), name)

    return [
        {
            "device": name,
            "cells": [{"severity": s, "count": row[s]} for s in order],
            "total": sum(row.values()),
        }
        for name, row in sorted(counts.items(), key=key)
    ]


def _fmt_ts(ts: datetime | None) -> str:
    if ts is None:
        return ""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _finding_ctx(f: Finding, index: int) -> dict[str, Any]:
    d = f.to_dict()
    ev = f.evidence[:MAX_EVIDENCE_PER_FINDING]
    return {
        **d,
        "anchor": f"f{index}",
        "first_seen_h": _fmt_ts(f.first_seen),
        "last_seen_h": _fmt_ts(f.last_seen),
        "evidence": [
            {"where": e.source if e.line is None else f"{e.source}:{e.line}", "text": e.text} for e in ev
        ],
        "evidence_more": max(len(f.evidence) - len(ev), 0),
        "extra_json": json.dumps(d["extra"], indent=1, sort_keys=True, default=str) if d["extra"] else "",
    }


def _inputs_ctx(result: RunResult) -> list[dict[str, Any]]:
    return [
        {
            **acc.to_dict(),
            "reasons_sorted": sorted(acc.reasons.items(), key=lambda kv: (-kv[1], kv[0])),
            "samples_h": [f"line {s.get('line')}: {s.get('reason')}" for s in acc.samples[:5]],
        }
        for acc in result.inputs
    ]


def build_context(result: RunResult, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain data (handy for tests and for the web dashboard)."""
    findings = sort_findings(result.findings)
    summary = result.summary()
    extra = dict(extra or {})
    posture = posture_rows(extra.pop("posture", None))
    duration = ""
    if result.finished is not None:
        duration = f"{(result.finished - result.started).total_seconds():.1f} s"
    return {
        "summary": summary,
        "duration": duration,
        "severity_bars": _severity_bars(summary),
        "severities": [s.value for s in SEVERITIES_DESC],
        "colours": HTML_COLOUR,
        "device_matrix": _device_matrix(findings),
        "techniques": [t.__dict__ for t in techniques_seen(findings)],
        "technique_names": {tid: technique_name(tid) for tid in summary["attack_techniques"]},
        "findings": [_finding_ctx(f, i) for i, f in enumerate(findings, 1)],
        "inputs": _inputs_ctx(result),
        "posture": posture,
        "extra_sections": [extra_section(k, v) for k, v in extra.items()],
        "attack_source": source_info(),
        "generated": _fmt_ts(datetime.now(UTC)),
        "max_evidence": MAX_EVIDENCE_PER_FINDING,
    }


def render_html(result: RunResult, extra: dict[str, Any] | None = None) -> str:
    """The whole report as one HTML string (UTF-8, no external resources)."""
    script = _read_template_file("report.js")
    css = _read_template_file("report.css")
    ctx = build_context(result, extra)
    env = _environment()
    return env.get_template(_TEMPLATE).render(
        **ctx,
        script=Markup(script),
        css=Markup(css),
        script_hash=_csp_hash(script),
    )
