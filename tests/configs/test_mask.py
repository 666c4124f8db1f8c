"""mask_secrets: every secret form is masked, nothing else changes, and masking is idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carrierwatch.configs.mask import mask_secrets, mask_value

CASES = [
    ("username x privilege 15 secret 9 $9$abc$def", "username x privilege 15 secret 9 <masked>"),
    ("enable secret level 15 5 $1$xx$yy", "enable secret level 15 5 <masked>"),
    ("enable password cisco", "enable password <masked>"),
    ("snmp-server community public RO 20", "snmp-server community <masked> RO 20"),
    ("tacacs-server key 7 0822455D0A16", "tacacs-server key 7 <masked>"),
    (" key 6 ABCDEF", " key 6 <masked>"),
    ("tacacs-server host 10.1.1.1 key 7 0822455D0A16", "tacacs-server host 10.1.1.1 key 7 <masked>"),
    ("crypto isakmp key S3cr3t address 192.0.2.1", "crypto isakmp key <masked> address 192.0.2.1"),
    (
        "snmp-server user U G v3 auth sha P1 priv aes 256 P2",
        "snmp-server user U G v3 auth sha <masked> priv aes 256 <masked>",
    ),
    ("snmp-server host 192.0.2.9 version 2c public", "snmp-server host 192.0.2.9 version 2c <masked>"),
    ("ntp authentication-key 1 md5 abc 7", "ntp authentication-key 1 md5 <masked> 7"),
    ("neighbor 192.0.2.2 password 7 0011", "neighbor 192.0.2.2 password 7 <masked>"),
    ('    encrypted-password "$6$xyz"; ## SECRET-DATA', "    encrypted-password <masked>; ## SECRET-DATA"),
    (
        "set snmp community public authorization read-only",
        "set snmp community <masked> authorization read-only",
    ),
    ("key config-key password-encrypt MASTER", "key config-key password-encrypt <masked>"),
]
UNCHANGED = [
    "ntp server 10.1.1.1 key 1",
    "password encryption aes",
    "service password-encryption",
    "snmp-server group G v3 priv read V",
    "key chain OSPF",
    "ip ssh version 2",
    "line vty 0 4",
]


@pytest.mark.parametrize(("line", "want"), CASES)
def test_masks(line: str, want: str) -> None:
    assert mask_secrets(line) == want


@pytest.mark.parametrize("line", UNCHANGED)
def test_leaves_non_secrets(line: str) -> None:
    assert mask_secrets(line) == line


def test_mask_value() -> None:
    assert mask_value("public") == "p***[6]"
    assert mask_value("") == "***[0]"


@given(
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters='"'), min_size=1)
)
def test_secret_never_survives(secret: str) -> None:
    for tmpl in ("username a secret 5 {}", "snmp-server community {} RO", "tacacs-server key 7 {}"):
        out = mask_secrets(tmpl.format(secret))
        assert "<masked>" in out
        assert mask_secrets(out) == out  # idempotent


@given(st.text(max_size=200))
def test_never_raises(line: str) -> None:
    assert isinstance(mask_secrets(line), str)
