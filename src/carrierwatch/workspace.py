"""Where carrierwatch keeps its state: the config file, the state database and the Parquet lake.

A workspace is a folder (``--workspace DIR``, else ``$CARRIERWATCH_HOME``, else ``./.carrierwatch``)::

    carrierwatch.toml   allow-lists and tunables (management subnets, AAA servers, NMS, ...)
    state.db            SQLite state database (or any SQLAlchemy URL in ``state_url``)
    lake/               Parquet telemetry, one folder per source table, partitioned by day

The allow-lists are what turn "a TACACS+ flow" into "a TACACS+ flow to a stranger": every hunt and
audit that compares against "known good" reads them from here, never from constants in code.
"""

from __future__ import annotations

import difflib
import functools
import ipaddress
import os
import re
import tomllib
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

DEFAULT_DIRNAME = ".carrierwatch"
CONFIG_NAME = "carrierwatch.toml"

IPNet = ipaddress.IPv4Network | ipaddress.IPv6Network


class WorkspaceError(Exception):
    """The workspace or its config file is unusable (exit code 2)."""


class ConfigError(WorkspaceError):
    """``carrierwatch.toml`` does not validate: every problem found, each as ``file:line: message``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more: `carrierwatch config check` lists them)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


@dataclass(frozen=True)
class ChangeWindow:
    """A recurring maintenance window, e.g. Tue/Thu 01:00-05:00 UTC."""

    days: tuple[int, ...]  # 0 = Monday
    start: time
    end: time

    def contains(self, weekday: int, at: time) -> bool:
        return weekday in self.days and self.start <= at < self.end


@dataclass
class Allowlists:
    """Known-good infrastructure. Addresses and networks, IPv4 or IPv6."""

    management_subnets: list[IPNet] = field(default_factory=list)
    aaa_servers: list[IPNet] = field(default_factory=list)
    nms: list[IPNet] = field(default_factory=list)
    syslog_collectors: list[IPNet] = field(default_factory=list)
    ntp_servers: list[IPNet] = field(default_factory=list)
    file_servers: list[IPNet] = field(default_factory=list)  # approved TFTP/FTP/SCP archive hosts
    tunnel_peers: list[IPNet] = field(default_factory=list)
    span_destinations: list[IPNet] = field(default_factory=list)
    li_mediation: list[IPNet] = field(default_factory=list)  # LI mediation devices / ADMF
    device_subnets: list[IPNet] = field(default_factory=list)  # loopbacks and device management IPs

    def contains(self, name: str, addr: str) -> bool:
        nets: list[IPNet] = getattr(self, name)
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            return False
        return any(ip.version == n.version and ip in n for n in nets)

    def as_strings(self, name: str) -> list[str]:
        return [str(n) for n in getattr(self, name)]


@dataclass
class HuntSettings:
    """Tunables for hunting; documented in docs/configuration.md."""

    #: Year assumed for RFC 3164 timestamps without a year, if it cannot be inferred from the file.
    syslog_default_year: int | None = None
    #: Non-standard management ports: SSH on xxx22/22x22, HTTP on 18xxx (AA25-239A, docs/guidance.md#hunt-02).
    nonstandard_ssh_regex: str = r"^([0-9]{1,3}22|22[0-9]22)$"
    nonstandard_http_regex: str = r"^18[0-9]{3}$"
    # Analytics tunables (issue 6); meaning and defaults in carrierwatch.detect.analytics.settings. None = default.
    beacon_min_connections: int | None = None
    beacon_threshold: float | None = None
    beacon_weights: list[float] | None = None
    beacon_bins: int | None = None
    silence_min_gap_s: int | None = None
    silence_factor: float | None = None
    hop_window_s: int | None = None
    first_seen_baseline_s: int | None = None


@dataclass
class WorkspaceConfig:
    allowlists: Allowlists = field(default_factory=Allowlists)
    change_windows: list[ChangeWindow] = field(default_factory=list)
    hunt: HuntSettings = field(default_factory=HuntSettings)
    organisation: str = "Example Carrier"
    state_url: str | None = None


@dataclass
class Workspace:
    root: Path
    config: WorkspaceConfig

    @property
    def lake(self) -> Path:
        return self.root / "lake"

    @property
    def state_url(self) -> str:
        return self.config.state_url or f"sqlite:///{(self.root / 'state.db').resolve()}"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME


def resolve_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("CARRIERWATCH_HOME")
    if env:
        return Path(env)
    return Path.cwd() / DEFAULT_DIRNAME


def open_workspace(explicit: str | os.PathLike[str] | None = None, *, create: bool = True) -> Workspace:
    """Open (and by default create) the workspace; read its config file if there is one."""
    root = resolve_root(explicit)
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"workspace {root} exists and is not a folder")
    if create:
        try:
            (root / "lake").mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # read-only or full file system, no permission: one line naming the folder
            raise WorkspaceError(f"cannot create workspace folder {root / 'lake'}: "
                                 f"{exc.strerror or exc.__class__.__name__}") from exc
    cfg_path = root / CONFIG_NAME
    config = load_config(cfg_path) if cfg_path.exists() else WorkspaceConfig()
    return Workspace(root=root, config=config)


def load_config(path: Path) -> WorkspaceConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"cannot read {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path} is not valid TOML: {exc}") from exc
    return config_from_dict(data, where=str(path), text=path.read_text(encoding="utf-8"))


def config_from_dict(data: dict[str, Any], where: str = "config", text: str | None = None) -> WorkspaceConfig:
    """Validate a parsed ``carrierwatch.toml`` strictly and build the typed config.

    Every problem (unknown table or key, wrong type, bad address, bad change window) is collected, not only the
    first; the :class:`ConfigError` raised names the file, the line (when ``text``, the file's source, is given)
    and the nearest valid key. The schema is the dataclasses above (every field of ``HuntSettings`` is a key of
    ``[hunt]`` with the field's type), checked with pydantic in strict mode so that no value is coerced from a
    string the user mistyped.
    """
    problems: list[str] = []
    locate = _Locator(text or "")

    def problem(path: tuple[str | int, ...], message: str) -> None:
        line = locate.line(path)
        problems.append(f"{where}:{line}: {message}" if line else f"{where}: {message}")

    cfg = WorkspaceConfig()
    _unknown_keys(data, (), _TOP_KEYS, problem)
    top_values: dict[str, Any] = {k: data[k] for k in ("organisation", "state_url") if k in data}
    if not _errors(_TopLevel, top_values, (), problem):
        cfg.organisation = top_values.get("organisation", cfg.organisation)
        cfg.state_url = top_values.get("state_url") or None
    allow = data.get("allowlists", {})
    if not isinstance(allow, dict):
        problem(("allowlists",), "[allowlists] must be a table of lists")
        allow = {}
    _unknown_keys(allow, ("allowlists",), tuple(Allowlists.__dataclass_fields__), problem, "allow-list")
    for key, values in allow.items():
        if key not in Allowlists.__dataclass_fields__:
            continue
        if not isinstance(values, list):
            problem(("allowlists", key), f"allowlists.{key} must be a list of addresses or networks, "
                    f"not {_tname(values)}")
            continue
        nets: list[IPNet] = []
        for v in values:
            try:
                nets.append(ipaddress.ip_network(v if isinstance(v, str) else "", strict=False))
            except ValueError:
                problem(("allowlists", key), f"allowlists.{key}: {v!r} is not an IPv4/IPv6 address or network")
        setattr(cfg.allowlists, key, nets)
    windows = data.get("change_windows", [])
    if not isinstance(windows, list):
        problem(("change_windows",), "change_windows must be an array of tables ([[change_windows]])")
        windows = []
    for i, win in enumerate(windows):
        if not isinstance(win, dict):
            problem(("change_windows", i), f"change_windows[{i}] must be a table")
            continue
        _unknown_keys(win, ("change_windows", i), ("days", "start", "end"), problem, "key")
        try:
            days = tuple(_DAYS[d.lower()[:3]] for d in win["days"])
            start = time.fromisoformat(win["start"])
            end = time.fromisoformat(win["end"])
        except (KeyError, ValueError, TypeError, AttributeError):
            problem(("change_windows", i), f'change_windows[{i}] needs days=["mon",...], start="HH:MM", '
                    'end="HH:MM"')
            continue
        cfg.change_windows.append(ChangeWindow(days, start, end))
    hunt = data.get("hunt", {})
    if not isinstance(hunt, dict):
        problem(("hunt",), "[hunt] must be a table")
        hunt = {}
    _unknown_keys(hunt, ("hunt",), tuple(HuntSettings.__dataclass_fields__), problem, "setting")
    known = {k: v for k, v in hunt.items() if k in HuntSettings.__dataclass_fields__}
    wrong = _errors(HuntSettings, known, ("hunt",), problem)
    hints = typing.get_type_hints(HuntSettings)
    cfg.hunt = HuntSettings(**{k: _adapter(hints[k]).validate_python(v, strict=True)
                                for k, v in known.items() if k not in wrong})
    _check_hunt(cfg.hunt, problem)
    if problems:
        raise ConfigError(sorted(problems, key=_line_of))
    return cfg


def _line_of(problem: str) -> int:
    parts = problem.split(":", 2)
    return int(parts[1]) if len(parts) > 2 and parts[1].isdecimal() and parts[1].isascii() else 0


@dataclass
class _TopLevel:
    organisation: str = "Example Carrier"
    state_url: str | None = None


_TOP_KEYS = ("organisation", "state_url", "allowlists", "change_windows", "hunt")
Problem = Callable[[tuple[str | int, ...], str], None]


def _tname(value: object) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "a boolean", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


@functools.cache
def _adapter(cls: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def _unknown_keys(table: dict[str, Any], path: tuple[str | int, ...], known: tuple[str, ...], problem: Problem,
                  what: str | None = None) -> None:
    for key in table:
        if key in known:
            continue
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'?" if near else f"valid keys here: {', '.join(known)}"
        name = ".".join(str(p) for p in (*path, key) if not isinstance(p, int))
        if what:
            problem((*path, key), f"unknown {what} '{key}' in [{path[0]}] ({hint})")
        else:
            problem((*path, key), f"unknown {'table' if isinstance(table[key], dict) else 'key'} '{name}' ({hint})")


def _errors(cls: type, values: dict[str, Any], path: tuple[str | int, ...], problem: Problem) -> set[str]:
    """Report type errors of ``values`` against the fields of dataclass ``cls``, each field validated in pydantic's
    strict mode (no string-to-number coercion; an integer is a valid float). Returns the keys in error."""
    from pydantic import ValidationError

    hints = typing.get_type_hints(cls)
    bad: set[str] = set()
    for key, got in values.items():
        try:
            _adapter(hints[key]).validate_python(got, strict=True)
        except ValidationError:
            name = ".".join([*(str(p) for p in path if not isinstance(p, int)), key])
            problem((*path, key), f"{name} must be {_expected(cls, key)}, not {_tname(got)} ({got!r})")
            bad.add(key)
    return bad


def _expected(cls: type, key: str) -> str:
    hint = str(typing.get_type_hints(cls).get(key)).replace("typing.", "").replace("<class '", "").replace("'>", "")
    hint = hint.removesuffix(" | None")
    return {"int": "an integer", "float": "a number", "str": "a string", "list[float]": "a list of numbers",
            "bool": "true or false"}.get(hint, hint)


def _check_hunt(hunt: HuntSettings, problem: Problem) -> None:
    """Value checks a type cannot express (RITA's lesson: a score validates its own inputs)."""
    for key in ("nonstandard_ssh_regex", "nonstandard_http_regex"):
        try:
            re.compile(getattr(hunt, key))
        except re.error as exc:
            problem(("hunt", key), f"hunt.{key} is not a valid regular expression: {exc}")
    weights = hunt.beacon_weights
    if weights is not None and (len(weights) != 4 or abs(sum(weights) - 1.0) > 1e-6):
        problem(("hunt", "beacon_weights"), f"hunt.beacon_weights must be four numbers that sum to 1 (got {weights})")
    if hunt.beacon_threshold is not None and not 0.0 <= hunt.beacon_threshold <= 1.0:
        problem(("hunt", "beacon_threshold"), f"hunt.beacon_threshold must be between 0 and 1 "
                f"(got {hunt.beacon_threshold})")


class _Locator:
    """Line numbers for TOML keys: ``tomllib`` gives none, so find ``key =`` inside its table's section."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, path: tuple[str | int, ...]) -> int | None:
        """1-based line of ``path`` (table names, array index, key), else of its table header, else None."""
        names = ".".join(str(p) for p in path if not isinstance(p, int))
        index = next((p for p in path if isinstance(p, int)), None)
        table, arrays, first_header = "", -1, None
        for n, raw in enumerate(self.lines, start=1):
            text = raw.split("#", 1)[0]
            header = self._HEADER.match(text)
            if header:
                table = ".".join(part.strip().strip('"') for part in header.group(2).split("."))
                if header.group(1) == "[[" and names.split(".")[0] == table:
                    arrays += 1
                if table == names and (index is None or arrays == index) and first_header is None:
                    first_header = n
                continue
            key = self._KEY.match(text)
            if key and ".".join(filter(None, [table, key.group(1).strip('"')])) == names \
                    and (index is None or arrays == index):
                return n
        return first_header


_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

EXAMPLE_CONFIG = """\
# carrierwatch workspace configuration. Every list takes addresses or CIDR networks, IPv4 or IPv6.
organisation = "Example Carrier"
# state_url = "postgresql+psycopg://user@localhost/carrierwatch"   # default: SQLite in this folder

[allowlists]
management_subnets = ["10.255.0.0/16"]   # OOB management / admin workstations
aaa_servers        = ["10.255.1.10", "10.255.1.11"]
nms                = ["10.255.2.20"]
syslog_collectors  = ["10.255.3.30"]
ntp_servers        = ["10.255.4.40"]
file_servers       = ["10.255.5.50"]     # approved config-archive hosts (SCP/SFTP)
tunnel_peers       = []                  # GRE/IPsec peers you expect
span_destinations  = []
li_mediation       = ["10.255.9.90"]     # LI mediation device / ADMF
device_subnets     = ["10.0.0.0/16"]     # device loopbacks and management addresses

[[change_windows]]
days = ["tue", "thu"]
start = "01:00"
end = "05:00"
"""
