"""Structure inside syslog message bodies: who did what from where, for the mnemonics hunting needs.

:func:`extract` takes the facility/process (``event_module``), mnemonic (``event_code``) and message
text of one syslog record and returns ``(user_name, source_ip, source_port, command)`` or None.
Fields it cannot find are None; a message that does not match its expected shape is *not* an error
(the record is still accepted, only without structured fields).

``[localport: N]`` in ``SEC_LOGIN`` messages is the device's own listening port, not the client's
port, so it is deliberately not put in ``source_port`` (the message keeps it). Interface names of
``UPDOWN`` messages stay in the message too.

:data:`MNEMONICS` lists every mnemonic handled here with where its format comes from. Entries marked
``guess`` have a message layout reconstructed from public samples rather than a vendor reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from carrierwatch.telemetry.addresses import canonical_ip

Fields = tuple[str | None, str | None, int | None, str | None]

_CISCO_GUIDE = "https://www.cisco.com/c/en/us/td/docs/ios/system/messages/guide/sm_cnovr.html"
_LOGIN_ENH = (
    "https://www.cisco.com/c/en/us/td/docs/ios-xml/ios/sec_usr_cfg/configuration/xe-16/"
    "sec-usr-cfg-xe-16-book/sec-login-enhance.html"
)
_CFG_LOGGER = (
    "https://www.cisco.com/c/en/us/td/docs/ios-xml/ios/config-mgmt/configuration/xe-16/"
    "config-mgmt-xe-16-book/cm-config-logger.html"
)
_WEBUI_SA = "https://sec.cloudapps.cisco.com/security/center/content/CiscoSecurityAdvisory/cisco-sa-iosxe-webui-privesc-j22SaA4z"
_ASA = "https://www.cisco.com/c/en/us/td/docs/security/asa/syslog/b_syslog.html"
_NXOS = "https://www.cisco.com/c/en/us/td/docs/switches/datacenter/sw/system_messages/reference/sl_nxos_book.html"
_XR = "https://www.cisco.com/c/en/us/td/docs/iosxr/cisco8000/system-messages/b-system-messages-cisco8000.html"
_JUNOS = "https://apps.juniper.net/syslog-explorer/"
_OPENSSH = "OpenSSH auth.c auth_log(): 'Accepted/Failed %s for %s%.100s from %.200s port %d ssh2'"
_EOS = "https://www.arista.com/en/um-eos/eos-logging"

#: mnemonic (or process) -> (what it means, where the format is documented). "guess" = not verified.
MNEMONICS: dict[str, tuple[str, str]] = {
    "SEC_LOGIN-5-LOGIN_SUCCESS": ("successful login (login block feature)", _LOGIN_ENH),
    "SEC_LOGIN-4-LOGIN_FAILED": ("failed login (login block feature)", _LOGIN_ENH),
    "SEC_LOGIN-5-WEBLOGIN_SUCCESS": ("web UI login; hunted for CVE-2023-20198", _WEBUI_SA),
    "SYS-5-CONFIG_I": ("configured from a terminal (guidance EVH-V01)", _CISCO_GUIDE),
    "SYS-5-CONFIG_P": ("configured programmatically (NETCONF/RESTCONF/DMI)", _CISCO_GUIDE),
    "PARSER-5-CFGLOG_LOGGEDCMD": ("archive log config: command logged (guidance EVH-V01)", _CFG_LOGGER),
    "SYS-6-LOGGINGHOST_STARTSTOP": ("logging to a host started/stopped (T1070)", _CISCO_GUIDE),
    "LINEPROTO-5-UPDOWN": ("line protocol up/down", _CISCO_GUIDE),
    "LINK-3-UPDOWN": ("interface up/down", _CISCO_GUIDE),
    "SSH-5-SSH2_SESSION": ("SSH2 session request", _CISCO_GUIDE),
    "SSH-5-SSH2_USERAUTH": ("SSH2 user authentication", _CISCO_GUIDE),
    "SSH-5-SSH2_CLOSE": ("SSH2 session closed", _CISCO_GUIDE),
    "WEBUI-6-INSTALL_OPERATION_INFO": ("web UI install operation; CVE-2023-20198 IOC", _WEBUI_SA),
    "VSHD-5-VSHD_SYSLOG_CONFIG_I": ("NX-OS configured from vty (guidance EVH-V01)", _NXOS),
    "AUTHPRIV-*": ("NX-OS PAM/auth messages; layout is a guess", _NXOS + " (guess)"),
    "MGBL-CONFIG-6-DB_COMMIT": ("IOS XR configuration committed (guidance EVH-V01)", _XR),
    "ASA-6-605005": ("ASA management login permitted", _ASA),
    "ASA-6-605004": ("ASA management login denied", _ASA),
    "ASA-5-111008": ("ASA user executed a command", _ASA),
    "ASA-5-111010": ("ASA user made a configuration change", _ASA),
    "UI_COMMIT": ("Junos commit requested (guidance EVH-V01)", _JUNOS),
    "UI_CMDLINE_READ_LINE": ("Junos CLI command read (guidance EVH-V01)", _JUNOS),
    "UI_LOGIN_EVENT": ("Junos user login", _JUNOS),
    "SSHD_LOGIN_FAILED": ("Junos SSH login failed", _JUNOS),
    "sshd": ("OpenSSH 'Accepted/Failed ... for USER from IP port N'", _OPENSSH),
    "SYS-5-CONFIG_E": ("Arista EOS entered configuration mode", _EOS),
    "ACCOUNTING-*": ("Arista EOS AAA accounting record in syslog; layout is a guess", _EOS + " (guess)"),
    "AAA-*": ("Arista EOS AAA messages; layout is a guess", _EOS + " (guess)"),
}

def _port(text: str | None) -> int | None:
    if text and text.isdigit() and len(text) <= 5:
        p = int(text)
        return p if p <= 65535 else None
    return None


_TERMINALS = re.compile(r"^(?:vty|tty|con|console|aux|line)\d*$", re.I)


def _user(text: str | None) -> str | None:
    if not text or _TERMINALS.match(text):
        return None
    return text


#: handler -> (regex, user group, ip group, port group, command group) for every handler built by
#: :func:`_simple`; the vectorised syslog fast path (:mod:`carrierwatch.telemetry.syslog.fast`) reads it.
SIMPLE_SPECS: dict[Callable[[str], Fields | None], tuple[str, int, int, int, int]] = {}


def _simple(rx: str, user: int = 0, ip: int = 0, port: int = 0, cmd: int = 0) -> Callable[[str], Fields | None]:
    """Handler from one regex and the group numbers of each field (0 = not present)."""
    pat = re.compile(rx)

    def handle(msg: str) -> Fields | None:
        m = pat.search(msg)
        if m is None:
            return None
        return (
            _user(m.group(user)) if user else None,
            canonical_ip(m.group(ip)) if ip else None,
            _port(m.group(port)) if port else None,
            m.group(cmd).strip() if cmd and m.group(cmd) is not None else None,
        )

    SIMPLE_SPECS[handle] = (rx, user, ip, port, cmd)
    return handle


_IP = r"([0-9A-Fa-f.:]+)"

_login = _simple(r"\[user: ?([^\]]*)\](?: \[Source: ?([^\]]*)\])?", user=1, ip=2)
_config_i = _simple(r"Configured from (\S+) by (\S+?)(?: on (\S+?))?(?: \(" + _IP + r"\))?$", user=2, ip=4)
_config_e = _simple(r"from (\S+) by (\S+?)(?: on (\S+?))?(?: \(" + _IP + r"\))?$", user=2, ip=4)
_config_p = _simple(r"Configured programmatically by process \S+ from \S+ as (\S+)", user=1)
_loggedcmd = _simple(r"User: ?(\S+?)\s+logged command: ?(.*)$", user=1, cmd=2)
_ssh_session = _simple(r"(?:User '([^']*)' .*?)?Session (?:request )?from " + _IP + r"(?:.*?for user '([^']*)')?")
_nxos_config = _simple(r"Configured from \S+ by (\S+) on " + _IP + r"(?:@\S+)?", user=1, ip=2)
_authpriv = _simple(r"(?:for user |user[= ])'?([\w.@-]+)'?(?:.*?from " + _IP + r")?", user=1, ip=2)
_authpriv_from = _simple(r"from " + _IP, ip=1)
_xr_commit = _simple(r"committed by user '([^']*)'", user=1)
_asa_login = _simple(r"from " + _IP + r"/(\d+) to \S+ for user \"([^\"]*)\"", user=3, ip=1, port=2)
_asa_111008 = _simple(r"User '([^']*)' executed the '(.*)' command", user=1, cmd=2)
_asa_111010 = _simple(r"User '([^']*)', running '[^']*' from IP " + _IP + r", executed '(.*)'$", user=1, ip=2, cmd=3)
_ui_user = _simple(r"User '([^']*)'", user=1)
_ui_cmdline = _simple(r"User '([^']*)', command '(.*)'$", user=1, cmd=2)
_ui_login = _simple(r"User '([^']*)' login.*?ssh-connection '" + _IP + r" (\d+) ", user=1, ip=2, port=3)
_sshd_login_failed = _simple(r"for user '([^']*)' from host '" + _IP + r"'", user=1, ip=2)
_sshd = _simple(
    r"(?:Accepted|Failed) \S+ for (?:invalid user )?(\S+) from " + _IP + r" port (\d+)", user=1, ip=2, port=3
)
_eos_acct = _simple(r"^(\S+) (\S+) " + _IP + r" \S+ .*?\bcmd=(.*)$", user=1, ip=3, cmd=4)
_eos_aaa = _simple(r"user '?([\w.@-]+)'?(?:.*?from " + _IP + r")?", user=1, ip=2)
_webui = _simple(r"User: ?([^,\s]+)", user=1)


_SSH_USER = re.compile(r"User '([^']*)'|for user '([^']*)'")


def _ssh_ip(msg: str) -> Fields | None:
    m = _SSH_FROM.search(msg)
    if m is None:
        return None
    u = _SSH_USER.search(msg)
    return (u.group(1) or u.group(2)) if u else None, canonical_ip(m.group(1)), None, None


_SSH_FROM = re.compile(r"[Ss]ession (?:request )?from " + _IP)

#: event_code (mnemonic) or event_module (process/facility) -> handler
HANDLERS: dict[str, Callable[[str], Fields | None]] = {
    "LOGIN_SUCCESS": _login,
    "LOGIN_FAILED": _login,
    "WEBLOGIN_SUCCESS": _login,
    "CONFIG_I": _config_i,
    "CONFIG_E": _config_e,
    "CONFIG_P": _config_p,
    "CFGLOG_LOGGEDCMD": _loggedcmd,
    "SSH2_SESSION": _ssh_ip,
    "SSH2_USERAUTH": _ssh_ip,
    "SSH2_CLOSE": _ssh_ip,
    "INSTALL_OPERATION_INFO": _webui,
    "VSHD_SYSLOG_CONFIG_I": _nxos_config,
    "DB_COMMIT": _xr_commit,
    "605005": _asa_login,
    "605004": _asa_login,
    "111008": _asa_111008,
    "111010": _asa_111010,
    "UI_COMMIT": _ui_user,
    "UI_COMMIT_PROGRESS": _ui_user,
    "UI_CMDLINE_READ_LINE": _ui_cmdline,
    "UI_LOGIN_EVENT": _ui_login,
    "SSHD_LOGIN_FAILED": _sshd_login_failed,
    # by process / facility
    "sshd": _sshd,
    "AUTHPRIV": _authpriv,
    "ACCOUNTING": _eos_acct,
    "AAA": _eos_aaa,
}


def extract(module: str | None, code: str | None, message: str) -> Fields | None:
    """Structured fields for one message, or None when nothing is known about its layout."""
    h = HANDLERS.get(code) if code else None
    if h is None and module:
        h = HANDLERS.get(module)
        if h is None and "sshd" in module:
            h = _sshd
    if h is None:
        return None
    f = h(message)
    if f is None and h is _authpriv:
        return _authpriv_from(message)
    return f
