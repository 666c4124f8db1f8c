"""The CLI is thin and explicit: every command module is listed once in ``cli.COMMAND_MODULES`` (named after its
CLI group), and none holds a second copy of the application layer's work."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

from carrierwatch import commands
from carrierwatch.cli import COMMAND_MODULES, app


def test_every_command_module_is_registered_once() -> None:
    found = {m.name for m in pkgutil.iter_modules(commands.__path__)} - {"common"}
    assert sorted(COMMAND_MODULES) == sorted(found)
    assert len(set(COMMAND_MODULES)) == len(COMMAND_MODULES)


def test_each_module_is_named_after_a_cli_group_or_command() -> None:
    names = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None}
    names |= {g.name for g in app.registered_groups if g.name}
    assert set(COMMAND_MODULES) <= names, sorted(set(COMMAND_MODULES) - names)


def test_commands_do_not_reach_past_the_application_layer_for_runs() -> None:
    """The run orchestration (sniff, read, audit, detect) is called through ``carrierwatch.app`` only."""
    banned = {("carrierwatch.audit.runner", "audit_configs"), ("carrierwatch.detect.runner", "run_detections"),
              ("carrierwatch.app.intake", "collect"), ("carrierwatch.audit.drift_run", "run_drift"),
              ("carrierwatch.intel.importer", "import_path"), ("carrierwatch.share.export", "export_bundle")}
    bad = []
    for path in Path(commands.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                bad += [f"{path.name}: {node.module}.{a.name}" for a in node.names if (node.module, a.name) in banned]
    assert not bad, bad
