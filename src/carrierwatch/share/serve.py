"""Run the hub: HTTPS with the operator's certificate, plain HTTP only on a loopback address.

The TAXII 2.1 announcement describes TAXII as CTI exchange over HTTPS; medallion is HTTP only
(docs/compatibility.rst), which is one of the reasons it is not fit to face partners.
"""

from __future__ import annotations

import ipaddress
import ssl
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from carrierwatch.share.taxii_app import TaxiiApp


class ServeError(ValueError):
    pass


class _QuietHandler(WSGIRequestHandler):
    """The access log in SQL records who read what; stderr request lines would print object ids a second time."""

    def log(self, type: str, message: str, *args: Any) -> None:  # noqa: A002 - Werkzeug's signature
        return


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_server(app: TaxiiApp, host: str, port: int, cert: Path | None = None,
                 key: Path | None = None) -> BaseWSGIServer:
    """A threaded WSGI server; refuses plain HTTP on anything but loopback."""
    ctx: ssl.SSLContext | None = None
    if cert or key:
        if not (cert and key):
            raise ServeError("--cert and --key go together")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            ctx.load_cert_chain(str(cert), str(key))
        except (OSError, ssl.SSLError) as exc:
            raise ServeError(f"cannot load certificate/key: {exc}") from exc
    elif not is_loopback(host):
        raise ServeError(f"refusing plain HTTP on {host}: give --cert and --key (plain HTTP only on loopback)")
    return make_server(host, port, app, threaded=True, ssl_context=ctx, request_handler=_QuietHandler)
