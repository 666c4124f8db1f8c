"""The ``carrierwatch`` command line: thin; parses options, calls the application layer (``app/``), renders.

Each CLI group has its module in ``commands/`` (``commands/audit.py`` is ``carrierwatch audit``, …), listed in
:data:`COMMAND_MODULES` in the order the commands appear in ``--help``. The work itself is in ``app/``, so the
demo and other front ends share it.

Exit codes (a contract scripts rely on): 0 ran clean; 1 findings at or above ``--fail-on``; 2 usage error or
unreadable input.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from carrierwatch import __version__
from carrierwatch.commands.common import WorkspaceOpt, err, state

app = typer.Typer(
    name="carrierwatch",
    help="Audit, hunt and share: defend telecom network infrastructure against state-sponsored intrusion "
    "(Salt Typhoon, Volt Typhoon, APT10, APT41).",
    no_args_is_help=True,
    add_completion=True,  # `carrierwatch --install-completion` (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    # Help text is plain text: TOML tables such as [hunt] or [redaction] in a help line must print as written,
    # not be taken for Rich markup and swallowed.
    rich_markup_mode=None,
)

#: ``carrierwatch.commands.<name>`` modules, each with ``register(app, subapps)``: commands in this order, then
#: groups in this order, is what ``--help`` shows.
COMMAND_MODULES = ("audit", "hunt", "demo", "lab", "intel", "init", "drift", "config", "li", "listen", "rules",
                   "share")
SUBAPPS: dict[str, typer.Typer] = {}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"carrierwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    workspace: WorkspaceOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")]
    = False,
) -> None:
    state["workspace"] = workspace


for _name in COMMAND_MODULES:
    importlib.import_module(f"carrierwatch.commands.{_name}").register(app, SUBAPPS)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
