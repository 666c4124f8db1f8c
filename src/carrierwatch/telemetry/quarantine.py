"""The quarantine: every rejected record kept in the workspace with its reason, so nothing is lost silently.

Layout: ``<workspace>/quarantine/<table>/<YYYY-MM-DD>.jsonl`` (the day the record was rejected, UTC), one
JSON object per rejected record: ``{"at", "source", "line", "reason", "text"}`` for text inputs or
``"b64"`` (base64 of the bytes) for binary ones. The folder is created mode 0700 and files 0600: rejected
lines can hold what a device logged (user names, addresses), so the quarantine is never printed — the
``inputs`` accounting shows counts and reasons only.

:class:`RecordingAccount` is an :class:`~carrierwatch.findings.InputAccount` that also remembers every
rejection (line + reason) — the readers call ``account.reject`` as usual — so the rejected lines of a file
can be copied here afterwards. It streams: the log is two machine-integer arrays (line, reason number) and
the table of distinct reasons, ~12 bytes per rejection, never copied by the outputs (issue 14: 10^6 rejected
records used to cost minutes of deep copies).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from carrierwatch.findings import InputAccount


class RejectionLog:
    """Every rejection of one file, in order, as ``(line or None, reason)``; compact (two integer arrays)."""

    __slots__ = ("_lines", "_codes", "_reasons", "_index")

    def __init__(self) -> None:
        self._lines = array("q")
        self._codes = array("I")
        self._reasons: list[str] = []
        self._index: dict[str, int] = {}

    def append(self, item: tuple[int | None, str]) -> None:
        line, reason = item
        code = self._index.get(reason)
        if code is None:
            code = self._index[reason] = len(self._reasons)
            self._reasons.append(reason)
        self._lines.append(-1 if line is None else line)
        self._codes.append(code)

    def __len__(self) -> int:
        return len(self._lines)

    def __bool__(self) -> bool:
        return bool(self._lines)

    def __iter__(self) -> Iterator[tuple[int | None, str]]:
        reasons = self._reasons
        for line, code in zip(self._lines, self._codes, strict=True):
            yield (None if line < 0 else line), reasons[code]

    def by_line(self) -> Iterator[tuple[int | None, str]]:
        """The rejections in line order (those without a line last); a log that is in order already (the
        usual case: readers reject as they read) is not sorted again."""
        lines = self._lines
        ordered = all(lines[i] <= lines[i + 1] for i in range(len(lines) - 1)) and (not lines or lines[0] >= 0)
        if ordered:
            yield from self
            return
        reasons, codes = self._reasons, self._codes
        order = sorted(range(len(lines)), key=lambda i: (lines[i] < 0, lines[i]))
        for i in order:
            yield (None if lines[i] < 0 else lines[i]), reasons[codes[i]]


@dataclass
class RecordingAccount(InputAccount):
    rejections: RejectionLog = field(default_factory=RejectionLog, repr=False)

    def reject(self, reason: str, line: int | None = None) -> None:
        super().reject(reason, line)
        self.rejections.append((line, reason))


class Quarantine:
    """Append-only store of rejected records for one workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root / "quarantine"

    def _file(self, table: str) -> Path:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder = self.root / table
        folder.mkdir(exist_ok=True, mode=0o700)
        return folder / f"{datetime.now(UTC).date().isoformat()}.jsonl"

    def keep(self, table: str, source: str, items: Iterable[tuple[int | None, str, str | bytes | None]]) -> int:
        """Store ``(line, reason, text-or-bytes)`` items as they come (streamed); returns how many were kept."""
        it = iter(items)
        first = next(it, None)
        if first is None:
            return 0
        at = datetime.now(UTC).isoformat(timespec="seconds")
        path = self._file(table)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        kept = 0
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            for line, reason, raw in _chain(first, it):
                rec: dict[str, object] = {"at": at, "source": source, "line": line, "reason": reason}
                if isinstance(raw, bytes):
                    rec["b64"] = base64.b64encode(raw).decode("ascii")
                else:
                    rec["text"] = raw
                fh.write(dumps(rec) + "\n")
                kept += 1
        return kept

    def keep_lines(self, table: str, source: str, path: Path, account: RecordingAccount) -> int:
        """Copy the rejected lines of a text file (by line number) into the quarantine, streaming: the file is
        read once, side by side with the rejection log in line order."""
        return self.keep(table, source, _rejected_lines(path, account.rejections))

    def keep_batch(self, table: str, source: str, path: Path, reason: str) -> Path:
        """Move a whole spool batch that could not be ingested (and its ``.senders`` side file) to
        ``quarantine/batches/<table>/``, with one record naming it and the reason: it never blocks a start
        again, and nothing it held is lost."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder = self.root / "batches" / table
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = folder / path.name
        for src in (path, path.with_suffix(".senders")):
            if src.exists():
                shutil.move(str(src), str(target.with_suffix(src.suffix)))
        self.keep(table, source, [(None, f"batch not ingested: {reason}; kept as {target.relative_to(self.root)}",
                                   None)])
        return target

    def read(self, table: str) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for f in sorted((self.root / table).glob("*.jsonl")):
            out.extend(json.loads(ln) for ln in f.read_text(encoding="utf-8").splitlines() if ln)
        return out


def _chain(first: tuple[int | None, str, str | bytes | None],
           rest: Iterator[tuple[int | None, str, str | bytes | None]]
           ) -> Iterator[tuple[int | None, str, str | bytes | None]]:
    yield first
    yield from rest


def _rejected_lines(path: Path, log: RejectionLog) -> Iterator[tuple[int | None, str, str | bytes | None]]:
    pending = log.by_line()
    nxt = next(pending, None)
    if nxt is not None and nxt[0] is not None:
        with path.open("rb") as fh:
            for n, raw in enumerate(fh, 1):
                while nxt is not None and nxt[0] is not None and nxt[0] < n:  # line 0 or negative: no text
                    yield nxt[0], nxt[1], None
                    nxt = next(pending, None)
                if nxt is None or nxt[0] is None:
                    break
                if nxt[0] != n:
                    continue
                text = raw.rstrip(b"\r\n").decode("utf-8", "replace")
                while nxt is not None and nxt[0] == n:
                    yield n, nxt[1], text
                    nxt = next(pending, None)
    while nxt is not None:  # records without a line, or lines past the end of the file (kept with no text)
        yield nxt[0], nxt[1], None
        nxt = next(pending, None)


#: kinds whose records are not lines of text (their rejections are kept with record numbers, no text)
BINARY_KINDS = frozenset({"ipfix", "netflow-pcap"})


def keep_rejected(q: Quarantine, table: str, source: str, path: Path, kind: str, account: RecordingAccount) -> int:
    """Quarantine a read file's rejections: the rejected lines of a text file, the reasons of a binary one."""
    try:
        if kind in BINARY_KINDS:
            return q.keep(table, source, [(n, reason, None) for n, reason in account.rejections])
        return q.keep_lines(table, source, path, account)
    except OSError:  # the quarantine is a copy: failing to write it must not stop the hunt
        return 0
