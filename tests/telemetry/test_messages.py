"""Structured-field extraction: a positive and a negative case per handled mnemonic family."""

from __future__ import annotations

import pytest

from carrierwatch.telemetry.syslog.cisco_messages import HANDLERS, MNEMONICS, extract

POSITIVE = [
    ("SEC_LOGIN", "LOGIN_SUCCESS", "Login Success [user: a] [Source: 10.0.0.9] [localport: 22] at x",
     ("a", "10.0.0.9", None, None)),
    ("SYS", "CONFIG_I", "Configured from console by vty0 (10.0.0.9)", (None, "10.0.0.9", None, None)),
    ("PARSER", "CFGLOG_LOGGEDCMD", "User:bob  logged command:username x privilege 15", ("bob", None, None,
     "username x privilege 15")),
    ("SSH", "SSH2_SESSION", "SSH2 Session request from 10.0.0.9 (tty = 0) using crypto cipher 'aes'",
     (None, "10.0.0.9", None, None)),
    ("ASA", "111008", "User 'enable_15' executed the 'configure terminal' command.",
     ("enable_15", None, None, "configure terminal")),
    ("ASA", "605004", 'Login denied from 198.51.100.1/4444 to outside:10.0.0.1/ssh for user "root"',
     ("root", "198.51.100.1", 4444, None)),
    ("sshd", None, "Failed password for invalid user admin from 2001:db8::9 port 5555 ssh2",
     ("admin", "2001:db8::9", 5555, None)),
    ("ACCOUNTING", "CMD", "admin vty5 10.0.0.9 stop task_id=9 service=shell priv-lvl=15 cmd=show running-config",
     ("admin", "10.0.0.9", None, "show running-config")),
    ("AUTHPRIV", "SYSTEM_MSG", "pam_aaa:Authentication failed from 10.0.0.9 - dcos_sshd[1]",
     (None, "10.0.0.9", None, None)),
]


@pytest.mark.parametrize(("module", "code", "msg", "want"), POSITIVE)
def test_positive(module: str, code: str | None, msg: str, want: tuple[object, ...]) -> None:
    assert extract(module, code, msg) == want


@pytest.mark.parametrize(
    ("module", "code", "msg"),
    [
        ("SEC_LOGIN", "LOGIN_SUCCESS", "Login Success without brackets"),
        ("PARSER", "CFGLOG_LOGGEDCMD", "something else entirely"),
        ("ASA", "605005", "Login permitted from nowhere"),
        ("mgd", "UI_CMDLINE_READ_LINE", "no user here"),
        ("sshd", None, "Connection closed by 10.0.0.9"),
        ("LINEPROTO", "UPDOWN", "Line protocol on Interface Gi0/1, changed state to up"),
    ],
)
def test_negative(module: str, code: str | None, msg: str) -> None:
    assert extract(module, code, msg) is None


def test_bad_ip_is_dropped_not_kept() -> None:
    f = extract("SYS", "CONFIG_I", "Configured from console by a on vty0 (10.0.0.999)")
    assert f is not None and f[1] is None


def test_every_mnemonic_has_a_source() -> None:
    assert all(src for _, src in MNEMONICS.values())
    assert len(HANDLERS) >= 20
