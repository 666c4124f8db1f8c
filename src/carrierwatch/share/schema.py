"""SQL tables of the TAXII hub (SQLAlchemy Core, own MetaData so nothing in statedb.py changes).

Why these columns: ``seq`` is the durable tie-breaker of the paging cursor (monotonic, never reused:
``sqlite_autoincrement``), ``date_added`` is forced non-decreasing in seq order at insert time, so ordering by
``seq`` is ordering by (date_added, seq) and a ``next`` token that carries the last seq stays valid across
restarts, concurrent adds and timestamp ties (the ties broke date-based paging: oasis-tcs/cti-taxii2#50).
``tlp_rank`` (0 clear .. 4 red, strictest of object and granular markings) lets the TLP ceiling be a SQL filter.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

collections = Table(
    "taxii_collections",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("api_root", String(64), nullable=False),
    Column("title", String(255), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("trust_group", String(64), nullable=False, default=""),
    Column("default_tlp", String(16), nullable=False, default="amber"),
    Column("write_tick", Integer, nullable=False, default=0),  # bumped by every add: the writers' lock row
)

objects = Table(
    "taxii_objects",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("collection_id", String(64), nullable=False),
    Column("stix_id", String(128), nullable=False),
    Column("type", String(64), nullable=False),
    Column("spec_version", String(8), nullable=False),
    Column("version", String(40), nullable=False),  # as the object says it (modified / created / date_added)
    Column("version_key", String(32), nullable=False),  # normalised to microseconds for ordering
    Column("date_added", String(32), nullable=False),  # YYYY-MM-DDTHH:MM:SS.ffffffZ, sorts as text
    Column("tlp_rank", Integer, nullable=False),
    Column("refs", Text, nullable=False, default="[]"),  # JSON list of the ids in *_ref / *_refs
    Column("is_last", Boolean, nullable=False, default=True),
    Column("is_first", Boolean, nullable=False, default=True),
    # the version belongs to the newest spec_version this object has here (TAXII 2.1 §3.4.2: no
    # match[spec_version] means only the latest spec_version of each object)
    Column("is_top_spec", Boolean, nullable=False, default=True),
    Column("markings", Text, nullable=False, default="[]"),  # JSON list of marking ids (object + granular)
    Column("creator", String(128), nullable=False, default=""),  # partner that added this version ("" = local)
    Column("body", Text, nullable=False),
    UniqueConstraint("collection_id", "stix_id", "version_key", name="uq_taxii_obj_version"),
    Index("ix_taxii_obj_coll_seq", "collection_id", "seq"),
    Index("ix_taxii_obj_stix_id", "stix_id"),
    sqlite_autoincrement=True,
)

#: Marking-definitions the hub has been sent (id -> TLP level, "" for non-TLP definitions); levels only rise.
markings = Table(
    "taxii_markings",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("tlp", String(16), nullable=False, default=""),
)

statuses = Table(
    "taxii_status",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("api_root", String(64), nullable=False),
    Column("partner", String(128), nullable=False),
    Column("body", Text, nullable=False),
)

partners = Table(
    "taxii_partners",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("password_hash", String(128), nullable=False),
    Column("token_hash", String(128), nullable=False, index=True),
    Column("tlp_ceiling", String(16), nullable=False, default="green"),
    Column("trust_groups", Text, nullable=False, default="[]"),
    Column("rate_per_minute", Integer, nullable=False, default=600),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("created", String(32), nullable=False),
)

rights = Table(
    "taxii_rights",
    metadata,
    Column("partner_id", Integer, primary_key=True),
    Column("collection_id", String(64), primary_key=True),
    Column("can_read", Boolean, nullable=False, default=False),
    Column("can_write", Boolean, nullable=False, default=False),
)

access_log = Table(
    "taxii_access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ts", String(32), nullable=False),
    Column("partner", String(128), nullable=False),
    Column("method", String(8), nullable=False),
    Column("path", String(512), nullable=False),
    Column("status", Integer, nullable=False),
    Column("collection_id", String(64)),
    Column("object_ids", Text, nullable=False, default="[]"),
)
