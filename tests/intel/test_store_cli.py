"""The indicator store and the ``carrierwatch intel`` commands, end to end through the real CLI and SQLite."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from carrierwatch import statedb
from carrierwatch.cli import app
from carrierwatch.intel import store as intel_store
from carrierwatch.intel.importer import import_path, sniff_intel
from carrierwatch.intel.taxii_client import Auth, pull

from .helpers import FIX

runner = CliRunner(env={"COLUMNS": "400"})  # no rich line wrapping in asserted output


def cw(ws: Path, *args: str) -> Any:
    return runner.invoke(app, ["--workspace", str(ws), *args], catch_exceptions=False)


def test_sniffing() -> None:
    assert sniff_intel(FIX / "cisa_style_bundle.json") == "stix"
    assert sniff_intel(FIX / "zeek_intel_sample.intel") == "zeek-intel"
    assert sniff_intel(FIX / "misp_export.csv") == "misp-csv"
    assert sniff_intel(FIX / "iocs.csv") == "csv"
    assert sniff_intel(FIX / "freetext.txt") == "freetext"
    assert sniff_intel(FIX / "misp_feed") == "misp-feed"


def test_every_format_imports_and_reimport_adds_nothing(tmp_path: Path) -> None:
    db = statedb.connect(f"sqlite:///{tmp_path / 's.db'}")
    names = ["cisa_style_bundle.json", "zeek_intel_sample.intel", "iocs.csv", "misp_export.csv", "freetext.txt",
             "misp_feed"]
    first = [import_path(db, FIX / n) for n in names]
    assert all(r.added > 0 and not r.account.error for r in first)
    total = len(intel_store.load_indicators(db))
    second = [import_path(db, FIX / n) for n in names]
    assert [r.added for r in second] == [0] * len(names) and len(intel_store.load_indicators(db)) == total
    assert second[0].objects_added == 0 and second[0].objects_unchanged > 0
    feed = second[-1]
    assert feed.indicators == 0 and feed.account.records == 0  # unchanged MISP events are not even read
    warned = {i.value: i.warning for i in intel_store.load_indicators(db) if i.warning}
    # MISP 'hostname' lists match parent domains too, and public-dns-hostname lists example.com itself
    assert warned == {"8.8.8.8": "public-dns-v4", "d41d8cd98f00b204e9800998ecf8427e": "empty-hashes",
                      "updates.evil.example.com": "public-dns-hostname",
                      "https://evil.example.com/a/b": "public-dns-hostname"}


def test_cli_import_list_stats_export(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    r = cw(ws, "intel", "import", str(FIX / "cisa_style_bundle.json"), str(FIX / "misp_feed"))
    assert r.exit_code == 0, r.output
    assert "rejected 4" in r.output and "revoked: 1" in r.output
    assert "public-dns-v4: 1" in r.output  # the warning-list flag is shown at import
    again = cw(ws, "intel", "import", str(FIX / "cisa_style_bundle.json"))
    assert " 0 indicator values added" in again.output
    listing = cw(ws, "intel", "list", "--kind", "ipv6")
    assert "2001:41d0:700:65dc::f656:929f" in listing.output
    stats = cw(ws, "intel", "stats")
    assert "'sha256': 3" in stats.output and "'public-dns-v4': 1" in stats.output
    out = tmp_path / "x.json"
    assert cw(ws, "intel", "export", "--format", "stix", "--max-tlp", "green", "-o", str(out)).exit_code == 0
    bundle = json.loads(out.read_text(encoding="utf-8"))
    patterns = [o["pattern"] for o in bundle["objects"]]
    assert not any("vpn.evil.example" in p for p in patterns)  # TLP:RED stays home
    assert not any("45.61.134.134" in p and "amber" in json.dumps(o) for p, o in zip(patterns, bundle["objects"],
                                                                                      strict=True))
    cmd1 = [p for p in patterns if "cmd1" in p]
    assert len(cmd1) == 1 and cmd1[0].count(" OR ") == 3 and cmd1[0].count(" AND ") == 4
    # the export re-imports to the same values (round trip through our own reader)
    ws2 = tmp_path / "ws2"
    assert cw(ws2, "intel", "import", str(out)).exit_code == 0
    db2 = statedb.connect(f"sqlite:///{ws2 / 'state.db'}")
    assert {(i.kind, i.value) for i in intel_store.load_indicators(db2) if i.id.endswith("000000000005")} >= {
        ("file-name", "cmd1"), ("sha256", "f2bbba1ea0f34b262f158ff31e00d39d89bbc471d04e8fca60a034cabe18e4f4")}


def test_cli_bad_input_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{oops", encoding="utf-8")
    r = cw(tmp_path / "ws", "intel", "import", str(bad), str(tmp_path / "missing.json"))
    assert r.exit_code == 2


def test_cli_actors_and_techniques(tmp_path: Path) -> None:
    r = cw(tmp_path / "ws", "intel", "actors", "GhostEmperor")
    assert r.exit_code == 0 and "Salt Typhoon" in r.output and "G1045" in r.output and "S1206" in r.output
    r = cw(tmp_path / "ws", "intel", "techniques", "--actor", "salt-typhoon", "--search", "T1040")
    assert "Network Sniffing" in r.output and "Salt Typhoon" in r.output
    assert cw(tmp_path / "ws", "intel", "actors", "nobody").exit_code == 2


def test_bearer_token_is_sent(tmp_path: Path) -> None:
    seen: list[str] = []

    class H(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.headers.get("Authorization", ""))
            body = json.dumps({"more": False, "objects": []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/taxii+json;version=2.1")
            self.send_header("X-TAXII-Date-Added-Last", "2026-01-01T00:00:00.000Z")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    srv = HTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        db = statedb.connect(f"sqlite:///{tmp_path / 's.db'}")
        res = pull(db, f"http://127.0.0.1:{srv.server_port}/api/", "c1", lambda o: None, auth=Auth(token="tok-1"))
    finally:
        srv.shutdown()
    assert seen == ["Bearer tok-1"] and res.state.added_after == "2026-01-01T00:00:00.000Z"


def test_tlp_resolution_on_import_pages_and_reimport(tmp_path: Path) -> None:
    """A marking-definition on an earlier page still resolves later pages; unknown refs fail closed (RED);
    unmarked is not CLEAR; --tlp only raises and raises stored indicators on re-import; purple is refused."""
    import pytest

    from carrierwatch.findings import InputAccount
    from carrierwatch.intel.importer import ImportResult, import_objects
    from carrierwatch.intel.tlp import TLP2_IDS

    db = statedb.connect(f"sqlite:///{tmp_path / 's.db'}")
    mid = "marking-definition--0b7a9d0e-0000-4000-8000-00000000aaaa"

    def ind(n: int, refs: list[str] | None) -> dict[str, object]:
        o: dict[str, object] = {
            "type": "indicator", "spec_version": "2.1", "id": f"indicator--{n:08d}-0000-4000-8000-000000000000",
            "created": "2025-01-01T00:00:00.000Z", "modified": "2025-01-01T00:00:00.000Z", "pattern_type": "stix",
             "pattern": f"[ipv4-addr:value = '198.51.100.{n}']", "valid_from": "2025-01-01T00:00:00Z"}
        if refs is not None:
            o["object_marking_refs"] = refs
        return o

    res = ImportResult(InputAccount("taxii", "intel:taxii"), "taxii")
    import_objects(db, [{"type": "marking-definition", "spec_version": "2.1", "id": mid,
                         "created": "2025-01-01T00:00:00.000Z", "definition_type": "tlp",
                         "definition": {"tlp": "red"}}], res, "taxii")
    import_objects(db, [ind(1, [mid]), ind(2, ["marking-definition--0b7a9d0e-0000-4000-8000-00000000bbbb"]),
                        ind(3, None), ind(4, [TLP2_IDS["green"]])], res, "taxii")
    tlps = {i.value: i.tlp for i in intel_store.load_indicators(db)}
    assert tlps == {"198.51.100.1": "red", "198.51.100.2": "red", "198.51.100.3": "amber",
                    "198.51.100.4": "green"}
    assert res.tlp_counts == {"unresolved": 1, "unmarked": 1}
    import_objects(db, [ind(4, [TLP2_IDS["green"]])], res, "taxii", tlp="red")
    assert {i.value: i.tlp for i in intel_store.load_indicators(db)}["198.51.100.4"] == "red"
    import_objects(db, [ind(4, [TLP2_IDS["clear"]])], res, "taxii", tlp="clear")
    assert {i.value: i.tlp for i in intel_store.load_indicators(db)}["198.51.100.4"] == "red"  # never lowered
    with pytest.raises(ValueError):
        import_objects(db, [ind(5, None)], res, "taxii", tlp="purple")


def test_bare_misp_event_restsearch_and_deleted_attributes(tmp_path: Path) -> None:
    attrs = [{"type": "ip-dst", "value": "203.0.113.9", "to_ids": True, "uuid": "5f0c7c1e-0000-4000-8000-000000000001"},
             {"type": "ip-dst", "value": "203.0.113.10", "to_ids": True, "deleted": True},
             {"type": "domain", "value": "c2.example.net", "to_ids": False}]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps({"info": "bare event", "Tag": [{"name": "tlp:green"}], "Attribute": attrs}))
    rest = tmp_path / "rest.json"
    other = [dict(attrs[0], uuid="5f0c7c1e-0000-4000-8000-000000000002", value="203.0.113.11")]
    rest.write_text(json.dumps({"response": [{"Event": {"info": "rs", "Attribute": other,
                                                        "Object": [{"deleted": True, "Attribute": attrs[:1]}]}}]}))
    db = statedb.connect(f"sqlite:///{tmp_path / 's.db'}")
    r = import_path(db, bare)
    assert r.format == "misp-json" and r.account.accepted == 1 and r.account.rejected == 2
    assert r.account.reasons == {"deleted attribute": 1, "to_ids is false (context, not an indicator)": 1}
    r2 = import_path(db, rest)
    assert r2.account.accepted == 1 and r2.account.reasons == {"deleted (its MISP object is deleted)": 1}
    tlps = {i.source: i.tlp for i in intel_store.load_indicators(db)}
    assert tlps == {str(bare): "green", str(rest): "amber"}  # no TLP tag: not CLEAR
