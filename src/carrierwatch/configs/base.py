"""Shared machinery of the Cisco-family parsers: dispatch by command prefix, and honest coverage.

A parser subclass declares handlers for command prefixes (``("snmp-server", "community")``) and a
list of *ignored* prefixes: well-known stanzas with no bearing on the audit (route-maps, QoS
policy, ...). Every node is either handled, ignored (both count as recognised) or unrecognised
(counted, with its line number sampled). ``no`` forms are passed to the same handler with
``neg=True``.
"""

from __future__ import annotations

from collections.abc import Callable

from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.tree import Node

Handler = Callable[[Node, list[str], bool], bool]


class CiscoFamilyParser:
    """Base class: subclasses fill ``global_handlers`` and ``ignored`` in ``__init__``."""

    max_prefix = 4

    def __init__(self, dev: DeviceConfig) -> None:
        self.dev = dev
        self.recognised: set[int] = set()
        self.unrecognised: list[int] = []
        self.global_handlers: dict[tuple[str, ...], Handler] = {}
        self.ignored: set[tuple[str, ...]] = set()

    # -- coverage bookkeeping -------------------------------------------------------------
    def ok(self, node: Node) -> bool:
        self.recognised.add(node.line)
        return True

    def ok_tree(self, node: Node) -> bool:
        for n in node.walk():
            self.recognised.add(n.line)
        return True

    def miss(self, node: Node) -> None:
        self.unrecognised.append(node.line)

    def children(
        self, node: Node, handle: Callable[[Node, list[str], bool], bool], harmless: tuple[str, ...] = ()
    ) -> None:
        """Run ``handle`` on each child; a child it does not take is ignored if it starts with one of
        ``harmless`` prefixes, else counted unrecognised. Grandchildren follow their child."""
        for c in node.children:
            words = c.text.split()
            neg = bool(words) and words[0].lower() == "no"
            body = words[1:] if neg else words
            low = " ".join(body).lower()
            if handle(c, body, neg):
                self.recognised.add(c.line)
                self._rest(c)
            elif any(low == h or low.startswith(h + " ") for h in harmless) or c.text in ("exit", "quit"):
                self.ok_tree(c)
            else:
                self.miss(c)
                for g in c.children:
                    self.miss(g)

    def _rest(self, node: Node) -> None:
        """Children of a handled node that the handler did not mark: unrecognised."""
        for c in node.children:
            if c.line not in self.recognised:
                self.miss(c)
                self._rest(c)

    # -- dispatch -------------------------------------------------------------------------
    def lookup(self, body: list[str]) -> tuple[Handler | None, bool]:
        low = [w.lower() for w in body]
        for n in range(min(self.max_prefix, len(low)), 0, -1):
            key = tuple(low[:n])
            if key in self.global_handlers:
                return self.global_handlers[key], False
            if key in self.ignored:
                return None, True
        return None, False

    def run(self, roots: list[Node]) -> None:
        for node in roots:
            words = node.text.split()
            neg = words[0].lower() == "no" and len(words) > 1
            body = words[1:] if neg else words
            handler, ignored = self.lookup(body)
            if ignored:
                self.ok_tree(node)
                continue
            taken = False
            if handler is not None:
                try:
                    taken = handler(node, body, neg)
                except (IndexError, ValueError):
                    taken = False
            if taken:
                self.recognised.add(node.line)
                self._rest(node)
            else:
                self.miss(node)
                for c in node.walk()[1:]:
                    self.miss(c)


def arg(words: list[str], key: str) -> str | None:
    """The word after ``key`` in ``words`` (case-insensitive), or None."""
    low = [w.lower() for w in words]
    if key in low:
        i = low.index(key)
        if i + 1 < len(words):
            return words[i + 1]
    return None


def secret_after(words: list[str], i: int) -> tuple[str, str]:
    """At ``words[i]`` is ``[type] SECRET`` (Cisco style). Return (type, secret); no digit -> "0"."""
    if (
        i < len(words)
        and words[i].lower() in ("sha512", "sha256", "md5", "encrypted", "clear")
        and i + 1 < len(words)
    ):
        return words[i].lower(), words[i + 1]
    if i < len(words) and words[i].isdigit() and len(words[i]) <= 2 and i + 1 < len(words):
        return words[i], " ".join(words[i + 1 :]).split()[0]
    if i < len(words):
        return "0", words[i]
    return "0", ""
