"""``carrierwatch intel update-vulns PATH...``: load newer KEV JSON and CVE JSON 5 records for the CVE matcher."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carrierwatch.commands.common import err, workspace


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    intel_app = subapps["intel"]

    @intel_app.command("update-vulns")
    def update_vulns(
        files: Annotated[list[Path], typer.Argument(help="KEV catalog JSON and/or CVE JSON 5 records.")],
    ) -> None:
        """Store affected versions from CVE records (and KEV dates) in the workspace; `audit` then uses them
        on top of the catalog shipped with carrierwatch."""
        from carrierwatch.audit.vuln_update import load_vuln_files, save_rows
        from carrierwatch.audit.vulns import load_catalog

        ws = workspace()
        folder = ws.root / "vulns"
        known = set(load_catalog(folder))
        paths = [f for f in files if f.is_file()]
        bad = [f for f in files if not f.is_file()]
        for f in bad:
            err.print(f"[red]error:[/red] no such file: {f}")
        rows, kev, accounts = load_vuln_files(paths, known)
        target = save_rows(folder, rows, kev)
        out = Console()
        for acc in accounts:
            if acc.error:
                err.print(f"[red]error:[/red] {acc.path}: {acc.error}")
                continue
            reasons = ", ".join(f"{k}: {v}" for k, v in sorted(acc.reasons.items())) or "none"
            out.print(f"{acc.path}: {acc.accepted} used, {acc.rejected} rejected ({reasons})")
        out.print(f"{len(rows)} CVE record(s) with versions, {len(kev)} KEV date(s) -> {target}")
        if bad or any(a.error for a in accounts):
            raise typer.Exit(2)
