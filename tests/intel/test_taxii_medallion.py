"""The TAXII 2.1 client against a real TAXII 2.1 server: medallion (PyPI) with its memory backend, started on a
free loopback port by the test. 25 objects whose ``date_added`` values tie in groups of 7 straddle 5-object
pages, so a client that advanced ``added_after`` page by page would lose objects (checked below)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from carrierwatch import statedb
from carrierwatch.findings import InputAccount
from carrierwatch.intel import store as intel_store
from carrierwatch.intel.importer import ImportResult, import_objects
from carrierwatch.intel.taxii_client import Auth, TaxiiError, load_state, pull, save_state

COLL = "91a7b528-80eb-42ed-a74d-c6fbd5a26116"
AUTH = Auth(user="cw", password="s3cret-test")
N = 25


def _obj(n: int) -> dict[str, Any]:
    return {"type": "indicator", "spec_version": "2.1", "id": f"indicator--00000000-0000-4000-8000-{n:012d}",
            "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "pattern_type": "stix",
            "pattern": f"[ipv4-addr:value = '45.61.{n // 250}.{n % 250 + 1}']", "valid_from": "2026-01-01T00:00:00Z"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    root = f"http://127.0.0.1:{port}/api1/"
    objs = [_obj(i) for i in range(N)]
    manifest = [{"id": o["id"], "date_added": f"2026-01-0{1 + i // 7}T00:00:00.000000Z", "version": o["modified"],
                 "media_type": "application/stix+json;version=2.1"} for i, o in enumerate(objs)]
    data = {"/discovery": {"title": "test", "default": root, "api_roots": [root]},
            "api1": {"information": {"title": "api1", "versions": ["application/taxii+json;version=2.1"],
                                     "max_content_length": 9765625},
                     "status": [],
                     "collections": [{"id": COLL, "title": "intel", "can_read": True, "can_write": True,
                                      "media_types": ["application/stix+json;version=2.1"], "objects": objs,
                                      "manifest": manifest}]}}
    (tmp_path / "data.json").write_text(json.dumps(data), encoding="utf-8")
    config = {"backend": {"module": "medallion.backends.memory_backend", "module_class": "MemoryBackend",
                          "filename": str(tmp_path / "data.json")},
              "users": {AUTH.user: AUTH.password}, "taxii": {"max_page_size": 100}}
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "medallion.scripts.run", "--host", "127.0.0.1", "--port",
                             str(port), str(tmp_path / "config.json")], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("medallion did not start")
        yield root
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Sink:
    """Stores each page through the real import path and counts what the server sent."""

    def __init__(self, db: Any, root: str) -> None:
        self.db, self.root, self.seen = db, root, []  # type: list[str]
        self.res = ImportResult(InputAccount("taxii", "intel:taxii"), "taxii")

    def __call__(self, objs: list[dict[str, Any]]) -> None:
        self.seen += [o["id"] for o in objs]
        import_objects(self.db, objs, self.res, "taxii")


def _stored(db: Any) -> int:
    with db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(intel_store.stix_objects)).scalar_one())


def test_pages_interruption_resume_ties_no_gaps_no_duplicates(server: str, tmp_path: Path) -> None:
    db = statedb.connect(f"sqlite:///{tmp_path / 'state.db'}")
    sink = Sink(db, server)
    first = pull(db, server, COLL, sink, auth=AUTH, limit=5, max_pages=2)  # "killed" after two pages
    assert first.pages == 2 and first.state.next and len(sink.seen) == 10
    assert load_state(db, server, COLL).next == first.state.next  # the cursor survived the interruption
    second = pull(db, server, COLL, sink, auth=AUTH, limit=5)
    assert second.pages == 3 and not second.state.next and not second.restarted
    assert sorted(sink.seen) == sorted(_obj(i)["id"] for i in range(N))  # no gap, no duplicate
    assert _stored(db) == N and len(intel_store.load_indicators(db)) == N
    assert second.state.added_after and second.state.added_after.startswith("2026-01-04")

    again = pull(db, server, COLL, sink, auth=AUTH, limit=5)  # nothing new
    assert len(sink.seen) == N and again.pages == 1

    # New objects arrive: only they are fetched.
    body = json.dumps({"objects": [_obj(100), _obj(101)]}).encode()
    req = urllib.request.Request(server + f"collections/{COLL}/objects/", data=body, method="POST", headers={
        "Content-Type": "application/taxii+json;version=2.1", "Accept": "application/taxii+json;version=2.1",
        "Authorization": AUTH.header() or ""})
    urllib.request.urlopen(req, timeout=10).read()
    pull(db, server, COLL, sink, auth=AUTH, limit=5)
    assert len(sink.seen) == N + 2 and _stored(db) == N + 2


def test_ties_defeat_a_page_by_page_added_after_client(server: str) -> None:
    """Negative control: the data really has ties across page boundaries (the OpenCTI bug loses objects)."""
    got: list[str] = []
    after = None
    for _ in range(20):
        params = "limit=5" + (f"&added_after={after}" if after else "")
        req = urllib.request.Request(f"{server}collections/{COLL}/objects/?{params}", headers={
            "Accept": "application/taxii+json;version=2.1", "Authorization": AUTH.header() or ""})
        with urllib.request.urlopen(req, timeout=10) as resp:
            env = json.loads(resp.read())
            last = resp.headers.get("X-TAXII-Date-Added-Last")
        got += [o["id"] for o in env.get("objects", [])]
        if not env.get("more"):
            break
        after = last
    assert len(set(got)) < N


def test_forgotten_cursor_restarts_without_duplicates(server: str, tmp_path: Path) -> None:
    db = statedb.connect(f"sqlite:///{tmp_path / 'state.db'}")
    sink = Sink(db, server)
    pull(db, server, COLL, sink, auth=AUTH, limit=5, max_pages=1)
    st = load_state(db, server, COLL)
    st.next = "cursor-the-server-forgot"
    save_state(db, server, COLL, st)
    res = pull(db, server, COLL, sink, auth=AUTH, limit=5)
    assert res.restarted and set(sink.seen) == {_obj(i)["id"] for i in range(N)}
    assert _stored(db) == N  # the 5 re-sent objects were absorbed by the store's key


def test_wrong_password_is_an_error_without_the_secret(server: str, tmp_path: Path) -> None:
    db = statedb.connect(f"sqlite:///{tmp_path / 'state.db'}")
    with pytest.raises(TaxiiError) as info:
        pull(db, server, COLL, lambda objs: None, auth=Auth(user="cw", password="wrong-pw"), limit=5)
    assert "401" in str(info.value) and "wrong-pw" not in str(info.value)
