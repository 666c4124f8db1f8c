"""The kinds of input file carrierwatch recognises: one enumeration, the vocabulary of the intake layer.

``telemetry.sniff.sniff`` decides a file's :class:`Kind` from its first bytes; ``app.intake.INTAKE`` maps
every kind to the one reader that takes it (the registry joins the rooms: configs, intel, telemetry, LI).
This module is data only and sits at the bottom of the flow, so every room may name a kind without importing
the rooms that read it. A ``StrEnum``: a member equals its text (``Kind.SYSLOG == "syslog"``), which is what
``InputAccount.kind`` and the JSON outputs carry.

Adding a kind: a member here, a clause in ``telemetry/sniff.py``, a reader module, and one row in
``app/intake.py`` (or, for a telemetry table, in ``telemetry/readers.py``); ``tests/app/test_intake_registry.py``
fails while any member has no row.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """A file kind, as sniffed (see ``telemetry/sniff.py`` for the hints each one keys on)."""

    # device configuration and inventory (audit)
    CONFIG = "config"
    SHOW_VERSION = "show-version"
    INVENTORY = "inventory"
    # threat intel carried with the evidence
    STIX = "stix"
    ZEEK_INTEL = "zeek-intel"
    # telemetry (into the Parquet lake)
    SYSLOG = "syslog"
    TACACS = "tacacs"
    NFDUMP_CSV = "nfdump-csv"
    ZEEK_CONN = "zeek-conn"
    ZEEK_JSON = "zeek-json"
    ZEEK_DNS = "zeek-dns"
    ZEEK_SSL = "zeek-ssl"
    IPFIX = "ipfix"
    NETFLOW_PCAP = "netflow-pcap"
    # lawful intercept
    X1_XML = "x1-xml"
    X1_JSONL = "x1-jsonl"
    WARRANT_REGISTER = "warrant-register"
    # files that describe the run, not evidence
    WORKSPACE_CONFIG = "workspace-config"
    TRUTH = "truth"
    UNKNOWN = "unknown"
