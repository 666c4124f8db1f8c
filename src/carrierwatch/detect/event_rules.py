"""Behaviour rules over device syslog events and flows.

Mnemonics: Cisco IOS XE system message guide (``%SEC_LOGIN-5-LOGIN_SUCCESS``, ``%SYS-6-LOGGINGHOST_STARTSTOP``,
``%WEBUI-6-INSTALL_OPERATION_INFO``); the CVE-2023-20198 trace follows the SigmaHQ rule
``cisco_syslog_cve_2023_20198_ios_xe_web_ui.yml`` (DRL 1.1) and Cisco's advisory cisco-sa-iosxe-webui-privesc-j22SaA4z.
Ports: IANA (TACACS+ 49/tcp, RADIUS 1812-1813/udp and legacy 1645-1646, TFTP 69/udp, FTP 21/tcp, Smart Install
4786/tcp per CVE-2018-0171); non-standard management ports per AA25-239A (docs/guidance.md#hunt-02).
"""

from __future__ import annotations

from carrierwatch.detect.command_rules import PORT_TUNABLES
from carrierwatch.detect.rule import SqlDetection, sql_regex
from carrierwatch.findings import Severity
from carrierwatch.workspace import HuntSettings

_SYSLOG_COLS = "s.device, s.ts, s.src_file, s.src_line, s.raw"
_FLOW_COLS = "f.ts, f.src_file, f.src_line, f.raw"



def event_rules(settings: HuntSettings | None = None) -> list[SqlDetection]:
    """The syslog and flow rules, with the port patterns of ``settings`` (default: the workspace defaults)."""
    s = settings or HuntSettings()
    ssh, http = sql_regex(s.nonstandard_ssh_regex), sql_regex(s.nonstandard_http_regex)
    return [*_FIXED, _nonstandard_port_traffic(ssh, http), _SNMP_NON_NMS]


_FIXED: list[SqlDetection] = [
    SqlDetection(
        "CW-HUNT-WEBUI-IMPLANT",
        "IOS XE Web UI implant account seen in device logs (CVE-2023-20198)",
        Severity.CRITICAL,
        f"""
SELECT {_SYSLOG_COLS}, CAST(NULL AS VARCHAR) AS key,
  CAST(NULL AS VARCHAR) AS sev
FROM syslog_dev s
WHERE s.event_code IN ('WEBLOGIN_SUCCESS', 'INSTALL_OPERATION_INFO', 'CONFIG_P')
  AND regexp_matches(lower(s.raw), '(cisco_tac_admin|cisco_support|cisco_sys_manager)')
""",
        attack=("T1190", "T1136.001"),
        references=("CVE-2023-20198", "CVE-2023-20273", "cisco-sa-iosxe-webui-privesc-j22SaA4z", "HUNT-01"),
        remediation="Isolate the device, follow Cisco's IOS XE forensic guide, `no ip http server` and "
        "`no ip http secure-server`, remove the implant accounts and upgrade to a fixed release.",
    ),
    SqlDetection(
        "CW-HUNT-LOGGING-STOPPED",
        "Logging to a collector stopped",
        Severity.HIGH,
        f"""
SELECT {_SYSLOG_COLS}, CAST(NULL AS VARCHAR) AS key,
  CAST(NULL AS VARCHAR) AS sev
FROM syslog_dev s
WHERE s.event_code = 'LOGGINGHOST_STARTSTOP' AND regexp_matches(lower(s.message), 'stopped')
""",
        attack=("T1562", "T1070"),
        references=("HUNT-07", "EVH-V06"),
        remediation="Restore `logging host <collector>`; treat the silent period as suspect and pull AAA "
        "accounting for it.",
    ),
    SqlDetection(
        "CW-HUNT-ADMIN-LOGIN-OUTSIDE-MGMT",
        "Administrative login from outside the management network",
        Severity.HIGH,
        f"""
SELECT {_SYSLOG_COLS}, s.source_ip AS key,
  CASE WHEN coalesce(k.device_net, FALSE) THEN 'medium' END AS sev
FROM syslog_dev s JOIN ipclass k ON k.ip = s.source_ip
WHERE (s.event_code IN ('LOGIN_SUCCESS', 'WEBLOGIN_SUCCESS', 'SSH2_USERAUTH', 'LOGIN_ACCEPTED')
       OR regexp_matches(s.raw, 'Accepted (password|publickey|keyboard-interactive/pam) for'))
  AND NOT coalesce(k.mgmt, FALSE)
UNION ALL
SELECT a.device, a.ts, a.src_file, a.src_line, a.raw, a.source_ip AS key,
  CASE WHEN coalesce(k.device_net, FALSE) THEN 'medium' END AS sev
FROM aaa_dev a JOIN ipclass k ON k.ip = a.source_ip
WHERE a.event_type = 'start' AND NOT coalesce(k.mgmt, FALSE)
""",
        attack=("T1078", "T1021.004"),
        references=("EVH-V04", "EVH-H01", "EVH-H04", "EVH-V05"),
        needs_allow=("management_subnets",),
        title_key="Administrative login from {key}, outside the management network",
        remediation="Confirm the session with the account owner; if unknown, disable the account, rotate its "
        "credentials and restrict VTY access-class to the management subnets.",
    ),
    SqlDetection(
        "CW-HUNT-AAA-TRAFFIC-UNLISTED",
        "TACACS+/RADIUS traffic from a device to a host not on the aaa_servers allow-list",
        Severity.CRITICAL,
        f"""
SELECT COALESCE(f.src_device, f.source_ip) AS device, {_FLOW_COLS}, f.destination_ip AS key,
  CAST(NULL AS VARCHAR) AS sev
FROM flows_dev f
WHERE f.src_is_device AND NOT f.dst_aaa
  AND ((f.network_iana_number = 6 AND f.destination_port = 49)
       OR (f.network_iana_number = 17 AND f.destination_port IN (1812, 1813, 1645, 1646)))
""",
        attack=("T1556", "T1040"),
        references=("HUNT-04",),
        needs_allow=("aaa_servers",),
        concepts=("aaa-server-allowlist",),
        title_key="TACACS+/RADIUS traffic from a device to {key}, not an allow-listed AAA server",
        remediation="Check the device's AAA server entries against the allow-list, block TCP/49 and UDP/1812-1813 "
        "to anything else at the edge, rotate the shared secrets.",
    ),
    SqlDetection(
        "CW-HUNT-FILE-TRANSFER-OUT",
        "TFTP/FTP/SFTP from a device to a host that is not an approved file server",
        Severity.HIGH,
        f"""
SELECT COALESCE(f.src_device, f.source_ip) AS device, {_FLOW_COLS}, f.destination_ip AS key,
  CASE WHEN NOT f.dst_internal THEN 'critical' END AS sev
FROM flows_dev f
WHERE f.src_is_device AND NOT f.dst_file_server
  AND ((f.network_iana_number = 17 AND f.destination_port = 69)
       OR (f.network_iana_number = 6 AND f.destination_port IN (20, 21))
       OR (f.network_iana_number = 6 AND f.destination_port = 22 AND f.source_port >= 1024
           AND NOT f.dst_internal))
""",
        attack=("T1048.003",),
        references=("HUNT-08", "EVH-H21"),
        title_key="TFTP/FTP/SFTP from a device to {key}",
        remediation="Block TFTP/FTP from device address space; send configs only over SCP/SFTP to the archive.",
    ),
    SqlDetection(
        "CW-HUNT-TUNNEL-TRAFFIC",
        "GRE/ESP/IKE between a device and a host that is not an expected tunnel peer",
        Severity.HIGH,
        f"""
SELECT COALESCE(f.src_device, f.source_ip) AS device, {_FLOW_COLS}, f.destination_ip AS key,
  CAST(NULL AS VARCHAR) AS sev
FROM flows_dev f
WHERE f.src_is_device AND NOT f.dst_tunnel_ok
  AND (f.network_iana_number IN (47, 50) OR (f.network_iana_number = 17 AND f.destination_port IN (500, 4500)))
UNION ALL
SELECT COALESCE(f.dst_device, f.destination_ip) AS device, {_FLOW_COLS}, f.source_ip AS key,
  CAST(NULL AS VARCHAR) AS sev
FROM flows_dev f
WHERE f.dst_is_device AND NOT f.src_tunnel_ok
  AND (f.network_iana_number IN (47, 50) OR (f.network_iana_number = 17 AND f.destination_port IN (500, 4500)))
""",
        attack=("T1572", "T1095"),
        references=("HUNT-05", "EVH-V09"),
        tunables=("tunnel_peers",),
        concepts=("tunnel-peer-allowlist",),
        title_key="GRE/ESP/IKE between a device and {key}, not an expected tunnel peer",
        remediation="Find the tunnel interface on the device and remove it unless approved; add legitimate peers "
        "to the tunnel_peers allow-list.",
    ),
    SqlDetection(
        "CW-HUNT-SMART-INSTALL",
        "Smart Install (TCP/4786) reached a device from outside the management network",
        Severity.HIGH,
        f"""
SELECT COALESCE(f.dst_device, f.destination_ip) AS device, {_FLOW_COLS}, f.source_ip AS key,
  CASE WHEN NOT f.src_internal THEN 'critical' END AS sev
FROM flows_dev f
WHERE f.dst_is_device AND f.network_iana_number = 6 AND f.destination_port = 4786 AND NOT f.src_mgmt
""",
        attack=("T1190",),
        references=("CVE-2018-0171", "EVH-C01", "HUNT-02"),
        title_key="Smart Install (TCP/4786) reached a device from {key}",
        remediation="`no vstack` on every switch; block TCP/4786 at the edge.",
    ),
]


def _nonstandard_port_traffic(ssh: str, http: str) -> SqlDetection:
    """Flows to a device on a port matching the workspace's non-standard SSH/HTTP patterns (or 57722)."""
    return SqlDetection(
        "CW-HUNT-NONSTD-PORT-TRAFFIC",
        "Traffic to a device on a non-standard management port",
        Severity.HIGH,
        f"""
SELECT COALESCE(f.dst_device, f.destination_ip) AS device, {_FLOW_COLS}, CAST(f.destination_port AS VARCHAR) AS key,
  CAST(NULL AS VARCHAR) AS sev
FROM flows_dev f
WHERE f.dst_is_device AND f.network_iana_number = 6 AND f.source_port >= 1024
  AND ((regexp_matches(CAST(f.destination_port AS VARCHAR), '^{ssh}$') AND f.destination_port <> 22)
       OR regexp_matches(CAST(f.destination_port AS VARCHAR), '^{http}$')
       OR f.destination_port = 57722)
""",
        attack=("T1571",),
        references=("HUNT-02",),
        title_key="Traffic to a device on non-standard management port {key}",
        tunables=PORT_TUNABLES,
        concepts=("nonstandard-mgmt-port",),
        remediation="Find the listener (`show control-plane host open-ports`) and remove it.",
    )


_SNMP_NON_NMS = SqlDetection(
    "CW-HUNT-SNMP-NON-NMS",
    "SNMP to a device from a host not on the nms allow-list",
    Severity.MEDIUM,
    f"""
SELECT COALESCE(f.dst_device, f.destination_ip) AS device, {_FLOW_COLS}, f.source_ip AS key,
  CAST(NULL AS VARCHAR) AS sev
FROM flows_dev f
WHERE f.dst_is_device AND f.network_iana_number = 17 AND f.destination_port = 161
  AND NOT f.src_nms AND NOT f.src_is_device
""",
    attack=("T1602.001",),
    references=("HUNT-09", "EVH-H10"),
    needs_allow=("nms",),
    title_key="SNMP to a device from {key}, not an allow-listed NMS",
    remediation="Restrict SNMP with an ACL of NMS addresses (`snmp-server group G v3 priv access <acl>`).",
)


#: The rules with the default settings (a run builds them from its workspace: ``event_rules(settings)``).
EVENT_RULES: list[SqlDetection] = event_rules()
