"""`carrierwatch listen` under sustained TCP syslog load: does it keep up with 50,000 messages/s with zero loss?

The rate claim lives here, not in a unit test (tests/listen/test_listen_load.py asserts only that nothing is
lost): a timed assertion in `make test` fails on a busy machine. The listener runs as the process a user starts;
a separate process offers ``rate`` Cisco-style messages per second over one TCP connection for ``seconds``
(the same generator the tests use). Reported: the offered and achieved send rate (the sender is held back by
TCP flow control when the listener falls behind, so achieved < offered means it did not keep up), the time
from the last message sent to the last message counted, and the lake row count. The peer is the same sender
into a plain socket reader that only counts newlines (``nc``-like floor: what receiving alone costs).
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import duckdb

LOADGEN = Path(__file__).parents[1] / "tests" / "listen" / "loadgen.py"
CW = str(Path(sys.executable).with_name("carrierwatch"))
RATE = 50_000


def _listen(ws: Path) -> tuple[subprocess.Popen[bytes], int, Path]:
    state = ws / "spool" / "listen-state.json"
    proc = subprocess.Popen([CW, "listen", "-w", str(ws), "--syslog-tcp", "0", "--batch-seconds", "2",
                             "--stats-every", "1", "--year", "2026"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            st = json.loads(state.read_text())
            if st.get("running") and st.get("pid") == proc.pid and st.get("ports"):
                return proc, int(st["ports"]["syslog_tcp"]), state
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("listener did not start")


def _send(port: int, rate: int, seconds: float) -> tuple[int, float]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, str(LOADGEN), str(port), str(rate), str(seconds)], capture_output=True,
                         check=True, timeout=seconds * 10 + 60)
    return int(out.stdout.decode().strip()), time.perf_counter() - t0


def _floor(rate: int, seconds: float) -> float:
    """Send the same load into a reader that only counts lines; returns the send time."""
    srv = socket.create_server(("127.0.0.1", 0))
    port = srv.getsockname()[1]
    lines = [0]

    def reader() -> None:
        conn, _ = srv.accept()
        with conn:
            while chunk := conn.recv(1 << 20):
                lines[0] += chunk.count(b"\n")

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    _, send_s = _send(port, rate, seconds)
    t.join(timeout=30)
    srv.close()
    return send_s


def run(scale: float) -> dict[str, Any]:
    seconds = max(2.0, 20.0 * scale)
    with tempfile.TemporaryDirectory(prefix="cw-bench-listen-") as tmp:
        ws = Path(tmp)
        proc, port, state = _listen(ws)
        sent, send_s = _send(port, RATE, seconds)
        done = time.perf_counter()
        received = 0
        while time.perf_counter() - done < 120:
            received = json.loads(state.read_text())["counters"].get("received", 0)
            if received >= sent:
                break
            time.sleep(0.1)
        drain_s = time.perf_counter() - done
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=300)
        counters = json.loads(out.decode().strip().splitlines()[-1])["counters"]
        files = [str(f) for f in (ws / "lake" / "syslog").glob("day=*/*.parquet")]
        rows = duckdb.sql(f"select count(*) from read_parquet({files!r})").fetchall()[0][0] if files else 0
    floor_s = _floor(RATE, seconds)
    return {"offered_per_s": RATE, "seconds": seconds, "sent": sent, "achieved_per_s": round(sent / send_s),
            "drain_after_last_s": round(drain_s, 2), "received": counters.get("received"),
            "parsed": counters.get("parsed"), "lake_rows": rows, "kept_up": bool(send_s <= seconds * 1.1),
            "floor_send_s": round(floor_s, 2), "ratio_send_time_floor_vs_listen": round(floor_s / send_s, 2)}
