"""HTTPS with the operator's certificate; plain HTTP is refused anywhere but loopback."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import requests

from carrierwatch.share.serve import ServeError, build_server, is_loopback

from .hubkit import Hub


def test_plain_http_only_on_loopback(hub: Hub) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")
    with pytest.raises(ServeError, match="refusing plain HTTP"):
        build_server(hub.app, "0.0.0.0", 0)
    with pytest.raises(ServeError, match="go together"):
        build_server(hub.app, "127.0.0.1", 0, cert=Path("x.pem"))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not installed")
def test_https_with_operator_certificate(hub: Hub, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    srv = build_server(hub.app, "127.0.0.1", 0, cert=cert, key=key)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        r = requests.get(f"https://127.0.0.1:{srv.server_port}/taxii2/", verify=str(cert), timeout=10,
                         auth=("carrier", hub.creds["carrier"].password),
                         headers={"Accept": "application/taxii+json;version=2.1"})
        assert r.status_code == 200 and r.json()["api_roots"][0].startswith("https://")
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(f"http://127.0.0.1:{srv.server_port}/taxii2/", timeout=5)
    finally:
        srv.shutdown()
