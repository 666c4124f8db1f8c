"""Shared walk of the block-structured configs of the fleet platforms (SR OS, VRP, ASA, FortiOS).

Nokia SR OS (classic ``exit``-closed contexts and MD-CLI ``{ }`` blocks), Huawei VRP (``#``-separated, one
space per level), Cisco ASA and Fortinet FortiOS (``config … end`` / ``edit … next``) all nest by
indentation, so the indentation tree of ``tree.build_tree`` carries them once block closers (``exit``,
``}``, ``end``, ``next``, ``quit``, ``return``) are treated as recognised punctuation and a trailing ``{`` is
dropped. ``walk`` hands each statement with the words of its enclosing contexts to the platform's handler;
the handler says whether it took it, and the walker keeps coverage honest: taken, a known context, a closer
or an ignored subtree count as recognised, everything else is counted (and sampled) unrecognised.

Nothing here keeps a secret: handlers store only ``mask_value`` forms (see ``mask.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from carrierwatch.configs.tree import Node, build_tree

_WORD = re.compile(r'"(?:[^"\\]|\\.)*"|\S+')
CLOSERS = frozenset({"exit", "exit all", "}", "end", "next", "quit", "return", "back"})

SUBTREE = 2  # a handler's answer: "taken, and so is everything below it" (a section left unmodelled)
# (context words, statement words, node) -> taken (True/False or SUBTREE)
Handler = Callable[[tuple[str, ...], list[str], Node], bool | int]


def words(text: str) -> list[str]:
    """Split a statement into words, keeping double-quoted strings as one word (quotes removed)."""
    out = []
    for w in _WORD.findall(text):
        out.append(w[1:-1] if len(w) >= 2 and w[0] == w[-1] == '"' else w)
    return out


def block_tree(lines: list[str]) -> tuple[list[Node], set[int]]:
    """Indentation tree with MD-CLI braces removed: ``system {`` becomes ``system``; ``}`` a closer."""
    cleaned = []
    for raw in lines:
        s = raw.rstrip()
        if s.endswith("{"):
            s = s[:-1].rstrip()
        cleaned.append(s)
    return build_tree(cleaned)


def walk(
    roots: list[Node],
    handle: Handler,
    contexts: frozenset[str],
    ignored: frozenset[str] = frozenset(),
    key: Callable[[list[str]], str] | None = None,
) -> tuple[set[int], list[int]]:
    """Run ``handle`` on every statement; return (recognised lines, unrecognised lines).

    ``contexts``/``ignored`` hold space-joined context paths (the first word of each level, e.g.
    ``"system security"``): a node whose path is a context is recognised and descended into; one whose path
    is ignored is recognised with its whole subtree. ``key`` names a level from its words (default: the
    first word, lower-cased; FortiOS uses ``config system admin`` -> ``system-admin``).
    """
    recognised: set[int] = set()
    unrecognised: list[int] = []
    todo: list[tuple[tuple[str, ...], Node]] = [((), n) for n in reversed(roots)]
    while todo:
        ctx, node = todo.pop()
        text = node.text
        if text.lower() in CLOSERS:
            recognised.add(node.line)
            continue
        w = words(text)
        if not w:
            recognised.add(node.line)
            continue
        level = key(w) if key is not None else w[0].lower()
        path = " ".join((*ctx, level))
        if path in ignored:
            recognised.update(n.line for n in node.walk())
            continue
        taken: bool | int
        try:
            taken = handle(ctx, w, node)
        except (IndexError, ValueError):
            taken = False
        if taken == SUBTREE:
            recognised.update(n.line for n in node.walk())
            continue
        if taken or path in contexts:
            recognised.add(node.line)
        else:
            unrecognised.append(node.line)
        if node.children:
            sub = (*ctx, level)
            todo.extend((sub, c) for c in reversed(node.children))
    return recognised, unrecognised


def dotted_mask(mask: str) -> int | None:
    """Prefix length of a dotted netmask (``255.255.255.0`` -> 24), or None if it is not one."""
    try:
        parts = [int(p) for p in mask.split(".")]
    except ValueError:
        return None
    if len(parts) != 4 or any(not 0 <= p <= 255 for p in parts):
        return None
    bits = "".join(f"{p:08b}" for p in parts)
    return bits.count("1") if "01" not in bits else None


def wildcard_to_prefix(wild: str) -> int | None:
    """Prefix length of a wildcard mask (``0.0.255.255`` -> 16)."""
    try:
        parts = [255 - int(p) for p in wild.split(".")]
    except ValueError:
        return None
    return dotted_mask(".".join(str(p) for p in parts))
