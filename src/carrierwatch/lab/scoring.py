"""Score a run's findings against a lab's ``truth.json``.

A planted action is detected when at least one finding has an evidence record whose (source, line)
equals one of the action's evidence records. Paths are compared by suffix, on whole path components:
a finding may cite ``/tmp/lab/syslog/messages-2026-11-16.log`` or ``lab/syslog/...`` for the truth's
``syslog/messages-2026-11-16.log``. A false positive is a non-audit finding (category not ``audit`` or
``vulnerability``: those describe configuration state, which the truth does not enumerate) none of
whose evidence matches any planted action's evidence.

recall = detected / planted (1.0 when nothing was planted).
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from carrierwatch.findings import CONFIG_CATEGORIES

_AUDIT = tuple(c.value for c in CONFIG_CATEGORIES)
_SEVERITIES = ("critical", "high", "medium", "low", "info")


def _parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in PurePosixPath(path.replace("\\", "/")).parts if p not in ("/", "."))


def paths_match(a: str, b: str) -> bool:
    """True when one path ends with the other (compared component by component)."""
    pa, pb = _parts(a), _parts(b)
    if not pa or not pb:
        return False
    n = min(len(pa), len(pb))
    return pa[-n:] == pb[-n:]


def _rel(source: str, root: Path | None) -> str:
    if root is None:
        return source
    try:
        return str(PurePosixPath(Path(source).resolve().relative_to(root.resolve()).as_posix()))
    except (ValueError, OSError):
        return source


def score(
    findings: list[dict[str, Any]], truth: dict[str, Any], *, findings_root: Path | None = None
) -> dict[str, Any]:
    """Recall per planted action, severity counts and false positives (see module docstring)."""
    # index truth evidence by line number for speed; verify path by suffix
    by_line: dict[int, list[tuple[str, int]]] = {}
    actions = truth.get("actions") or []
    for i, act in enumerate(actions):
        for ev in act.get("evidence") or []:
            by_line.setdefault(int(ev["line"]), []).append((str(ev["source"]), i))
    hits: dict[int, list[str]] = {i: [] for i in range(len(actions))}
    by_sev = {s: 0 for s in _SEVERITIES}
    false_positives: list[dict[str, Any]] = []
    above_low = 0
    for f in findings:
        sev = str(f.get("severity") or "info").lower()
        by_sev[sev] = by_sev.get(sev, 0) + 1
        if sev in ("medium", "high", "critical"):
            above_low += 1
        matched = False
        for ev in f.get("evidence") or []:
            line = ev.get("line")
            src = ev.get("source")
            if line is None or src is None:
                continue
            src = _rel(str(src), findings_root)
            for tsrc, idx in by_line.get(int(line), ()):
                if paths_match(src, tsrc):
                    matched = True
                    rid = str(f.get("rule_id") or "?")
                    if rid not in hits[idx]:
                        hits[idx].append(rid)
        if not matched and str(f.get("category") or "") not in _AUDIT:
            false_positives.append(
                {
                    "id": f.get("id"),
                    "rule_id": f.get("rule_id"),
                    "device": f.get("device"),
                    "severity": sev,
                    "title": f.get("title"),
                    "evidence": [
                        {"source": e.get("source"), "line": e.get("line")}
                        for e in (f.get("evidence") or [])[:3]
                    ],
                }
            )
    out_actions = [
        {
            "id": a.get("id"),
            "device": a.get("device"),
            "attack": list(a.get("attack") or []),
            "detected": bool(hits[i]),
            "by": sorted(hits[i]),
        }
        for i, a in enumerate(actions)
    ]
    detected = sum(1 for a in out_actions if a["detected"])
    planted = len(out_actions)
    return {
        "scenario": truth.get("scenario"),
        "seed": truth.get("seed"),
        "actions": out_actions,
        "recall": detected / planted if planted else 1.0,
        "detected": detected,
        "planted": planted,
        "findings_by_severity": by_sev,
        "findings_above_low": above_low,
        "false_positives": false_positives,
    }


def score_files(findings_json: Path, truth_json: Path) -> dict[str, Any]:
    """Score a ``--format json`` run output (``{"findings": [...]}`` or a bare list) against a truth file.

    Relative evidence paths in the findings are taken relative to the findings file's folder only for
    suffix matching; absolute ones are matched by suffix as they are.
    """
    data = json.loads(Path(findings_json).read_text(encoding="utf-8"))
    truth = json.loads(Path(truth_json).read_text(encoding="utf-8"))
    if _is_truth(data) and not _is_truth(truth):
        raise ValueError(f"the arguments are the wrong way round: {findings_json} is a lab truth file and "
                         f"{truth_json} is not (usage: lab score FINDINGS.json TRUTH.json)")
    if not _is_truth(truth):
        raise ValueError(f"{truth_json} is not a lab truth file (no \"scenario\" and \"actions\"; "
                         "`lab generate` writes truth.json)")
    if isinstance(data, dict) and "findings" not in data:
        raise ValueError(f"{findings_json} is not a findings file (no \"findings\" list; write one with "
                         "`hunt --format json -o FILE`)")
    findings = data.get("findings", []) if isinstance(data, dict) else data
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        raise ValueError(f"{findings_json}: \"findings\" must be a list of finding objects")
    return score(list(findings), truth)


def _is_truth(data: object) -> bool:
    return isinstance(data, dict) and "actions" in data and "scenario" in data
