"""``carrierwatch intel ...``: indicators into the workspace store, and what the store holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carrierwatch.commands.common import err, workspace


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    intel_app = subapps["intel"]
    @intel_app.command("import")
    def intel_import(
        files: Annotated[list[Path], typer.Argument(help="STIX 2.1 bundles.")],
    ) -> None:
        """Import indicators into the workspace's indicator store (idempotent: re-importing adds nothing)."""
        from carrierwatch import statedb
        from carrierwatch.findings import InputAccount
        from carrierwatch.intel.stix_reader import read_stix_indicators

        ws = workspace()
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

        items = statedb.load_indicators(statedb.connect(workspace().state_url))
        table = Table("kind", "value", "tlp", "source", "label", title=f"{len(items)} indicators")
        for ind in items[:limit]:
            table.add_row(ind.kind, ind.value, ind.tlp, ind.source, (ind.description or ind.name)[:60])
        Console().print(table)


    @intel_app.command("stats")
    def intel_stats() -> None:
        """Counts of stored indicators by kind and TLP."""
        from collections import Counter

        from carrierwatch import statedb

        items = statedb.load_indicators(statedb.connect(workspace().state_url))
        Console().print({"indicators": len(items), "by_kind": dict(Counter(i.kind for i in items)),
                         "by_tlp": dict(Counter(i.tlp for i in items))})
