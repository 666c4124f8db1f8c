"""First-seen administrative source per account: an account used from an address it was never used from.

Logins are ``(t, user, source)``. The first ``baseline`` seconds of the data (from the earliest login) teach which
sources each account uses. After that, the first login of a ``(user, source)`` pair that was not seen before is
reported once; later logins of the same pair are normal again. Stolen credentials used from a new place (T1078),
and a compromised device used as a jump host, both show up here before anything else does.
"""

from __future__ import annotations

from collections.abc import Sequence


def first_seen(logins: Sequence[tuple[float, str, str]], *, baseline: float) -> list[int]:
    """Indices of logins that are an account's first use of a source after the baseline period."""
    if not logins:
        return []
    order = sorted(range(len(logins)), key=lambda i: logins[i][0])
    learn_until = logins[order[0]][0] + baseline
    known: set[tuple[str, str]] = set()
    out: list[int] = []
    for i in order:
        t, user, source = logins[i]
        pair = (user, source)
        if pair in known:
            continue
        known.add(pair)
        if t > learn_until:
            out.append(i)
    return out
