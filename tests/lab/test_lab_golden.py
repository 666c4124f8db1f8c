"""Fixture pair: arguments beside the exact output they must produce (bytes, truth, inventory).

Regenerate after an intended change::

    python - <<'PY'
    import hashlib, json, shutil, tempfile; from pathlib import Path
    from carrierwatch.lab import generate_lab
    fx = Path("tests/lab/fixtures/golden-d5-s7"); args = json.loads((fx / "args.json").read_text())
    with tempfile.TemporaryDirectory() as d:
        s = generate_lab(Path(d), **args)
        shutil.copy(s.truth_path, fx / "expected-truth.json")
        shutil.copy(Path(d) / "inventory.csv", fx / "expected-inventory.csv")
        rows = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(d).as_posix()}"
                for p in sorted(x for x in Path(d).rglob("*") if x.is_file())]
        (fx / "expected-sha256.txt").write_text("\\n".join(rows) + "\\n")
    PY
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from carrierwatch.lab import generate_lab

FIXTURE = Path(__file__).parent / "fixtures" / "golden-d5-s7"


def test_golden_lab_is_reproduced_byte_for_byte(tmp_path: Path) -> None:
    args = json.loads((FIXTURE / "args.json").read_text())
    s = generate_lab(tmp_path, **args)
    assert json.loads(s.truth_path.read_text()) == json.loads((FIXTURE / "expected-truth.json").read_text())
    assert (tmp_path / "inventory.csv").read_text() == (FIXTURE / "expected-inventory.csv").read_text()
    got = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(tmp_path).as_posix()}"
        for p in sorted(x for x in tmp_path.rglob("*") if x.is_file())
    ]
    assert got == (FIXTURE / "expected-sha256.txt").read_text().splitlines()
