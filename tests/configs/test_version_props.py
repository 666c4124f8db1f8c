"""More version-ordering properties per train (issue #3): NX-OS, Junos service releases, EOS, and the
normalised string form the CVE matcher uses for membership."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from carrierwatch.audit.vulns import norm
from carrierwatch.configs.version import Version

n = st.integers(0, 60)


@given(n, n, n, n)
def test_nxos_rebuild_number_is_numeric(a: int, b: int, r1: int, r2: int) -> None:
    x, y = Version("nx-os", f"7.0(3)I7({r1})"), Version("nx-os", f"7.0(3)I7({r2})")
    assert (x < y) == (r1 < r2)
    assert Version("nx-os", f"{a}.{b}({r1})") == Version("nx-os", f"{a}.{b}({r1})")


@given(n, n, n, n)
def test_junos_service_release_after_base(maj: int, minor: int, r: int, s: int) -> None:
    base = Version("junos", f"{maj}.{minor}R{r}")
    assert base < Version("junos", f"{maj}.{minor}R{r}-S{s}")
    assert Version("junos", f"{maj}.{minor}R{r}-S{s}") < Version("junos", f"{maj}.{minor}R{r + 1}")


@given(n, n, n)
def test_eos_maintenance_after_release(a: int, b: int, c: int) -> None:
    assert Version("eos", f"{a}.{b}.{c}M") < Version("eos", f"{a}.{b}.{c}.1M")
    assert Version("eos", f"{a}.{b}.{c}M") < Version("eos", f"{a}.{b}.{c + 1}M")


@given(n, n, n, st.sampled_from(["", "a", "b", "s"]))
def test_norm_ignores_zero_padding_and_is_idempotent(a: int, b: int, c: int, suffix: str) -> None:
    padded = f"{a:02d}.{b:02d}.{c:02d}{suffix}"
    plain = f"{a}.{b}.{c}{suffix}"
    assert norm(padded) == norm(plain) == plain
    assert norm(norm(padded)) == norm(padded)


@given(n, n, n)
def test_ios_xe_never_float_compared(maj: int, m1: int, m2: int) -> None:
    assert (Version("ios-xe", f"{maj}.{m1}") < Version("ios-xe", f"{maj}.{m2}")) == (m1 < m2)
