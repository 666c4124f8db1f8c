"""What a SQL detection is, and the SQL fragments the detections share.

A detection is one DuckDB-dialect query (transpiled for Spark by the engine layer) that returns one row per
piece of evidence with at least these columns::

    device VARCHAR, ts TIMESTAMP, src_file VARCHAR, src_line BIGINT, raw VARCHAR, key VARCHAR, sev VARCHAR

``key`` splits findings within a device (e.g. the remote address), ``sev`` may raise or lower the rule's default
severity per row (NULL keeps the default). The runner groups rows by (rule, device, key) into one Finding, built by
``Finding.from_rule(detection.meta, key=...)``: ``title`` is the observation without a key, ``title_key`` the same
with ``{key}`` for rows that carry one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from carrierwatch.findings import Category, RuleMeta, Severity

IPV4_RE = r"([0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3})"


@dataclass(frozen=True)
class SqlDetection:
    rule_id: str
    title: str  # the observation, for rows without a key
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
    title_key: str = ""  # the observation with {key}, for rows with a key
    family: str = "sql-rule"
    key_name: str = "key"  # the remediation placeholder the key fills
    tunables: tuple[str, ...] = ()  # workspace [hunt] settings the SQL was built from
    concepts: tuple[str, ...] = ()

    @functools.cached_property
    def meta(self) -> RuleMeta:
        """The detection as the rule metadata every family shares."""
        return RuleMeta(
            id=self.rule_id, title=self.title, title_key=self.title_key, severity=self.severity,
            category=self.category, family=self.family, attack=self.attack, references=self.references,
            remediation=self.remediation, rationale=self.description, key_name=self.key_name,
            tunables=(*self.tunables, *self.needs_allow), concepts=self.concepts,
        )


def cmd_rule(
    rule_id: str,
    title: str,
    severity: Severity,
    where: str,
    *,
    title_key: str = "",
    key: str = "NULL",
    key_name: str = "key",
    sev: str = "NULL",
    attack: tuple[str, ...] = (),
    references: tuple[str, ...] = (),
    remediation: str = "",
    description: str = "",
    tunables: tuple[str, ...] = (),
    concepts: tuple[str, ...] = (),
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
                        needs=("commands_ctx",), title_key=title_key, key_name=key_name, tunables=tunables,
                        concepts=concepts)


def sql_regex(python_regex: str) -> str:
    """A workspace regex (Python ``re``, anchored ``^...$``) as the body of a SQL string literal, unanchored:
    the caller places it in its own pattern. Single quotes are doubled for the SQL literal."""
    body = python_regex.removeprefix("^").removesuffix("$")
    return f"({body})".replace("'", "''")
