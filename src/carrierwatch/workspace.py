"""Where carrierwatch keeps its state: the config file, the state database and the Parquet lake.

A workspace is a folder (``--workspace DIR``, else ``$CARRIERWATCH_HOME``, else ``./.carrierwatch``)::

    carrierwatch.toml   allow-lists and tunables (management subnets, AAA servers, NMS, ...)
    state.db            SQLite state database (or any SQLAlchemy URL in ``state_url``)
    lake/               Parquet telemetry, one folder per source table, partitioned by day

The allow-lists are what turn "a TACACS+ flow" into "a TACACS+ flow to a stranger": every hunt and
audit that compares against "known good" reads them from here, never from constants in code.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

DEFAULT_DIRNAME = ".carrierwatch"
CONFIG_NAME = "carrierwatch.toml"

IPNet = ipaddress.IPv4Network | ipaddress.IPv6Network


class WorkspaceError(Exception):
    """The workspace or its config file is unusable (exit code 2)."""


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
    #: Non-standard management ports: SSH on xxx22/22x22, HTTP on 18xxx (AA25-239A via typhoon-guidance §2.3).
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
        (root / "lake").mkdir(parents=True, exist_ok=True)
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
    return config_from_dict(data, where=str(path))


def config_from_dict(data: dict[str, Any], where: str = "config") -> WorkspaceConfig:
    cfg = WorkspaceConfig()
    cfg.organisation = str(data.get("organisation", cfg.organisation))
    cfg.state_url = data.get("state_url") or None
    allow = data.get("allowlists", {})
    if not isinstance(allow, dict):
        raise WorkspaceError(f"{where}: [allowlists] must be a table")
    known = set(Allowlists.__dataclass_fields__)
    for key, values in allow.items():
        if key not in known:
            raise WorkspaceError(f"{where}: unknown allow-list '{key}' (known: {', '.join(sorted(known))})")
        if not isinstance(values, list):
            raise WorkspaceError(f"{where}: allowlists.{key} must be a list of addresses or networks")
        nets: list[IPNet] = []
        for v in values:
            try:
                nets.append(ipaddress.ip_network(str(v), strict=False))
            except ValueError as exc:
                raise WorkspaceError(f"{where}: allowlists.{key}: '{v}' is not an address or network") from exc
        setattr(cfg.allowlists, key, nets)
    for i, win in enumerate(data.get("change_windows", []) or []):
        try:
            days = tuple(_DAYS[d.lower()[:3]] for d in win["days"])
            start = time.fromisoformat(win["start"])
            end = time.fromisoformat(win["end"])
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise WorkspaceError(
                f"{where}: change_windows[{i}] needs days=[\"mon\",...], start=\"HH:MM\", end=\"HH:MM\""
            ) from exc
        cfg.change_windows.append(ChangeWindow(days, start, end))
    hunt = data.get("hunt", {}) or {}
    for key, value in hunt.items():
        if key not in HuntSettings.__dataclass_fields__:
            raise WorkspaceError(f"{where}: unknown [hunt] setting '{key}'")
        setattr(cfg.hunt, key, value)
    return cfg


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
