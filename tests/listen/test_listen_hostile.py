"""Hostile input never stops the collector (issue 14), against the real ``carrierwatch listen`` process:

* a spoofed RFC 5424 datagram whose time is past 9999-12-31 (UTC) is one rejected message, not a batch stuck in
  the spool; the same message left in the spool by an earlier listener does not stop the next start;
* a batch that cannot be ingested at all goes whole to the quarantine with its reason, and the start goes on;
* two batches holding the same bytes are two lake files (every accepted message stored once);
* an octet-counted frame announcing 99,999,999,999 bytes does not grow the listener's memory with what is
  sent, and a frame over the cap is cut like a newline-framed message, the connection's framing intact.

Sizes and counts are asserted, never times.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

from listen_helpers import ListenProc, lake_rows

from carrierwatch.telemetry.live.listener import MAX_MESSAGE
from carrierwatch.telemetry.quarantine import Quarantine

GOOD = "<13>1 2026-11-16T10:00:01Z pe1 app - - - good message {}"
# -23:59 carries 9999-12-31T23:59:59 past the last day the lake can name (10000-01-01 UTC)
Y10K = [b"<13>1 9999-12-31T23:59:59-23:59 pe1 app - - - after the end of time",
        b"<13>1 10000-01-01T00:00:00Z pe1 app - - - year ten thousand"]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _udp(port: int, payloads: list[bytes]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for p in payloads:
            s.sendto(p, ("127.0.0.1", port))
            time.sleep(0.001)


def test_year_10000_datagram_is_a_rejection_and_the_listener_restarts(tmp_path: Path) -> None:
    lp = ListenProc(tmp_path, "--syslog-udp", "0")
    _udp(lp.ports["syslog_udp"], [Y10K[0], GOOD.format(1).encode(), Y10K[1], GOOD.format(2).encode()])
    lp.wait_for("rejected", 2, timeout=10)
    lp.wait_for("parsed", 2, timeout=10)
    result, _ = lp.stop()
    c = result["counters"]
    assert c["received"] == 4 and (c["parsed"], c["rejected"]) == (2, 2)
    assert c["quarantined_batches"] == 0
    assert lake_rows(tmp_path, "syslog") == 2
    assert not list((tmp_path / "spool" / "syslog").glob("*.spool"))
    q = Quarantine(tmp_path).read("syslog")
    assert sorted(str(r["text"]) for r in q) == sorted(p.decode() for p in Y10K)
    # and it starts again, cleanly, with nothing left over
    lp2 = ListenProc(tmp_path, "--syslog-udp", "0")
    result2, err2 = lp2.stop()
    assert "did not stop cleanly" not in err2 and result2["counters"]["recovered_batches"] == 0


def test_spool_left_with_hostile_and_unreadable_batches_never_blocks_a_start(tmp_path: Path) -> None:
    """What a killed listener left: a batch holding the year-10000 message between good ones, and a batch the
    ingest cannot read at all (here: a folder where the file should be). Both are dealt with at start-up."""
    spool = tmp_path / "spool" / "syslog"
    spool.mkdir(parents=True)
    hostile = spool / "batch-00000000000000000001.spool"
    hostile.write_bytes(b"\n".join([GOOD.format(1).encode(), Y10K[0], GOOD.format(2).encode()]) + b"\n")
    broken = spool / "batch-00000000000000000002.spool"
    broken.mkdir()
    (tmp_path / "spool" / "listen-state.json").write_text(json.dumps({"running": True, "pid": 1}))
    lp = ListenProc(tmp_path, "--syslog-udp", "0")
    result, err = lp.stop()
    assert "recovered syslog batch batch-00000000000000000001.spool: 2 parsed, 1 rejected" in err
    assert "could not be ingested" in err and "moved to the quarantine" in err
    assert result["counters"]["quarantined_batches"] == 1 and result["counters"]["recovered_batches"] == 2
    assert lake_rows(tmp_path, "syslog") == 2
    assert not list(spool.glob("batch-*"))  # nothing stays behind to block the next start
    assert (tmp_path / "quarantine" / "batches" / "syslog" / broken.name).exists()
    reasons = [str(r["reason"]) for r in Quarantine(tmp_path).read("syslog")]
    assert any(r.startswith("batch not ingested: ") for r in reasons)
    lp2 = ListenProc(tmp_path, "--syslog-udp", "0")  # and the start after that is clean
    result2, err2 = lp2.stop()
    assert result2["counters"]["recovered_batches"] == 0 and "could not be ingested" not in err2


def test_two_batches_with_the_same_bytes_are_both_stored(tmp_path: Path) -> None:
    lines = [GOOD.format(i) for i in range(1000)]
    lp = ListenProc(tmp_path, "--syslog-tcp", "0")
    for round_ in (1, 2):
        with socket.create_connection(("127.0.0.1", lp.ports["syslog_tcp"])) as s:
            s.sendall("".join(f"{ln}\n" for ln in lines).encode())
        lp.wait_for("parsed", 1000 * round_, timeout=20)  # the first batch is in the lake before the second
    result, _ = lp.stop()
    c = result["counters"]
    assert c["parsed"] == 2000 and c["batches"] >= 2
    assert lake_rows(tmp_path, "syslog") == 2000
    assert lake_rows(tmp_path, "syslog", "count(distinct message)") == 1000


def test_oversized_octet_frames_are_capped(tmp_path: Path) -> None:
    lp = ListenProc(tmp_path, "--syslog-tcp", "0", "--batch-seconds", "3600")
    port = lp.ports["syslog_tcp"]
    # a frame over the cap that does end: cut at MAX_MESSAGE, and the frame after it is read as usual
    big = b"<13>1 2026-11-16T10:00:01Z pe1 app - - - " + b"B" * (MAX_MESSAGE * 3)
    after = GOOD.format("after the big frame").encode()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"%d %s%d %s" % (len(big), big, len(after), after))
    lp.wait_for("received", 2, timeout=10)
    # a frame that announces 99,999,999,999 bytes: 64 MB of it must not be held in memory
    rss0 = _rss_kb(lp.proc.pid)
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"99999999999 <13>1 2026-11-16T10:00:02Z pe1 app - - - ")
    chunk = b"A" * (1 << 20)
    for _ in range(64):
        s.sendall(chunk)
    lp.wait_for("oversized", 2, timeout=10)
    time.sleep(0.5)  # let the loop read what the socket still holds
    grown_kb = _rss_kb(lp.proc.pid) - rss0
    result, _ = lp.stop()
    s.close()
    c = result["counters"]
    assert grown_kb < 16 * 1024, f"listener grew {grown_kb} kB while 64 MB of one frame arrived"
    assert c["oversized"] == 2
    assert c["received"] == 3 == c["parsed"]
    lengths = lake_rows(tmp_path, "syslog", "list(length(raw) order by length(raw))")
    assert max(lengths) <= MAX_MESSAGE
    assert lake_rows(tmp_path, "syslog", "count(*) filter (where message like '%after the big frame')") == 1
