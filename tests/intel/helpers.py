"""Shared helpers for the intel tests: fixture paths and a stable, comparable view of indicators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from carrierwatch.findings import InputAccount
from carrierwatch.intel.indicators import Indicator

FIX = Path(__file__).parent / "fixtures"


def view(items: list[Indicator]) -> list[dict[str, Any]]:
    """What a fixture pair pins down: typed value, links, TLP, grouping (not volatile paths)."""
    rows = [{"id": i.id, "kind": i.kind, "value": i.value, "tlp": i.tlp, "attack": i.attack, "malware": i.malware,
             "actors": i.actors, "group_size": i.group_size, "grouped": bool(i.group), "warning": i.warning,
             "description": i.description} for i in items]
    return sorted(rows, key=lambda r: (r["id"], r["kind"], r["value"]))


def account_view(acc: InputAccount) -> dict[str, Any]:
    assert acc.balanced
    return {"records": acc.records, "accepted": acc.accepted, "rejected": acc.rejected, "reasons": acc.reasons,
            "error": acc.error}


def expected(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))
