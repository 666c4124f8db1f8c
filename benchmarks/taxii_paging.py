"""Issue 7 benchmark: a full paged read of 100,000 STIX objects from our TAXII hub vs medallion (memory backend).

Both servers hold the same objects and are driven the same way, in process through their WSGI apps (Werkzeug's
test client; no sockets, so the figure is the servers' own cost), 100 objects a page, following ``next`` to the
end. Ours reads SQLite with a durable (seq) cursor; medallion (PyPI, memory backend) keeps the filtered result in
process memory per ``next`` token. Load time is reported but not compared. Measured at --scale 0.05 (5,000
objects): medallion's first page alone took 191 s (its filter step grows with the square of the collection), so
a full-size (100,000) medallion read is expected to take many hours: run it deliberately. medallion's
``session_timeout`` is raised so that its cursors do not expire mid-read (its default of 30 s would fail the large run).
"""

from __future__ import annotations

import base64
import json
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PAGE = 100
TAXII = "application/taxii+json;version=2.1"


def make_objects(n: int) -> list[dict[str, Any]]:
    objs = []
    for i in range(n):
        objs.append({"type": "indicator", "spec_version": "2.1", "id": f"indicator--{uuid.UUID(int=i + 1, version=4)}",
                     "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                     "name": f"bench {i}", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
                     "pattern": f"[ipv4-addr:value = '45.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}']",
                     "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]})
    return objs


def _read_all(client: Any, url: str, headers: dict[str, str]) -> tuple[int, list[float], float]:
    lat: list[float] = []
    seen = 0
    t0 = time.perf_counter()
    nxt: str | None = None
    while True:
        q = f"{url}?limit={PAGE}" + (f"&next={nxt}" if nxt else "")
        t1 = time.perf_counter()
        r = client.get(q, headers=headers)
        lat.append(time.perf_counter() - t1)
        if r.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {r.status_code} after {seen} objects")
        env = json.loads(r.get_data())
        seen += len(env.get("objects", []))
        if not env.get("more"):
            break
        nxt = env["next"]
    return seen, lat, time.perf_counter() - t0


def _pct(lat: list[float], p: float) -> float:
    s = sorted(lat)
    return round(s[min(len(s) - 1, int(p * len(s)))] * 1000, 2)


def run_ours(objs: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    from werkzeug.test import Client

    from carrierwatch.share.db import open_hub_db
    from carrierwatch.share.partners import PartnerBook
    from carrierwatch.share.store import HubStore
    from carrierwatch.share.taxii_app import HubSettings, TaxiiApp

    engine = open_hub_db(f"sqlite:///{folder / 'hub.db'}")
    store = HubStore(engine)
    coll = store.create_collection("bench", "bench", default_tlp="green")
    creds = PartnerBook(engine).add("reader", tlp="green", read=["bench"], rate_per_minute=0)
    t0 = time.perf_counter()
    for i in range(0, len(objs), 5000):
        store.add_objects(coll, objs[i:i + 5000])
    load = time.perf_counter() - t0
    app = TaxiiApp(engine, HubSettings(default_page=PAGE, max_page=PAGE))
    tok = base64.b64encode(f"reader:{creds.password}".encode()).decode()
    n, lat, total = _read_all(Client(app), "/cw/collections/bench/objects/",
                              {"Accept": TAXII, "Authorization": f"Basic {tok}"})
    return {"objects": n, "pages": len(lat), "seconds": round(total, 3), "load_s": round(load, 2),
            "p50_ms": _pct(lat, 0.5), "p99_ms": _pct(lat, 0.99)}


def run_medallion(objs: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    from medallion import application_instance, register_blueprints, set_config

    coll = {"id": "91a7b528-80eb-42ed-a74d-c6fbd5a26116", "title": "bench", "can_read": True, "can_write": True,
            "media_types": ["application/stix+json;version=2.1"], "objects": [], "manifest": []}
    data = {"/discovery": {"title": "bench", "api_roots": ["http://localhost/api1/"]},
            "api1": {"information": {"title": "bench", "versions": [TAXII], "max_content_length": 10 ** 9},
                     "status": [], "collections": [coll]}}
    path = folder / "medallion.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    config = {"backend": {"module": "medallion.backends.memory_backend", "module_class": "MemoryBackend",
                          "filename": str(path), "session_timeout": 10 ** 6},
              "users": {"reader": "pass"}, "taxii": {"max_page_size": PAGE}}
    set_config(application_instance, "users", config)
    set_config(application_instance, "taxii", config)
    set_config(application_instance, "backend", config)
    if "objects" not in application_instance.blueprints:
        register_blueprints(application_instance)
    backend = application_instance.medallion_backend
    t0 = time.perf_counter()
    for i in range(0, len(objs), 5000):
        backend.add_objects("api1", coll["id"], {"objects": [dict(o) for o in objs[i:i + 5000]]},
                            datetime.now(UTC))
    load = time.perf_counter() - t0
    tok = base64.b64encode(b"reader:pass").decode()
    n, lat, total = _read_all(application_instance.test_client(), f"/api1/collections/{coll['id']}/objects/",
                              {"Accept": TAXII, "Authorization": f"Basic {tok}"})
    return {"objects": n, "pages": len(lat), "seconds": round(total, 3), "load_s": round(load, 2),
            "p50_ms": _pct(lat, 0.5), "p99_ms": _pct(lat, 0.99)}


def _medallion_child(n: int, folder: str, conn: Any) -> None:
    conn.send(run_medallion(make_objects(n), Path(folder)))
    conn.close()


def run_medallion_with_budget(n: int, folder: Path, budget_s: float) -> dict[str, Any]:
    """medallion in a child process, killed after ``budget_s``: an unfinished read still gives a lower bound."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_medallion_child, args=(n, str(folder), child))
    t0 = time.perf_counter()
    proc.start()
    done = parent.poll(budget_s)
    if done:
        out: dict[str, Any] = parent.recv()
        proc.join(30)
        out["completed"] = True
        return out
    proc.kill()
    proc.join(30)
    return {"objects": 0, "completed": False, "seconds": round(time.perf_counter() - t0, 1),
            "note": f"did not finish a full paged read within {budget_s:.0f} s (load + read); killed"}


def run(scale: float = 1.0, medallion_budget_s: float = 900.0) -> dict[str, Any]:
    n = max(PAGE * 3, int(100_000 * scale))
    objs = make_objects(n)
    with tempfile.TemporaryDirectory(prefix="cw-bench-taxii-") as tmp:
        ours = run_ours(objs, Path(tmp))
        peer = run_medallion_with_budget(n, Path(tmp), medallion_budget_s)
    if ours["objects"] != n or (peer["completed"] and peer["objects"] != n):
        raise RuntimeError(f"incomplete read: ours {ours['objects']}, medallion {peer['objects']} of {n}")
    out = {"name": "taxii_paging", "objects": n, "page_size": PAGE, "carrierwatch": ours, "medallion": peer,
           "carrierwatch_s": ours["seconds"], "medallion_s": peer["seconds"]}
    if peer["completed"]:
        out["ratio_medallion_over_cw"] = round(peer["seconds"] / ours["seconds"], 1) if ours["seconds"] else None
    else:  # medallion's time is at least its budget, so the ratio is at least budget / ours
        out["ratio_medallion_over_cw_at_least"] = round(peer["seconds"] / ours["seconds"], 1)
    return out


if __name__ == "__main__":
    import sys

    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 0.05), indent=2))
