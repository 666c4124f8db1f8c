"""TAXII 2.1 client: pull a collection's objects page by page, resumable, without gaps or duplicates.

Paging follows the TAXII 2.1 spec (OASIS CS01 §3.4 "Pagination", §5.4 "Get Objects"): request with ``limit``;
while the envelope says ``more`` with a ``next`` cursor, ask again with the *same* filters plus ``next``; only when
there is no ``next`` does the run end, and only then does ``added_after`` advance, to the response's
``X-TAXII-Date-Added-Last``. Advancing ``added_after`` from a page in the middle of a run is the bug OpenCTI
shipped (OpenCTI-Platform/opencti#4537): with objects sharing one ``date_added`` across a page boundary, the strict
``added_after`` filter skips the rest of the tie.

State per (server, collection) lives in the state DB (``taxii_state``) and is written after each page's objects
are committed, so a killed pull resumes at the next page. Servers keep cursors in memory (medallion#152): when
a saved ``next`` is refused the pull restarts from the run's ``added_after``; the store's (id, modified) key
absorbs the repeats, so nothing is stored twice and nothing is skipped.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from carrierwatch.intel import store as intel_store

MEDIA = "application/taxii+json;version=2.1"


class TaxiiError(Exception):
    """The server refused or failed a request (status and a short reason, never the credentials)."""


@dataclass
class Auth:
    user: str | None = None
    password: str | None = None
    token: str | None = None

    def header(self) -> str | None:
        if self.token:
            return f"Bearer {self.token}"
        if self.user is not None:
            raw = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(raw).decode("ascii")
        return None


@dataclass
class PullState:
    added_after: str | None = None
    next: str | None = None
    page_added_after: str | None = None
    objects: int = 0


@dataclass
class PullResult:
    pages: int
    objects: int
    restarted: bool  # a saved cursor was refused and the run restarted from its added_after
    state: PullState


def objects_url(api_root: str, collection: str) -> str:
    return f"{api_root.rstrip('/')}/collections/{urllib.parse.quote(collection, safe='')}/objects/"


def load_state(db: Engine, url: str, collection: str) -> PullState:
    t = intel_store.taxii_state
    with db.connect() as conn:
        row = conn.execute(select(t).where(t.c.url == url, t.c.collection == collection)).first()
    if row is None:
        return PullState()
    return PullState(row.added_after, row.next, row.page_added_after, row.objects)


def save_state(db: Engine, url: str, collection: str, st: PullState) -> None:
    t = intel_store.taxii_state
    values = dict(added_after=st.added_after, next=st.next, page_added_after=st.page_added_after, objects=st.objects)
    with db.begin() as conn:
        done = conn.execute(t.update().where(t.c.url == url, t.c.collection == collection).values(**values))
        if done.rowcount == 0:
            conn.execute(t.insert().values(url=url, collection=collection, **values))


def _get(url: str, params: dict[str, str], auth: Auth, timeout: float) -> tuple[dict[str, Any], dict[str, str]]:
    full = url + ("?" + urllib.parse.urlencode(params) if params else "")
    req = urllib.request.Request(full, headers={"Accept": MEDIA})
    h = auth.header()
    if h:
        req.add_header("Authorization", h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the user gives the URL
            body = resp.read()
            headers = {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        raise TaxiiError(f"HTTP {exc.code} from {url}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise TaxiiError(f"cannot reach {url}: {exc.__class__.__name__}") from None
    try:
        data = json.loads(body) if body else {}
    except ValueError:
        raise TaxiiError(f"response from {url} is not JSON") from None
    return (data if isinstance(data, dict) else {}), headers


def pull(db: Engine, api_root: str, collection: str, on_page: Callable[[list[dict[str, Any]]], None], *,
         auth: Auth | None = None, limit: int = 1000, timeout: float = 60.0,
         max_pages: int | None = None) -> PullResult:
    """Pull new objects; ``on_page`` must commit them before it returns (the cursor is saved after it).

    ``max_pages`` stops early (as an interruption would), leaving the cursor saved for the next call."""
    auth = auth or Auth()
    url = objects_url(api_root, collection)
    st = load_state(db, api_root, collection)
    pages = 0
    restarted = False
    while max_pages is None or pages < max_pages:
        run_after = st.page_added_after if st.next else st.added_after
        params = {"limit": str(limit)}
        if run_after:
            params["added_after"] = run_after
        if st.next:
            params["next"] = st.next
        try:
            data, headers = _get(url, params, auth, timeout)
        except TaxiiError as exc:
            if st.next and ("HTTP 400" in str(exc) or "HTTP 404" in str(exc)):
                st.next = None  # cursor forgotten by the server: restart this run from its added_after
                st.added_after = st.page_added_after
                restarted = True
                continue
            raise
        objs = [o for o in data.get("objects") or [] if isinstance(o, dict)]
        on_page(objs)
        pages += 1
        st.objects += len(objs)
        nxt = data.get("next")
        if data.get("more") and nxt:
            st.page_added_after, st.next = run_after, str(nxt)
        else:
            last = headers.get("x-taxii-date-added-last")
            if last and (not run_after or last > run_after):
                st.added_after = last
            elif run_after:
                st.added_after = run_after
            st.next = st.page_added_after = None
        save_state(db, api_root, collection, st)
        if not st.next:
            break
    return PullResult(pages, st.objects, restarted, st)
