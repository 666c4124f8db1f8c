"""``carrierwatch config check``: validate the workspace's carrierwatch.toml and show what is in force.

A typo in the config must never silently switch a rule off (``[allowlist]`` for ``[allowlists]`` used to be
dropped with exit 0), so the file is validated strictly (``workspace.config_from_dict``) and this command prints
every problem with its line, or the effective configuration with the defaults filled in and a warning for each
allow-list that is empty although a rule depends on it.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from carrierwatch.commands.common import err, state
from carrierwatch.detect.analytics.settings import settings_from
from carrierwatch.detect.runner import ALL_RULES
from carrierwatch.workspace import Allowlists, ConfigError, Workspace, WorkspaceError, open_workspace


def allowlist_dependants() -> dict[str, list[str]]:
    """allow-list name -> ids of the rules that are skipped while it is empty."""
    out: dict[str, list[str]] = {}
    for rule in ALL_RULES:
        for name in rule.needs_allow:
            out.setdefault(name, []).append(rule.rule_id)
    return out


def masked_url(url: str) -> str:
    """A database URL with its password replaced (``postgresql://u:***@host/db``)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: show only its scheme
        return url.split(":", 1)[0] + ":…"


def effective(ws: Workspace) -> dict[str, Any]:
    """The configuration in force, defaults included, as plain data (what `config check --json` prints)."""
    cfg = ws.config
    analytics = settings_from(cfg.hunt)
    hunt = {f.name: getattr(cfg.hunt, f.name) for f in fields(cfg.hunt)}
    hunt |= {f.name: getattr(analytics, f.name) for f in fields(analytics)}
    return {
        "workspace": str(ws.root),
        "config_file": str(ws.config_path) if ws.config_path.exists() else None,
        "organisation": cfg.organisation,
        "state_url": masked_url(ws.state_url),
        "allowlists": {f.name: cfg.allowlists.as_strings(f.name) for f in fields(Allowlists)},
        "change_windows": [{"days": list(w.days), "start": w.start.isoformat("minutes"),
                            "end": w.end.isoformat("minutes")} for w in cfg.change_windows],
        "hunt": {k: list(v) if isinstance(v, tuple) else v for k, v in hunt.items()},
    }


def empty_allowlist_warnings(ws: Workspace) -> list[str]:
    return [f"allow-list {name} is empty: {', '.join(rules)} will be skipped"
            for name, rules in sorted(allowlist_dependants().items()) if not getattr(ws.config.allowlists, name)]


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    config_app = typer.Typer(help="Check the workspace configuration (carrierwatch.toml).", no_args_is_help=True)
    app.add_typer(config_app, name="config")

    @config_app.command("check")
    def check(as_json: bool = typer.Option(False, "--json", help="Print the effective configuration as JSON.")) -> None:
        """Validate carrierwatch.toml strictly (unknown keys, wrong types, bad addresses: each with its line and
        the nearest valid key) and print the configuration in force, defaults included. Exit 2 when invalid."""
        try:
            ws = open_workspace(state["workspace"], create=False)
        except ConfigError as exc:
            for line in exc.problems:
                err.print(f"[red]error:[/red] {escape(line)}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc
        except WorkspaceError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc
        data = effective(ws)
        out = Console()
        if as_json:
            import json

            out.print_json(json.dumps(data))
        else:
            _print(out, data)
        for warning in empty_allowlist_warnings(ws):
            err.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False, soft_wrap=True)


def _print(out: Console, data: dict[str, Any]) -> None:
    source = data["config_file"] or "no carrierwatch.toml (defaults; `carrierwatch init` writes one)"
    out.print(f"workspace {escape(data['workspace'])}: {escape(source)} is valid", highlight=False, soft_wrap=True)
    table = Table("setting", "value", show_header=True, header_style="bold")
    table.add_row("organisation", escape(data["organisation"]))
    table.add_row("state_url", escape(data["state_url"]))
    for name, values in data["allowlists"].items():
        table.add_row(f"allowlists.{name}", escape(", ".join(values)) if values else "[dim](empty)[/dim]")
    for i, w in enumerate(data["change_windows"]):
        table.add_row(f"change_windows[{i}]", f"days {w['days']} {w['start']}-{w['end']} UTC")
    for name, value in data["hunt"].items():
        table.add_row(f"hunt.{name}", escape(repr(value)))
    out.print(table)
