"""Regenerate the NetFlow/IPFIX fixtures: real softflowd exports (v5, v9, IPFIX) of a pcap written by
``pcapgen``, captured on a loopback UDP socket and stored as pcaps; plus a lab IPFIX file.

Run by hand (needs Debian ``softflowd``): ``.venv/bin/python tests/listen/make_fixtures.py``, then
``.venv/bin/python tests/listen/netflow_fixture_io.py`` to rewrite the expected files, and review the diff.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from handmade import edge_cases  # noqa: E402
from pcapgen import write_pcap, write_udp_pcap  # noqa: E402

FLOWS = [
    ("10.0.0.1", "203.0.113.9", 6, 51000, 49, 5, 100),  # TACACS+ to a stranger
    ("10.0.0.2", "198.51.100.7", 17, 5000, 69, 3, 50),  # TFTP out
    ("10.0.0.3", "192.0.2.1", 47, 0, 0, 4, 80),  # GRE
]


def capture(version: str, pcap: Path) -> list[bytes]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(1.0)
    port = s.getsockname()[1]
    if True:  # one block, kept for its comments
        # softflowd -r sometimes does not exit at the end of the pcap: stop it once it has gone quiet
        # softflowd 1.1.0 mangles long -r/-c/-p paths: run it in the pcap's folder with short names
        proc = subprocess.Popen(["softflowd", "-a", "-r", pcap.name, "-n", f"127.0.0.1:{port}", "-v", version,
                                 "-D", "-c", "c", "-p", "p"], cwd=pcap.parent,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out: list[bytes] = []
        for stop in (False, True):  # what it sends by itself, then what it flushes when told to stop
            if stop:
                proc.terminate()
                proc.wait(5)
            while True:
                try:
                    out.append(s.recv(65535))
                except TimeoutError:
                    break
        return out


def main() -> None:
    fx = HERE / "fixtures"
    with tempfile.TemporaryDirectory() as tmp:
        pcap = Path(tmp) / "in.pcap"
        write_pcap(pcap, FLOWS)
        for v, name in (("5", "softflowd_v5"), ("9", "softflowd_v9"), ("10", "softflowd_ipfix")):
            write_udp_pcap(fx / f"{name}.pcap", [("192.0.2.11", p) for p in capture(v, pcap)])
    write_udp_pcap(fx / "edge_cases.pcap", [("192.0.2.12", p) for _, p in edge_cases()])
    lab_ipfix(fx)


def lab_ipfix(fx: Path) -> None:
    """40 lab-style flows as an RFC 5655 file (2 messages), and the same file cut in its second message."""
    import numpy as np

    from carrierwatch.lab.ipfix_writer import DTYPE, messages

    rec = np.zeros(40, dtype=DTYPE)
    rec["sa"] = 0x0A000001 + np.arange(40)
    rec["da"] = 0xCB007109  # 203.0.113.9
    rec["sp"] = 40000 + np.arange(40)
    rec["dp"] = 49
    rec["proto"] = 6
    rec["octets"] = 1000 + np.arange(40)
    rec["packets"] = 5
    rec["start"] = 1_763_280_000_000 + 1000 * np.arange(40)
    rec["end"] = rec["start"] + 250
    rec["exporter"] = 0x0AFF0001  # 10.255.0.1
    data = b"".join(messages(rec, domain=7, per_message=27))
    (fx / "lab_small.ipfix").write_bytes(data)
    (fx / "lab_truncated.ipfix").write_bytes(data[: len(data) - 100])


if __name__ == "__main__":
    main()
