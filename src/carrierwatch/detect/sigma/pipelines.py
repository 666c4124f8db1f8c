"""Logsource mapping as pySigma processing pipelines: which carrierwatch table a rule's logsource reads.

The logsource is the join key between rules and readers (pySigma's design). Mapping:

* ``product: cisco, service: aaa`` -> ``commands_ctx``: every CLI command we have a record of, from TACACS+/RADIUS
  command accounting and from ``%PARSER-5-CFGLOG_LOGGEDCMD`` / Junos ``UI_CMDLINE_READ_LINE`` syslog. The SigmaHQ
  ``cisco/aaa`` rules search command strings, which is what those records hold (SigmaHQ/sigma
  ``rules/network/cisco/aaa/*.yml``).
* any other ``product`` among cisco, juniper, huawei, arista (``syslog``, ``bgp``, ``ldp``, ...) -> ``syslog_dev``.
* ``category: netflow`` (our telecom rules) -> ``flows_dev``, the flow table with allow-list classes joined on.
* anything else -> a generic table named ``<product>_<service>`` or ``<category>`` (``zeek_rdp``,
  ``fortigate_event``, ``dns``, ``firewall``): such a rule compiles and runs whenever a table of that name with
  columns ``device, ts, src_file, src_line, raw`` plus the rule's fields is registered; otherwise it is skipped
  and the skip is reported (:func:`carrierwatch.detect.sigma.compile.tables_needed`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sigma.correlations import SigmaCorrelationRule
from sigma.processing.conditions import LogsourceCondition
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import PreprocessingTransformation, SetStateTransformation
from sigma.rule import SigmaRule

DEVICE_PRODUCTS = ("cisco", "juniper", "huawei", "arista")

#: Projection per mapped table: the columns every Sigma query returns (the runner's evidence contract).
PROJECTIONS: dict[str, str] = {
    "commands_ctx": "device, ts, src_file, src_line, raw",
    "syslog_dev": "device, ts, src_file, src_line, raw",
    "flows_dev": "COALESCE(src_device, source_ip) AS device, ts, src_file, src_line, raw",
}
GENERIC_PROJECTION = "CAST(device AS VARCHAR) AS device, ts, src_file, src_line, raw"


def generic_table(product: str | None, service: str | None, category: str | None) -> str:
    parts = [p for p in ((product, service) if product else (category, service)) if p]
    return "_".join(parts).replace("-", "_").lower() or "events"


@dataclass
class GenericTable(PreprocessingTransformation):
    """Fallback: name the table after the logsource when no specific mapping applies (runs first)."""

    def apply(self, rule: SigmaRule | SigmaCorrelationRule) -> None:
        super().apply(rule)
        if self._pipeline is not None and isinstance(rule, SigmaRule):
            ls = rule.logsource
            self._pipeline.state["table"] = generic_table(ls.product, ls.service, ls.category)


def logsource_pipeline() -> ProcessingPipeline:
    items: list[ProcessingItem] = [ProcessingItem(GenericTable(), identifier="cw_generic_table")]
    for product in DEVICE_PRODUCTS:
        items.append(ProcessingItem(SetStateTransformation("table", "syslog_dev"),
                                    rule_conditions=[LogsourceCondition(product=product)],
                                    identifier=f"cw_{product}_syslog"))
    items.append(ProcessingItem(SetStateTransformation("table", "commands_ctx"),
                                rule_conditions=[LogsourceCondition(product="cisco", service="aaa")],
                                identifier="cw_cisco_aaa_commands"))
    # Keywords of command-accounting rules are CLI commands: search the command, not the whole record (the
    # record also holds user, tty and addresses, where a keyword such as 'aaa' or 'dir' would match by chance),
    # and the command is a quarter of the record's length, so the scan is faster.
    items.append(ProcessingItem(SetStateTransformation("keyword_field", "command"),
                                rule_conditions=[LogsourceCondition(product="cisco", service="aaa")],
                                identifier="cw_cisco_aaa_keyword_command"))
    items.append(ProcessingItem(SetStateTransformation("table", "flows_dev"),
                                rule_conditions=[LogsourceCondition(category="netflow")],
                                identifier="cw_netflow"))
    return ProcessingPipeline(name="carrierwatch logsources", priority=10, items=items)
