"""``carrierwatch share export|collection-add``, ``carrierwatch serve`` and ``carrierwatch partners ...``."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carrierwatch.commands.common import err, workspace


def _hub_url(explicit: str | None) -> str:
    return explicit or workspace().state_url


DbOpt = Annotated[str | None, typer.Option("--db", help="Hub state URL (default: the workspace state database).")]


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    share_app = typer.Typer(help="Share findings safely: STIX 2.1 export with TLP 2.0 and redaction.",
                            no_args_is_help=True)
    partners_app = typer.Typer(help="Partners of the TAXII hub: credentials, rights, TLP ceiling.",
                               no_args_is_help=True)
    app.add_typer(share_app, name="share")
    app.add_typer(partners_app, name="partners")

    @share_app.command("export")
    def share_export(
        output: Annotated[Path, typer.Option("--output", "-o", help="Bundle file to write.")],
        findings: Annotated[Path | None, typer.Option("--findings", help="findings.json (default: workspace).")] = None,
        org: Annotated[str | None, typer.Option(help="Reporting organisation (default: workspace config).")] = None,
        anonymous: Annotated[bool, typer.Option(help="Anonymised sightings: no identity, no where_sighted_refs.")]
        = False,
        tlp: Annotated[str, typer.Option(help="TLP for objects whose sources carry none.")] = "amber",
        policy: Annotated[Path | None, typer.Option(help="Redaction policy TOML ([redaction] table).")] = None,
        publish: Annotated[str | None, typer.Option(help="Also add the bundle to this hub collection id.")] = None,
        db: DbOpt = None,
    ) -> None:
        """Findings → a STIX 2.1 bundle, every object TLP-marked and redacted before it is written."""
        from carrierwatch.app.intake import UsageError
        from carrierwatch.app.share import export_sightings, publish_bundle

        ws = workspace()
        try:
            res = export_sightings(ws, output, findings=findings, org=org, anonymous=anonymous, tlp=tlp,
                                   policy=policy)
        except UsageError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        Console().print(f"wrote {output}: {len(res.bundle['objects'])} objects from {res.exported} findings; "
                        f"skipped {res.skipped or 'none'}; redacted {res.redactions or 'nothing'}")
        if publish:
            try:
                pub = publish_bundle(_hub_url(db), publish, res.bundle["objects"])
            except UsageError as exc:
                err.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(2) from exc
            Console().print(f"published to {publish}: {pub.stored} stored, {pub.failed} failed")

    @share_app.command("collection-add")
    def collection_add(
        cid: Annotated[str, typer.Argument(help="Collection id (a UUID is conventional).")],
        title: Annotated[str, typer.Option(help="Title.")] = "carrierwatch sightings",
        api_root: Annotated[str, typer.Option(help="API root path segment.")] = "cw",
        trust_group: Annotated[str, typer.Option(help="Trust group whose members may receive TLP:RED here.")] = "",
        default_tlp: Annotated[str, typer.Option(help="TLP for unmarked objects.")] = "amber",
        db: DbOpt = None,
    ) -> None:
        """Create a TAXII collection on the hub."""
        from carrierwatch.share.db import open_hub_db
        from carrierwatch.share.store import HubStore

        try:
            HubStore(open_hub_db(_hub_url(db))).create_collection(cid, title, api_root=api_root,
                                                                  trust_group=trust_group, default_tlp=default_tlp)
        except Exception as exc:
            err.print(f"[red]error:[/red] cannot create collection: {type(exc).__name__}: {str(exc)[:200]}")
            raise typer.Exit(2) from exc
        Console().print(f"collection {cid} created under /{api_root}/")

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port.")] = 8443,
        cert: Annotated[Path | None, typer.Option(help="TLS certificate (PEM); required off loopback.")] = None,
        key: Annotated[Path | None, typer.Option(help="TLS private key (PEM).")] = None,
        max_content_length: Annotated[int, typer.Option(help="Largest accepted request body, bytes.")]
        = 10 * 1024 * 1024,
        db: DbOpt = None,
    ) -> None:
        """Serve the TAXII 2.1 hub (discovery at /taxii2/)."""
        from carrierwatch.share.db import open_hub_db
        from carrierwatch.share.serve import ServeError, build_server
        from carrierwatch.share.taxii_app import HubSettings, TaxiiApp

        try:
            srv = build_server(TaxiiApp(open_hub_db(_hub_url(db)), HubSettings(max_content_length=max_content_length)),
                               host, port, cert, key)
        except (ServeError, OSError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        scheme = "https" if cert else "http"
        err.print(f"TAXII 2.1 discovery at {scheme}://{host}:{srv.server_port}/taxii2/ (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            srv.serve_forever()

    @partners_app.command("add")
    def partners_add(
        name: Annotated[str, typer.Argument(help="Partner name (the Basic user name).")],
        tlp: Annotated[str, typer.Option(help="TLP ceiling: clear, green, amber, amber+strict, red.")] = "green",
        read: Annotated[list[str] | None, typer.Option(help="Collection id readable (repeat).")] = None,
        write: Annotated[list[str] | None, typer.Option(help="Collection id writable (repeat).")] = None,
        trust_group: Annotated[list[str] | None, typer.Option(help="Trust group membership (repeat).")] = None,
        rate: Annotated[int, typer.Option(help="Requests per minute (0 = unlimited).")] = 600,
        db: DbOpt = None,
    ) -> None:
        """Add a partner; prints its password and bearer token once (only their hashes are stored)."""
        from carrierwatch.share.db import open_hub_db
        from carrierwatch.share.partners import PartnerBook

        try:
            creds = PartnerBook(open_hub_db(_hub_url(db))).add(name, tlp=tlp, read=read, write=write,
                                                               trust_groups=trust_group, rate_per_minute=rate)
        except ValueError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        Console().print(f"partner {name} added. Hand these over securely; they are not stored and not shown again:"
                        f"\n  password: {creds.password}\n  token:    {creds.token}")

    @partners_app.command("list")
    def partners_list(db: DbOpt = None) -> None:
        """Partners with their ceiling, rights and state (never their secrets)."""
        from rich.table import Table

        from carrierwatch.share.db import open_hub_db
        from carrierwatch.share.partners import PartnerBook

        table = Table("name", "tlp ceiling", "read", "write", "trust groups", "rate/min", "state")
        for p in PartnerBook(open_hub_db(_hub_url(db))).list():
            table.add_row(p.name, p.tlp_ceiling, ",".join(sorted(p.read)), ",".join(sorted(p.write)),
                          ",".join(p.trust_groups), str(p.rate_per_minute), "revoked" if p.revoked else "active")
        Console().print(table)

    @partners_app.command("revoke")
    def partners_revoke(name: Annotated[str, typer.Argument()], db: DbOpt = None) -> None:
        """Revoke a partner: its password and token stop working at once."""
        from carrierwatch.share.db import open_hub_db
        from carrierwatch.share.partners import PartnerBook

        try:
            PartnerBook(open_hub_db(_hub_url(db))).revoke(name)
        except ValueError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        Console().print(f"partner {name} revoked")

    @partners_app.command("rotate")
    def partners_rotate(name: Annotated[str, typer.Argument()], db: DbOpt = None) -> None:
        """New password and token for a partner (the old ones stop working); prints them once."""
        from carrierwatch.share.db import open_hub_db
        from carrierwatch.share.partners import PartnerBook

        try:
            creds = PartnerBook(open_hub_db(_hub_url(db))).rotate(name)
        except ValueError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        Console().print(f"partner {name} rotated:\n  password: {creds.password}\n  token:    {creds.token}")
