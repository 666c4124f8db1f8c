"""Line-oriented intel: Zeek intel files, plain CSV IOC lists, MISP CSV exports and freetext feeds.

Each reader streams its file line by line and accounts for every data line: accepted into an indicator, or
rejected with its reason (unknown type, invalid value). Values are typed and canonicalised by
:mod:`carrierwatch.intel.values`. Indicator ids are derived from source + kind + value (uuid5), so re-reading a
file produces the same ids and the store adds nothing.

Formats: Zeek intel framework (docs.zeek.org "Intelligence Framework": ``#fields indicator indicator_type
meta.source meta.desc``; ``Intel::ADDR`` … ``Intel::CERT_HASH``); MISP CSV export (MISP automation API
``/events/csv/download``: columns ``uuid,event_id,category,type,value,comment,to_ids,date,…``); MISP freetext
feeds and plain lists (one value per line, ``#`` comments, a type guessed per value).
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from pathlib import Path

from carrierwatch.findings import InputAccount
from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.values import canonical, guess_kind

_NS = uuid.UUID("5b0e3a52-8c1c-4f39-9f0e-9f6c1c0a7d41")  # carrierwatch's namespace for derived indicator ids

ZEEK_TYPES = {"Intel::ADDR": "ip", "Intel::SUBNET": "ip", "Intel::DOMAIN": "domain", "Intel::URL": "url",
              "Intel::EMAIL": "email", "Intel::FILE_NAME": "file-name", "Intel::CERT_HASH": "x509-sha1"}

#: MISP attribute types (MISP core format, "Attribute types") -> our kinds. ``a|b`` types are split by the caller.
MISP_TYPES = {"ip-src": "ip", "ip-dst": "ip", "domain": "domain", "hostname": "domain", "url": "url", "uri": "url",
              "link": "url", "email": "email", "email-src": "email", "email-dst": "email", "md5": "md5",
              "sha1": "sha1", "sha256": "sha256", "sha512": "sha512", "ssdeep": "ssdeep", "filename": "file-name",
              "x509-fingerprint-sha1": "x509-sha1", "x509-fingerprint-sha256": "x509-sha256", "AS": "asn",
              "port": "port"}


def derived_id(source: str, kind: str, value: str) -> str:
    return f"indicator--{uuid.uuid5(_NS, f'{source}|{kind}|{value}')}"


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
        for n, line in enumerate(fh, start=1):
            yield n, line.rstrip("\r\n")


def _hash_kind(value: str) -> str | None:
    return {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}.get(len(value.strip()))


def read_zeek_intel(path: Path, account: InputAccount, *, source: str | None = None,
                    tlp: str = "clear") -> list[Indicator]:
    src = source or str(path)
    out: list[Indicator] = []
    fields: list[str] = []
    sep = "\t"
    for n, line in _lines(path):
        if line.startswith("#separator"):
            sep = line.split(" ", 1)[1].encode().decode("unicode_escape") if " " in line else "\t"
            continue
        if line.startswith("#fields"):
            fields = line.split(sep)[1:]
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if not fields:
            account.reject("data line before the #fields header", n)
            continue
        row = dict(zip(fields, line.split(sep), strict=False))
        itype, raw = row.get("indicator_type", ""), row.get("indicator", "")
        kind = ZEEK_TYPES.get(itype) or (_hash_kind(raw) if itype == "Intel::FILE_HASH" else None)
        if kind is None:
            account.reject(f"unsupported Zeek indicator type {itype or '(none)'}", n)
            continue
        typed = canonical(kind, raw)
        if typed is None:
            account.reject(f"invalid {kind} value", n)
            continue
        meta_src = row.get("meta.source", "-")
        desc = row.get("meta.desc", "")
        out.append(Indicator(id=derived_id(src, *typed), kind=typed[0], value=typed[1],
                             source=src if meta_src in ("", "-") else f"{src} ({meta_src})",
                             description="" if desc == "-" else desc, tlp=tlp))
        account.accept()
    return out


def read_value_list(path: Path, account: InputAccount, *, source: str | None = None,
                    tlp: str = "clear") -> list[Indicator]:
    """Freetext / plain lists: one value per line (first CSV cell if the line has commas), type guessed."""
    src = source or str(path)
    out: list[Indicator] = []
    for n, line in _lines(path):
        text = line.strip()
        if not text or text.startswith("#") or text.startswith("//"):
            continue
        value = text.split(",", 1)[0].strip().strip('"') if "," in text else text.split()[0]
        typed = guess_kind(value)
        if typed is None:
            account.reject("value is not an IP, CIDR, hash, URL, e-mail or domain", n)
            continue
        out.append(Indicator(id=derived_id(src, *typed), kind=typed[0], value=typed[1], source=src, tlp=tlp))
        account.accept()
    return out


def read_csv_iocs(path: Path, account: InputAccount, *, source: str | None = None,
                  tlp: str = "clear") -> list[Indicator]:
    """CSV with a header: a value column (``value``/``indicator``/``ioc``) and optional ``type`` (MISP types or
    ours), ``comment``/``description`` and ``to_ids`` (MISP CSV export: rows with to_ids false are context only)."""
    src = source or str(path)
    out: list[Indicator] = []
    with path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        cols = {c.lower().strip(): c for c in reader.fieldnames or []}
        vcol = next((cols[c] for c in ("value", "indicator", "ioc", "observable") if c in cols), None)
        if vcol is None:
            account.error = "CSV has no value/indicator/ioc column"
            return out
        tcol, dcol = cols.get("type"), cols.get("comment") or cols.get("description")
        for n, row in enumerate(reader, start=2):
            raw = (row.get(vcol) or "").strip()
            if not raw:
                account.reject("empty value", n)
                continue
            if "to_ids" in cols and str(row.get(cols["to_ids"], "")).strip().lower() in ("0", "false"):
                account.reject("to_ids is false (context, not an indicator)", n)
                continue
            kinds = _typed_misp(str(row.get(tcol) or "").strip(), raw) if tcol else [guess_kind(raw)]
            if not kinds or any(k is None for k in kinds):
                account.reject(f"unsupported type or invalid value ({row.get(tcol) if tcol else 'untyped'})", n)
                continue
            group = derived_id(src, "group", raw) if len(kinds) > 1 else ""
            for typed in kinds:
                assert typed is not None
                out.append(Indicator(id=derived_id(src, typed[0], raw), kind=typed[0], value=typed[1], source=src,
                                     description=str(row.get(dcol) or "") if dcol else "", tlp=tlp, group=group,
                                     group_size=len(kinds)))
            account.accept()
    return out


def _typed_misp(mtype: str, value: str) -> list[tuple[str, str] | None]:
    """A MISP (or our) type + value -> typed terms; ``filename|md5`` gives two terms that must match together."""
    if "|" in mtype:
        left_t, right_t = mtype.split("|", 1)
        left_v, _, right_v = value.partition("|")
        if left_t in ("ip-src", "ip-dst") and right_t == "port":  # the port alone is not an indicator
            return [canonical("ip", left_v)]
        if left_t == "domain" and right_t == "ip":  # either is an indicator on its own
            return [canonical("domain", left_v)]
        return [canonical(MISP_TYPES.get(left_t, left_t), left_v), canonical(MISP_TYPES.get(right_t, right_t), right_v)]
    kind = MISP_TYPES.get(mtype, mtype)
    return [canonical(kind, value)]
