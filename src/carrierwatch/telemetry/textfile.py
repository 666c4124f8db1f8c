"""Opening input files line by line, with one decoding rule for every text reader.

Decoding rule (applies to every text reader in this package): bytes are decoded as UTF-8 with
``errors="replace"``; a line that contained invalid UTF-8 is parsed like any other line (so the
evidence is not lost) and, if it parses, is *accepted*. The first such line of a file is noted in
``InputAccount.samples`` as ``{"line": n, "note": "invalid UTF-8 replaced with U+FFFD"}`` (a note, not
a rejection: it carries ``note`` instead of ``reason`` and is not counted in ``rejected``).

Lines are physical lines: only ``\\n`` ends a line (a lone ``\\r`` does not), and a trailing ``\\r``
is dropped, so ``src_line`` always matches what ``sed -n Np`` shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from carrierwatch.findings import InputAccount

REPLACEMENT = "\ufffd"
UTF8_NOTE = "invalid UTF-8 replaced with U+FFFD"


def open_text(path: Path, account: InputAccount) -> IO[str] | None:
    """Open ``path`` for line reading, or set ``account.error`` and return None if it cannot be read."""
    try:
        if path.is_dir():
            account.error = "is a directory"
            return None
        return open(path, encoding="utf-8", errors="replace", newline="\n")  # noqa: SIM115
    except OSError as exc:
        account.error = f"cannot open: {exc.strerror or exc.__class__.__name__}"
        return None


def open_binary(path: Path, account: InputAccount) -> IO[bytes] | None:
    """Like :func:`open_text` but binary, for readers that apply the decoding rule chunk by chunk."""
    try:
        if path.is_dir():
            account.error = "is a directory"
            return None
        return open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        account.error = f"cannot open: {exc.strerror or exc.__class__.__name__}"
        return None


def numbered_lines(fh: IO[str], account: InputAccount) -> Iterator[tuple[int, str]]:
    """Yield ``(1-based line number, line without its newline)``; note the first U+FFFD line.

    A read error part-way through (I/O error, file vanished) stops the iteration and is recorded
    in ``account.error``; what was read so far stays accounted for.
    """
    noted = False
    n = 0
    try:
        for n, line in enumerate(fh, 1):  # noqa: B007
            if line.endswith("\n"):
                line = line[:-1]
                if line.endswith("\r"):
                    line = line[:-1]
            if not noted and REPLACEMENT in line:
                noted = True
                note_utf8(account, n)
            yield n, line
    except OSError as exc:
        account.error = f"read error after line {n}: {exc.strerror or exc.__class__.__name__}"


def note_utf8(account: InputAccount, line: int) -> None:
    """Record (once per file) that invalid UTF-8 was replaced; see the module docstring."""
    if len(account.samples) < 20:
        account.samples.append({"line": line, "note": UTF8_NOTE})


def file_mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def read_whole_text(path: Path, account: InputAccount) -> str | None:
    """A small file (``show version``, an inventory CSV) as one string, invalid UTF-8 replaced; None with
    ``account.error`` set if it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        account.error = f"unreadable: {exc.strerror or exc}"
        return None
