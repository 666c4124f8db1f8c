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

``title`` is what a FAILed check *observed* ("Smart Install client enabled (vstack)"), ``title_key`` the same
with a ``{key}`` the result may name (``failed(..., key=...)``); ``requirement`` is what the guidance asks for
("Smart Install disabled (no vstack)"). ``meta`` gives all of it as the :class:`RuleMeta` every family shares.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from carrierwatch.configs.mask import mask_secrets
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import AuditStatus, Category, RuleMeta, Severity
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
    #: What the finding is about, for the check's ``title_key`` (an address, a port list); None = whole device.
    key: str | None = None
    #: Values the remediation's ``<placeholders>`` take (e.g. ``{"address": ["198.51.100.23"]}``).
    values: dict[str, str | list[str]] = field(default_factory=dict)


class Check(ABC):
    """Subclass, set the class attributes, implement ``test``; register with ``@register``."""

    id: ClassVar[str] = ""
    title: ClassVar[str] = ""  # the observation when the check fails
    title_key: ClassVar[str] = ""  # the observation with a {key} the result names
    requirement: ClassVar[str] = ""  # what the guidance requires
    severity: ClassVar[Severity] = Severity.MEDIUM
    platforms: ClassVar[tuple[str, ...]] = ("ios", "ios-xe")
    references: ClassVar[tuple[str, ...]] = ()
    attack: ClassVar[tuple[str, ...]] = ()
    rationale: ClassVar[str] = ""
    remediation: ClassVar[dict[str, str]] = {}
    sources: ClassVar[tuple[str, ...]] = ()  # vendor documentation URLs the syntax was checked against
    category: ClassVar[Category] = Category.AUDIT
    key_name: ClassVar[str] = "key"  # the remediation placeholder the result's key fills
    tunables: ClassVar[tuple[str, ...]] = ()  # workspace settings the check reads (see RuleMeta)
    concepts: ClassVar[tuple[str, ...]] = ()

    @property
    def meta(self) -> RuleMeta:
        """The check as the rule metadata every family shares (built once per class)."""
        return check_meta(type(self))

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


@functools.cache
def check_meta(cls: type[Check]) -> RuleMeta:
    """``cls``'s class attributes as a :class:`RuleMeta` (the IOS XE text is the generic remediation)."""
    generic = cls.remediation.get("ios-xe") or next(iter(cls.remediation.values()), "")
    return RuleMeta(
        id=cls.id, title=cls.title, title_key=cls.title_key, requirement=cls.requirement, severity=cls.severity,
        category=cls.category, family="li-config" if cls.__module__.startswith("carrierwatch.li.") else "audit-check",
        attack=tuple(cls.attack), references=tuple(cls.references), remediation=generic,
        platform_remediation=tuple(cls.remediation.items()), rationale=cls.rationale, sources=tuple(cls.sources),
        key_name=cls.key_name, tunables=tuple(cls.tunables), concepts=tuple(cls.concepts),
    )


@functools.lru_cache(maxsize=256)
def _covers(platforms: tuple[str, ...]) -> str:
    return f"check covers {', '.join(platforms)}"


def passed(msg: str, lines: Iterable[int | None] = ()) -> CheckResult:
    return CheckResult(AuditStatus.PASS, msg, [ln for ln in lines if ln])


def failed(msg: str, lines: Iterable[int | None] = (), *, key: str | None = None,
           values: dict[str, str | list[str]] | None = None) -> CheckResult:
    """A FAIL: ``key`` names what was found for the check's ``title_key``; ``values`` fill its remediation."""
    return CheckResult(AuditStatus.FAIL, msg, sorted({ln for ln in lines if ln}), key, dict(values or {}))


def manual(msg: str, lines: Iterable[int | None] = ()) -> CheckResult:
    return CheckResult(AuditStatus.MANUAL, msg, [ln for ln in lines if ln])


def not_applicable(msg: str) -> CheckResult:
    return CheckResult(AuditStatus.NOT_APPLICABLE, msg)


def evidence_text(device: DeviceConfig, line: int) -> str:
    """The masked text of a config line: the only form in which config text leaves the audit."""
    return mask_secrets(device.line_text(line).strip())
