"""score / score_files: positive and negative cases, path-suffix matching."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from carrierwatch.findings import Category, Evidence, Finding, Severity
from carrierwatch.lab import LabSummary, paths_match, score, score_files

TRUTH = {
    "generator": "carrierwatch-lab 1",
    "scenario": "salt-typhoon",
    "seed": 7,
    "actions": [
        {
            "id": "gre-tunnel",
            "device": "pe1-nyc",
            "attack": ["T1572"],
            "evidence": [
                {"source": "syslog/messages-2026-11-16.log", "line": 8123},
                {"source": "configs/pe1-nyc.cfg", "line": 88},
            ],
        },
        {
            "id": "c2-beacon",
            "device": "pe1-nyc",
            "attack": ["T1071"],
            "evidence": [{"source": "flows/nfcapd-20261116.csv", "line": 1200}],
        },
    ],
}


def _finding(
    rule: str, source: str, line: int, *, cat: Category = Category.BEHAVIOR, sev: Severity = Severity.HIGH
) -> dict[str, object]:
    return Finding(rule, "t", sev, cat, device="pe1-nyc", evidence=[Evidence(source, line, "x")]).to_dict()


def test_detected_when_evidence_matches_by_suffix() -> None:
    f = _finding("CW-GRE-01", "/data/lab/configs/pe1-nyc.cfg", 88)
    out = score([f], TRUTH)
    gre = next(a for a in out["actions"] if a["id"] == "gre-tunnel")
    assert gre["detected"] and gre["by"] == ["CW-GRE-01"]
    assert out["detected"] == 1 and out["planted"] == 2 and out["recall"] == 0.5
    assert out["false_positives"] == [] and out["findings_above_low"] == 1
    assert out["findings_by_severity"]["high"] == 1 and out["scenario"] == "salt-typhoon"


def test_wrong_line_or_wrong_file_is_not_a_detection_and_is_a_false_positive() -> None:
    fs = [_finding("CW-X", "configs/pe1-nyc.cfg", 89), _finding("CW-Y", "configs/pe2-nyc.cfg", 88)]
    out = score(fs, TRUTH)
    assert out["detected"] == 0 and out["recall"] == 0.0
    assert [fp["rule_id"] for fp in out["false_positives"]] == ["CW-X", "CW-Y"]


def test_audit_findings_are_never_false_positives() -> None:
    f = _finding("EVH-C03", "configs/pe1-nyc.cfg", 5, cat=Category.AUDIT, sev=Severity.CRITICAL)
    v = _finding("CVE-2023-20198", "configs/pe1-nyc.cfg", 6, cat=Category.VULNERABILITY, sev=Severity.LOW)
    out = score([f, v], TRUTH)
    assert out["false_positives"] == [] and out["findings_above_low"] == 1


def test_partial_component_is_not_a_suffix_match() -> None:
    assert not paths_match("xconfigs/pe1-nyc.cfg", "configs/pe1-nyc.cfg")
    assert paths_match("C:\\labs\\run\\configs\\pe1-nyc.cfg", "configs/pe1-nyc.cfg")
    assert not paths_match("", "configs/pe1-nyc.cfg")


def test_findings_root_makes_absolute_paths_relative(tmp_path: Path) -> None:
    f = _finding("CW-C2", str(tmp_path / "flows" / "nfcapd-20261116.csv"), 1200)
    out = score([f], TRUTH, findings_root=tmp_path)
    assert out["detected"] == 1


def test_clean_truth_has_full_recall_and_every_hunt_finding_is_false() -> None:
    clean = {"scenario": "clean", "seed": 7, "actions": []}
    out = score([_finding("CW-X", "a.log", 1)], clean)
    assert out["recall"] == 1.0 and out["planted"] == 0 and len(out["false_positives"]) == 1


def test_score_files_reads_run_output_and_truth(tmp_path: Path) -> None:
    (tmp_path / "truth.json").write_text(json.dumps(TRUTH))
    (tmp_path / "run.json").write_text(
        json.dumps({"findings": [_finding("R", "syslog/messages-2026-11-16.log", 8123)]})
    )
    out = score_files(tmp_path / "run.json", tmp_path / "truth.json")
    assert out["detected"] == 1


def test_scoring_a_real_lab_with_perfect_and_empty_findings(typhoon_lab: LabSummary) -> None:
    truth = json.loads(typhoon_lab.truth_path.read_text())
    perfect = [
        _finding(
            f"R-{a['id']}", str(typhoon_lab.out_dir / a["evidence"][0]["source"]), a["evidence"][0]["line"]
        )
        for a in truth["actions"]
    ]
    assert score(perfect, truth)["recall"] == 1.0
    assert score([], truth)["recall"] == 0.0


_seg = st.text(alphabet="abcdefghij-_.0123456789", min_size=1, max_size=8).filter(
    lambda s: s not in (".", "..")
)


@given(st.lists(_seg, min_size=1, max_size=4), st.lists(_seg, min_size=0, max_size=3))
def test_any_prefix_still_matches(rel: list[str], prefix: list[str]) -> None:
    r = "/".join(rel)
    assert paths_match("/" + "/".join(prefix + rel), r)
    assert paths_match(r, "/".join(prefix + rel))


def test_score_files_refuses_swapped_or_wrong_files(tmp_path: Path) -> None:
    """Swapped arguments used to report recall 1.0 and exit 0: now each wrong file is named."""
    import pytest

    (tmp_path / "truth.json").write_text(json.dumps(TRUTH))
    (tmp_path / "run.json").write_text(json.dumps({"findings": []}))
    with pytest.raises(ValueError, match="wrong way round"):
        score_files(tmp_path / "truth.json", tmp_path / "run.json")
    (tmp_path / "other.json").write_text(json.dumps({"objects": []}))
    with pytest.raises(ValueError, match="not a lab truth file"):
        score_files(tmp_path / "run.json", tmp_path / "other.json")
    with pytest.raises(ValueError, match="not a findings file"):
        score_files(tmp_path / "other.json", tmp_path / "truth.json")


def test_lab_score_cli_swapped_arguments_exit_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from carrierwatch.cli import app

    (tmp_path / "truth.json").write_text(json.dumps(TRUTH))
    (tmp_path / "run.json").write_text(json.dumps({"findings": []}))
    res = CliRunner().invoke(app, ["-w", str(tmp_path / "ws"), "lab", "score", str(tmp_path / "truth.json"),
                                   str(tmp_path / "run.json")])
    assert res.exit_code == 2 and "wrong way round" in res.output and "recall" not in res.output
