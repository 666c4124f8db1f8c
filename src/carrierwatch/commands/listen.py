"""``carrierwatch listen``: take syslog (UDP, TCP, TLS) and NetFlow/IPFIX (UDP) live into the workspace lake.

Thin: options -> :class:`carrierwatch.telemetry.live.listener.ListenConfig`; the behaviour (framing, batches,
counters, graceful stop, recovery after a kill) is documented in :mod:`carrierwatch.telemetry.live.listener`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from carrierwatch.commands.common import WorkspaceOpt, err, state, workspace


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    @app.command("listen")
    def listen(
        syslog_udp: Annotated[int | None, typer.Option("--syslog-udp", help="Syslog over UDP (RFC 5426) port.")] = None,
        syslog_tcp: Annotated[int | None, typer.Option("--syslog-tcp", help="Syslog over TCP (RFC 6587) port.")] = None,
        syslog_tls: Annotated[int | None, typer.Option("--syslog-tls", help="Syslog over TLS (RFC 5425) port.")] = None,
        tls_cert: Annotated[Path | None, typer.Option("--tls-cert", help="PEM certificate for --syslog-tls.")] = None,
        tls_key: Annotated[Path | None, typer.Option("--tls-key", help="PEM private key for --syslog-tls.")] = None,
        netflow_udp: Annotated[
            int | None, typer.Option("--netflow-udp", help="NetFlow v5/v9/IPFIX over UDP port.")] = None,
        bind: Annotated[str, typer.Option("--bind", help="Address to listen on.")] = "127.0.0.1",
        batch_seconds: Annotated[float, typer.Option("--batch-seconds", help="Seconds per lake batch.")] = 2.0,
        stats_every: Annotated[float, typer.Option("--stats-every", help="Seconds between counter lines.")] = 5.0,
        duration: Annotated[
            float | None, typer.Option("--duration", help="Stop (gracefully) after this many seconds.")] = None,
        year: Annotated[int | None, typer.Option("--year", help="Year for year-less syslog timestamps.")] = None,
        ws_opt: WorkspaceOpt = None,
    ) -> None:
        """Listen for syslog and NetFlow/IPFIX; write them to the lake in batches; stop with Ctrl-C."""
        from carrierwatch.telemetry.live.listener import ListenConfig, Listener

        if ws_opt is not None:
            state["workspace"] = ws_opt
        if syslog_udp is None and syslog_tcp is None and syslog_tls is None and netflow_udp is None:
            err.print("[red]error:[/red] give at least one of --syslog-udp, --syslog-tcp, --syslog-tls, --netflow-udp")
            raise typer.Exit(2)
        if syslog_tls is not None and (tls_cert is None or tls_key is None):
            err.print("[red]error:[/red] --syslog-tls needs --tls-cert and --tls-key")
            raise typer.Exit(2)
        ws = workspace()
        cfg = ListenConfig(bind, syslog_udp, syslog_tcp, syslog_tls, tls_cert, tls_key, netflow_udp,
                           batch_seconds, stats_every, duration, default_year=year)
        listener = Listener(ws.root, ws.lake, cfg,
                            say=lambda m: err.print(m, markup=False, highlight=False, soft_wrap=True))
        try:
            counters = listener.run()
        except (OSError, ValueError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        typer.echo(json.dumps({"counters": counters.__dict__, "notes": listener.notes}))
