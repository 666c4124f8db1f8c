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
    text = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"), allow_nan=False)
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


def _media_types(value: str) -> list[tuple[str, dict[str, str]]]:
    """An Accept / Content-Type header as (type, params): RFC 9110 §12.5.1 lists, params case-insensitive,
    values optionally quoted (``version="2.1"``)."""
    out = []
    for part in value.split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        params: dict[str, str] = {}
        for b in bits[1:]:
            k, _, v = b.partition("=")
            params[k.strip().lower()] = v.strip().strip('"').strip()
        out.append((bits[0].lower(), params))
    return out


def _taxii21(mt: str, params: dict[str, str]) -> bool:
    return mt == "application/taxii+json" and params.get("version", "2.1") == "2.1" and params.get("q") != "0"


def check_accept(value: str | None) -> None:
    """406 unless the client accepts TAXII 2.1 JSON: ``application/taxii+json`` (version absent or 2.1) among
    the listed types. A wildcard alone is not enough: TAXII 2.1 §1.6.8.1 has clients name the media type."""
    if not value or not any(_taxii21(mt, p) for mt, p in _media_types(value)):
        raise HttpError(406, "Not Acceptable", f"send Accept: {TAXII_MT}")


def check_content_type(value: str | None) -> None:
    types = _media_types(value or "")
    if len(types) != 1 or not _taxii21(*types[0]):
        raise HttpError(415, "Unsupported Media Type", f"send Content-Type: {TAXII_MT}")


def encode_next(seq: int) -> str:
    return base64.urlsafe_b64encode(f"s:{seq}".encode()).decode().rstrip("=")


def decode_next(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        if not text.startswith("s:"):
            raise ValueError(text)
        if not text[2:].isascii() or not text[2:].isdigit() or len(text) > 22:
            raise ValueError(text)
        seq = int(text[2:])
        if seq < 0 or seq > 2**63 - 1:
            raise ValueError(text)
        return seq
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise HttpError(400, "Bad Request", "next is not a token this server issued") from exc


MAX_FILTER_VALUES = 500


def _split(args: MultiDict[str, str], key: str) -> list[str]:
    out: list[str] = []
    for v in args.getlist(key):
        out.extend(x.strip() for x in v.split(",") if x.strip())
    if len(out) > MAX_FILTER_VALUES:
        raise HttpError(400, "Bad Request", f"{key} takes at most {MAX_FILTER_VALUES} values")
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
    raw = args["limit"].strip()
    try:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
            raise ValueError(raw)
        n = int(raw)
    except ValueError as exc:
        raise HttpError(400, "Bad Request", "limit must be a positive integer") from exc
    if n < 1:
        raise HttpError(400, "Bad Request", "limit must be a positive integer")
    return min(n, maximum)
