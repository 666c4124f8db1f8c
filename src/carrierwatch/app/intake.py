"""The intake layer: every input file goes through one registry, ``Kind -> reader``, into one :class:`Collected`.

``telemetry.sniff.sniff`` names a file's :class:`~carrierwatch.kinds.Kind`; :data:`INTAKE` holds one row per
kind, and :func:`collect` is the only loop that reads files. The registry sits high in the flow because it
joins the rooms (configs, intel, telemetry, LI); the readers it names live in their rooms and know nothing of
each other. Adding an input kind is a reader module in its room and one row here (a telemetry table kind is
a row of ``telemetry.readers.TABLE_READERS`` instead, which every telemetry kind reaches through
:func:`_to_lake`); ``tests/app/test_intake_registry.py`` fails while a kind has no row.

A run never stops on bad input: every file becomes an ``InputAccount`` (kind, records, accepted, rejected,
reasons, error). Readers count bad content as rejections; an *unexpected* exception inside a reader fails
that file only (``error`` names the exception and where it was raised, never the file's content) and the
run goes on with the next file.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carrierwatch.configs.bulk import ConfigRead, read_configs
from carrierwatch.configs.inventory import Assets, read_inventory
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.show_version import read_show_version
from carrierwatch.findings import InputAccount
from carrierwatch.intel.flat_readers import read_zeek_intel
from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.stix_reader import read_stix_indicators
from carrierwatch.kinds import Kind
from carrierwatch.li.hunt import LiInputs, read_warrant_input, read_x1_jsonl_input, read_x1_xml_input
from carrierwatch.telemetry.quarantine import Quarantine, RecordingAccount, keep_rejected
from carrierwatch.telemetry.readers import TABLE_READERS, ingest_file
from carrierwatch.telemetry.sniff import sniff
from carrierwatch.workspace import Workspace

#: ``progress(description, n, total)``: ``n`` of ``total`` files (``total`` 0 for a step without a count).
Progress = Callable[[str, int, int], None]


class UsageError(Exception):
    """A PATH does not exist or the options do not fit (exit code 2)."""


@dataclass
class Collected:
    """What the read phase gathered, before detection."""

    accounts: list[InputAccount] = field(default_factory=list)
    devices: list[DeviceConfig] = field(default_factory=list)
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    parquet: dict[str, list[Path]] = field(default_factory=dict)
    assets: Assets = field(default_factory=Assets)
    li: LiInputs = field(default_factory=LiInputs)  # lawful-intercept X1 trail + warrant register


@dataclass
class IntakeContext:
    """What a reader may use and fill: the workspace, the syslog default year, and the run's ``Collected``."""

    ws: Workspace
    got: Collected
    year: int | None = None
    workers: int | None = None
    progress: Progress | None = None
    configs: Iterator[ConfigRead] = field(default_factory=lambda: iter(()))


#: ``reader(path, account, context)``: reads one file, fills ``context.got``, accounts in ``account``.
Reader = Callable[[Path, RecordingAccount, IntakeContext], None]
#: ``batch(paths, context)``: reads every file of one kind at once, before the per-file pass (configs).
Batch = Callable[[list[Path], IntakeContext], None]


@dataclass(frozen=True)
class Intake:
    """One row of the registry: how files of one kind are read.

    ``audit``: ``carrierwatch audit`` reads this kind too (it describes devices); other kinds are listed there
    as "not a configuration". ``batch``: called once with all files of the kind before the per-file pass."""

    read: Reader
    audit: bool = False
    batch: Batch | None = None


# --- readers (each names the function of its room that does the work) ------------------------------------------


def _parse_configs(paths: list[Path], ctx: IntakeContext) -> None:
    if ctx.progress:
        ctx.progress(f"parsing {len(paths)} configs", 0, 0)
    ctx.configs = iter(read_configs(paths, [str(p) for p in paths], workers=ctx.workers))


def _config(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    dev, error = next(ctx.configs)
    if dev is None:
        acc.error = error
        return
    ctx.got.devices.append(dev)
    if dev.parse_status == "failed":
        acc.records = max(dev.total_lines, 1)
        acc.rejected = acc.records
        acc.reasons[f"parse failed: {dev.parse_reason or 'unknown reason'}"] = acc.records
        return
    acc.records = dev.total_lines
    acc.accepted = dev.total_lines - dev.unrecognised_lines
    if dev.unrecognised_lines:
        acc.rejected = dev.unrecognised_lines
        acc.reasons["unrecognised config line"] = dev.unrecognised_lines
        acc.samples += [{"line": ln, "reason": "unrecognised config line"} for ln in dev.unrecognised_samples[:20]]


def _show_version(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    got = read_show_version(path, acc)
    if got is not None:
        ctx.got.versions[got[0]] = got[1]


def _inventory(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    read_inventory(path, acc, ctx.got.assets)


def _stix(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    ctx.got.indicators += read_stix_indicators(path, acc, display_path=acc.path).indicators


def _zeek_intel(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    ctx.got.indicators += read_zeek_intel(path, acc, source=acc.path)


def _x1_xml(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    read_x1_xml_input(path, acc, ctx.got.li, ctx.ws.root, display=acc.path)


def _x1_jsonl(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    read_x1_jsonl_input(path, acc, ctx.got.li, ctx.ws.root, display=acc.path)


def _warrants(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    read_warrant_input(path, acc, ctx.got.li, ctx.ws.root, display=acc.path)


def _to_lake(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    """A telemetry file into its lake table (``telemetry.readers.TABLE_READERS``); rejects to the quarantine."""
    kind = acc.kind
    table_name = TABLE_READERS[kind].table
    pieces = ingest_file(ctx.ws.lake, path, kind, acc, display_path=acc.path, default_year=ctx.year,
                         digest_suffix="-" + kind)
    if acc.rejections:  # keep every rejected record with its reason (issue 5)
        keep_rejected(Quarantine(ctx.ws.root), table_name, acc.path, path, kind, acc)
    if pieces:
        ctx.got.parquet.setdefault(table_name, []).extend(pieces)


def _skipped(why: str) -> Reader:
    """Files that describe the run rather than being evidence: listed in ``inputs`` with no records."""

    def read(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
        acc.reasons["skipped"] = 0
        acc.samples.append({"line": None, "reason": why})

    return read


def _unknown(path: Path, acc: RecordingAccount, ctx: IntakeContext) -> None:
    acc.error = "unrecognised file kind (not a config, syslog, AAA accounting, flow, Zeek or STIX file)"


_LAKE = Intake(_to_lake)

#: The registry: every kind, one row (``tests/app/test_intake_registry.py`` checks that none is missing).
INTAKE: dict[Kind, Intake] = {
    Kind.CONFIG: Intake(_config, audit=True, batch=_parse_configs),
    Kind.SHOW_VERSION: Intake(_show_version, audit=True),
    Kind.INVENTORY: Intake(_inventory, audit=True),
    Kind.STIX: Intake(_stix),
    Kind.ZEEK_INTEL: Intake(_zeek_intel),
    **{kind: _LAKE for kind in Kind if kind in TABLE_READERS},  # the telemetry kinds (rows of their own table)
    Kind.X1_XML: Intake(_x1_xml),
    Kind.X1_JSONL: Intake(_x1_jsonl),
    Kind.WARRANT_REGISTER: Intake(_warrants),
    Kind.WORKSPACE_CONFIG: Intake(_skipped("workspace configuration (use --workspace to apply it)")),
    Kind.TRUTH: Intake(_skipped("lab ground truth (used only by `lab score`)")),
    Kind.UNKNOWN: Intake(_unknown),
}

#: The kinds ``carrierwatch audit`` reads.
AUDIT_KINDS: frozenset[Kind] = frozenset(k for k, row in INTAKE.items() if row.audit)


# --- the one loop ------------------------------------------------------------------------------------------------


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files under each PATH, recursively, in a stable order; hidden files and folders are skipped."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise UsageError(f"no such file or folder: {p}")
        if path.is_dir():
            out += sorted(
                f for f in path.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def sniff_all(files: Sequence[Path], progress: Progress | None = None) -> list[Kind | OSError]:
    """The kind of every file (an ``OSError`` in its place when it cannot be opened)."""
    out: list[Kind | OSError] = []
    for n, path in enumerate(files, start=1):
        if progress:
            progress(f"sniffing {path.name}", n, len(files))
        try:
            out.append(sniff(path))
        except OSError as exc:
            out.append(exc)
    return out


def failure(kind: str, exc: BaseException) -> str:
    """The account's error for a reader that raised: the exception class and the innermost frame, never its
    message (which may quote the file's content, secrets included)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"reader for {kind} failed: {exc.__class__.__name__}{where}"


def collect(files: Iterable[Path], ws: Workspace, *, default_year: int | None = None,
            progress: Progress | None = None, kinds: Sequence[Kind | OSError] | None = None,
            workers: int | None = None, registry: dict[Kind, Intake] | None = None) -> Collected:
    """Read every file through the registry by its sniffed kind (``kinds``: already sniffed, one per file).

    Batch kinds (configs: ``configs.bulk.read_configs``, worker processes when there are many) are read first,
    all together; then each file is accounted for in the given order. ``progress`` sees ``(n, total)`` with
    ``total`` the number of files and ``n`` rising from 1 to it, once per phase (sniffing, reading)."""
    inputs = list(files)
    table = INTAKE if registry is None else registry
    got = Collected()
    ctx = IntakeContext(ws, got, year=default_year or ws.config.hunt.syslog_default_year, workers=workers,
                        progress=progress)
    sniffed = list(kinds) if kinds is not None else sniff_all(inputs, progress)
    failed: dict[Kind, str] = {}
    for batch_kind, batch_row in table.items():
        if batch_row.batch is not None:
            paths = [p for p, k in zip(inputs, sniffed, strict=True) if k == batch_kind]
            if paths:
                try:
                    batch_row.batch(paths, ctx)
                except Exception as exc:  # the whole batch failed: each of its files says why
                    failed[batch_kind] = failure(batch_kind, exc)
    for n, (path, kind) in enumerate(zip(inputs, sniffed, strict=True), start=1):
        if progress:
            progress(f"reading {path.name}", n, len(inputs))
        if isinstance(kind, OSError):
            got.accounts.append(InputAccount(str(path), Kind.UNKNOWN, error=f"unreadable: {kind.strerror or kind}"))
            continue
        acc = RecordingAccount(str(path), kind)  # an InputAccount that also remembers each rejection
        got.accounts.append(acc)
        row = table.get(kind)
        if kind in failed:
            acc.error = failed[kind]
        elif row is None:
            acc.error = f"no reader for kind '{kind}'"
        else:
            try:
                row.read(path, acc, ctx)
            except Exception as exc:  # a reader's bug fails its file, never the run
                acc.error = failure(kind, exc)
    got.assets.add_devices(got.devices)
    return got
