"""What a SQL detection is, and the SQL fragments the detections share.

A detection is one DuckDB-dialect query (transpiled for Spark by the engine layer) that returns one row per
piece of evidence with at least these columns::

    device VARCHAR, ts TIMESTAMP, src_file VARCHAR, src_line BIGINT, raw VARCHAR, key VARCHAR, sev VARCHAR

``key`` splits findings within a device (e.g. the remote address), ``sev`` may raise or lower the rule's default
severity per row (NULL keeps the default). The runner groups rows by (rule, device, key) into one Finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carrierwatch.findings import Category, Severity

IPV4_RE = r"([0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3})"


@dataclass(frozen=True)
class SqlDetection:
    rule_id: str
    title: str  # may contain {key}
    severity: Severity
    sql: str
    attack: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    remediation: str = ""
    description: str = ""
    category: Category = Category.BEHAVIOR
    needs: tuple[str, ...] = field(default=())  # views the query reads (for skipping when absent)
    #: Allow-lists the rule's premise depends on; with one of them empty the rule cannot tell good from bad
    #: and is skipped (and the skip is reported) instead of flagging everything.
    needs_allow: tuple[str, ...] = ()


def cmd_rule(
    rule_id: str,
    title: str,
    severity: Severity,
    where: str,
    *,
    key: str = "NULL",
    sev: str = "NULL",
    attack: tuple[str, ...] = (),
    references: tuple[str, ...] = (),
    remediation: str = "",
    description: str = "",
) -> SqlDetection:
    """A rule over the unified ``commands`` view (AAA command accounting + logged CLI commands).

    ``where`` sees ``c`` (the command row, with ``cmd`` lower-cased and trimmed) and ``prev_cmd`` (the same user's
    previous command on the same device, for context such as ``interface Loopback0`` before ``ip address``).
    """
    sql = f"""
SELECT c.device, c.ts, c.src_file, c.src_line, c.raw, CAST({key} AS VARCHAR) AS key, CAST({sev} AS VARCHAR) AS sev
FROM commands_ctx c
WHERE {where}
"""
    return SqlDetection(rule_id, title, severity, sql, attack, references, remediation, description,
                        needs=("commands_ctx",))
