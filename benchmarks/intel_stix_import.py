"""Issue 4 benchmark: import the ATT&CK Enterprise v18.1 bundle (24,771 objects) vs ``stix2.parse``.

carrierwatch: read (gzip + lazy SIMD JSON), keep the newest ``modified`` per id, compile indicator patterns,
store every object's (id, modified) key and the indicators in a fresh SQLite state DB; then re-import and check
it adds nothing. Peer: ``stix2.parse(text, allow_custom=True)`` on the same file (gunzip included for both).
Peak memory of our import is measured in a child process, so the peer's objects do not count against us.
The benchmark reads ../shared (allowed for benchmarks, never for tests). ``scale`` < 1 uses the first
``scale`` share of the objects (smoke runs).
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import best_of

ATTACK = Path(__file__).resolve().parents[2] / "shared" / "data" / "attack" / "enterprise-attack-18.1.json.gz"

_CHILD = """
import resource, sys, time
from pathlib import Path
from carrierwatch import statedb
from carrierwatch.intel.importer import import_path
db = statedb.connect("sqlite:///" + sys.argv[2])
t = time.perf_counter(); r = import_path(db, Path(sys.argv[1])); dt = time.perf_counter() - t
print(dt, r.objects_added, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)
"""


def run(scale: float = 1.0) -> dict[str, object]:
    from carrierwatch import statedb
    from carrierwatch.intel.importer import import_path

    tmp = Path(tempfile.mkdtemp(prefix="cw-bench-stix-"))
    try:
        src = ATTACK
        if scale < 1.0:
            data = json.loads(gzip.decompress(ATTACK.read_bytes()))
            data["objects"] = data["objects"][: max(1, int(len(data["objects"]) * scale))]
            src = tmp / "attack-part.json.gz"
            src.write_bytes(gzip.compress(json.dumps(data).encode()))
        dbs = [statedb.connect("sqlite:///" + str(tmp / f"state{i}.db")) for i in range(3)]  # empty stores

        def ours() -> tuple[int, int]:
            first = import_path(dbs.pop(), src)
            return first.objects_added, first.account.records

        cw = best_of(3, ours)
        again = import_path(statedb.connect("sqlite:///" + str(tmp / "state0.db")), src)

        def peer() -> int:
            import stix2

            text = gzip.decompress(src.read_bytes()).decode("utf-8")
            return len(stix2.parse(text, allow_custom=True).objects)

        st = best_of(1 if scale >= 1.0 else 2, peer)
        child = subprocess.run([sys.executable, "-c", _CHILD, str(src), str(tmp / "child.db")], capture_output=True,
                               text=True, check=True).stdout.split()
        return {"name": "ATT&CK v18.1 bundle import vs stix2.parse(allow_custom=True)", "objects": cw.value[1],
                "carrierwatch_s": round(cw.seconds, 3), "stix2_parse_s": round(st.seconds, 3),
                "ratio_stix2_over_cw": round(st.seconds / cw.seconds, 1), "stored_keys": cw.value[0],
                "reimport_added": again.added + again.objects_added,
                "carrierwatch_child_import_s": round(float(child[0]), 3), "carrierwatch_peak_rss_mb": float(child[2])}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0), indent=2))
