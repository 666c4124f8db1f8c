"""SSH/Telnet hop chains across devices: A -> B -> C within a window (JumbledPath-style relays, ATT&CK S1206).

Input: logins ``(ts, from_device, to_device, user)`` where both ends are known devices (the source address
belongs to a device). A chain is a sequence ``l_1, l_2, ...`` with ``l_{k+1}.from = l_k.to`` and
``0 <= l_{k+1}.ts - l_k.ts <= window``. Returns every maximal chain of length >= 2 (at least two hops, i.e.
three devices); loops stop at a device already on the chain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Login:
    ts: float
    src: str
    dst: str
    user: str = ""
    ref: int = 0  # caller's row index, to point evidence at the input line


def chains(logins: Sequence[Login], *, window: float) -> list[list[Login]]:
    by_src: dict[str, list[Login]] = defaultdict(list)
    for x in sorted(logins, key=lambda x: x.ts):
        by_src[x.src].append(x)
    nexts = {id(x): [y for y in by_src.get(x.dst, []) if 0 <= y.ts - x.ts <= window] for x in logins}
    has_prev = {id(y) for x in logins for y in nexts[id(x)]}
    out: list[list[Login]] = []

    def walk(path: list[Login], seen: set[str]) -> None:
        ext = [y for y in nexts[id(path[-1])] if y.dst not in seen]
        if not ext:
            if len(path) >= 2:
                out.append(list(path))
            return
        for y in ext:
            walk([*path, y], seen | {y.dst})

    for x in sorted(logins, key=lambda x: x.ts):
        if id(x) not in has_prev:
            walk([x], {x.src, x.dst})
    return out
