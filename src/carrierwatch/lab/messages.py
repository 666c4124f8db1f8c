"""Vendor syslog message formats, as each OS writes them and rsyslog stores them.

The collector line is rsyslog's traditional file format (``RSYSLOG_TraditionalFileFormat``:
``Mmm dd hh:mm:ss host msg``, day space-padded, RFC 3164). After the host comes what the device sent:

* IOS XE: ``<seq>: Mmm dd hh:mm:ss.mmm UTC: %FAC-SEV-MNEMONIC: text`` (``service sequence-numbers``,
  ``service timestamps log datetime msec localtime show-timezone``). Mnemonics from Cisco's System
  Message Guides: SEC_LOGIN-5-LOGIN_SUCCESS / -4-LOGIN_FAILED, SSH-5-SSH2_SESSION / SSH2_USERAUTH /
  SSH2_CLOSE, PARSER-5-CFGLOG_LOGGEDCMD (``archive`` / ``log config`` / ``notify syslog``), SYS-5-CONFIG_I,
  SYS-5-CONFIG_P, SYS-6-LOGGINGHOST_STARTSTOP, LINK-3-UPDOWN, LINEPROTO-5-UPDOWN, BGP-5-ADJCHANGE,
  OSPF-5-ADJCHG, NTP-5-PEERSYNC. The CVE-2023-20198 lines (SEC_LOGIN-5-WEBLOGIN_SUCCESS, SYS-5-CONFIG_P by
  SEP_webui_wsma_http, WEBUI-6-INSTALL_OPERATION_INFO, user cisco_tac_admin) follow Cisco's advisory
  cisco-sa-iosxe-webui-privesc-j22SaA4z as quoted by the SigmaHQ rule 2ece8816-b7a0-4d9b-b0e8-ae7ad18bc02b.
  BUFCAP-6-ENABLE/DISABLE (Embedded Packet Capture) and IM-6-IOX_ENABLEMENT are from memory: guesses [K].
* NX-OS: ``: YYYY Mmm dd hh:mm:ss UTC: %FAC-SEV-MNEMONIC: text`` (VSHD-5-VSHD_SYSLOG_CONFIG_I,
  ETHPORT-5-IF_UP / IF_DOWN_LINK_FAILURE, BGP-5-ADJCHANGE); AUTHPRIV lines for ssh logins and
  VMAN-2-ACTIVATION_STATE for Guest Shell are from memory [K].
* IOS XR: ``<seq>: RP/0/RSP0/CPU0:Mmm dd hh:mm:ss.mmm UTC: proc[pid]: %FAC-SUB-SEV-MNEMONIC : text``
  (MGBL-CONFIG-6-DB_COMMIT, MGBL-SYS-5-CONFIG_I, SECURITY-LOGIN-6-AUTHEN_SUCCESS,
  SECURITY-SSHD-6-INFO_SUCCESS,
  PKT_INFRA-LINK-3-UPDOWN, ROUTING-BGP-5-ADJCHANGE, ROUTING-OSPF-5-ADJCHG; Cisco XR system message guide).
* Junos: ``proc[pid]: TAG: text`` (UI_COMMIT, UI_LOGIN_EVENT, UI_LOGOUT_EVENT, UI_CMDLINE_READ_LINE,
  SNMP_TRAP_LINK_DOWN/UP, RPD_OSPF_NBRDOWN/UP, BGP_PEER_STATE_CHANGED from the Junos System Log Explorer;
  OpenSSH ``Accepted password for``/``Failed password for``).
* EOS: ``Agent: %FAC-SEV-MNEMONIC: text`` (SYS-5-CONFIG_I, LINEPROTO-5-UPDOWN, BGP-5-ADJCHANGE; EOS
  ``Aaa: %ACCOUNTING-6-...`` is not emitted here because the lab's EOS sends accounting to TACACS+ only).
"""

from __future__ import annotations

import time as _time

from carrierwatch.lab.network import Device
from carrierwatch.lab.timeline import SEQ

_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DOW = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SSH_CIPHER = "using crypto cipher 'aes256-ctr', hmac 'hmac-sha2-256'"


def _tm(ts_ms: int) -> _time.struct_time:
    return _time.gmtime(ts_ms // 1000)


def rfc3164(ts_ms: int) -> str:
    t = _tm(ts_ms)
    return f"{_MON[t.tm_mon - 1]} {t.tm_mday:2d} {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"


def hms(ts_ms: int) -> str:
    t = _tm(ts_ms)
    return f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"


def long_date(ts_ms: int) -> str:
    """``Mon Nov 16 2026`` as in the IOS LOGIN_SUCCESS tail."""
    t = _tm(ts_ms)
    return f"{_DOW[t.tm_wday]} {_MON[t.tm_mon - 1]} {t.tm_mday} {t.tm_year}"


def ctime(ts_ms: int) -> str:
    """``Mon Nov 16 02:13:05 2026`` (NX-OS / IOS XR headers)."""
    t = _tm(ts_ms)
    return f"{_DOW[t.tm_wday]} {_MON[t.tm_mon - 1]} {t.tm_mday:2d} {hms(ts_ms)} {t.tm_year}"


def line(dev: Device, ts_ms: int, body: str, proc: str = "") -> str:
    """A full collector line for a message from ``dev``; ``proc`` is the XR/Junos/EOS process tag."""
    t = _tm(ts_ms)
    head = f"{rfc3164(ts_ms)} {dev.hostname}"
    ms = ts_ms % 1000
    dev_ts = f"{_MON[t.tm_mon - 1]} {t.tm_mday:2d} {hms(ts_ms)}.{ms:03d} UTC"
    if dev.platform == "iosxe":
        return f"{head} {SEQ}: {dev_ts}: {body}"
    if dev.platform == "iosxr":
        return f"{head} {SEQ}: RP/0/RSP0/CPU0:{dev_ts}: {proc or 'syslog_dev[101]'}: {body}"
    if dev.platform == "nxos":
        return f"{head} : {t.tm_year} {_MON[t.tm_mon - 1]} {t.tm_mday:2d} {hms(ts_ms)} UTC: {body}"
    if dev.platform == "junos":
        return f"{head} {proc or 'mgd[4321]'}: {body}"
    return f"{head} {proc or 'ConfigAgent'}: {body}"


def at(dev: Device, ts_ms: int, body: str, proc: str = "") -> tuple[int, str]:
    """(receipt time, collector line): the collector header and the device stamp agree."""
    return ts_ms, line(dev, ts_ms, body, proc)


def login_success(dev: Device, ts: int, user: str, src: str, port: int = 22) -> list[tuple[int, str]]:
    """Lines a successful SSH login produces on each platform (first line names the source)."""
    p = dev.platform
    if p == "iosxe":
        return [
            at(
                dev,
                ts,
                f"%SSH-5-SSH2_SESSION: SSH2 Session request from {src} (tty = 0) {SSH_CIPHER} Succeeded",
            ),
            at(
                dev,
                ts + 180,
                f"%SSH-5-SSH2_USERAUTH: User '{user}' authentication for SSH2 Session from {src} "
                f"(tty = 0) {SSH_CIPHER} Succeeded",
            ),
            at(
                dev,
                ts + 190,
                f"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: {user}] [Source: {src}] "
                f"[localport: {port}] at {hms(ts + 190)} UTC {long_date(ts)}",
            ),
        ]
    if p == "iosxr":
        return [
            at(
                dev,
                ts,
                f"%SECURITY-SSHD-6-INFO_SUCCESS : Successfully authenticated user '{user}' from '{src}' on "
                "'vty0'(cipher 'aes128-ctr', mac 'hmac-sha2-256')",
                "SSHD_[65823]",
            ),
            at(
                dev,
                ts + 150,
                f"%SECURITY-LOGIN-6-AUTHEN_SUCCESS : Successfully authenticated user '{user}' from "
                f"'{src}' on 'vty0'",
                "exec[65738]",
            ),
        ]
    if p == "nxos":
        return [
            at(
                dev,
                ts,
                f"%AUTHPRIV-6-SYSTEM_MSG: pam_unix(dcos_sshd:session): session opened for user {user} "
                f"by (uid=0) - dcos_sshd[{12000 + ts % 997}]; rhost={src}",
            )
        ]
    if p == "junos":
        sp = 50000 + ts % 15000
        return [
            at(
                dev, ts, f"Accepted password for {user} from {src} port {sp} ssh2", f"sshd[{2000 + ts % 900}]"
            ),
            at(
                dev,
                ts + 400,
                f"UI_LOGIN_EVENT: User '{user}' login, class 'j-super-user' [{4000 + ts % 900}], "
                f"ssh-connection '{src} {sp} {dev.mgmt_ip} 22', client-mode 'cli'",
                f"mgd[{4000 + ts % 900}]",
            ),
        ]
    return [at(dev, ts, f"%AAA-6-EXEC_LOGIN: User {user} logged in from {src} on vty3", "Aaa")]


def login_failed(dev: Device, ts: int, user: str, src: str) -> list[tuple[int, str]]:
    p = dev.platform
    if p == "iosxe":
        return [
            at(
                dev,
                ts,
                f"%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: {user}] [Source: {src}] [localport: 22] "
                f"[Reason: Login Authentication Failed] at {hms(ts)} UTC {long_date(ts)}",
            )
        ]
    if p == "iosxr":
        return [
            at(
                dev,
                ts,
                f"%SECURITY-LOGIN-4-AUTHEN_FAILED : Failed authentication attempt by user '{user}' from "
                f"'{src}' on 'vty0'",
                "exec[65739]",
            )
        ]
    if p == "nxos":
        return [
            at(
                dev,
                ts,
                f"%AUTHPRIV-3-SYSTEM_MSG: pam_aaa:Authentication failed for user {user} from {src} - "
                f"dcos_sshd[{12000 + ts % 997}]",
            )
        ]
    if p == "junos":
        return [
            at(
                dev,
                ts,
                f"Failed password for {user} from {src} port {50000 + ts % 15000} ssh2",
                f"sshd[{2000 + ts % 900}]",
            )
        ]
    return [
        at(dev, ts, f"%AAA-4-EXEC_AUTHEN_FAILED: User {user} failed authentication from {src} on vty3", "Aaa")
    ]


def logout(dev: Device, ts: int, user: str, src: str) -> list[tuple[int, str]]:
    p = dev.platform
    if p == "iosxe":
        return [
            at(
                dev,
                ts,
                f"%SSH-5-SSH2_CLOSE: SSH2 Session from {src} (tty = 0) for user '{user}' {SSH_CIPHER} closed",
            )
        ]
    if p == "junos":
        return [at(dev, ts, f"UI_LOGOUT_EVENT: User '{user}' logout", f"mgd[{4000 + ts % 900}]")]
    if p == "nxos":
        return [
            at(
                dev,
                ts,
                f"%AUTHPRIV-6-SYSTEM_MSG: pam_unix(dcos_sshd:session): session closed for user {user} - "
                f"dcos_sshd[{12000 + ts % 997}]",
            )
        ]
    return []


def config_cmd(dev: Device, ts: int, user: str, cmd: str) -> list[tuple[int, str]]:
    """Per-command config logging: IOS XE archive logging and Junos interactive-commands."""
    if dev.platform == "iosxe":
        return [at(dev, ts, f"%PARSER-5-CFGLOG_LOGGEDCMD: User:{user}  logged command:{cmd}")]
    if dev.platform == "junos":
        return [
            at(dev, ts, f"UI_CMDLINE_READ_LINE: User '{user}', command '{cmd}'", f"mgd[{4000 + ts % 900}]")
        ]
    return []


def config_done(dev: Device, ts: int, user: str, src: str, commit_id: int) -> list[tuple[int, str]]:
    p = dev.platform
    if p == "iosxe":
        return [at(dev, ts, f"%SYS-5-CONFIG_I: Configured from console by {user} on vty0 ({src})")]
    if p == "nxos":
        return [at(dev, ts, f"%VSHD-5-VSHD_SYSLOG_CONFIG_I: Configured from vty by {user} on {src}@pts/0")]
    if p == "iosxr":
        return [
            at(
                dev,
                ts,
                f"%MGBL-CONFIG-6-DB_COMMIT : Configuration committed by user '{user}'. Use 'show "
                f"configuration commit changes {commit_id}' to view the changes.",
                "config[65910]",
            ),
            at(
                dev,
                ts + 40,
                f"%MGBL-SYS-5-CONFIG_I : Configured from console by {user} on vty0 ({src})",
                "config[65910]",
            ),
        ]
    if p == "junos":
        return [
            at(
                dev,
                ts,
                f"UI_COMMIT: User '{user}' requested 'commit' operation (comment: none)",
                f"mgd[{4000 + ts % 900}]",
            )
        ]
    return [at(dev, ts, f"%SYS-5-CONFIG_I: Configured from console by {user} on vty3 ({src})")]


def link_change(dev: Device, ts: int, ifname: str, up: bool) -> list[tuple[int, str]]:
    p = dev.platform
    st = "up" if up else "down"
    if p == "iosxe":
        return [
            at(dev, ts, f"%LINK-3-UPDOWN: Interface {ifname}, changed state to {st}"),
            at(
                dev,
                ts + 1000,
                f"%LINEPROTO-5-UPDOWN: Line protocol on Interface {ifname}, changed state to {st}",
            ),
        ]
    if p == "iosxr":
        return [
            at(
                dev,
                ts,
                f"%PKT_INFRA-LINK-3-UPDOWN : Interface {ifname}, changed state to {st.title()}",
                "ifmgr[254]",
            ),
            at(
                dev,
                ts + 5,
                f"%PKT_INFRA-LINEPROTO-5-UPDOWN : Line protocol on Interface {ifname}, changed state "
                f"to {st.title()}",
                "ifmgr[254]",
            ),
        ]
    if p == "nxos":
        if up:
            return [at(dev, ts, f"%ETHPORT-5-IF_UP: Interface {ifname} is up in Layer3")]
        return [at(dev, ts, f"%ETHPORT-5-IF_DOWN_LINK_FAILURE: Interface {ifname} is down (Link failure)")]
    if p == "junos":
        tag = "SNMP_TRAP_LINK_UP" if up else "SNMP_TRAP_LINK_DOWN"
        oper = "up(1)" if up else "down(2)"
        return [
            at(
                dev,
                ts,
                f"{tag}: ifIndex {520 + int(ifname[-1])}, ifAdminStatus up(1), ifOperStatus {oper}, "
                f"ifName {ifname}",
                "mib2d[1560]",
            )
        ]
    return [
        at(
            dev,
            ts,
            f"%LINEPROTO-5-UPDOWN: Line protocol on Interface {ifname}, changed state to {st}",
            "Ebra",
        )
    ]


def adjacency(dev: Device, ts: int, nbr: str, ifname: str, up: bool) -> list[tuple[int, str]]:
    """OSPF then BGP adjacency change towards ``nbr`` (loopback address)."""
    p = dev.platform
    if p == "iosxe":
        o = (
            f"%OSPF-5-ADJCHG: Process 1, Nbr {nbr} on {ifname} from LOADING to FULL, Loading Done"
            if up
            else f"%OSPF-5-ADJCHG: Process 1, Nbr {nbr} on {ifname} from FULL to DOWN, "
            "Neighbor Down: Interface down or "
            "detached"
        )
        b = (
            f"%BGP-5-ADJCHANGE: neighbor {nbr} Up "
            if up
            else f"%BGP-5-ADJCHANGE: neighbor {nbr} Down Interface flap"
        )
        return [at(dev, ts, o), at(dev, ts + 2200, b)]
    if p == "iosxr":
        o = (
            f"%ROUTING-OSPF-5-ADJCHG : Process 1, Nbr {nbr} on {ifname} in area 0 from "
            + (
                "LOADING to FULL, Loading Done"
                if up
                else "FULL to DOWN, Neighbor Down: interface down or detached"
            )
            + ", vrf default vrfid 0x60000000"
        )
        state = "Up" if up else "Down - Interface flap"
        b = f"%ROUTING-BGP-5-ADJCHANGE : neighbor {nbr} {state} (VRF: default)"
        return [at(dev, ts, o, "ospf[1018]"), at(dev, ts + 2100, b, "bgp[1052]")]
    if p == "nxos":
        return [
            at(
                dev,
                ts,
                f"%OSPF-5-NBRSTATE:  ospf-1 [{9000 + ts % 500}]  Process 1, Nbr {nbr} on {ifname} "
                f"from {'LOADING to FULL' if up else 'FULL to DOWN'}",
            )
        ]
    if p == "junos":
        tag = "RPD_OSPF_NBRUP" if up else "RPD_OSPF_NBRDOWN"
        frm = "Loading to Full due to LoadDone" if up else "Full to Down due to KillNbr"
        return [
            at(
                dev,
                ts,
                f"{tag}: OSPF neighbor {nbr} (realm ospf-v2 {ifname}.0 area 0.0.0.0) state changed from "
                f"{frm}",
                "rpd[1611]",
            ),
            at(
                dev,
                ts + 2300,
                f"BGP_PEER_STATE_CHANGED: BGP peer {nbr} (Internal AS 65010) changed state from "
                + (
                    "OpenConfirm to Established (event RecvKeepAlive)"
                    if up
                    else "Established to Idle (event Stop)"
                )
                + " (instance master)",
                "rpd[1611]",
            ),
        ]
    return [
        at(
            dev,
            ts,
            f"%BGP-5-ADJCHANGE: peer {nbr} (VRF default AS 65010) old state "
            + (
                "OpenConfirm event Established new state Established"
                if up
                else "Established event Stop new state Idle"
            ),
            "Bgp",
        )
    ]


def ntp_sync(dev: Device, ts: int, server: str) -> list[tuple[int, str]]:
    if dev.platform == "iosxe":
        return [at(dev, ts, f"%NTP-5-PEERSYNC: NTP synced to peer {server}")]
    if dev.platform == "iosxr":
        return [
            at(
                dev,
                ts,
                f"%IP-IP_NTP-5-SYNC_LOSS : Synchronization lost : {server} : System clock selection changed",
                "ntpd[264]",
            )
        ]
    return []


def logging_host(dev: Device, ts: int, host: str, started: bool) -> list[tuple[int, str]]:
    word = "started" if started else "stopped"
    return [
        at(dev, ts, f"%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host {host} port 514 {word} - CLI initiated")
    ]
