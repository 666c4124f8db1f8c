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
)


def connect(url: str) -> Engine:
    engine = create_engine(url, future=True)
    metadata.create_all(engine)
    return engine


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
    """Store indicators idempotently (key: STIX id + kind + value + modified). Returns (added, unchanged)."""
    added = unchanged = 0
    with engine.begin() as conn:
        have = {
            (r.stix_id, r.kind, r.value, r.modified)
            for r in conn.execute(select(indicators.c.stix_id, indicators.c.kind, indicators.c.value,
                                         indicators.c.modified))
        }
        for ind in items:
            key = (ind.id, ind.kind, ind.value, ind.modified)
            if key in have:
                unchanged += 1
                continue
            body = {
                "name": ind.name, "description": ind.description, "attack": ind.attack, "malware": ind.malware,
                "actors": ind.actors, "valid_until": ind.valid_until.isoformat() if ind.valid_until else None,
            }
            conn.execute(insert(indicators).values(stix_id=ind.id, kind=ind.kind, value=ind.value, source=ind.source,
                                                   modified=ind.modified, tlp=ind.tlp, body_json=json.dumps(body)))
            have.add(key)
            added += 1
    return added, unchanged


def load_indicators(engine: Engine) -> list[Indicator]:
    out: list[Indicator] = []
    with engine.connect() as conn:
        for r in conn.execute(select(indicators).order_by(indicators.c.id)):
            body = json.loads(r.body_json)
            vu = body.get("valid_until")
            out.append(Indicator(
                id=r.stix_id, kind=r.kind, value=r.value, source=r.source, name=body.get("name", ""),
                description=body.get("description", ""), tlp=r.tlp, attack=body.get("attack", []),
                malware=body.get("malware", []), actors=body.get("actors", []),
                valid_until=datetime.fromisoformat(vu) if vu else None, modified=r.modified,
            ))
    return out
