"""NetFlow v9 / IPFIX templates: parse template sets, keep them per exporter + domain, and turn each one
into a numpy structured dtype so a whole run of data records decodes in one ``numpy.frombuffer``.

Sources: RFC 7011 section 3.4 (IPFIX template and options template records, enterprise bit, variable length
65535), RFC 3954 section 5 (NetFlow v9 template / options template FlowSets), IANA "IPFIX Information
Elements" registry (https://www.iana.org/assignments/ipfix/ipfix.xhtml) for the element ids below.

Templates are keyed ``(exporter, observation domain / source id, template id)`` (RFC 7011 section 8:
a template is scoped to the transport session and observation domain). A template with a variable-length
field cannot be a fixed dtype: its data records are walked one by one (see ``netflow_decode``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

#: IANA IPFIX information element ids this project maps into the FLOWS table (v9 uses the same numbers
#: for 1-127, RFC 3954 section 8).
IE_OCTETS, IE_PACKETS, IE_PROTO, IE_SRC_PORT, IE_SRC_V4, IE_DST_PORT, IE_DST_V4 = 1, 2, 4, 7, 8, 11, 12
IE_END_UPTIME, IE_START_UPTIME, IE_OUT_BYTES, IE_OUT_PKTS, IE_SRC_V6, IE_DST_V6 = 21, 22, 23, 24, 27, 28
IE_OCTETS_TOTAL, IE_PACKETS_TOTAL, IE_EXPORTER_V4 = 85, 86, 130
IE_START_S, IE_END_S, IE_START_MS, IE_END_MS, IE_START_US, IE_END_US, IE_START_NS, IE_END_NS = range(150, 158)
IE_START_DELTA_US, IE_END_DELTA_US, IE_SYS_INIT_MS = 158, 159, 160
VARIABLE = 0xFFFF

_UINT = {1: ">u1", 2: ">u2", 4: ">u4", 8: ">u8"}


class TemplateError(ValueError):
    """A malformed template record; the message is the rejection reason."""


@dataclass(frozen=True)
class FieldSpec:
    ie: int
    length: int
    enterprise: int = 0  # private enterprise number (0 = IANA)


@dataclass
class Template:
    """One template: its fields, fixed record length (None if variable) and the decode dtype."""

    template_id: int
    fields: tuple[FieldSpec, ...]
    scope_count: int = 0  # options templates: how many leading fields are scope fields
    record_len: int | None = None
    dtype: np.dtype | None = None
    names: dict[int, str] = field(default_factory=dict)  # IANA ie -> dtype field name (first occurrence)
    flow_ok: bool = False  # fixed-length data template with source and destination addresses (fast path)

    @property
    def is_options(self) -> bool:
        return self.scope_count > 0


def build(template_id: int, fields: list[FieldSpec], scope_count: int = 0) -> Template:
    """Make a Template; fixed-length ones get a structured big-endian dtype."""
    t = Template(template_id, tuple(fields), scope_count)
    if any(f.length == VARIABLE for f in fields):
        return t
    names: list[str] = []
    formats: list[object] = []
    for i, f in enumerate(fields):
        nm = f"f{i}"
        names.append(nm)
        if f.length in _UINT and f.ie not in (IE_SRC_V6, IE_DST_V6):
            formats.append(_UINT[f.length])
        else:
            formats.append(("u1", (f.length,)))
        if f.enterprise == 0 and f.ie not in t.names:
            t.names[f.ie] = nm
    t.dtype = np.dtype({"names": names, "formats": formats})
    t.record_len = t.dtype.itemsize
    t.flow_ok = (not scope_count and (IE_SRC_V4 in t.names or IE_SRC_V6 in t.names)
                 and (IE_DST_V4 in t.names or IE_DST_V6 in t.names) and t.record_len > 0)
    return t


def parse_ipfix_templates(body: bytes, options: bool) -> list[Template | int]:
    """Template records in one IPFIX template (set id 2) or options template (set id 3) set body.

    Returns templates, and bare ints for withdrawals (field count 0, RFC 7011 section 8.1).
    Padding shorter than a record header at the end of the set is ignored (section 3.3.1).
    """
    out: list[Template | int] = []
    pos, end = 0, len(body)
    while end - pos >= 4:
        tid, count = struct.unpack_from(">HH", body, pos)
        pos += 4
        if tid == 0 and count == 0:  # padding
            break
        if count == 0:
            out.append(tid)
            continue
        scope = 0
        if options:
            if end - pos < 2:
                raise TemplateError("truncated template")
            (scope,) = struct.unpack_from(">H", body, pos)
            pos += 2
            if scope == 0 or scope > count:
                raise TemplateError("malformed template")
        if tid < 256:
            raise TemplateError("malformed template")
        fields: list[FieldSpec] = []
        for _ in range(count):
            if end - pos < 4:
                raise TemplateError("truncated template")
            ie, length = struct.unpack_from(">HH", body, pos)
            pos += 4
            pen = 0
            if ie & 0x8000:
                if end - pos < 4:
                    raise TemplateError("truncated template")
                (pen,) = struct.unpack_from(">I", body, pos)
                pos += 4
                ie &= 0x7FFF
            if length == 0:
                raise TemplateError("malformed template")
            fields.append(FieldSpec(ie, length, pen))
        out.append(build(tid, fields, scope))
    return out


def parse_v9_templates(body: bytes, options: bool) -> list[Template | int]:
    """Template records in one NetFlow v9 template (FlowSet id 0) or options template (id 1) FlowSet body."""
    out: list[Template | int] = []
    pos, end = 0, len(body)
    while end - pos >= 4:
        if options:
            if end - pos < 6:
                break
            tid, scope_len, opt_len = struct.unpack_from(">HHH", body, pos)
            pos += 6
            if tid < 256 or scope_len % 4 or opt_len % 4 or pos + scope_len + opt_len > end:
                raise TemplateError("malformed template")
            n_scope, n_opt = scope_len // 4, opt_len // 4
            specs = [FieldSpec(*struct.unpack_from(">HH", body, pos + 4 * i)) for i in range(n_scope + n_opt)]
            pos += scope_len + opt_len
            if any(s.length == 0 or s.length == VARIABLE for s in specs) or not specs:
                raise TemplateError("malformed template")
            # v9 scope field types (1 system, 2 interface, ...) are not IANA ids: give them private numbers
            specs = [FieldSpec(s.ie, s.length, 1 if i < n_scope else 0) for i, s in enumerate(specs)]
            out.append(build(tid, specs, max(n_scope, 1)))
            if end - pos < 6:
                break
            continue
        tid, count = struct.unpack_from(">HH", body, pos)
        pos += 4
        if tid == 0 and count == 0:
            break
        if tid < 256 or count == 0 or pos + 4 * count > end:
            raise TemplateError("malformed template" if tid < 256 or count == 0 else "truncated template")
        specs = [FieldSpec(*struct.unpack_from(">HH", body, pos + 4 * i)) for i in range(count)]
        pos += 4 * count
        if any(s.length == 0 or s.length == VARIABLE for s in specs):
            raise TemplateError("malformed template")
        out.append(build(tid, specs))
    return out


def to_json(t: Template) -> dict[str, object]:
    """A template as JSON (the listener persists its template cache across restarts)."""
    return {"id": t.template_id, "scope": t.scope_count, "fields": [[f.ie, f.length, f.enterprise] for f in t.fields]}


def from_json(d: dict[str, object]) -> Template:
    raw = d["fields"]
    assert isinstance(raw, list)
    tid, scope = d["id"], d["scope"]
    assert isinstance(tid, int) and isinstance(scope, int)
    return build(tid, [FieldSpec(int(a), int(b), int(c)) for a, b, c in raw], scope)
