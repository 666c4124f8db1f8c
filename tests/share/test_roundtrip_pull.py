"""Round trip: `intel pull`'s TAXII client against carrierwatch's own TAXII 2.1 server, with interruption."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxii2client.v21 import Server

from carrierwatch import statedb
from carrierwatch.intel.taxii_client import Auth, pull

from .hubkit import Hub, stix_indicator


def test_intel_pull_from_our_server_resumes_without_gaps(live: tuple[Hub, str], tmp_path: Path) -> None:
    hub, base = live
    password = hub.creds["carrier"].password
    server = Server(base + "/taxii2/", user="carrier", password=password)
    root = server.api_roots[0]
    col = {c.id: c for c in root.collections}["coll-isac"]
    objs = [stix_indicator("green") for _ in range(25)]
    assert col.add_objects({"objects": objs}).success_count == 25

    db = statedb.connect(f"sqlite:///{tmp_path / 'state.db'}")
    seen: list[str] = []

    def keep(page: list[dict[str, Any]]) -> None:
        seen.extend(o["id"] for o in page)

    auth = Auth(user="carrier", password=password)
    first = pull(db, root.url, "coll-isac", keep, auth=auth, limit=10, max_pages=1)  # interrupted
    assert first.pages == 1 and len(seen) == 10
    rest = pull(db, root.url, "coll-isac", keep, auth=auth, limit=10)  # resumes from the saved cursor
    assert rest.pages >= 2
    assert sorted(seen) == sorted(o["id"] for o in objs)  # every object exactly once
    col.add_objects({"objects": [stix_indicator("clear")]})
    again = pull(db, root.url, "coll-isac", keep, auth=auth, limit=10)
    assert len(seen) == 26 and len(set(seen)) == 26 and again.pages >= 1  # only the new object
