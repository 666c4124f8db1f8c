"""The lawful-intercept leg of a hunt: gather X1 trails and warrant registers, then run the LI-* checks.

Kept out of ``pipeline.py`` so that the hook there stays three lines. The target-hashing key is the
workspace's (``li_privacy``): it is created only when LI input is actually present.
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

LI_KINDS = ("x1-xml", "x1-jsonl", "warrant-register")


@dataclass
class LiInputs:
    events: list[X1Event] = field(default_factory=list)
    warrants: list[Warrant] = field(default_factory=list)
    registers: int = 0
    hasher: TargetHasher | None = None


def read_li_input(path: Path, kind: str, acc: InputAccount, li: LiInputs, ws_root: Path, *,
                  display: str | None = None) -> None:
    """Read one LI file into ``li`` (targets are tokenised as they are read)."""
    if li.hasher is None:
        try:
            li.hasher = TargetHasher.for_workspace(ws_root)
        except (OSError, ValueError) as exc:
            acc.error = f"cannot open the LI target key in the workspace: {exc}"
            return
    if kind == "x1-xml":
        li.events += read_x1_xml(path, acc, li.hasher, display_path=display)
    elif kind == "x1-jsonl":
        li.events += read_x1_jsonl(path, acc, li.hasher, display_path=display)
    elif kind == "warrant-register":
        li.warrants += read_warrants(path, acc, li.hasher, display_path=display)
        li.registers += 1


def li_findings(li: LiInputs, ws: Workspace) -> list[Finding]:
    """LI-* findings; warrant checks run only when a register was given (no register is not "no warrant")."""
    if not li.events:
        return []
    return run_li_checks(li.events, li.warrants, allow=ws.config.allowlists, windows=ws.config.change_windows,
                         have_register=li.registers > 0)
