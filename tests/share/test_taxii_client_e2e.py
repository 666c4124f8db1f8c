"""taxii2-client end to end against the real server over HTTP: discovery → collections → add → status →
paged get_objects (≥ 3 pages), with two partners who see different sets by TLP and by rights."""

from __future__ import annotations

import pytest
from taxii2client.exceptions import TAXIIServiceException
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from carrierwatch.intel.tlp import ORDER

from .hubkit import Hub, stix_indicator


def _ids_by_pages(col: Collection, per: int) -> tuple[list[str], int]:
    seen: list[str] = []
    pages = 0
    for env in as_pages(col.get_objects, per_request=per):
        pages += 1
        seen.extend(o["id"] for o in env.get("objects", []))
    return seen, pages


def test_two_partners_end_to_end(live: tuple[Hub, str]) -> None:
    hub, base = live
    carrier = Server(base + "/taxii2/", user="carrier", password=hub.creds["carrier"].password)
    assert carrier.title
    root = carrier.api_roots[0]
    assert root.versions == ["application/taxii+json;version=2.1"]
    cols = {c.id: c for c in root.collections}
    assert set(cols) == {"coll-isac", "coll-gov"}
    isac = cols["coll-isac"]
    assert isac.can_read and isac.can_write
    objs = [stix_indicator(ORDER[i % 5]) for i in range(40)]
    status = isac.add_objects({"objects": objs})
    assert status.status == "complete" and status.success_count == 40 and status.failure_count == 0
    status.refresh()  # GET …/status/{id}/
    assert status.total_count == 40
    seen, pages = _ids_by_pages(isac, 10)
    assert pages >= 4 and sorted(seen) == sorted(o["id"] for o in objs)  # RED visible: same trust group

    # isac-green: bearer token, read-only on coll-isac, ceiling GREEN
    green_root = ApiRoot(root.url, conn=None, user=None, password=None,
                         auth=_Bearer(hub.creds["isac-green"].token))
    gcols = {c.id: c for c in green_root.collections}
    assert set(gcols) == {"coll-isac"} and not gcols["coll-isac"].can_write
    gseen, gpages = _ids_by_pages(gcols["coll-isac"], 3)
    want = sorted(o["id"] for o in objs if ORDER.index(_tlp(o)) <= ORDER.index("green"))
    assert sorted(gseen) == want and gpages >= 3
    with pytest.raises(TAXIIServiceException):
        gcols["coll-isac"].add_objects({"objects": [stix_indicator("clear")]})


def _tlp(o: dict[str, object]) -> str:
    from carrierwatch.intel.tlp import tlp_from_marking_refs

    refs = o["object_marking_refs"]
    assert isinstance(refs, list)
    return tlp_from_marking_refs(refs)


class _Bearer:
    """requests auth hook for a bearer token (taxii2-client passes ``auth`` to requests)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, r):  # type: ignore[no-untyped-def]
        r.headers["Authorization"] = f"Bearer {self.token}"
        return r
