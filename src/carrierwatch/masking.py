"""The one secret masker: every evidence text, from every producer, goes through :func:`mask_evidence`.

Why one module at the bottom of the flow: a secret leaks through the producer nobody thought of. Config
evidence, TACACS+/RADIUS accounting commands (``cmd=snmp-server community …``) and syslog lines that echo a
command (``%PARSER-5-CFGLOG_LOGGEDCMD``) all carry the same secrets in the same syntaxes, so
:class:`~carrierwatch.findings.Evidence` masks its text when it is built, whoever builds it: nothing stored
(state DB) or printed (terminal, JSON, CSV, HTML) can hold an unmasked one (docs/json-output.md, `evidence.text`).

Secrets (:func:`mask_secrets`) are found by :data:`SYNTAXES`, a table of the secret-bearing command syntaxes
per protocol and platform (IOS/IOS XE, NX-OS, IOS XR, Junos in curly and ``set`` form, EOS). A row's secret
token becomes ``<masked>``; the keyword, the type digit, the addresses stay, so the evidence still says *what*
is wrong (``username x secret 5 <masked>``). Rows err on the side of masking too much. A Type 7 string is
never decoded anywhere in carrierwatch. Sources for the syntaxes: the vendors' command references (Cisco IOS
Security Command Reference, NX-OS Security Configuration Guide, IOS XR System Security Command Reference,
Junos CLI Reference "authentication-key", "pre-shared-key", "encrypted-password", Arista EOS User Manual
"secret"); the Junos ``## SECRET-DATA`` marker is what Junos itself writes after every secret in a curly
config.

Subscriber identifiers (:func:`mask_subscribers`): IMSI, IMEI/IMEISV/PEI, MSISDN/E.164 numbers and SUPI are
replaced by ``<kind:token>``, the token a keyed hash (HMAC-SHA256, key random per process, letters only) so a
report can still show that two lines name the same subscriber without naming them, and no guess of a number
can confirm one. The LI readers keep their own workspace-keyed tokeniser (``li/privacy.py``): target lists
must join across runs; evidence only within a report.

``mask_value`` is the model's form of a secret: first character + length, enough to tell two communities
apart in a report without revealing them. This module imports nothing from the package.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

MASK = "<masked>"

_SECRET = r'("[^"]*"|"[^"]*$|\S+?(?=;?(?:\s|$)))'  # a Junos statement's closing ``;`` is not the secret
#: Tokens that may sit between a keyword and the secret: a type digit, an encoding or hash name, a level.
_PREFIX = (
    r"(?:(?:sha512|sha256|sha1|md5|sha|hmac-md5|hmac-sha-?\d+|local|remote|hash|encrypted|unencrypted|clear|"
    r"ascii-text|hexadecimal|ascii|hex|text|password|level\s+\d+|type\s+[\w-]+|value|\d{1,2})\s+)*"
)
#: Words after a keyword that say the line is not giving a secret (``password encryption aes``)
_NOT_SECRET = (r"(?!(?:encryption|address|hostname|level|required|chain|key-chain|mode|option|policy|prompt|"
               r"strength|history|lifetime|send-lifetime|accept-lifetime)\b)")


@dataclass(frozen=True)
class Syntax:
    """One secret-bearing syntax: where it is written, for which protocol, the words a line must hold for it
    to match (a cheap pre-filter on the lower-cased line), and the regex whose groups are the secrets."""

    protocol: str
    platforms: tuple[str, ...]
    needs: tuple[str, ...]
    pattern: re.Pattern[str]
    example: str  # one real line, the secret spelled SECRET


ALL = ("ios", "nxos", "iosxr", "junos", "eos")
_KEYWORDS = (
    r"secret|password|encrypted-password|key-string|authentication-key|message-digest-key\s+\d+|pre-shared-key|"
    r"passphrase|simple-password|shared-secret|area-password|domain-password|lsp-password|hello-password|"
    r"chap-secret|pap-password|authentication-password|privacy-password|privacy-key|wpa-psk|set-key"
)


def _rx(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


#: The table, most specific rows first. ``example`` lines are documentation; the masking property test keeps
#: its own, larger table of canary lines (tests/configs/secret_syntaxes.py) so the two check each other.
SYNTAXES: tuple[Syntax, ...] = (
    Syntax("any keyword (users, enable, BGP/OSPF/IS-IS/LDP, NTP, key chains, IKE, SNMPv3, WPA)", ALL,
           ("secret", "password", "key", "passphrase", "psk"),
           _rx(r"(?<![\w-])(?:" + _KEYWORDS + r")\s+" + _PREFIX + _NOT_SECRET + _SECRET),
           "username admin privilege 15 secret 9 SECRET"),
    Syntax("AAA/IKE/IS-IS key", ALL, ("key",),
           _rx(r"(?<![\w-])key\s+(?!(?:chain|config-key|generate|zeroize|storage|import|export|pubkey|id|"
               r"rsa|ec|ed25519|label|source)\b)(?:(?:0|6|7|clear|encrypted)\s+)?" + _SECRET),
           "tacacs-server host 192.0.2.1 key 7 SECRET"),
    Syntax("config master key", ("ios",), ("config-key",),
           _rx(r"(?<![\w-])config-key\s+password-encrypt\s+" + _SECRET), "key config-key password-encrypt SECRET"),
    Syntax("HSRP/VRRP plain-text authentication", ("ios", "nxos", "iosxr", "eos"), ("authentication",),
           _rx(r"(?<![\w-])(?:(?:standby|vrrp|hsrp)\s+(?:\d+\s+)?(?:ipv[46]\s+)?)?authentication\s+text\s+"
               + _SECRET), "vrrp 1 authentication text SECRET"),
    Syntax("HSRP plain-text authentication (no keyword)", ("ios", "nxos"), ("standby",),
           _rx(r"(?<![\w-])standby\s+(?:\d+\s+)?authentication\s+(?!(?:md5|text|key-chain|key-string)\b)"
               + _SECRET), "standby 1 authentication SECRET"),
    Syntax("SNMP community", ALL, ("community",),
           _rx(r"(?<![\w-])(?:snmp-server|snmp)\s+community\s+(?:(?:0|6|7|clear|encrypted)\s+)?" + _SECRET),
           "snmp-server community SECRET RO 20"),
    Syntax("SNMP community (Junos curly)", ("junos",), ("community",),
           _rx(r"^\s*community\s+" + _SECRET + r"(?=\s*(?:\{|;|$|\s+authorization))"), "community SECRET {"),
    Syntax("SNMP trap host community", ("ios", "nxos", "iosxr", "eos"), ("host",),
           _rx(r"(?<![\w-])snmp-server\s+host\s+\S+\s+(?:(?:informs|traps|vrf\s+\S+|use-vrf\s+\S+|"
               r"version\s+(?:1|2c|3\s+(?:auth|noauth|priv)))\s+)*"
               r"(?!(?:version|informs|traps|vrf|use-vrf|udp-port)\b)" + _SECRET),
           "snmp-server host 192.0.2.9 vrf MGMT version 2c SECRET"),
    Syntax("SNMPv3 user auth password", ("ios", "nxos", "iosxr", "eos"), ("auth",),
           _rx(r"(?<![\w-])auth\s+(?:md5|sha\S*)\s+(?:(?:encrypted|clear)\s+)?" + _SECRET),
           "snmp-server user U G v3 auth sha SECRET priv aes 128 SECRET"),
    Syntax("SNMPv3 user priv password", ("ios", "nxos", "iosxr", "eos"), ("priv",),
           _rx(r"(?<![\w-])priv\s+(?:(?:3des|des|aes(?:-?\d+)?)(?:\s+\d{3})?\s+)?(?:(?:encrypted|clear)\s+)?"
               r"(?!(?:read|write|notify|access|context|match|3des|des|aes\S*)\b)" + _SECRET),
           "snmp-server user U G v3 auth sha SECRET priv aes 128 SECRET"),
    Syntax("HSRP authentication string alone on its line (IOS XR hsrp group)", ("iosxr",), ("authentication",),
           _rx(r"(?:^\s*|(?<=cmd=)|(?<=command:))authentication\s+(?!(?:md5|text|key-chain|keychain|key-string|mode|port-control|host-mode|"
               r"order|priority|periodic|timer|event|violation|open|control-direction|fallback|simple-password|"
               r"sha\S*|hmac\S*|type|ipsec|null|encrypted|clear|message-digest|algorithm|login|enable|dot1x|"
               r"mab|webauth|level-\d)\b)([^\s{;]+)(?=\s*$|\s+<cr>)"), "    authentication SECRET"),
    Syntax("Junos secret marker", ("junos",), ("secret-data",),
           _rx(r'("[^"]*"|[^\s;"]+)(?=\s*;\s*##\s*SECRET-DATA)'), '    secret "SECRET"; ## SECRET-DATA'),
)

_NTP_SERVER = re.compile(r"^\s*(?:set\s+system\s+)?ntp\s+(?:server|peer)\b", re.IGNORECASE)
_KEY_ROW = 1  # ``ntp server X key 1``: 1 is a key id, not a secret


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
        if m.group(g) is not None and m.group(g).strip('"')
    ]
    for a, b in sorted(spans, reverse=True):
        out = out[:a] + MASK + out[b:]
    return out


def mask_secrets(line: str) -> str:
    """Return ``line`` with every secret token replaced by ``<masked>``; idempotent."""
    return _mask_secrets(line)


@functools.lru_cache(maxsize=16384)  # evidence lines repeat across a fleet (same templates, same servers)
def _mask_secrets(line: str) -> str:
    # On an ASCII line, case-insensitive means ASCII case, so a row none of whose words is in the lower-cased
    # line cannot match it; masking only ever removes text, so it cannot bring a word in either.
    low = line.lower() if line.isascii() else None
    out = line
    for i, syn in enumerate(SYNTAXES):
        if low is not None and not any(map(low.__contains__, syn.needs)):
            continue
        if i == _KEY_ROW and _NTP_SERVER.match(out):
            continue
        out = syn.pattern.sub(_repl, out)
    return out


# -- subscriber identifiers -----------------------------------------------------------------------------
_KEY = secrets.token_bytes(32)
_SUBSCRIBER: tuple[tuple[str, re.Pattern[str]], ...] = (
    # keyword forms: ``imsi-001010123456789`` (SUPI), ``IMSI: …``, ``3GPP-IMSI = "…"``, ``msisdn=+49…``
    ("imsi", _rx(r"(?<![a-z])(?:supi[\s:=\"'-]*)?(?:imsi)[\s:=\"'-]*(\d{5,15})(?!\d)")),
    ("imei", _rx(r"(?<![a-z])(?:pei[\s:=\"'-]*)?(?:imeisv|imei)[\s:=\"'-]*(\d{14,16})(?!\d)")),
    ("supi", _rx(r"(?<![a-z])supi[\s:=\"'-]*(?:nai-)?([^\s\"',;<>]*@[^\s\"',;<>]+)")),
    ("msisdn", _rx(r"(?<![a-z])(?:msisdn|e164|calling-station-id|called-station-id|tel)[\s:=\"'-]*(\+?\d{6,15})"
                   r"(?![\d.:])")),
    # bare forms: an E.164 number with its plus; a 15-digit string (the length of an IMSI and an IMEI)
    ("msisdn", re.compile(r"(?<![\w.:/+-])(\+\d{10,15})(?![\w.:])")),
    ("imsi", re.compile(r"(?<![\w.:/$+-])(\d{15})(?![\w.:$])")),
)
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def subscriber_token(kind: str, value: str) -> str:
    digest = hmac.new(_KEY, f"{kind}:{value}".encode("utf-8", "backslashreplace"), hashlib.sha256).hexdigest()
    return f"<{kind}:{digest[:12].translate(_LETTERS)}>"


def mask_subscribers(text: str) -> str:
    """``text`` with every IMSI, IMEI, MSISDN and SUPI replaced by ``<kind:token>``; idempotent."""
    if not any(ch.isdigit() for ch in text) and "@" not in text:
        return text
    out = text
    for kind, pat in _SUBSCRIBER:
        def token(m: re.Match[str], kind: str = kind) -> str:
            whole, a, b = m.group(0), m.start(1) - m.start(0), m.end(1) - m.start(0)
            return whole[:a] + subscriber_token(kind, m.group(1)) + whole[b:]

        out = pat.sub(token, out)
    return out


@functools.lru_cache(maxsize=16384)
def mask_evidence(text: str) -> str:
    """Secrets masked and subscriber identifiers tokenised, line by line: what every evidence text goes through."""
    if "\n" in text:
        return "\n".join(mask_evidence(line) for line in text.split("\n"))
    return mask_subscribers(_mask_secrets(text))
