"""ATT&CK techniques seen in a run, with names and tactics, for the table and HTML outputs.

Why a separate module: both renderers need the same "id, name, tactic, count" rows, and names must
come from the shipped ATT&CK table (``carrierwatch.intel.attack``) rather than from whatever each
producer typed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from carrierwatch.findings import Finding
from carrierwatch.intel import attack


@dataclass(frozen=True)
class TechniqueSeen:
    id: str
    name: str  # "" when the id is not in ATT&CK v18.1 (a typo or a newer id)
    tactics: tuple[str, ...]  # human tactic names
    findings: int  # findings that carry this technique
    devices: int  # distinct devices among them
    url: str


def techniques_seen(findings: list[Finding]) -> list[TechniqueSeen]:
    """One row per technique id carried by any finding, most findings first, then by id."""
    counts: Counter[str] = Counter()
    devices: dict[str, set[str]] = {}
    for f in findings:
        for raw in set(f.attack):
            tid = attack.normalise_tid(raw)
            counts[tid] += 1
            if f.device:
                devices.setdefault(tid, set()).add(f.device)
    rows = []
    for tid, n in counts.items():
        tech = attack.technique(tid)
        rows.append(
            TechniqueSeen(
                id=tid,
                name=attack.technique_name(tid),
                tactics=tuple(attack.tactic_names(tid)),
                findings=n,
                devices=len(devices.get(tid, ())),
                url=tech.url if tech else "",
            )
        )
    return sorted(rows, key=lambda r: (-r.findings, r.id))
