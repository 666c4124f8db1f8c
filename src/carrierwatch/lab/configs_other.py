"""Running configs for Juniper Junos (``show configuration``) and Arista EOS (``show running-config``).

Layout follows the vendors' documentation and the real configs in the Batfish test corpus: Junos
curly-brace hierarchy with ``## SECRET-DATA`` markers and a ``## Last commit`` header, EOS with a
``! Command: show running-config`` header and three-space indentation.
"""

from __future__ import annotations

import random

from carrierwatch.lab import network as nw
from carrierwatch.lab.config_mods import ConfigMods, link_addr, peers
from carrierwatch.lab.network import Device, Network
from carrierwatch.lab.rng import junos9, md5crypt, sha512crypt, type7


def render_junos(
    dev: Device, net: Network, rng: random.Random, mods: ConfigMods, commit_text: str
) -> list[str]:
    h = dev.hardening
    weak = h.md5_secret or h.type7_passwords
    out = [
        f"## Last commit: {commit_text}",
        f"version {dev.os_version};",
        "system {",
        f"    host-name {dev.hostname};",
        "    root-authentication {",
        f'        encrypted-password "{md5crypt(rng) if weak else sha512crypt(rng)}"; ## SECRET-DATA',
        "    }",
        "    login {",
        '        message "Authorized access only. All activity is logged and monitored.";',
        "        class noc {",
        "            permissions [ view view-configuration ];",
        "        }",
        "        user breakglass {",
        "            uid 2001;",
        "            class super-user;",
        "            authentication {",
        f'                encrypted-password "{md5crypt(rng) if weak else sha512crypt(rng)}"; ## SECRET-DATA',
        "            }",
        "        }",
        "        user remote {",
        "            uid 2002;",
        "            class super-user;",
        "        }",
        "    }",
        "    services {",
        "        ssh {",
        "            root-login deny;",
        "            protocol-version v2;",
    ]
    if not h.exec_timeout_zero:
        out.append("            client-alive-interval 600;")
    out += ["        }", "        netconf {", "            ssh;", "        }"]
    if h.telnet:
        out.append("        telnet;")
    if h.http_server:
        out += ["        web-management {", "            http;", "        }"]
    out += ["    }", "    authentication-order [ tacplus password ];", "    tacplus-server {"]
    for ip in nw.TACACS_SERVERS:
        out += [
            f"        {ip} {{",
            f'            secret "{junos9(rng)}"; ## SECRET-DATA',
            f"            source-address {dev.mgmt_ip};",
            "        }",
        ]
    out += [
        "    }",
        "    syslog {",
        "        user * {",
        "            any emergency;",
        "        }",
        f"        host {nw.SYSLOG_COLLECTOR} {{",
        "            any notice;",
        "            authorization info;",
        "            interactive-commands info;",
        "        }",
        "        file messages {",
        "            any notice;",
        "            authorization info;",
        "        }",
        "        file interactive-commands {",
        "            interactive-commands any;",
        "        }",
        "    }",
        "    ntp {",
    ]
    if not h.ntp_no_auth:
        out += [
            f'        authentication-key 1 type sha256 value "{junos9(rng, 20)}"; ## SECRET-DATA',
            f"        server {nw.NTP_SERVER} key 1;",
            "        trusted-key 1;",
        ]
    else:
        out.append(f"        server {nw.NTP_SERVER};")
    out += [
        "    }",
        "}",
        "snmp {",
        f'    location "{dev.site.upper()} POP";',
        '    contact "noc@lab-carrier.net";',
    ]
    if h.snmp_community:
        out += [f'    community "{_community(rng)}" {{', "        authorization read-only;", "    }"]
    out += [
        "    v3 {",
        "        usm {",
        "            local-engine {",
        "                user nms {",
        "                    authentication-sha256 {",
        f'                        authentication-key "{junos9(rng, 40)}"; ## SECRET-DATA',
        "                    }",
        "                    privacy-aes128 {",
        f'                        privacy-key "{junos9(rng, 40)}"; ## SECRET-DATA',
        "                    }",
        "                }",
        "            }",
        "        }",
        "    }",
        "}",
        "interfaces {",
    ]
    nbrs = peers(net, dev)
    for i, ifname in enumerate(dev.interfaces()):
        out.append(f"    {ifname} {{")
        if i < len(nbrs):
            addr, _ = link_addr(dev, i)
            out += [
                f'        description "core: {nbrs[i].hostname}";',
                "        unit 0 {",
                "            family inet {",
                f"                address {addr}/30;",
                "            }",
                "            family mpls;",
                "        }",
            ]
        else:
            out.append("        disable;")
        out.append("    }")
    out += [
        "    fxp0 {",
        "        unit 0 {",
        "            family inet {",
        f"                address {dev.mgmt_ip}/24;",
        "            }",
        "        }",
        "    }",
        "    lo0 {",
        "        unit 0 {",
        "            family inet {",
        "                filter {",
        "                    input PROTECT-RE;",
        "                }",
        f"                address {mods.loopback or dev.loopback_ip}/32;",
        "            }",
        "        }",
        "    }",
        "}",
        "routing-options {",
        "    static {",
        f"        route 0.0.0.0/0 next-hop 10.0.{100 + dev.site_idx}.254;",
        "    }",
        f"    router-id {dev.loopback_ip};",
        f"    autonomous-system {nw.ASN};",
        "}",
        "protocols {",
        "    bgp {",
        "        group IBGP {",
        "            type internal;",
        f"            local-address {dev.loopback_ip};",
    ]
    for p in nbrs:
        out += [
            f"            neighbor {p.loopback_ip} {{",
            f'                description "{p.hostname}";',
            "            }",
        ]
    out += [
        "        }",
        "    }",
        "    ospf {",
        "        area 0.0.0.0 {",
        "            interface lo0.0 {",
        "                passive;",
        "            }",
    ]
    for ifname in dev.interfaces()[: len(nbrs)]:
        out += [
            f"            interface {ifname}.0 {{",
            "                interface-type p2p;",
            "            }",
        ]
    out += [
        "        }",
        "    }",
        "    lldp {",
        "        interface all;",
        "    }",
        "}",
        "firewall {",
        "    family inet {",
        "        filter PROTECT-RE {",
        "            term MGMT {",
        "                from {",
        "                    source-address {",
        f"                        {nw.MGMT_SUBNET};",
        "                    }",
        "                    protocol [ tcp udp ];",
        "                    destination-port [ ssh snmp netconf ];",
        "                }",
        "                then accept;",
        "            }",
        "            term ROUTING {",
        "                from {",
        "                    protocol [ ospf tcp ];",
        "                }",
        "                then accept;",
        "            }",
        "            term DENY-MGMT {",
        "                from {",
        "                    destination-port [ ssh telnet snmp http https ];",
        "                }",
        "                then {",
        "                    count denied-mgmt;",
        "                    log;",
        "                    discard;",
        "                }",
        "            }",
        "            term DEFAULT {",
        "                then accept;",
        "            }",
        "        }",
        "    }",
        "}",
    ]
    return out


def render_eos(dev: Device, net: Network, rng: random.Random, mods: ConfigMods) -> list[str]:
    h = dev.hardening
    out = [
        "! Command: show running-config",
        f"! device: {dev.hostname} ({dev.model}, EOS-{dev.os_version})",
        "!",
        f"! boot system flash:/EOS-{dev.os_version}.swi",
        "!",
        "no aaa root",
        "!",
        f"username admin privilege 15 role network-admin secret sha512 {sha512crypt(rng)}",
    ]
    if h.md5_secret or h.type7_passwords:
        out.append(f"username breakglass privilege 15 role network-admin secret 5 {md5crypt(rng)}")
    else:
        out.append(f"username breakglass privilege 15 role network-admin secret sha512 {sha512crypt(rng)}")
    out += [
        "!",
        "transceiver qsfp default-mode 4x10G",
        "!",
        "service routing protocols model multi-agent",
        "!",
        f"logging host {nw.SYSLOG_COLLECTOR}",
        "logging format timestamp high-resolution",
        "logging source-interface Management1",
        "!",
        f"hostname {dev.hostname}",
        "ip domain-name lab-carrier.net",
        "!",
    ]
    if not h.ntp_no_auth:
        out += [
            f"ntp authentication-key 1 md5 7 {type7(rng, 8)}",
            "ntp trusted-key 1",
            "ntp authenticate",
            f"ntp server {nw.NTP_SERVER} key 1",
        ]
    else:
        out.append(f"ntp server {nw.NTP_SERVER}")
    out.append("!")
    if h.snmp_community:
        out.append(f"snmp-server community {_community(rng)} ro SNMP-ACL")
    out += [
        "snmp-server group NMS-GRP v3 priv",
        "snmp-server user nms NMS-GRP v3 localized "
        f"{rng.getrandbits(64):016x} auth sha256 {rng.getrandbits(160):040x} "
        f"priv aes {rng.getrandbits(128):032x}",
        f"snmp-server host {nw.NMS} version 3 priv nms",
        "!",
    ]
    out.append(
        f"tacacs-server key 7 {type7(rng, 10)}" if h.tacacs_key7 else f"tacacs-server key 8a {_b64(rng)}"
    )
    out += [f"tacacs-server host {ip}" for ip in nw.TACACS_SERVERS]
    out += [
        "!",
        "aaa group server tacacs+ TACACS-GRP",
        *[f"   server {ip}" for ip in nw.TACACS_SERVERS],
        "!",
        "aaa authentication login default group TACACS-GRP local",
        "aaa authorization exec default group TACACS-GRP local",
        "aaa authorization commands all default group TACACS-GRP local",
        "aaa accounting exec default start-stop group TACACS-GRP",
        "aaa accounting commands all default start-stop group TACACS-GRP",
        "!",
        "spanning-tree mode mstp",
        "!",
        "vlan 100-110",
        "!",
    ]
    nbrs = peers(net, dev)
    for i, ifname in enumerate(dev.interfaces()):
        out.append(f"interface {ifname}")
        if i < len(nbrs):
            addr, _ = link_addr(dev, i)
            out += [
                f"   description uplink: {nbrs[i].hostname}",
                "   mtu 9214",
                "   no switchport",
                f"   ip address {addr}/30",
                "   ip ospf network point-to-point",
                "   ip ospf area 0.0.0.0",
            ]
        else:
            out += [f"   description access: vlan {100 + i}", f"   switchport access vlan {100 + i}"]
        out.append("!")
    out += [
        "interface Loopback0",
        f"   ip address {mods.loopback or dev.loopback_ip}/32",
        "!",
        "interface Management1",
        f"   ip address {dev.mgmt_ip}/24",
        "!",
        "ip access-list MGMT-ONLY",
        "   10 permit tcp 10.255.0.0/16 any eq ssh",
        "   20 permit udp 10.255.0.0/16 any eq snmp",
        "   30 deny ip any any log",
        "!",
        "ip access-list standard SNMP-ACL",
        f"   10 permit host {nw.NMS}",
        "!",
        "ip routing",
        "!",
        f"ip route 0.0.0.0/0 10.0.{100 + dev.site_idx}.254",
        "!",
        "router ospf 1",
        f"   router-id {dev.loopback_ip}",
        "   max-lsa 12000",
        "!",
        "management ssh",
    ]
    if not h.no_access_class:
        out.append("   ip access-group MGMT-ONLY in")
    out.append("   idle-timeout 0" if h.exec_timeout_zero else "   idle-timeout 10")
    out.append("!")
    if h.telnet:
        out += ["management telnet", "   no shutdown", "!"]
    out.append("end")
    return out


def _community(rng: random.Random) -> str:
    return rng.choice(("c0rpN0C", "netm0n", "lab-ro", "pr1vate")) + str(rng.randrange(10, 99))


def _b64(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(rng.choice(alphabet) for _ in range(22)) + "=="
