"""Open the hub's SQL state: SQLite (WAL, busy timeout) by default, PostgreSQL through psycopg 3 by URL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

from carrierwatch.share.schema import metadata


def open_hub_db(url: str) -> Engine:
    """Create the engine and the tables. SQLite gets WAL so paging readers never block on a writer."""
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 60, "check_same_thread": False}
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    metadata.create_all(engine)
    return engine
