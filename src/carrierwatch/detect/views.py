"""Derived views every detection reads: device identity, the unified command stream, address classes.

Built once per run on top of the raw ``syslog``, ``aaa`` and ``flows`` tables plus two small tables the
runner computes in Python: ``assets`` (ip/name -> device) and ``ipclass`` (one row per distinct address seen,
with its allow-list memberships). Classifying the distinct addresses in Python keeps IPv6 and CIDR maths
out of SQL (so the same SQL runs on DuckDB and Spark) and makes every detection a plain equi-join.
"""

from __future__ import annotations

from carrierwatch.detect.rule import IPV4_RE

#: Distinct addresses the run has seen, for ipclass. Evaluated before ipclass exists.
DISTINCT_IPS_SQL = f"""
SELECT DISTINCT ip FROM (
  SELECT source_ip AS ip FROM flows UNION ALL SELECT destination_ip FROM flows
  UNION ALL SELECT source_ip FROM syslog UNION ALL SELECT host_ip FROM syslog
  UNION ALL SELECT source_ip FROM aaa UNION ALL SELECT host_ip FROM aaa
  UNION ALL SELECT regexp_extract(command, '{IPV4_RE}', 1) FROM syslog WHERE command IS NOT NULL
  UNION ALL SELECT regexp_extract(command, '{IPV4_RE}', 1) FROM aaa WHERE command IS NOT NULL
) t WHERE ip IS NOT NULL AND ip <> ''
"""

VIEWS: list[tuple[str, str]] = [
    (
        "syslog_dev",
        """
SELECT s.*, COALESCE(an.device, ai.device, s.host_name, s.host_ip) AS device
FROM syslog s
LEFT JOIN assets an ON an.kind = 'name' AND an.key = lower(s.host_name)
LEFT JOIN assets ai ON ai.kind = 'ip' AND ai.key = s.host_ip
""",
    ),
    (
        "aaa_dev",
        """
SELECT a.*, COALESCE(ai.device, an.device, a.host_name, a.host_ip) AS device
FROM aaa a
LEFT JOIN assets ai ON ai.kind = 'ip' AND ai.key = a.host_ip
LEFT JOIN assets an ON an.kind = 'name' AND an.key = lower(a.host_name)
""",
    ),
    (
        "commands",
        """
SELECT device, ts, user_name, source_ip, command, raw, src_file, src_line, 'syslog' AS origin
FROM syslog_dev WHERE command IS NOT NULL AND command <> ''
UNION ALL
SELECT device, ts, user_name, source_ip, command, raw, src_file, src_line, 'aaa' AS origin
FROM aaa_dev WHERE command IS NOT NULL AND command <> ''
""",
    ),
    (
        "commands_ctx",
        f"""
SELECT c.*,
  lower(trim(c.command)) AS cmd,
  lower(trim(LAG(c.command) OVER (PARTITION BY c.device, c.user_name, c.origin
                                  ORDER BY c.ts, c.src_file, c.src_line))) AS prev_cmd,
  k.ip AS cmd_ip, k.internal AS cmd_ip_internal, k.mgmt AS cmd_ip_mgmt, k.aaa AS cmd_ip_aaa,
  k.file_server AS cmd_ip_file_server, k.tunnel_peer AS cmd_ip_tunnel_peer, k.device_net AS cmd_ip_device
FROM commands c
LEFT JOIN ipclass k ON k.ip = regexp_extract(c.command, '{IPV4_RE}', 1)
""",
    ),
    (
        "flows_dev",
        """
SELECT f.*,
  sk.device AS src_device, dk.device AS dst_device,
  COALESCE(sk.device_net, FALSE) AS src_is_device, COALESCE(dk.device_net, FALSE) AS dst_is_device,
  COALESCE(sk.mgmt, FALSE) AS src_mgmt, COALESCE(dk.mgmt, FALSE) AS dst_mgmt,
  COALESCE(sk.nms, FALSE) AS src_nms,
  COALESCE(dk.aaa, FALSE) AS dst_aaa, COALESCE(dk.file_server, FALSE) AS dst_file_server,
  COALESCE(dk.tunnel_peer, FALSE) OR COALESCE(dk.device_net, FALSE) AS dst_tunnel_ok,
  COALESCE(sk.tunnel_peer, FALSE) OR COALESCE(sk.device_net, FALSE) AS src_tunnel_ok,
  COALESCE(dk.internal, FALSE) AS dst_internal, COALESCE(sk.internal, FALSE) AS src_internal
FROM flows f
LEFT JOIN ipclass sk ON sk.ip = f.source_ip
LEFT JOIN ipclass dk ON dk.ip = f.destination_ip
""",
    ),
]
