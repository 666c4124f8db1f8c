"""``app.share``: the sightings bundle goes through the project's one atomic writer (owner-only, no temp file
left), a bad policy or findings file is a UsageError with nothing written, and an unknown hub collection is
refused."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from carrierwatch.app.intake import UsageError
from carrierwatch.app.share import export_sightings, publish_bundle
from carrierwatch.workspace import open_workspace

FINDINGS = Path(__file__).resolve().parents[1] / "share" / "data" / "findings-small.json"


def test_bundle_is_written_atomically_and_owner_only(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "bundle.json"
    res = export_sightings(open_workspace(tmp_path / "ws"), out, findings=FINDINGS)
    assert json.loads(out.read_text(encoding="utf-8")) == res.bundle
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["bundle.json"]


def test_bad_policy_writes_nothing(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[redaction\n", encoding="utf-8")
    out = tmp_path / "bundle.json"
    with pytest.raises(UsageError):
        export_sightings(open_workspace(tmp_path / "ws"), out, findings=FINDINGS, policy=policy)
    assert not out.exists()


def test_missing_output_folder_is_a_usage_error_not_created(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        export_sightings(open_workspace(tmp_path / "ws"), tmp_path / "nowhere" / "b.json", findings=FINDINGS)
    assert not (tmp_path / "nowhere").exists()


def test_unknown_collection_is_refused(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "ws")
    with pytest.raises(UsageError, match="no collection 'nope'"):
        publish_bundle(ws.state_url, "nope", [])
