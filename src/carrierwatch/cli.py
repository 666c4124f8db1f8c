"""The ``carrierwatch`` command line: thin; parses options, calls the modules, renders.

Exit codes (a contract scripts rely on): 0 ran clean; 1 findings at or above ``--fail-on``; 2 usage error or
unreadable input.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carrierwatch import __version__, commands
from carrierwatch.commands.common import (
    EngineName,
    EngineOpt,
    FailOnOpt,
    Fmt,
    FormatOpt,
    OutOpt,
    Scenario,
    SparkOpt,
    WorkspaceOpt,
    emit,
    err,
    progress_bar,
    severity,
    state,
    workspace,
)
from carrierwatch.intel import store as intel_store
from carrierwatch.workspace import EXAMPLE_CONFIG

app = typer.Typer(
    name="carrierwatch",
    help="Audit, hunt and share: defend telecom network infrastructure against state-sponsored intrusion "
    "(Salt Typhoon, Volt Typhoon, APT10, APT41).",
    no_args_is_help=True,
    add_completion=True,  # `carrierwatch --install-completion` (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    # Help text is plain text: TOML tables such as [hunt] or [redaction] in a help line must print as written,
    # not be taken for Rich markup and swallowed.
    rich_markup_mode=None,
)
lab_app = typer.Typer(help="Generate and score the synthetic lab carrier network.", no_args_is_help=True)
intel_app = typer.Typer(help="Threat intel in: import indicators, list them, show counts.", no_args_is_help=True)
app.add_typer(lab_app, name="lab")
app.add_typer(intel_app, name="intel")
SUBAPPS: dict[str, typer.Typer] = {"lab": lab_app, "intel": intel_app}


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
    state["workspace"] = workspace


WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Processes that parse configs when there are 1,000 or more (default: "
    "$CARRIERWATCH_WORKERS, else every CPU; 1 = this process only).")]


@app.command()
def audit(
    paths: Annotated[list[Path], typer.Argument(help="Config files or folders (read recursively).")],
    fmt: FormatOpt = Fmt.table,
    output: OutOpt = None,
    fail_on: FailOnOpt = "critical",
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Folder of golden configs: also report "
                                                  "each security-relevant change against them (drift).")] = None,
    workers: WorkersOpt = None,
) -> None:
    """Audit device configurations against the CISA/NSA hardening guidance (EVH-*), Typhoon config hunts and
    known-exploited CVEs; with --baseline, also the drift from each device's golden config."""
    from carrierwatch.pipeline import UsageError, audit_only

    threshold = severity(fail_on)
    ws = workspace()
    try:
        with progress_bar() as prog:
            task = prog.add_task("auditing", total=None)
            result, extras = audit_only(paths, ws, workers=workers,
                                        progress=lambda d, n, t: prog.update(task, description=d,
                                                                             completed=n, total=t or None))
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if baseline is not None:
        from carrierwatch.audit.drift_run import run_drift

        if not baseline.is_dir():
            err.print(f"[red]error:[/red] --baseline {baseline} is not a folder")
            raise typer.Exit(2)
        drift = run_drift(list(paths), baseline)
        result.findings += drift.findings
        result.inputs += [i for i in drift.inputs if i.kind == "golden-config"]
        result.extra_summary.update(drift.extra_summary)
    emit(result, fmt, output, extras, threshold)


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
    workers: WorkersOpt = None,
) -> None:
    """Sniff each file's kind, audit configs, and hunt telemetry for Typhoon indicators and behaviours."""
    from carrierwatch import statedb
    from carrierwatch.pipeline import UsageError
    from carrierwatch.pipeline import hunt as run_hunt

    threshold = severity(fail_on)
    ws = workspace()
    stored = intel_store.load_indicators(statedb.connect(ws.state_url)) if use_store else []
    try:
        with progress_bar() as prog:
            task = prog.add_task("hunting", total=None)
            result, extras = run_hunt(
                paths, ws, engine_name=engine.value, spark_master=spark_master, extra_indicators=stored,
                default_year=year, workers=workers,
                progress=lambda d, n, t: prog.update(task, description=d, completed=n, total=t or None),
            )
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    emit(result, fmt, output, extras, threshold)


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

    with progress_bar() as prog:
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

    with progress_bar() as prog:
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


@app.command()
def init(
    force: Annotated[bool, typer.Option(help="Overwrite an existing carrierwatch.toml.")] = False,
) -> None:
    """Create the workspace with an example carrierwatch.toml (allow-lists, change windows)."""
    ws = workspace()
    if ws.config_path.exists() and not force:
        err.print(f"{ws.config_path} exists; use --force to overwrite")
        raise typer.Exit(2)
    ws.config_path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    Console().print(f"wrote {ws.config_path}; edit the allow-lists to describe your network")


def _register_command_modules() -> None:
    """Let each area's ``carrierwatch.commands.<area>`` module add its commands (see commands/common.py)."""
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name == "common":
            continue
        module = importlib.import_module(f"carrierwatch.commands.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app, SUBAPPS)


_register_command_modules()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)

