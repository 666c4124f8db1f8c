"""X1 provisioning messages (ETSI TS 103 221-1) as an ADMF or a network element logs them: XML and JSONL.

X1 is the interface over which the ADMF/LIPF tells a network element whom to tap and where to deliver the
intercepted data (docs/guidance.md#li-interfaces). The XML form is the standard's own::

    <X1Request xmlns="http://uri.etsi.org/03221/X1/2017/10" xmlns:xsi="...XMLSchema-instance">
      <x1RequestMessage xsi:type="ActivateTaskRequest">
        <admfIdentifier/> <neIdentifier/> <messageTimestamp/> <version/> <x1TransactionId/>
        <taskDetails> <xId/> <targetIdentifiers><targetIdentifier><e164Number/>..</targetIdentifiers>
                      <deliveryType/> <listOfDIDs><dId/></listOfDIDs> </taskDetails>
      </x1RequestMessage>
    </X1Request>

A file may hold one message or many: several ``x1RequestMessage``/``x1ResponseMessage`` in one document,
several documents one after another (each with its ``<?xml?>`` declaration, as a log appends them), or a
log wrapper around them. A message element named after its type (``<activateTaskRequest>``, as some
implementations log it) is read too. Where the logger recorded who sent a message, it does so with a
``peer`` (or ``peerAddress``/``sourceAddress``/``src``) attribute on the message or an enclosing element:
that attribute is a carrierwatch convention, not part of TS 103 221-1 (X1 itself carries no address).

Security: X1 input is untrusted (it is where an intruder would plant a payload). It is parsed with
defusedxml's SAX reader with DTDs forbidden, so entity expansion ("billion laughs") and external entities
are refused before any expansion; such a document is rejected and counted, never parsed.

Privacy: target identifiers are replaced by keyed tokens (:mod:`carrierwatch.li.privacy`) the moment
they are read; :class:`X1Event` never holds a plaintext target.

JSONL audit trail: one JSON object per line with the same fields, in snake_case (``timestamp``,
``message``, ``admf_id``, ``ne_id``, ``transaction_id``, ``peer``, ``x_id``, ``targets`` as
``[{"kind": "e164Number", "value": "..."}]``, ``dids``, ``d_id``, ``delivery_address``,
``delivery_port``, ``error_code``) or in the X1 element names (``messageTimestamp``, ``admfIdentifier``...).
"""

from __future__ import annotations

import re
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString as defused_parse_string

from carrierwatch.findings import InputAccount
from carrierwatch.li.privacy import TargetHasher
from carrierwatch.values import BadValue, check_depth, json_loads, opt_int

X1_NAMESPACE = "http://uri.etsi.org/03221/X1/2017/10"
MAX_BYTES = 256 * 1024 * 1024

#: Message types of TS 103 221-1 that the checks reason about (others are read and kept by name).
TASK_CHANGES = ("ActivateTaskRequest", "ModifyTaskRequest")
DESTINATION_CHANGES = ("CreateDestinationRequest", "ModifyDestinationRequest", "RemoveDestinationRequest")
LISTINGS = ("GetAllDetailsRequest", "GetAllTaskDetailsRequest", "GetAllDestinationDetailsRequest",
            "ListAllDetailsRequest")
_PEER_ATTRS = ("peer", "peeraddress", "sourceaddress", "src", "remoteaddress")
_WRAPPERS = ("x1RequestMessage", "x1ResponseMessage")


@dataclass(frozen=True)
class X1Event:
    """One X1 message, targets already replaced by keyed tokens."""

    source: str
    line: int
    ts: datetime
    message: str  # e.g. "ActivateTaskRequest", "X1TopLevelErrorResponse"
    admf_id: str | None = None
    ne_id: str | None = None
    transaction_id: str | None = None
    peer: str | None = None  # who sent it, when the logger recorded that
    x_id: str | None = None
    targets: tuple[str, ...] = ()  # "tgt-…" tokens
    target_kinds: tuple[str, ...] = ()  # X1 kind names, same order as targets
    dids: tuple[str, ...] = ()  # listOfDIDs of a task
    d_id: str | None = None  # the destination a destination message is about
    delivery_address: str | None = None
    delivery_port: int | None = None
    error_code: str | None = None

    @property
    def is_request(self) -> bool:
        return self.message.endswith("Request")

    def redacted(self) -> str:
        """The evidence text: the message as a one-liner with tokens, never a plaintext target."""
        parts = [self.message]
        for name in ("admf_id", "ne_id", "peer", "x_id", "d_id", "delivery_address", "delivery_port", "error_code"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value}")
        if self.targets:
            parts.append("targets=" + ",".join(f"{k}:{t}" for k, t in zip(self.target_kinds, self.targets,
                                                                           strict=True)))
        if self.dids:
            parts.append("dids=" + ",".join(self.dids))
        return " ".join(parts)


# -- a tiny tree built from SAX events (SAX is what lets defusedxml refuse DTDs and report line numbers) --
@dataclass
class _Node:
    name: str  # local name
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: str = ""

    def find_all(self, name: str) -> list[_Node]:
        out: list[_Node] = []
        stack = list(reversed(self.children))
        while stack:
            n = stack.pop()
            if n.name == name:
                out.append(n)
            stack += reversed(n.children)
        return out

    def first_text(self, name: str) -> str | None:
        hits = self.find_all(name)
        return hits[0].text.strip() if hits and hits[0].text.strip() else None


def _local(qname: str) -> str:
    return qname.rsplit(":", 1)[-1]


class _TreeBuilder(xml.sax.handler.ContentHandler):
    def __init__(self, line_offset: int) -> None:
        super().__init__()
        self.offset = line_offset
        self.root = _Node("#root", {}, 0)
        self.stack = [self.root]
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:  # noqa: N802 (SAX API)
        self.locator = locator

    def startElement(self, name: str, attrs: Any) -> None:  # noqa: N802
        line = ((self.locator.getLineNumber() or 0) if self.locator else 0) + self.offset
        check_depth(len(self.stack))  # the tree walks below recurse: a 100,000-deep document is refused here
        node = _Node(_local(name), {_local(k).lower(): str(v) for k, v in attrs.items()}, line)
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        self.stack.pop()

    def characters(self, content: str) -> None:
        if len(self.stack[-1].text) < 4096:
            self.stack[-1].text += content


_DECL = re.compile(r"<\?xml[^>]*\?>")


def _chunks(text: str) -> list[tuple[int, str]]:
    """Split appended documents at their ``<?xml ...?>`` declarations: (line offset, document text)."""
    starts = [m.start() for m in _DECL.finditer(text)] or [0]
    if starts[0] != 0 and text[: starts[0]].strip():
        starts.insert(0, 0)
    out = []
    for i, s in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        out.append((text.count("\n", 0, s), text[s:end]))
    return out


def read_x1_xml(path: Path, acc: InputAccount, hasher: TargetHasher, *, display_path: str | None = None
                ) -> list[X1Event]:
    """Every X1 message in ``path``; hostile or malformed documents are rejected and counted."""
    display = display_path or str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            acc.error = f"file larger than {MAX_BYTES // (1024 * 1024)} MB"
            return []
        text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError as exc:
        acc.error = f"unreadable: {exc.strerror or exc}"
        return []
    return parse_x1_text(text, display, acc, hasher)


def parse_x1_text(text: str, display: str, acc: InputAccount, hasher: TargetHasher) -> list[X1Event]:
    events: list[X1Event] = []
    for offset, doc in _chunks(text):
        if not doc.strip():
            continue
        builder = _TreeBuilder(offset)
        has_dtd = "<!DOCTYPE" in doc or "<!ENTITY" in doc
        # A declaration-free document may hold several root elements (messages appended to a log): wrap it.
        # A document with a DTD is parsed as it is, so that defusedxml sees and refuses the DTD.
        body = doc if has_dtd else "<cw-wrap>" + _DECL.sub(lambda m: " " * len(m.group()), doc) + "</cw-wrap>"
        try:
            defused_parse_string(body.encode("utf-8", "backslashreplace"), builder, forbid_dtd=True,
                                 forbid_entities=True, forbid_external=True)
        except DefusedXmlException as exc:
            acc.reject(f"xml attack refused: {type(exc).__name__} (DTD/entities are not allowed in X1)", offset + 1)
            continue
        except xml.sax.SAXParseException as exc:
            acc.reject(f"malformed xml: {exc.getMessage()}", offset + (exc.getLineNumber() or 1))
            continue
        except BadValue as exc:
            acc.reject(f"malformed xml: {exc.reason}", offset + 1)
            continue
        found = _messages(builder.root, None)
        if not found:
            acc.reject("xml document without an X1 message", offset + 1)
        for node, mtype, peer in found:
            ev = _event(node, mtype, peer, display, acc, hasher)
            if ev is not None:
                events.append(ev)
    return events


def _msg_type(node: _Node) -> str | None:
    name = node.name
    if name in _WRAPPERS:
        t = node.attrs.get("type")
        return _local(t) if t else None
    if name == "X1TopLevelErrorResponse":
        return name
    cap = name[:1].upper() + name[1:]
    if cap.endswith(("Request", "Response")) and cap not in ("X1Request", "X1Response") and node.first_text(
        "messageTimestamp"
    ):
        return cap
    return None


def _messages(node: _Node, peer: str | None) -> list[tuple[_Node, str, str | None]]:
    out: list[tuple[_Node, str, str | None]] = []
    for child in node.children:
        p = next((child.attrs[a] for a in _PEER_ATTRS if a in child.attrs), None) or peer
        mtype = _msg_type(child)
        if mtype:
            out.append((child, mtype, p))
        else:
            out += _messages(child, p)
    return out


def _parse_ts(text: str | None) -> datetime | None:
    if not text:
        return None
    t = text.strip()
    if len(t) > 64 or not t.isascii():
        return None
    try:
        ts = datetime.fromisoformat(t.replace("Z", "+00:00"))
        ts = ts.astimezone(UTC) if ts.tzinfo else ts.replace(tzinfo=UTC)  # 9999-12-31T23:00-05:00 overflows
    except (ValueError, OverflowError):
        return None
    return ts if ts.year >= 1900 else None


def _event(node: _Node, mtype: str, peer: str | None, display: str, acc: InputAccount,
           hasher: TargetHasher) -> X1Event | None:
    ts = _parse_ts(node.first_text("messageTimestamp"))
    if ts is None:
        acc.reject("X1 message without a valid messageTimestamp", node.line)
        return None
    kinds: list[str] = []
    tokens: list[str] = []
    for ti in node.find_all("targetIdentifier"):
        for leaf in ti.children or [ti]:
            value = leaf.text.strip() if leaf.children == [] else ""
            if value:
                kinds.append(leaf.name)
                tokens.append(hasher.token_lenient(leaf.name, value))
    dids = tuple(d.text.strip() for lst in node.find_all("listOfDIDs") for d in lst.find_all("dId") if d.text.strip())
    d_id = None
    for holder in [*node.find_all("destinationDetails"), node]:
        direct = [c for c in holder.children if c.name == "dId" and c.text.strip()]
        if direct:
            d_id = direct[0].text.strip()
            break
    addr = port = None
    for da in node.find_all("deliveryAddress"):
        addr = da.first_text("IPv4Address") or da.first_text("IPv6Address") or da.first_text("ipv4Address") \
            or da.first_text("ipv6Address")
        raw_port = da.first_text("TCPPort") or da.first_text("UDPPort") or da.first_text("port")
        port = opt_int(raw_port, lo=0, hi=65535)
    acc.accept()
    return X1Event(
        source=display, line=node.line, ts=ts, message=mtype,
        admf_id=node.first_text("admfIdentifier"), ne_id=node.first_text("neIdentifier"),
        transaction_id=node.first_text("x1TransactionId"), peer=peer.strip() if peer else None,
        x_id=node.first_text("xId"), targets=tuple(tokens), target_kinds=tuple(kinds), dids=dids, d_id=d_id,
        delivery_address=addr, delivery_port=port, error_code=node.first_text("errorCode"),
    )


# -- JSONL ------------------------------------------------------------------------------------------------
_JSON_KEYS = {
    "timestamp": ("timestamp", "messageTimestamp", "ts"),
    "message": ("message", "messageType", "type"),
    "admf_id": ("admf_id", "admfIdentifier"),
    "ne_id": ("ne_id", "neIdentifier"),
    "transaction_id": ("transaction_id", "x1TransactionId"),
    "peer": ("peer", "peer_address", "src_ip"),
    "x_id": ("x_id", "xId"),
    "targets": ("targets", "targetIdentifiers"),
    "dids": ("dids", "listOfDIDs"),
    "d_id": ("d_id", "dId"),
    "delivery_address": ("delivery_address", "deliveryAddress"),
    "delivery_port": ("delivery_port", "deliveryPort"),
    "error_code": ("error_code", "errorCode"),
}


def _get(obj: dict[str, Any], key: str) -> Any:
    return next((obj[k] for k in _JSON_KEYS[key] if k in obj and obj[k] not in (None, "")), None)


def read_x1_jsonl(path: Path, acc: InputAccount, hasher: TargetHasher, *, display_path: str | None = None
                  ) -> list[X1Event]:
    display = display_path or str(path)
    events: list[X1Event] = []
    try:
        fh = path.open("rb")
    except OSError as exc:
        acc.error = f"unreadable: {exc.strerror or exc}"
        return []
    with fh:
        for n, raw in enumerate(fh, start=1):
            line = raw.decode("utf-8", errors="replace").strip()
            if not line:
                continue
            ev = _json_event(line, n, display, acc, hasher)
            if ev is not None:
                events.append(ev)
    return events


def _json_port(port: Any) -> int | None:
    """A JSON port (number or digits), 0..65535, else None (``1e400``, ``true`` and ``"８０"`` are no port)."""
    if isinstance(port, float) and port.is_integer():
        port = int(port)
    if isinstance(port, int) and not isinstance(port, bool):
        return port if 0 <= port <= 65535 else None
    return opt_int(port, lo=0, hi=65535) if isinstance(port, str) else None


def _json_event(line: str, n: int, display: str, acc: InputAccount, hasher: TargetHasher) -> X1Event | None:
    try:
        obj = json_loads(line)
    except BadValue as exc:
        acc.reject("not a JSON object" if exc.reason == "bad JSON" else exc.reason, n)
        return None
    if not isinstance(obj, dict):
        acc.reject("not a JSON object", n)
        return None
    ts = _parse_ts(str(_get(obj, "timestamp") or ""))
    mtype = _get(obj, "message")
    if ts is None:
        acc.reject("X1 record without a valid timestamp", n)
        return None
    if not isinstance(mtype, str) or not mtype.strip():
        acc.reject("X1 record without a message type", n)
        return None
    mtype = mtype.strip()
    mtype = mtype[:1].upper() + mtype[1:]
    kinds: list[str] = []
    tokens: list[str] = []
    raw_targets = _get(obj, "targets") or []
    if not isinstance(raw_targets, list):
        acc.reject("targets is not a list", n)
        return None
    for t in raw_targets:
        if isinstance(t, dict) and "kind" in t and "value" in t:
            kind, value = str(t["kind"]), str(t["value"])
        elif isinstance(t, dict) and len(t) == 1:
            kind, value = (str(x) for x in next(iter(t.items())))
        else:
            acc.reject("target is not {kind, value}", n)
            return None
        kinds.append(kind)
        tokens.append(hasher.token_lenient(kind, value))
    dids_raw = _get(obj, "dids") or []
    dids = tuple(str(d) for d in dids_raw) if isinstance(dids_raw, list) else (str(dids_raw),)
    port = _get(obj, "delivery_port")
    port_n = _json_port(port)

    def s(key: str) -> str | None:
        v = _get(obj, key)
        return str(v).strip() if v is not None else None

    acc.accept()
    return X1Event(
        source=display, line=n, ts=ts, message=mtype, admf_id=s("admf_id"), ne_id=s("ne_id"),
        transaction_id=s("transaction_id"), peer=s("peer"), x_id=s("x_id"), targets=tuple(tokens),
        target_kinds=tuple(kinds), dids=dids, d_id=s("d_id"), delivery_address=s("delivery_address"),
        delivery_port=port_n, error_code=s("error_code"),
    )
