"""Words both syslog parsers share: severity keywords and the warning stated for an unknown time zone.

Cisco severities are digits 0-7 in ``%FAC-SEV-MNEMONIC`` (Cisco IOS System Message Guide, "Message
Format"); a few products write the keyword instead (``%LINK-NOTICE-UPDOWN``: a guess from public samples,
mapped to the RFC 5424 table 2 numbers), and Kiwi Syslog Server files spell the level as a word
(``Local7.Notice``).
"""

from __future__ import annotations

#: RFC 5424 section 6.2.1 table 2 severities by keyword (and the spellings syslogd/Kiwi use)
SEVERITY_WORDS: dict[str, int] = {
    "EMERG": 0, "EMERGENCY": 0, "PANIC": 0, "ALERT": 1, "CRIT": 2, "CRITICAL": 2, "ERR": 3, "ERROR": 3,
    "WARN": 4, "WARNING": 4, "NOTICE": 5, "INFO": 6, "INFORMATIONAL": 6, "DEBUG": 7,
}  # fmt: skip


def severity(sev: str) -> int:
    """``"5"`` or ``"NOTICE"`` -> 5 (raises KeyError for another word: callers match a known one first)."""
    return int(sev) if sev.isdigit() else SEVERITY_WORDS[sev.upper()]


def zone_warning(zone: str, relay: bool) -> str:
    """The assumption made for a device timestamp whose zone name is ambiguous (CST, IST) or unknown."""
    used = "the collector's timestamp was used" if relay else "the device time was taken as UTC"
    return f'time zone "{zone[:12]}" is ambiguous or unknown: {used}'
