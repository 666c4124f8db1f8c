"""The lawful-intercept leg of a hunt: gather X1 trails and warrant registers, then run the LI-* checks.

One reader per LI kind (each a row of ``app/intake.py``'s registry). The target-hashing key is the workspace's
(``li_privacy``): it is created only when LI input is actually present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carrierwatch.findings import Finding, InputAccount
from carrierwatch.li.privacy import TargetHasher
from carrierwatch.li.rules import run_li_checks
from carrierwatch.li.warrants import Warrant, read_warrants
from carrierwatch.li.x1 import X1Event, read_x1_jsonl, read_x1_xml
from carrierwatch.workspace import Workspace


@dataclass
class LiInputs:
    events: list[X1Event] = field(default_factory=list)
    warrants: list[Warrant] = field(default_factory=list)
    registers: int = 0
    hasher: TargetHasher | None = None


def _hasher(li: LiInputs, acc: InputAccount, ws_root: Path) -> TargetHasher | None:
    """The workspace's target-hashing key, opened once, when the first LI file is read."""
    if li.hasher is None:
        try:
            li.hasher = TargetHasher.for_workspace(ws_root)
        except (OSError, ValueError) as exc:
            acc.error = f"cannot open the LI target key in the workspace: {exc}"
    return li.hasher


def read_x1_xml_input(path: Path, acc: InputAccount, li: LiInputs, ws_root: Path, *,
                      display: str | None = None) -> None:
    """One X1 XML trail into ``li`` (targets are tokenised as they are read)."""
    hasher = _hasher(li, acc, ws_root)
    if hasher is not None:
        li.events += read_x1_xml(path, acc, hasher, display_path=display)


def read_x1_jsonl_input(path: Path, acc: InputAccount, li: LiInputs, ws_root: Path, *,
                        display: str | None = None) -> None:
    """One X1 JSON-lines trail into ``li``."""
    hasher = _hasher(li, acc, ws_root)
    if hasher is not None:
        li.events += read_x1_jsonl(path, acc, hasher, display_path=display)


def read_warrant_input(path: Path, acc: InputAccount, li: LiInputs, ws_root: Path, *,
                       display: str | None = None) -> None:
    """One warrant register into ``li`` (its presence turns the warrant checks on)."""
    hasher = _hasher(li, acc, ws_root)
    if hasher is not None:
        li.warrants += read_warrants(path, acc, hasher, display_path=display)
        li.registers += 1


def li_findings(li: LiInputs, ws: Workspace) -> list[Finding]:
    """LI-* findings; warrant checks run only when a register was given (no register is not "no warrant")."""
    if not li.events:
        return []
    return run_li_checks(li.events, li.warrants, allow=ws.config.allowlists, windows=ws.config.change_windows,
                         have_register=li.registers > 0)
