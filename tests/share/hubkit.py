"""Test helpers: a hub with two collections and five partners, and STIX objects at each TLP level."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from carrierwatch.intel.tlp import ORDER, TLP2_IDS
from carrierwatch.share.db import open_hub_db
from carrierwatch.share.partners import Credentials, PartnerBook
from carrierwatch.share.store import HubStore
from carrierwatch.share.taxii_app import HubSettings, TaxiiApp


def stix_indicator(tlp: str | None, *, refs: list[str] | None = None, oid: str | None = None,
                   modified: str = "2025-01-01T00:00:00.000Z") -> dict[str, Any]:
    obj: dict[str, Any] = {
        "type": "indicator", "spec_version": "2.1", "id": oid or f"indicator--{uuid.uuid4()}",
        "created": "2025-01-01T00:00:00.000Z", "modified": modified, "name": f"test {tlp}",
        "pattern": "[ipv4-addr:value = '203.0.113.7']", "pattern_type": "stix", "valid_from": "2025-01-01T00:00:00Z",
    }
    if tlp is not None:
        obj["object_marking_refs"] = [TLP2_IDS[tlp]]
    if refs:
        obj["x_related_refs"] = refs  # a custom *_refs property: exposure must be checked on it too
    return obj


@dataclass
class Hub:
    engine: Engine
    app: TaxiiApp
    store: HubStore
    partners: PartnerBook
    creds: dict[str, Credentials]


def build_hub(url: str, *, max_content_length: int = 64 * 1024) -> Hub:
    """Two collections in different trust groups, and partners with different ceilings and rights."""
    engine = open_hub_db(url)
    store = HubStore(engine)
    store.create_collection("coll-isac", "ISAC sightings", trust_group="isac", default_tlp="amber")
    store.create_collection("coll-gov", "Government feed", trust_group="gov", default_tlp="amber")
    book = PartnerBook(engine)
    creds = {
        # writes everywhere, sees up to RED inside the ISAC trust group
        "carrier": book.add("carrier", tlp="red", read=["coll-isac", "coll-gov"], write=["coll-isac", "coll-gov"],
                            trust_groups=["isac"], rate_per_minute=0),
        "isac-green": book.add("isac-green", tlp="green", read=["coll-isac"], rate_per_minute=0),
        "gov-amber": book.add("gov-amber", tlp="amber", read=["coll-gov"], write=["coll-gov"], rate_per_minute=0),
        "red-outsider": book.add("red-outsider", tlp="red", read=["coll-isac"], trust_groups=["other"],
                                 rate_per_minute=0),
        "nobody": book.add("nobody", tlp="red", rate_per_minute=0),
    }
    app = TaxiiApp(engine, HubSettings(max_content_length=max_content_length, default_page=50, max_page=200))
    return Hub(engine, app, store, book, creds)


def seed(hub: Hub) -> dict[str, str]:
    """One object per TLP level in each collection, plus unmarked ones; returns id → (collection, tlp)."""
    meta: dict[str, str] = {}
    for cid in ("coll-isac", "coll-gov"):
        coll = hub.store.collection("cw", cid)
        assert coll is not None
        objs = [stix_indicator(t) for t in [*ORDER, None]]
        hub.store.add_objects(coll, objs)
        for o in objs:
            meta[o["id"]] = f"{cid}|{o['object_marking_refs'][0] if 'object_marking_refs' in o else 'none'}"
    return meta


