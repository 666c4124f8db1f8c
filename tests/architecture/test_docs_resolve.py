"""Docs that resolve: every source the code and docs cite is in the repository.

Why: the project once cited research notes that lived outside the repository (a file only its first authors had),
so a reader could not follow a docstring to its source. These tests read the repository's own text files:

* no text names those outside notes, the sibling ``shared`` folder or a machine path;
* every ``*.md`` named in src/, docs/, README.md and BENCHMARKS.md exists in the repository, and every
  ``docs/x.md#anchor`` (and every Markdown link) lands on an anchor the target really has;
* every guidance id (``EVH-*``, ``HUNT-*``, ``LI-*``, ``SRC-*``) used anywhere in src/ or the docs has its entry in
  ``docs/guidance.md``;
* every module path written in backticks in the docs and docstrings (``li/x1.py``) names a file that exists.

The checks are plain functions over text so that ``test_checkers_catch_planted_errors`` can feed them planted bad
references and show that they fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "carrierwatch"
GUIDANCE = REPO / "docs" / "guidance.md"

TEXT_SUFFIXES = {".py", ".md", ".yml", ".yaml", ".json", ".toml", ".txt", ".cfg", ".html", ".j2", ".csv", ".xml"}
SKIP_DIRS = {".git", ".venv", "__pycache__", "node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache",
             "build", "dist", ".hypothesis"}
THIS = Path(__file__).resolve()

#: Research notes that exist only outside the repository: nothing may cite them (cite docs/guidance.md instead).
OUTSIDE_NOTES = re.compile(r"typhoon-guidance|intel-anchors|detect-audit-anchors|shared/reference", re.I)
#: Paths outside the repository: the shipped code and its docs never read them (scripts and benchmarks may).
OUTSIDE_PATHS = re.compile(r"\.\./" + "shared|/" + "work/")  # split so this checker does not match itself

_URL = re.compile(r"\b(?:https?|file)://[^\s)\]>\"'`]+")
_CITATION = re.compile(
    r"(?<![\w/.-])(?P<md>(?:\.{1,2}/)*(?:[\w.-]+/)*[\w-][\w.-]*\.md)(?P<anchor>#[\w-]+)?(?![\w-])"
    r"|(?<![\w/&#])(?P<bare>#[a-z][a-z0-9]*(?:-[a-z0-9]+)+|#[a-z]{4,})(?![\w-])"
)
_MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
_ANCHOR_ID = re.compile(r"""<a\s[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_TICKED_PATH = re.compile(r"`{1,2}([\w.-]+(?:/[\w.:-]*)*)`{1,2}")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")
#: Endings that make ``a/b.x`` a file name rather than ``module.attribute``.
FILE_SUFFIXES = {"py", "md", "c", "h", "rs", "go", "java", "js", "ts", "sh", "json", "jsonl", "csv", "yml", "yaml",
                 "xml", "txt", "log", "gz", "toml", "cfg", "html", "pcap", "parquet", "db"}
#: First segments that make a backticked token a repository path: the package's rooms and the top-level folders.
ROOMS = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_")} | {
    "src", "tests", "scripts", "benchmarks", "docs", "carrierwatch"}
#: Guidance ids. ``LI-`` must not be the tail of a rule id such as ``CW-LI-…``; ``EVH-H19/H21`` and ``HUNT-01/03``
#: name two ids each.
_GUIDANCE_ID = re.compile(r"(?<![\w-])(EVH-[A-Z]\d+|HUNT-\d+|LI-\d+|SRC-\d+)((?:/[A-Z]?\d+)*)(?![\w-])")

#: Backticked paths that name a file of another project, with the project (checked by hand).
EXTERNAL_PATHS = {
    "sigma/types.py": "SigmaHQ/pySigma",
}


def _walk(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in TEXT_SUFFIXES and not SKIP_DIRS.intersection(p.relative_to(REPO).parts):
            yield p


def _files(*names: str) -> list[Path]:
    return [p for n in names if (REPO / n).exists() for p in _walk(REPO / n)]


def _read(p: Path) -> str:
    return p.read_text(encoding="utf-8", errors="replace")


def _repo_paths() -> set[str]:
    out: set[str] = set()
    for p in REPO.rglob("*"):
        rel = p.relative_to(REPO)
        if SKIP_DIRS.intersection(rel.parts):
            continue
        out.add(rel.as_posix() + ("/" if p.is_dir() else ""))
    return out


REPO_PATHS = _repo_paths()


def _exists_somewhere(path: str) -> bool:
    """True if some file or folder of the repository is ``path`` or ends with ``/path``."""
    while path.startswith(("./", "../")):
        path = path.split("/", 1)[1]
    path = path.rstrip("/")
    return any(p.rstrip("/") == path or p.rstrip("/").endswith("/" + path) for p in REPO_PATHS)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(markdown: str) -> set[str]:
    """Every anchor a Markdown page offers: explicit ``<a id>`` plus one per heading."""
    return set(_ANCHOR_ID.findall(markdown)) | {slug(h) for h in _HEADING.findall(markdown)}


def outside_references(text: str, *, paths: bool) -> list[str]:
    """Mentions of the outside notes (and, with ``paths``, of folders outside the repository)."""
    found = [m.group(0) for m in OUTSIDE_NOTES.finditer(text)]
    if paths:
        found += [m.group(0) for m in OUTSIDE_PATHS.finditer(_URL.sub("", text))]
    return found


def _target(source: Path, cited: str) -> Path | None:
    """The repository file a citation names: relative to the citing file, the repository root or the package."""
    for base in (source.parent, REPO, PACKAGE):
        cand = (base / cited).resolve()
        if cand.is_file():
            return cand
    return None


def _bad_citation(source: Path, cited: str, anchor: str, cache: dict[Path, set[str]] | None) -> bool:
    target = _target(source, cited)
    if target is None:
        return bool(anchor) or not _exists_somewhere(cited)
    return bool(anchor) and anchor not in _anchors(target, cache)


def _bad_link(source: Path, text: str, link: str, cache: dict[Path, set[str]] | None) -> bool:
    if link.startswith("#"):
        return link[1:] not in anchors_of(text)
    if _URL.match(link) or link.startswith("mailto:"):
        return False
    file, _, anchor = link.partition("#")
    target = (source.parent / file).resolve()
    if not target.exists():
        return True
    return bool(anchor) and target.is_file() and anchor not in _anchors(target, cache)


def dangling_md(source: Path, text: str, cache: dict[Path, set[str]] | None = None) -> list[str]:
    """``*.md`` citations and Markdown links in ``text`` that name no repository file or no anchor of it.

    A bare ``#anchor`` later on the same line as ``docs/x.md#a`` (``docs/guidance.md#hardening and #hunting``)
    is checked against that same page.
    """
    bad: list[str] = []
    for line in _URL.sub("", text).splitlines():
        page = None
        for m in _CITATION.finditer(line):
            if m.group("md"):
                page = m.group("md")
                if _bad_citation(source, page, (m.group("anchor") or "#")[1:], cache):
                    bad.append(m.group(0))
            elif page is not None and _bad_citation(source, page, m.group("bare")[1:], cache):
                bad.append(f"{page}{m.group('bare')}")
    if source.suffix == ".md":
        bad += [link for link in _MD_LINK.findall(text) if _bad_link(source, text, link, cache)]
    return bad


def _anchors(target: Path, cache: dict[Path, set[str]] | None) -> set[str]:
    if cache is None:
        return anchors_of(_read(target)) if target.suffix == ".md" else set()
    if target not in cache:
        cache[target] = anchors_of(_read(target)) if target.suffix == ".md" else set()
    return cache[target]


def guidance_ids(text: str) -> set[str]:
    """Every guidance id in ``text``, ``EVH-H19/H21`` and ``HUNT-01/03`` counted as two each."""
    out: set[str] = set()
    for m in _GUIDANCE_ID.finditer(text):
        first, more = m.group(1), m.group(2)
        out.add(first)
        head = first.rstrip("0123456789")
        for tail in filter(None, more.split("/")):
            out.add(("EVH-" if tail[0].isalpha() else head) + tail)
    return out


def missing_guidance(ids: Iterable[str], guidance_anchors: set[str]) -> list[str]:
    return sorted(i for i in set(ids) if i.lower() not in guidance_anchors)


def _path_candidates(token: str) -> list[str] | None:
    """What a backticked token may name in the repository, or None when it is not a repository path.

    Checked: ``x.py``/``x.md`` anywhere, and tokens that start at a room of the package or a top-level folder
    (``li/x1.py``, ``audit/checks/``, ``telemetry/flows/netflow_files.read_pcap_flows``, ``li/rules.py:LiSettings``).
    Paths of the files a run writes (``spool/netflow/…``, ``li/x1-audit.xml`` in the lab output) are not modules
    and are left alone.
    """
    if token.startswith(("/", ".")) or token in EXTERNAL_PATHS:
        return None
    base = token.split(":")[0]
    last = base.rsplit("/", 1)[-1]
    module_attr = "/" in base and _DOTTED.match(last) is not None and last.rsplit(".", 1)[1] not in FILE_SUFFIXES
    if "/" in base and base.split("/")[0] not in ROOMS:
        return None
    if not (base.endswith((".py", ".md", "/")) or module_attr):
        return None
    out = [base]
    if module_attr:
        module = base.rsplit(".", 1)[0]
        out += [module + ".py", module + "/"]
    return out


def missing_paths(text: str) -> list[str]:
    """Backticked module paths (``li/x1.py``, ``audit/checks/``) that name nothing in the repository."""
    bad = []
    for token in _TICKED_PATH.findall(_URL.sub("", text)):
        cands = _path_candidates(token)
        if cands is not None and not any(_exists_somewhere(c) for c in cands):
            bad.append(token)
    return bad


SHIPPED = ("src", "docs", "README.md", "BENCHMARKS.md")
EVERYWHERE = (*SHIPPED, "tests", "scripts", "benchmarks", "Makefile", "pyproject.toml")


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{f}: {', '.join(sorted(set(v)))}" for f, v in sorted(problems.items()) if v)


def test_nothing_cites_the_outside_notes_or_reads_outside_the_repository() -> None:
    problems: dict[str, list[str]] = {}
    for p in _files(*EVERYWHERE):
        if p == THIS:
            continue
        rel = p.relative_to(REPO).as_posix()
        shipped = rel.split("/")[0] in SHIPPED or rel in SHIPPED
        problems[rel] = outside_references(_read(p), paths=shipped)
    assert not _report(problems), "cite docs/guidance.md, not notes outside the repository:\n" + _report(problems)


def test_every_cited_markdown_file_and_anchor_exists() -> None:
    cache: dict[Path, set[str]] = {}
    problems = {p.relative_to(REPO).as_posix(): dangling_md(p, _read(p), cache) for p in _files(*SHIPPED)}
    assert not _report(problems), "citations of missing files or anchors:\n" + _report(problems)


def test_every_guidance_id_has_an_entry_in_docs_guidance() -> None:
    have = anchors_of(_read(GUIDANCE))
    problems = {p.relative_to(REPO).as_posix(): missing_guidance(guidance_ids(_read(p)), have)
                for p in _files(*SHIPPED)}
    assert not _report(problems), "ids without a row in docs/guidance.md:\n" + _report(problems)


def test_guidance_page_lists_the_ids_the_rules_use() -> None:
    """The scan of src/ sees every rule family's references (audit, behaviour, Sigma pack, drift, LI)."""
    have = anchors_of(_read(GUIDANCE))
    used = set().union(*(guidance_ids(_read(p)) for p in _files("src")))
    # The families that carry guidance ids today: if these disappear the scan above has stopped seeing them.
    assert {"EVH-C01", "EVH-V01", "EVH-H10", "HUNT-01", "HUNT-10", "LI-03", "LI-07"} <= used
    assert missing_guidance(used, have) == []


def test_every_backticked_module_path_exists() -> None:
    problems = {p.relative_to(REPO).as_posix(): missing_paths(_read(p)) for p in _files(*SHIPPED)}
    assert not _report(problems), "paths that name no file (renamed?):\n" + _report(problems)


@pytest.mark.parametrize(
    ("source", "text", "check"),
    [
        ("src/carrierwatch/x.py", '"""Guidance from typhoon-guidance.md §1."""', "outside"),
        ("src/carrierwatch/x.py", "# read ../" + "shared/data at run time", "outside"),
        ("src/carrierwatch/x.py", '"""Rule (DESIGN.md "Findings")."""', "md"),
        ("src/carrierwatch/x.py", "# see docs/guidance.md#evh-c99", "md"),
        ("docs/x.md", "see [the LI page](lawful-intercept.md#no-such-section)", "md"),
        ("docs/x.md", "see [moved](li-old.md)", "md"),
        ("src/carrierwatch/x.py", 'references = ("EVH-C99", "HUNT-01")', "ids"),
        ("src/carrierwatch/x.py", "EVH-H19/H99 apply", "ids"),
        ("src/carrierwatch/x.py", "references=[\"LI-99\"]", "ids"),
        ("src/carrierwatch/x.py", "# docs/guidance.md#hardening and #no-such-section", "md"),
        ("README.md", "| LI guard | `telemetry/li_x1.py` |", "paths"),
        ("docs/x.md", "reader `telemetry/netflow_files.read_pcap_flows`", "paths"),
        ("docs/x.md", "thresholds (`detect/lawful_intercept.py:LiSettings`)", "paths"),
    ],
)
def test_checkers_catch_planted_errors(source: str, text: str, check: str) -> None:
    have = anchors_of(_read(GUIDANCE))
    path = REPO / source
    found = {
        "outside": outside_references(text, paths=True),
        "md": dangling_md(path, text),
        "ids": missing_guidance(guidance_ids(text), have),
        "paths": missing_paths(text),
    }[check]
    assert found, f"planted bad reference not caught: {text!r}"


@pytest.mark.parametrize(
    ("source", "text", "check"),
    [
        ("src/carrierwatch/x.py", "# docs/guidance.md#evh-c03 and docs/guidance.md#li-checks", "md"),
        ("docs/x.md", "see [LI](lawful-intercept.md) and [SSH](guidance.md#evh-h14)", "md"),
        ("src/carrierwatch/x.py", 'references = ("EVH-C03", "HUNT-01", "CW-LI-TAP-SNMP", "EVH-H19/H21")', "ids"),
        ("README.md", "| LI guard | `li/x1.py`, `audit/checks/` |", "paths"),
        ("docs/x.md", "`telemetry/flows/netflow_files.read_pcap_flows`, `li/rules.py:LiSettings`", "paths"),
        ("docs/x.md", "the lab writes `li/x1-audit.xml` and `spool/netflow/templates.json`", "paths"),
        ("src/carrierwatch/x.py", "# https://github.com/x/y/blob/main/docs/nothing.md", "md"),
    ],
)
def test_checkers_accept_good_references(source: str, text: str, check: str) -> None:
    have = anchors_of(_read(GUIDANCE))
    path = REPO / source
    found = {
        "md": dangling_md(path, text),
        "ids": missing_guidance(guidance_ids(text), have),
        "paths": missing_paths(text),
    }[check]
    assert found == []


def test_guidance_ids_expand_slash_lists() -> None:
    assert guidance_ids("EVH-H10/H14/H19, HUNT-01/03, CW-LI-07, LI-04") == {
        "EVH-H10", "EVH-H14", "EVH-H19", "HUNT-01", "HUNT-03", "LI-04"}
