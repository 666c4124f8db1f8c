"""The hub on a real PostgreSQL server (started by the ``pg_url`` fixture): same behaviour as on SQLite."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from werkzeug.test import Client

from carrierwatch.share.serve import build_server

from . import test_access_matrix as matrix
from . import test_concurrency as conc
from .hubkit import Hub, build_hub


@pytest.fixture
def pg_hub(pg_url: str) -> Iterator[Hub]:
    name = "hub_" + uuid.uuid4().hex[:12]
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    hub = build_hub(pg_url.replace("/postgres?", f"/{name}?"))
    yield hub
    hub.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name}"))
    admin.dispose()


def test_pg_matrix_zero_leaks(pg_hub: Hub) -> None:
    assert pg_hub.engine.dialect.name == "postgresql"
    matrix.test_matrix_zero_leaks(pg_hub)


def test_pg_versions_delete_and_bad_objects(pg_hub: Hub) -> None:
    matrix.test_delete_and_versions(pg_hub)
    matrix.test_bad_objects_are_counted_failures(pg_hub)


def test_pg_access_log(pg_hub: Hub) -> None:
    matrix.test_access_log_records_reads(pg_hub)


def test_pg_concurrency(pg_hub: Hub) -> None:
    srv = build_server(pg_hub.app, "127.0.0.1", 0)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        conc._run(pg_hub, f"http://127.0.0.1:{srv.server_port}", seconds=4)
    finally:
        srv.shutdown()


def test_pg_cursor_survives_restart(pg_hub: Hub) -> None:
    """A ``next`` token from one server process still pages correctly in a new one (nothing in memory)."""
    coll = pg_hub.store.collection("cw", "coll-gov")
    assert coll is not None
    from .hubkit import stix_indicator

    objs = [stix_indicator("green") for _ in range(9)]
    pg_hub.store.add_objects(coll, objs)  # one batch: all nine share one date_added (a tie)
    h = matrix.hdr(pg_hub, "gov-amber")
    first = Client(pg_hub.app).get("/cw/collections/coll-gov/objects/?limit=4", headers=h).get_json()
    from carrierwatch.share.taxii_app import TaxiiApp

    fresh = TaxiiApp(pg_hub.engine)  # a "restarted" server: new app object, same database
    ids = [o["id"] for o in first["objects"]]
    tok = first["next"]
    while True:
        env = Client(fresh).get(f"/cw/collections/coll-gov/objects/?limit=4&next={tok}", headers=h).get_json()
        ids += [o["id"] for o in env.get("objects", [])]
        tok = env.get("next", tok)
        if not env["more"]:
            break
    assert ids == [o["id"] for o in objs]
