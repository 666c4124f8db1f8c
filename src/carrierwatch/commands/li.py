"""``carrierwatch li token``: the keyed token of one target, so the LI compliance officer can find its findings.

Findings name targets only by token (``tgt-…``, see ``li/privacy.py``). To ask "is anything wrong with the tap on
this number?", the officer computes the token in the same workspace and searches the report for it. The
identifier is read from standard input, never from the command line (it would land in shell history and in
the process list), and it is never echoed.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from carrierwatch.commands.common import workspace


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    li_app = typer.Typer(help="Lawful-intercept helpers (X1 audit trails and warrant registers are read by `hunt`).",
                         no_args_is_help=True)
    app.add_typer(li_app, name="li")

    @li_app.command("token")
    def li_token(
        kind: Annotated[str, typer.Argument(help="Identifier kind: e164, imsi, imei, supi, ip, sip, nai ...")],
    ) -> None:
        """Print the workspace token of the target identifier read from stdin (one line)."""
        from carrierwatch.li.privacy import TargetError, TargetHasher

        value = sys.stdin.readline().strip()
        hasher = TargetHasher.for_workspace(workspace().root)
        try:
            typer.echo(hasher.token(kind, value))
        except TargetError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
