"""One entry point from (file, kind) to a typed Arrow table, used by ``carrierwatch hunt`` and ingest.

``read_table`` never raises for bad *content*: malformed records are counted as rejected in the
:class:`~carrierwatch.findings.InputAccount`; an unreadable file (missing, permission, directory)
sets ``account.error`` and yields an empty table of the right schema. A kind with no table reader
(config, stix, ...) also sets ``account.error``. :data:`TABLE_READERS` is the one table of telemetry kinds:
a new telemetry format is a reader module and one row there.


Two nets under every reader, so that a record never takes its file down and a file never takes the run
down (issue 14):

* rows whose ``ts`` lies outside :data:`carrierwatch.values.MIN_US` .. :data:`~carrierwatch.values.MAX_US`
  (1900 .. 9999-12-31, what the lake's day partitions can name) are taken out of the table and moved from
  accepted to rejected (``timestamp out of range``), whatever reader let them through;
* an unexpected exception from a reader (a bug, a value no parser bounded) fails that file:
  ``account.error`` names the exception class and the code line (never the message, which can quote the
  input), the records that were accepted but not delivered move to rejected with the same reason (read =
  accepted + rejected still holds), and the caller goes on with the next file.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from carrierwatch.findings import InputAccount
from carrierwatch.kinds import Kind
from carrierwatch.telemetry.aaa.reader import read_aaa
from carrierwatch.telemetry.flows.netflow_files import iter_ipfix_file, read_ipfix_file, read_pcap_flows
from carrierwatch.telemetry.flows.nfdump_csv import read_nfdump_csv
from carrierwatch.telemetry.flows.zeek import read_zeek_json, read_zeek_tsv
from carrierwatch.telemetry.flows.zeek_dns_ssl import read_zeek_dns, read_zeek_ssl
from carrierwatch.telemetry.lake import PartitionWriter, file_digest
from carrierwatch.telemetry.schema import TABLES
from carrierwatch.telemetry.syslog.reader import iter_syslog, read_syslog
from carrierwatch.values import MAX_US, MIN_US


@dataclass(frozen=True)
class TableReader:
    """How one telemetry kind is read: the normalised table it feeds, the whole-file reader, and (for readers
    that decode in batches) a stream of tables, stored while the next batch is decoded."""

    table: str
    read: Callable[..., pa.Table]
    stream: Callable[..., Iterator[pa.Table]] | None = None


def _flows(fn: Callable[..., pa.Table]) -> Callable[..., pa.Table]:
    def call(path: Path, account: InputAccount, *, display_path: str | None, default_year: int | None) -> pa.Table:
        return fn(path, account, display_path=display_path)

    return call


def _ipfix_stream(path: Path, account: InputAccount, *, display_path: str | None,
                  default_year: int | None) -> Iterator[pa.Table]:
    return iter_ipfix_file(path, account, display_path=display_path)


#: The one table of telemetry kinds (``app.intake`` sends each of them to the lake through it).
TABLE_READERS: dict[str, TableReader] = {  # keyed by Kind (a str)
    Kind.SYSLOG: TableReader("syslog", read_syslog, iter_syslog),
    Kind.TACACS: TableReader("aaa", read_aaa),
    Kind.NFDUMP_CSV: TableReader("flows", _flows(read_nfdump_csv)),
    Kind.ZEEK_CONN: TableReader("flows", _flows(read_zeek_tsv)),
    Kind.ZEEK_JSON: TableReader("flows", _flows(read_zeek_json)),
    Kind.IPFIX: TableReader("flows", _flows(read_ipfix_file), _ipfix_stream),
    Kind.NETFLOW_PCAP: TableReader("flows", _flows(read_pcap_flows)),
    Kind.ZEEK_DNS: TableReader("dns", _flows(read_zeek_dns)),
    Kind.ZEEK_SSL: TableReader("tls", _flows(read_zeek_ssl)),
}

#: file kind -> normalised table it feeds (a view of :data:`TABLE_READERS`, not a second definition)
TABLE_FOR_KIND: dict[str, str] = {kind: r.table for kind, r in TABLE_READERS.items()}


def read_table(
    path: Path,
    kind: str,
    account: InputAccount,
    *,
    display_path: str | None = None,
    default_year: int | None = None,
) -> pa.Table:
    """Parse ``path`` as ``kind`` into the table ``TABLE_FOR_KIND[kind]``; see the module docstring."""
    reader = TABLE_READERS.get(kind)  # any text: a kind with no row is refused
    if reader is None:
        account.error = f"no table reader for kind {str(kind)!r}"
        return pa.table({})
    try:
        return in_time_range(reader.read(Path(path), account, display_path=display_path, default_year=default_year),
                             account)
    except (OSError, MemoryError) as exc:  # a file that vanished or a disk error mid-read
        account.error = f"read failed: {exc.__class__.__name__}"
    except Exception as exc:  # noqa: BLE001 - a reader bug or an unbounded value fails this file, not the run
        reader_failed(account, exc, delivered=0)
    return TABLES[reader.table].empty_table()


def reader_failed(account: InputAccount, exc: BaseException, *, delivered: int) -> None:
    """Fail the file: ``account.error`` says which exception where; accepted records beyond the ``delivered``
    rows (those the caller already has) move to rejected under the same reason."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    reason = f"reader failed: {exc.__class__.__name__}{where}"
    account.error = reason
    lost = account.accepted - delivered
    if lost > 0:
        account.accepted -= lost
        account.rejected += lost
        account.reasons[reason] = account.reasons.get(reason, 0) + lost


def in_time_range(table: pa.Table, account: InputAccount) -> pa.Table:
    """``table`` without the rows whose ``ts`` lies outside MIN_US..MAX_US; those move from accepted to
    rejected (``timestamp out of range``, with their ``src_line``). Costs one min/max on clean tables."""
    if table.num_rows == 0 or "ts" not in table.column_names:
        return table
    us = pc.cast(table.column("ts"), pa.int64())
    bounds = pc.min_max(us).as_py()
    if bounds["min"] is None or (bounds["min"] >= MIN_US and bounds["max"] <= MAX_US):
        return table
    ok = pc.fill_null(pc.and_(pc.greater_equal(us, MIN_US), pc.less_equal(us, MAX_US)), True)
    bad = pc.invert(ok)
    lines = table.column("src_line").filter(bad).to_pylist() if "src_line" in table.column_names else []
    for line in lines or [None] * (table.num_rows - pc.sum(ok.cast(pa.int64())).as_py()):
        account.retract("timestamp out of range", line)
    return table.filter(ok)



def iter_tables(
    path: Path,
    kind: str,
    account: InputAccount,
    *,
    display_path: str | None = None,
    default_year: int | None = None,
) -> Iterator[pa.Table]:
    """Like :func:`read_table`, as a stream of tables for readers that decode in batches (IPFIX files,
    syslog); other kinds yield their one table. The account is complete once the iterator is exhausted."""
    reader = TABLE_READERS.get(kind)
    stream = reader.stream if reader is not None else None
    if stream is None:
        yield read_table(path, kind, account, display_path=display_path, default_year=default_year)
        return
    delivered = 0
    try:
        for table in stream(Path(path), account, display_path=display_path, default_year=default_year):
            table = in_time_range(table, account)
            delivered += table.num_rows
            yield table
    except (OSError, MemoryError) as exc:
        account.error = f"read failed: {exc.__class__.__name__}"
    except Exception as exc:  # noqa: BLE001 - see the module docstring
        reader_failed(account, exc, delivered=delivered)


def ingest_file(
    lake: Path,
    path: Path,
    kind: str,
    account: InputAccount,
    *,
    display_path: str | None = None,
    default_year: int | None = None,
    digest_suffix: str = "",
) -> list[Path]:
    """Parse ``path`` and store it in the lake (``TABLE_FOR_KIND[kind]``, day partitions); return the files.

    Batches are stored while the next one is decoded (:class:`~carrierwatch.telemetry.lake.PartitionWriter`);
    the file's digest (its lake name) is computed on another thread meanwhile.
    """
    table_name = TABLE_FOR_KIND[kind]
    try:
        with ThreadPoolExecutor(max_workers=1) as hasher:
            digest = hasher.submit(file_digest, Path(path))
            with PartitionWriter(lake, table_name, lambda: digest.result() + digest_suffix) as writer:
                for table in iter_tables(path, kind, account, display_path=display_path,
                                         default_year=default_year):
                    writer.add(table)
    except Exception as exc:  # noqa: BLE001 - a full disk or a lake error fails this file, not the run
        reader_failed(account, exc, delivered=0)  # none of its rows is hunted: all count as rejected
        return []
    return writer.files
