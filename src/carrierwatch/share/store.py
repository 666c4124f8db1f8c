"""The hub's object store: add, page, version and delete STIX objects in SQL with a durable cursor.

Writers to one collection are serialised by an UPDATE of the collection's row (a row lock in PostgreSQL, the
database write lock in SQLite) taken *before* sequence numbers are drawn, so commit order equals ``seq`` order
inside a collection and a reader paging by ``seq`` can never skip a row that commits later with a smaller seq.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, or_, select, update

from carrierwatch.intel.tlp import ORDER
from carrierwatch.share import schema as t
from carrierwatch.share.stixmeta import BadObject, check_object, collect_refs, tlp_rank, version_key


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Collection:
    id: str
    api_root: str
    title: str
    description: str
    trust_group: str
    default_tlp: str


@dataclass
class Filters:
    """TAXII 2.1 §3.4 query filters, already validated."""

    added_after: str | None = None  # normalised version_key form
    ids: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=lambda: ["last"])  # last / first / all / version keys
    spec_versions: list[str] = field(default_factory=list)


@dataclass
class Row:
    seq: int
    stix_id: str
    type: str
    spec_version: str
    version: str
    date_added: str
    tlp_rank: int
    refs: str
    body: str


@dataclass
class AddResult:
    successes: list[tuple[str, str]] = field(default_factory=list)  # (id, version)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (id or "", reason)


_ROW_COLS = (t.objects.c.seq, t.objects.c.stix_id, t.objects.c.type, t.objects.c.spec_version, t.objects.c.version,
             t.objects.c.date_added, t.objects.c.tlp_rank, t.objects.c.refs, t.objects.c.body)


class HubStore:
    """SQL-backed TAXII collections. Every method is one short transaction; nothing lives in process memory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- collections -------------------------------------------------------------------------------------------
    def create_collection(self, cid: str, title: str, *, api_root: str = "cw", description: str = "",
                          trust_group: str = "", default_tlp: str = "amber") -> Collection:
        if default_tlp not in ORDER:
            raise ValueError(f"unknown TLP {default_tlp!r}")
        with self.engine.begin() as conn:
            conn.execute(insert(t.collections).values(id=cid, api_root=api_root, title=title, description=description,
                                                      trust_group=trust_group, default_tlp=default_tlp,
                                                      write_tick=0))
        return Collection(cid, api_root, title, description, trust_group, default_tlp)

    def collections(self, api_root: str | None = None) -> list[Collection]:
        q = select(t.collections).order_by(t.collections.c.id)
        if api_root is not None:
            q = q.where(t.collections.c.api_root == api_root)
        with self.engine.connect() as conn:
            return [Collection(r.id, r.api_root, r.title, r.description, r.trust_group, r.default_tlp)
                    for r in conn.execute(q)]

    def collection(self, api_root: str, cid: str) -> Collection | None:
        return next((c for c in self.collections(api_root) if c.id == cid), None)

    def api_roots(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted({r[0] for r in conn.execute(select(t.collections.c.api_root))})

    # --- writes ------------------------------------------------------------------------------------------------
    def add_objects(self, coll: Collection, objs: Sequence[Any]) -> AddResult:
        """Store objects (idempotent on id + version); bad ones become failures with their reason."""
        res = AddResult()
        with self.engine.begin() as conn:
            conn.execute(update(t.collections).where(t.collections.c.id == coll.id)
                         .values(write_tick=t.collections.c.write_tick + 1))
            last = conn.execute(select(t.objects.c.date_added).where(t.objects.c.collection_id == coll.id)
                                .order_by(t.objects.c.seq.desc()).limit(1)).scalar()
            added = now_stamp()
            if last and last > added:  # clocks step back; date_added must not
                added = last
            prepared: list[dict[str, Any]] = []
            for obj in objs:
                try:
                    oid, otype, spec, ver = check_object(obj)
                    ver = ver or added
                    vkey = version_key(ver)
                    body = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
                except BadObject as exc:
                    bad_id = obj.get("id") if isinstance(obj, dict) else None
                    res.failures.append((bad_id[:128] if isinstance(bad_id, str) else "", str(exc)))
                    continue
                except (TypeError, ValueError) as exc:  # unserialisable content
                    res.failures.append(("", f"unusable object: {type(exc).__name__}"))
                    continue
                prepared.append(dict(collection_id=coll.id, stix_id=oid, type=otype, spec_version=spec, version=ver,
                                     version_key=vkey, date_added=added, tlp_rank=tlp_rank(obj, coll.default_tlp),
                                     refs=json.dumps(sorted(collect_refs(obj))), is_last=True, is_first=True,
                                     body=body))
            if not prepared:
                return res
            ids = sorted({p["stix_id"] for p in prepared})
            existing: dict[str, set[str]] = {}
            for i in range(0, len(ids), 500):
                for r in conn.execute(select(t.objects.c.stix_id, t.objects.c.version_key).where(
                        t.objects.c.collection_id == coll.id, t.objects.c.stix_id.in_(ids[i:i + 500]))):
                    existing.setdefault(r.stix_id, set()).add(r.version_key)
            fresh: list[dict[str, Any]] = []
            seen: dict[str, set[str]] = {}
            for p in prepared:
                keys = existing.get(p["stix_id"], set()) | seen.get(p["stix_id"], set())
                if p["version_key"] not in keys:
                    fresh.append(p)
                    seen.setdefault(p["stix_id"], set()).add(p["version_key"])
                res.successes.append((p["stix_id"], p["version"]))
            if fresh:
                conn.execute(insert(t.objects), fresh)
            for sid in {p["stix_id"] for p in fresh if p["stix_id"] in existing or len(seen[p["stix_id"]]) > 1}:
                _refresh_flags(conn, coll.id, sid)
        return res

    def delete_object(self, coll: Collection, stix_id: str, flt: Filters, max_rank: int) -> int:
        with self.engine.begin() as conn:
            conn.execute(update(t.collections).where(t.collections.c.id == coll.id)
                         .values(write_tick=t.collections.c.write_tick + 1))
            c = t.objects.c
            conds = [c.collection_id == coll.id, c.stix_id == stix_id, c.tlp_rank <= max_rank, *_version_conds(flt)]
            if flt.spec_versions:
                conds.append(t.objects.c.spec_version.in_(flt.spec_versions))
            n = conn.execute(delete(t.objects).where(and_(*conds))).rowcount
            if n:
                _refresh_flags(conn, coll.id, stix_id)
            return int(n or 0)

    # --- reads -------------------------------------------------------------------------------------------------
    def page(self, coll: Collection, max_rank: int, flt: Filters, after_seq: int, limit: int) -> tuple[list[Row], bool]:
        """Rows with seq > after_seq visible at ``max_rank``, at most ``limit``; plus whether more exist."""
        c = t.objects.c
        conds = [c.collection_id == coll.id, c.seq > after_seq, c.tlp_rank <= max_rank, *_version_conds(flt)]
        if flt.added_after:
            conds.append(c.date_added > flt.added_after)
        if flt.ids:
            conds.append(c.stix_id.in_(flt.ids))
        if flt.types:
            conds.append(c.type.in_(flt.types))
        if flt.spec_versions:
            conds.append(c.spec_version.in_(flt.spec_versions))
        q = select(*_ROW_COLS).where(and_(*conds)).order_by(c.seq).limit(limit + 1)
        with self.engine.connect() as conn:
            rows = [Row(*r) for r in conn.execute(q)]
        return rows[:limit], len(rows) > limit

    def has_object(self, coll: Collection, stix_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.objects).where(
                t.objects.c.collection_id == coll.id, t.objects.c.stix_id == stix_id)).scalar_one() > 0

    def ref_ranks(self, ids: set[str]) -> dict[str, int]:
        """Strictest TLP rank stored anywhere for each referenced id (a ref exposes its target's existence)."""
        out: dict[str, int] = {}
        idl = sorted(ids)
        with self.engine.connect() as conn:
            for i in range(0, len(idl), 500):
                q = (select(t.objects.c.stix_id, func.max(t.objects.c.tlp_rank))
                     .where(t.objects.c.stix_id.in_(idl[i:i + 500])).group_by(t.objects.c.stix_id))
                out.update({r[0]: int(r[1]) for r in conn.execute(q)})
        return out

    # --- status ------------------------------------------------------------------------------------------------
    def save_status(self, sid: str, api_root: str, partner: str, body: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.statuses).values(id=sid, api_root=api_root, partner=partner, body=json.dumps(body)))

    def status(self, api_root: str, sid: str, partner: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.statuses.c.body).where(t.statuses.c.id == sid, t.statuses.c.api_root == api_root,
                                                              t.statuses.c.partner == partner)).scalar()
        return json.loads(r) if r else None


def _version_conds(flt: Filters) -> list[Any]:
    if "all" in flt.versions:
        return []
    alts = []
    if "last" in flt.versions:
        alts.append(t.objects.c.is_last.is_(True))
    if "first" in flt.versions:
        alts.append(t.objects.c.is_first.is_(True))
    stamps = [v for v in flt.versions if v not in ("last", "first")]
    if stamps:
        alts.append(t.objects.c.version_key.in_(stamps))
    return [or_(*alts)] if alts else []


def _refresh_flags(conn: Any, cid: str, sid: str) -> None:
    keys = sorted(r[0] for r in conn.execute(select(t.objects.c.version_key).where(
        t.objects.c.collection_id == cid, t.objects.c.stix_id == sid)))
    if not keys:
        return
    where = and_(t.objects.c.collection_id == cid, t.objects.c.stix_id == sid)
    conn.execute(update(t.objects).where(where).values(is_last=False, is_first=False))
    conn.execute(update(t.objects).where(where, t.objects.c.version_key == keys[-1]).values(is_last=True))
    conn.execute(update(t.objects).where(where, t.objects.c.version_key == keys[0]).values(is_first=True))
