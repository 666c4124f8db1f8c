"""Arrow schemas of the normalised telemetry tables: the contract between readers and detections.

Field names follow the Elastic Common Schema (ECS) with dots replaced by underscores, so the same
SQL runs unquoted on DuckDB and Spark (``source.ip`` -> ``source_ip``). Every row keeps where it came
from (``src_file``, ``src_line``) so a finding's evidence can point at the exact input line, and the
original text (``raw``) so keyword (full-line) rules have something to search.

Timestamps are UTC (``timestamp[us, tz=UTC]``). A reader that cannot place a record in time rejects it
with a reason rather than inventing a time.
"""

from __future__ import annotations

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")

#: Device syslog (RFC 3164 / RFC 5424, Cisco/Junos/EOS message bodies).
SYSLOG = pa.schema(
    [
        ("ts", TS),  # event time, UTC
        ("host_name", pa.string()),  # device hostname as logged (lower-cased)
        ("host_ip", pa.string()),  # sending address if the relay header carries one
        ("log_level", pa.int8()),  # syslog severity 0-7 (vendor severity for Cisco % messages)
        ("event_module", pa.string()),  # Cisco facility (SYS, SEC_LOGIN, PARSER) / Junos process
        ("event_code", pa.string()),  # mnemonic: CONFIG_I, LOGIN_SUCCESS, UI_COMMIT, ...
        ("event_sequence", pa.int64()),  # device sequence number when logged
        ("message", pa.string()),  # message text after the mnemonic
        ("user_name", pa.string()),  # structured fields filled for the mnemonics hunting needs
        ("source_ip", pa.string()),
        ("source_port", pa.int32()),
        ("command", pa.string()),  # logged CLI command (PARSER-5-CFGLOG_LOGGEDCMD, UI_CMDLINE_READ_LINE)
        # the two clocks behind ``ts``: the time the device wrote in its message (Cisco "service timestamps",
        # in UTC by its zone; unknown zone = as UTC) and the time in the syslog header (the collector's,
        # or the device's own RFC 3164/5424 header); null when the line has none
        ("device_ts", TS),
        ("relay_ts", TS),
        ("raw", pa.string()),  # the whole input line
        ("src_file", pa.string()),
        ("src_line", pa.int64()),
    ]
)

#: AAA accounting (TACACS+ tac_plus / tac_plus-ng / ISE, RADIUS).
AAA = pa.schema(
    [
        ("ts", TS),
        ("host_name", pa.string()),  # NAS (the device) as named or addressed in the record
        ("host_ip", pa.string()),
        ("user_name", pa.string()),
        ("source_ip", pa.string()),  # rem_addr: where the admin came from
        ("tty", pa.string()),
        ("privilege", pa.int8()),  # priv-lvl
        ("task_id", pa.string()),
        ("event_type", pa.string()),  # start / stop / update
        ("service", pa.string()),  # shell, ppp, ...
        ("command", pa.string()),  # cmd=, with the trailing <cr> removed
        ("raw", pa.string()),
        ("src_file", pa.string()),
        ("src_line", pa.int64()),
    ]
)

#: Flows (NetFlow v5/v9, IPFIX, nfdump exports, Zeek conn.log).
FLOWS = pa.schema(
    [
        ("ts", TS),  # flow start
        ("ts_end", TS),
        ("source_ip", pa.string()),  # canonical text form (ipaddress.ip_address(...).compressed)
        ("source_port", pa.int32()),
        ("destination_ip", pa.string()),
        ("destination_port", pa.int32()),
        ("network_iana_number", pa.int16()),  # IP protocol number: 6 TCP, 17 UDP, 47 GRE, 50 ESP
        ("network_bytes", pa.int64()),
        ("network_packets", pa.int64()),
        ("observer_name", pa.string()),  # exporter / sensor
        ("raw", pa.string()),  # the text record (empty for binary inputs)
        ("src_file", pa.string()),
        ("src_line", pa.int64()),  # line number, or record number for binary files
    ]
)

#: Files seen on or fetched by devices (EDR/file-integrity exports, IOS XE ``dir`` listings with hashes); the
#: intel issue matches file-hash and compound hash-AND-name indicators against it. No reader fills it yet.
FILES = pa.schema(
    [
        ("ts", TS),
        ("host_name", pa.string()),  # device the file was seen on
        ("file_name", pa.string()),  # base name as seen
        ("file_path", pa.string()),
        ("file_hash_md5", pa.string()),  # hex, any case (matching lower-cases)
        ("file_hash_sha1", pa.string()),
        ("file_hash_sha256", pa.string()),
        ("file_hash_ssdeep", pa.string()),
        ("raw", pa.string()),
        ("src_file", pa.string()),
        ("src_line", pa.int64()),
    ]
)

#: DNS queries (Zeek dns.log, resolver logs); the intel issue matches domain indicators (with subdomains).
DNS = pa.schema(
    [
        ("ts", TS),
        ("host_name", pa.string()),  # observer / device, when known
        ("source_ip", pa.string()),
        ("destination_ip", pa.string()),
        ("dns_question_name", pa.string()),  # ECS dns.question.name
        # filled by the Zeek dns.log reader (issue 5), empty from sources that lack them:
        ("source_port", pa.int32()),
        ("destination_port", pa.int32()),
        ("network_transport", pa.string()),  # udp / tcp
        ("dns_id", pa.int32()),  # transaction id
        ("dns_question_type", pa.string()),  # A, AAAA, TXT, ... (Zeek qtype_name)
        ("dns_response_code", pa.string()),  # NOERROR, NXDOMAIN, ... (Zeek rcode_name)
        ("dns_answers", pa.list_(pa.string())),  # ECS dns.answers.data
        ("event_id", pa.string()),  # Zeek uid: joins the dns/tls/conn rows of one connection
        ("raw", pa.string()),
        ("src_file", pa.string()),
        ("src_line", pa.int64()),
    ]
)

#: TLS sessions (Zeek ssl.log; issue 5). ECS tls.* fields.
TLS = pa.schema(
    [
        ("ts", TS),
        ("host_name", pa.string()),  # observer / sensor, when known
        ("source_ip", pa.string()),
        ("source_port", pa.int32()),
        ("destination_ip", pa.string()),
        ("destination_port", pa.int32()),
        ("tls_version", pa.string()),  # as Zeek writes it: TLSv12, TLSv13, SSLv3
        ("tls_cipher", pa.string()),
        ("tls_client_server_name", pa.string()),  # SNI
        ("tls_server_subject", pa.string()),
        ("tls_server_issuer", pa.string()),
        ("tls_established", pa.bool_()),
        ("tls_resumed", pa.bool_()),
        ("event_id", pa.string()),  # Zeek uid
        ("raw", pa.string()),
        ("src_file", pa.string()),
        ("src_line", pa.int64()),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "syslog": SYSLOG, "aaa": AAA, "flows": FLOWS, "files": FILES, "dns": DNS, "tls": TLS,
}  # fmt: skip


def empty(table: str) -> pa.Table:
    return TABLES[table].empty_table()
