"""The state database (SQLAlchemy Core): runs, findings with triage state, and the indicator store.

SQLite file in the workspace by default; any SQLAlchemy URL (PostgreSQL is tested by the sharing issue). The
schema is created on first use; Alembic migrations start once the schema has users (DESIGN.md).
Findings are upserted by their stable id, so re-running a hunt updates ``last_seen`` and keeps triage state.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    select,
    update,
)

from carrierwatch.findings import Finding, RunResult
from carrierwatch.intel.indicators import Indicator

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String(32), nullable=False),
    Column("started", DateTime(timezone=True)),
    Column("finished", DateTime(timezone=True)),
    Column("summary_json", Text, nullable=False),
    Column("inputs_json", Text, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("rule_id", String(80), nullable=False, index=True),
    Column("severity", String(10), nullable=False),
    Column("category", String(20), nullable=False),
    Column("device", String(255), index=True),
    Column("first_seen", DateTime(timezone=True)),
    Column("last_seen", DateTime(timezone=True)),
    Column("last_run", Integer, nullable=False),
    Column("triage", String(20), nullable=False, default="new"),
    Column("body_json", Text, nullable=False),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stix_id", String(80), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("value", String(2048), nullable=False),
    Column("source", String(1024), nullable=False),
    Column("modified", String(40), nullable=False, default=""),
    Column("tlp", String(16), nullable=False, default="clear"),
    Column("body_json", Text, nullable=False),
    Column("grp", String(200), nullable=False, default=""),  # compound-pattern conjunction ("" = standalone)
    Column("warning", String(200), nullable=False, default=""),  # MISP warning list that flags it benign
)

#: Every STIX object ever imported, by (id, modified): what makes re-importing a bundle add nothing.
stix_objects = Table(
    "stix_objects",
    metadata,
    Column("stix_id", String(120), primary_key=True),
    Column("modified", String(40), primary_key=True),
    Column("type", String(64), nullable=False),
    Column("source", String(1024), nullable=False),
)

#: TAXII 2.1 pull state per (server URL, collection): resume point after an interruption.
taxii_state = Table(
    "taxii_state",
    metadata,
    Column("url", String(1024), primary_key=True),
    Column("collection", String(200), primary_key=True),
    Column("added_after", String(40)),  # X-TAXII-Date-Added-Last of the last complete page run
    Column("next", String(1024)),  # 'next' cursor of the page we stopped after (interrupted run)
    Column("page_added_after", String(40)),  # the added_after that 'next' belongs to
    Column("objects", Integer, nullable=False, default=0),
)


def connect(url: str) -> Engine:
    engine = create_engine(url, future=True)
    metadata.create_all(engine)
    _add_missing_columns(engine)
    return engine


def _add_missing_columns(engine: Engine) -> None:
    """Additive columns for stores created before they existed (until Alembic takes over)."""
    from sqlalchemy import inspect, text

    have = {c["name"] for c in inspect(engine).get_columns("indicators")}
    with engine.begin() as conn:
        for col in ("grp", "warning"):
            if col not in have:
                conn.execute(text(f"ALTER TABLE indicators ADD COLUMN {col} VARCHAR(200) NOT NULL DEFAULT ''"))


def save_run(engine: Engine, result: RunResult) -> int:
    """Record a run and upsert its findings; returns the run id."""
    with engine.begin() as conn:
        inserted = conn.execute(
            insert(runs).values(
                command=result.command,
                started=result.started,
                finished=result.finished or datetime.now(UTC),
                summary_json=json.dumps(result.summary(), default=str),
                inputs_json=json.dumps([i.to_dict() for i in result.inputs], default=str),
            )
        ).inserted_primary_key
        assert inserted is not None
        run_id = inserted[0]
        existing = {r.id for r in conn.execute(select(findings.c.id))}
        for f in result.findings:
            body = json.dumps(f.to_dict(), default=str)
            values = dict(
                rule_id=f.rule_id, severity=f.severity.value, category=f.category.value, device=f.device,
                first_seen=f.first_seen, last_seen=f.last_seen, last_run=run_id, body_json=body,
            )
            if f.id in existing:
                conn.execute(update(findings).where(findings.c.id == f.id).values(**values))
            else:
                conn.execute(insert(findings).values(id=f.id, triage="new", **values))
                existing.add(f.id)
    return int(run_id)


def load_findings(engine: Engine) -> list[Finding]:
    with engine.connect() as conn:
        rows = conn.execute(select(findings.c.body_json).order_by(findings.c.id)).all()
    return [Finding.from_dict(json.loads(r.body_json)) for r in rows]


def save_indicators(engine: Engine, items: Iterable[Indicator]) -> tuple[int, int]:
    """Store indicators idempotently (key: STIX id + kind + value + modified + group). Returns (added, unchanged)."""
    added = unchanged = 0
    rows: list[dict[str, object]] = []
    with engine.begin() as conn:
        have = {
            (r.stix_id, r.kind, r.value, r.modified, r.grp)
            for r in conn.execute(select(indicators.c.stix_id, indicators.c.kind, indicators.c.value,
                                         indicators.c.modified, indicators.c.grp))
        }
        for ind in items:
            key = (ind.id, ind.kind, ind.value, ind.modified, ind.group)
            if key in have:
                unchanged += 1
                continue
            body = {
                "name": ind.name, "description": ind.description, "attack": ind.attack, "malware": ind.malware,
                "actors": ind.actors, "valid_until": ind.valid_until.isoformat() if ind.valid_until else None,
                "confidence": ind.confidence, "group_size": ind.group_size,
                "first_seen": ind.first_seen.isoformat() if ind.first_seen else None,
                "last_seen": ind.last_seen.isoformat() if ind.last_seen else None,
            }
            rows.append(dict(stix_id=ind.id, kind=ind.kind, value=ind.value, source=ind.source, modified=ind.modified,
                             tlp=ind.tlp, body_json=json.dumps(body), grp=ind.group, warning=ind.warning))
            have.add(key)
            added += 1
        if rows:
            conn.execute(insert(indicators), rows)
    return added, unchanged


def save_stix_keys(engine: Engine, keys: Iterable[tuple[str, str, str]], source: str) -> tuple[int, int]:
    """Record (id, type, modified) of imported STIX objects; returns (new, already stored).

    One INSERT ... ON CONFLICT DO NOTHING batch (SQLite and PostgreSQL both have it): fetching the existing keys
    first cost more than parsing the whole ATT&CK bundle."""
    from sqlalchemy import func

    rows = [{"stix_id": sid, "modified": mod, "type": typ, "source": source} for sid, typ, mod in keys]
    if not rows:
        return 0, 0
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    with engine.begin() as conn:
        before = conn.execute(select(func.count()).select_from(stix_objects)).scalar_one()
        if engine.dialect.name == "sqlite":  # the driver's executemany directly: 3x faster for 25k rows
            conn.exec_driver_sql("INSERT OR IGNORE INTO stix_objects (stix_id, modified, type, source) "
                                 "VALUES (?, ?, ?, ?)", [(r["stix_id"], r["modified"], r["type"], source)
                                                         for r in rows])
        else:
            conn.execute(pg_insert(stix_objects).on_conflict_do_nothing(), rows)
        after = conn.execute(select(func.count()).select_from(stix_objects)).scalar_one()
    return after - before, len(rows) - (after - before)


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def load_indicators(engine: Engine) -> list[Indicator]:
    out: list[Indicator] = []
    with engine.connect() as conn:
        for r in conn.execute(select(indicators).order_by(indicators.c.id)):
            body = json.loads(r.body_json)
            out.append(Indicator(
                id=r.stix_id, kind=r.kind, value=r.value, source=r.source, name=body.get("name", ""),
                description=body.get("description", ""), tlp=r.tlp, attack=body.get("attack", []),
                malware=body.get("malware", []), actors=body.get("actors", []),
                valid_until=_dt(body.get("valid_until")), modified=r.modified, confidence=body.get("confidence"),
                first_seen=_dt(body.get("first_seen")), last_seen=_dt(body.get("last_seen")), group=r.grp or "",
                group_size=int(body.get("group_size") or 1), warning=r.warning or "",
            ))
    return out
