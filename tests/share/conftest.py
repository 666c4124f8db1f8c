"""Fixtures: a hub on SQLite (or a throwaway PostgreSQL cluster), served over real HTTP on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from carrierwatch.share.serve import build_server

from .hubkit import Hub, build_hub


@pytest.fixture
def hub(tmp_path: Path) -> Hub:
    return build_hub(f"sqlite:///{tmp_path / 'hub.db'}")


@pytest.fixture
def live(hub: Hub) -> Iterator[tuple[Hub, str]]:
    srv = build_server(hub.app, "127.0.0.1", 0)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield hub, f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    th.join(5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path | None:
    for v in ("17", "16", "15", "14"):
        p = Path(f"/usr/lib/postgresql/{v}/bin")
        if (p / "initdb").exists() and (p / "pg_ctl").exists():
            return p
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl on a free port, as ``postgres`` when we are root)."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed: scripts/install-system-deps.sh")
    base = Path(tempfile.mkdtemp(prefix="cw-pg-"))  # not under pytest's 0700 root: postgres must traverse it
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(base, 0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    init = subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E",
                           "UTF8", "--no-sync"], capture_output=True, text=True)
    if init.returncode:
        raise RuntimeError(f"initdb failed: {init.stderr[-500:]}")
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"), "-o",
                    f"-p {port} -k {sock} -c listen_addresses='' -c fsync=off", "start"], check=True,
                   capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
