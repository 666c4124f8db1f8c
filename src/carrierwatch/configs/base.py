"""Shared machinery of the Cisco-family parsers: dispatch by command prefix, and honest coverage.

A parser subclass declares handlers for command prefixes (``("snmp-server", "community")``) and a
list of *ignored* prefixes: well-known stanzas with no bearing on the audit (route-maps, QoS
policy, ...). Every node is either handled, ignored (both count as recognised) or unrecognised
(counted, with its line number sampled). ``no`` forms are passed to the same handler with
``neg=True``.

The tables are per class (``handler_table``/``ignored_table``, built once per process into a word trie
keyed on the lower-cased first words), so a parser instance per file costs next to nothing and holds no
reference cycle (a parsed file's objects are freed by reference counting, not by the cyclic GC).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.tree import Node

Handler = Callable[[Node, list[str], bool], bool]  # a bound handler: (node, words, neg) -> taken
MethodHandler = Callable[[Any, Node, list[str], bool], bool]  # a table entry: (parser, node, words, neg)

# trie node: lower-cased word -> [handler or None, ignored?, deeper words]
_Trie = dict[str, list[Any]]


class _Dispatch:
    __slots__ = ("ignored", "ignored_max", "trie")

    def __init__(self, handlers: dict[tuple[str, ...], MethodHandler], ignored: set[tuple[str, ...]],
                 max_prefix: int) -> None:
        self.ignored = frozenset(ignored)
        self.ignored_max = max((len(k) for k in self.ignored), default=0)
        self.trie: _Trie = {}
        for key, fn in [*((k, None) for k in self.ignored), *handlers.items()]:
            if not key or len(key) > max_prefix:
                continue  # never looked up (lookup tries at most ``max_prefix`` words)
            node = self.trie
            for depth, word in enumerate(key):
                entry = node.setdefault(word, [None, False, {}])
                if depth == len(key) - 1:
                    if fn is None:
                        entry[1] = True
                    else:
                        entry[0] = fn
                node = entry[2]


_DISPATCH: dict[type, _Dispatch] = {}
_HARMLESS: dict[int, tuple[tuple[str, ...], frozenset[str] | None, int]] = {}


def _harmless_index(harmless: tuple[str, ...]) -> tuple[frozenset[str] | None, int]:
    """(set, longest entry in words) for ``harmless``; (None, 0) if an entry is not plain lower-case words
    separated by single spaces (then the caller tests each entry as written)."""
    got = _HARMLESS.get(id(harmless))
    if got is not None and got[0] is harmless:
        return got[1], got[2]
    plain = all(h and h == " ".join(h.split()) and h == h.lower() for h in harmless)
    index = frozenset(harmless) if plain else None
    longest = max((len(h.split()) for h in harmless), default=0)
    if len(_HARMLESS) > 256:  # callers pass constant tuples; this only bounds a caller building them anew
        _HARMLESS.clear()
    _HARMLESS[id(harmless)] = (harmless, index, longest)  # keeps ``harmless`` alive, so its id stays valid
    return index, longest


class CiscoFamilyParser:
    """Base class: subclasses extend ``handler_table`` and ``ignored_table`` (class methods)."""

    max_prefix = 4

    def __init__(self, dev: DeviceConfig) -> None:
        self.dev = dev
        self.recognised: set[int] = set()
        self.unrecognised: list[int] = []
        d = _DISPATCH.get(type(self))
        if d is None:
            d = _DISPATCH[type(self)] = _Dispatch(self.handler_table(), self.ignored_table(), self.max_prefix)
        self._dispatch = d
        self.ignored = d.ignored

    @classmethod
    def handler_table(cls) -> dict[tuple[str, ...], MethodHandler]:
        """Command prefix (lower-case words) -> handler function, called as ``fn(parser, node, words, neg)``."""
        return {}

    @classmethod
    def ignored_table(cls) -> set[tuple[str, ...]]:
        """Command prefixes whose whole subtree is recognised and not modelled."""
        return set()

    # -- coverage bookkeeping -------------------------------------------------------------
    def ok(self, node: Node) -> bool:
        self.recognised.add(node.line)
        return True

    def ok_tree(self, node: Node) -> bool:
        rec = self.recognised
        rec.add(node.line)
        if node.children:
            for n in node.walk():
                rec.add(n.line)
        return True

    def miss(self, node: Node) -> None:
        self.unrecognised.append(node.line)

    def children(
        self, node: Node, handle: Callable[[Node, list[str], bool], bool], harmless: tuple[str, ...] = ()
    ) -> None:
        """Run ``handle`` on each child; a child it does not take is ignored if it starts with one of
        ``harmless`` prefixes, else counted unrecognised. Grandchildren follow their child."""
        recognised = self.recognised
        for c in node.children:
            words = c.text.split()
            neg = bool(words) and words[0].lower() == "no"
            body = words[1:] if neg else words
            if handle(c, body, neg):
                recognised.add(c.line)
                if c.children:
                    self._rest(c)
            elif self._is_harmless(body, harmless) or c.text in ("exit", "quit"):
                self.ok_tree(c)
            else:
                self.unrecognised.append(c.line)
                for g in c.children:
                    self.unrecognised.append(g.line)

    @staticmethod
    def _is_harmless(body: list[str], harmless: tuple[str, ...]) -> bool:
        """True if the lower-cased ``body`` equals a ``harmless`` entry or starts with one plus a space."""
        if not harmless:
            return False
        index, longest = _harmless_index(harmless)
        if index is None:
            low = " ".join(body).lower()
            return any(low == h or low.startswith(h + " ") for h in harmless)
        # the joined words have spaces only between words, so "starts with h + space" means h is the
        # join of the first few words
        prefix = ""
        for k, w in enumerate(body[:longest]):
            prefix = w.lower() if k == 0 else prefix + " " + w.lower()
            if prefix in index:
                return True
        return False

    def _rest(self, node: Node) -> None:
        """Children of a handled node that the handler did not mark: unrecognised."""
        for c in node.children:
            if c.line not in self.recognised:
                self.miss(c)
                self._rest(c)

    # -- dispatch -------------------------------------------------------------------------
    def lookup(self, body: list[str]) -> tuple[MethodHandler | None, bool]:
        """The handler of the longest known prefix of ``body`` (a handler wins over an ignored prefix of
        the same length), or (None, True) if that prefix is ignored, or (None, False)."""
        found: tuple[MethodHandler | None, bool] = (None, False)
        trie = self._dispatch.trie
        for w in body[: self.max_prefix]:
            entry = trie.get(w.lower())
            if entry is None:
                break
            if entry[0] is not None:
                found = (entry[0], False)
            elif entry[1]:
                found = (None, True)
            trie = entry[2]
            if not trie:
                break
        return found

    def lookup_ignored(self, w: list[str]) -> bool:
        """Does any prefix of ``w`` (lower-cased) name an ignored stanza?"""
        ignored = self.ignored
        low: tuple[str, ...] = ()
        for x in w[: self._dispatch.ignored_max]:
            low = (*low, x.lower())
            if low in ignored:
                return True
        return False

    def run(self, roots: list[Node]) -> None:
        recognised = self.recognised
        unrecognised = self.unrecognised
        trie = self._dispatch.trie
        max_prefix = self.max_prefix
        for node in roots:
            words = node.text.split()
            first = words[0].lower()
            if first == "no" and len(words) > 1:
                neg, body = True, words[1:]
                first = body[0].lower()
            else:
                neg, body = False, words
            # self.lookup(body), inlined: longest known prefix, a handler before an ignored prefix
            handler: MethodHandler | None = None
            ignored = False
            entry = trie.get(first)
            depth = 1
            while entry is not None:
                if entry[0] is not None:
                    handler, ignored = entry[0], False
                elif entry[1]:
                    handler, ignored = None, True
                if depth >= max_prefix or depth >= len(body) or not entry[2]:
                    break
                entry = entry[2].get(body[depth].lower())
                depth += 1
            if ignored:
                self.ok_tree(node)
                continue
            taken = False
            if handler is not None:
                try:
                    taken = handler(self, node, body, neg)
                except (IndexError, ValueError):
                    taken = False
            if taken:
                recognised.add(node.line)
                if node.children:
                    self._rest(node)
            else:
                unrecognised.append(node.line)
                if node.children:
                    unrecognised.extend(c.line for c in node.walk()[1:])


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


_SCHEMES = (
    ("$1$", "md5-crypt"), ("$5$", "sha256-crypt"), ("$6$", "sha512-crypt"), ("$8$", "pbkdf2-sha256"),
    ("$9$", "scrypt"), ("$14$", "sha256-cisco"), ("$sha512$", "sha512-crypt"),
)


def hash_scheme(stored: str) -> str | None:
    """The one-way hash scheme a stored secret names by its crypt prefix (``$1$`` MD5-crypt, ``$5$`` SHA-256-crypt,
    ``$6$`` SHA-512-crypt, Cisco ``$8$`` PBKDF2-SHA-256 and ``$9$`` scrypt), or None. The prefix is no secret;
    the rest of the string never leaves the parser (``mask_value``)."""
    s = stored.strip('"')
    return next((name for prefix, name in _SCHEMES if s.startswith(prefix)), None)
