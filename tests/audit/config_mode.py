"""A small emulator of configuration mode, used to paste a check's remediation text into a config.

It is NOT a device and NOT a parser of vendor CLI grammars: it applies only the few rules that the
remediation round trip (``test_remediation_roundtrip.py``) relies on, so that "the remediation text is a
command that works" can be tested without a router. What it does:

Placeholders
    ``<name>`` (any text between ``<`` and ``>``) is replaced from ``values``; a placeholder without a
    value raises ``MissingValue`` (a test error: nothing is ever left in silently).

Cisco family (``ios``, ``ios-xe``, ``nx-os``, ``ios-xr``, ``eos``), running config as an indentation tree
    * ``!`` lines are comments. Exec commands (``guestshell enable|disable|destroy``, ``crypto key
      generate ...``, ``commit``, ``copy``/``write``/``show``/``clear``/``end``/``exit``) are recorded in
      ``Session.exec_commands`` and never enter the config.
    * A non-indented command followed by indented lines is a *mode* command: it enters the matching
      stanza(s) or creates one at the end. ``line vty A B`` applies to every ``line vty`` stanza inside
      A..B (``line vty 0 15`` edits ``line vty 0 4`` and ``line vty 5 15``); only when the config shows
      none is ``line vty A B`` created. ``ip access-list standard|extended N`` with a number N edits the
      numbered ACL's global ``access-list N ...`` lines (IOS keeps showing a numbered ACL in that form).
      A stanza head that names the same object with other arguments (``crypto ipsec transform-set TS
      <transforms>``) is rewritten in place, as IOS does.
    * A non-indented command without indented lines is a global line; ``no <words>`` removes every
      global line / stanza whose words start with ``<words>`` (IOS ignores trailing arguments of a
      ``no`` command in that way). Features that are on by default (``cdp run``, ``ip source-route``,
      ``ip http server``, ``ip http secure-server``, ``vstack``, ``service pad``) are stored as
      ``no <cmd>`` in the running config, as IOS shows them.
    * An indented command applies inside the current mode(s): ``no <words>`` removes matching children;
      otherwise the command replaces a child with the same key (``KEYS``: e.g. ``transport input`` for
      ``transport input ssh``, ``exec-timeout`` for ``exec-timeout 10 0``, ``neighbor <ip> password``)
      or a child ``no <same command>`` (``shutdown`` replaces ``no shutdown``), then is appended.
    * Stored forms IOS and NX-OS write instead of what was typed: ``algorithm-type sha256|scrypt secret
      <pw>`` -> ``secret 8|9 <hash>``; NX-OS ``ssh key rsa <bits> force`` -> ``ssh key rsa <bits>`` (a
      configuration command on NX-OS, ``switch(config)# ssh key rsa 2048 force`` in the CIS NX-OS
      benchmark, unlike IOS ``crypto key generate``, which is kept out of the config).
    * Type 6 (IOS/IOS XE): once ``password encryption aes`` is configured (in the config or earlier in the
      pasted text), an AAA server key typed in clear (``key 0 <s>`` / ``key <s>`` inside ``tacacs server`` /
      ``radius server``, ``tacacs-server|radius-server host ... key [0] <s>``, ``tacacs-server|radius-server
      key [0] <s>``) is stored as ``key 6 <ciphertext>``, and entering ``password encryption aes`` converts
      the clear keys already in the config the same way. Keys given as type 7 or 6 are kept as typed. The
      master key (``key config-key password-encrypt <key>``) never enters the running config.
      Documented behaviour: "the primary key is used to encrypt any current or new keys in the router
      configuration", keys are not encrypted "until you issue the password encryption aes command" (Cisco,
      "Encrypt Pre-shared Keys in Cisco IOS Router Configuration Example",
      https://cisco.com/c/en/us/support/docs/security-vpn/ipsec-negotiation-ike-protocols/46420-pre-sh-keys-ios-rtr-cfg.html;
      "Encrypted Preshared Key": plain text passwords stored "in type 6 (encrypted) format",
      http://cisco.com/en/US/docs/ios-xml/ios/sec_conn_ikevpn/configuration/xe-3s/sec-encrypt-preshare.html).
    * Interface names: ``interface tunnel 9`` and ``interface Tunnel9`` name the same interface (type and
      number may be typed apart; case is ignored), as the parsers also read them.
    * A global line with a key in ``KEYS`` replaces the line with the same key (``ip ssh version 2``
      replaces ``ip ssh version 1``); anything else is added once.

Junos ``set`` form
    ``set <path>`` adds the statement (once); ``delete <path>`` removes every ``set`` line that starts
    with ``<path>`` word by word; ``commit`` is an exec command; ``#``/``!`` lines are comments.

Not modelled: VTY lines that exist on the device but not in the config (a ``line vty 0 15`` typed
against a config showing only ``line vty 0 4`` edits that stanza alone), command syntax validity (any
words are accepted, which is why the tests also re-parse and re-audit), confirmation prompts,
dependencies (removing an ACL still in use, a transform-set referenced by a crypto map, ``no feature
ssh`` dropping SSH sessions), Junos single-valued leaves that ``set`` overwrites (there is no schema:
``set`` adds), ``rollback``/``commit confirmed``, nested sub-modes deeper than one level in the typed
text, key generation and anything else exec mode does to the device state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CISCO_FAMILY = ("ios", "ios-xe", "nx-os", "ios-xr", "eos")
_PLACEHOLDER = re.compile(r"<([^<>\n]+)>")
_EXEC = re.compile(
    r"^(?:guestshell\s+(?:enable|disable|destroy)\b|crypto\s+key\s+generate\b|commit\b|copy\s|write\b|show\s"
    r"|clear\s|end$|exit$)",
    re.IGNORECASE,
)
# global features on by default: IOS shows them as ``no <cmd>`` when turned off
DEFAULT_ON = frozenset({"cdp run", "ip source-route", "ip http server", "ip http secure-server", "vstack",
                        "service pad"})
# sub-mode toggles shown in both forms (``shutdown`` / ``no shutdown``)
TOGGLES = frozenset({"shutdown"})
# command prefix -> number of leading words that identify "the same setting" (re-entering it replaces)
KEYS: dict[tuple[str, ...], int] = {
    # global
    ("hostname",): 1,
    ("ip", "ssh", "version"): 3,
    ("ip", "ssh", "dh", "min", "size"): 5,
    ("ip", "http", "port"): 3,
    ("ip", "http", "secure-port"): 3,
    ("ip", "http", "access-class"): 3,
    ("ip", "http", "secure-trustpoint"): 3,
    ("logging", "trap"): 2,
    ("logging", "host"): 3,
    ("service", "timestamps", "log"): 3,
    ("ntp", "server"): 3,
    ("ntp", "authentication-key"): 3,
    ("snmp-server", "community"): 3,
    ("snmp-server", "group"): 5,  # name + model + level: one group entry per security level
    ("snmp-server", "user"): 3,
    ("username",): 2,
    ("enable", "secret"): 2,
    ("enable", "password"): 2,
    ("key", "config-key", "password-encrypt"): 3,
    ("ssh", "key", "rsa"): 3,
    # inside a mode
    ("transport", "input"): 2,
    ("transport", "output"): 2,
    ("exec-timeout",): 1,
    ("password",): 1,
    ("address", "ipv4"): 2,
    ("key",): 1,
    ("path",): 1,
    ("encryption",): 1,
    ("integrity",): 1,
    ("prf",): 1,
    ("group",): 1,
    ("hash",): 1,
    ("mode",): 1,
    ("enrollment",): 1,
    ("neighbor",): 3,  # neighbor <ip> password|remote-as|...
    ("area",): 3,  # area <id> authentication
    ("ip", "ospf", "message-digest-key"): 4,
    ("protocol", "http"): 2,  # EOS eAPI: `protocol http[s] port N` re-entered replaces the port
    ("protocol", "https"): 2,
    ("nxapi", "https", "port"): 3,  # NX-OS: `nxapi https port N` re-entered replaces the port
}
# stanza heads that name an object by their first N words (the rest are arguments IOS rewrites)
HEAD_KEYS: dict[tuple[str, ...], int] = {
    ("crypto", "ipsec", "transform-set"): 4,
    ("interface",): 2,
}
_ALGO_SECRET = re.compile(r"\balgorithm-type\s+(sha256|scrypt)\s+secret\s+(?:0\s+)?(\S+)", re.IGNORECASE)
_NXOS_RSA = re.compile(r"^(ssh key rsa \d+)\s+force$", re.IGNORECASE)
_VTY = re.compile(r"^line\s+vty\s+(\d+)(?:\s+(\d+))?$", re.IGNORECASE)
_NUMBERED_ACL_MODE = re.compile(r"^ip\s+access-list\s+(?:standard|extended)\s+(\d+)$", re.IGNORECASE)
# AAA server keys typed in clear (no type, or type 0): stored as type 6 once `password encryption aes` is on
_CLEAR_SERVER_KEY = re.compile(r"^(\s*key\s+)(?:0\s+)?(\S+)$", re.IGNORECASE)
_CLEAR_LEGACY_KEY = re.compile(r"^((?:tacacs|radius)-server\s+(?:host\s+\S+\s+(?:\S+\s+)*?)?key\s+)(?:0\s+)?(\S+)$",
                               re.IGNORECASE)
_SERVER_STANZA = re.compile(r"^(?:tacacs|radius)\s+server\s", re.IGNORECASE)
TYPE6_STORED = "6 EmulatedType6CipherText"


class MissingValue(KeyError):
    """A placeholder of the remediation text has no value in the test's ``values``."""


@dataclass
class Block:
    """A global line and the (raw, indented) lines of its stanza."""

    head: str
    children: list[str] = field(default_factory=list)


@dataclass
class Session:
    config: str
    exec_commands: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every ``<placeholder>``; raise ``MissingValue`` for one without a value."""

    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in values:
            raise MissingValue(f"placeholder <{m.group(1)}> has no value")
        return values[m.group(1)]

    return _PLACEHOLDER.sub(sub, text)


def apply(config_text: str, commands: str, platform: str, values: dict[str, str]) -> str:
    """The running config after pasting ``commands`` (placeholders filled from ``values``)."""
    return session(config_text, commands, platform, values).config


def session(config_text: str, commands: str, platform: str, values: dict[str, str]) -> Session:
    text = fill(commands, values)
    if platform == "junos":
        return _junos(config_text, text)
    if platform not in CISCO_FAMILY:
        raise ValueError(f"no configuration-mode rules for platform {platform!r}")
    return _Cisco(config_text, platform).run(text)


# -- Junos --------------------------------------------------------------------------------------------
def _junos(config_text: str, text: str) -> Session:
    lines = [ln.rstrip() for ln in config_text.splitlines()]
    if any(ln.rstrip().endswith("{") for ln in lines):
        raise ValueError("Junos config must be in set form for the emulator")
    out = Session("")
    for raw in text.splitlines():
        cmd = raw.strip()
        if not cmd:
            continue
        if cmd.startswith(("#", "!")):
            out.comments.append(cmd)
        elif cmd == "commit" or cmd.startswith(("commit ", "run ", "rollback")):
            out.exec_commands.append(cmd)
        elif cmd.startswith("set "):
            if cmd not in lines:
                lines.append(cmd)
        elif cmd.startswith("delete "):
            path = cmd.split()[1:]
            lines = [ln for ln in lines if not (ln.startswith("set ") and ln.split()[1 : 1 + len(path)] == path)]
        else:
            raise ValueError(f"not a Junos configuration command: {cmd!r}")
    out.config = "\n".join(lines) + "\n"
    return out


# -- Cisco family -------------------------------------------------------------------------------------
def _words(s: str) -> list[str]:
    w = s.lower().split()
    i = 1 if w[:1] == ["interface"] else 2 if w[:2] == ["no", "interface"] else 0
    if i and len(w) > i + 1 and w[i].isalpha() and w[i + 1][:1].isdigit():  # `interface tunnel 9` = Tunnel9
        w[i : i + 2] = [w[i] + w[i + 1]]
    return w


def _key(s: str) -> tuple[str, ...]:
    """The words naming the setting ``s`` changes; the whole command when no rule applies."""
    w = _words(s)
    if w[:1] == ["access-class"] and len(w) >= 3:  # access-class <acl> in|out: one per direction
        return ("access-class", w[-1])
    if w[:2] == ["aaa", "accounting"]:  # aaa accounting <type> [<level>] <list> <method...>
        for i, x in enumerate(w):
            if x in ("start-stop", "stop-only", "none"):
                return tuple(w[:i])
    for n in range(len(w), 0, -1):
        if tuple(w[:n]) in KEYS:
            return tuple(w[: KEYS[tuple(w[:n])]])
    return tuple(w)


def _starts(line: str, prefix: list[str]) -> bool:
    return _words(line)[: len(prefix)] == prefix


def _stored(cmd: str, platform: str) -> str:
    """The form the device writes to the running config for what was typed."""
    m = _ALGO_SECRET.search(cmd)
    if m:
        typ = "8" if m.group(1).lower() == "sha256" else "9"
        cmd = cmd[: m.start()] + f"secret {typ} ${typ}$emulatedsalt$emulatedhash" + cmd[m.end() :]
    if platform == "nx-os":
        m2 = _NXOS_RSA.match(cmd)
        if m2:
            cmd = m2.group(1)
    return cmd


class _Cisco:
    def __init__(self, config_text: str, platform: str) -> None:
        self.platform = platform
        self.blocks: list[Block] = []
        for raw in config_text.splitlines():
            if not raw.strip():
                continue
            if raw[:1] in (" ", "\t") and self.blocks:
                self.blocks[-1].children.append(raw.rstrip())
            else:
                self.blocks.append(Block(raw.rstrip()))
        self.out = Session("")
        self.aes = platform in ("ios", "ios-xe") and any(
            _words(b.head) == ["password", "encryption", "aes"] for b in self.blocks)

    # -- type 6 --------------------------------------------------------------------------------------
    def _type6_global(self, cmd: str) -> str:
        return _CLEAR_LEGACY_KEY.sub(lambda m: m.group(1) + TYPE6_STORED, cmd) if self.aes else cmd

    def _type6_child(self, blk: Block, raw: str) -> str:
        if not self.aes or not _SERVER_STANZA.match(blk.head):
            return raw
        return _CLEAR_SERVER_KEY.sub(lambda m: m.group(1) + TYPE6_STORED, raw)

    def _encrypt_existing(self) -> None:
        """``password encryption aes`` encrypts the clear keys already configured."""
        for b in self.blocks:
            b.head = self._type6_global(b.head)
            b.children = [self._type6_child(b, c) for c in b.children]

    # the current mode: stanzas being edited, or a numbered ACL edited through its global lines
    def run(self, text: str) -> Session:
        lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
        mode: list[Block] = []
        acl_number: str | None = None
        for i, raw in enumerate(lines):
            cmd = raw.strip()
            indented = raw[:1] in (" ", "\t")
            if cmd.startswith("!"):
                self.out.comments.append(cmd)
                continue
            if _EXEC.match(cmd):
                self.out.exec_commands.append(cmd)
                continue
            if indented:
                if acl_number is not None:
                    self._acl_child(acl_number, cmd)
                elif not mode:
                    raise ValueError(f"indented command outside a configuration mode: {cmd!r}")
                else:
                    for blk in mode:
                        self._child(blk, raw)
                continue
            opens_mode = i + 1 < len(lines) and lines[i + 1][:1] in (" ", "\t")
            mode, acl_number = [], None
            if opens_mode:
                m = _NUMBERED_ACL_MODE.match(cmd)
                if m:
                    acl_number = m.group(1)
                else:
                    mode = self._enter(cmd)
            else:
                self._global(cmd)
        self.out.config = self.render()
        return self.out

    def render(self) -> str:
        out: list[str] = []
        for b in self.blocks:
            out.append(b.head)
            out.extend(b.children)
        return "\n".join(out) + "\n"

    def _global(self, cmd: str) -> None:
        cmd = self._type6_global(_stored(cmd, self.platform))
        w = _words(cmd)
        if w[:2] == ["key", "config-key"] and self.platform in ("ios", "ios-xe"):
            return  # the master key "is not stored in the router configuration" (46420)
        if w[0] == "no":
            target = w[1:]
            self.blocks = [b for b in self.blocks if not _starts(b.head, target)]
            if " ".join(target) in DEFAULT_ON and not any(_words(b.head) == w for b in self.blocks):
                self.blocks.append(Block(cmd))
            return
        key = _key(cmd)
        same = [i for i, b in enumerate(self.blocks)
                if not b.children and (_key(b.head) == key or _words(b.head) == ["no", *w])]
        if same:  # replaced where it stood
            self.blocks[same[0]] = Block(cmd)
            self.blocks = [b for i, b in enumerate(self.blocks) if i not in same[1:]]
        else:
            self.blocks.append(Block(cmd))
        if w == ["password", "encryption", "aes"] and self.platform in ("ios", "ios-xe") and not self.aes:
            self.aes = True
            self._encrypt_existing()

    def _enter(self, cmd: str) -> list[Block]:
        m = _VTY.match(cmd)
        if m:
            return self._enter_vty(int(m.group(1)), int(m.group(2) or m.group(1)))
        w = _words(cmd)
        n = next((HEAD_KEYS[tuple(w[:k])] for k in range(len(w), 0, -1) if tuple(w[:k]) in HEAD_KEYS), len(w))
        found = [b for b in self.blocks if _words(b.head)[:n] == w[:n] and len(_words(b.head)) >= n]
        if n == len(w):  # no argument rewriting: the head must be the same command
            found = [b for b in found if _words(b.head) == w]
        for b in found:
            b.head = cmd
        if found:
            return found
        blk = Block(cmd)
        self.blocks.append(blk)
        return [blk]

    def _enter_vty(self, lo: int, hi: int) -> list[Block]:
        found = []
        for b in self.blocks:
            m = _VTY.match(b.head.strip())
            if m and lo <= int(m.group(1)) and int(m.group(2) or m.group(1)) <= hi:
                found.append(b)
        if not found:  # no stanza of the range in the config: it is created as typed
            found = [Block(f"line vty {lo} {hi}" if hi != lo else f"line vty {lo}")]
            self.blocks.append(found[0])
        return found

    def _child(self, blk: Block, raw: str) -> None:
        cmd = self._type6_child(blk, _stored(raw.strip(), self.platform))
        indent = raw[: len(raw) - len(raw.lstrip())]
        w = _words(cmd)
        if w[0] == "no":
            target = w[1:]
            blk.children = [c for c in blk.children if not _starts(c, target)]
            if " ".join(target) in TOGGLES:
                blk.children.append(indent + cmd)
            return
        key = _key(cmd)
        same = [i for i, c in enumerate(blk.children) if _key(c) == key or _words(c) == ["no", *w]]
        if same:
            blk.children[same[0]] = indent + cmd
            blk.children = [c for i, c in enumerate(blk.children) if i not in same[1:]]
        else:
            blk.children.append(indent + cmd)

    def _acl_child(self, number: str, cmd: str) -> None:
        w = _words(cmd)
        if w[0] == "no":
            target = ["access-list", number, *w[1:]]
            self.blocks = [b for b in self.blocks if not _starts(b.head, target)]
            return
        line = f"access-list {number} {cmd}"
        if not any(b.head.strip() == line for b in self.blocks):
            # a new entry goes after the ACL's last entry (sequence order)
            last = max((i for i, b in enumerate(self.blocks) if _starts(b.head, ["access-list", number])),
                       default=len(self.blocks) - 1)
            self.blocks.insert(last + 1, Block(line))
