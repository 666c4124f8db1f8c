"""``carrierwatch intel ...``: indicators into the workspace store (files, MISP feeds, TAXII), out of it, the
CVE data of the audit (``update-vulns``) and the shipped knowledge (actor profiles, ATT&CK techniques)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carrierwatch.commands.common import err, workspace

TlpOpt = Annotated[str | None, typer.Option("--tlp", help="TLP floor: sets formats that carry none (CSV, Zeek, "
                                             "freetext; default clear) and only raises marked content.")]


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    intel_app = typer.Typer(help="Threat intel in: import indicators, list them, show counts.", no_args_is_help=True)
    app.add_typer(intel_app, name="intel")

    @intel_app.command("update-vulns")
    def update_vulns(
        files: Annotated[list[Path], typer.Argument(help="KEV catalog JSON and/or CVE JSON 5 records.")],
    ) -> None:
        """Store affected versions from CVE records (and KEV dates) in the workspace; `audit` then uses them
        on top of the catalog shipped with carrierwatch."""
        from carrierwatch.app.intel import update_vulns as run_update

        ws = workspace()
        for f in [f for f in files if not f.is_file()]:
            err.print(f"[red]error:[/red] no such file: {f}")
        got = run_update(ws, files)
        out = Console()
        for acc in got.accounts:
            if acc.error:
                err.print(f"[red]error:[/red] {acc.path}: {acc.error}")
                continue
            reasons = ", ".join(f"{k}: {v}" for k, v in sorted(acc.reasons.items())) or "none"
            out.print(f"{acc.path}: {acc.accepted} used, {acc.rejected} rejected ({reasons})")
        out.print(f"{got.rows} CVE record(s) with versions, {got.kev} KEV date(s) -> {got.target}")
        if got.missing or any(a.error for a in got.accounts):
            raise typer.Exit(2)

    @intel_app.command("import")
    def intel_import(
        files: Annotated[list[Path], typer.Argument(help="STIX 2.1 bundles (.json/.json.gz), MISP JSON events, "
                                                   "MISP feed folders, MISP CSV, CSV lists, Zeek intel, freetext.")],
        fmt: Annotated[str | None, typer.Option("--format", help="Force the format instead of sniffing.")] = None,
        tlp: TlpOpt = None,
    ) -> None:
        """Import indicators into the workspace store (idempotent: re-importing adds nothing)."""
        from carrierwatch.app.intel import import_intel
        from carrierwatch.intel.tlp import valid_tlp

        try:
            tlp = valid_tlp(tlp)
        except ValueError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        bad = False
        for got in import_intel(workspace(), files, fmt=fmt, tlp=tlp):
            f, res = got.path, got.result
            if res is None or got.error:
                err.print(f"[red]error:[/red] {f}: {got.error}" if res is not None
                          else f"[red]error:[/red] {got.error}: {f}")
                bad = True
                continue
            acc = res.account
            reasons = ", ".join(f"{k}: {v}" for k, v in sorted(acc.reasons.items())) or "none"
            Console().print(f"{f} ({res.format}): {acc.records} records, {res.indicators} indicator values read, "
                            f"{res.added} indicator values added, {res.unchanged} already stored; "
                            f"objects {res.objects_added} new, {res.objects_unchanged} known; "
                            f"rejected {acc.rejected} ({reasons})")
            if res.warnings:
                Console().print("  flagged known-benign by MISP warning lists (suppressed at match time): "
                                + ", ".join(f"{k}: {v}" for k, v in sorted(res.warnings.items())))
            if res.tlp_counts or res.tlp_raised:
                Console().print("  TLP: " + ", ".join(f"{k}: {v}" for k, v in sorted(res.tlp_counts.items()))
                                + (f"; {res.tlp_raised} stored indicators raised" if res.tlp_raised else "")
                                + " (unresolved/malformed markings are stored at RED)")
            if res.notes:
                Console().print("  pattern parts not evaluated: "
                                + ", ".join(f"{k}: {v}" for k, v in sorted(res.notes.items())))
        if bad:
            raise typer.Exit(2)

    @intel_app.command("pull")
    def intel_pull(
        url: Annotated[str, typer.Argument(help="TAXII 2.1 API root URL, e.g. https://hub.example/api1/")],
        collection: Annotated[str, typer.Option("--collection", help="Collection id.")],
        user: Annotated[str | None, typer.Option(help="HTTP Basic user (password from CW_TAXII_PASSWORD).")] = None,
        limit: Annotated[int, typer.Option(help="Objects per page.")] = 1000,
        max_pages: Annotated[int | None, typer.Option(help="Stop after N pages (resume later).")] = None,
    ) -> None:
        """Pull new objects from a TAXII 2.1 collection; resumes where the last pull stopped.

        Credentials come from the environment, never the command line: CW_TAXII_PASSWORD (Basic) or
        CW_TAXII_TOKEN (bearer)."""
        from carrierwatch.app.intel import pull_intel
        from carrierwatch.intel.taxii_client import Auth, TaxiiError

        auth = Auth(user=user, password=os.environ.get("CW_TAXII_PASSWORD"), token=os.environ.get("CW_TAXII_TOKEN"))
        try:
            got = pull_intel(workspace(), url, collection, auth=auth, limit=limit, max_pages=max_pages)
        except TaxiiError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        res, pulled = got.result, got.pulled
        state = "more pages remain (run again to resume)" if pulled.state.next else "up to date"
        Console().print(f"{got.source}: {pulled.pages} pages, {res.account.records} objects, {res.added} indicator "
                        f"values added, {res.unchanged} already stored, rejected {res.account.rejected}; {state}; "
                        f"added_after={pulled.state.added_after}")

    @intel_app.command("list")
    def intel_list(
        limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
        kind: Annotated[str | None, typer.Option(help="Only this kind (ipv4, cidr6, domain, sha256, ...).")] = None,
    ) -> None:
        """List stored indicators."""
        from carrierwatch.app.intel import list_indicators

        items = list_indicators(workspace(), kind=kind)
        table = Table("kind", "value", "tlp", "source", "actors", "warning list", "label",
                      title=f"{len(items)} indicators")
        for ind in items[:limit]:
            table.add_row(ind.kind, ind.value, ind.tlp, ind.source, ",".join(ind.actors), ind.warning or "",
                          (ind.description or ind.name)[:50])
        Console().print(table)

    @intel_app.command("stats")
    def intel_stats() -> None:
        """Counts of stored indicators by kind, TLP, source and warning list, and of stored STIX objects."""
        from carrierwatch.app.intel import intel_stats as stats

        got = stats(workspace())
        Console().print({"indicators": got.indicators, "stix_objects": got.stix_objects, "by_kind": got.by_kind,
                         "by_tlp": got.by_tlp, "by_source": got.by_source, "warning_listed": got.warning_listed})

    @intel_app.command("export")
    def intel_export(
        fmt: Annotated[str, typer.Option("--format", help="stix, csv or zeek.")] = "stix",
        max_tlp: Annotated[str, typer.Option("--max-tlp", help="Highest TLP to include.")] = "green",
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")] = None,
    ) -> None:
        """Export stored indicators up to a TLP level (default GREEN) as STIX 2.1, CSV or Zeek intel."""
        from carrierwatch.app.intake import UsageError
        from carrierwatch.app.intel import export_intel

        try:
            got = export_intel(workspace(), fmt=fmt, max_tlp=max_tlp)
        except UsageError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        if got.skipped:
            err.print(f"{got.skipped} indicators have no Zeek intel type or are compound; left out")
        if output:
            output.write_text(got.text, encoding="utf-8")
        else:
            typer.echo(got.text, nl=False)

    @intel_app.command("actors")
    def intel_actors(name: Annotated[str | None, typer.Argument(help="One actor (name, alias or G id).")] = None,
                     ) -> None:
        """Actor profiles shipped with carrierwatch (Salt Typhoon, Volt Typhoon, APT10, APT41)."""
        from carrierwatch.intel.actors import actor, actors

        chosen = [a for a in [actor(name)] if a] if name else actors()
        if not chosen:
            err.print(f"[red]error:[/red] no profile for {name!r}")
            raise typer.Exit(2)
        for a in chosen:
            Console().print(f"[bold]{a.name}[/bold] ({a.attack_id}; aka {', '.join(a.aliases)})\n  {a.summary}\n"
                            f"  targets: {', '.join(a.targets)}\n  CVEs: {', '.join(a.cves) or '-'}\n"
                            f"  ATT&CK techniques ({len(a.techniques)}): {', '.join(a.techniques)}\n"
                            f"  software: {', '.join(a.software) or '-'}\n  sources: {', '.join(a.references)}")

    @intel_app.command("techniques")
    def intel_techniques(
        actor_name: Annotated[str | None, typer.Option("--actor", help="Only techniques this actor uses.")] = None,
        search: Annotated[str | None, typer.Option(help="Substring of the technique name or id.")] = None,
    ) -> None:
        """ATT&CK Enterprise v18.1 techniques (shipped table), with the profiled actors that use each."""
        from carrierwatch.intel import attack
        from carrierwatch.intel.actors import actor, actors_using

        if actor_name:
            a = actor(actor_name)
            if a is None:
                err.print(f"[red]error:[/red] no profile for {actor_name!r}")
                raise typer.Exit(2)
            ids = list(a.techniques)
        else:
            ids = attack.technique_ids()
        table = Table("id", "name", "tactics", "profiled actors", title=f"ATT&CK Enterprise {attack.ATTACK_VERSION}")
        for tid in ids:
            name = attack.technique_name(tid)
            if search and search.lower() not in f"{tid} {name}".lower():
                continue
            table.add_row(tid, name, ", ".join(attack.tactic_names(tid)), ", ".join(actors_using(tid)))
        Console().print(table)
