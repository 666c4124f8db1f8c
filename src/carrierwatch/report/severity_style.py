"""One place for how each severity looks, so the terminal and the HTML report agree.

Colours follow the usual SOC convention (critical = deep red … info = grey); the hex values are
chosen to keep white/dark text readable on them (WCAG AA contrast checked by eye, a guess).
"""

from __future__ import annotations

from carrierwatch.findings import Severity

#: rich style per severity (terminal)
RICH_STYLE: dict[Severity, str] = {
    Severity.CRITICAL: "bold white on red3",
    Severity.HIGH: "bold red1",
    Severity.MEDIUM: "dark_orange",
    Severity.LOW: "yellow",
    Severity.INFO: "grey62",
}

#: background colour per severity (HTML), with the text colour that reads on it
HTML_COLOUR: dict[str, tuple[str, str]] = {
    "critical": ("#8b0000", "#ffffff"),
    "high": ("#d9342b", "#ffffff"),
    "medium": ("#f08c00", "#1a1a1a"),
    "low": ("#f5d000", "#1a1a1a"),
    "info": ("#8a94a6", "#ffffff"),
}

#: most severe first: the order every output lists severities in
SEVERITIES_DESC: list[Severity] = sorted(Severity, key=lambda s: -s.rank)
