"""4 writers and 4 paging readers at once over real HTTP: every reader sees every object exactly once.

The default run lasts a few seconds; the ``slow`` variant runs the issue's full 60 s."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests

from .hubkit import Hub, stix_indicator

TAXII = "application/taxii+json;version=2.1"


def _run(hub: Hub, base: str, seconds: float) -> None:
    url = base + "/cw/collections/coll-isac/objects/"
    auth = ("carrier", hub.creds["carrier"].password)
    stop = threading.Event()
    writers_done = threading.Event()
    written: list[list[str]] = [[] for _ in range(4)]
    seen: list[list[str]] = [[] for _ in range(4)]
    errors: list[str] = []

    def writer(i: int) -> None:
        s = requests.Session()
        while not stop.is_set():
            objs = [stix_indicator("amber", oid=f"indicator--{uuid.uuid4()}") for _ in range(5)]
            r = s.post(url, json={"objects": objs}, auth=auth,
                       headers={"Accept": TAXII, "Content-Type": TAXII}, timeout=30)
            if r.status_code != 202 or r.json()["success_count"] != 5:
                errors.append(f"write {r.status_code}")
                return
            written[i].extend(o["id"] for o in objs)

    def reader(i: int) -> None:
        s = requests.Session()
        token: str | None = None
        after: str | None = None
        drained = False
        while not drained:  # once every writer has returned, read until an empty page
            done_before = writers_done.is_set()  # read before the request: no write can land after it
            params = {"limit": "7"}
            if token:  # TAXII 2.1 §3.4: same filters plus next while more is true
                params["next"] = token
            if after:
                params["added_after"] = after
            r = s.get(url, params=params, auth=auth, headers={"Accept": TAXII}, timeout=30)
            if r.status_code != 200:
                errors.append(f"read {r.status_code}")
                return
            env = r.json()
            got = [o["id"] for o in env.get("objects", [])]
            seen[i].extend(got)
            token = env.get("next")
            if not env.get("more"):  # last page: no next (§3.4.3); poll on from its last date_added
                token = None
                after = r.headers.get("X-TAXII-Date-Added-Last", after)
            if not got and done_before:
                drained = True
            if not env.get("more"):
                time.sleep(0.02)

    writers = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    readers = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for th in writers + readers:
        th.start()
    time.sleep(seconds)
    stop.set()
    for th in writers:
        th.join(120)
    writers_done.set()
    for th in readers:
        th.join(120)
    assert not errors
    everything = sorted(x for w in written for x in w)
    assert len(everything) > 20
    for s in seen:
        assert len(s) == len(set(s)), "a reader saw an object twice"
        assert sorted(s) == everything, "a reader missed objects"


def test_concurrent_writers_and_readers_short(live: tuple[Hub, str]) -> None:
    _run(*live, seconds=4)


@pytest.mark.slow
def test_concurrent_writers_and_readers_60s(live: tuple[Hub, str]) -> None:
    _run(*live, seconds=60)
