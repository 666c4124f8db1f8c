"""Vendor documentation the check syntax was verified against (search of the docs/pages corpora,
see the module docstrings of the check files). One constant per page so checks cite, not copy."""

CISCO_SSH_V2_XE = (
    "https://cisco.com/c/en/us/td/docs/ios-xml/ios/sec_usr_ssh/configuration/xe-16-6/"
    "sec-usr-ssh-xe-16-6-book/sec-secure-shell-v2.html"
)
CISCO_SSH_CMDS = "https://www3-realm.cisco.com/en/US/docs/ios-xml/ios/security/d1/sec-d1-xe-3se-5700-cr-book_chapter_0110.html"
CISCO_SSH_PORT_12_2T = "http://www.cisco.com/en/US/docs/ios/12_2t/secure/command/reference/sftssh.html"
CISCO_SSH_TERMLINE = (
    "https://cisco.com/c/en/us/td/docs/ios-xml/ios/sec_usr_ssh/configuration/15-sy/"
    "sec-usr-ssh-15-sy-book/sec-ssh-term-line.html"
)
CISCO_SMART_INSTALL = (
    "https://cisco.com/en/US/docs/switches/lan/smart_install/configuration/guide/concepts.html"
)
CISCO_GUESTSHELL_169 = (
    "https://www.cisco.com/c/en/us/td/docs/ios-xml/ios/prog/configuration/169/"
    "b_169_programmability_cg/m-169-prog-guestshell-cg.html"
)
CISCO_APP_HOSTING_174 = (
    "https://www.cisco.com/c/en/us/td/docs/ios-xml/ios/prog/configuration/174/"
    "b_174_programmability_cg/application_hosting.html"
)
CIS_IOS_XE_17 = "https://www.tenable.com/audits/CIS_Cisco_IOS_XE_17.x_v2.1.0_L1"
CIS_IOS_XE_AAA = "https://www.tenable.com/audits/CIS_Cisco_IOS_XE_v1.0.0_L1"
NETASCODE_IOSXE_LINE = "https://netascode.cisco.com/docs/data_models/iosxe/device/line/"
CISCO_HTTP_ACCESS_CLASS = (
    "https://informit.com/articles/article.aspx?p=1687881"  # Cisco Press quick reference
)
NTP_AUTH_STEPS = "https://ccie.nyquist.eu/network-services/ntp-101"  # secondary; [K] otherwise
AAA_ACCOUNTING_CMDS = "https://forum.networklessons.com/t/aaa-authentication-on-cisco-ios/1558/3"  # secondary

# Pages found for the platform checks (docs/pages corpora of the search tool, issue #3).
NXOS_SSH_NETASCODE = "https://netascode.cisco.com/docs/data_models/nxos/device/ssh/"  # key type/length 0-4096
NXOS_SSH_DEVNET = "https://developer.cisco.com/docs/nx-os/ssh-module"
XR_SSH_CMDS = "http://www.cisco.com/en/US/docs/ios_xr_sw/iosxr_r3.8/security/command/reference/sr38ssh.html"
XR_SSH_NETASCODE = "https://netascode.cisco.com/docs/data_models/iosxr/device/ssh"
JUNOS_SSH = (
    "https://www.juniper.net/documentation/en_US/junos/topics/reference/configuration-statement/"
    "root-login-edit-system.html"
)
JUNOS_SSH_PROTOCOL = (
    "https://juniper.net/documentation/en_US/junos13.2/topics/reference/configuration-statement/"
    "protocol-version-edit-system.html"
)
CIS_JUNOS_SSH_V2 = "https://tenable.com/audits/items/CIS_Juniper_OS_v2.1.0_L1.audit:73d7f9a024ceb66bef5023225c68c8ed"
EOS_EAPI = "https://docs.ansible.com/ansible/latest/modules/eos_eapi_module.html"  # http/https eAPI transports
CIS_IOS17_RSA = (
    "https://tenable.com/audits/items/CIS_Cisco_IOS_17_v1.0.0_Level_1.audit:7b9f0b3353dab023382bc1ebc698ce47"
)
BGP_NEIGHBOR_PASSWORD = (  # neighbor {ip} password [type] string, MD5 TCP option (same syntax family as IOS)
    "https://www.manualshelf.com/manual/dell/powerswitch-s4820t/2-1-reference-guide-english/page-322.html"
)
# Pages found for the remediation round trip (tests/audit/test_remediation_roundtrip.py).
CISCO_IPSEC_XE = (  # crypto ipsec transform-set <name> <transforms> (esp-gcm 256), IKEv2 proposals
    "https://cisco.com/c/en/us/td/docs/ios-xml/ios/sec_conn_vpnips/configuration/xe-16-11/"
    "sec-sec-for-vpns-w-ipsec-xe-16-11-book/sec-cfg-vpn-ipsec.html"
)
CISCO_PKI_ENROLL_XE = (  # crypto pki trustpoint, enrollment url
    "https://cisco.com/c/en/us/td/docs/ios-xml/ios/sec_conn_pki/configuration/xe-16-9/"
    "sec-pki-xe-16-9-book/sec-cert-enroll-pki.html"
)
CISCO_SNMP_GROUP_LEVEL = (  # "each SNMP group is uniquely identified by a combination of group name and security level"
    "https://www.cisco.com/c/en/us/support/docs/smb/switches/Cisco-Business-Switching/"
    "kmgmt-2514-configure-snmp-groups-cbs.pdf"
)
JUNOS_SSH_EDIT_SYSTEM = (  # protocol-version [v1 v2]: a list, so `set ... v2` keeps v1
    "https://juniper.net/documentation/en_US/junos13.2/topics/reference/configuration-statement/"
    "ssh-edit-system.html"
)
GUIDANCE = (
    "https://www.cisa.gov/resources-tools/resources/"
    "enhanced-visibility-and-hardening-guidance-communications-infrastructure"
)
AA25_239A = "https://www.cisa.gov/news-events/cybersecurity-advisories/aa25-239a"

# Pages found for the per-platform remediation texts (every covered platform has its own syntax).
# Type 6: "the primary key is used to encrypt any current or new keys in the router configuration"; keys are not
# encrypted "until you issue the password encryption aes command" -> a fresh secret is typed in clear (`key 0`).
CISCO_TYPE6_KEYS = (
    "https://cisco.com/c/en/us/support/docs/security-vpn/ipsec-negotiation-ike-protocols/"
    "46420-pre-sh-keys-ios-rtr-cfg.html"
)
CISCO_ENCRYPTED_PSK_XE = (  # Encrypted Preshared Key: plain text passwords stored in type 6 format
    "http://cisco.com/en/US/docs/ios-xml/ios/sec_conn_ikevpn/configuration/xe-3s/sec-encrypt-preshare.html"
)
NXOS_TACACS = (  # tacacs-server host {ipv4-address | ...}; Configuring TACACS+ Server Hosts
    "https://cisco.com/c/en/us/td/docs/dcn/nx-os/nexus3600/105x/configuration/security/"
    "cisco-nexus-3600-switch-nx-os-security-configuration-guide-105x/m-configuring-tacacs.html"
)
NXOS_AAA_HOST_ANSIBLE = (  # state=absent sends `no {tacacs|radius}-server host <address>` to NX-OS
    "https://docs.ansible.com/ansible/2.4/nxos_aaa_server_host_module.html"
)
XR_TACACS_HOST = (  # IOS XR System Security CR: `no tacacs-server host host-name [port port-number]`
    "https://easymanua.ls/cisco/crs/manual?p=109"
)
EOS_USER_SECURITY = "https://www.arista.com/en/um-eos/eos-user-security"  # tacacs-server / radius-server commands
JUNOS_TACPLUS = (  # tacplus-server server-address at [edit system]
    "http://www.juniper.net/techpubs/software/junos/junos61/swconfig61-getting-started/html/"
    "sys-mgmt-authentication3.html"
)
NXOS_IP_TUNNELS = (  # feature tunnel; interface tunnel N; tunnel source / tunnel destination
    "https://www.cisco.com/c/en/us/td/docs/switches/datacenter/nexus9000/sw/93x/interfaces/configuration/guide/"
    "b-cisco-nexus-9000-nx-os-interfaces-configuration-guide-93x/"
    "b-cisco-nexus-9000-nx-os-interfaces-configuration-guide-93x_chapter_01001.html"
)
XR_GRE_TUNNELS = (  # interface tunnel-ip N, tunnel source / tunnel destination
    "https://cisco.com/c/en/us/td/docs/iosxr/ncs560/interfaces/710x/b-interfaces-hardware-component-cg-710x-ncs560/"
    "configuring_gre_tunnels.html"
)
XR_TUNNEL_IP_NETASCODE = "https://netascode.cisco.com/docs/data_models/iosxr/interface/tunnel_ip/"
EOS_GRE_TUNNEL = "https://www.arista.com/zh/support/toi/tag/gre-tunnel"  # GRE-Tunnel interfaces (interface TunnelN)
JUNOS_GRE_TUNNEL = (  # gr-fpc/pic/port unit N tunnel { source; destination; }
    "https://www.juniper.net/documentation/en_US/junos/topics/topic-map/"
    "filtering-unicast-packets-multicast-tunnel-interfaces.html"
)
NXOS_NXAPI_ANSIBLE = (  # http=false -> `no nxapi http`; `nxapi https port <port>` (default 443)
    "https://docs.ansible.com/ansible/latest/modules/nxos_nxapi_module.html"
)
XR_SSH_SERVER_PORT = (  # iosxr_ssh server_port: "User Configurable ssh port (Default 22)", range 5520-5529
    "https://github.com/CiscoDevNet/terraform-provider-iosxr/blob/main/docs/resources/ssh.md"
)
CIS_EOS_EAPI_HTTPS = (  # management api http-commands / default protocol http
    "https://www.tenable.com/audits/items/CIS_Arista_EOS_benchmark_v1.0.0_L2.audit:e6d86264f00bb744de7bb86758388ced"
)
JUNOS_SSH_STATEMENT = (  # ssh { port port-number; protocol-version [v2]; ... } at [edit system services]
    "https://juniper.net/documentation/us/en/software/junos/cli-reference/topics/ref/statement/ssh-edit-system.html"
)
NXOS_IP_ACL = (  # ip access-list name; [sequence-number] permit|deny ...; `no sequence-number`; VTY ACLs
    "https://cisco.com/c/en/us/td/docs/dcn/nx-os/nexus3600/102x/configuration/security/"
    "cisco-nexus-3600-nx-os-security-configuration-guide-102x/m-configuring-ip-acls.html"
)
XR_ACCESS_LISTS = (  # ipv4 access-list name, sequence-numbered entries, vty access
    "https://cisco.com/c/en/us/td/docs/iosxr/ncs5000/ip-addresses/70x/b-ip-addresses-cg-ncs5000-70x/"
    "b-ip-addresses-cg-ncs5000-70x_chapter_0110.html"
)
EOS_ACLS_ANSIBLE = "https://docs.ansible.com/ansible/2.4/eos_acls_module.html"  # ip access-list NAME / 10 permit ...
JUNOS_FIREWALL_FILTER = (  # [edit firewall] family inet filter NAME term NAME from/then
    "http://www.juniper.net/techpubs/software/junos/junos63/swconfig63-policy/html/firewall-config.html"
)
XR_LAWFUL_INTERCEPT = (  # Implementing Lawful Intercept: SNMPv3 access (snmp-server view/group/user)
    "https://www.cisco.com/c/en/us/td/docs/routers/xr12000/software/xr12k_r4-3/security/configuration/guide/"
    "b_syssec_cg43xxr12k/b_syssec_cg43xr12k_chapter_0111.html"
)
XR_SNMP_GROUP = (  # iosxr_snmp_server groups: v3_priv, v3_read/write/notify, v3_ipv4 (access list)
    "https://github.com/CiscoDevNet/terraform-provider-iosxr/blob/main/docs/resources/snmp_server.md"
)
NXOS_SNMP = (  # access by role (no VACM views); snmp-server globalEnforcePriv; snmp-server user ... priv aes-128
    "https://cisco.com/c/en/us/td/docs/switches/datacenter/nexus7000/sw/system-management/guide/"
    "b_Cisco_Nexus_7000_Series_NX-OS_System_Management_Configuration_Guide-RI/configuring_snmp.html"
)
XR_TRAFFIC_MIRRORING = (  # monitor-session NAME ethernet; interface ... monitor-session NAME ethernet direction ...
    "https://www.cisco.com/c/en/us/td/docs/iosxr/ncs5500/interfaces/b-ncs5500-interfaces-cli-reference/"
    "m-traffic-mirroing-commands.html"
)
NXOS_SPAN_ERSPAN = (  # monitor session N [type erspan-source]; no monitor session N
    "http://www.cisco.com/c/en/us/td/docs/switches/datacenter/nexus6000/sw/system_management/6x/"
    "b_6k_System_Mgmt_Config_6x/b_6k_System_Mgmt_Config_602N11_chapter_010000.html"
)
NXOS_GUESTSHELL = (  # guestshell disable|destroy (exec); Bash via feature bash-shell
    "https://cisco.com/c/en/us/td/docs/dcn/nx-os/nexus9000/102x/programmability/"
    "cisco-nexus-9000-series-nx-os-programmability-guide-release-102x/m-n9k-guest-shell-101x.html"
)
