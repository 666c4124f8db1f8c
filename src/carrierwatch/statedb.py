"""The state database (SQLAlchemy Core): runs and findings with triage state.

The indicator store's tables live in ``intel.store`` (and the hub's in ``share.store``) on the same
:data:`metadata`: this module sits low in the flow and imports nothing above ``findings``.

SQLite file in the workspace by default; any SQLAlchemy URL (PostgreSQL is tested by the sharing issue). The
schema is created on first use; Alembic migrations start once the schema has users (docs/configuration.md).
Findings are upserted by their stable id, so re-running a hunt updates ``last_seen`` and keeps triage state.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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

metadata = MetaData()
_SCHEMA_HOOKS: list[Callable[[Engine], None]] = []

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

def connect(url: str) -> Engine:
    engine = create_engine(url, future=True)
    metadata.create_all(engine)
    for hook in _SCHEMA_HOOKS:
        hook(engine)
    return engine


def add_schema_hook(hook: Callable[[Engine], None]) -> None:
    """Let a module higher in the flow (``intel.store``, ``share.store``) run its additive migrations on
    every ``connect`` after ``create_all``: their tables live on :data:`metadata` but in their own module."""
    if hook not in _SCHEMA_HOOKS:
        _SCHEMA_HOOKS.append(hook)


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
