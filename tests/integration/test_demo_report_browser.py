"""The demo's own report.html renders in headless Chromium with the run's numbers and the lab score."""

from __future__ import annotations

import pytest

from carrierwatch.demo import DemoSummary
from report.test_html_browser import HEIGHT, WIDTH, _chromium, _png_rows, _run_chromium

pytestmark = pytest.mark.browser


def test_demo_report_renders(demo_run: DemoSummary, tmp_path_factory: pytest.TempPathFactory) -> None:
    exe = _chromium()
    tmp = tmp_path_factory.mktemp("demo-browser")
    page = demo_run.out / "report.html"
    shot = _run_chromium(exe, tmp, page, f"--screenshot={tmp / 'shot.png'}")
    assert (tmp / "shot.png").exists(), shot.stderr[-2000:]
    width, height, rows = _png_rows((tmp / "shot.png").read_bytes(), rows=200)
    assert (width, height) == (WIDTH, HEIGHT)
    assert len({row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 24)}) > 20
    dom = _run_chromium(exe, tmp, page, "--dump-dom").stdout
    summary = demo_run.result.summary()
    assert f'<div class="n" id="total-findings">{summary["findings"]}</div>' in dom
    for f in demo_run.result.findings[:20]:
        assert f.rule_id in dom
    assert "initial-access-credentials" in dom  # the lab score section
    assert "Network Sniffing" in dom  # ATT&CK names resolved
