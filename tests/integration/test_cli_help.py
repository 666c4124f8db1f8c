"""Every command's --help renders: each bracketed word of its help text (``[hunt]``, ``[redaction]``) prints
literally (Rich markup used to swallow them), and no help fails to render."""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.testing import CliRunner

from carrierwatch.cli import app

runner = CliRunner()


def _commands() -> list[tuple[list[str], Any]]:
    root = typer.main.get_command(app)
    out: list[tuple[list[str], Any]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        out.append((path, cmd))
        if hasattr(cmd, "commands"):  # a group (typer may ship its own click)
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])

    walk(root, [])
    return out


def _help_texts(cmd: Any) -> list[str]:
    texts = [cmd.help or ""]
    texts += [getattr(p, "help", None) or "" for p in cmd.params]
    return texts


def test_every_help_renders_brackets_literally() -> None:
    checked = 0
    for path, cmd in _commands():
        res = runner.invoke(app, [*path, "--help"], terminal_width=300)
        assert res.exit_code == 0, (path, res.output)
        flat = " ".join(res.output.split())
        for text in _help_texts(cmd):
            for literal in re.findall(r"\[[A-Za-z_.\-]+\]", text):
                assert literal in flat, f"`carrierwatch {' '.join(path)} --help` lost {literal!r}"
                checked += 1
    assert checked >= 1  # share export's --policy help names the [redaction] table


def test_completion_is_offered() -> None:
    res = runner.invoke(app, ["--help"], terminal_width=200)
    assert "--install-completion" in res.output
