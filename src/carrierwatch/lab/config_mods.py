"""What the intruder changed in a device's running config, and the device's routing neighbours.

The config renderers draw the device's baseline from its ``Hardening`` and then apply these
modifications, so the final ``configs/<host>.cfg`` shows exactly what the planted actions did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carrierwatch.lab.network import Device, Network


@dataclass
class ConfigMods:
    acl20_permit: str | None = None  # `access-list 20 permit <ip>` (T1562.004)
    tunnel_destination: str | None = None  # interface Tunnel100 to this peer (T1572)
    tacacs_b_address: str | None = None  # TACSRV-B repointed (T1556)
    ssh_port: int | None = None  # `ip ssh port N rotary 1` (T1571)
    loopback: str | None = None  # Loopback0 readdressed (T1021.004)
    iox: bool = False  # `iox` for Guest Shell (T1609)
    no_logging_host: bool = False  # `no logging host` left in place (T1070)
    extra_users: list[tuple[str, str]] = field(default_factory=list)  # (name, $9$ hash)
    last_change: tuple[str, str] | None = None  # (time text, user) for the header


def peers(net: Network, dev: Device) -> list[Device]:
    """BGP/OSPF neighbours: P routers are reflectors for PEs; a CE peers with a PE; switches uplink."""
    ps = [d for d in net.devices if d.role == "p" and d is not dev]
    pes = [d for d in net.devices if d.role == "pe" and d is not dev]
    same_site = [d for d in pes if d.site == dev.site] or pes
    if dev.role == "p":
        return [d for d in net.devices if d.role in ("p", "pe") and d is not dev][:6]
    if dev.role == "pe":
        return ps[:2] or pes[:2]
    return (same_site or ps or [d for d in net.devices if d is not dev])[:1]


def link_addr(dev: Device, i: int) -> tuple[str, str]:
    """Point-to-point /30 on data interface i: (address, neighbour address)."""
    base = (dev.n * 32 + i * 4) % 252
    return f"10.1.{dev.site_idx}.{base + 1}", f"10.1.{dev.site_idx}.{base + 2}"
