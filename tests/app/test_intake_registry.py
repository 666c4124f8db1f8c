"""The intake layer (``app/intake.py``): one row per kind, one loop, files counted right, a reader's bug fails its
file only, and a new kind (Zeek intel) feeds ``hunt`` through its row."""

from __future__ import annotations

import shutil
from pathlib import Path

from carrierwatch.app.intake import AUDIT_KINDS, INTAKE, Intake, IntakeContext, collect
from carrierwatch.app.runs import audit_workspace, hunt_workspace
from carrierwatch.kinds import Kind
from carrierwatch.telemetry.quarantine import RecordingAccount
from carrierwatch.telemetry.readers import TABLE_FOR_KIND, TABLE_READERS
from carrierwatch.telemetry.sniff import sniff, sniff_text
from carrierwatch.workspace import open_workspace

TESTS = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures"
#: line 3 is a login from 203.0.113.9, line 11 one from 198.51.100.7; the other addresses are private
SYSLOG = TESTS / "telemetry" / "fixtures" / "syslog" / "cisco_ios.log"
CONFIG = TESTS / "configs" / "fixtures"


def test_every_kind_has_exactly_one_row() -> None:
    assert set(INTAKE) == set(Kind)
    assert set(TABLE_FOR_KIND) == set(TABLE_READERS) <= set(Kind)


def test_audit_reads_configs_and_what_describes_devices() -> None:
    assert set(AUDIT_KINDS) == {Kind.CONFIG, Kind.SHOW_VERSION, Kind.INVENTORY}


def test_sniff_returns_the_enum() -> None:
    assert sniff(SYSLOG) is Kind.SYSLOG
    assert sniff_text("x.txt", "nothing to see here") is Kind.UNKNOWN
    assert sniff(FIX / "typhoon.intel") is Kind.ZEEK_INTEL
    assert sniff(TESTS / "intel" / "fixtures" / "zeek_intel_sample.intel") is Kind.ZEEK_INTEL


def test_a_zeek_log_is_not_intel() -> None:
    conn = "#separator \\x09\n#path\tconn\n#fields\tts\tuid\tid.orig_h\n1.0\tC1\t10.0.0.1\n"
    assert sniff_text("conn.log", conn) is Kind.ZEEK_CONN
    other = "#separator \\x09\n#path\thttp\n#fields\tts\tuid\tid.orig_h\thost\n"
    assert sniff_text("http.log", other) is Kind.UNKNOWN


def _three_syslogs(folder: Path) -> list[Path]:
    folder.mkdir()
    files = []
    for name in ("a.log", "b.log", "c.log"):
        shutil.copyfile(SYSLOG, folder / name)
        files.append(folder / name)
    return files


def test_progress_counts_the_input_files(tmp_path: Path) -> None:
    """The bug of issue 13: ``reading b.log 2/1`` on three syslog files (the lake pieces of one file were
    counted instead of the inputs). Each phase counts 1..N of N = the number of inputs, never more."""
    files = _three_syslogs(tmp_path / "ev")
    calls: list[tuple[str, int, int]] = []
    collect(files, open_workspace(tmp_path / "ws"), default_year=2026, progress=lambda d, n, t: calls.append((d, n, t)))
    counted = [c for c in calls if c[2]]
    assert all(t == len(files) and 1 <= n <= t for _, n, t in counted)
    for phase in ("sniffing", "reading"):
        steps = [(d, n) for d, n, _ in counted if d.startswith(phase)]
        assert steps == [(f"{phase} {f.name}", i) for i, f in enumerate(files, start=1)]


def test_progress_through_a_hunt_is_monotonic_per_phase(tmp_path: Path) -> None:
    files = _three_syslogs(tmp_path / "ev")
    calls: list[tuple[str, int, int]] = []
    hunt_workspace([tmp_path / "ev"], open_workspace(tmp_path / "ws"), default_year=2026,
                   progress=lambda d, n, t: calls.append((d, n, t)))
    reading = [(n, t) for d, n, t in calls if d.startswith("reading ")]
    assert reading == [(i, len(files)) for i in range(1, len(files) + 1)]


def _boom(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    acc.accept()
    raise ValueError("community s3cr3t-community in line 1")  # a bug that quotes the input


def test_a_reader_that_raises_fails_its_file_not_the_run(tmp_path: Path) -> None:
    ev = tmp_path / "ev"
    files = _three_syslogs(ev)
    intel = ev / "typhoon.intel"
    shutil.copyfile(FIX / "typhoon.intel", intel)
    broken = {**INTAKE, Kind.ZEEK_INTEL: Intake(_boom)}
    got = collect([*files, intel], open_workspace(tmp_path / "ws"), default_year=2026, registry=broken)
    by_path = {a.path: a for a in got.accounts}
    failed = by_path[str(intel)]
    assert failed.error is not None and failed.error.startswith("reader for zeek-intel failed: ValueError at ")
    assert "s3cr3t" not in failed.error  # the exception's message may quote content: never copied
    assert [by_path[str(f)].error for f in files] == [None, None, None]
    clean = collect(files, open_workspace(tmp_path / "ws2"), default_year=2026)
    assert [by_path[a.path].to_dict() for a in clean.accounts] == [a.to_dict() for a in clean.accounts]
    assert len(got.parquet["syslog"]) == len(clean.parquet["syslog"]) == 3


def test_the_same_files_read_cleanly_with_the_real_registry(tmp_path: Path) -> None:
    ev = tmp_path / "ev"
    files = _three_syslogs(ev)
    shutil.copyfile(FIX / "typhoon.intel", ev / "typhoon.intel")
    got = collect([*files, ev / "typhoon.intel"], open_workspace(tmp_path / "ws"), default_year=2026)
    assert all(a.error is None for a in got.accounts)


def test_zeek_intel_in_the_evidence_is_accounted_and_matched(tmp_path: Path) -> None:
    ev = tmp_path / "ev"
    ev.mkdir()
    shutil.copyfile(SYSLOG, ev / "router.log")
    shutil.copyfile(FIX / "typhoon.intel", ev / "typhoon.intel")
    result, _ = hunt_workspace([ev], open_workspace(tmp_path / "ws"), default_year=2026, use_store=False)
    acc = next(a for a in result.inputs if a.path.endswith("typhoon.intel"))
    assert (acc.kind, acc.records, acc.accepted, acc.rejected, acc.error) == ("zeek-intel", 5, 3, 2, None)
    assert set(acc.reasons) == {"invalid ip value", "unsupported Zeek indicator type Intel::SOFTWARE"}
    hits = {f.extra["indicator"]: f for f in result.findings if f.rule_id == "CW-IOC-IP"}
    assert sorted(hits) == ["198.51.100.0/24", "203.0.113.9"]  # the exact address and the subnet
    assert [(Path(e.source).name, e.line) for e in hits["203.0.113.9"].evidence] == [("router.log", 3)]
    assert [(Path(e.source).name, e.line) for e in hits["198.51.100.0/24"].evidence] == [("router.log", 11)]
    assert result.extra_summary["indicators"] == 3


def test_without_the_intel_file_nothing_matches(tmp_path: Path) -> None:
    ev = tmp_path / "ev"
    ev.mkdir()
    shutil.copyfile(SYSLOG, ev / "router.log")
    result, _ = hunt_workspace([ev], open_workspace(tmp_path / "ws"), default_year=2026, use_store=False)
    assert not [f for f in result.findings if f.rule_id.startswith("CW-IOC")]


def test_audit_lists_other_kinds_as_not_a_configuration(tmp_path: Path) -> None:
    ev = tmp_path / "ev"
    ev.mkdir()
    cfg = next(p for p in sorted(CONFIG.glob("*.cfg")))
    shutil.copyfile(cfg, ev / "r1.cfg")
    shutil.copyfile(FIX / "typhoon.intel", ev / "typhoon.intel")
    result, extras = audit_workspace([ev], open_workspace(tmp_path / "ws"))
    kinds = {Path(a.path).name: (a.kind, a.error) for a in result.inputs}
    assert kinds["r1.cfg"] == ("config", None)
    assert kinds["typhoon.intel"] == ("zeek-intel", "not a configuration (zeek-intel); use `hunt`")
    assert [Path(a.path).name for a in result.inputs] == ["r1.cfg", "typhoon.intel"] and extras["posture"]
