"""CSV output: one row per finding, for spreadsheets and ticketing imports.

Why these columns: they are the Finding JSON fields flattened; lists (ATT&CK ids, actors, references)
are joined with ``;`` and evidence is joined as ``source:line: text`` entries separated by `` | ``
so a row never spans records. Cells that a spreadsheet would run as a formula (leading ``=``, ``+``,
``-``, ``@``, tab, CR) get a leading apostrophe: finding text can carry attacker-controlled strings
(OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io

from carrierwatch.findings import Evidence, Finding, RunResult, sort_findings

COLUMNS = [
    "id",
    "severity",
    "category",
    "rule_id",
    "title",
    "device",
    "first_seen",
    "last_seen",
    "attack",
    "actors",
    "status",
    "evidence_count",
    "evidence",
    "remediation",
    "references",
    "description",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _evidence(items: list[Evidence]) -> str:
    parts = []
    for ev in items:
        where = ev.source if ev.line is None else f"{ev.source}:{ev.line}"
        parts.append(f"{where}: {ev.text}")
    return " | ".join(parts)


def finding_row(f: Finding) -> dict[str, str]:
    d = f.to_dict()
    row = {
        "id": d["id"],
        "severity": d["severity"],
        "category": d["category"],
        "rule_id": d["rule_id"],
        "title": d["title"],
        "device": d["device"] or "",
        "first_seen": d["first_seen"] or "",
        "last_seen": d["last_seen"] or "",
        "attack": ";".join(d["attack"]),
        "actors": ";".join(d["actors"]),
        "status": d["status"] or "",
        "evidence_count": str(len(f.evidence)),
        "evidence": _evidence(f.evidence),
        "remediation": d["remediation"],
        "references": ";".join(d["references"]),
        "description": d["description"],
    }
    return {k: _safe(v) for k, v in row.items()}


def render_csv(result: RunResult) -> str:
    """All findings, most severe first, with a header row; RFC 4180 quoting, ``\\r\\n`` line ends."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS)
    writer.writeheader()
    for f in sort_findings(result.findings):
        writer.writerow(finding_row(f))
    return buf.getvalue()
