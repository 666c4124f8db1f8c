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
