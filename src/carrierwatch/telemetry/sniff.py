"""What is this file? Decide from its name and first ~8 KB only (never read a whole file).

Order of tests (first hit wins), each with the hint it keys on:

-. Binary: libpcap magic -> ``netflow-pcap``; an IPFIX message header (version 10, sane length, a set
   header after it) -> ``ipfix`` (RFC 5655 file).
0. ``carrierwatch.toml`` by name, or a ``.toml`` with an ``[allowlists]`` table.
1. JSON: STIX bundle (``"type": "bundle"``), lab ground truth (``"actions"`` and ``"scenario"``), Zeek
   JSON conn log (``"id.orig_h"`` with a conn field such as ``"conn_state"``/``"orig_bytes"``/
   ``"duration"``/``"proto"`` but no ``"query"``/``"version"``, which mark dns/ssl logs).
2. Zeek TSV: ``#separator`` first line and ``#path conn`` (or conn ``#fields``); a Zeek intel framework file
   (``#fields`` naming ``indicator`` then ``indicator_type``) -> ``zeek-intel``.
3. CSV headers: nfdump (``ts,te,td,...`` or ``firstSeen,lastSeen,...``), inventory (``hostname`` and
   ``mgmt_ip`` columns), Cisco ISE TACACS accounting (user + device + time columns -> ``tacacs``).
5. TACACS+ accounting: tab-separated lines with ``task_id=``/``cmd=``/``service=``; FreeRADIUS detail
   (ctime line followed by ``<TAB>Attribute = value``) is accounting too (``tacacs``).
6. Syslog: at least half of the non-blank lines look like RFC 3164/5424 or carry ``%FAC-SEV-MNEMONIC``.
7. ``show version`` banners: ``Cisco IOS XE Software``, ``Cisco IOS Software``, ``Cisco Nexus Operating
   System``, ``Cisco IOS XR Software``, ``JUNOS``/``Junos:`` with ``Model:``, ``Arista`` with
   ``Software image version``.
8. Device configs: ``Building configuration``, ``Current configuration``, ``!! IOS XR``, ``! Command:
   show running-config``, ``version 17.``-style lines, ``hostname``, ``interface``, ``system {``,
   ``set system host-name``, ``## Last commit`` (two weak hints or one strong hint).
   Lawful intercept: X1 XML (ETSI namespace or ``X1Request``/``x1RequestMessage`` elements) -> ``x1-xml``;
   JSONL with ``x1TransactionId`` or ``admf_id``+``message`` -> ``x1-jsonl``; CSV with ``warrant_id`` and
   ``targets`` columns or JSON with a ``warrants`` list -> ``warrant-register``.
9. Otherwise ``unknown`` (also for MISP JSON, which has no kind of its own yet).

Zeek dns/ssl logs (TSV ``#path dns``/``#path ssl``; JSON with ``query``+``qtype_name`` or ``cipher``) are
``zeek-dns`` / ``zeek-ssl``.
"""

from __future__ import annotations

import re
from pathlib import Path

from carrierwatch.kinds import Kind

SNIFF_BYTES = 8192

_SYSLOG_LINE = re.compile(
    r"(?:<\d{1,3}>)?(?:\d \d{4}-\d\d-\d\dT|[A-Z][a-z]{2} [ \d]?\d(?: \d{4})? \d\d:\d\d:\d\d[ .]"
    r"|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S* \S+ \S+:|\d+: [*.]?[A-Z][a-z]{2} +\d)"
)
_X1_XML = re.compile(r"uri\.etsi\.org/03221/X1|<(?:\w+:)?(?:X1Request|X1Response|x1RequestMessage|X1TopLevelError)")
_MNEMONIC = re.compile(r"%[A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)*-[0-7]-[A-Z0-9_]+")
_CTIME = re.compile(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d \d{4}$")
#: Zeek intel framework files (docs.zeek.org, "Intelligence Framework"): the fields line names the indicator and
#: its type, whatever the separator.
_ZEEK_INTEL_FIELDS = re.compile(r"^#fields\s+(?:\S+\s+)*indicator\s+indicator_type(?:\s|$)", re.M)
_SHOW_VERSION = re.compile(
    r"Cisco IOS XE Software|Cisco IOS Software|Cisco Nexus Operating System|Cisco IOS XR Software"
    r"|^Arista .*|Software image version|^JUNOS |^Junos: |^Model: "
    r"|^TiMOS-|VRP \(R\) software|Cisco Adaptive Security Appliance Software|^sw-version: |^Version: Forti",
    re.M,
)
_STRONG_CONFIG = re.compile(
    r"^(?:Building configuration|Current configuration :|!! IOS XR|!RANCID-CONTENT-TYPE|! Command: show running-config"
    r"|## Last commit|set system host-name |system \{|version \d+\.\d+"
    r"|# TiMOS-|!Software Version V|ASA Version |#config-version=|<config version=)",
    re.M,
)
_WEAK_CONFIG = re.compile(
    r"^\s*(?:hostname \S|interface \S|!\s*$|router \w|line (?:vty|con)|set \w|interfaces \{|logging \S|feature \S"
    r"|ip route |username \S|aaa \S|snmp-server |end\s*$)",
    re.M,
)


def sniff(path: Path) -> Kind:
    """Return the :class:`~carrierwatch.kinds.Kind` of ``path`` (``UNKNOWN`` when unreadable or unrecognised)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return Kind.UNKNOWN
    kind = _sniff_binary(head)
    if kind:
        return kind
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head.count(b"\x00") * 4 > len(head) > 0:
        text = head.decode("utf-16", errors="replace")  # Windows-saved exports (BOM or NUL-padded)
    else:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    if len(head) == SNIFF_BYTES and "\n" in text:
        text = text[: text.rfind("\n")]  # drop the cut-off last line
    return sniff_text(path.name, text)


def _sniff_binary(head: bytes) -> Kind | None:
    """Binary flow files: a pcap (libpcap magic; read for NetFlow/IPFIX export packets) or an IPFIX file."""
    from carrierwatch.telemetry.flows.netflow_files import PCAP_MAGICS, looks_like_ipfix

    if head[:4] in PCAP_MAGICS:
        return Kind.NETFLOW_PCAP
    if looks_like_ipfix(head):
        return Kind.IPFIX
    return None


def sniff_text(name: str, text: str) -> Kind:
    """The decision on already-read text (also used by tests)."""
    stripped = text.lstrip()
    if not stripped:
        return Kind.UNKNOWN
    if name == "carrierwatch.toml" or (name.endswith(".toml") and re.search(r"^\[allowlists\]", text, re.M)):
        return Kind.WORKSPACE_CONFIG
    if stripped[0] == "<" and _X1_XML.search(text):
        return Kind.X1_XML  # lawful-intercept X1 (ETSI TS 103 221-1), also when it carries a hostile DTD
    if stripped[0] in "{[":
        return _sniff_json(stripped)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    first = lines[0].strip()
    if first.startswith("#separator") or first.startswith("#fields"):
        if re.search(r"^#path\s+conn\s*$", text, re.M) or (
            "id.orig_h" in first + text[:2000] and "conn_state" in text[:4000]
        ):
            return Kind.ZEEK_CONN
        m = re.search(r"^#path\s+(dns|ssl)\s*$", text, re.M)
        if m:
            return Kind.ZEEK_DNS if m.group(1) == "dns" else Kind.ZEEK_SSL
        if _ZEEK_INTEL_FIELDS.search(text):
            return Kind.ZEEK_INTEL
        return Kind.UNKNOWN
    csv_kind = _sniff_csv_header(first)
    if csv_kind:
        return csv_kind
    if _is_accounting(lines):
        return Kind.TACACS
    sample = lines[:200]
    syslogish = sum(1 for ln in sample if _SYSLOG_LINE.match(ln) or _MNEMONIC.search(ln))
    if syslogish * 2 >= len(sample):
        return Kind.SYSLOG
    if _SHOW_VERSION.search(text) and not _STRONG_CONFIG.search(text):
        return Kind.SHOW_VERSION
    if _STRONG_CONFIG.search(text) or len(_WEAK_CONFIG.findall(text)) >= 2:
        return Kind.CONFIG
    return Kind.UNKNOWN


def _sniff_json(text: str) -> Kind:
    head = text[:SNIFF_BYTES]
    if re.search(r'"type"\s*:\s*"bundle"', head):
        return Kind.STIX
    if '"actions"' in head and '"scenario"' in head:
        return Kind.TRUTH
    first_line = head.split("\n", 1)[0]
    if '"x1TransactionId"' in first_line or ('"admf_id"' in first_line and '"message"' in first_line):
        return Kind.X1_JSONL
    if re.search(r'"warrants"\s*:\s*\[', head) or '"warrant_id"' in first_line:
        return Kind.WARRANT_REGISTER
    if '"id.orig_h"' in head or re.search(r'"id"\s*:\s*\{\s*"orig_h"', head):
        first = head.split("\n", 1)[0]
        conn = any(k in first for k in ('"conn_state"', '"orig_bytes"', '"duration"', '"orig_pkts"', '"history"'))
        other = any(k in first for k in ('"query"', '"version"', '"server_name"', '"method"'))
        if conn or not other and '"proto"' in first:
            return Kind.ZEEK_JSON
        if '"query"' in first and ('"qtype_name"' in first or '"trans_id"' in first or '"rcode"' in first):
            return Kind.ZEEK_DNS
        if '"cipher"' in first or ('"server_name"' in first and '"version"' in first):
            return Kind.ZEEK_SSL
    return Kind.UNKNOWN


def _sniff_csv_header(first: str) -> Kind | None:
    if "," not in first:
        return None
    cols = [c.strip().strip('"').lower() for c in first.split(",")]
    if cols[:3] == ["ts", "te", "td"] or {"sa", "da", "pr"} <= set(cols) or {"firstseen", "srcaddr"} <= set(cols):
        return Kind.NFDUMP_CSV
    if "hostname" in cols and "mgmt_ip" in cols:
        return Kind.INVENTORY
    if "warrant_id" in cols and "targets" in cols:
        return Kind.WARRANT_REGISTER
    from carrierwatch.telemetry.aaa.ise_csv import is_ise_header

    if is_ise_header(first):
        return Kind.TACACS
    return None


def _is_accounting(lines: list[str]) -> bool:
    sample = lines[:50]
    tac = sum(1 for ln in sample if "\t" in ln and ("task_id=" in ln or "cmd=" in ln or "service=" in ln))
    if tac and tac * 2 >= len(sample):
        return True
    return bool(_CTIME.match(sample[0].strip()) and len(sample) > 1 and re.match(r"^\s+[\w-]+ = ", sample[1]))
