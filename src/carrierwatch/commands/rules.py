"""``carrierwatch rules list|validate|test``: the rule catalogue and the Sigma rule pack (built-in plus user folders).

``validate`` compiles every rule and lists rejections (rule, reason) and exits 2 if any; ``test`` runs every
regression sample through the real readers and engine and exits 1 on a mismatch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carrierwatch.commands.common import err

FoldersOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", "-r", help="Extra Sigma rule folder or file (repeatable); added to the built-in pack."),
]
NoBuiltinOpt = Annotated[bool, typer.Option("--no-builtin", help="Use only the --rules folders.")]


def _paths(rules: list[Path] | None, no_builtin: bool) -> list[Path]:
    from carrierwatch.detect.sigma.compile import builtin_rule_dirs

    extra = list(rules or [])
    missing = [p for p in extra if not p.exists()]
    if missing:
        err.print(f"[red]error:[/red] no such rule folder or file: {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    return extra if no_builtin else [*builtin_rule_dirs(), *extra]


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    rules_app = typer.Typer(help="Sigma rules: list, validate and regression-test the rule pack.", no_args_is_help=True)
    app.add_typer(rules_app, name="rules")

    @rules_app.command("list")
    def rules_list(rules: FoldersOpt = None, no_builtin: NoBuiltinOpt = False,
                   family: Annotated[str | None, typer.Option(
                       "--family", "-f", help="Only this family: audit-check, li-config, audit, cve-exposure, drift, "
                       "sql-rule, analytic, ioc, li, sigma.")] = None) -> None:
        """List every rule of every family (the catalogue) with its severity, ATT&CK ids and title; with
        ``--rules`` / ``--no-builtin``, the compiled Sigma rules of those folders with their table."""
        if rules or no_builtin:
            from carrierwatch.detect.sigma.compile import load_pack

            pack = load_pack(_paths(rules, no_builtin))
            table = Table("rule", "level", "table", "attack", "title",
                          title=f"{len(pack.rules)} rules compiled, {len(pack.rejected)} rejected")
            for r in pack.rules:
                d = r.detection
                table.add_row(d.rule_id, d.severity.value, r.table, ",".join(d.attack), d.title[:70])
            Console().print(table)
            return
        from carrierwatch.catalogue import FAMILIES, all_rules

        if family is not None and family not in FAMILIES:
            err.print(f"[red]error:[/red] unknown family {family!r} (known: {', '.join(FAMILIES)})")
            raise typer.Exit(2)
        chosen = [m for m in all_rules(sigma=family in (None, "sigma")) if family is None or m.family == family]
        table = Table("rule", "family", "severity", "attack", "title", title=f"{len(chosen)} rules")
        for m in chosen:
            table.add_row(m.id, m.family, m.severity.value, ",".join(m.attack), m.title[:80])
        Console().print(table)

    @rules_app.command("validate")
    def rules_validate(rules: FoldersOpt = None, no_builtin: NoBuiltinOpt = False) -> None:
        """Compile every rule; list each rejected rule with its reason (exit 2 if any)."""
        from carrierwatch.detect.sigma.compile import load_pack

        pack = load_pack(_paths(rules, no_builtin))
        Console().print(f"{pack.files} rule files, {len(pack.rules)} rules compiled, {len(pack.rejected)} rejected")
        for rej in pack.rejected:
            Console().print(f"  rejected {rej.rule} ({rej.path}): {rej.reason}")
        if pack.rejected:
            raise typer.Exit(2)

    @rules_app.command("test")
    def rules_test(rules: FoldersOpt = None, no_builtin: NoBuiltinOpt = False) -> None:
        """Run every regression sample (positive and negative) and compare the match count (exit 1 on mismatch)."""
        from carrierwatch.detect.sigma.compile import load_pack
        from carrierwatch.detect.sigma.regression import run_all

        paths = _paths(rules, no_builtin)
        pack = load_pack(paths)
        outcomes = run_all(pack, [p for p in paths if p.is_dir()])
        table = Table("rule", "sample", "expected", "got", "result", title=f"{len(outcomes)} regression samples")
        for o in outcomes:
            table.add_row(o.case.rule_id, o.case.sample.name, str(o.case.expected), str(o.got),
                          "ok" if o.ok else f"[red]FAIL[/red] {o.error}")
        Console().print(table)
        tested = {o.case.rule_id for o in outcomes}
        untested = [r.detection.rule_id for r in pack.rules if r.detection.rule_id not in tested]
        Console().print(f"{sum(o.ok for o in outcomes)}/{len(outcomes)} samples match; "
                        f"{len(untested)} rules have no sample")
        if not all(o.ok for o in outcomes):
            raise typer.Exit(1)
