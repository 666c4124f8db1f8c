"""Mask secrets in config lines before they are shown, stored as evidence, or shared.

Rule (docs/json-output.md, `evidence.text`): password hashes, SNMP communities, TACACS+/RADIUS keys, IKE PSKs and
routing-protocol keys are never printed. ``mask_secrets`` replaces the secret token of a line with
``<masked>`` and keeps everything else (keyword, type digit, addresses) so the evidence still says
*what* is wrong (``username x secret 5 <masked>``). It works on one line at a time and errs on the
side of masking too much. A Type 7 string is never decoded anywhere in carrierwatch.

``mask_value`` is the model's form of a secret: first character + length, enough to tell two
communities apart in a report without revealing them.
"""

from __future__ import annotations

import functools
import re

MASK = "<masked>"

_SECRET = r'("[^"]*"|\S+)'
# Tokens that may sit between a keyword and the secret: a type digit, a hash name, a privilege level.
_PREFIX = (
    r"(?:(?:sha512|sha256|sha1|md5|sha|local|remote|hash|encrypted|unencrypted|level\s+\d+|\d{1,2})\s+)*"
)

_PATTERNS: list[re.Pattern[str]] = [
    # secret / password / key-string / authentication keys, any platform
    re.compile(
        r"(?<![\w-])(?:secret|password|encrypted-password|key-string|authentication-key|"
        r"message-digest-key\s+\d+|pre-shared-key|passphrase|simple-password|shared-secret)\s+"
        + _PREFIX
        + r"(?!(?:encryption|address|hostname|level|required)\b)"
        + _SECRET,
        re.IGNORECASE,
    ),
    # TACACS+/RADIUS/ISAKMP ``key [0|6|7] SECRET`` (not key chain / key ids of NTP)
    re.compile(
        r"(?<![\w-])key\s+(?!(?:chain|config-key|generate|zeroize|storage|import|export|pubkey|id)\b)"
        r"(?:(?:0|6|7)\s+)?" + _SECRET,
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\w-])config-key\s+password-encrypt\s+" + _SECRET, re.IGNORECASE),
    # SNMP communities: IOS/NX-OS/EOS/XR and Junos (set and curly forms)
    re.compile(r"(?<![\w-])snmp-server\s+community\s+" + _SECRET, re.IGNORECASE),
    re.compile(r"(?<![\w-])snmp\s+community\s+" + _SECRET, re.IGNORECASE),
    re.compile(r"^\s*community\s+" + _SECRET + r"(?=\s*(?:\{|;|$|\s+authorization))", re.IGNORECASE),
    # Community (or v3 user) given on a trap host line
    re.compile(
        r"(?<![\w-])snmp-server\s+host\s+\S+\s+(?:(?:informs|traps)\s+)?"
        r"(?:version\s+(?:1|2c|3\s+(?:auth|noauth|priv))\s+)?(?:vrf\s+\S+\s+)?"
        r"(?!(?:version|informs|traps|vrf|use-vrf)\b)" + _SECRET,
        re.IGNORECASE,
    ),
    # SNMPv3 user auth/priv passwords (IOS: ``auth sha X priv aes 256 Y``; NX-OS: ``auth md5 0x..``)
    re.compile(r"(?<![\w-])auth\s+(?:md5|sha\S*)\s+" + _SECRET, re.IGNORECASE),
    re.compile(
        r"(?<![\w-])priv\s+(?:(?:3des|des|aes(?:-?\d+)?)(?:\s+\d{3})?\s+" + _SECRET + r"|(0x[0-9a-f]+))",
        re.IGNORECASE,
    ),
]

_NTP_SERVER = re.compile(r"^\s*(?:set\s+system\s+)?ntp\s+(?:server|peer)\b", re.IGNORECASE)


def mask_value(secret: str) -> str:
    """Model form of a secret: first character and length (``p***[6]``), never the secret itself."""
    s = secret.strip().strip('"')
    if not s:
        return "***[0]"
    return f"{s[0]}***[{len(s)}]"


def _repl(m: re.Match[str]) -> str:
    out = m.group(0)
    # replace every captured secret group (right to left so offsets stay valid)
    spans = [
        (m.start(g) - m.start(0), m.end(g) - m.start(0))
        for g in range(1, (m.lastindex or 0) + 1)
        if m.group(g) is not None
    ]
    for a, b in sorted(spans, reverse=True):
        out = out[:a] + MASK + out[b:]
    return out


def _sub(pattern: re.Pattern[str], line: str) -> str:
    return pattern.sub(_repl, line)


# Per pattern of _PATTERNS, words one of which its (case-insensitive) match always contains. On an ASCII
# line, case-insensitive means ASCII case, so a pattern none of whose words is in the lower-cased line
# cannot match it; masking only ever removes text, so it cannot bring a word in either.
_NEEDS: list[tuple[str, ...]] = [
    ("secret", "password", "key", "passphrase"),
    ("key",),
    ("config-key",),
    ("community",),
    ("community",),
    ("community",),
    ("host",),
    ("auth",),
    ("priv",),
]


def mask_secrets(line: str) -> str:
    """Return ``line`` with every secret token replaced by ``<masked>``; idempotent."""
    return _mask_secrets(line)


@functools.lru_cache(maxsize=16384)  # evidence lines repeat across a fleet (same templates, same servers)
def _mask_secrets(line: str) -> str:
    low = line.lower() if line.isascii() else None
    out = line
    for i, pat in enumerate(_PATTERNS):
        if low is not None and not any(map(low.__contains__, _NEEDS[i])):
            continue
        if i == 1 and _NTP_SERVER.match(out):
            continue  # ``ntp server X key 1``: 1 is a key id, not a secret
        out = _sub(pat, out)
    return out
