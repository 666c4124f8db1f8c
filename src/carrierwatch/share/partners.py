"""Partners of the hub: credentials stored hashed, rights per partner per collection, a TLP ceiling each.

Secrets are generated here (256 random bits, ``secrets.token_urlsafe``), never chosen by people, so a fast
keyed-free SHA-256 is enough to store them (there is no dictionary to attack a 256-bit random value with; the
same reasoning GitHub gives for its tokens). Comparison is constant-time (``hmac.compare_digest``). The
plaintext secrets are returned once, by ``add`` and ``rotate``, and never stored or logged.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, insert, select, update

from carrierwatch.intel.tlp import ORDER
from carrierwatch.share import schema as t
from carrierwatch.share.store import now_stamp

TOKEN_PREFIX = "cwt_"


@dataclass
class Partner:
    id: int
    name: str
    tlp_ceiling: str
    trust_groups: list[str]
    rate_per_minute: int
    revoked: bool
    read: set[str] = field(default_factory=set)  # collection ids
    write: set[str] = field(default_factory=set)

    @property
    def ceiling_rank(self) -> int:
        return ORDER.index(self.tlp_ceiling)


@dataclass
class Credentials:
    """Shown once to the operator to hand to the partner."""

    name: str
    password: str
    token: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class PartnerBook:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, name: str, *, tlp: str = "green", read: list[str] | None = None, write: list[str] | None = None,
            trust_groups: list[str] | None = None, rate_per_minute: int = 600) -> Credentials:
        if tlp not in ORDER:
            raise ValueError(f"unknown TLP {tlp!r}; one of {', '.join(ORDER)}")
        if not name or ":" in name or len(name) > 128:
            raise ValueError("partner name must be 1-128 characters without ':'")
        creds = Credentials(name, secrets.token_urlsafe(32), TOKEN_PREFIX + secrets.token_urlsafe(32))
        with self.engine.begin() as conn:
            if conn.execute(select(t.partners.c.id).where(t.partners.c.name == name)).first():
                raise ValueError(f"partner {name!r} exists; use rotate")
            pid = conn.execute(insert(t.partners).values(
                name=name, password_hash=_digest(creds.password), token_hash=_digest(creds.token), tlp_ceiling=tlp,
                trust_groups=json.dumps(sorted(set(trust_groups or []))), rate_per_minute=rate_per_minute,
                revoked=False, created=now_stamp())).inserted_primary_key[0]  # type: ignore[index]
            self._set_rights(conn, int(pid), read or [], write or [])
        return creds

    def grant(self, name: str, read: list[str], write: list[str]) -> None:
        with self.engine.begin() as conn:
            pid = conn.execute(select(t.partners.c.id).where(t.partners.c.name == name)).scalar()
            if pid is None:
                raise ValueError(f"no partner {name!r}")
            conn.execute(delete(t.rights).where(t.rights.c.partner_id == pid))
            self._set_rights(conn, int(pid), read, write)

    @staticmethod
    def _set_rights(conn: object, pid: int, read: list[str], write: list[str]) -> None:
        rows = [dict(partner_id=pid, collection_id=c, can_read=c in read, can_write=c in write)
                for c in sorted(set(read) | set(write))]
        if rows:
            conn.execute(insert(t.rights), rows)  # type: ignore[attr-defined]

    def rotate(self, name: str) -> Credentials:
        """New secrets; a revoked partner stays revoked (rotating is not reinstating)."""
        creds = Credentials(name, secrets.token_urlsafe(32), TOKEN_PREFIX + secrets.token_urlsafe(32))
        with self.engine.begin() as conn:
            n = conn.execute(update(t.partners).where(t.partners.c.name == name).values(
                password_hash=_digest(creds.password), token_hash=_digest(creds.token))).rowcount
        if not n:
            raise ValueError(f"no partner {name!r}")
        return creds

    def revoke(self, name: str) -> None:
        with self.engine.begin() as conn:
            n = conn.execute(update(t.partners).where(t.partners.c.name == name).values(revoked=True)).rowcount
        if not n:
            raise ValueError(f"no partner {name!r}")

    def list(self) -> list[Partner]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.partners).order_by(t.partners.c.name)).all()
            rights = conn.execute(select(t.rights)).all()
        out = []
        for r in rows:
            p = Partner(r.id, r.name, r.tlp_ceiling, json.loads(r.trust_groups), r.rate_per_minute, bool(r.revoked))
            p.read = {x.collection_id for x in rights if x.partner_id == r.id and x.can_read}
            p.write = {x.collection_id for x in rights if x.partner_id == r.id and x.can_write}
            out.append(p)
        return out

    def authenticate(self, authorization: str | None) -> Partner | None:
        """The partner an ``Authorization`` header (Basic or Bearer) proves, or None. Revoked partners fail."""
        if not authorization:
            return None
        scheme, _, value = authorization.strip().partition(" ")
        value = value.strip()
        c = t.partners.c
        with self.engine.connect() as conn:
            if scheme.lower() == "basic":
                try:
                    user, sep, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
                except (binascii.Error, UnicodeDecodeError):
                    return None
                if not sep:
                    return None
                row = conn.execute(select(t.partners).where(c.name == user)).first()
                stored = row.password_hash if row is not None else "0" * 64
                ok = hmac.compare_digest(_digest(password), stored)  # compare even for unknown users
            elif scheme.lower() == "bearer":
                digest = _digest(value)
                row = conn.execute(select(t.partners).where(c.token_hash == digest)).first()
                ok = row is not None and hmac.compare_digest(digest, row.token_hash)
            else:
                return None
            if row is None or not ok or row.revoked:
                return None
            rights = conn.execute(select(t.rights).where(t.rights.c.partner_id == row.id)).all()
        p = Partner(row.id, row.name, row.tlp_ceiling, json.loads(row.trust_groups), row.rate_per_minute, False)
        p.read = {x.collection_id for x in rights if x.can_read}
        p.write = {x.collection_id for x in rights if x.can_write}
        return p
