"""One entry point for every output format, so the CLI and the web layer stay thin.

Why: ``--format`` is a public contract (DESIGN "Interfaces"); JSON must be exactly
``RunResult.to_json()`` so scripts can rely on it, and every format goes to a file or stdout the
same way. Files are written to a temporary name and renamed, so a killed run never leaves half a
report behind that looks complete; they are created owner-only (0600).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Literal

from rich.console import Console

from carrierwatch.findings import RunResult

from .csv_out import render_csv
from .html import render_html
from .safe_text import encodable
from .table import print_all

Format = Literal["table", "json", "html", "csv"]
FORMATS: tuple[str, ...] = ("table", "json", "html", "csv")
TABLE_FILE_WIDTH = 120  # columns used when the table is written to a file rather than a terminal


def render(
    result: RunResult,
    fmt: Format,
    out: Path | None,
    console: Console | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Write ``result`` as ``fmt`` to ``out`` (a file path) or, when ``out`` is None, to the terminal.

    ``console`` is used for ``table`` output to the terminal (defaults to a new stdout Console);
    ``extra`` feeds optional HTML sections (``posture``, a lab score, …) and is ignored otherwise.
    Raises ValueError for an unknown format (a usage error: the CLI maps it to exit code 2).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "table":
        if out is None:
            print_all(result, console or Console())
        else:
            text = _table_text(result)
            write_atomic(out, text)
        return
    if fmt == "json":
        text = result.to_json() + "\n"
    elif fmt == "csv":
        text = render_csv(result)
    else:
        text = render_html(result, extra)
    if out is None:
        # Straight to stdout, not through rich: markup, wrapping or colour would corrupt JSON/CSV.
        sys.stdout.write(encodable(text, getattr(sys.stdout, "encoding", None) or "utf-8"))
        sys.stdout.flush()
    else:
        write_atomic(out, text)


def _table_text(result: RunResult) -> str:
    """The table output as plain text (no colour, fixed width) for writing to a file."""
    console = Console(
        record=True, width=TABLE_FILE_WIDTH, force_terminal=False, color_system=None, file=io.StringIO()
    )
    print_all(result, console)
    return console.export_text()


class OutputPathError(ValueError):
    """An output path the run must not write: its folder does not exist, or it is a folder (exit code 2)."""


def check_output_path(path: Path) -> None:
    """Raise :class:`OutputPathError` unless ``path`` can be written as an output file (checked before a long run
    starts, and again when writing)."""
    if path.is_dir():
        raise OutputPathError(f"output {path} is a folder; give a file name (e.g. {path / 'findings.json'})")
    if not path.parent.is_dir():
        raise OutputPathError(f"output folder {path.parent} does not exist; create it first or choose another "
                              "path")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` all at once (temp file in the same folder, then rename), mode 0600.

    The folder must exist: creating it would turn a typo (``-o /nonexistent/dir/x.json``) into folders at the
    filesystem root, so a missing folder is an :class:`OutputPathError` naming it."""
    path = Path(path)
    check_output_path(path)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates the file 0600 and we keep that: reports quote evidence from inside the
        # network (device names, log lines), so they are owner-only unless someone decides otherwise.
        # newline="" keeps the CSV module's \r\n and writes other text as given.
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(encodable(text))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
