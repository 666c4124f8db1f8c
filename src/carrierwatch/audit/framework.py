"""The audit check framework (ANTA lesson): a check is a small class with metadata and one ``test``.

``Check.run`` wraps ``test`` with the rules every check shares, so no check re-implements them:

* the device is on a platform the check does not cover -> NOT_APPLICABLE;
* the config did not parse (``parse_status == "failed"``) -> ERROR ("could not parse" is kept apart
  from "check failed");
* an exception inside ``test`` -> ERROR with the exception text (a bug, never a silent pass).

A check that needs knowledge the config cannot show returns MANUAL. ``references`` are guidance ids
explained in docs/guidance.md (EVH-*, HUNT-*, LI-*); ``sources`` are the vendor pages the syntax was checked
against; ``remediation`` gives exact commands per platform, each in that platform's own syntax
(``remediation_for`` never falls back to another platform's commands).
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from carrierwatch.configs.mask import mask_secrets
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import AuditStatus, Severity
from carrierwatch.workspace import Allowlists, HuntSettings

# IOS and IOS XE share their configuration syntax: a remediation text written for one is valid on the other
IOS_FAMILY = ("ios-xe", "ios")
PLATFORM_NAMES = {
    "ios": "IOS", "ios-xe": "IOS XE", "nx-os": "NX-OS", "ios-xr": "IOS XR", "eos": "EOS", "junos": "Junos",
}


@dataclass
class AuditContext:
    """What a check may know beyond the config: the workspace allow-lists and hunt tunables."""

    allowlists: Allowlists = field(default_factory=Allowlists)
    hunt: HuntSettings = field(default_factory=HuntSettings)


@dataclass
class CheckResult:
    status: AuditStatus
    message: str
    evidence_lines: list[int] = field(default_factory=list)


class Check(ABC):
    """Subclass, set the class attributes, implement ``test``; register with ``@register``."""

    id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.MEDIUM
    platforms: ClassVar[tuple[str, ...]] = ("ios", "ios-xe")
    references: ClassVar[tuple[str, ...]] = ()
    attack: ClassVar[tuple[str, ...]] = ()
    rationale: ClassVar[str] = ""
    remediation: ClassVar[dict[str, str]] = {}
    sources: ClassVar[tuple[str, ...]] = ()  # vendor documentation URLs the syntax was checked against

    @abstractmethod
    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        """Judge one device: a status, a message and the config lines that show it."""

    def run(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        if device.parse_status == "failed":
            return CheckResult(AuditStatus.ERROR, f"config could not be parsed: {device.parse_reason}")
        if device.os not in self.platforms:
            return CheckResult(AuditStatus.NOT_APPLICABLE, _covers(self.platforms))
        try:
            return self.test(device, ctx)
        except Exception as exc:  # a check bug must show, never pass silently
            return CheckResult(AuditStatus.ERROR, f"check raised {type(exc).__name__}: {exc}")

    def remediation_for(self, os_name: str) -> str:
        """The remediation text in ``os_name``'s own syntax, never another platform's.

        IOS and IOS XE share one command language, so each may use the other's text. Any other platform
        without its own text gets an explicit sentence pointing at the rationale and the first source,
        instead of commands that would not parse on it.
        """
        text = self.remediation.get(os_name)
        if not text and os_name in IOS_FAMILY:
            text = next((self.remediation[p] for p in IOS_FAMILY if self.remediation.get(p)), "")
        if text:
            return text
        where = self.sources[0] if self.sources else "the vendor documentation"
        name = PLATFORM_NAMES.get(os_name, os_name)
        return f"No {name} command is shipped for this check; see the rationale and {where}."


@functools.lru_cache(maxsize=256)
def _covers(platforms: tuple[str, ...]) -> str:
    return f"check covers {', '.join(platforms)}"


def passed(msg: str, lines: Iterable[int | None] = ()) -> CheckResult:
    return CheckResult(AuditStatus.PASS, msg, [ln for ln in lines if ln])


def failed(msg: str, lines: Iterable[int | None] = ()) -> CheckResult:
    return CheckResult(AuditStatus.FAIL, msg, sorted({ln for ln in lines if ln}))


def manual(msg: str, lines: Iterable[int | None] = ()) -> CheckResult:
    return CheckResult(AuditStatus.MANUAL, msg, [ln for ln in lines if ln])


def not_applicable(msg: str) -> CheckResult:
    return CheckResult(AuditStatus.NOT_APPLICABLE, msg)


def evidence_text(device: DeviceConfig, line: int) -> str:
    """The masked text of a config line: the only form in which config text leaves the audit."""
    return mask_secrets(device.line_text(line).strip())
