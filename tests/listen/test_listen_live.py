"""``carrierwatch listen`` with real senders: util-linux ``logger`` over UDP and TCP (newline and octet-counted
framing), a TLS sender, Debian ``softflowd`` exporting NetFlow v5/v9/IPFIX from a pcap the test writes;
graceful stop loses nothing, a killed listener's spool is recovered and reported at the next start."""

from __future__ import annotations

import shutil
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from listen_helpers import ListenProc, lake_rows
from pcapgen import write_pcap

needs_logger = pytest.mark.skipif(shutil.which("logger") is None, reason="util-linux logger not installed")
needs_softflowd = pytest.mark.skipif(shutil.which("softflowd") is None, reason="softflowd not installed "
                                     "(scripts/install-system-deps.sh)")

CISCO = "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops] [Source: 10.255.0.12] [localport: 22] at 10:00:01 UTC"


def _logger(*args: str, msg: str) -> None:
    subprocess.run(["logger", *args, msg], check=True, timeout=10)


@needs_logger
def test_logger_udp_and_tcp_into_listen(tmp_path: Path) -> None:
    lp = ListenProc(tmp_path, "--syslog-udp", "0", "--syslog-tcp", "0")
    n_tcp, n_udp = 40, 20
    for i in range(n_tcp):
        frame = ["--octet-count"] if i % 2 else []
        _logger("--tcp", *frame, "-n", "127.0.0.1", "-P", str(lp.ports["syslog_tcp"]), "-t", "pe1",
                msg=f"tcp {i} {CISCO}")
    for i in range(n_udp):
        fmt = "--rfc3164" if i % 2 else "--rfc5424"
        _logger("--udp", fmt, "-n", "127.0.0.1", "-P", str(lp.ports["syslog_udp"]), "-t", "pe2", msg=f"udp {i}")
    lp.wait_for("received", n_tcp + n_udp, timeout=20)
    result, err = lp.stop()
    c = result["counters"]
    assert c["received"] == n_tcp + n_udp - c["dropped"] or c["received"] == n_tcp + n_udp
    assert c["parsed"] + c["rejected"] == c["received"]
    assert lake_rows(tmp_path, "syslog") == c["parsed"]
    tcp_rows = lake_rows(tmp_path, "syslog", "count(*) filter (where message like 'tcp %')")
    assert tcp_rows == n_tcp  # TCP: exact
    assert lake_rows(tmp_path, "syslog", "count(distinct host_ip)") == 1  # the sender address, 127.0.0.1
    assert "stopped:" in err and "kernel drops" in err
    assert not list((tmp_path / "spool" / "syslog").glob("*.spool"))  # nothing left behind


@needs_softflowd
@pytest.mark.parametrize("version", ["5", "9", "10"])
def test_softflowd_into_listen(tmp_path: Path, version: str) -> None:
    run = tmp_path / "sf"
    run.mkdir()
    flows = [("10.0.0.1", "203.0.113.9", 6, 51000, 49, 5, 100), ("10.0.0.2", "198.51.100.7", 17, 5000, 69, 3, 50),
             ("10.0.0.3", "192.0.2.1", 47, 0, 0, 4, 80)]
    write_pcap(run / "in.pcap", flows)
    lp = ListenProc(tmp_path / "ws", "--netflow-udp", "0")
    # softflowd 1.1.0 mangles long -r/-c/-p paths: short names, run in the folder; it may not exit by
    # itself at the end of a pcap, so it is stopped (and flushes) once the listener has its packets.
    sf = subprocess.Popen(["softflowd", "-a", "-r", "in.pcap", "-n", f"127.0.0.1:{lp.ports['netflow_udp']}",
                           "-v", version, "-D", "-c", "c", "-p", "p"], cwd=run,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lp.wait_for("flow_packets", 1, timeout=5)
    sf.terminate()
    sf.wait(10)
    time.sleep(0.3)
    result, _ = lp.stop()
    c = result["counters"]
    assert c["flow_records"] == 3 and c["flow_rejected"] == 0
    got = lake_rows(tmp_path / "ws", "flows", "list(source_ip || ':' || source_port || '>' || destination_ip || ':' "
                    "|| destination_port || '/' || network_iana_number || ' ' || network_bytes order by source_ip)")
    assert got == ["10.0.0.1:51000>203.0.113.9:49/6 700", "10.0.0.2:5000>198.51.100.7:69/17 234",
                   "10.0.0.3:0>192.0.2.1:0/47 400"]
    day = lake_rows(tmp_path / "ws", "flows", "min(ts)::date::varchar")
    assert day == "2025-11-16"  # flow time from the pcap, not the time of the test


def _cert(tmp: Path) -> tuple[Path, Path]:
    key, crt = tmp / "k.pem", tmp / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(crt),
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True, timeout=60)
    return crt, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_tls_octet_counted(tmp_path: Path) -> None:
    crt, key = _cert(tmp_path)
    lp = ListenProc(tmp_path / "ws", "--syslog-tls", "0", "--tls-cert", str(crt), "--tls-key", str(key))
    ctx = ssl.create_default_context(cafile=str(crt))
    ctx.check_hostname = False
    msgs = [f"<189>{i}: *Nov 16 10:00:{i:02d}.000 UTC: %SYS-5-CONFIG_I: Configured from console by netops on vty0 "
            f"(10.255.0.{i})" for i in range(1, 31)]
    with socket.create_connection(("127.0.0.1", lp.ports["syslog_tls"])) as raw, \
            ctx.wrap_socket(raw, server_hostname="localhost") as s:
        s.sendall(b"".join(f"{len(m.encode())} {m}".encode() for m in msgs))
    lp.wait_for("received", 30, timeout=10)
    result, _ = lp.stop()
    assert result["counters"]["received"] == 30 == result["counters"]["parsed"]
    assert lake_rows(tmp_path / "ws", "syslog", "count(*) filter (where event_code = 'CONFIG_I')") == 30


def _send_tcp(port: int, lines: list[str]) -> None:
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall("".join(line + "\n" for line in lines).encode())


def test_killed_listener_recovers_its_spool(tmp_path: Path) -> None:
    lines = [f"<189>{i}: *Nov 16 10:00:00.000 UTC: %SYS-5-CONFIG_I: Configured from console by u{i} on vty0 "
             f"(10.255.0.1)" for i in range(500)]
    lp = ListenProc(tmp_path, "--syslog-tcp", "0", "--batch-seconds", "3600")  # no batch before the kill
    _send_tcp(lp.ports["syslog_tcp"], lines)
    deadline = time.time() + 10
    spool = tmp_path / "spool" / "syslog" / "current.spool"
    while time.time() < deadline and (not spool.exists() or spool.read_bytes().count(b"\n") < 500):
        time.sleep(0.05)
    lp.stop(signal.SIGKILL)
    assert lake_rows(tmp_path, "syslog") == 0
    lp2 = ListenProc(tmp_path, "--syslog-tcp", "0")
    result, err = lp2.stop()
    assert "did not stop cleanly" in err and "recovered syslog batch" in err
    assert any("500 parsed" in n for n in result["notes"])
    assert lake_rows(tmp_path, "syslog") == 500


def test_graceful_stop_keeps_partial_frame_and_everything_accepted(tmp_path: Path) -> None:
    lp = ListenProc(tmp_path, "--syslog-tcp", "0", "--batch-seconds", "3600")
    s = socket.create_connection(("127.0.0.1", lp.ports["syslog_tcp"]))
    s.sendall(b"".join(b"<13>Nov 16 10:00:00 pe1 app: line %d\n" % i for i in range(200)))
    s.sendall(b"<13>Nov 16 10:00:01 pe1 app: last line without LF")
    lp.wait_for("received", 200, timeout=5)
    time.sleep(0.5)
    result, _ = lp.stop()
    s.close()
    assert result["counters"]["received"] == 201 == result["counters"]["parsed"]
    assert lake_rows(tmp_path, "syslog") == 201


def test_rejected_messages_go_to_quarantine(tmp_path: Path) -> None:
    lp = ListenProc(tmp_path, "--syslog-tcp", "0")
    _send_tcp(lp.ports["syslog_tcp"], ["<13>Nov 16 10:00:00 pe1 app: fine", "this is not syslog at all",
                                        "<999>Nov 16 10:00:00 pe1 app: bad PRI"])
    lp.wait_for("received", 3, timeout=5)
    result, _ = lp.stop()
    c = result["counters"]
    assert (c["received"], c["parsed"], c["rejected"]) == (3, 1, 2)
    from carrierwatch.telemetry.quarantine import Quarantine

    q = Quarantine(tmp_path).read("syslog")
    assert sorted(str(r["reason"]) for r in q) == ["invalid PRI", "not a syslog line"]
    assert {str(r["text"]) for r in q} == {"this is not syslog at all", "<999>Nov 16 10:00:00 pe1 app: bad PRI"}
    assert oct((tmp_path / "quarantine").stat().st_mode & 0o777) == "0o700"


def test_lab_sends_syslog_and_ipfix_to_listen(tmp_path: Path) -> None:
    """The lab replays its syslog (TCP, octet-counted) and IPFIX (UDP) into a listener: the lake gets what
    reading the same files gives."""
    from carrierwatch.findings import InputAccount
    from carrierwatch.lab.generate import generate_lab
    from carrierwatch.telemetry.flows.netflow_files import read_ipfix_file
    from carrierwatch.telemetry.syslog.reader import read_syslog

    lab = tmp_path / "lab"
    generate_lab(lab, devices=4, days=1, flows_per_device_per_hour=10, ipfix=True)
    want_sys = InputAccount("s", "syslog")
    for f in sorted((lab / "syslog").glob("*.log")):
        read_syslog(f, want_sys, default_year=2026)
    want_flows = InputAccount("f", "ipfix")
    files = sorted((lab / "flows-ipfix").glob("*.ipfix"))
    assert files
    for f in files:
        read_ipfix_file(f, want_flows)
    lp = ListenProc(tmp_path / "ws", "--syslog-tcp", "0", "--netflow-udp", "0")
    from listen_helpers import CW

    out = subprocess.run([CW, "lab", "send", str(lab), "--syslog-tcp", str(lp.ports["syslog_tcp"]), "--octet-count",
                          "--ipfix-udp", str(lp.ports["netflow_udp"]), "--rate", "20000"],
                         capture_output=True, check=True, timeout=120)
    assert b"syslog_tcp" in out.stdout
    lp.wait_for("flow_records", want_flows.accepted, timeout=20)
    result, _ = lp.stop()
    c = result["counters"]
    assert c["received"] == want_sys.records and c["parsed"] == want_sys.accepted
    assert c["flow_records"] == want_flows.accepted and c["flow_rejected"] == 0 and c["dropped"] == 0
    assert lake_rows(tmp_path / "ws", "flows") == want_flows.accepted
    assert lake_rows(tmp_path / "ws", "syslog") == want_sys.accepted


def _wait_until_settled(lp: ListenProc, key: str, quiet_s: float = 1.0, timeout: float = 60) -> None:
    """Wait until counter ``key`` has not changed for ``quiet_s`` (no fixed sleep: the suite runs on busy machines)."""
    deadline = time.time() + timeout
    last, since = -1, time.time()
    while time.time() < deadline:
        now = lp.counters().get(key, 0)
        if now != last:
            last, since = now, time.time()
        elif time.time() - since >= quiet_s:
            return
        time.sleep(0.1)


def test_udp_kernel_drops_are_counted(tmp_path: Path) -> None:
    """A UDP flood while the listener is frozen overflows the socket buffer: what the kernel dropped is
    reported as ``dropped`` (from /proc/net/udp), so received + dropped accounts for every datagram sent."""
    import os

    if not Path("/proc/net/udp").exists():
        pytest.skip("needs Linux /proc/net/udp")
    lp = ListenProc(tmp_path, "--syslog-udp", "0")
    sent = 20_000
    os.kill(lp.proc.pid, signal.SIGSTOP)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for i in range(sent):
                s.sendto(b"<13>Nov 16 10:00:00 pe1 app: flood %d" % i, ("127.0.0.1", lp.ports["syslog_udp"]))
    finally:
        os.kill(lp.proc.pid, signal.SIGCONT)
    _wait_until_settled(lp, "received")  # on a busy machine the listener may need seconds to drain the buffer
    result, err = lp.stop()
    c = result["counters"]
    assert c["dropped"] > 0, c  # the buffer (capped by net.core.rmem_max) cannot hold 20,000 datagrams
    assert c["received"] + c["dropped"] == sent, c
    assert c["parsed"] == c["received"] and lake_rows(tmp_path, "syslog") == c["received"]
    assert f"kernel drops {c['dropped']}" in err


def test_blank_lines_are_not_messages(tmp_path: Path) -> None:
    lp = ListenProc(tmp_path, "--syslog-tcp", "0")
    _send_tcp(lp.ports["syslog_tcp"], ["", "<13>Nov 16 10:00:00 pe1 app: one", "", "", "  ", "\r",
                                        "<13>Nov 16 10:00:00 pe1 app: two"])
    lp.wait_for("received", 2, timeout=5)
    result, _ = lp.stop()
    c = result["counters"]
    assert (c["received"], c["parsed"], c["rejected"]) == (2, 2, 0)


def test_duplicate_ipfix_datagrams_are_counted_once(tmp_path: Path) -> None:
    from netflow_fixture_io import FIXTURES

    data = (FIXTURES / "lab_small.ipfix").read_bytes()
    msgs = []
    pos = 0
    while pos < len(data):
        ln = int.from_bytes(data[pos + 2 : pos + 4], "big")
        msgs.append(data[pos : pos + ln])
        pos += ln
    lp = ListenProc(tmp_path, "--netflow-udp", "0")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for m in msgs + msgs:  # every datagram delivered twice
            s.sendto(m, ("127.0.0.1", lp.ports["netflow_udp"]))
    lp.wait_for("flow_packets", 2 * len(msgs), timeout=5)
    result, _ = lp.stop()
    c = result["counters"]
    assert (c["flow_packets"], c["flow_records"], c["flow_duplicates"]) == (2 * len(msgs), 40, len(msgs))
    assert lake_rows(tmp_path, "flows") == 40
