"""``carrierwatch init``: create the workspace with an example ``carrierwatch.toml``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from carrierwatch.commands.common import err, workspace
from carrierwatch.workspace import EXAMPLE_CONFIG


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    @app.command()
    def init(
        force: Annotated[bool, typer.Option(help="Overwrite an existing carrierwatch.toml.")] = False,
    ) -> None:
        """Create the workspace with an example carrierwatch.toml (allow-lists, change windows)."""
        ws = workspace()
        if ws.config_path.exists() and not force:
            err.print(f"{ws.config_path} exists; use --force to overwrite")
            raise typer.Exit(2)
        ws.config_path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
        Console().print(f"wrote {ws.config_path}; edit the allow-lists to describe your network")
