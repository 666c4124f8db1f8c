"""``carrierwatch hunt PATH...``: sniff every file, audit the configs, hunt the telemetry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from carrierwatch.commands.common import (
    EngineName,
    EngineOpt,
    FailOnOpt,
    Fmt,
    FormatOpt,
    OutOpt,
    SparkOpt,
    WorkersOpt,
    emit,
    err,
    progress_bar,
    severity,
    workspace,
)


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    @app.command()
    def hunt(
        paths: Annotated[list[Path], typer.Argument(help="Evidence files or folders: configs, syslog, TACACS+ "
                                                    "accounting, nfdump CSV, Zeek logs, STIX bundles, inventory "
                                                    "CSV.")],
        fmt: FormatOpt = Fmt.table,
        output: OutOpt = None,
        fail_on: FailOnOpt = "high",
        engine: EngineOpt = EngineName.duckdb,
        spark_master: SparkOpt = None,
        year: Annotated[int | None, typer.Option(help="Year for syslog/accounting timestamps that carry none.")]
        = None,
        use_store: Annotated[bool, typer.Option("--store/--no-store", help="Also match indicators imported with "
                                                "`intel import`.")] = True,
        workers: WorkersOpt = None,
    ) -> None:
        """Sniff each file's kind, audit configs, and hunt telemetry for Typhoon indicators and behaviours."""
        from carrierwatch.app.intake import UsageError
        from carrierwatch.app.runs import hunt_workspace

        threshold = severity(fail_on)
        ws = workspace()
        try:
            with progress_bar() as prog:
                task = prog.add_task("hunting", total=None)
                run = hunt_workspace(
                    paths, ws, engine_name=engine.value, spark_master=spark_master, use_store=use_store,
                    default_year=year, workers=workers,
                    progress=lambda d, n, t: prog.update(task, description=d, completed=n, total=t or None),
                )
        except UsageError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        emit(run.result, fmt, output, run.extras, threshold)
