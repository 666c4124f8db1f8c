"""STIX 2.1 patterns to disjunctive normal form over typed values, so they can be matched set-at-a-time.

A per-pair matcher (stix2-matcher, ~0.1 ms per pattern and observation) is far too slow for carrier volumes
(measured with stix2-matcher 3.0.0; oasis-open/cti-pattern-matcher#67), so each pattern is compiled once into
OR-of-ANDs of ``(kind, value)`` terms: every
conjunction becomes one indicator group whose terms are hash-joined against records and counted. Supported:
``=`` and ``IN (...)`` on the object paths in :data:`PATHS`, ``ISSUBSET`` on IP values (a CIDR), nested
parentheses with AND/OR inside one observation, and OR between observations. Observation-level AND and
FOLLOWEDBY, and qualifiers (WITHIN, REPEATS, START/STOP), need several records in time order; they are reported
as unsupported rather than silently loosened (STIX 2.1 spec §9, "Patterning").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carrierwatch.intel.values import canonical

#: (object type, property path lower-cased) -> indicator kind. Hash keys follow the STIX hash-algorithm-ov.
PATHS: dict[tuple[str, str], str] = {
    ("ipv4-addr", "value"): "ip", ("ipv6-addr", "value"): "ip",
    ("network-traffic", "dst_ref.value"): "ip", ("network-traffic", "src_ref.value"): "ip",
    ("network-traffic", "dst_port"): "port", ("network-traffic", "src_port"): "port",
    ("domain-name", "value"): "domain", ("url", "value"): "url", ("email-addr", "value"): "email",
    ("email-message", "from_ref.value"): "email", ("autonomous-system", "number"): "asn",
    ("file", "name"): "file-name",
    ("file", "hashes.md5"): "md5", ("file", "hashes.'md5'"): "md5",
    ("file", "hashes.'sha-1'"): "sha1", ("file", "hashes.sha1"): "sha1", ("file", "hashes.'sha1'"): "sha1",
    ("file", "hashes.'sha-256'"): "sha256", ("file", "hashes.sha256"): "sha256", ("file", "hashes.'sha256'"): "sha256",
    ("file", "hashes.'sha-512'"): "sha512", ("file", "hashes.ssdeep"): "ssdeep", ("file", "hashes.'ssdeep'"): "ssdeep",
    ("x509-certificate", "hashes.'sha-1'"): "x509-sha1", ("x509-certificate", "hashes.'sha-256'"): "x509-sha256",
}

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<lb>\[)|(?P<rb>\])|(?P<lp>\()|(?P<rp>\))|(?P<comma>,)"
    r"|(?P<op>!=|<=|>=|=|<|>)|(?P<word>[A-Za-z0-9_\-:.'*]+(?:'[^']*'[A-Za-z0-9_.\-]*)*))"
)
_KEYWORDS = {"AND", "OR", "NOT", "IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "FOLLOWEDBY", "WITHIN",
             "REPEATS", "START", "STOP", "TIMES", "SECONDS"}

Term = tuple[str, str]  # (kind, canonical value)


class PatternError(ValueError):
    """The pattern cannot be compiled; the message is the counted rejection reason."""


@dataclass
class Compiled:
    conjunctions: list[list[Term]]
    notes: list[str]  # parts that were dropped (with why): a conjunction with an unsupported term is dropped


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    end = len(text.rstrip())  # once: testing text[pos:] on every token made tokenising quadratic
    while pos < end:
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise PatternError("unparsable STIX pattern")
        pos = m.end()
        kind = m.lastgroup or ""
        val = m.group(kind)
        if kind == "word" and val.upper() in _KEYWORDS:
            kind, val = "kw", val.upper()
        out.append((kind, val))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.t = tokens
        self.i = 0
        self.notes: list[str] = []

    def peek(self) -> tuple[str, str]:
        return self.t[self.i] if self.i < len(self.t) else ("end", "")

    def take(self, kind: str, val: str | None = None) -> str:
        k, v = self.peek()
        if k != kind or (val is not None and v != val):
            raise PatternError("unparsable STIX pattern")
        self.i += 1
        return v

    # pattern := obs (OR obs)* ; AND / FOLLOWEDBY between observations are not evaluated
    def pattern(self) -> list[list[Term | None]]:
        dnf = self.observation()
        while self.peek() == ("kw", "OR") or self.peek() in (("kw", "AND"), ("kw", "FOLLOWEDBY")):
            op = self.take("kw")
            rhs = self.observation()
            if op == "OR":
                dnf.extend(rhs)  # in place: ``dnf + rhs`` per OR copied the list (quadratic)
            else:
                raise PatternError(f"observation-level {op} is not evaluated (needs correlated records)")
        if self.peek()[0] != "end":
            raise PatternError("unparsable STIX pattern")
        return dnf

    def observation(self) -> list[list[Term | None]]:
        if self.peek()[0] == "lp":
            self.take("lp")
            inner = self.pattern_inner()
            self.take("rp")
            return inner
        self.take("lb")
        dnf = self.or_expr()
        self.take("rb")
        if self.peek()[0] == "kw" and self.peek()[1] in ("WITHIN", "REPEATS", "START"):
            raise PatternError(f"qualifier {self.peek()[1]} is not evaluated")
        return dnf

    def pattern_inner(self) -> list[list[Term | None]]:
        dnf = self.observation()
        while self.peek() == ("kw", "OR"):
            self.take("kw")
            dnf.extend(self.observation())
        if self.peek()[0] == "kw" and self.peek()[1] in ("AND", "FOLLOWEDBY"):
            raise PatternError(f"observation-level {self.peek()[1]} is not evaluated (needs correlated records)")
        return dnf

    def or_expr(self) -> list[list[Term | None]]:
        dnf = self.and_expr()
        while self.peek() == ("kw", "OR"):
            self.take("kw")
            dnf.extend(self.and_expr())
        return dnf

    def and_expr(self) -> list[list[Term | None]]:
        dnf = self.atom()
        while self.peek() == ("kw", "AND"):
            self.take("kw")
            rhs = self.atom()
            dnf = [a + b for a in dnf for b in rhs]
            if len(dnf) > 256:
                raise PatternError("pattern expands to more than 256 conjunctions")
        return dnf

    def atom(self) -> list[list[Term | None]]:
        if self.peek()[0] == "lp":
            self.take("lp")
            dnf = self.or_expr()
            self.take("rp")
            return dnf
        return self.comparison()

    def comparison(self) -> list[list[Term | None]]:
        path = self.take("word")
        negated = False
        if self.peek() == ("kw", "NOT"):
            self.take("kw")
            negated = True
        k, op = self.peek()
        if k not in ("op", "kw"):
            raise PatternError("unparsable STIX pattern")
        self.i += 1
        values: list[str] = []
        if op == "IN":
            self.take("lp")
            while True:
                values.append(self._value())
                if self.peek()[0] == "comma":
                    self.take("comma")
                    continue
                break
            self.take("rp")
        else:
            values.append(self._value())
        obj, _, prop = path.partition(":")
        kind = PATHS.get((obj.lower(), prop.lower()))
        supported = kind is not None and not negated and (op in ("=", "IN") or (op == "ISSUBSET" and kind == "ip"))
        if not supported:
            self.notes.append(f"unsupported comparison {obj}:{prop} {'NOT ' if negated else ''}{op}")
            return [[None]]
        assert kind is not None
        out: list[list[Term | None]] = []
        for v in values:
            term = canonical(kind, v)
            if term is None:
                self.notes.append(f"invalid {kind} value in {obj}:{prop}")
                out.append([None])
            else:
                out.append([term])
        return out

    def _value(self) -> str:
        k, v = self.peek()
        self.i += 1
        if k == "str":
            return v[1:-1].replace("\\'", "'").replace("\\\\", "\\")
        if k == "word":
            return v
        raise PatternError("unparsable STIX pattern")


def compile_pattern(text: str) -> Compiled:
    """Compile a STIX pattern; raises :class:`PatternError` when no part of it can be evaluated."""
    p = _Parser(_tokens(text))
    dnf = p.pattern()
    usable = [[t for t in conj if t is not None] for conj in dnf if all(t is not None for t in conj)]
    # Identical conjunctions (e.g. the same name term repeated) collapse; term order inside one is irrelevant.
    unique: dict[tuple[Term, ...], list[Term]] = {}
    for conj in usable:
        key = tuple(sorted(set(conj)))
        unique.setdefault(key, list(key))
    if not unique:
        raise PatternError(p.notes[0] if p.notes else "no supported comparison in pattern")
    return Compiled(list(unique.values()), p.notes)
