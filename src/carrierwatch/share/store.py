"""The hub's object store: add, page, version and delete STIX objects in SQL with a durable cursor.

Writers to one collection are serialised by an UPDATE of the collection's row (a row lock in PostgreSQL, the
database write lock in SQLite) taken *before* sequence numbers are drawn, so commit order equals ``seq`` order
inside a collection and a reader paging by ``seq`` can never skip a row that commits later with a smaller seq.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, or_, select, update

from carrierwatch.intel.tlp import ORDER, TlpResolver
from carrierwatch.share import schema as t
from carrierwatch.share.stixmeta import BadObject, check_object, collect_refs, marking_ids, valid_id, version_key


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
    failures: list[tuple[str, str, str | None]] = field(default_factory=list)  # (id or "", reason, version)
    fail_closed: int = 0  # objects stored at RED because a marking could not be resolved


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
    def markings(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {r.id: r.tlp for r in conn.execute(select(t.markings))}

    def resolver(self) -> TlpResolver:
        """The hub's TLP resolver: every marking-definition ever posted to any collection here."""
        return TlpResolver(self.markings())

    def add_objects(self, coll: Collection, objs: Sequence[Any], *, writer: str = "", writer_rank: int | None = None,
                    may_read: bool = True, versions_by: str = "creator-or-reader") -> AddResult:
        """Store objects (idempotent on id + version); bad ones become failures with their reason.

        ``writer`` (a partner name; "" for the operator's own tools) may add a version of an object id that is
        already here only if no stored version is above ``writer_rank`` and, under ``versions_by``
        ``"creator-or-reader"``, it created the object or can read the collection too (``may_read``); under
        ``"creator"`` only the partner that created it may. Otherwise a GREEN writer could replace a RED
        object's latest version with a CLEAR one that everyone reads."""
        res = AddResult()
        resolver = self.resolver()
        for obj in objs:
            if isinstance(obj, dict) and obj.get("type") == "marking-definition" and valid_id(obj.get("id")):
                resolver.learn(obj)
        with self.engine.begin() as conn:
            conn.execute(update(t.collections).where(t.collections.c.id == coll.id)
                         .values(write_tick=t.collections.c.write_tick + 1))
            raised = self._save_markings(conn, resolver.learned)
            last = conn.execute(select(t.objects.c.date_added).where(t.objects.c.collection_id == coll.id)
                                .order_by(t.objects.c.seq.desc()).limit(1)).scalar()
            added = now_stamp()
            if last and last >= added:  # strictly increasing per collection, even when clocks step back
                added = _after(last)
            prepared: list[dict[str, Any]] = []
            for obj in objs:
                try:
                    oid, otype, spec, ver = check_object(obj)
                    ver = ver or added
                    vkey = version_key(ver)
                    body = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
                    body.encode("utf-8")  # a lone surrogate (\ud800) cannot be served back as UTF-8
                except BadObject as exc:
                    bad_id = obj.get("id") if isinstance(obj, dict) else None
                    res.failures.append((bad_id[:128] if isinstance(bad_id, str) else "", str(exc), None))
                    continue
                except (TypeError, ValueError) as exc:  # unserialisable content, lone surrogates
                    bad_id = obj.get("id") if isinstance(obj, dict) else None
                    res.failures.append((str(bad_id)[:128] if valid_id(bad_id) else "",
                                         f"unusable object: {type(exc).__name__}", None))
                    continue
                why = resolver.resolve(obj, unmarked=coll.default_tlp, closed="red")
                if why.why in ("unresolved", "malformed markings"):
                    res.fail_closed += 1
                prepared.append(dict(collection_id=coll.id, stix_id=oid, type=otype, spec_version=spec, version=ver,
                                     version_key=vkey, date_added=added, tlp_rank=ORDER.index(why.level),
                                     refs=json.dumps(sorted(collect_refs(obj))), is_last=True, is_first=True,
                                     is_top_spec=True, markings=json.dumps(marking_ids(obj)), creator=writer,
                                     body=body))
            if raised:
                self._rerank(conn, raised, resolver)
            if not prepared:
                return res
            ids = sorted({p["stix_id"] for p in prepared})
            existing: dict[str, set[str]] = {}
            top_rank: dict[str, int] = {}
            creators: dict[str, set[str]] = {}
            for i in range(0, len(ids), 500):
                for r in conn.execute(select(t.objects.c.stix_id, t.objects.c.version_key, t.objects.c.tlp_rank,
                                             t.objects.c.creator).where(
                        t.objects.c.collection_id == coll.id, t.objects.c.stix_id.in_(ids[i:i + 500]))):
                    existing.setdefault(r.stix_id, set()).add(r.version_key)
                    top_rank[r.stix_id] = max(top_rank.get(r.stix_id, 0), int(r.tlp_rank))
                    creators.setdefault(r.stix_id, set()).add(r.creator)
            fresh: list[dict[str, Any]] = []
            seen: dict[str, set[str]] = {}
            for p in prepared:
                sid = p["stix_id"]
                if sid in existing and writer_rank is not None:
                    if top_rank[sid] > writer_rank:
                        res.failures.append((sid, "a version of this object is above your TLP ceiling", p["version"]))
                        continue
                    own = writer in creators[sid]
                    if not own and (versions_by == "creator" or not may_read):
                        res.failures.append((sid, "only the object's creator (or a partner that can read and write "
                                             "this collection) may add versions", p["version"]))
                        continue
                keys = existing.get(sid, set()) | seen.get(sid, set())
                if p["version_key"] not in keys:
                    fresh.append(p)
                    seen.setdefault(sid, set()).add(p["version_key"])
                res.successes.append((sid, p["version"]))
            if fresh:
                conn.execute(insert(t.objects), fresh)
            for sid in {p["stix_id"] for p in fresh if p["stix_id"] in existing or len(seen[p["stix_id"]]) > 1}:
                _refresh_flags(conn, coll.id, sid)
        return res

    @staticmethod
    def _save_markings(conn: Any, learned: dict[str, str]) -> list[str]:
        """Persist learned marking levels (they only rise); returns the ids whose level rose."""
        if not learned:
            return []
        have = {r.id: r.tlp for r in conn.execute(select(t.markings).where(t.markings.c.id.in_(sorted(learned))))}
        rose = []
        for mid, lvl in learned.items():
            if mid not in have:
                conn.execute(insert(t.markings).values(id=mid, tlp=lvl))
            elif lvl and (not have[mid] or ORDER.index(lvl) > ORDER.index(have[mid])):
                conn.execute(update(t.markings).where(t.markings.c.id == mid).values(tlp=lvl))
                rose.append(mid)
        return rose

    @staticmethod
    def _rerank(conn: Any, rose: list[str], resolver: TlpResolver) -> None:
        """Objects stored under a marking whose level has since risen are raised with it (never lowered)."""
        c = t.objects.c
        defaults = {r.id: r.default_tlp for r in conn.execute(select(t.collections.c.id, t.collections.c.default_tlp))}
        for mid in rose:
            rows = conn.execute(select(c.seq, c.collection_id, c.tlp_rank, c.body).where(
                c.markings.like(f'%"{mid}"%'))).all()
            for r in rows:
                lvl = resolver.resolve(json.loads(r.body), unmarked=defaults.get(r.collection_id, "red")).level
                if ORDER.index(lvl) > r.tlp_rank:
                    conn.execute(update(t.objects).where(c.seq == r.seq).values(tlp_rank=ORDER.index(lvl)))

    def delete_object(self, coll: Collection, stix_id: str, flt: Filters, max_rank: int) -> int:
        with self.engine.begin() as conn:
            conn.execute(update(t.collections).where(t.collections.c.id == coll.id)
                         .values(write_tick=t.collections.c.write_tick + 1))
            c = t.objects.c
            conds = [c.collection_id == coll.id, c.stix_id == stix_id, c.tlp_rank <= max_rank,
                     *_version_conds(flt, every_spec=True)]
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
        q = select(*_ROW_COLS).where(and_(*conds)).order_by(c.seq).limit(limit + 1)
        with self.engine.connect() as conn:
            rows = [Row(*r) for r in conn.execute(q)]
        return rows[:limit], len(rows) > limit

    def visible(self, coll: Collection, stix_id: str, max_rank: int) -> bool:
        """Whether any version of the object is visible at ``max_rank`` (only then may a filter give an empty
        result instead of 404: a 200 for an object the partner may not see would confirm that it exists)."""
        c = t.objects.c
        with self.engine.connect() as conn:
            return conn.execute(select(c.seq).where(c.collection_id == coll.id, c.stix_id == stix_id,
                                                    c.tlp_rank <= max_rank).limit(1)).first() is not None

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


def _after(stamp: str) -> str:
    """The stamp one microsecond after ``stamp``: each add gets a date_added of its own, so a client that polls
    with ``added_after`` = the last page's ``X-TAXII-Date-Added-Last`` can neither skip nor repeat a batch."""
    dt = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ") + timedelta(microseconds=1)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _version_conds(flt: Filters, *, every_spec: bool = False) -> list[Any]:
    """match[version] and match[spec_version] (TAXII 2.1 §3.4.2): with no spec_version only the newest
    spec_version of each object counts; with one, first/last are taken among the versions of those specs."""
    c = t.objects.c
    out: list[Any] = []
    if flt.spec_versions:
        out.append(c.spec_version.in_(flt.spec_versions))
    elif not every_spec:  # DELETE without match[spec_version] removes every spec_version
        out.append(c.is_top_spec.is_(True))
    if "all" in flt.versions:
        return out
    o2 = t.objects.alias("o2")
    same = and_(o2.c.collection_id == c.collection_id, o2.c.stix_id == c.stix_id,
                o2.c.spec_version.in_(flt.spec_versions))
    alts = []
    if "last" in flt.versions:
        alts.append(c.version_key == select(func.max(o2.c.version_key)).where(same).scalar_subquery()
                    if flt.spec_versions else c.is_last.is_(True))
    if "first" in flt.versions:
        alts.append(c.version_key == select(func.min(o2.c.version_key)).where(same).scalar_subquery()
                    if flt.spec_versions else c.is_first.is_(True))
    stamps = [v for v in flt.versions if v not in ("last", "first")]
    if stamps:
        alts.append(c.version_key.in_(stamps))
    if alts:
        out.append(or_(*alts))
    return out


def _refresh_flags(conn: Any, cid: str, sid: str) -> None:
    """first/last flags among the versions of the object's newest spec_version (TAXII 2.1 §3.4.2)."""
    rows = sorted((r[1], r[0]) for r in conn.execute(select(t.objects.c.version_key, t.objects.c.spec_version).where(
        t.objects.c.collection_id == cid, t.objects.c.stix_id == sid)))
    if not rows:
        return
    top = max(spec for spec, _ in rows)
    keys = sorted(k for spec, k in rows if spec == top)
    where = and_(t.objects.c.collection_id == cid, t.objects.c.stix_id == sid)
    conn.execute(update(t.objects).where(where).values(is_last=False, is_first=False, is_top_spec=False))
    conn.execute(update(t.objects).where(where, t.objects.c.spec_version == top).values(is_top_spec=True))
    conn.execute(update(t.objects).where(where, t.objects.c.spec_version == top,
                                         t.objects.c.version_key == keys[-1]).values(is_last=True))
    conn.execute(update(t.objects).where(where, t.objects.c.spec_version == top,
                                         t.objects.c.version_key == keys[0]).values(is_first=True))
