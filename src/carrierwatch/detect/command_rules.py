"""Behaviour rules over the commands operators (and intruders) type on devices.

Sources for the behaviours: AA25-239A as summarised in docs/guidance.md#salt-typhoon-behaviours and #hunting
(HUNT-* ids) and the CISA/NSA hardening guidance (EVH-* ids); ATT&CK ids from MITRE ATT&CK v18.1 G1045.
Command syntax is Cisco IOS XE / NX-OS / IOS XR CLI; the patterns are deliberately prefix-based so that
abbreviations the parser logs in full (``%PARSER-5-CFGLOG_LOGGEDCMD`` and TACACS+ ``cmd=`` both record the
expanded command) match.
"""

from __future__ import annotations

from carrierwatch.detect.rule import SqlDetection, cmd_rule, sql_regex
from carrierwatch.findings import Severity
from carrierwatch.workspace import HuntSettings

H = Severity.HIGH
C = Severity.CRITICAL

#: The workspace settings the non-standard-port rules are built from (the audit check CW-HUNT-MGMT-PORT and the
#: flow rule CW-HUNT-NONSTD-PORT-TRAFFIC read the same ones).
PORT_TUNABLES = ("nonstandard_ssh_regex", "nonstandard_http_regex")


def command_rules(settings: HuntSettings | None = None) -> list[SqlDetection]:
    """The command rules, with the port patterns of ``settings`` (default: the workspace defaults)."""
    s = settings or HuntSettings()
    ssh, http = sql_regex(s.nonstandard_ssh_regex), sql_regex(s.nonstandard_http_regex)
    return [
        cmd_rule(
            "CW-HUNT-LOG-CLEAR",
            "Command cleared the device logs or stopped log forwarding",
            H,
            r"regexp_matches(c.cmd, '^(clear logging|clear log|no logging (host|on|trap|buffered|[0-9])|"
            r"no logging$|logging off|clear archive)')",
            attack=("T1070", "T1562"),
            references=("HUNT-07", "EVH-V06"),
            remediation="Restore `logging host <collector>` and find who ran the command; pull the device's AAA "
            "accounting for the window and compare the running config with the golden copy.",
        ),
        cmd_rule(
            "CW-HUNT-PCAP",
            "On-box packet capture command run",
            H,
            r"regexp_matches(c.cmd, '^(monitor capture|debug packet|no monitor capture|tcpdump|tpacap|run tcpdump)')"
            r" OR regexp_matches(c.cmd, '[.]pcap')",
            sev=r"CASE WHEN regexp_matches(c.cmd, '(eq 49|eq tacacs|tac[.]pcap|port 49)') THEN 'critical' END",
            attack=("T1040",),
            references=("HUNT-03", "EVH-V10"),
            remediation="Stop and delete the capture (`no monitor capture <name>`), remove `.pcap` files from "
            "bootflash:/harddisk:, and rotate the TACACS+/RADIUS shared secrets if TCP/49 was captured.",
        ),
        cmd_rule(
            "CW-HUNT-GUESTSHELL",
            "Guest Shell / IOx / app-hosting command run",
            H,
            r"regexp_matches(c.cmd, '^(guestshell|run guestshell|iox$|app-hosting|dohost|chvrf|run bash)')",
            attack=("T1609", "T1610"),
            references=("HUNT-06", "EVH-C02"),
            remediation="`guestshell destroy`, `no iox` and `no app-hosting appid guestshell` unless there is a "
            "documented need; collect the container's logs before removing it.",
        ),
        cmd_rule(
            "CW-HUNT-AAA-REPOINT",
            "AAA (TACACS+/RADIUS) server entry changed",
            Severity.MEDIUM,
            r"(regexp_matches(c.cmd, '^(tacacs-server host|radius-server host)')"
            r" OR (regexp_matches(c.cmd, '^address ipv[46] ')"
            r"     AND regexp_matches(coalesce(c.prev_cmd, ''), '^(tacacs server|radius server)')))",
            title_key="AAA (TACACS+/RADIUS) server changed to {key}",
            key="c.cmd_ip",
            key_name="address",
            sev="CASE WHEN c.cmd_ip IS NOT NULL AND NOT coalesce(c.cmd_ip_aaa, FALSE) THEN 'critical' END",
            attack=("T1556",),
            references=("HUNT-04", "EVH-H09"),
            tunables=("aaa_servers",),
            concepts=("aaa-server-allowlist",),
            remediation="Point AAA back at the allow-listed servers, rotate the shared secrets (`key 6 ...`), and "
            "review every login authenticated while the server entry was changed.",
        ),
        cmd_rule(
            "CW-HUNT-TUNNEL",
            "Tunnel interface created or its mode changed",
            Severity.MEDIUM,
            r"regexp_matches(c.cmd, '^(tunnel destination|tunnel mode gre|tunnel mode ipsec|interface tunnel)')",
            title_key="Tunnel interface pointed at {key}",
            key="c.cmd_ip",
            key_name="address",
            sev="CASE WHEN c.cmd_ip IS NOT NULL AND NOT coalesce(c.cmd_ip_tunnel_peer, FALSE) "
            "AND NOT coalesce(c.cmd_ip_device, FALSE) THEN 'high' END",
            attack=("T1572",),
            references=("HUNT-05", "EVH-V09"),
            tunables=("tunnel_peers",),
            concepts=("tunnel-peer-allowlist",),
            remediation="Remove the tunnel (`no interface TunnelN`) unless it is in the approved design; check "
            "flows for GRE (proto 47) / ESP (50) to <address>.",
        ),
        cmd_rule(
            "CW-HUNT-NONSTD-MGMT-PORT",
            "Management service moved to a non-standard port",
            H,
            f"(regexp_matches(c.cmd, '^ip ssh port {ssh}( |$)') AND NOT regexp_matches(c.cmd, '^ip ssh port 22( |$)'))"
            f" OR regexp_matches(c.cmd, '^ip http (secure-)?port {http}( |$)')"
            r" OR regexp_matches(c.cmd, 'sshd_operns|57722')",
            attack=("T1571", "T1021.004"),
            references=("HUNT-02",),
            tunables=PORT_TUNABLES,
            concepts=("nonstandard-mgmt-port",),
            remediation="Remove the extra listener (`no ip ssh port <n> rotary <g>`, `no ip http port`, on IOS XR "
            "`service sshd_operns stop` and remove it from chkconfig).",
        ),
        cmd_rule(
            "CW-HUNT-LOOPBACK-CHANGE",
            "Loopback interface address changed",
            H,
            r"regexp_matches(c.cmd, '^ipv?[46]? ?address ')"
            r" AND regexp_matches(coalesce(c.prev_cmd, ''), '^interface loopback')",
            title_key="Loopback interface address changed to {key}",
            key="c.cmd_ip",
            key_name="address",
            attack=("T1021.004", "T1562.004"),
            references=("HUNT-01",),
            remediation="Restore the loopback address from the golden config and review SSH sessions sourced from "
            "<address> (AAA accounting `rem_addr`).",
        ),
        cmd_rule(
            "CW-HUNT-MGMT-ACL-EDIT",
            "Permit entry added to an access list",
            Severity.LOW,
            r"(regexp_matches(c.cmd, '^access-list [0-9]+ permit ')"
            r" OR (regexp_matches(c.cmd, '^[0-9]* ?permit ')"
            r"     AND regexp_matches(coalesce(c.prev_cmd, ''),"
            r" '^(ip access-list|ipv6 access-list|[0-9]* ?permit )')))",
            title_key="Access list edited to permit {key}",
            key="c.cmd_ip",
            key_name="address",
            sev="CASE WHEN c.cmd_ip IS NOT NULL AND NOT coalesce(c.cmd_ip_mgmt, FALSE) "
            "AND NOT coalesce(c.cmd_ip_device, FALSE) THEN 'high' END",
            attack=("T1562.004",),
            references=("HUNT-01", "EVH-H07"),
            remediation="Remove the entry (`no access-list N permit <address>` or `ip access-list standard N` / "
            "`no <seq>`); management ACLs must permit only the management subnets.",
        ),
        cmd_rule(
            "CW-HUNT-CONFIG-EXFIL",
            "Configuration or capture copied off the device",
            H,
            r"regexp_matches(c.cmd, '^copy ') AND regexp_matches(c.cmd, '(tftp:|ftp:|scp:|sftp:|http:|https:)')"
            r" AND (regexp_matches(c.cmd, '(tftp:|ftp:)') OR NOT coalesce(c.cmd_ip_file_server, FALSE))",
            title_key="Configuration or capture copied off the device to {key}",
            key="c.cmd_ip",
            key_name="address",
            sev="CASE WHEN c.cmd_ip IS NOT NULL AND NOT coalesce(c.cmd_ip_internal, FALSE) THEN 'critical' END",
            attack=("T1048.003", "T1602.002"),
            references=("HUNT-08", "EVH-H21"),
            remediation="Send configs only to the approved archive over SCP/SFTP (`archive path scp://...`); block "
            "TFTP/FTP from devices at the edge and rotate every secret the copied configuration held.",
        ),
        cmd_rule(
            "CW-HUNT-LOCAL-ACCOUNT",
            "Local account created or changed",
            Severity.MEDIUM,
            r"regexp_matches(c.cmd, '^username [^ ]+ (privilege 15|secret|password|algorithm-type)')"
            r" OR regexp_matches(c.cmd, '^(useradd|adduser|usermod) ')",
            title_key="Local account {key} created or changed",
            key="regexp_extract(c.cmd, '^username ([^ ]+)', 1)",
            key_name="name",
            sev="CASE WHEN regexp_matches(c.cmd, '(cisco_tac_admin|cisco_support|cisco_sys_manager)') "
            "THEN 'critical' END",
            attack=("T1136.001", "T1098"),
            references=("EVH-H29", "EVH-V05"),
            remediation="Remove accounts that are not in the break-glass inventory (`no username <name>`).",
        ),
    ]


#: The rules with the default settings (a run builds them from its workspace: ``command_rules(settings)``).
COMMAND_RULES: list[SqlDetection] = command_rules()
