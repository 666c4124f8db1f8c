"""Accounting that streams rejections (issue 14): counts always complete, a few examples per reason, a compact
rejection log for the quarantine that no output copies, and the quarantine written in one pass over the file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.findings import MAX_SAMPLES, SAMPLES_PER_REASON, InputAccount
from carrierwatch.telemetry.quarantine import Quarantine, RecordingAccount, RejectionLog


def test_samples_are_the_first_few_per_reason_and_counts_are_complete() -> None:
    acc = InputAccount("f", "syslog")
    for n in range(100_000):
        acc.reject(f"reason {n % 3}", n + 1)
    assert acc.rejected == acc.records == 100_000 and acc.balanced
    assert acc.reasons == {"reason 0": 33_334, "reason 1": 33_333, "reason 2": 33_333}
    assert len(acc.samples) == 3 * SAMPLES_PER_REASON
    assert [s["line"] for s in acc.samples if s["reason"] == "reason 2"] == [3, 6, 9, 12, 15]
    many = InputAccount("g", "syslog")
    for n in range(1000):
        many.reject(f"malformed: {n}", n)
    assert len(many.samples) == MAX_SAMPLES and len(many.reasons) == 1000


def test_the_json_form_never_holds_the_rejection_log() -> None:
    acc = RecordingAccount("f", "tacacs")
    acc.reject("bad", 1)
    acc.accept(2)
    d = acc.to_dict()
    assert "rejections" not in d
    assert d == {"path": "f", "kind": "tacacs", "records": 3, "accepted": 2, "rejected": 1,
                 "reasons": {"bad": 1}, "error": None, "samples": [{"line": 1, "reason": "bad"}]}
    d["reasons"]["bad"] = 99
    assert acc.reasons["bad"] == 1  # a copy, not the account's own dict


@settings(deadline=None, max_examples=200)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 50)), st.sampled_from(["a", "b", "c"])),
                max_size=60))
def test_rejection_log_keeps_order_and_sorts_by_line(items: list[tuple[int | None, str]]) -> None:
    log = RejectionLog()
    for item in items:
        log.append(item)
    assert list(log) == items and len(log) == len(items) and bool(log) == bool(items)
    by_line = list(log.by_line())
    assert sorted(by_line, key=lambda t: (t[0] is None, t[0] or 0)) == by_line
    assert sorted(by_line, key=repr) == sorted(items, key=repr)


def test_keep_lines_streams_every_rejection_with_its_text(tmp_path: Path) -> None:
    src = tmp_path / "in.log"
    src.write_text("".join(f"line {n}\n" for n in range(1, 11)), encoding="utf-8")
    acc = RecordingAccount(str(src), "syslog")
    for n in (2, 5, 5, 9):
        acc.reject("bad line", n)
    acc.reject("timestamp out of range", 3)  # a later check rejects an earlier line: the log is out of order
    acc.reject("truncated", None)
    acc.reject("past the end", 40)
    q = Quarantine(tmp_path / "ws")
    assert q.keep_lines("syslog", "in.log", src, acc) == 7
    got = [(r["line"], r["reason"], r.get("text")) for r in q.read("syslog")]
    assert got == [(2, "bad line", "line 2"), (3, "timestamp out of range", "line 3"), (5, "bad line", "line 5"),
                   (5, "bad line", "line 5"), (9, "bad line", "line 9"), (40, "past the end", None),
                   (None, "truncated", None)]
