"""The ``carrierwatch`` command line: thin; parses options, calls the modules, renders.

Exit codes (a contract scripts rely on): 0 ran clean; 1 findings at or above ``--fail-on``; 2 usage error or
unreadable input.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from carrierwatch import __version__
from carrierwatch.findings import RunResult, Severity, at_or_above
from carrierwatch.workspace import EXAMPLE_CONFIG, Workspace, WorkspaceError, open_workspace

app = typer.Typer(
    name="carrierwatch",
    help="Audit, hunt and share: defend telecom network infrastructure against state-sponsored intrusion "
    "(Salt Typhoon, Volt Typhoon, APT10, APT41).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
lab_app = typer.Typer(help="Generate and score the synthetic lab carrier network.", no_args_is_help=True)
intel_app = typer.Typer(help="Threat intel in: import indicators, list them, show counts.", no_args_is_help=True)
app.add_typer(lab_app, name="lab")
app.add_typer(intel_app, name="intel")

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


_state: dict[str, Any] = {"workspace": None}

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Workspace folder (default: $CARRIERWATCH_HOME or ./.carrierwatch).",
                 show_default=False),
]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to FILE instead of stdout.")]
FailOnOpt = Annotated[
    str, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity (info..critical).")
]
EngineOpt = Annotated[EngineName, typer.Option("--engine", help="Query engine: embedded DuckDB or Apache Spark.")]
SparkOpt = Annotated[
    str | None, typer.Option("--spark-master", help="Spark master URL for --engine spark (default local[2]).")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"carrierwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    workspace: WorkspaceOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")]
    = False,
) -> None:
    _state["workspace"] = workspace


def _workspace(explicit: Path | None = None) -> Workspace:
    try:
        return open_workspace(explicit or _state["workspace"])
    except WorkspaceError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _severity(text: str) -> Severity:
    try:
        return Severity.parse(text)
    except ValueError:
        err.print(f"[red]error:[/red] --fail-on must be one of {', '.join(s.value for s in Severity)}")
        raise typer.Exit(2) from None


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _emit(result: RunResult, fmt: Fmt, out: Path | None, extras: dict[str, Any], fail_on: Severity) -> None:
    from carrierwatch import statedb
    from carrierwatch.report.render import render

    ws = _workspace()
    try:
        statedb.save_run(statedb.connect(ws.state_url), result)
    except Exception as exc:  # the run's output matters more than its bookkeeping
        err.print(f"[yellow]warning:[/yellow] could not save findings in the workspace state: {exc}")
    console = Console() if out is None else err
    render(result, fmt.value, out, console=console, extra=extras)
    if out is not None:
        err.print(f"wrote {out}")
    _exit_code(result, fail_on)


def _exit_code(result: RunResult, fail_on: Severity) -> None:
    if at_or_above(result.findings, fail_on):
        raise typer.Exit(1)
    if any(i.error and i.kind != "unknown" for i in result.inputs):
        raise typer.Exit(2)


@app.command()
def audit(
    paths: Annotated[list[Path], typer.Argument(help="Config files or folders (read recursively).")],
    fmt: FormatOpt = Fmt.table,
    output: OutOpt = None,
    fail_on: FailOnOpt = "critical",
) -> None:
    """Audit device configurations against the CISA/NSA hardening guidance (EVH-*) and Typhoon config hunts."""
    from carrierwatch.pipeline import UsageError, audit_only

    threshold = _severity(fail_on)
    ws = _workspace()
    try:
        with _progress() as prog:
            task = prog.add_task("auditing", total=None)
            result, extras = audit_only(paths, ws, progress=lambda d, n, t: prog.update(task, description=d,
                                                                                      completed=n, total=t or None))
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    _emit(result, fmt, output, extras, threshold)


@app.command()
def hunt(
    paths: Annotated[list[Path], typer.Argument(help="Evidence files or folders: configs, syslog, TACACS+ "
                                                "accounting, nfdump CSV, Zeek logs, STIX bundles, inventory CSV.")],
    fmt: FormatOpt = Fmt.table,
    output: OutOpt = None,
    fail_on: FailOnOpt = "high",
    engine: EngineOpt = EngineName.duckdb,
    spark_master: SparkOpt = None,
    year: Annotated[int | None, typer.Option(help="Year for syslog/accounting timestamps that carry none.")] = None,
    use_store: Annotated[bool, typer.Option("--store/--no-store", help="Also match indicators imported with "
                                            "`intel import`.")] = True,
) -> None:
    """Sniff each file's kind, audit configs, and hunt telemetry for Typhoon indicators and behaviours."""
    from carrierwatch import statedb
    from carrierwatch.pipeline import UsageError
    from carrierwatch.pipeline import hunt as run_hunt

    threshold = _severity(fail_on)
    ws = _workspace()
    stored = statedb.load_indicators(statedb.connect(ws.state_url)) if use_store else []
    try:
        with _progress() as prog:
            task = prog.add_task("hunting", total=None)
            result, extras = run_hunt(
                paths, ws, engine_name=engine.value, spark_master=spark_master, extra_indicators=stored,
                default_year=year,
                progress=lambda d, n, t: prog.update(task, description=d, completed=n, total=t or None),
            )
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    _emit(result, fmt, output, extras, threshold)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the lab, findings.json, report.html, score.json.")]
    = Path("carrierwatch-demo"),
    devices: Annotated[int, typer.Option(help="Lab size in devices.")] = 24,
    days: Annotated[int, typer.Option(help="Days of telemetry.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same lab).")] = 7,
    engine: EngineOpt = EngineName.duckdb,
    clean_run: Annotated[bool, typer.Option("--clean-run/--no-clean-run",
                                            help="Also hunt a clean lab of the same size, to count false alarms.")]
    = True,
) -> None:
    """Generate a lab carrier with a planted Salt Typhoon intrusion, then import, audit, hunt and score it."""
    from carrierwatch.demo import run_demo

    with _progress() as prog:
        task = prog.add_task("demo", total=None)
        summary = run_demo(out, devices=devices, days=days, seed=seed, engine_name=engine.value,
                           clean_run=clean_run,
                           progress=lambda d, n, t: prog.update(task, description=d, completed=n, total=t or None))
    from carrierwatch.demo import print_demo_summary

    print_demo_summary(summary, Console())


@lab_app.command("generate")
def lab_generate(
    out: Annotated[Path, typer.Argument(help="Folder to write the lab into (created).")],
    devices: Annotated[int, typer.Option(min=5, help="Number of network devices.")] = 24,
    days: Annotated[int, typer.Option(min=1, help="Days of telemetry.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives byte-identical output.")] = 7,
    scenario: Annotated[Scenario, typer.Option(help="Plant the Salt Typhoon playbook, or nothing.")]
    = Scenario.salt_typhoon,
    flows_per_device_per_hour: Annotated[int, typer.Option(help="Background flow rate.")] = 40,
) -> None:
    """Write a synthetic carrier network: configs, show version, syslog, TACACS+, flows, intel, truth.json."""
    from carrierwatch.lab.generate import generate_lab

    with _progress() as prog:
        task = prog.add_task("generating", total=None)
        summary = generate_lab(out, devices=devices, days=days, seed=seed, scenario=scenario.value,
                               flows_per_device_per_hour=flows_per_device_per_hour,
                               progress=lambda d, n, t: prog.update(task, description=d, completed=n,
                                                                    total=t or None))
    Console().print(f"lab written to [bold]{out}[/bold]")
    Console().print(summary)


@lab_app.command("score")
def lab_score(
    findings: Annotated[Path, typer.Argument(help="findings.json from `hunt --format json`.")],
    truth: Annotated[Path, typer.Argument(help="truth.json from `lab generate`.")],
    output: OutOpt = None,
) -> None:
    """Score findings against a lab's ground truth: recall per planted action and false positives."""
    from carrierwatch.lab.scoring import score_files

    try:
        result = score_files(findings, truth)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]error:[/red] cannot score: {exc}")
        raise typer.Exit(2) from exc
    text = json.dumps(result, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        typer.echo(text)


@intel_app.command("import")
def intel_import(
    files: Annotated[list[Path], typer.Argument(help="STIX 2.1 bundles.")],
) -> None:
    """Import indicators into the workspace's indicator store (idempotent: re-importing adds nothing)."""
    from carrierwatch import statedb
    from carrierwatch.findings import InputAccount
    from carrierwatch.intel.stix_reader import read_stix_indicators

    ws = _workspace()
    db = statedb.connect(ws.state_url)
    bad = False
    for f in files:
        acc = InputAccount(str(f), "stix")
        if not f.is_file():
            err.print(f"[red]error:[/red] no such file: {f}")
            bad = True
            continue
        got = read_stix_indicators(f, acc)
        if acc.error:
            err.print(f"[red]error:[/red] {f}: {acc.error}")
            bad = True
            continue
        added, same = statedb.save_indicators(db, got.indicators)
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(acc.reasons.items())) or "none"
        Console().print(f"{f}: {acc.records} objects, {added} indicator values added, {same} already stored; "
                        f"rejected {acc.rejected} ({reasons})")
    if bad:
        raise typer.Exit(2)


@intel_app.command("list")
def intel_list(limit: Annotated[int, typer.Option(help="Rows to show.")] = 50) -> None:
    """List stored indicators."""
    from rich.table import Table

    from carrierwatch import statedb

    items = statedb.load_indicators(statedb.connect(_workspace().state_url))
    table = Table("kind", "value", "tlp", "source", "label", title=f"{len(items)} indicators")
    for ind in items[:limit]:
        table.add_row(ind.kind, ind.value, ind.tlp, ind.source, (ind.description or ind.name)[:60])
    Console().print(table)


@intel_app.command("stats")
def intel_stats() -> None:
    """Counts of stored indicators by kind and TLP."""
    from collections import Counter

    from carrierwatch import statedb

    items = statedb.load_indicators(statedb.connect(_workspace().state_url))
    Console().print({"indicators": len(items), "by_kind": dict(Counter(i.kind for i in items)),
                     "by_tlp": dict(Counter(i.tlp for i in items))})


@app.command()
def init(
    force: Annotated[bool, typer.Option(help="Overwrite an existing carrierwatch.toml.")] = False,
) -> None:
    """Create the workspace with an example carrierwatch.toml (allow-lists, change windows)."""
    ws = _workspace()
    if ws.config_path.exists() and not force:
        err.print(f"{ws.config_path} exists; use --force to overwrite")
        raise typer.Exit(2)
    ws.config_path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    Console().print(f"wrote {ws.config_path}; edit the allow-lists to describe your network")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)

