"""Shared fixtures for report tests: RunResults loaded from fixture JSON or built in code."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from carrierwatch.findings import Category, Evidence, Finding, InputAccount, RunResult, Severity

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = "<script>alert(1)</script>"


def _ts(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def load_run(path: Path) -> RunResult:
    """A RunResult from a fixture file (same field names as ``RunResult.to_dict``)."""
    d = json.loads(path.read_text(encoding="utf-8"))
    started = _ts(d["started"])
    assert started is not None
    return RunResult(
        command=d["command"],
        engine=d.get("engine", "duckdb"),
        started=started,
        finished=_ts(d.get("finished")),
        findings=[Finding.from_dict(f) for f in d["findings"]],
        inputs=[InputAccount(**i) for i in d["inputs"]],
    )


@pytest.fixture
def small_run() -> RunResult:
    return load_run(FIXTURES / "run_small.json")


def build_all_severities_run() -> RunResult:
    """One finding per severity, on three devices, one carrying hostile HTML in every text field."""
    t0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    findings = [
        Finding(
            "cw.ioc.domain",
            "Critical: DNS lookup of actor domain",
            Severity.CRITICAL,
            Category.IOC,
            device="pe1.nyc",
            first_seen=t0,
            last_seen=t0,
            attack=["T1071"],
            evidence=[Evidence("dns.log", 5, "query rtmp.example.net A")],
        ),
        Finding(
            "cw.behavior.gre",
            "High: new GRE tunnel to unknown peer",
            Severity.HIGH,
            Category.BEHAVIOR,
            device="pe1.nyc",
            attack=["T1572"],
            evidence=[Evidence("cfg/pe1.cfg", 120, "interface Tunnel9")],
        ),
        Finding(
            "cw.hostile",
            f"Medium: hostile title {HOSTILE}",
            Severity.MEDIUM,
            Category.BEHAVIOR,
            device=f"ce{HOSTILE}",
            attack=["T1040"],
            description=f"desc {HOSTILE}",
            evidence=[
                Evidence(f"src{HOSTILE}.log", 1, f"GET /webui/{HOSTILE}?a=1&b=<img src=x onerror=alert(2)>")
            ],
            references=[f"javascript:alert(3)//{HOSTILE}"],
            remediation=f"fix {HOSTILE}",
            extra={"raw": HOSTILE},
        ),
        Finding(
            "cw.audit.snmp",
            "Low: SNMPv2c community configured",
            Severity.LOW,
            Category.AUDIT,
            device="p2.dal",
            evidence=[Evidence("cfg/p2.cfg", 30, "snmp-server community ******** RO")],
        ),
        Finding(
            "cw.audit.banner", "Info: login banner present", Severity.INFO, Category.AUDIT, device="p2.dal"
        ),
    ]
    acc = InputAccount("dns.log", "zeek-dns")
    acc.accept(41)
    acc.reject("bad field count", 7)
    acc.reject(f"weird {HOSTILE}", 9)
    bad = InputAccount("blob.bin", "unknown", error="file type not recognised")
    return RunResult(
        command="hunt", findings=findings, inputs=[acc, bad], started=t0, finished=t0.replace(second=7)
    )


@pytest.fixture
def all_severities_run() -> RunResult:
    return build_all_severities_run()


@pytest.fixture
def hostile() -> str:
    return HOSTILE
