"""The quarantine: every rejected record kept in the workspace with its reason, so nothing is lost silently.

Layout: ``<workspace>/quarantine/<table>/<YYYY-MM-DD>.jsonl`` (the day the record was rejected, UTC), one
JSON object per rejected record: ``{"at", "source", "line", "reason", "text"}`` for text inputs or
``"b64"`` (base64 of the bytes) for binary ones. The folder is created mode 0700 and files 0600: rejected
lines can hold what a device logged (user names, addresses), so the quarantine is never printed — the
``inputs`` accounting shows counts and reasons only.

:class:`RecordingAccount` is an :class:`~carrierwatch.findings.InputAccount` that also remembers every
rejection (line + reason) — the readers call ``account.reject`` as usual — so the rejected lines of a file
can be copied here afterwards.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from carrierwatch.findings import InputAccount


@dataclass
class RecordingAccount(InputAccount):
    rejections: list[tuple[int | None, str]] = field(default_factory=list, repr=False)

    def reject(self, reason: str, line: int | None = None) -> None:
        super().reject(reason, line)
        self.rejections.append((line, reason))

    def to_dict(self) -> dict[str, object]:
        d = super().to_dict()
        d.pop("rejections", None)
        return d


class Quarantine:
    """Append-only store of rejected records for one workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root / "quarantine"

    def _file(self, table: str) -> Path:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder = self.root / table
        folder.mkdir(exist_ok=True, mode=0o700)
        return folder / f"{datetime.now(UTC).date().isoformat()}.jsonl"

    def keep(self, table: str, source: str, items: list[tuple[int | None, str, str | bytes | None]]) -> int:
        """Store ``(line, reason, text-or-bytes)`` items; returns how many were kept."""
        if not items:
            return 0
        at = datetime.now(UTC).isoformat(timespec="seconds")
        path = self._file(table)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            for line, reason, raw in items:
                rec: dict[str, object] = {"at": at, "source": source, "line": line, "reason": reason}
                if isinstance(raw, bytes):
                    rec["b64"] = base64.b64encode(raw).decode("ascii")
                else:
                    rec["text"] = raw
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return len(items)

    def keep_lines(self, table: str, source: str, path: Path, account: RecordingAccount) -> int:
        """Copy the rejected lines of a text file (by line number) into the quarantine."""
        wanted: dict[int, list[str]] = {}
        loose: list[tuple[int | None, str, str | bytes | None]] = []
        for line, reason in account.rejections:
            if line is None:
                loose.append((None, reason, None))
            else:
                wanted.setdefault(line, []).append(reason)
        items: list[tuple[int | None, str, str | bytes | None]] = []
        if wanted:
            with path.open("rb") as fh:
                for n, raw in enumerate(fh, 1):
                    for reason in wanted.get(n, ()):
                        items.append((n, reason, raw.rstrip(b"\r\n").decode("utf-8", "replace")))
        return self.keep(table, source, items + loose)

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
