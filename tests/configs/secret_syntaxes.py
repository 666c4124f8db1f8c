"""Canary table for the masking property test: secret-bearing syntaxes per platform and protocol.

Each row is (platform, protocol, line) with ``{S}`` where the device writes the secret. The lines follow the
vendors' command references (Cisco IOS/IOS XE Security and IP Routing command references, Cisco NX-OS Security
Configuration Guide, Cisco IOS XR System Security and Routing command references, Juniper Junos CLI Reference,
Arista EOS User Manual). This table is kept apart from the masker's own table (``carrierwatch.masking``) on
purpose: each checks the other. Also used for accounting (``cmd=``) and syslog (``logged command:``) forms.
"""

from __future__ import annotations

CANARY_ROWS: list[tuple[str, str, str]] = [
    # ---- Cisco IOS / IOS XE -----------------------------------------------------------------------------
    ("ios", "local user", "username admin privilege 15 secret 9 {S}"),
    ("ios", "local user", "username admin password 7 {S}"),
    ("ios", "local user", "username ops algorithm-type scrypt secret {S}"),
    ("ios", "enable", "enable secret 9 {S}"),
    ("ios", "enable", "enable secret level 15 5 {S}"),
    ("ios", "enable", "enable password {S}"),
    ("ios", "line", " password 7 {S}"),
    ("ios", "snmp", "snmp-server community {S} RO 20"),
    ("ios", "snmp", "snmp-server community {S} RW"),
    ("ios", "snmp", "snmp-server host 192.0.2.9 version 2c {S}"),
    ("ios", "snmp", "snmp-server host 192.0.2.9 vrf MGMT version 2c {S}"),
    ("ios", "snmp", "snmp-server host 192.0.2.9 informs version 2c {S} config"),
    ("ios", "snmp", "snmp-server host 192.0.2.9 {S}"),
    ("ios", "snmp", "snmp-server user ops OPS v3 auth sha {S} priv aes 256 {S}"),
    ("ios", "aaa", "tacacs-server key 7 {S}"),
    ("ios", "aaa", "tacacs-server host 192.0.2.1 key 7 {S}"),
    ("ios", "aaa", " key 7 {S}"),
    ("ios", "aaa", "radius-server key {S}"),
    ("ios", "aaa", "radius-server host 192.0.2.2 auth-port 1812 acct-port 1813 key 7 {S}"),
    ("ios", "aaa", " server-private 192.0.2.3 key 7 {S}"),
    ("ios", "bgp", " neighbor 192.0.2.2 password 7 {S}"),
    ("ios", "ospf", " ip ospf authentication-key 7 {S}"),
    ("ios", "ospf", " ip ospf message-digest-key 1 md5 7 {S}"),
    ("ios", "isis", " area-password {S}"),
    ("ios", "isis", " domain-password {S} authenticate snp validate"),
    ("ios", "isis", " isis password {S} level-2"),
    ("ios", "hsrp", " standby 1 authentication {S}"),
    ("ios", "hsrp", " standby 1 authentication text {S}"),
    ("ios", "hsrp", " standby 1 authentication md5 key-string 7 {S}"),
    ("ios", "vrrp", " vrrp 1 authentication text {S}"),
    ("ios", "vrrp", " vrrp 1 authentication md5 key-string {S}"),
    ("ios", "ntp", "ntp authentication-key 1 md5 {S} 7"),
    ("ios", "ntp", "ntp authentication-key 2 md5 {S}"),
    ("ios", "key chain", "  key-string 7 {S}"),
    ("ios", "key chain", "  key-string {S}"),
    ("ios", "ike", "crypto isakmp key {S} address 192.0.2.1"),
    ("ios", "ike", "crypto isakmp key 6 {S} address 0.0.0.0 0.0.0.0"),
    ("ios", "ike", "  pre-shared-key address 192.0.2.1 key {S}"),
    ("ios", "ike", "  pre-shared-key local {S}"),
    ("ios", "ike", "  pre-shared-key remote {S}"),
    ("ios", "wpa", " wpa-psk ascii 0 {S}"),
    ("ios", "wpa", "  security wpa psk set-key ascii 0 {S}"),
    ("ios", "ppp", " ppp chap password 7 {S}"),
    ("ios", "ldp", "mpls ldp neighbor 192.0.2.5 password 7 {S}"),
    ("ios", "master key", "key config-key password-encrypt {S}"),
    # ---- Cisco NX-OS ------------------------------------------------------------------------------------
    ("nxos", "local user", "username admin password 5 {S} role network-admin"),
    ("nxos", "snmp", "snmp-server community {S} group network-operator"),
    ("nxos", "snmp", "snmp-server user admin network-admin auth md5 {S} priv {S} localizedkey"),
    ("nxos", "snmp", "snmp-server user ops network-admin auth sha {S} priv aes-128 {S}"),
    ("nxos", "snmp", "snmp-server host 192.0.2.9 traps version 2c {S}"),
    ("nxos", "snmp", "snmp-server host 192.0.2.9 traps version 2c {S} udp-port 162"),
    ("nxos", "aaa", "tacacs-server key 7 \"{S}\""),
    ("nxos", "aaa", "tacacs-server host 192.0.2.1 key 7 \"{S}\""),
    ("nxos", "aaa", "radius-server host 192.0.2.2 key 7 \"{S}\" authentication accounting"),
    ("nxos", "bgp", "    password 3 {S}"),
    ("nxos", "ospf", "  ip ospf authentication-key 3 {S}"),
    ("nxos", "ospf", "  ip ospf message-digest-key 1 md5 3 {S}"),
    ("nxos", "hsrp", "    authentication text {S}"),
    ("nxos", "hsrp", "    authentication md5 key-string {S}"),
    ("nxos", "aaa", "radius-server key 7 \"{S}\""),
    ("nxos", "ntp", "ntp authentication-key 1 md5 {S} 7"),
    ("nxos", "key chain", "    key-string 7 {S}"),
    # ---- Cisco IOS XR -----------------------------------------------------------------------------------
    ("iosxr", "local user", " secret 10 {S}"),
    ("iosxr", "local user", " password 7 {S}"),
    ("iosxr", "bgp", "   password clear {S}"),
    ("iosxr", "bgp", "   password encrypted {S}"),
    ("iosxr", "snmp", "snmp-server community {S} RO"),
    ("iosxr", "snmp", "snmp-server host 192.0.2.9 traps version 2c {S}"),
    ("iosxr", "snmp", "snmp-server user ops OPS v3 auth sha encrypted {S} priv aes 128 encrypted {S}"),
    ("iosxr", "aaa", "tacacs-server host 192.0.2.1 port 49 key 7 {S}"),
    ("iosxr", "aaa", "radius-server key 7 {S}"),
    ("iosxr", "ospf", "   authentication-key encrypted {S}"),
    ("iosxr", "ospf", "   message-digest-key 1 md5 encrypted {S}"),
    ("iosxr", "isis", " lsp-password hmac-md5 encrypted {S}"),
    ("iosxr", "isis", "  hello-password hmac-md5 clear {S}"),
    ("iosxr", "ntp", "ntp authentication-key 1 md5 encrypted {S}"),
    ("iosxr", "key chain", "  key-string clear {S}"),
    ("iosxr", "key chain", "  key-string password {S}"),
    ("iosxr", "hsrp", "    authentication {S}"),
    # ---- Juniper Junos (set and curly) ------------------------------------------------------------------
    ("junos", "local user", 'set system login user ops authentication encrypted-password "{S}"'),
    ("junos", "local user", 'set system root-authentication encrypted-password "{S}"'),
    ("junos", "local user", '            encrypted-password "{S}"; ## SECRET-DATA'),
    ("junos", "aaa", 'set system tacplus-server 192.0.2.1 secret "{S}"'),
    ("junos", "aaa", 'set system radius-server 192.0.2.2 secret "{S}"'),
    ("junos", "aaa", '        secret "{S}"; ## SECRET-DATA'),
    ("junos", "snmp", "set snmp community {S} authorization read-only"),
    ("junos", "snmp", "    community {S} {{"),
    ("junos", "snmp", 'set snmp v3 usm local-engine user ops authentication-sha authentication-password "{S}"'),
    ("junos", "snmp", 'set snmp v3 usm local-engine user ops privacy-aes128 privacy-password "{S}"'),
    ("junos", "bgp", 'set protocols bgp group PEERS authentication-key "{S}"'),
    ("junos", "bgp", '        authentication-key "{S}"; ## SECRET-DATA'),
    ("junos", "ospf", 'set protocols ospf area 0 interface ge-0/0/0.0 authentication md5 1 key "{S}"'),
    ("junos", "ospf", 'set protocols ospf area 0 interface ge-0/0/1.0 authentication simple-password "{S}"'),
    ("junos", "isis", 'set protocols isis level 2 authentication-key "{S}"'),
    ("junos", "vrrp", 'set interfaces ge-0/0/2 unit 0 family inet address 192.0.2.10/24 vrrp-group 1 '
                      'authentication-key "{S}"'),
    ("junos", "ntp", 'set system ntp authentication-key 1 type md5 value "{S}"'),
    ("junos", "ntp", '        value "{S}"; ## SECRET-DATA'),
    ("junos", "ike", 'set security ike policy IKE-POL pre-shared-key ascii-text "{S}"'),
    ("junos", "ike", 'set security ike policy IKE-POL pre-shared-key hexadecimal {S}'),
    ("junos", "ike", '        pre-shared-key ascii-text "{S}"; ## SECRET-DATA'),
    ("junos", "ldp", 'set protocols ldp session 192.0.2.5 authentication-key "{S}"'),
    ("junos", "ppp", 'set access profile P client C chap-secret "{S}"'),
    # ---- Arista EOS -------------------------------------------------------------------------------------
    ("eos", "local user", "username admin privilege 15 role network-admin secret sha512 {S}"),
    ("eos", "local user", "username ops secret 0 {S}"),
    ("eos", "enable", "enable password sha512 {S}"),
    ("eos", "enable", "aaa root secret sha512 {S}"),
    ("eos", "snmp", "snmp-server community {S} ro"),
    ("eos", "snmp", "snmp-server host 192.0.2.9 vrf MGMT version 2c {S}"),
    ("eos", "snmp", "snmp-server user ops OPS v3 auth sha {S} priv aes {S}"),
    ("eos", "aaa", "tacacs-server host 192.0.2.1 key 7 {S}"),
    ("eos", "aaa", "radius-server key 7 {S}"),
    ("eos", "bgp", "   neighbor 192.0.2.2 password 7 {S}"),
    ("eos", "ospf", "   ip ospf authentication-key 7 {S}"),
    ("eos", "ospf", "   ip ospf message-digest-key 1 md5 7 {S}"),
    ("eos", "isis", "   authentication key 0 {S} level-2"),
    ("eos", "vrrp", "   vrrp 1 authentication text {S}"),
    ("eos", "ntp", "ntp authentication-key 1 md5 7 {S}"),
    ("eos", "key chain", "   key 1 secret 7 {S}"),
]

#: subscriber identifiers as AAA/RADIUS and 5G core logs spell them (3GPP TS 29.061 RADIUS attributes,
#: TS 23.003 SUPI ``imsi-…``); ``{S}`` is replaced by a canary number of the right length
SUBSCRIBER_ROWS: list[tuple[str, str]] = [
    ("imsi", '\t3GPP-IMSI = "{S}"'),
    ("imsi", "subscriber imsi-{S} attached"),
    ("imsi", "supi=imsi-{S}"),
    ("imsi", "IMSI: {S}"),
    ("imsi", "user {S} authenticated"),
    ("imei", '\t3GPP-IMEISV = "{S}"'),
    ("imei", "pei=imei-{S}"),
    ("msisdn", '\tCalling-Station-Id = "{S}"'),
    ("msisdn", "msisdn={S}"),
    ("msisdn", "call from +{S} rejected"),
]


def canary(n: int) -> str:
    """A canary secret: unique, with the characters real secrets carry (``$``, ``/``, ``.``)."""
    return f"Cw{n:03d}$Zq/9.k"


def subscriber_canary(kind: str, n: int) -> str:
    """A canary identifier of the kind's length: IMSI 15 digits (MCC 001 test network), IMEI/IMEISV 16,
    MSISDN 12."""
    if kind == "imsi":
        return f"00101{n:010d}"
    if kind == "imei":
        return f"35{n:014d}"
    return f"4915{n:08d}"
