"""The vectorised syslog fast path gives exactly the per-line parser's table and account.

``read_syslog(..., fast=False)`` is the per-line reference. Inputs are generated mixes of the fixture
lines, lines built from the header grammar with valid and invalid parts, and mutations of both (odd
bytes, invalid UTF-8, CRLF, blank lines, non-ASCII, ``%`` in tag messages, huge sequence numbers).
Chunks are made tiny so chunk boundaries, the U+FFFD note and the merge by line number are exercised.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from unittest import mock

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.schema import SYSLOG
from carrierwatch.telemetry.syslog import fast as syslog_fast
from carrierwatch.telemetry.syslog.cisco_messages import MNEMONICS
from carrierwatch.telemetry.syslog.reader import read_syslog

FIX = Path(__file__).parent / "fixtures" / "syslog"
SEEDS: list[bytes] = [
    ln for name in ("cisco_ios.log", "multivendor.log", "bad_utf8.log") for ln in (FIX / name).read_bytes().split(b"\n")
]
_DIR = Path(tempfile.mkdtemp(prefix="cw-syslog-fast-"))
_SETTINGS = settings(
    max_examples=int(os.environ.get("CW_FAST_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_MSGS = [
    "Configured from console by netops on vty0 (10.255.0.12)",
    "Configured from console by vty0 (2001:DB8::0:12)",
    "Configured from console by a on vty0 (10.0.0.999)",
    "Login Success [user: netops] [Source: 10.255.0.12] [localport: 22] at 10:00:01 UTC Mon Nov 16 2026",
    "Login failed [user: console] [Source: 203.0.113.9]",
    "User:netops  logged command:no logging host 10.255.3.30  ",
    "User 'netops', command 'show route '",
    "User 'netops' login, class 'j-super-user' [99], ssh-connection '10.255.0.12 51234 10.0.0.2 22', client-mode 'cli'",
    "Accepted password for netops from 10.255.0.12 port 51234 ssh2",
    "Failed password for invalid user admin from 2001:db8::9 port 99999 ssh2",
    'Login permitted from 10.255.0.12/51234 to inside:10.0.0.1/ssh for user "netops"',
    "User 'netops', running 'CLI' from IP 10.255.0.12, executed 'write memory'",
    "User 'enable_15' executed the '' command.",
    "User 'netops' authentication for SSH2 Session from 10.255.0.12 (tty = 0) Succeeded",
    "pam_unix(aaa:session): session opened for user admin by (uid=0)",
    "admin vty5 10.0.0.9 stop task_id=9 service=shell priv-lvl=15 cmd=show running-config",
    "Configuration committed by user 'netops'. Use 'show configuration commit changes 1000000123'",
    "Line protocol on Interface GigabitEthernet0/0/1, changed state to down",
    "100% done",
    "",
    "caf\u00e9 user \u00fcber from 10.0.0.1 port 22",
    "tab\there\tUser: x",
]
_ODD = ["", " ", "  ", ":", "%", "\t", "\u00e9", "\ufffd", "\x0b", "\x1c", "\u0663", "[", "]", "<", ">", "*", ".", "-"]

_pri = st.sampled_from(["", "<13>", "<189>", "<0>", "<191>", "<192>", "<999>", "<007>"])
_bsd = st.sampled_from(
    [
        "Nov 16 10:00:01",
        "Nov  6 10:00:01",
        "Nov 6 10:00:01",
        "Nov 16 2026 10:01:04",
        "Nov 31 10:00:11",
        "Feb 29 10:00:00",
        "Dec 31 23:59:60",
        "Jan  1 00:00:01",
        "Foo 16 10:00:01",
        "Nov 16 24:00:00",
        "Nov 00 10:00:00",
        "Nov 16 10:00:01.123456",
    ]
)
_iso = st.sampled_from(
    [
        "2026-11-16T10:01:14.250000+00:00",
        "2026-11-16T10:01:14Z",
        "2026-11-16 10:01:14",
        "2026-11-16T10:01:14+0530",
        "2026-11-16T10:01:14.5-08:00",
        "2026-02-30T10:00:00Z",
        "2026-11-16T10:01:14.1234567Z",
        "2026-11-16T25:00:00Z",
        "2026-11-16T10:01:14+24:00",
    ]
)
_host = st.sampled_from(
    [
        "pe1-nyc",
        "PE1-NYC",
        "10.0.0.1",
        "2001:DB8::1",
        "010.0.0.1",
        "asa1 :",
        "mgd[1234]:",
        "n9k-1",
        "h%x",
        "caf\u00e9",
        "host:",
        "a",
        "-",
    ]
)
_seq = st.sampled_from(["", "001234: ", "1: ", "12345678901234567890: ", "0: "])
_dev = st.sampled_from(
    [
        "",
        "Nov 16 10:00:01.123 UTC: ",
        "*Nov 16 09:00:01.000: ",
        ".Nov 16 10:00:03.500 UTC: ",
        "Nov 16 10:00:04.200 EST: ",
        "Nov 16 10:00:05 UTC: ",
        "2026 Nov 16 10:01:02 UTC: ",
        "Nov 16 10:00:01.123 CST: ",
        "Nov 31 10:00:01 UTC: ",
        "Nov 31 10:00:01 CST: ",
        "*Nov 31 10:00:01 UTC: ",
        "Nov 16 10:00:01.1234567891 UTC: ",
        "Nov 16 10:00:01 utc: ",
        "RP/0/RSP0/CPU0:Nov 16 10:01:01.123 UTC: ",
        "Nov 16 10:00:01.123 JST:",
        "Nov  6 2026 10:00:01: ",
        "Nov 16 2026 10:00:01.5 UTC: ",
        "Nov  6 10:00:01 UTC:",
        "*Nov 16 10:00:01.123 UTC:",
        "0/RP0/CPU0:Nov 16 10:01:01.123 UTC: ",
        "RP/0/RSP0/CPU0:",
        "RP/0/RSP0/CPU0:Aaa: ",
        "RP/0/RSP0/CPU0:2026 Nov 16 10:01:01 UTC: ",
        "2026 Nov 16 10:01:02.123456789 PDT: ",
        ".2026 Nov 16 10:01:02: ",
        "Nov 16 10:00:01.123 UTC : ",
    ]
)
_proc = st.sampled_from(
    ["", "config[65910]: ", "ConfigAgent: ", "dcos_sshd: ", "Aaa: ", "9p: ", ".x: ", "Nov: ", "a[1]:"]
)
_mnem = st.sampled_from(
    [m for m in MNEMONICS if "-" in m and "*" not in m]
    + ["AUTHPRIV-6-SYSTEM_MSG", "ACCOUNTING-6-CMD", "AAA-4-X", "MGBL-CONFIG-6-DB_COMMIT", "A-1-B-2-C", "SYS-9-X"]
)
_colon = st.sampled_from([": ", ":", " : ", " :"])
_tag = st.sampled_from(
    [
        "mgd[1234]: UI_COMMIT: ",
        "mgd[1234]: UI_CMDLINE_READ_LINE: ",
        "sshd[5678]: ",
        "mx-sshd: ",
        "sshd[9]: SSHD_LOGIN_FAILED: ",
        "mgd: UI_LOGIN_EVENT: ",
        "kernel: ",
        "a.b/c: AB: ",
        "proc: ABC:",
    ]
)
_msg = st.sampled_from(_MSGS)


@st.composite
def _built_line(draw: st.DrawFn) -> str:
    relay = draw(st.one_of(_bsd, _iso))
    head = draw(_pri) + relay + draw(st.sampled_from([" ", "  "])) + draw(_host) + draw(st.sampled_from([" ", " : "]))
    if draw(st.booleans()):
        body = draw(_seq) + draw(_dev) + draw(_proc) + "%" + draw(_mnem) + draw(_colon) + draw(_msg)
    else:
        body = draw(_tag) + draw(_msg)
    return head + body


@st.composite
def _mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    s = draw(base)
    if draw(st.integers(0, 3)) == 0 and s:
        i = draw(st.integers(0, len(s)))
        s = s[:i] + draw(st.sampled_from(_ODD)) + s[i:]
    return s


_sd = st.sampled_from(
    [
        "-",
        "- ",
        '[junos@2636.1.1.1.2.18 username="netops"]',
        '[a x="]"][b user="r\u00f6t"]',
        "[a][b",
        '[a x="y',
        "[a]x",
        '[a x="a\\"b"]',
        "[a]  ",
        "[a] [b]",
        "",
        " ",
        "-x",
        "\ufeff",
        '[meta user-name="ops"] \ufeff',
    ]
)
_stamp = st.one_of(_iso, st.sampled_from(["-", "2026-11-16T10:01:12.123Z", "Nov 16 10:00:01"]))


@st.composite
def _line_5424(draw: st.DrawFn) -> str:
    pri = draw(st.sampled_from(["<165>", "<189>", "<13>", "<192>", "<1>"]))
    host = draw(st.sampled_from(["mx1", "-", "10.0.0.1", "PE2-LON", "h\u00e9"]))
    head = f"{pri}1 {draw(_stamp)} {host} "
    head += draw(st.sampled_from(["mgd 1234 UI_COMMIT", "- - -", "sshd 1 -", "ConfigAgent - CFG", "a b c"]))
    rest = draw(_sd) + draw(st.sampled_from([" ", "", "  "]))
    if draw(st.booleans()):
        rest += draw(_seq) + "%" + draw(_mnem) + draw(_colon)
    return head + draw(st.sampled_from([" ", "", "  "])) + rest + draw(_msg)


_seed = st.sampled_from(SEEDS).map(lambda b: b.decode("utf-8", errors="surrogateescape"))
_line = st.one_of(_mutated(_built_line()), _mutated(_line_5424()), _mutated(_seed), st.text(max_size=60))
_ending = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r\r\n"])


@st.composite
def _file(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(_line, max_size=40))
    out = b""
    for ln in lines:
        raw = ln.encode("utf-8", errors="surrogateescape")
        if draw(st.integers(0, 15)) == 0:
            raw += b"\xff\xc3"  # invalid UTF-8
        out += raw + draw(_ending).encode()
    if draw(st.booleans()):
        out = out.rstrip(b"\n")
    return out


def _both(data: bytes, chunk: int) -> tuple[pa.Table, InputAccount, pa.Table, InputAccount]:
    f = _DIR / "in.log"
    f.write_bytes(data)
    fast_acc, slow_acc = InputAccount("f", "syslog"), InputAccount("f", "syslog")
    with mock.patch.object(syslog_fast, "CHUNK_BYTES", chunk):
        fast = read_syslog(f, fast_acc, display_path="ev/x.log", default_year=2026)
    slow = read_syslog(f, slow_acc, display_path="ev/x.log", default_year=2026, fast=False)
    return fast, fast_acc, slow, slow_acc


def _assert_same(data: bytes, chunk: int) -> None:
    fast, fast_acc, slow, slow_acc = _both(data, chunk)
    assert fast.schema == SYSLOG
    assert fast_acc == slow_acc
    assert fast.to_pylist() == slow.to_pylist()
    assert fast.equals(slow)


@_SETTINGS
@given(data=_file(), chunk=st.sampled_from([1, 64, 300, 1 << 20]))
@example(data=b"".join(s + b"\n" for s in SEEDS), chunk=1 << 20)
def test_fast_path_equals_per_line_parser(data: bytes, chunk: int) -> None:
    _assert_same(data, chunk)


def test_fast_path_takes_the_common_shapes() -> None:
    """The bench shapes and the fixture's relay lines are placed by the fast path, not the fallback."""
    data = "".join(s.decode() + "\n" for s in SEEDS[:10]).encode()
    cleaned = syslog_fast.clean_chunk(data)
    lines = syslog_fast.lines_array(cleaned)
    from carrierwatch.telemetry.timestamps import BsdStampCache, YearResolver

    parser = syslog_fast.FastParser("x", BsdStampCache(YearResolver(2026, None)))
    tables, slow = parser.parse(lines, 1)
    # line 2 (unsynchronised mark + SEC_LOGIN) and 3 (IP host) are fast too; line 6 is blank and line 8
    # (SSH2_USERAUTH: two-regex handler) goes to the per-line parser
    assert slow.to_pylist() == [5, 7]
    assert sum(t.num_rows for t in tables) == 8
    rfc5424 = [s.decode() for s in SEEDS if s.startswith(b"<165>1 2026") or s.startswith(b"<189>1 ")]
    assert len(rfc5424) == 2
    tables, slow = parser.parse(syslog_fast.lines_array("\n".join(rfc5424).encode()), 1)
    placed = pa.concat_tables(tables).sort_by("src_line")
    assert slow.to_pylist() == [] and placed.column("user_name").to_pylist() == ["netops", "netops"]
    _assert_same(data, 1 << 20)


def test_invalid_utf8_note_between_rejections() -> None:
    data = b"junk one\nNov 16 10:00:01 r1 1: %SYS-5-CONFIG_I: Configured from console by a\xff on vty0\njunk two\n"
    _assert_same(data * 3, 40)


def test_every_vectorised_handler_compiles_in_re2_and_agrees() -> None:
    """Each plain-regex handler, translated to RE2, finds the same fields as the Python handler."""
    from carrierwatch.telemetry.syslog.cisco_messages import HANDLERS, extract

    samples = [m for m in _MSGS if m.isascii()] + ["x"]
    for key, handler in HANDLERS.items():
        hid = syslog_fast._HANDLER_IDS[handler]
        if hid < 0:
            continue
        msgs = pa.array(samples)
        cols, slow = syslog_fast.structured_fields(pa.array([hid] * len(samples), pa.int16()), msgs)
        assert not pc.any(slow).as_py()
        got = list(zip(*(c.to_pylist() for c in cols), strict=True))
        want = [extract(None, key, m) or (None, None, None, None) for m in samples]
        assert got == want, key


_TIER1_LINES = [
    "<189>Nov 16 10:00:01 pe1-nyc 42: Nov 16 10:00:01.080 UTC: %SYS-5-CONFIG_I: Configured from console by netops"
    " on vty0 (10.255.0.1)",
    "Nov 16 10:00:01 pe1-nyc 43: *Nov 16 10:00:01.160: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops]"
    " [Source: 10.255.0.1] [localport: 22] at 10:00:01 UTC Mon Nov 16 2026",
    "Nov 16 10:00:01 xr1 578458: RP/0/RSP0/CPU0:Nov 16 10:00:01.720 UTC: config[65740]: %MGBL-CONFIG-6-DB_COMMIT :"
    " Configuration committed by user 'netops'.",
    "Nov 16 10:00:01 nx1 : 2026 Nov 16 10:00:01 UTC: %ETHPORT-5-IF_UP: Interface Ethernet1/1 is up in mode access",
    "Nov 16 10:00:01 asa1 %ASA-6-302013: Built outbound TCP connection 1 for outside:198.51.100.1/443",
    "Nov 16 10:00:01 eos1 Aaa: %ACCOUNTING-6-CMD: netops vty3 10.255.0.1 stop task_id=1 service=shell priv-lvl=15"
    " cmd=show running-config",
    "Nov 16 10:00:01 mx1 mgd[1234]: UI_CMDLINE_READ_LINE: User 'netops', command 'show route '",
    "2026-11-16T10:00:01.123+00:00 mx1 mgd[1234]: UI_COMMIT: User 'netops' requested 'commit' operation",
    '<190>1 2026-11-16T10:00:01.480Z mx1 sshd 4242 SSHD_LOGIN_FAILED [junos@2636.1.1.1.2.18 username="root"'
    ' source-address="203.0.113.5"] Login failed for user \'root\' from host \'203.0.113.5\'',
    "<165>1 2026-11-16T10:00:01Z mx1 mgd 1234 UI_COMMIT - User 'netops' requested 'commit' operation",
]


def test_tier1_places_the_common_dialects_without_shape() -> None:
    """Every common dialect is placed by the one-pass tier-1 patterns alone: with SHAPE and SHAPE_5424
    matching nothing, no line falls back (a regression here would only show as lost speed)."""
    from carrierwatch.telemetry.timestamps import BsdStampCache, YearResolver

    lines = syslog_fast.lines_array("\n".join(_TIER1_LINES).encode())
    never = r"^\b\B"
    with mock.patch.object(syslog_fast, "SHAPE", never), mock.patch.object(syslog_fast, "SHAPE_5424", never):
        tables, slow = syslog_fast.FastParser("x", BsdStampCache(YearResolver(2026, None))).parse(lines, 1)
    assert slow.to_pylist() == []
    assert tables[0].column("src_line").to_pylist() == list(range(1, len(_TIER1_LINES) + 1))
    data = "".join(s + "\n" for s in _TIER1_LINES).encode()
    _assert_same(data, 1 << 20)


@example(line="Nov 16 10:00:01 host: 1: %SYS-5-X: m")  # host ending in ":" (SHAPE reads a tag)
@example(line="Nov 16 10:00:01 r1 1: %SYS-5-X-: m")  # not a mnemonic
@example(line="Nov 16 10:00:01 r1 0/RP0/CPU0:Nov 16 10:00:01 UTC: %SYS-5-X: m")  # node not starting A-Z
@example(line="Nov 16 10:00:01 r1 mgd[1]: UI_X: 100% done")  # "%" in a tag line
@example(line="<165>1 2026-11-16T10:00:01Z mx1 mgd 1 ID - 1: %SYS-5-X: m")  # RFC 5424 with a Cisco body
@example(line="Nov 6 10:00:01 r1 1: %SYS-5-X: m")  # one-digit day without padding
@settings(max_examples=50, deadline=None)
@given(line=_mutated(_built_line()))
def test_tier1_deferrals_match_per_line_parser(line: str) -> None:
    """Lines near the tier-1 shapes' edges (each example one reason to defer) parse as the per-line parser."""
    _assert_same((line + "\n").encode("utf-8", errors="surrogateescape"), 1 << 20)
