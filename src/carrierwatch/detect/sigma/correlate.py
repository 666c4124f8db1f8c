"""Sigma correlation rules (``event_count``, ``value_count``, ``temporal``, ``temporal_ordered``) as portable SQL.

Semantics (Sigma correlation spec,
https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-correlation-rules-specification.md):
events of the referenced rules, grouped by ``group-by``, within a sliding window of ``timespan``. We evaluate the
window ending at each matching event ``a``: the set
``W(a) = {b : group(b) = group(a), a.ts - timespan <= b.ts <= a.ts}``.

* ``event_count``: ``|W(a)| op N``
* ``value_count``: ``|{b.field : b in W(a)}| op N``
* ``temporal``: every referenced rule has an event in ``W(a)``
* ``temporal_ordered``: as ``temporal`` and the first event of rule *k* in ``W(a)`` is no later than the first of
  rule *k+1* (an approximation of "in this order": exact when each rule fires once per window)

Each window-ending event that satisfies the condition is one evidence row; the runner groups them per device and
group key into a finding. The self-join only touches rows the referenced rules already matched (a handful), so it
is cheap, and it is plain SQL that SQLGlot transpiles to Spark (``IS NOT DISTINCT FROM`` -> ``<=>``).
Not supported (rejected with the reason): ``value_sum``, ``value_avg``, extended conditions, correlations of
correlations, rules from different tables that lack a group-by field.
"""

from __future__ import annotations

from typing import Any

from sigma.correlations import SigmaCorrelationConditionOperator, SigmaCorrelationRule, SigmaCorrelationType

from carrierwatch.detect.rule import SqlDetection
from carrierwatch.detect.sigma.backend import sql_str
from carrierwatch.findings import Category, Severity

OPS = {SigmaCorrelationConditionOperator.LT: "<", SigmaCorrelationConditionOperator.LTE: "<=",
       SigmaCorrelationConditionOperator.GT: ">", SigmaCorrelationConditionOperator.GTE: ">=",
       SigmaCorrelationConditionOperator.EQ: "=", SigmaCorrelationConditionOperator.NEQ: "<>"}
SUPPORTED = (SigmaCorrelationType.EVENT_COUNT, SigmaCorrelationType.VALUE_COUNT, SigmaCorrelationType.TEMPORAL,
             SigmaCorrelationType.TEMPORAL_ORDERED)


class CorrelationError(ValueError):
    """A correlation rule this engine cannot run; the message is the rejection reason."""


def _q(col: str) -> str:
    return '"' + col.replace('"', '""') + '"'


def correlation_sql(corr: SigmaCorrelationRule, bases: list[tuple[str, str, str]]) -> str:
    """``bases``: (rule ref, table, WHERE clause) of each referenced rule, in the correlation's order."""
    if corr.type not in SUPPORTED:
        raise CorrelationError(f"correlation type {corr.type.name.lower()} is not supported")
    cond: Any = corr.condition
    if not hasattr(cond, "op"):
        raise CorrelationError("extended correlation conditions are not supported")
    group = list(corr.group_by or [])
    value_field = cond.fieldref if isinstance(cond.fieldref, str) else None
    if corr.type == SigmaCorrelationType.VALUE_COUNT and not value_field:
        raise CorrelationError("value_count needs condition.field")
    cols = [f"CAST({_q(g)} AS VARCHAR) AS g{i}" for i, g in enumerate(group)]
    cols.append(f"CAST({_q(value_field)} AS VARCHAR) AS cw_value" if value_field
                else "CAST(NULL AS VARCHAR) AS cw_value")
    parts = [f"SELECT {sql_str(ref)} AS cw_rule, device, ts, src_file, src_line, raw, {', '.join(cols)}\n"
             f"FROM {table} WHERE {where}" for ref, table, where in bases]
    ev = "\nUNION ALL\n".join(parts)
    join = " AND ".join([f"a.g{i} IS NOT DISTINCT FROM b.g{i}" for i in range(len(group))] +
                        [f"b.ts BETWEEN a.ts - INTERVAL {int(corr.timespan.seconds)} SECOND AND a.ts"])
    keys = ["a.cw_rule", "a.device", "a.ts", "a.src_file", "a.src_line", "a.raw"] + [f"a.g{i}" for i in
                                                                                       range(len(group))]
    firsts = [f"MIN(CASE WHEN b.cw_rule = {sql_str(ref)} THEN b.ts END) AS t{k}" for k, (ref, _, _) in enumerate(bases)]
    op = OPS[cond.op]
    if corr.type == SigmaCorrelationType.EVENT_COUNT:
        test = f"n {op} {cond.count}"
    elif corr.type == SigmaCorrelationType.VALUE_COUNT:
        test = f"nv {op} {cond.count}"
    else:
        test = f"nr = {len(bases)}"
        if corr.type == SigmaCorrelationType.TEMPORAL_ORDERED:
            test += "".join(f" AND t{k} <= t{k + 1}" for k in range(len(bases) - 1))
    key = " || '/' || ".join(f"COALESCE(g{i}, '')" for i in range(len(group))) if group else "NULL"
    return f"""
WITH ev AS (
{ev}
), win AS (
SELECT {', '.join(keys)}, COUNT(*) AS n, COUNT(DISTINCT b.cw_value) AS nv, COUNT(DISTINCT b.cw_rule) AS nr,
  {', '.join(firsts)}
FROM ev a JOIN ev b ON {join}
GROUP BY {', '.join(keys)}
)
SELECT device, ts, src_file, src_line, raw, CAST({key} AS VARCHAR) AS key,
  CAST(NULL AS VARCHAR) AS sev
FROM win WHERE {test}
"""


def correlation_detection(corr: SigmaCorrelationRule, rule_id: str, sql: str, severity: Severity,
                          attack: tuple[str, ...]) -> SqlDetection:
    return SqlDetection(rule_id, corr.title, severity, sql, attack=attack,
                        references=tuple(str(r) for r in corr.references), description=corr.description or "",
                        category=Category.BEHAVIOR, family="sigma")
