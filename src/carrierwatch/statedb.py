"""The state database (SQLAlchemy Core): runs and findings with triage state.

The indicator store's tables live in ``intel.store`` (and the hub's in ``share.store``) on the same
:data:`metadata`: this module sits low in the flow and imports nothing above ``findings``.

SQLite file in the workspace by default; any SQLAlchemy URL (PostgreSQL is tested by the sharing issue). The
schema is created on first use; Alembic migrations start once the schema has users (docs/configuration.md).
Findings are upserted by their stable id, so re-running a hunt updates ``last_seen`` and keeps triage state.

A state DB that cannot be used (a corrupt or foreign file, a read-only workspace, a full disk, a server that
refuses) raises :class:`StateError`: one line naming the database and what is wrong, never a traceback, and
never a new database written over the old one (the schema is only ever created where none exists; a
failed write rolls back its transaction).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
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
    make_url,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from carrierwatch.findings import Finding, RunResult
from carrierwatch.workspace import WorkspaceError


class StateError(WorkspaceError):
    """The state DB cannot be read or written; the message is one line naming it (the CLI exits 2)."""


def _name(engine_or_url: Engine | str) -> str:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.database if url.get_backend_name() == "sqlite" and url.database else url.render_as_string(
        hide_password=True)


def _why(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).splitlines()[0] if str(orig) else orig.__class__.__name__
    if "not a database" in text or "malformed" in text:
        return f"not a usable database ({text}); it was left as it is — move it away to start a new one"
    return text


@contextlib.contextmanager
def _state(target: Engine | str, doing: str) -> Iterator[None]:
    try:
        yield
    except (SQLAlchemyError, OSError) as exc:
        raise StateError(f"state DB {_name(target)}: cannot {doing}: {_why(exc)}") from exc

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
    """Open the state DB (creating its schema where there is none); :class:`StateError` if it cannot be used."""
    with _state(url, "open"):
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
    """Record a run and upsert its findings; returns the run id (:class:`StateError` if it cannot be written)."""
    with _state(engine, "save the run"), engine.begin() as conn:
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
    with _state(engine, "read findings"), engine.connect() as conn:
        rows = conn.execute(select(findings.c.body_json).order_by(findings.c.id)).all()
    return [Finding.from_dict(json.loads(r.body_json)) for r in rows]
