"""Running configs in Cisco syntax: IOS XE ``show running-config``, NX-OS and IOS XR.

Syntax follows the vendors' configuration guides and what real devices print (the Batfish test
corpus of real configs was the reference for layout: ``!`` separators, one-space IOS indentation,
two-space NX-OS indentation, ``!! IOS XR Configuration`` header). Defaults that IOS does not print
(e.g. ``tunnel mode gre ip``) are left out, as a real ``show running-config`` leaves them out.
"""

from __future__ import annotations

import random

from carrierwatch.lab import network as nw
from carrierwatch.lab.config_mods import ConfigMods, link_addr, peers
from carrierwatch.lab.network import Device, Network
from carrierwatch.lab.rng import md5crypt, sha512crypt, type7, type8, type9


def render_iosxe(dev: Device, net: Network, rng: random.Random, mods: ConfigMods) -> list[str]:
    h = dev.hardening
    major = ".".join(dev.os_version.split(".")[:2])
    body: list[str] = ["!"]
    if mods.last_change:
        body += [f"! Last configuration change at {mods.last_change[0]} by {mods.last_change[1]}", "!"]
    body += [
        f"version {major}",
        "service timestamps debug datetime msec",
        "service timestamps log datetime msec localtime show-timezone",
    ]
    if h.type7_passwords or h.tacacs_key7:
        body.append("service password-encryption")
    body += [
        "service sequence-numbers",
        "no platform punt-keepalive disable-kernel-core",
        "!",
        f"hostname {dev.hostname}",
        "!",
        "boot-start-marker",
        f"boot system bootflash:{iosxe_image(dev)}",
        "boot-end-marker",
        "!",
        "vrf definition Mgmt-intf",
        " !",
        " address-family ipv4",
        " exit-address-family",
        "!",
        "logging buffered 64000 informational",
        "no logging console",
    ]
    if h.type7_passwords:
        body.append(f"enable password 7 {type7(rng)}")
    elif h.md5_secret:
        body.append(f"enable secret 5 {md5crypt(rng)}")
    else:
        body.append(f"enable secret 9 {type9(rng)}")
    body += [
        "!",
        "aaa new-model",
        "!",
        "!",
        "aaa group server tacacs+ TACACS-GRP",
        " server name TACSRV-A",
        " server name TACSRV-B",
        " ip vrf forwarding Mgmt-intf",
        "!",
        "aaa authentication login default group TACACS-GRP local",
        "aaa authorization exec default group TACACS-GRP local",
        "aaa authorization commands 15 default group TACACS-GRP local",
        "aaa accounting exec default start-stop group TACACS-GRP",
        "aaa accounting commands 15 default start-stop group TACACS-GRP",
        "aaa accounting connection default start-stop group TACACS-GRP",
        "!",
        "!",
        "aaa session-id common",
        "clock timezone UTC 0 0",
        "!",
    ]
    if not h.smart_install:
        body.append("no ip source-route")
    body += [
        "ip domain name lab-carrier.net",
        "!",
        "login on-failure log",
        "login on-success log",
        "!",
        "!",
        "!",
        f"license udi pid {dev.model.split('/')[0]} sn {dev.serial}",
        "!",
    ]
    if not h.smart_install:
        body.append("no vstack")
    body += ["diagnostic bootup level minimal", "!", "spanning-tree extend system-id", "!"]
    if not h.cdp:
        body += ["no cdp run", "!"]
    if h.type7_passwords:
        body.append(f"username breakglass privilege 15 password 7 {type7(rng)}")
    elif h.md5_secret:
        body.append(f"username breakglass privilege 15 secret 5 {md5crypt(rng)}")
    else:
        body.append(f"username breakglass privilege 15 secret 8 {type8(rng)}")
    for name, secret in mods.extra_users:
        body.append(f"username {name} privilege 15 secret 9 {secret}")
    body += ["!", "redundancy", " mode none", "!", "!"]
    if mods.ssh_port:
        body.append(f"ip ssh port {mods.ssh_port} rotary 1")
    body += ["ip ssh source-interface GigabitEthernet0", "ip ssh version 2"]
    if not (h.telnet or h.md5_secret):
        body.append("ip ssh dh min size 4096")
    body += [
        "ip scp server enable",
        "!",
        "!",
        "!",
        "interface Loopback0",
        f" ip address {mods.loopback or dev.loopback_ip} 255.255.255.255",
        "!",
    ]
    if mods.tunnel_destination:
        body += [
            "interface Tunnel100",
            " ip address 172.31.255.1 255.255.255.252",
            " tunnel source Loopback0",
            f" tunnel destination {mods.tunnel_destination}",
            "!",
        ]
    nbrs = peers(net, dev)
    for i, ifname in enumerate(dev.interfaces()):
        body.append(f"interface {ifname}")
        if i < len(nbrs):
            addr, _ = link_addr(dev, i)
            body += [
                f" description core: {nbrs[i].hostname}",
                f" ip address {addr} 255.255.255.252",
                " ip ospf network point-to-point",
                " ip ospf 1 area 0",
            ]
        elif dev.role == "ce" and i == len(nbrs):
            body += [f" description LAN {dev.customer}", f" ip address 192.168.{10 + dev.n}.1 255.255.255.0"]
        else:
            body += [" no ip address", " shutdown"]
        body += [" negotiation auto", "!"]
    body += [
        "interface GigabitEthernet0",
        " vrf forwarding Mgmt-intf",
        f" ip address {dev.mgmt_ip} 255.255.255.0",
        " negotiation auto",
        "!",
        "router ospf 1",
        f" router-id {dev.loopback_ip}",
        " passive-interface Loopback0",
        "!",
    ]
    remote_as = 64512 + dev.n if dev.role == "ce" else nw.ASN
    body += [f"router bgp {remote_as}", f" bgp router-id {dev.loopback_ip}", " bgp log-neighbor-changes"]
    for p in nbrs:
        p_as = nw.ASN if dev.role == "ce" or p.role != "ce" else 64512 + p.n
        body += [
            f" neighbor {p.loopback_ip} remote-as {p_as}",
            f" neighbor {p.loopback_ip} description {p.hostname}",
            f" neighbor {p.loopback_ip} update-source Loopback0",
        ]
        if not h.type7_passwords:
            body.append(f" neighbor {p.loopback_ip} password 7 {type7(rng, 8)}")
    body += ["!", "ip forward-protocol nd"]
    body += ["ip http server" if h.http_server else "no ip http server", "ip http authentication local"]
    body += ["ip http secure-server" if h.http_server else "no ip http secure-server"]
    body += [
        "ip tftp source-interface GigabitEthernet0",
        f"ip route vrf Mgmt-intf 0.0.0.0 0.0.0.0 10.0.{100 + dev.site_idx}.254",
        "ip tacacs source-interface GigabitEthernet0 vrf Mgmt-intf",
        "!",
        "access-list 20 remark VTY and SNMP: OOB management only",
        "access-list 20 permit 10.255.0.0 0.0.255.255",
    ]
    if mods.acl20_permit:
        body.append(f"access-list 20 permit {mods.acl20_permit}")
    body += [
        "access-list 20 deny   any log",
        "!",
        "logging source-interface GigabitEthernet0 vrf Mgmt-intf",
        "logging trap informational",
        *([] if mods.no_logging_host else [f"logging host {nw.SYSLOG_COLLECTOR} vrf Mgmt-intf"]),
        "!",
    ]
    if h.snmp_community:
        body.append(f"snmp-server community {_community(rng)} RO 20")
    body += [
        "snmp-server group NMS-GRP v3 priv access 20",
        f"snmp-server location {dev.site.upper()} POP",
        "snmp-server contact noc@lab-carrier.net",
        f"snmp-server host {nw.NMS} vrf Mgmt-intf version 3 priv nms",
        "!",
    ]
    for name, addr in (
        ("TACSRV-A", nw.TACACS_SERVERS[0]),
        ("TACSRV-B", mods.tacacs_b_address or nw.TACACS_SERVERS[1]),
    ):
        body += [f"tacacs server {name}", f" address ipv4 {addr}"]
        body.append(f" key 7 {type7(rng, 12)}" if h.tacacs_key7 else f" key 6 {_type6(rng)}")
    body += [
        "!",
        "!",
        "control-plane",
        "!",
        "banner login ^C",
        "Authorized access only. All activity is logged and monitored.",
        "^C",
        "!",
        "line con 0",
        " exec-timeout 10 0",
        " stopbits 1",
        "line aux 0",
        " transport output none",
    ]
    timeout = " exec-timeout 0 0" if h.exec_timeout_zero else " exec-timeout 10 0"
    for first, last in ((0, 4), (5, 15)):
        body.append(f"line vty {first} {last}")
        if not h.no_access_class:
            body.append(" access-class 20 in vrf-also")
        body.append(timeout)
        if mods.ssh_port and first == 0:
            body.append(" rotary 1")
        body.append(" transport input telnet ssh" if h.telnet else " transport input ssh")
        if not h.no_transport_output_none:
            body.append(" transport output none")
    body.append("!")
    if not h.ntp_no_auth:
        body += [
            f"ntp authentication-key 1 md5 {type7(rng, 8)} 7",
            "ntp authenticate",
            "ntp trusted-key 1",
            f"ntp server vrf Mgmt-intf {nw.NTP_SERVER} key 1",
        ]
    else:
        body.append(f"ntp server vrf Mgmt-intf {nw.NTP_SERVER}")
    body += [
        "!",
        "archive",
        " log config",
        "  logging enable",
        "  notify syslog contenttype plaintext",
        "  hidekeys",
        f" path scp://{nw.ARCHIVE_SERVER}/configs/$h-",
        " write-memory",
        "!",
    ]
    if mods.iox:
        body += ["iox", "!"]
    body.append("end")
    size = sum(len(x) + 1 for x in body)
    return ["Building configuration...", "", f"Current configuration : {size} bytes", *body]


def iosxe_image(dev: Device) -> str:
    """Boot image name in Cisco's convention, e.g. ``asr1000-universalk9.17.03.04a.SPA.bin``."""
    ver = "".join(
        f"{int(p):02d}" if p.isdigit() else f"{int(p[:-1]):02d}{p[-1]}" for p in dev.os_version.split(".")
    )
    ver = ".".join([ver[:2], ver[2:4], ver[4:]])
    family = "asr1000" if dev.model.startswith("ASR") else "isr4400" if "44" in dev.model else "isr4300"
    return f"{family}-universalk9.{ver}.SPA.bin"


def _community(rng: random.Random) -> str:
    return rng.choice(("c0rpN0C", "netm0n", "lab-ro", "pr1vate")) + str(rng.randrange(10, 99))


def _type6(rng: random.Random) -> str:
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz`^[]\\_"
    return "".join(rng.choice(chars) for _ in range(26)) + "AAB"


def render_nxos(
    dev: Device, net: Network, rng: random.Random, mods: ConfigMods, printed_at: str
) -> list[str]:
    h = dev.hardening
    body = ["", "!Command: show running-config"]
    if mods.last_change:
        body.append(f"!Running configuration last done at: {mods.last_change[0]}")
    body += [
        f"!Time: {printed_at}",
        "",
        f"version {dev.os_version} Bios:version 05.45",
        f"hostname {dev.hostname}",
        "policy-map type network-qos jumbo",
        "  class type network-qos class-default",
        "    mtu 9216",
        f"vdc {dev.hostname} id 1",
        "  limit-resource vlan minimum 16 maximum 4094",
        "  limit-resource vrf minimum 2 maximum 4096",
        "",
        "feature tacacs+",
        "cfs eth distribute",
        "feature ospf",
        "feature bgp",
        "feature interface-vlan",
        "feature lacp",
    ]
    if h.telnet:
        body.append("feature telnet")
    body += ["feature scp-server", "feature lldp", "", "no password strength-check"]
    pw = md5crypt(rng) if (h.md5_secret or h.type7_passwords) else "$5$" + type8(rng)[3:]
    body += [
        f"username admin password 5 {pw}  role network-admin",
        f"username breakglass password 5 {md5crypt(rng) if h.md5_secret else '$5$' + type8(rng)[3:]}"
        "  role network-admin",
        "ip domain-lookup",
        "ip domain-name lab-carrier.net",
    ]
    body.append(
        f'tacacs-server key 7 "{type7(rng, 10)}"' if h.tacacs_key7 else f'tacacs-server key 6 "{_type6(rng)}"'
    )
    body += [f"tacacs-server host {ip} " for ip in nw.TACACS_SERVERS]
    body += [
        "aaa group server tacacs+ TACACS-GRP ",
        *[f"    server {ip} " for ip in nw.TACACS_SERVERS],
        "    use-vrf management",
        "    source-interface mgmt0",
    ]
    if h.snmp_community:
        body.append(f"snmp-server community {_community(rng)} group network-operator")
        body.append("snmp-server community public group network-operator")
    body += [
        f"snmp-server user nms network-operator auth sha 0x{rng.getrandbits(160):040x} priv aes-128 "
        f"0x{rng.getrandbits(128):032x} localizedkey",
        f"snmp-server host {nw.NMS} traps version 3 priv nms",
    ]
    if not h.ntp_no_auth:
        body += [
            f"ntp server {nw.NTP_SERVER} use-vrf management key 1",
            "ntp authenticate",
            f"ntp authentication-key 1 md5 {type7(rng, 6)} 7",
            "ntp trusted-key 1",
        ]
    else:
        body.append(f"ntp server {nw.NTP_SERVER} use-vrf management")
    body += [
        "aaa authentication login default group TACACS-GRP ",
        "aaa authorization commands default group TACACS-GRP local",
        "aaa accounting default group TACACS-GRP ",
        "",
        "ip access-list MGMT-ONLY",
        "  10 permit tcp 10.255.0.0/16 any eq 22 ",
        "  20 permit udp 10.255.0.0/16 any eq snmp ",
        "  30 deny ip any any log ",
        "",
        "vrf context management",
        f"  ip route 0.0.0.0/0 10.0.{100 + dev.site_idx}.254",
        "",
        "vlan 1,100-110",
        "",
    ]
    nbrs = peers(net, dev)
    for i, ifname in enumerate(dev.interfaces()):
        body.append(f"interface {ifname}")
        if i < len(nbrs):
            addr, _ = link_addr(dev, i)
            body += [
                f"  description uplink: {nbrs[i].hostname}",
                "  no switchport",
                "  mtu 9216",
                f"  ip address {addr}/30",
                "  ip router ospf 1 area 0.0.0.0",
                "  no shutdown",
            ]
        else:
            body += [f"  description access: vlan {100 + i}", "  switchport access vlan " + str(100 + i)]
        body.append("")
    body += [
        "interface mgmt0",
        "  vrf member management",
        f"  ip address {dev.mgmt_ip}/24",
        "",
        "interface loopback0",
        f"  ip address {mods.loopback or dev.loopback_ip}/32",
        "  ip router ospf 1 area 0.0.0.0",
        "line console",
        "  exec-timeout 10",
        "line vty",
    ]
    body.append("  exec-timeout 0" if h.exec_timeout_zero else "  exec-timeout 10")
    if not h.no_access_class:
        body.append("  access-class MGMT-ONLY in")
    body += [
        f"boot nxos bootflash:/nxos.{dev.os_version.replace('(', '.').replace(')', '.').strip('.')}.bin",
        "router ospf 1",
        f"  router-id {dev.loopback_ip}",
        f"logging server {nw.SYSLOG_COLLECTOR} 6 use-vrf management",
        "logging source-interface mgmt0",
        "logging timestamp milliseconds",
        "",
        "",
    ]
    return body


def render_iosxr(dev: Device, net: Network, rng: random.Random, mods: ConfigMods) -> list[str]:
    h = dev.hardening
    out = [f"!! IOS XR Configuration {dev.os_version}"]
    if mods.last_change:
        out.append(f"!! Last configuration change at {mods.last_change[0]} by {mods.last_change[1]}")
    out += [
        "!",
        f"hostname {dev.hostname}",
        "clock timezone UTC UTC",
        "service timestamps log datetime msec show-timezone",
        "logging trap informational",
        f"logging {nw.SYSLOG_COLLECTOR} vrf default severity info port default",
        f"logging source-interface {dev.mgmt_interface()}",
        "domain name lab-carrier.net",
        "username breakglass",
        " group root-lr",
        " group cisco-support",
    ]
    out.append(
        f" secret 5 {md5crypt(rng)}" if (h.md5_secret or h.type7_passwords) else f" secret 10 {_sha512(rng)}"
    )
    out += [
        "!",
        "aaa accounting exec default start-stop group TACACS-GRP",
        "aaa accounting commands default start-stop group TACACS-GRP",
        "aaa group server tacacs+ TACACS-GRP",
        *[f" server {ip}" for ip in nw.TACACS_SERVERS],
        "!",
        "aaa authorization exec default group TACACS-GRP local",
        "aaa authorization commands default group TACACS-GRP none",
        "aaa authentication login default group TACACS-GRP local",
    ]
    for ip in nw.TACACS_SERVERS:
        out += [f"tacacs-server host {ip} port 49", f" key 7 {type7(rng, 12)}", "!"]
    out += ["line console", " exec-timeout 10 0", "!", "line default"]
    if not h.no_access_class:
        out.append(" access-class ingress VTY-ACL")
    out.append(" exec-timeout 0 0" if h.exec_timeout_zero else " exec-timeout 10 0")
    out.append(" transport input telnet ssh" if h.telnet else " transport input ssh")
    if not h.no_transport_output_none:
        out.append(" transport output none")
    out.append("!")
    if h.snmp_community:
        out.append(f"snmp-server community {_community(rng)} RO IPv4 SNMP-ACL")
    out += [
        "snmp-server group NMS-GRP v3 priv IPv4 SNMP-ACL",
        f"snmp-server host {nw.NMS} traps version 3 priv nms",
        "ntp",
    ]
    if not h.ntp_no_auth:
        out += [
            f" authentication-key 1 md5 encrypted {type7(rng, 8)}",
            " authenticate",
            " trusted-key 1",
            f" server {nw.NTP_SERVER} key 1",
        ]
    else:
        out.append(f" server {nw.NTP_SERVER}")
    out += [
        "!",
        "ipv4 access-list VTY-ACL",
        " 10 permit ipv4 10.255.0.0 0.0.255.255 any",
        " 20 deny ipv4 any any log",
        "!",
        "ipv4 access-list SNMP-ACL",
        f" 10 permit ipv4 host {nw.NMS} any",
        " 20 deny ipv4 any any",
        "!",
        "interface Loopback0",
        f" ipv4 address {mods.loopback or dev.loopback_ip} 255.255.255.255",
        "!",
        f"interface {dev.mgmt_interface()}",
        f" ipv4 address {dev.mgmt_ip} 255.255.255.0",
        "!",
    ]
    nbrs = peers(net, dev)
    for i, ifname in enumerate(dev.interfaces()):
        out.append(f"interface {ifname}")
        if i < len(nbrs):
            addr, _ = link_addr(dev, i)
            out += [f" description core: {nbrs[i].hostname}", f" ipv4 address {addr} 255.255.255.252"]
        else:
            out.append(" shutdown")
        out.append("!")
    out += [
        "router static",
        " address-family ipv4 unicast",
        f"  0.0.0.0/0 10.0.{100 + dev.site_idx}.254",
        " !",
        "!",
        "router ospf 1",
        f" router-id {dev.loopback_ip}",
        " area 0",
        "  interface Loopback0",
        "   passive enable",
        "  !",
    ]
    for i, ifname in enumerate(dev.interfaces()[: len(nbrs)]):
        out += [f"  interface {ifname}", "   network point-to-point", "  !"]
        del i
    out += [
        " !",
        "!",
        f"router bgp {nw.ASN}",
        f" bgp router-id {dev.loopback_ip}",
        " address-family ipv4 unicast",
        " !",
    ]
    for p in nbrs:
        out += [
            f" neighbor {p.loopback_ip}",
            f"  remote-as {nw.ASN}",
            f"  description {p.hostname}",
            "  update-source Loopback0",
            "  address-family ipv4 unicast",
        ]
        if p.role == "pe":
            out.append("   route-reflector-client")
        out += ["  !", " !"]
    out += ["!", "ssh server v2", "ssh server vrf default", "ssh server logging", "end"]
    if h.cdp:
        out.insert(out.index("ssh server v2"), "cdp")
    return out


def _sha512(rng: random.Random) -> str:
    return sha512crypt(rng)
