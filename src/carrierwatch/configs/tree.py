"""Turn config text into an indentation tree, with banners and certificate blobs set apart.

Cisco-family configs (IOS, IOS XE, NX-OS, IOS XR, EOS) nest sub-commands by indentation. A banner
(``banner motd ^C ... ^C``) spans lines that are free text and must never be read as commands; a
``certificate`` block is hex. Both are marked *recognised* (deliberately ignored) here so that the
parse-coverage numbers stay honest about real commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BANNER = re.compile(r"^\s*banner\s+(\S+)\s*(.*)$", re.IGNORECASE)


@dataclass(slots=True)
class Node:
    text: str  # stripped line
    line: int  # 1-based
    indent: int
    children: list[Node] = field(default_factory=list)

    def walk(self) -> list[Node]:
        """This node and every descendant, depth first (document order)."""
        out = [self]
        if self.children:
            todo = self.children[::-1]
            while todo:
                n = todo.pop()
                out.append(n)
                if n.children:
                    todo.extend(reversed(n.children))
        return out


def _banner_end(lines: list[str], i: int) -> int:
    """Index of the last line of a banner starting at ``lines[i]`` (IOS delimiter rules)."""
    m = _BANNER.match(lines[i])
    if not m:
        return i
    rest = m.group(2)
    if not rest:
        return i
    if rest.startswith("^C"):
        delim, body = "^C", rest[2:]
    else:
        delim, body = rest[0], rest[1:]
    if delim in body:
        return i
    for j in range(i + 1, len(lines)):
        if delim in lines[j]:
            return j
    return len(lines) - 1


def build_tree(lines: list[str]) -> tuple[list[Node], set[int]]:
    """Return top-level nodes and the set of line numbers that are comments/banners/blank.

    Blank lines, ``!``/``#`` comments and banner bodies are *not* made into nodes; their numbers are
    returned so the caller can count them as recognised.
    """
    skipped: set[int] = set()
    roots: list[Node] = []
    stack: list[Node] = []
    indents: list[int] = []  # indent of each node on ``stack``
    banner = _BANNER.match
    resume = 0  # index of the first line after a banner body
    for i, raw in enumerate(lines):
        if i < resume:
            continue
        lineno = i + 1
        stripped = raw.strip()  # (a trailing CR/LF changes neither the indent nor the banner test below)
        first = stripped[:1]
        if not first or first == "!" or (first == "#" and not stripped.startswith("#T")):
            skipped.add(lineno)
            continue
        # only a line starting with "banner" can match _BANNER (its letters have no non-ASCII case
        # variants), so the regex runs on those lines alone
        if (first == "b" or first == "B") and stripped[:6].lower() == "banner" and banner(raw):
            end = _banner_end(lines, i)
            skipped.update(range(lineno, end + 2))
            resume = end + 1
            continue
        indent = 0 if stripped is raw else len(raw) - len(raw.lstrip(" \t"))
        node = Node(stripped, lineno, indent)
        while indents and indents[-1] >= indent:
            stack.pop()
            indents.pop()
        if stack:
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)
        indents.append(indent)
    return roots, skipped
