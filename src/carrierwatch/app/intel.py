"""Threat intel in and out of a workspace: ``import_intel``, ``pull_intel``, ``list_indicators``, ``intel_stats``,
``export_intel``, ``update_vulns``.

Front ends (the CLI's ``intel`` group, ``demo``, a web console) call these and present the typed results; the
formats, the store and the TAXII client stay in ``intel/`` and ``audit/``. Nothing here prints or exits; a
file that cannot be used is an outcome with its reason, not an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from carrierwatch import statedb
from carrierwatch.app.intake import UsageError
from carrierwatch.findings import InputAccount
from carrierwatch.intel import store as intel_store
from carrierwatch.intel.importer import ImportResult, import_objects, import_path
from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.taxii_client import Auth, PullResult, pull
from carrierwatch.workspace import Workspace


@dataclass
class IntelImport:
    """One path given to ``intel import``: what was stored (``result``), or why nothing was (``error``)."""

    path: Path
    result: ImportResult | None = None
    error: str | None = None


def import_intel(ws: Workspace, paths: Sequence[Path], *, fmt: str | None = None, tlp: str | None = None,
                 warninglists_on: bool = True) -> list[IntelImport]:
    """Import each file or MISP feed folder into the store (idempotent: re-importing adds nothing). Values on a
    MISP warning list are flagged (matches become ``CW-IOC-SUPPRESSED``) unless ``warninglists_on`` is False."""
    db = statedb.connect(ws.state_url)
    out: list[IntelImport] = []
    for path in paths:
        if not path.exists():
            out.append(IntelImport(path, error="no such file"))
            continue
        res = import_path(db, path, fmt=fmt, tlp=tlp, warninglists_on=warninglists_on)
        out.append(IntelImport(path, res, res.account.error))
    return out


@dataclass
class IntelPull:
    """One TAXII pull: the collection's source name, what was stored, and the paging state reached."""

    source: str
    result: ImportResult
    pulled: PullResult


def pull_intel(ws: Workspace, url: str, collection: str, *, auth: Auth, limit: int = 1000,
               max_pages: int | None = None) -> IntelPull:
    """Pull new objects from a TAXII 2.1 collection into the store; resumes where the last pull stopped.
    Raises :class:`~carrierwatch.intel.taxii_client.TaxiiError` when the server cannot be used."""
    db = statedb.connect(ws.state_url)
    source = f"taxii:{url.rstrip('/')}/collections/{collection}"
    res = ImportResult(InputAccount(source, "intel:taxii"), "taxii")
    got = pull(db, url, collection, lambda objs: import_objects(db, objs, res, source), auth=auth,
               limit=limit, max_pages=max_pages)
    return IntelPull(source, res, got)


def list_indicators(ws: Workspace, *, kind: str | None = None) -> list[Indicator]:
    """The stored indicators (only those of ``kind``: ipv4, cidr6, domain, sha256, ... when given)."""
    items = intel_store.load_indicators(statedb.connect(ws.state_url))
    return [i for i in items if i.kind == kind] if kind else items


@dataclass
class IntelStats:
    """Counts of the stored indicators by kind, TLP, source and warning list, and of stored STIX objects."""

    indicators: int
    stix_objects: int
    by_kind: dict[str, int]
    by_tlp: dict[str, int]
    by_source: dict[str, int]
    warning_listed: dict[str, int]


def intel_stats(ws: Workspace) -> IntelStats:
    from collections import Counter

    from sqlalchemy import func, select

    db = statedb.connect(ws.state_url)
    items = intel_store.load_indicators(db)
    with db.connect() as conn:
        objects = conn.execute(select(func.count()).select_from(intel_store.stix_objects)).scalar_one()
    return IntelStats(len(items), objects, dict(Counter(i.kind for i in items)), dict(Counter(i.tlp for i in items)),
                      dict(Counter(i.source for i in items)), dict(Counter(i.warning for i in items if i.warning)))


@dataclass
class IntelExport:
    """Stored indicators up to a TLP, as text; ``skipped``: indicators the format cannot carry."""

    text: str
    count: int
    skipped: int = 0


EXPORT_FORMATS = ("stix", "csv", "zeek")


def export_intel(ws: Workspace, *, fmt: str = "stix", max_tlp: str = "green") -> IntelExport:
    """The stored indicators at or below ``max_tlp`` as STIX 2.1, CSV or Zeek intel."""
    from carrierwatch.intel import export
    from carrierwatch.intel.tlp import ORDER

    if max_tlp not in ORDER or fmt not in EXPORT_FORMATS:
        raise UsageError(f"--max-tlp is one of {', '.join(ORDER)}; --format is stix, csv or zeek")
    items = export.allowed(intel_store.load_indicators(statedb.connect(ws.state_url)), max_tlp)
    if fmt == "stix":
        return IntelExport(export.to_stix(items), len(items))
    if fmt == "csv":
        return IntelExport(export.to_csv(items), len(items))
    text, skipped = export.to_zeek(items)
    return IntelExport(text, len(items), skipped)


@dataclass
class VulnUpdate:
    """``intel update-vulns``: CVE records with versions and KEV dates stored, per-file accounts, and the paths
    that were not files."""

    rows: int
    kev: int
    target: Path
    accounts: list[InputAccount] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def update_vulns(ws: Workspace, paths: Sequence[Path]) -> VulnUpdate:
    """Load KEV catalogs and CVE JSON 5 records into the workspace, on top of the catalog shipped with
    carrierwatch (``audit`` then uses them)."""
    from carrierwatch.audit.vuln_update import load_vuln_files, save_rows
    from carrierwatch.audit.vulns import load_catalog

    folder = ws.root / "vulns"
    known = set(load_catalog(folder))
    files = [f for f in paths if f.is_file()]
    rows, kev, accounts = load_vuln_files(files, known)
    target = save_rows(folder, rows, kev)
    return VulnUpdate(len(rows), len(kev), target, accounts, [f for f in paths if not f.is_file()])
