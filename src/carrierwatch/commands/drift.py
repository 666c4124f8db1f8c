"""``carrierwatch drift CONFIGS --baseline DIR``: security-relevant changes against golden configs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from carrierwatch.commands.common import FailOnOpt, Fmt, FormatOpt, OutOpt, emit, err, severity


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    @app.command("drift")
    def drift(
        configs: Annotated[list[Path], typer.Argument(help="Running configs (files or folders).")],
        baseline: Annotated[Path, typer.Option("--baseline", "-b", help="Folder of golden configs.")],
        fmt: FormatOpt = Fmt.table,
        output: OutOpt = None,
        fail_on: FailOnOpt = "high",
    ) -> None:
        """Compare each device with its golden copy (paired by hostname, else file name): ACLs, AAA
        servers, users, tunnels, loopbacks, SNMP, logging, service ports, static routes (EVH-V02, HUNT-01)."""
        from carrierwatch.app.intake import UsageError
        from carrierwatch.app.runs import drift as run_drift

        threshold = severity(fail_on)
        try:
            run = run_drift(configs, baseline)
        except UsageError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        emit(run.result, fmt, output, {}, threshold)
