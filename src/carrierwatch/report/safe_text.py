"""Make attacker-controlled text safe to show on a terminal or to write as UTF-8.

Why: finding titles, device names, paths and rejection reasons can come straight from hostile input
(a syslog hostname, a URL from an exploit attempt). Printed raw, ANSI/OSC escape sequences could
rewrite the analyst's terminal or hide lines, bidi overrides (U+202E, "Trojan Source",
CVE-2021-42574) could reorder what is shown, and lone surrogates (from bytes decoded with
``surrogateescape``) would crash the UTF-8 encoder. Such characters are shown as visible escapes
(``\\x1b``, ``\\u202e``) instead: the analyst still sees that they were there.
"""

from __future__ import annotations

import unicodedata

# Cc control, Cf format (bidi overrides, zero-width), Cs surrogate, Zl/Zp line/paragraph separators
_UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _escape(ch: str) -> str:
    cp = ord(ch)
    if cp <= 0xFF:
        return f"\\x{cp:02x}"
    if cp <= 0xFFFF:
        return f"\\u{cp:04x}"
    return f"\\U{cp:08x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control/format/surrogate/separator character replaced by a visible escape."""
    if text.isprintable():  # fast path: the common case has nothing to escape
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in _UNSAFE else ch for ch in text)


def encodable(text: str, encoding: str = "utf-8") -> str:
    """``text`` that ``encoding`` can encode: unencodable characters (lone surrogates) become escapes."""
    return text.encode(encoding, "backslashreplace").decode(encoding)
