"""One way into the indicator store for every intel format: sniff, read, flag warning lists, store idempotently.

Used by ``carrierwatch intel import`` and ``intel pull``. Each input is accounted in an :class:`InputAccount`;
re-importing anything adds nothing (STIX objects by id + modified, indicators by id + kind + value + modified +
group, MISP feed events by uuid + timestamp).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from carrierwatch.findings import InputAccount
from carrierwatch.intel import flat_readers, misp_reader, warninglists
from carrierwatch.intel import store as intel_store
from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.stix_reader import read_stix_indicators, read_stix_objects
from carrierwatch.intel.tlp import TlpResolver, valid_tlp

FORMATS = ("stix", "misp-json", "misp-feed", "misp-csv", "csv", "zeek-intel", "freetext")


@dataclass
class ImportResult:
    account: InputAccount
    format: str
    indicators: int = 0  # indicator values read
    added: int = 0
    unchanged: int = 0
    objects_added: int = 0
    objects_unchanged: int = 0
    warnings: dict[str, int] = field(default_factory=dict)  # warning list -> flagged values
    notes: dict[str, int] = field(default_factory=dict)  # pattern parts not evaluated
    tlp_counts: dict[str, int] = field(default_factory=dict)  # unmarked / unresolved (fail closed) / malformed
    tlp_raised: int = 0  # stored indicators raised to a stricter TLP by this import


def sniff_intel(path: Path) -> str:
    """Which intel format a file or folder holds (by content, then by name)."""
    if path.is_dir():
        return "misp-feed" if (path / "manifest.json").is_file() else "unknown"
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head[:2] == b"\x1f\x8b":
        return "stix"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if text.startswith("{") or text.startswith("["):
        if '"Event"' in text or ('"Attribute"' in text and '"objects"' not in text):
            return "misp-json"  # also bare events and restSearch responses
        return "stix"
    if "#fields" in text and "indicator_type" in text:
        return "zeek-intel"
    first = text.splitlines()[0].lower() if text else ""
    if "," in first and any(c in first.split(",") for c in ("value", "indicator", "ioc", "observable")):
        return "misp-csv" if "to_ids" in first else "csv"
    return "freetext"


def _known_keys(db: Engine, prefix: str) -> set[tuple[str, str]]:
    t = intel_store.stix_objects
    with db.connect() as conn:
        rows = conn.execute(select(t.c.stix_id, t.c.modified).where(t.c.stix_id.like(prefix + "%")))
        return {(r.stix_id, r.modified) for r in rows}


#: TLP of line formats that carry none (CSV, Zeek, freetext) when ``--tlp`` is not given.
FLAT_DEFAULT_TLP = "clear"


def resolver_for(db: Engine) -> TlpResolver:
    """A TLP resolver that knows every marking-definition earlier imports and pulls stored."""
    return TlpResolver(intel_store.load_markings(db))


def _count_tlp(result: ImportResult, counts: dict[str, int]) -> None:
    for k, v in counts.items():
        result.tlp_counts[k] = result.tlp_counts.get(k, 0) + v


def store(db: Engine, result: ImportResult, indicators: list[Indicator], keys: list[tuple[str, str, str]],
          source: str, *, warninglists_on: bool = True) -> ImportResult:
    if indicators and warninglists_on:
        result.warnings = warninglists.flag(indicators)
    result.indicators += len(indicators)
    raised: list[int] = []
    a, u = intel_store.save_indicators(db, indicators, raised)
    result.tlp_raised += len(raised)
    result.added += a
    result.unchanged += u
    if keys:
        a, u = intel_store.save_stix_keys(db, keys, source)
        result.objects_added += a
        result.objects_unchanged += u
    return result


def import_path(db: Engine, path: Path, *, fmt: str | None = None, tlp: str | None = None,
                display: str | None = None, warninglists_on: bool = True) -> ImportResult:
    """Import one file or feed folder (format sniffed unless given); the account says what was rejected.

    ``tlp`` (``--tlp``, validated by :func:`carrierwatch.intel.tlp.valid_tlp`) only raises: a marked object
    keeps its stricter marking, and stored indicators are raised to it on re-import. ``warninglists_on=False``
    stores the values unflagged (a lab whose attackers use RFC 5737 documentation addresses, which the MISP
    warning lists rightly call known-benign)."""
    tlp = valid_tlp(tlp)
    src = display or str(path)
    fmt = fmt or sniff_intel(path)
    res = ImportResult(InputAccount(src, f"intel:{fmt}"), fmt)
    acc = res.account
    inds: list[Indicator] = []
    keys: list[tuple[str, str, str]] = []
    try:
        if fmt == "stix":
            resolver = resolver_for(db)
            got = read_stix_indicators(path, acc, display_path=src, resolver=resolver, floor=tlp)
            res.notes = got.notes
            _count_tlp(res, got.tlp_counts)
            intel_store.save_markings(db, resolver.learned)
            inds, keys = got.indicators, got.keys
        elif fmt == "misp-json":
            data = json.loads(path.read_bytes())
            for ev in misp_reader.events_of(data):
                inds += misp_reader.read_misp_event(ev, acc, source=src, floor=tlp)
        elif fmt == "misp-feed":
            feed = misp_reader.read_misp_feed(str(path), acc, known=_known_keys(db, "misp-event--"), source=src,
                                              floor=tlp)
            inds, keys = feed.indicators, feed.keys
        elif fmt in ("csv", "misp-csv"):
            inds = flat_readers.read_csv_iocs(path, acc, source=src, tlp=tlp or FLAT_DEFAULT_TLP)
        elif fmt == "zeek-intel":
            inds = flat_readers.read_zeek_intel(path, acc, source=src, tlp=tlp or FLAT_DEFAULT_TLP)
        elif fmt == "freetext":
            inds = flat_readers.read_value_list(path, acc, source=src, tlp=tlp or FLAT_DEFAULT_TLP)
        else:
            acc.error = f"not an intel format carrierwatch reads ({', '.join(FORMATS)})"
            return res
        return store(db, res, inds, keys, src, warninglists_on=warninglists_on)
    except (OSError, ValueError, RecursionError) as exc:
        acc.error = f"unreadable {fmt} input: {exc.__class__.__name__}"
        return res


def import_objects(db: Engine, objects: list[dict[str, Any]], result: ImportResult, source: str,
                   tlp: str | None = None) -> None:
    """Store one page of STIX objects (a TAXII envelope), accumulating into ``result``.

    Marking-definitions of earlier pages (and earlier pulls) are loaded from the store, and this page's are
    saved, so a definition sent once still resolves the markings of every later page."""
    resolver = resolver_for(db)
    got = read_stix_objects(objects, result.account, source=source, resolver=resolver, floor=valid_tlp(tlp))
    intel_store.save_markings(db, resolver.learned)
    _count_tlp(result, got.tlp_counts)
    for k, v in got.notes.items():
        result.notes[k] = result.notes.get(k, 0) + v
    warn = dict(result.warnings)
    store(db, result, got.indicators, got.keys, source)
    for k, v in warn.items():
        result.warnings[k] = result.warnings.get(k, 0) + v
