"""Sharing from a workspace: ``export_sightings`` (findings -> a TLP-marked, redacted STIX bundle on disk) and
``publish_bundle`` (that bundle into a collection of the TAXII hub).

The bundle is written with the one atomic writer of the project (``report.render.write_atomic``: temp file,
rename, owner-only), so a killed export never leaves half a bundle that looks complete.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carrierwatch import statedb
from carrierwatch.app.intake import UsageError
from carrierwatch.findings import Finding
from carrierwatch.report.render import write_atomic
from carrierwatch.share.export import ExportResult, export_bundle
from carrierwatch.share.redact import RedactionPolicy
from carrierwatch.workspace import Workspace


def load_findings(ws: Workspace, path: Path | None) -> list[Finding]:
    """Findings from a ``findings.json`` (a run's JSON output, or a bare list), else from the workspace."""
    if path is None:
        return statedb.load_findings(statedb.connect(ws.state_url))
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Finding.from_dict(d) for d in (data.get("findings", []) if isinstance(data, dict) else data)]


def load_policy(path: Path | None) -> RedactionPolicy:
    """The ``[redaction]`` table of a policy TOML file (the default policy when there is none)."""
    if path is None:
        return RedactionPolicy()
    return RedactionPolicy.from_dict(tomllib.loads(path.read_text(encoding="utf-8")).get("redaction", {}))


def export_sightings(ws: Workspace, output: Path, *, findings: Path | None = None, org: str | None = None,
                     anonymous: bool = False, tlp: str = "amber", policy: Path | None = None) -> ExportResult:
    """Findings -> a STIX 2.1 bundle written to ``output``, every object TLP-marked and redacted first.
    Unreadable or malformed findings or policy files, and an output that cannot be written (its folder must
    exist), raise :class:`UsageError` (nothing is written)."""
    try:
        items = load_findings(ws, findings)
        res = export_bundle(items, org=org or ws.config.organisation, anonymous=anonymous, default_tlp=tlp,
                            policy=load_policy(policy))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(str(exc)) from exc
    try:
        write_atomic(output, json.dumps(res.bundle, indent=2))
    except (OSError, ValueError) as exc:  # OutputPathError (no such folder), permission denied, disk full
        raise UsageError(f"cannot write {output}: {getattr(exc, 'strerror', None) or exc}") from exc
    return res


@dataclass
class Published:
    """What the hub stored of a bundle: object ids stored and failed."""

    collection: str
    stored: int
    failed: int


def publish_bundle(db_url: str, collection: str, objects: list[dict[str, Any]]) -> Published:
    """Add ``objects`` to the hub collection ``collection``; :class:`UsageError` if there is no such collection."""
    from carrierwatch.share.db import open_hub_db
    from carrierwatch.share.store import HubStore

    store = HubStore(open_hub_db(db_url))
    coll = next((c for c in store.collections() if c.id == collection), None)
    if coll is None:
        raise UsageError(f"no collection {collection!r}")
    added = store.add_objects(coll, objects)
    return Published(collection, len(added.successes), len(added.failures))
