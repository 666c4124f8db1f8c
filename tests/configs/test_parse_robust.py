"""parse_config never raises; bad input fails with a reason; dialect detection; coverage counts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.configs import detect_dialect, parse_config, parse_config_bytes

FRAGMENTS = [
    "hostname r1",
    "interface Gi0/0",
    " ip address 10.0.0.1 255.255.255.0",
    "line vty 0 4",
    " transport input ssh",
    "snmp-server community x RO",
    "access-list 20 permit any",
    "banner motd ^C",
    "router bgp 1",
    " neighbor 1.1.1.1 password 7 x",
    "!",
    "ip http server",
    "logging host",
    "ntp server",
    "username",
    "aaa accounting commands",
    "ip ssh port x rotary",
    "set system host-name j",
    "system {",
    "}",
    "tacacs server T",
    " key 7",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=30))
def test_never_raises(lines: list[str]) -> None:
    dev = parse_config("\n".join(lines), path="fuzz")
    assert dev.parse_status in ("parsed", "partial", "failed")
    if dev.parse_status == "failed":
        assert dev.parse_reason
    assert dev.recognised_lines + dev.unrecognised_lines <= max(dev.total_lines, 1)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_bytes_never_raise(data: bytes) -> None:
    dev = parse_config_bytes(data, path="bin")
    assert dev.parse_status != "failed" or dev.parse_reason


def test_binary_fails_with_reason() -> None:
    dev = parse_config_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, path="x.bin")
    assert dev.parse_status == "failed" and "binary" in (dev.parse_reason or "")


def test_unsupported_dialect_named() -> None:
    # ASA is parsed since issue 20 (configs/asa.py); F5 BIG-IP still is not
    dev = parse_config("#TMSH-VERSION: 15.1.0\nltm pool web {\n}\n", path="f5")
    assert dev.parse_status == "failed" and dev.parse_reason == "unsupported dialect: f5-bigip"
    asa = parse_config("ASA Version 9.9\nhostname fw\n", path="asa")
    assert asa.parse_status == "parsed" and asa.os == "asa" and asa.hostname == "fw"


def test_unrecognised_lines_make_partial() -> None:
    dev = parse_config("hostname r1\nfrobnicate the router\n", path="p")
    assert dev.parse_status == "partial" and dev.unrecognised_samples == [2]


def test_detect() -> None:
    assert detect_dialect("!RANCID-CONTENT-TYPE: cisco-nx\nhostname x\n") == "nxos"
    assert detect_dialect("set system host-name a\nset interfaces ge-0/0/0 disable\n") == "junos-set"
    assert detect_dialect("system {\n host-name a;\n}\n") == "junos"
    assert detect_dialect("!! IOS XR Configuration 7.5.2\nhostname x\n") == "iosxr"
    assert detect_dialect("version 17.3\nhostname r\n") == "ios"


def test_banner_is_not_parsed_as_commands() -> None:
    dev = parse_config(
        "hostname r\nbanner motd ^C\nip http server\nusername evil\n^C\nno ip http server\n", path="b"
    )
    assert dev.services.http_server is False and dev.users == [] and dev.parse_status == "parsed"


def test_junos_curly_and_set_models() -> None:
    curly = (
        "system {\n host-name j1;\n services { telnet; ssh { protocol-version v2; } }\n"
        ' login { user ops { class super-user; authentication { encrypted-password "$1$x$y"; } } }\n'
        ' syslog { host 10.255.3.30 { any any; } }\n tacplus-server 10.255.1.10 secret "$9$abc";\n}\n'
        "snmp { community public { authorization read-write; } }\n"
    )
    a = parse_config(curly, path="j.conf")
    b = parse_config(
        "set system host-name j1\nset system services telnet\n"
        "set system services ssh protocol-version v2\n"
        "set system login user ops class super-user\n"
        'set system login user ops authentication encrypted-password "$1$x$y"\n'
        "set system syslog host 10.255.3.30 any any\n"
        'set system tacplus-server 10.255.1.10 secret "$9$abc"\n'
        "set snmp community public authorization read-write\n",
        path="j.set",
    )
    for d in (a, b):
        assert d.os == "junos" and d.hostname == "j1" and d.services.telnet and d.services.ssh_version == "2"
        assert [(u.name, u.secret_type) for u in d.users] == [("ops", "md5")]
        assert d.aaa.servers[0].key_type == "junos9" and d.snmp.communities[0].access == "RW"
        assert [h.address for h in d.logging.hosts] == ["10.255.3.30"]
        assert d.parse_status == "parsed"
