"""Terminal output: run summary, findings and input accounting as rich tables.

Why this shape: a responder reads the terminal first, so the most severe findings come first, the
title carries the rule id under it (one column less, so it fits 100 columns), and every input file
shows how many records were accepted or rejected and why, so nothing silently disappears. On narrow
terminals (< 80 columns) the time and ATT&CK columns are dropped rather than squeezing every cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from rich import box
from rich.columns import Columns
from rich.console import Console
from rich.table import Table
from rich.text import Text

from carrierwatch.findings import Finding, InputAccount, RunResult, Severity, sort_findings

from .safe_text import terminal_safe
from .severity_style import RICH_STYLE, SEVERITIES_DESC

NARROW = 80  # below this many columns, drop the optional columns
_SHORT_SEV = {
    Severity.CRITICAL: "CRIT",
    Severity.HIGH: "HIGH",
    Severity.MEDIUM: "MED",
    Severity.LOW: "LOW",
    Severity.INFO: "INFO",
}


def severity_text(sev: Severity, short: bool = False) -> Text:
    label = _SHORT_SEV[sev] if short else sev.value
    return Text(label, style=RICH_STYLE[sev])


def _ts(ts: datetime | None) -> str:
    if ts is None:
        return "-"
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _seen(f: Finding) -> str:
    first, last = _ts(f.first_seen), _ts(f.last_seen)
    if last in ("-", first):
        return first
    return f"{first}\n→ {last}"


def print_summary(result: RunResult, console: Console) -> None:
    """Header line plus small tables: findings by severity and category, and input totals."""
    s = result.summary()
    when = s.get("started") or "-"
    if result.finished is not None:
        secs = (result.finished - result.started).total_seconds()
        when += f" ({secs:.1f}s)"
    console.print(
        Text.assemble(
            ("carrierwatch ", "bold"),
            (terminal_safe(result.command), "bold cyan"),
            f"  engine={terminal_safe(result.engine)}  started {when}",
        )
    )

    sev = Table(title="Findings by severity", box=box.SIMPLE_HEAD, title_justify="left")
    sev.add_column("severity")
    sev.add_column("count", justify="right")
    for level in SEVERITIES_DESC:
        n = s["by_severity"].get(level.value, 0)
        sev.add_row(severity_text(level), Text(str(n), style=RICH_STYLE[level] if n else "dim"))
    sev.add_row(Text("total", style="bold"), Text(str(s["findings"]), style="bold"))

    cat = Table(title="By category", box=box.SIMPLE_HEAD, title_justify="left")
    cat.add_column("category")
    cat.add_column("count", justify="right")
    for name, n in s["by_category"].items():
        cat.add_row(Text(terminal_safe(name)), str(n))
    if not s["by_category"]:
        cat.add_row(Text("none", style="dim"), "0")

    inp = Table(title="Input totals", box=box.SIMPLE, title_justify="left", show_header=False)
    inp.add_column("what")
    inp.add_column("n", justify="right")
    inp.add_row("files", str(s["inputs"]))
    inp.add_row("records read", f"{s['records_read']:,}")
    inp.add_row("accepted", f"{s['records_accepted']:,}")
    inp.add_row(
        "rejected", Text(f"{s['records_rejected']:,}", style="yellow" if s["records_rejected"] else "")
    )
    inp.add_row(
        "unreadable files", Text(str(s["inputs_unreadable"]), style="red" if s["inputs_unreadable"] else "")
    )
    inp.add_row("devices w/ findings", str(s["devices_with_findings"]))
    inp.add_row("ATT&CK techniques", str(len(s["attack_techniques"])))

    # Columns wraps the three tables onto more lines when the terminal is narrow.
    console.print(Columns([sev, cat, inp], padding=(0, 3)))


def findings_table(findings: Iterable[Finding], width: int) -> Table:
    narrow = width < NARROW
    t = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False, title="Findings", title_justify="left")
    t.add_column("sev", no_wrap=True)
    t.add_column("device", overflow="fold", max_width=16)
    t.add_column("finding (rule)", overflow="fold", ratio=1, min_width=20)
    if not narrow:
        t.add_column("seen (UTC)", no_wrap=True)
        t.add_column("ATT&CK", no_wrap=True)
    t.add_column("ev", justify="right", no_wrap=True)
    for f in findings:
        title = Text(terminal_safe(f.title))
        title.append("\n" + terminal_safe(f.rule_id), style="dim")
        # User data always goes in as Text, never str: rich would read "[...]" in a str as markup.
        cells: list[Text] = [
            severity_text(f.severity, short=True),
            Text(terminal_safe(f.device or "-")),
            title,
        ]
        if not narrow:
            cells += [Text(_seen(f)), Text("\n".join(terminal_safe(t) for t in sorted(set(f.attack))) or "-")]
        cells.append(Text(str(len(f.evidence))))
        t.add_row(*cells)
    return t


def print_findings(result: RunResult, console: Console, limit: int = 50) -> None:
    """Most severe first; at most ``limit`` rows, with a note saying how many were left out."""
    ordered = sort_findings(result.findings)
    if not ordered:
        console.print(Text("No findings.", style="green"))
        return
    shown = ordered[: max(limit, 0)]
    console.print(findings_table(shown, console.width))
    if len(ordered) > len(shown):
        console.print(
            Text(
                f"… {len(ordered) - len(shown)} more findings not shown "
                "(use --format json, csv or html for all).",
                style="dim",
            )
        )


def _reasons(acc: InputAccount, top: int = 3) -> Text:
    out = Text()
    if acc.error:
        out.append(f"unreadable: {terminal_safe(acc.error)}", style="red")
    items = sorted(acc.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    for reason, n in items[:top]:
        if out:
            out.append("\n")
        out.append(f"{terminal_safe(reason)} ×{n}")
    if len(items) > top:
        out.append(f"\n+{len(items) - top} more reasons", style="dim")
    return out


def inputs_table(inputs: Iterable[InputAccount], width: int) -> Table:
    narrow = width < NARROW
    t = Table(box=box.SIMPLE_HEAD, title="Inputs", title_justify="left")
    t.add_column("file", overflow="fold", ratio=2, min_width=16)
    t.add_column("kind", no_wrap=not narrow, overflow="fold")
    if not narrow:
        t.add_column("records", justify="right")
    t.add_column("accepted", justify="right")
    t.add_column("rejected", justify="right")
    t.add_column("top rejection reasons", overflow="fold", ratio=2, min_width=12)
    for acc in inputs:
        style = "red" if acc.error else ("yellow" if acc.rejected else "")
        cells: list[Text] = [Text(terminal_safe(acc.path), style=style), Text(terminal_safe(acc.kind))]
        if not narrow:
            cells.append(Text(f"{acc.records:,}"))
        cells += [
            Text(f"{acc.accepted:,}"),
            Text(f"{acc.rejected:,}", style="yellow" if acc.rejected else ""),
            _reasons(acc),
        ]
        t.add_row(*cells)
    return t


def print_inputs(result: RunResult, console: Console) -> None:
    """Every input file with its accounting; says so when the run had no inputs."""
    if not result.inputs:
        console.print(Text("No input files.", style="dim"))
        return
    console.print(inputs_table(result.inputs, console.width))


def print_all(result: RunResult, console: Console, limit: int = 50) -> None:
    """Summary, findings, then inputs: what ``--format table`` shows."""
    print_summary(result, console)
    print_findings(result, console, limit=limit)
    print_inputs(result, console)


__all__ = [
    "print_summary",
    "print_findings",
    "print_inputs",
    "print_all",
    "findings_table",
    "inputs_table",
    "severity_text",
]
