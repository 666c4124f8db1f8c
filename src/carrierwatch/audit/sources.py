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
