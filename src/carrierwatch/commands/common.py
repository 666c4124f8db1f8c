"""Helpers shared by every command module: options, workspace opening, progress bars, output and exit codes.

Command modules in this package are named after their CLI group and define ``register(app, subapps)``;
``carrierwatch.cli.COMMAND_MODULES`` lists them. They parse options, call the application layer
(``carrierwatch.app``) and present its typed results; the work is not done here.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from carrierwatch.findings import RunResult, Severity, at_or_above
from carrierwatch.workspace import Workspace, WorkspaceError, open_workspace

err = Console(stderr=True)


class Fmt(StrEnum):
    table = "table"
    json = "json"
    html = "html"
    csv = "csv"


class EngineName(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class Scenario(StrEnum):
    salt_typhoon = "salt-typhoon"
    clean = "clean"


state: dict[str, Any] = {"workspace": None}

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Workspace folder (default: $CARRIERWATCH_HOME or ./.carrierwatch).",
                 show_default=False),
]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")]
def _output_path(value: Path | None) -> Path | None:
    """Refuse an output path whose folder does not exist before the run starts (never create folders)."""
    from carrierwatch.report.render import OutputPathError, check_output_path

    if value is not None:
        try:
            check_output_path(value)
        except OutputPathError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to FILE instead of stdout.",
                                             callback=_output_path)]
FailOnOpt = Annotated[
    str, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity (info..critical).")
]
EngineOpt = Annotated[EngineName, typer.Option("--engine", help="Query engine: embedded DuckDB or Apache Spark.")]
SparkOpt = Annotated[
    str | None, typer.Option("--spark-master", help="Spark master URL for --engine spark (default local[2]).")
]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Processes that parse configs when there are 1,000 or more (default: "
    "$CARRIERWATCH_WORKERS, else every CPU; 1 = this process only).")]


def workspace(explicit: Path | None = None) -> Workspace:
    try:
        return open_workspace(explicit or state["workspace"])
    except WorkspaceError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc


def severity(text: str) -> Severity:
    try:
        return Severity.parse(text)
    except ValueError:
        err.print(f"[red]error:[/red] --fail-on must be one of {', '.join(s.value for s in Severity)}")
        raise typer.Exit(2) from None


def progress_bar() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def emit(result: RunResult, fmt: Fmt, out: Path | None, extras: dict[str, Any], fail_on: Severity) -> None:
    from carrierwatch.app.runs import save_run
    from carrierwatch.report.render import render

    ws = workspace()
    try:
        save_run(ws, result)
    except Exception as exc:  # the run's output matters more than its bookkeeping
        err.print(f"[yellow]warning:[/yellow] could not save findings in the workspace state: {exc}")
    console = Console() if out is None else err
    try:
        render(result, fmt.value, out, console=console, extra=extras)
    except (ValueError, OSError) as exc:  # OutputPathError, permission denied, disk full
        err.print(f"[red]error:[/red] cannot write {out}: {escape(str(getattr(exc, 'strerror', None) or exc))}",
                  highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    if out is not None:
        err.print(f"wrote {out}")
    exit_code(result, fail_on)


def exit_code(result: RunResult, fail_on: Severity) -> None:
    if at_or_above(result.findings, fail_on):
        raise typer.Exit(1)
    if any(i.error and i.kind != "unknown" for i in result.inputs):
        raise typer.Exit(2)


