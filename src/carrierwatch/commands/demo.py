"""``carrierwatch demo``: the whole product on a generated lab, end to end (see :mod:`carrierwatch.demo`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carrierwatch.commands.common import EngineName, EngineOpt, progress_bar


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    @app.command()
    def demo(
        out: Annotated[Path, typer.Option("--out", help="Folder for the lab, findings.json, report.html, "
                                                        "score.json.")] = Path("carrierwatch-demo"),
        devices: Annotated[int, typer.Option(help="Lab size in devices.")] = 24,
        days: Annotated[int, typer.Option(help="Days of telemetry.")] = 2,
        seed: Annotated[int, typer.Option(help="Random seed (same seed, same lab).")] = 7,
        engine: EngineOpt = EngineName.duckdb,
        clean_run: Annotated[bool, typer.Option("--clean-run/--no-clean-run",
                                                help="Also hunt a clean lab of the same size, to count false "
                                                     "alarms.")] = True,
    ) -> None:
        """Generate a lab carrier with a planted Salt Typhoon intrusion, then import, audit, hunt and score it."""
        from carrierwatch.demo import print_demo_summary, run_demo

        with progress_bar() as prog:
            task = prog.add_task("demo", total=None)
            summary = run_demo(out, devices=devices, days=days, seed=seed, engine_name=engine.value,
                               clean_run=clean_run,
                               progress=lambda d, n, t: prog.update(task, description=d, completed=n,
                                                                    total=t or None))
        print_demo_summary(summary, Console())
