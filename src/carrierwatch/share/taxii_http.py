"""TAXII 2.1 wire details: media types, error resources, filter parsing and the ``next`` token.

Spec: https://docs.oasis-open.org/cti/taxii/v2.1/os/taxii-v2.1-os.html (§1.6.8 media types, §3.4 query
parameters, §3.6 error message). Every response, errors included, is ``application/taxii+json;version=2.1``.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from carrierwatch.share.stixmeta import BadObject, version_key
from carrierwatch.share.store import Filters

TAXII_MT = "application/taxii+json;version=2.1"
STIX_MT = "application/stix+json;version=2.1"


class HttpError(Exception):
    def __init__(self, status: int, title: str, description: str = "") -> None:
        super().__init__(title)
        self.status, self.title, self.description = status, title, description


def taxii_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    text = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
    resp = Response(text, status=status, content_type=TAXII_MT)
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def error_response(err: HttpError) -> Response:
    body = {"title": err.title, "http_status": str(err.status)}
    if err.description:
        body["description"] = err.description
    resp = taxii_response(body, err.status)
    if err.status == 401:
        resp.headers["WWW-Authenticate"] = 'Basic realm="carrierwatch", Bearer realm="carrierwatch"'
    if err.status == 429:
        resp.headers["Retry-After"] = "1"
    return resp


def _media_ok(value: str, allow_wildcard: bool) -> bool:
    for part in value.split(","):
        bits = [b.strip().lower() for b in part.split(";")]
        mt, params = bits[0], dict(p.partition("=")[::2] for p in bits[1:])
        if mt == "application/taxii+json" and params.get("version", "2.1").strip() == "2.1":
            return True
        if allow_wildcard and mt in ("*/*", "application/*"):
            return False  # a wildcard is not an explicit TAXII 2.1 request: §1.6.8.1 asks clients to name it
    return False


def check_accept(value: str | None) -> None:
    if not value or not _media_ok(value, allow_wildcard=True):
        raise HttpError(406, "Not Acceptable", f"send Accept: {TAXII_MT}")


def check_content_type(value: str | None) -> None:
    if not value or not _media_ok(value, allow_wildcard=False):
        raise HttpError(415, "Unsupported Media Type", f"send Content-Type: {TAXII_MT}")


def encode_next(seq: int) -> str:
    return base64.urlsafe_b64encode(f"s:{seq}".encode()).decode().rstrip("=")


def decode_next(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        if not text.startswith("s:"):
            raise ValueError(text)
        seq = int(text[2:])
        if seq < 0:
            raise ValueError(text)
        return seq
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise HttpError(400, "Bad Request", "next is not a token this server issued") from exc


def _split(args: MultiDict[str, str], key: str) -> list[str]:
    out: list[str] = []
    for v in args.getlist(key):
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def parse_filters(args: MultiDict[str, str], *, versions_default: str = "last") -> Filters:
    flt = Filters(versions=[versions_default])
    if "added_after" in args:
        try:
            flt.added_after = version_key(args["added_after"])
        except BadObject as exc:
            raise HttpError(400, "Bad Request", "added_after is not an RFC 3339 UTC timestamp") from exc
    flt.ids = _split(args, "match[id]")
    flt.types = _split(args, "match[type]")
    flt.spec_versions = _split(args, "match[spec_version]")
    if any(s not in ("2.0", "2.1") for s in flt.spec_versions):
        raise HttpError(400, "Bad Request", "match[spec_version] takes 2.0 or 2.1")
    vers = _split(args, "match[version]")
    if vers:
        out = []
        for v in vers:
            if v in ("last", "first", "all"):
                out.append(v)
                continue
            try:
                out.append(version_key(v))
            except BadObject as exc:
                raise HttpError(400, "Bad Request", "match[version] takes last, first, all or a timestamp") from exc
        flt.versions = out
    return flt


def parse_limit(args: MultiDict[str, str], default: int, maximum: int) -> int:
    if "limit" not in args:
        return default
    try:
        n = int(args["limit"])
    except ValueError as exc:
        raise HttpError(400, "Bad Request", "limit must be a positive integer") from exc
    if n < 1:
        raise HttpError(400, "Bad Request", "limit must be a positive integer")
    return min(n, maximum)
