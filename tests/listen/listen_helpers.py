"""Run ``carrierwatch listen`` as a real process for the live tests, and read what it wrote."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

CW = str(Path(sys.executable).with_name("carrierwatch"))


class ListenProc:
    def __init__(self, ws: Path, *args: str) -> None:
        self.ws = ws
        self.state = ws / "spool" / "listen-state.json"
        if self.state.exists():
            self.state.unlink() if not json.loads(self.state.read_text()).get("running") else None
        self.started = time.time()
        self.proc = subprocess.Popen([CW, "listen", "-w", str(ws), "--batch-seconds", "0.5", "--stats-every", "1",
                                      "--year", "2026", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.ports = self._wait_ports()

    def _wait_ports(self) -> dict[str, int]:
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read().decode() if self.proc.stderr else "listener died")
            try:
                st = json.loads(self.state.read_text())
                if st.get("running") and st.get("pid") == self.proc.pid and st.get("ports"):
                    return {k: int(v) for k, v in st["ports"].items()}
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        raise TimeoutError("listener did not start")

    def counters(self) -> dict[str, Any]:
        return dict(json.loads(self.state.read_text())["counters"])

    def wait_for(self, key: str, value: int, timeout: float = 30) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline and self.counters().get(key, 0) < value:
            time.sleep(0.1)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> tuple[dict[str, Any], str]:
        self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=timeout)
        if sig == signal.SIGKILL:
            return {}, err.decode()
        return json.loads(out.decode().strip().splitlines()[-1]), err.decode()


def lake_rows(ws: Path, table: str, query: str = "count(*)") -> Any:
    files = list((ws / "lake" / table).glob("day=*/*.parquet"))
    if not files:
        return 0
    return duckdb.sql(f"select {query} from read_parquet({[str(f) for f in files]!r})").fetchall()[0][0]


def free_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CARRIERWATCH_HOME", None)
    return env
