"""The HTML report renders in real headless Chromium, offline, with hostile text inert.

Needs the Debian ``chromium`` package (``make test`` installs it); skipped with a reason otherwise.
The PNG is decoded with the standard library only (zlib + struct), no imaging dependency.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from carrierwatch.findings import Category, Evidence, Finding, RunResult, Severity
from carrierwatch.report import render

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 2000
HEADER_RGB = (0x14, 0x21, 0x3D)  # header background in report.css
PWN_TITLE = "<script>document.title='PWNED'</script>"
PWN_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','yes')\">"


def _chromium() -> str:
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if exe is None:
        pytest.skip("headless Chromium not installed (Debian package 'chromium'; `make test` installs it)")
    return exe


def _run_chromium(exe: str, tmp: Path, page: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
        f"--window-size={WIDTH},{HEIGHT}",
        *mode,
        page.as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _png_rows(data: bytes, rows: int) -> tuple[int, int, list[bytes]]:
    """Width, height and the first ``rows`` unfiltered RGB(A) scanlines of an 8-bit PNG (RFC 2083)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, ihdr = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            ihdr = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", ihdr)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompressobj().decompress(idat, (stride + 1) * rows)
    out: list[bytes] = []
    prev = bytearray(stride)
    for r in range(rows):
        ftype, line = raw[r * (stride + 1)], bytearray(raw[r * (stride + 1) + 1 : (r + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        out.append(bytes(line) if bpp == 3 else bytes(x for j, x in enumerate(line) if j % 4 != 3))
        prev = line
    return width, height, out


def _hostile_run() -> RunResult:
    findings = [
        Finding(
            f"cw.{sev.value}",
            f"{sev.value.upper()} finding on pe{i}",
            sev,
            Category.BEHAVIOR,
            device=f"pe{i}.nyc",
            attack=["T1040"],
            evidence=[Evidence("acct.log", i + 1, f"cmd {i}")],
        )
        for i, sev in enumerate(Severity)
    ]
    findings.append(
        Finding(
            "cw.hostile",
            f"Hostile <script>alert(1)</script> {PWN_TITLE}",
            Severity.CRITICAL,
            Category.IOC,
            device="ce9.chi",
            description=PWN_IMG,
            evidence=[Evidence("web.log", 7, f"GET /webui/{PWN_IMG}")],
        )
    )
    return RunResult(command="hunt", findings=findings)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    exe = _chromium()
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "report.html"
    render(_hostile_run(), "html", page)
    shot = _run_chromium(exe, tmp, page, f"--screenshot={tmp / 'shot.png'}")
    assert (tmp / "shot.png").exists(), shot.stderr[-2000:]
    dom = _run_chromium(exe, tmp, page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    return tmp / "shot.png", dom.stdout


def test_screenshot_has_size_and_content(rendered: tuple[Path, str]) -> None:
    width, height, rows = _png_rows(rendered[0].read_bytes(), rows=220)
    assert (width, height) == (WIDTH, HEIGHT)
    pixels = {row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 3 * 8)}
    assert len(pixels) > 20, "screenshot is (nearly) one colour: page did not render"
    assert bytes(HEADER_RGB) in {rows[10][i : i + 3] for i in range(0, len(rows[10]), 3)}, "header not drawn"


def test_dom_has_summary_and_titles(rendered: tuple[Path, str]) -> None:
    dom = rendered[1]
    assert '<div class="n" id="total-findings">6</div>' in dom
    for sev in Severity:
        assert f"{sev.value.upper()} finding on pe" in dom
    assert "Network Sniffing" in dom
    assert 'data-filter="ready"' in dom  # our script ran, so the CSP hash matched


def test_hostile_text_stayed_text(rendered: tuple[Path, str]) -> None:
    dom = rendered[1]
    assert dom.count("<script") == 1  # only the report's own script element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<title>carrierwatch report: hunt</title>" in dom  # not 'PWNED'
    assert "PWNED</title>" not in dom
    assert 'data-pwned="yes"' not in dom and "<img" not in dom
