"""State errors (issue 14): a corrupt state DB, a read-only workspace, a full disk are one typed error naming the
file, never a traceback and never an overwrite."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from carrierwatch import statedb
from carrierwatch.findings import Category, Evidence, Finding, RunResult, Severity
from carrierwatch.workspace import WorkspaceError, open_workspace

needs_unprivileged = pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")


def _run() -> RunResult:
    return RunResult("hunt", findings=[Finding("r", "t", Severity.LOW, Category.AUDIT, device="d",
                                               evidence=[Evidence("f", 1, "x")])])


def test_corrupt_state_db_is_one_line_naming_it_and_is_not_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    junk = b"this is not SQLite\n" * 300
    db.write_bytes(junk)
    with pytest.raises(statedb.StateError) as err:
        statedb.connect(f"sqlite:///{db}")
    msg = str(err.value)
    assert str(db) in msg and "not a usable database" in msg and "\n" not in msg
    assert isinstance(err.value, WorkspaceError)  # the CLI's exit-2 path
    assert db.read_bytes() == junk  # left as it was


def test_truncated_state_db_read_and_write(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    engine = statedb.connect(f"sqlite:///{db}")
    statedb.save_run(engine, _run())
    engine.dispose()
    data = db.read_bytes()
    db.write_bytes(data[:100] + b"\xff" * (len(data) - 100))  # header kept, pages destroyed
    with pytest.raises(statedb.StateError) as err:
        engine = statedb.connect(f"sqlite:///{db}")
        statedb.load_findings(engine)
    assert str(db) in str(err.value) and "\n" not in str(err.value)


def test_disk_full_or_readonly_db_on_save(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    engine = statedb.connect(f"sqlite:///{db}")
    statedb.save_run(engine, _run())
    engine.dispose()
    before = db.read_bytes()
    ro = statedb.connect(f"sqlite:///file:{db}?mode=ro&uri=true")  # what a read-only medium gives
    with pytest.raises(statedb.StateError) as err:
        statedb.save_run(ro, _run())
    assert "cannot save the run" in str(err.value) and "readonly" in str(err.value)
    assert db.read_bytes() == before


@needs_unprivileged
def test_read_only_workspace(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    os.chmod(ws, stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(WorkspaceError) as err:
            open_workspace(ws)
        assert str(ws) in str(err.value) and "\n" not in str(err.value)
    finally:
        os.chmod(ws, stat.S_IRWXU)


def test_workspace_that_cannot_be_created(tmp_path: Path) -> None:
    """Runs as root too: a file where the lake folder must go (what a read-only or foreign mount gives)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "lake").write_text("not a folder")
    with pytest.raises(WorkspaceError) as err:
        open_workspace(ws)
    assert str(ws / "lake") in str(err.value) and "\n" not in str(err.value)
