"""CVE exposure: fixture pairs through `carrierwatch audit`, version matching, catalog rows cite sources,
and `intel update-vulns` with KEV + CVE JSON 5 inputs (local fixtures, no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carrierwatch.audit import audit_configs
from carrierwatch.audit.vulns import device_version, load_catalog, norm, version_matches
from carrierwatch.cli import app
from carrierwatch.configs import parse_config
from carrierwatch.workspace import Allowlists

FIX = Path(__file__).parent / "fixtures"
CASES = sorted(p.stem for p in FIX.glob("cve-*.cfg"))
runner = CliRunner()


def cve_findings(findings: list[dict]) -> dict[str, dict]:
    return {f["extra"]["cve"]: {"exposure": f["extra"]["exposure"], "severity": f["severity"],
                                "version": f["extra"]["version"], "match": f["extra"]["match"]}
            for f in findings if f["category"] == "vulnerability"}


@pytest.mark.parametrize("case", CASES)
def test_fixture_pairs_through_the_cli(case: str, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "audit", str(FIX / f"{case}.cfg"), "--format", "json",
                              "-o", str(out), "--fail-on", "critical"])
    assert res.exit_code in (0, 1), res.output
    got = cve_findings(json.loads(out.read_text())["findings"])
    assert got == json.loads((FIX / f"{case}.expected.json").read_text())


def test_exposed_is_more_severe_than_feature_off() -> None:
    on = json.loads((FIX / "cve-iosxe-17.3-http-on.expected.json").read_text())["CVE-2023-20198"]
    off = json.loads((FIX / "cve-iosxe-17.3-http-off.expected.json").read_text())["CVE-2023-20198"]
    assert (on["exposure"], off["exposure"]) == ("exposed", "not-exposed")
    assert on["severity"] == "critical" and off["severity"] == "low"


def test_train_only_version_is_reported_as_train() -> None:
    dev = parse_config("version 17.3\nhostname r\nip http server\n", path="r.cfg")
    (e, *_rest) = [x for x in audit_configs([dev], Allowlists()).vulns if x.row.cve == "CVE-2023-20198"]
    assert e.how == "train" and e.exposure == "exposed" and e.severity.value == "high"


def test_show_version_beats_config_and_clears_fixed_release() -> None:
    dev = parse_config("version 17.3\nhostname r\nip http server\n", path="r.cfg")
    rep = audit_configs([dev], Allowlists(), versions={"r": {"version": "17.3.8a"}})
    assert [e for e in rep.vulns if e.row.cve == "CVE-2023-20198"] == []  # 17.3.8a is the fix, not listed
    assert device_version(dev, {"version": "17.3.8a"})[:2] == ("17.3.8a", "show version")


def test_exact_membership_not_ranges() -> None:
    row = load_catalog()["CVE-2023-20198"]
    assert version_matches(row, "ios-xe", "17.3.8") == "exact"
    assert version_matches(row, "ios-xe", "17.3.8a") is None  # lettered rebuild after 17.3.8 is the fix
    assert version_matches(row, "ios-xe", "16.9.4") == "exact"
    assert version_matches(row, "ios-xe", "16.12.10a") is None
    assert norm("17.03.04a") == "17.3.4a" and norm("Version 16.09.04") == "16.9.4"


def test_range_rows_use_version_order() -> None:
    row = load_catalog()["CVE-2024-3400"]
    assert version_matches(row, "pan-os", "10.2.9") == "range"
    assert version_matches(row, "pan-os", "10.2.9-h1") is None
    assert version_matches(row, "pan-os", "10.1.5") is None


def test_catalog_rows_cite_their_sources() -> None:
    cat = load_catalog()
    need = {"CVE-2023-20198", "CVE-2023-20273", "CVE-2018-0171", "CVE-2024-20399", "CVE-2024-3400",
            "CVE-2023-46805", "CVE-2024-21887", "CVE-2022-42475", "CVE-2024-39717", "CVE-2019-1652",
            "CVE-2019-1653"}
    assert need <= set(cat)
    for row in cat.values():
        assert any("cvelistV5" in s for s in row.sources) and row.advisory and row.kev_added and row.note


def test_nxos_without_versions_is_manual_not_a_finding() -> None:
    dev = parse_config("hostname n1\nfeature bgp\n", path="n1.cfg")
    rep = audit_configs([dev], Allowlists())
    assert ("n1", "CVE-2024-20399") in rep.vuln_manual and not rep.vulns


def test_update_vulns_loads_records_and_kev(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    res = runner.invoke(app, ["-w", str(ws), "intel", "update-vulns", str(FIX / "cve-record-synthetic-nxos.json"),
                              str(FIX / "kev-excerpt.json")])
    assert res.exit_code == 0, res.output
    assert "1 CVE record(s) with versions" in res.output
    assert "rejected 1" in res.output.replace("1 rejected", "rejected 1")  # CVE-2020-1472: no version data
    cat = load_catalog(ws / "vulns")
    assert cat["CVE-2099-0001"].versions == {"9.3(8)", "9.3(9)", "7.0(3)i7(10)"}
    dev = parse_config("hostname n1\nfeature bgp\n", path="n1.cfg")
    rep = audit_configs([dev], Allowlists(), versions={"n1": {"version": "9.3(8)"}}, vuln_dir=ws / "vulns")
    assert [e.row.cve for e in rep.vulns] == ["CVE-2099-0001"]


def test_update_vulns_bad_file_is_counted_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "intel", "update-vulns", str(bad)])
    assert res.exit_code == 2 and "not readable JSON" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
