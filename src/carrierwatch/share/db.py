"""Open the hub's SQL state: SQLite (WAL, busy timeout) by default, PostgreSQL through psycopg 3 by URL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text

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
    _add_missing_columns(engine)
    return engine


_ADDED = {"is_top_spec": "BOOLEAN NOT NULL DEFAULT TRUE", "markings": "TEXT NOT NULL DEFAULT '[]'",
          "creator": "VARCHAR(128) NOT NULL DEFAULT ''"}


def _add_missing_columns(engine: Engine) -> None:
    """Columns added after a hub database was created (additive only; until migrations take over)."""
    have = {c["name"] for c in inspect(engine).get_columns("taxii_objects")}
    with engine.begin() as conn:
        for col, decl in _ADDED.items():
            if col not in have:
                conn.execute(text(f"ALTER TABLE taxii_objects ADD COLUMN {col} {decl}"))
