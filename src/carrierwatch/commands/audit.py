"""``carrierwatch audit PATH...``: configs against the hardening guidance, Typhoon config hunts and known CVEs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from carrierwatch.commands.common import (
    FailOnOpt,
    Fmt,
    FormatOpt,
    OutOpt,
    WorkersOpt,
    emit,
    err,
    progress_bar,
    severity,
    workspace,
)


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    @app.command()
    def audit(
        paths: Annotated[list[Path], typer.Argument(help="Config files or folders (read recursively).")],
        fmt: FormatOpt = Fmt.table,
        output: OutOpt = None,
        fail_on: FailOnOpt = "critical",
        baseline: Annotated[Path | None, typer.Option("--baseline", help="Folder of golden configs: also report "
                                                      "each security-relevant change against them (drift).")]
        = None,
        workers: WorkersOpt = None,
    ) -> None:
        """Audit device configurations against the CISA/NSA hardening guidance (EVH-*), Typhoon config hunts and
        known-exploited CVEs; with --baseline, also the drift from each device's golden config."""
        from carrierwatch.app.intake import UsageError
        from carrierwatch.app.runs import audit_workspace

        threshold = severity(fail_on)
        ws = workspace()
        try:
            with progress_bar() as prog:
                task = prog.add_task("auditing", total=None)
                run = audit_workspace(paths, ws, baseline=baseline, workers=workers,
                                      progress=lambda d, n, t: prog.update(task, description=d, completed=n,
                                                                           total=t or None))
        except UsageError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        emit(run.result, fmt, output, run.extras, threshold)
