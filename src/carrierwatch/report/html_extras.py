"""Optional HTML report sections from ``extra``: audit posture per device, lab score, anything else.

Why generic: producers (audit, lab, demo) add context the report should show, and their shapes
evolve faster than this module. So any JSON-like value is laid out as key/value tables and data
tables without this module knowing its schema; only ``posture`` gets a purpose-built table (score
bars), and a few column names get a meaning (``detected`` true/false, ``by`` empty = missed).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

_DETECTED_COLUMNS = {"detected", "found", "hit", "matched"}
_DETECTED_BY_COLUMNS = {"by", "detected_by", "detected by", "found_by", "rules"}
#: nicer titles for the extras carrierwatch's own producers send
_TITLES = {
    "score": "Lab score: planted actions detected / missed",
    "lab_score": "Lab score: planted actions detected / missed",
}
_MAX_DEPTH = 3  # deeper than this, a value is shown as compact JSON


def _label(key: Any) -> str:
    return str(key).replace("_", " ").strip()


def cell(column: str, value: Any) -> dict[str, str]:
    """A table cell: display text plus a CSS class (``ok``/``bad`` for detection, ``num``, ``mono``)."""
    col = column.lower()
    if isinstance(value, bool):
        if col in _DETECTED_COLUMNS:
            return {"text": "detected" if value else "missed", "cls": "ok" if value else "bad"}
        return {"text": "yes" if value else "no", "cls": "ok" if value else "bad"}
    if col in _DETECTED_BY_COLUMNS and isinstance(value, list | tuple):
        if not value:
            return {"text": "missed", "cls": "bad"}
        return {"text": ", ".join(str(v) for v in value), "cls": "ok"}
    if value is None:
        return {"text": "", "cls": ""}
    if isinstance(value, float):
        return {"text": f"{value:.3g}", "cls": "num"}
    if isinstance(value, int):
        return {"text": str(value), "cls": "num"}
    if isinstance(value, list | tuple) and all(not isinstance(v, Mapping | list | tuple) for v in value):
        return {"text": ", ".join(str(v) for v in value), "cls": ""}
    if isinstance(value, Mapping | list | tuple):
        return {"text": json.dumps(value, sort_keys=True, default=str), "cls": "mono"}
    return {"text": str(value), "cls": ""}


def _table_block(
    title: str, rows: Sequence[Mapping[str, Any]], key_column: str | None = None
) -> dict[str, Any]:
    columns: list[str] = [key_column] if key_column else []
    for r in rows:
        for k in r:
            if str(k) not in columns:
                columns.append(str(k))
    return {
        "kind": "table",
        "title": title,
        "columns": columns,
        "rows": [[cell(c, r.get(c)) for c in columns] for r in rows],
    }


def _is_rows(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, Mapping) for x in v)


def _is_keyed_rows(v: Any) -> bool:
    return isinstance(v, Mapping) and bool(v) and all(isinstance(x, Mapping) for x in v.values())


def _blocks(title: str, value: Any, depth: int) -> list[dict[str, Any]]:
    """Scalars (and lists of scalars) of a mapping -> one key/value block; a list of mappings -> a
    table; a mapping of mappings -> a table keyed by name; any other nested mapping -> its own
    titled blocks, up to ``_MAX_DEPTH`` levels."""
    if _is_rows(value):
        return [_table_block(title, value)]
    if _is_keyed_rows(value):
        return [_table_block(title, [{"name": k, **v} for k, v in value.items()], key_column="name")]
    if not isinstance(value, Mapping):
        return [{"kind": "kv", "title": "", "rows": [(title, cell(title, value))]}]
    kv: list[tuple[str, dict[str, str]]] = []
    nested: list[dict[str, Any]] = []
    for k, v in value.items():
        sub = f"{title}: {_label(k)}" if title else _label(k)
        if depth < _MAX_DEPTH and (_is_rows(v) or _is_keyed_rows(v) or (isinstance(v, Mapping) and v)):
            nested.extend(_blocks(sub, v, depth + 1))
        else:
            kv.append((_label(k), cell(str(k), v)))
    head = [{"kind": "kv", "title": title if depth else "", "rows": kv}] if kv else []
    return head + nested


def extra_section(name: str, value: Any) -> dict[str, Any]:
    """One report section for ``extra[name]``: a title, an HTML anchor and its blocks."""
    title = _TITLES.get(name) or _label(name).replace("-", " ").capitalize()
    anchor = "x-" + "".join(c if c.isalnum() else "-" for c in name.lower())
    return {"title": title, "anchor": anchor, "blocks": _blocks("", value, 0)}


def posture_rows(posture: Any) -> list[dict[str, Any]]:
    """``[{"device", "os", "score", "failed", "passed"}]`` -> rows with a 0–100 score, worst first.

    ``score`` is read as a percentage; when every score is <= 1 it is taken as a fraction (a guess
    at what producers send, since both conventions exist). ``failed``/``passed`` may be counts or
    lists of check ids; lists are shown as counts with the ids underneath. Non-mapping rows are
    skipped."""
    if not isinstance(posture, list):
        return []
    items = [p for p in posture if isinstance(p, Mapping)]
    scores = [float(p["score"]) for p in items if _is_number(p.get("score"))]
    fraction = bool(scores) and all(0 <= s <= 1 for s in scores)
    rows = []
    for p in items:
        score = p.get("score")
        pct = None
        if isinstance(score, int | float) and not isinstance(score, bool):
            pct = max(0.0, min(100.0, float(score) * (100 if fraction else 1)))
        row: dict[str, Any] = {
            "device": str(p.get("device", "")),
            "os": str(p.get("os", "") or ""),
            "pct": pct,
            "band": score_band(pct),
        }
        for k in ("failed", "passed"):
            v = p.get(k)
            if isinstance(v, list | tuple):
                row[k], row[k + "_ids"] = len(v), ", ".join(str(x) for x in v)
            else:
                row[k], row[k + "_ids"] = (v if v is not None else ""), ""
        rows.append(row)
    return sorted(rows, key=lambda r: (r["pct"] if r["pct"] is not None else 101.0, r["device"]))


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def score_band(pct: float | None) -> str:
    """Colour band for a posture score (thresholds are a guess, not from the guidance)."""
    if pct is None:
        return "info"
    if pct < 50:
        return "critical"
    if pct < 70:
        return "high"
    if pct < 85:
        return "medium"
    return "low"
