"""Sniffing: one fixture per kind, the real shared files copied into fixtures/, and the 8 KB limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from carrierwatch.telemetry.sniff import SNIFF_BYTES, sniff

FIX = Path(__file__).parent / "fixtures"

CASES = {
    "syslog/cisco_ios.log": "syslog",
    "syslog/multivendor.log": "syslog",
    "tacacs/tac_plus.log": "tacacs",
    "tacacs/tac_plus_ng.log": "tacacs",
    "tacacs/ise_export.csv": "tacacs",
    "tacacs/radius_detail.log": "tacacs",
    "nfdump/nfdump16.csv": "nfdump-csv",
    "nfdump/nfdump17.csv": "nfdump-csv",
    "zeek/conn.log": "zeek-conn",
    "zeek/conn_date_issue.log": "zeek-conn",
    "zeek/json/conn.log": "zeek-json",
    "zeek/dns.log": "zeek-dns",
    "zeek/json/dns.log": "zeek-dns",
    "zeek/LICENSE": "unknown",
    "sniff/ios_config.cfg": "config",
    "sniff/junos_config.cfg": "config",
    "sniff/iosxr_config.cfg": "config",
    "sniff/nxos_config.cfg": "config",
    "sniff/eos_config.cfg": "config",
    "sniff/junos_set.conf": "config",
    "sniff/show_version_iosxe.txt": "show-version",
    "sniff/show_version_junos.txt": "show-version",
    "sniff/show_version_nxos.txt": "show-version",
    "sniff/show_version_eos.txt": "show-version",
    "sniff/inventory.csv": "inventory",
    "sniff/carrierwatch.toml": "workspace-config",
    "sniff/bundle.json": "stix",
    "sniff/truth.json": "truth",
    "sniff/binary.bin": "unknown",
}


@pytest.mark.parametrize(("name", "kind"), sorted(CASES.items()))
def test_sniff_kind(name: str, kind: str) -> None:
    assert sniff(FIX / name) == kind


def test_sniff_unreadable_and_empty(tmp_path: Path) -> None:
    assert sniff(tmp_path) == "unknown"
    assert sniff(tmp_path / "missing") == "unknown"
    (tmp_path / "e").write_text("")
    assert sniff(tmp_path / "e") == "unknown"


def test_sniff_reads_only_the_head(tmp_path: Path) -> None:
    """A syslog head followed by megabytes of config text is still syslog: only 8 KB are looked at."""
    line = "Nov 16 10:00:01 r1 1: Nov 16 10:00:01: %SYS-5-CONFIG_I: Configured from console by a on vty0\n"
    f = tmp_path / "big.log"
    f.write_text(line * (SNIFF_BYTES // len(line) + 5) + "hostname x\ninterface Gi0\n" * 200_000)
    assert sniff(f) == "syslog"


def test_utf16_config_is_still_a_config(tmp_path: Path) -> None:
    f = tmp_path / "u16.cfg"
    f.write_bytes("\ufeffhostname r1\n!\ninterface Gi0/0\n ip address 10.0.0.1 255.255.255.0\n".encode("utf-16-le"))
    assert sniff(f) == "config"
