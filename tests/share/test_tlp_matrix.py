"""Partners × collections × TLP levels in every marking style × endpoints: zero leaks (issue 16 "Must show").

Every object is posted over the TAXII API by a writer, so the hub's own TLP resolver decides. Marking styles:
OASIS TLP 2.0 ids, TLP 1.0 ids, OpenCTI's AMBER+STRICT id, a custom marking-definition (definition_type tlp) in
the same envelope and in an earlier envelope, one known only by its name, one by the TLP 2.0 extension, granular
markings, an unresolvable ref (fail closed: RED), and none (the collection's default). One collection defaults to
CLEAR: an object with a custom TLP:RED definition there must still reach nobody outside the trust group."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from werkzeug.test import Client

from carrierwatch.intel.tlp import OPENCTI_IDS, ORDER, TLP1_IDS, TLP2_EXTENSION, TLP2_IDS

from .hubkit import Hub, stix_indicator

TAXII = "application/taxii+json;version=2.1"
TLP1 = {v: k for k, v in TLP1_IDS.items()}


def hdr(hub: Hub, who: str, **extra: str) -> dict[str, str]:
    tok = base64.b64encode(f"{who}:{hub.creds[who].password}".encode()).decode()
    return {"Accept": TAXII, "Authorization": f"Basic {tok}", **extra}


def _mdef(mid: str, **kw: Any) -> dict[str, Any]:
    return {"type": "marking-definition", "spec_version": "2.1", "id": mid, "created": "2024-01-01T00:00:00.000Z",
            **kw}


def styled(level: str, style: str, earlier: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(extra objects for the same envelope, the marked indicator) for one level in one marking style."""
    obj = stix_indicator(None)
    extra: list[dict[str, Any]] = []
    mid = f"marking-definition--{uuid.uuid4()}"
    if style == "oasis2":
        obj["object_marking_refs"] = [TLP2_IDS[level]]
    elif style == "oasis1":
        obj["object_marking_refs"] = [TLP1[level]]
    elif style == "opencti":
        obj["object_marking_refs"] = [next(iter(OPENCTI_IDS))]
    elif style == "custom-same-envelope":
        extra.append(_mdef(mid, definition_type="tlp", definition={"tlp": level}, name="x"))
        obj["object_marking_refs"] = [mid]
    elif style == "custom-earlier-envelope":
        obj["object_marking_refs"] = [earlier[level]]
    elif style == "custom-name":
        extra.append(_mdef(mid, definition_type="statement", definition={"statement": "s"},
                           name=f"TLP:{level.upper()}"))
        obj["object_marking_refs"] = [mid]
    elif style == "custom-extension":
        extra.append(_mdef(mid, name="ours", extensions={TLP2_EXTENSION: {"extension_type": "property-extension",
                                                                          "tlp_2_0": level}}))
        obj["object_marking_refs"] = [mid]
    elif style == "granular":
        obj["granular_markings"] = [{"marking_ref": TLP2_IDS[level], "selectors": ["name"]}]
        obj["object_marking_refs"] = [TLP2_IDS["clear"]]
    elif style == "unresolvable":
        obj["object_marking_refs"] = [TLP2_IDS["clear"], mid]  # names a definition nobody sent
    return extra, obj


STYLES = ["oasis2", "oasis1", "opencti", "custom-same-envelope", "custom-earlier-envelope", "custom-name",
          "custom-extension", "granular", "unresolvable", "unmarked"]


def _levels(style: str) -> list[str]:
    if style == "oasis1":
        return [lvl for lvl in ORDER if lvl in TLP1]
    if style == "opencti":
        return ["amber+strict"]
    if style in ("unresolvable", "unmarked"):
        return ["n/a"]
    return list(ORDER)


def _can_see(hub: Hub, who: str, cid: str, level: str) -> bool:
    p = next(x for x in hub.partners.list() if x.name == who)
    coll = hub.store.collection("cw", cid)
    assert coll is not None
    ceiling = p.ceiling_rank
    if ceiling == ORDER.index("red") and not (coll.trust_group and coll.trust_group in p.trust_groups):
        ceiling -= 1
    return cid in p.read and ORDER.index(level) <= ceiling


def test_every_marking_style_every_endpoint_zero_leaks(hub: Hub) -> None:
    hub.store.create_collection("coll-open", "Open by default", default_tlp="clear")
    hub.partners.grant("carrier", ["coll-isac", "coll-gov", "coll-open"], ["coll-isac", "coll-gov", "coll-open"])
    hub.creds["open-green"] = hub.partners.add("open-green", tlp="green", read=["coll-open"], rate_per_minute=0)
    hub.creds["open-red"] = hub.partners.add("open-red", tlp="red", read=["coll-open", "coll-isac"],
                                             trust_groups=["isac"], rate_per_minute=0)
    c = Client(hub.app)
    post = hdr(hub, "carrier", **{"Content-Type": TAXII})
    expected: dict[str, tuple[str, str]] = {}  # object id -> (collection, effective level)
    for cid in ("coll-isac", "coll-gov", "coll-open"):
        coll = hub.store.collection("cw", cid)
        assert coll is not None
        earlier = {lvl: f"marking-definition--{uuid.uuid4()}" for lvl in ORDER}
        first = [_mdef(mid, definition_type="tlp", definition={"tlp": lvl}) for lvl, mid in earlier.items()]
        assert c.post(f"/cw/collections/{cid}/objects/", data=json.dumps({"objects": first}),
                      headers=post).status_code == 202
        for style in STYLES:
            for level in _levels(style):
                extra, obj = styled(level, style, earlier)
                r = c.post(f"/cw/collections/{cid}/objects/", data=json.dumps({"objects": [*extra, obj]}),
                           headers=post)
                assert r.status_code == 202 and r.get_json()["failure_count"] == 0
                eff = {"unresolvable": "red", "unmarked": coll.default_tlp}.get(style, level)
                expected[obj["id"]] = (cid, eff)
    partners = ["carrier", "isac-green", "gov-amber", "red-outsider", "nobody", "open-green", "open-red"]
    checked = 0
    for who in partners:
        listing = {cid: c.get(f"/cw/collections/{cid}/objects/?limit=200", headers=hdr(hub, who)).get_data(True)
                   for cid in ("coll-isac", "coll-gov", "coll-open")}
        manifests = {cid: c.get(f"/cw/collections/{cid}/manifest/?limit=200", headers=hdr(hub, who)).get_data(True)
                     for cid in ("coll-isac", "coll-gov", "coll-open")}
        for oid, (cid, level) in expected.items():
            ok = _can_see(hub, who, cid, level)
            base = f"/cw/collections/{cid}"
            assert (oid in listing[cid]) == ok, (who, cid, level, "objects")
            assert (oid in manifests[cid]) == ok, (who, cid, level, "manifest")
            for path in (f"{base}/objects/{oid}/", f"{base}/objects/?match[id]={oid}"):
                r = c.get(path, headers=hdr(hub, who))
                assert r.status_code < 500
                assert (oid in r.get_data(as_text=True)) == ok, (who, cid, level, path)
            r = c.get(f"{base}/objects/{oid}/versions/", headers=hdr(hub, who))
            assert (r.status_code == 200) == ok, (who, cid, level, "versions", r.status_code)
            checked += 5
    assert checked == len(partners) * len(expected) * 5
    # a RED object referenced from a CLEAR one: the pointer is shown only to those allowed the target
    red = next(oid for oid, (cid, lvl) in expected.items() if cid == "coll-open" and lvl == "red")
    pointer = stix_indicator("clear", refs=[red])
    c.post("/cw/collections/coll-open/objects/", data=json.dumps({"objects": [pointer]}), headers=post)
    for who in ("open-green", "open-red", "carrier"):
        body = c.get("/cw/collections/coll-open/objects/?limit=200", headers=hdr(hub, who)).get_data(True)
        assert pointer["id"] not in body  # coll-open has no trust group: RED reaches nobody there


def test_writer_cannot_version_what_it_cannot_read(hub: Hub) -> None:
    c = Client(hub.app)
    red = stix_indicator("red")
    hub.store.add_objects(hub.store.collection("cw", "coll-gov"), [red])  # type: ignore[arg-type]
    newer = dict(red, modified="2026-01-01T00:00:00.000Z", object_marking_refs=[TLP2_IDS["clear"]])
    r = c.post("/cw/collections/coll-gov/objects/", data=json.dumps({"objects": [newer]}),
               headers=hdr(hub, "gov-amber", **{"Content-Type": TAXII}))
    st = r.get_json()
    assert st["failure_count"] == 1 and "ceiling" in st["failures"][0]["message"]
    assert st["failures"][0]["version"] == "2026-01-01T00:00:00.000Z"
    # nobody below RED sees a CLEAR "latest version" of it
    got = c.get(f"/cw/collections/coll-gov/objects/{red['id']}/", headers=hdr(hub, "gov-amber"))
    assert got.status_code == 404
    # its own object: a writer may add versions
    mine = stix_indicator("green")
    c.post("/cw/collections/coll-gov/objects/", data=json.dumps({"objects": [mine]}),
           headers=hdr(hub, "gov-amber", **{"Content-Type": TAXII}))
    again = dict(mine, modified="2026-02-01T00:00:00.000Z")
    r = c.post("/cw/collections/coll-gov/objects/", data=json.dumps({"objects": [again]}),
               headers=hdr(hub, "gov-amber", **{"Content-Type": TAXII}))
    assert r.get_json()["success_count"] == 1


def test_write_only_partner_cannot_version_others_objects(hub: Hub) -> None:
    creds = hub.partners.add("drop-box", tlp="red", write=["coll-isac"], trust_groups=["isac"], rate_per_minute=0)
    hub.creds["drop-box"] = creds
    theirs = stix_indicator("green")
    hub.store.add_objects(hub.store.collection("cw", "coll-isac"), [theirs])  # type: ignore[arg-type]
    newer = dict(theirs, modified="2026-01-01T00:00:00.000Z")
    r = Client(hub.app).post("/cw/collections/coll-isac/objects/", data=json.dumps({"objects": [newer]}),
                             headers=hdr(hub, "drop-box", **{"Content-Type": TAXII}))
    assert r.get_json()["failure_count"] == 1


def test_a_marking_raised_later_raises_stored_objects(hub: Hub) -> None:
    c = Client(hub.app)
    mid = f"marking-definition--{uuid.uuid4()}"
    post = hdr(hub, "carrier", **{"Content-Type": TAXII})
    obj = dict(stix_indicator(None), object_marking_refs=[mid])
    c.post("/cw/collections/coll-isac/objects/", data=json.dumps(
        {"objects": [_mdef(mid, definition_type="tlp", definition={"tlp": "green"}), obj]}), headers=post)
    assert obj["id"] in c.get("/cw/collections/coll-isac/objects/", headers=hdr(hub, "isac-green")).get_data(True)
    c.post("/cw/collections/coll-isac/objects/", data=json.dumps(
        {"objects": [dict(_mdef(mid, definition_type="tlp", definition={"tlp": "red"}),
                          created="2024-02-01T00:00:00.000Z")]}), headers=post)
    assert obj["id"] not in c.get("/cw/collections/coll-isac/objects/", headers=hdr(hub, "isac-green")).get_data(True)
    # and a definition can never lower it again
    c.post("/cw/collections/coll-isac/objects/", data=json.dumps(
        {"objects": [dict(_mdef(mid, definition_type="tlp", definition={"tlp": "clear"}),
                          created="2024-03-01T00:00:00.000Z")]}), headers=post)
    assert obj["id"] not in c.get("/cw/collections/coll-isac/objects/", headers=hdr(hub, "isac-green")).get_data(True)


HOSTILE = [
    b'{"objects": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
    b'{"objects": [{"type": "indicator", "id": "indicator--00000000-0000-4000-8000-000000000001", '
    b'"object_marking_refs": 5}]}',
    b'{"objects": [{"type": "indicator", "id": "indicator--00000000-0000-4000-8000-000000000002", '
    b'"granular_markings": true}]}',
    b'{"objects": [{"type": "indicator", "id": "indicator--00000000-0000-4000-8000-000000000003", '
    b'"name": "\\ud800"}]}',
    b'{"objects": [{"type": "indicator", "id": "indicator--00000000-0000-4000-8000-000000000004", "x": NaN}]}',
    b'{"objects": [{"type": "indicator", "id": "indicator--00000000-0000-4000-8000-000000000005", "x": 1e400}]}',
    b'{"objects": [{"type": "indicator", "id": "indicator--00000000-0000-4000-8000-000000000006", '
    b'"x": 123456789012345678901234567890}]}',
]


def test_hostile_bodies_get_4xx_or_a_failure_and_nothing_unservable_is_stored(hub: Hub) -> None:
    c = Client(hub.app)
    post = hdr(hub, "carrier", **{"Content-Type": TAXII})
    for body in HOSTILE:
        r = c.post("/cw/collections/coll-isac/objects/", data=body, headers=post)
        assert r.status_code in (202, 400), (body[:60], r.status_code)
        assert r.headers["Content-Type"] == TAXII
        if r.status_code == 202:
            assert r.get_json()["success_count"] in (0, 1)
    page = c.get("/cw/collections/coll-isac/objects/?limit=200", headers=hdr(hub, "carrier"))
    assert page.status_code == 200
    json.loads(page.get_data(as_text=True), parse_constant=lambda x: (_ for _ in ()).throw(ValueError(x)))
    # malformed markings are stored fail-closed: a GREEN partner sees none of them
    green = c.get("/cw/collections/coll-isac/objects/?limit=200", headers=hdr(hub, "isac-green")).get_data(True)
    assert "000000000001" not in green and "000000000002" not in green
    forged = base64.urlsafe_b64encode(b"s:99999999999999999999999").decode()
    assert c.get(f"/cw/collections/coll-isac/objects/?next={forged}", headers=hdr(hub, "carrier")).status_code == 400


def test_accept_headers_partners_send(hub: Hub) -> None:
    c = Client(hub.app)
    for accept in ("*/*, application/taxii+json;version=2.1", 'application/taxii+json;version="2.1"',
                   "application/taxii+json", "application/taxii+json; Version=2.1"):
        assert c.get("/taxii2/", headers={**hdr(hub, "carrier"), "Accept": accept}).status_code == 200, accept
    assert c.get("/taxii2/", headers={**hdr(hub, "carrier"), "Accept": "*/*"}).status_code == 406


def test_next_only_while_more_and_empty_result_for_filtered_object(hub: Hub) -> None:
    c = Client(hub.app)
    coll = hub.store.collection("cw", "coll-gov")
    assert coll is not None
    objs = [stix_indicator("green") for _ in range(3)]
    hub.store.add_objects(coll, objs)
    r = c.get("/cw/collections/coll-gov/objects/?limit=2", headers=hdr(hub, "gov-amber")).get_json()
    assert r["more"] is True and "next" in r
    r = c.get(f"/cw/collections/coll-gov/objects/?limit=2&next={r['next']}", headers=hdr(hub, "gov-amber")).get_json()
    assert r["more"] is False and "next" not in r
    oid = objs[0]["id"]
    r = c.get(f"/cw/collections/coll-gov/objects/{oid}/?match[type]=malware", headers=hdr(hub, "gov-amber"))
    assert r.status_code == 200 and "objects" not in r.get_json()
    r = c.get(f"/cw/collections/coll-gov/objects/{oid}/?match[spec_version]=2.0", headers=hdr(hub, "gov-amber"))
    assert r.status_code == 200 and "objects" not in r.get_json()


def test_spec_version_filter_takes_last_within_the_spec(hub: Hub) -> None:
    coll = hub.store.collection("cw", "coll-gov")
    assert coll is not None
    v21 = stix_indicator("green")
    v20 = {k: v for k, v in v21.items() if k != "spec_version"}
    v20["modified"] = "2025-06-01T00:00:00.000Z"  # the newest version is STIX 2.0
    hub.store.add_objects(coll, [v21, v20])
    c = Client(hub.app)
    url = f"/cw/collections/coll-gov/objects/{v21['id']}/"
    got = c.get(url + "?match[spec_version]=2.1", headers=hdr(hub, "gov-amber")).get_json()["objects"]
    assert [o["modified"] for o in got] == [v21["modified"]]
    got = c.get(url, headers=hdr(hub, "gov-amber")).get_json()["objects"]  # no filter: newest spec only
    assert [o.get("spec_version", "2.0") for o in got] == ["2.1"]


def test_rotate_keeps_a_revoked_partner_revoked(hub: Hub) -> None:
    hub.partners.revoke("gov-amber")
    new = hub.partners.rotate("gov-amber")
    bearer = {"Accept": TAXII, "Authorization": f"Bearer {new.token}"}
    assert Client(hub.app).get("/cw/collections/", headers=bearer).status_code == 401
    assert next(p for p in hub.partners.list() if p.name == "gov-amber").revoked
