"""Access decisions and their record: the TLP a partner may see in a collection, the access log, rate limits.

TLP:RED is served only inside the collection's own trust group (FIRST TLP 2.0: RED is for named recipients);
outside it a partner's ceiling is capped at AMBER+STRICT whatever its configured ceiling says.
Rate limits are a token bucket per partner in process memory: losing it on restart only resets the budget,
unlike a paging cursor, so it need not be durable.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable

from sqlalchemy import Engine, insert

from carrierwatch.intel.tlp import ORDER
from carrierwatch.share import schema as t
from carrierwatch.share.partners import Partner
from carrierwatch.share.store import Collection, now_stamp

RED = ORDER.index("red")


def max_rank(partner: Partner, coll: Collection) -> int:
    rank = partner.ceiling_rank
    if rank >= RED and not (coll.trust_group and coll.trust_group in partner.trust_groups):
        rank = RED - 1
    return rank


def log_access(engine: Engine, partner: str, method: str, path: str, status: int, collection_id: str | None,
               object_ids: Iterable[str]) -> None:
    """Who fetched (or wrote, or deleted) which object ids: exactly what intruders on a hub want to know."""
    with engine.begin() as conn:
        conn.execute(insert(t.access_log).values(ts=now_stamp(), partner=partner, method=method, path=path[:512],
                                                 status=status, collection_id=collection_id,
                                                 object_ids=json.dumps(list(object_ids))))


class RateLimiter:
    """Token bucket: ``per_minute`` requests a minute, bursts up to the same number."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str, per_minute: int) -> bool:
        if per_minute <= 0:
            return True
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - last) * per_minute / 60.0)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True
