"""``carrierwatch lab generate|score|ipfix|send``: the synthetic carrier network, its score and its replay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carrierwatch.commands.common import OutOpt, Scenario, err, progress_bar


def register(app: typer.Typer, subapps: dict[str, typer.Typer]) -> None:
    lab = typer.Typer(help="Generate and score the synthetic lab carrier network.", no_args_is_help=True)
    app.add_typer(lab, name="lab")

    @lab.command("generate")
    def lab_generate(
        out: Annotated[Path, typer.Argument(help="Folder to write the lab into (created).")],
        devices: Annotated[int, typer.Option(min=5, help="Number of network devices.")] = 24,
        days: Annotated[int, typer.Option(min=1, help="Days of telemetry.")] = 2,
        seed: Annotated[int, typer.Option(help="Random seed; the same seed gives byte-identical output.")] = 7,
        scenario: Annotated[Scenario, typer.Option(help="Plant the Salt Typhoon playbook, or nothing.")]
        = Scenario.salt_typhoon,
        flows_per_device_per_hour: Annotated[int, typer.Option(help="Background flow rate.")] = 40,
    ) -> None:
        """Write a synthetic carrier network: configs, show version, syslog, TACACS+, flows, intel, truth.json."""
        from carrierwatch.lab.generate import generate_lab

        with progress_bar() as prog:
            task = prog.add_task("generating", total=None)
            summary = generate_lab(out, devices=devices, days=days, seed=seed, scenario=scenario.value,
                                   flows_per_device_per_hour=flows_per_device_per_hour,
                                   progress=lambda d, n, t: prog.update(task, description=d, completed=n,
                                                                        total=t or None))
        Console().print(f"lab written to [bold]{out}[/bold]")
        Console().print(summary)

    @lab.command("score")
    def lab_score(
        findings: Annotated[Path, typer.Argument(help="findings.json from `hunt --format json`.")],
        truth: Annotated[Path, typer.Argument(help="truth.json from `lab generate`.")],
        output: OutOpt = None,
    ) -> None:
        """Score findings against a lab's ground truth: recall per planted action and false positives."""
        from carrierwatch.lab.scoring import score_files

        try:
            result = score_files(findings, truth)
        except (OSError, ValueError, KeyError) as exc:
            err.print(f"[red]error:[/red] cannot score: {exc}")
            raise typer.Exit(2) from exc
        text = json.dumps(result, indent=2)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            typer.echo(text)

    @lab.command("ipfix")
    def lab_ipfix(lab_dir: Annotated[Path, typer.Argument(help="A lab folder (carrierwatch lab generate).")]) -> None:
        """Write the lab's flows as IPFIX files (flows-ipfix/*.ipfix, RFC 5655) beside its nfdump CSVs."""
        from carrierwatch.lab.ipfix_writer import write_lab_ipfix

        files = write_lab_ipfix(lab_dir)
        typer.echo(json.dumps({"ipfix_files": [str(f) for f in files]}))

    @lab.command("send")
    def lab_send(
        lab_dir: Annotated[Path, typer.Argument(help="A lab folder (carrierwatch lab generate).")],
        host: Annotated[str, typer.Option("--host", help="Listener address.")] = "127.0.0.1",
        syslog_tcp: Annotated[int | None, typer.Option("--syslog-tcp", help="Send syslog over TCP to PORT.")] = None,
        syslog_udp: Annotated[int | None, typer.Option("--syslog-udp", help="Send syslog over UDP to PORT.")] = None,
        ipfix_udp: Annotated[int | None, typer.Option("--ipfix-udp", help="Send IPFIX over UDP to PORT.")] = None,
        octet_count: Annotated[bool, typer.Option("--octet-count", help="TCP: RFC 6587 octet counting.")] = False,
        rate: Annotated[float, typer.Option("--rate", help="Messages per second (0 = as fast as possible).")] = 0,
    ) -> None:
        """Replay a lab's syslog and IPFIX to a listener (e.g. carrierwatch listen) over the network."""
        from carrierwatch.lab.sender import ipfix_messages, send_tcp, send_udp, syslog_lines

        sent: dict[str, int] = {}
        try:
            if syslog_tcp is not None:
                sent["syslog_tcp"] = send_tcp(host, syslog_tcp, syslog_lines(lab_dir), octet_count=octet_count,
                                              rate=rate)
            if syslog_udp is not None:
                sent["syslog_udp"] = send_udp(host, syslog_udp, syslog_lines(lab_dir), rate=rate)
            if ipfix_udp is not None:
                if not (lab_dir / "flows-ipfix").is_dir():
                    from carrierwatch.lab.ipfix_writer import write_lab_ipfix

                    write_lab_ipfix(lab_dir)
                sent["ipfix_messages"] = send_udp(host, ipfix_udp, ipfix_messages(lab_dir), rate=rate)
        except OSError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        typer.echo(json.dumps({"sent": sent}))
