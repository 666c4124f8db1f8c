"""One spooled batch -> Parquet in the lake (+ rejected records in the quarantine), then the spool is removed.

Syslog batches are parsed by the same reader as files (:func:`carrierwatch.telemetry.syslog.reader.read_syslog`),
so a message reads the same whether it came by file or by wire. ``host_ip`` is filled from the sender
address when the message itself did not name one (devices send without a relay header). NetFlow batches go
through the listener's long-lived :class:`~carrierwatch.telemetry.flows.netflow_decode.FlowDecoder`, whose
template cache spans batches (templates arrive once a minute, data all the time).

The lake file name is the SHA-256 of the spool file's bytes *and its batch name* (:func:`batch_digest`), so
re-ingesting a batch after a kill between the lake write and the spool delete rewrites the same files (no
duplicate rows), and two batches that happen to hold the same bytes (a sender repeating itself) are two
files, not one overwriting the other.

Hostile input never stops the collector: a record the reader cannot take is a rejection in the quarantine;
a batch whose ingest fails anyway (a reader bug, a lake error) is moved whole to the quarantine with the
reason (:func:`guarded`), so it can never block the next start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from carrierwatch.telemetry.flows.netflow_decode import FlowDecoder
from carrierwatch.telemetry.lake import file_digest, write_partitions
from carrierwatch.telemetry.live.spool import packets, sender_runs
from carrierwatch.telemetry.quarantine import Quarantine, RecordingAccount
from carrierwatch.telemetry.readers import read_table


@dataclass
class BatchResult:
    accepted: int = 0
    rejected: int = 0
    files: int = 0
    quarantined: str | None = None  # why the whole batch went to the quarantine instead of the lake


class BatchFailed(Exception):
    """The batch cannot be ingested; the message is the reason kept with it in the quarantine."""


def batch_digest(path: Path) -> str:
    """Lake name of a spool batch: SHA-256 over its bytes' digest and its name (``batch-<ns>``)."""
    return hashlib.sha256(f"{file_digest(path)}:{path.stem}".encode()).hexdigest()


def _failure(exc: BaseException) -> str:
    if isinstance(exc, BatchFailed):
        return str(exc)
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{exc.__class__.__name__}{where}"  # never the message: it can quote the input


def _count_items(path: Path, stream: str) -> int:
    try:
        if stream == "syslog":
            with path.open("rb") as fh:
                return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        return sum(1 for _ in packets(path))
    except OSError:
        return 0


def guarded(stream: str, path: Path, quarantine: Quarantine, ingest: Callable[[], BatchResult]) -> BatchResult:
    """Run ``ingest`` for the spool batch ``path``; if it raises, move the batch to the quarantine with the
    reason and count its items as rejected. Never raises for the batch's content."""
    try:
        return ingest()
    except Exception as exc:  # noqa: BLE001 - one batch must never stop the collector or block its start
        reason = _failure(exc)
        items = _count_items(path, stream)
        try:
            quarantine.keep_batch("syslog" if stream == "syslog" else "flows", f"listen:{stream}/{path.name}",
                                  path, reason)
        except OSError as err:  # the quarantine itself failed: leave the batch where it is, say so
            reason += f"; could not quarantine it ({err.__class__.__name__}), it stays in the spool"
        return BatchResult(0, items, 0, quarantined=reason)


def _remove(path: Path) -> None:
    for p in (path, path.with_suffix(".senders")):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(p)


def ingest_syslog(path: Path, lake: Path, quarantine: Quarantine, default_year: int | None = None) -> BatchResult:
    account = RecordingAccount(str(path), "syslog")
    table = read_table(path, "syslog", account, display_path=f"listen:syslog/{path.name}", default_year=default_year)
    if account.error:
        raise BatchFailed(account.error)
    runs = sender_runs(path)
    if runs and table.num_rows:
        senders: list[str | None] = []
        for n, addr in runs:
            senders.extend([addr] * n)
        by_line = pa.array(senders, pa.string())
        idx = pc.subtract(table.column("src_line"), 1)
        idx = pc.if_else(pc.less(idx, len(senders)), idx, pa.scalar(None, pa.int64()))
        from_wire = by_line.take(idx)
        host_ip = pc.coalesce(table.column("host_ip"), from_wire)
        table = table.set_column(table.schema.get_field_index("host_ip"), "host_ip", host_ip)
    files = write_partitions(lake, "syslog", table, batch_digest(path), durable=True)
    quarantine.keep_lines("syslog", f"listen:syslog/{path.name}", path, account)
    _remove(path)
    return BatchResult(account.accepted, account.rejected, len(files))


def ingest_netflow(path: Path, lake: Path, quarantine: Quarantine, decoder: FlowDecoder) -> BatchResult:
    before_a, before_r = decoder.account.accepted, decoder.account.rejected
    bad: list[tuple[int | None, str, str | bytes | None]] = []
    for item in packets(path):
        if item is None:
            decoder.account.reject("truncated packet", None)
            bad.append((None, "truncated packet (spool cut by a kill)", None))
            break
        payload, sender = item
        r0 = decoder.account.rejected
        reasons0 = dict(decoder.account.reasons)
        try:
            decoder.packet(payload, sender)
        except Exception as exc:  # noqa: BLE001 - one hostile packet is a rejection, not a lost batch
            decoder.account.reject(f"decoder failed: {_failure(exc)}", None)
        if decoder.account.rejected != r0:
            why = [k for k, v in decoder.account.reasons.items() if v != reasons0.get(k, 0)]
            bad.append((None, ", ".join(why), payload))
    table = decoder.table()
    digest = batch_digest(path)
    files = write_partitions(lake, "flows", table.set_column(
        table.schema.get_field_index("src_file"), "src_file",
        pa.repeat(pa.scalar(f"listen:netflow/{path.name}"), table.num_rows)), digest, durable=True)
    quarantine.keep("flows", f"listen:netflow/{path.name}", bad)
    _save_templates(path.parent, decoder)
    _remove(path)
    return BatchResult(decoder.account.accepted - before_a, decoder.account.rejected - before_r, len(files))


def _save_templates(folder: Path, decoder: FlowDecoder) -> None:
    """Persist the template cache so a restarted listener decodes data that arrives before the next template."""
    from carrierwatch.telemetry.flows.netflow_templates import to_json

    data = {
        "templates": [[e, d, to_json(t)] for (e, d, _tid), t in decoder.templates.items()],
        "sys_init_ms": [[e, d, v] for (e, d), v in decoder.sys_init_ms.items()],
    }
    tmp = folder / ".templates.json.tmp"
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, folder / "templates.json")


def load_templates(folder: Path, decoder: FlowDecoder) -> int:
    from carrierwatch.telemetry.flows.netflow_templates import from_json

    path = folder / "templates.json"
    if not path.exists():
        return 0
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        for e, d, t in data.get("templates", []):
            tmpl = from_json(t)
            decoder.templates[(e, d, tmpl.template_id)] = tmpl
        for e, d, v in data.get("sys_init_ms", []):
            decoder.sys_init_ms[(e, d)] = int(v)
    except (ValueError, KeyError, TypeError, AssertionError, OverflowError):
        return 0  # a damaged cache only costs the wait for the next template
    return len(decoder.templates)
