"""The TAXII 2.1 server as a WSGI application (Werkzeug): every endpoint of TAXII 2.1 §4-§5.

Each request: authenticate (Basic or Bearer) → rate limit → route → rights (no right at all on a collection
gives 404, as if it did not exist: oasis-tcs/cti-taxii2#12 allows 401/403/404 per client) → TLP ceiling as a SQL
filter → ``*_ref`` exposure check on the page → access log. Any unexpected exception becomes a 500 error
resource without details; bad input is always a 4xx.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from carrierwatch.share import strict_json
from carrierwatch.share.access import RateLimiter, log_access, max_rank
from carrierwatch.share.partners import Partner, PartnerBook
from carrierwatch.share.store import Collection, HubStore, Row, now_stamp
from carrierwatch.share.taxii_http import (
    STIX_MT,
    TAXII_MT,
    HttpError,
    check_accept,
    check_content_type,
    decode_next,
    encode_next,
    error_response,
    parse_filters,
    parse_limit,
    taxii_response,
)

log = logging.getLogger(__name__)

_ROUTES = Map([
    Rule("/taxii2/", endpoint="discovery", methods=["GET"]),
    Rule("/<root>/", endpoint="api_root", methods=["GET"]),
    Rule("/<root>/status/<sid>/", endpoint="status", methods=["GET"]),
    Rule("/<root>/collections/", endpoint="collections", methods=["GET"]),
    Rule("/<root>/collections/<cid>/", endpoint="collection", methods=["GET"]),
    Rule("/<root>/collections/<cid>/manifest/", endpoint="manifest", methods=["GET"]),
    Rule("/<root>/collections/<cid>/objects/", endpoint="objects", methods=["GET", "POST"]),
    Rule("/<root>/collections/<cid>/objects/<oid>/", endpoint="object", methods=["GET", "DELETE"]),
    Rule("/<root>/collections/<cid>/objects/<oid>/versions/", endpoint="versions", methods=["GET"]),
], strict_slashes=False)


@dataclass
class HubSettings:
    title: str = "carrierwatch TAXII 2.1 hub"
    description: str = "Threat intel sharing for telecom operators, with TLP 2.0 enforced per partner."
    max_content_length: int = 10 * 1024 * 1024
    default_page: int = 100
    max_page: int = 1000
    #: who may add a version of an object id already in a collection: "creator-or-reader" (the partner that
    #: created it, or one that can read and write the collection) or "creator" (only the creator). Never a
    #: partner below the TLP of any stored version.
    versions_by: str = "creator-or-reader"


class TaxiiApp:
    def __init__(self, engine: Engine, settings: HubSettings | None = None) -> None:
        self.engine = engine
        self.store = HubStore(engine)
        self.partners = PartnerBook(engine)
        self.settings = settings or HubSettings()
        self.limiter = RateLimiter()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self._handle(request)
        except HttpError as exc:
            response = error_response(exc)
        except Exception:  # never a traceback to a partner
            log.exception("internal error on %s %s", request.method, request.path)
            response = error_response(HttpError(500, "Internal Server Error"))
        result: Iterable[bytes] = response(environ, start_response)
        return result

    # --- dispatch ----------------------------------------------------------------------------------------------
    def _handle(self, request: Request) -> Response:
        adapter = _ROUTES.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except MethodNotAllowed as exc:
            raise HttpError(405, "Method Not Allowed") from exc
        except NotFound as exc:
            raise HttpError(404, "Not Found") from exc
        except HTTPException as exc:  # e.g. a redirect to add the trailing slash
            redirect: Response = exc.get_response(request.environ)
            return redirect
        check_accept(request.headers.get("Accept"))
        partner = self.partners.authenticate(request.headers.get("Authorization"))
        if partner is None:
            raise HttpError(401, "Unauthorized", "HTTP Basic or a bearer token is required")
        if not self.limiter.allow(partner.name, partner.rate_per_minute):
            raise HttpError(429, "Too Many Requests", "rate limit for this partner exceeded")
        handler = getattr(self, "_" + endpoint)
        resp: Response = handler(request, partner, **args)
        return resp

    def _root_or_404(self, root: str) -> None:
        if root not in self.store.api_roots():
            raise HttpError(404, "Not Found", "no such API root")

    def _coll(self, partner: Partner, root: str, cid: str, need: str) -> Collection:
        coll = self.store.collection(root, cid)
        if coll is None or (cid not in partner.read and cid not in partner.write):
            raise HttpError(404, "Not Found", "no such collection")
        if need == "read" and cid not in partner.read:
            raise HttpError(403, "Forbidden", "no read access to this collection")
        if need == "write" and cid not in partner.write:
            raise HttpError(403, "Forbidden", "no write access to this collection")
        return coll

    # --- server and API roots ----------------------------------------------------------------------------------
    def _discovery(self, request: Request, partner: Partner) -> Response:
        roots = [request.host_url + r + "/" for r in self.store.api_roots()]
        body: dict[str, Any] = {"title": self.settings.title, "description": self.settings.description,
                                "api_roots": roots}
        if roots:
            body["default"] = roots[0]
        return taxii_response(body)

    def _api_root(self, request: Request, partner: Partner, root: str) -> Response:
        self._root_or_404(root)
        return taxii_response({"title": f"{self.settings.title}: {root}", "versions": [TAXII_MT],
                               "max_content_length": self.settings.max_content_length})

    def _status(self, request: Request, partner: Partner, root: str, sid: str) -> Response:
        body = self.store.status(root, sid, partner.name)
        if body is None:
            raise HttpError(404, "Not Found", "no such status")
        return taxii_response(body)

    # --- collections -------------------------------------------------------------------------------------------
    def _coll_info(self, partner: Partner, c: Collection) -> dict[str, Any]:
        return {"id": c.id, "title": c.title, "description": c.description, "can_read": c.id in partner.read,
                "can_write": c.id in partner.write, "media_types": [STIX_MT]}

    def _collections(self, request: Request, partner: Partner, root: str) -> Response:
        self._root_or_404(root)
        mine = [self._coll_info(partner, c) for c in self.store.collections(root)
                if c.id in partner.read or c.id in partner.write]
        return taxii_response({"collections": mine} if mine else {})

    def _collection(self, request: Request, partner: Partner, root: str, cid: str) -> Response:
        return taxii_response(self._coll_info(partner, self._coll(partner, root, cid, "any")))

    # --- objects -----------------------------------------------------------------------------------------------
    def _visible_page(self, request: Request, partner: Partner, coll: Collection, *, versions_default: str = "last",
                      only_id: str | None = None) -> tuple[list[Row], bool, str | None]:
        args = request.args
        flt = parse_filters(args, versions_default=versions_default)
        if only_id is not None:
            flt.ids = [only_id]
        limit = parse_limit(args, self.settings.default_page, self.settings.max_page)
        after = decode_next(args["next"]) if "next" in args else 0
        rank = max_rank(partner, coll)
        rows, more = self.store.page(coll, rank, flt, after, limit)
        # ``next`` only while ``more`` is true (TAXII 2.1 §3.4.3 / §5.3: absent on the last page).
        next_tok = encode_next(rows[-1].seq) if rows and more else None
        refs: set[str] = set()
        for r in rows:
            if r.refs != "[]":
                refs.update(json.loads(r.refs))
        if refs:
            ranks = self.store.ref_ranks(refs)
            rows = [r for r in rows if r.refs == "[]" or all(ranks.get(x, 0) <= rank for x in json.loads(r.refs))]
        return rows, more, next_tok

    @staticmethod
    def _headers(rows: list[Row]) -> dict[str, str]:
        if not rows:
            return {}
        return {"X-TAXII-Date-Added-First": rows[0].date_added, "X-TAXII-Date-Added-Last": rows[-1].date_added}

    def _envelope(self, request: Request, partner: Partner, coll: Collection, rows: list[Row], more: bool,
                  next_tok: str | None) -> Response:
        head = '{"more":' + ("true" if more else "false")
        if next_tok:
            head += ',"next":"' + next_tok + '"'
        if rows:
            head += ',"objects":[' + ",".join(r.body for r in rows) + "]"
        log_access(self.engine, partner.name, request.method, request.path, 200, coll.id, [r.stix_id for r in rows])
        return taxii_response(head + "}", 200, self._headers(rows))

    def _objects(self, request: Request, partner: Partner, root: str, cid: str) -> Response:
        if request.method == "POST":
            return self._add(request, partner, root, cid)
        coll = self._coll(partner, root, cid, "read")
        rows, more, tok = self._visible_page(request, partner, coll)
        return self._envelope(request, partner, coll, rows, more, tok)

    def _object(self, request: Request, partner: Partner, root: str, cid: str, oid: str) -> Response:
        if request.method == "DELETE":
            coll = self._coll(partner, root, cid, "write")
            if cid not in partner.read:
                raise HttpError(403, "Forbidden", "deleting needs read and write access")
            flt = parse_filters(request.args, versions_default="all")
            n = self.store.delete_object(coll, oid, flt, max_rank(partner, coll))
            if not n:
                raise HttpError(404, "Not Found", "no such object")
            log_access(self.engine, partner.name, "DELETE", request.path, 200, coll.id, [oid])
            return taxii_response("", 200)
        coll = self._coll(partner, root, cid, "read")
        rows, more, tok = self._visible_page(request, partner, coll, only_id=oid)
        self._exists_or_404(partner, coll, oid, rows, more)
        return self._envelope(request, partner, coll, rows, more, tok)

    def _exists_or_404(self, partner: Partner, coll: Collection, oid: str, rows: list[Row], more: bool) -> None:
        """404 only when no version is visible to this partner; a filter that excludes a visible object gives
        an empty result (TAXII 2.1 §5.5/§5.6: 404 is for an object that is not there)."""
        if not rows and not more and not self.store.visible(coll, oid, max_rank(partner, coll)):
            raise HttpError(404, "Not Found", "no such object")

    def _versions(self, request: Request, partner: Partner, root: str, cid: str, oid: str) -> Response:
        coll = self._coll(partner, root, cid, "read")
        rows, more, tok = self._visible_page(request, partner, coll, versions_default="all", only_id=oid)
        self._exists_or_404(partner, coll, oid, rows, more)
        body: dict[str, Any] = {"more": more}
        if rows:
            body["versions"] = [r.version for r in rows]
        if tok:
            body["next"] = tok
        log_access(self.engine, partner.name, "GET", request.path, 200, coll.id, [oid])
        return taxii_response(body, 200, self._headers(rows))

    def _manifest(self, request: Request, partner: Partner, root: str, cid: str) -> Response:
        coll = self._coll(partner, root, cid, "read")
        rows, more, tok = self._visible_page(request, partner, coll)
        body: dict[str, Any] = {"more": more}
        if tok:
            body["next"] = tok
        if rows:
            body["objects"] = [{"id": r.stix_id, "date_added": r.date_added, "version": r.version,
                                "media_type": "application/stix+json;version=" + r.spec_version} for r in rows]
        log_access(self.engine, partner.name, "GET", request.path, 200, coll.id, [r.stix_id for r in rows])
        return taxii_response(body, 200, self._headers(rows))

    def _add(self, request: Request, partner: Partner, root: str, cid: str) -> Response:
        coll = self._coll(partner, root, cid, "write")
        check_content_type(request.headers.get("Content-Type"))
        limit = self.settings.max_content_length
        if request.content_length is not None and request.content_length > limit:
            raise HttpError(413, "Payload Too Large", f"max_content_length is {limit} bytes")
        raw = request.stream.read(limit + 1)
        if len(raw) > limit:
            raise HttpError(413, "Payload Too Large", f"max_content_length is {limit} bytes")
        try:
            envelope = strict_json.loads(raw)
        except strict_json.JsonRefused as exc:
            raise HttpError(400, "Bad Request", str(exc)) from exc
        if not isinstance(envelope, dict) or not isinstance(envelope.get("objects"), list):
            raise HttpError(422, "Unprocessable Entity", "body is not a TAXII envelope with an objects list")
        stamp = now_stamp()
        res = self.store.add_objects(coll, envelope["objects"], writer=partner.name,
                                     writer_rank=max_rank(partner, coll), may_read=cid in partner.read,
                                     versions_by=self.settings.versions_by)
        sid = str(uuid.uuid4())
        body: dict[str, Any] = {
            "id": sid, "status": "complete", "request_timestamp": stamp,
            "total_count": len(envelope["objects"]), "success_count": len(res.successes),
            "failure_count": len(res.failures), "pending_count": 0,
        }
        # TAXII 2.1 §4.3.1: the lists are optional; present only with members. A failure names the version
        # when the object had one.
        if res.successes:
            body["successes"] = [{"id": i, "version": v} for i, v in res.successes]
        if res.failures:
            body["failures"] = [{"id": i, "message": m, **({"version": v} if v else {})} for i, m, v in res.failures]
        self.store.save_status(sid, root, partner.name, body)
        log_access(self.engine, partner.name, "POST", request.path, 202, coll.id, [i for i, _ in res.successes])
        return taxii_response(body, 202)
