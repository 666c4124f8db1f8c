"""The shipped ATT&CK table answers the questions findings and reports ask of it."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from carrierwatch.intel import attack


def test_technique_name_network_sniffing() -> None:
    assert attack.technique_name("T1040") == "Network Sniffing"
    tech = attack.technique("t1040")
    assert tech is not None and not tech.is_subtechnique
    assert set(tech.tactics) == {"credential-access", "discovery"}
    assert attack.tactic_names("T1040") == ["Credential Access", "Discovery"]


def test_subtechnique_gets_parent_name() -> None:
    tech = attack.technique("T1059.008")
    assert tech is not None and tech.is_subtechnique and tech.name == "Network Device CLI"
    assert tech.parent_id == "T1059"
    assert attack.technique_name("T1059/008") == "Command and Scripting Interpreter: Network Device CLI"
    assert tech.url == "https://attack.mitre.org/techniques/T1059/008"


def test_unknown_technique() -> None:
    assert attack.technique("T9999") is None
    assert attack.technique_name("T9999") == ""
    assert attack.groups_using("T9999") == []
    assert attack.is_technique_id("T9999.001") and not attack.is_technique_id("G1045")


def test_salt_typhoon_uses_protocol_tunneling() -> None:
    g = attack.group("G1045")
    assert g is not None and g.name == "Salt Typhoon"
    assert "T1572" in g.techniques
    assert "S1206" in g.software  # JumbledPath
    assert any(x.id == "G1045" for x in attack.groups_using("T1572"))


def test_group_not_using_technique_is_not_listed() -> None:
    # Salt Typhoon has no recorded use of T1566 (Phishing) in v18.1.
    assert all(g.id != "G1045" for g in attack.groups_using("T1566"))


@pytest.mark.parametrize(
    "label, gid",
    [
        ("BRONZE SILHOUETTE", "G1017"),
        ("vanguard panda", "G1017"),
        ("volt typhoon", "G1017"),
        ("salt-typhoon", "G1045"),
        ("g0045", "G0045"),
        ("APT41", "G0096"),
    ],
)
def test_group_lookup_by_alias_name_id_and_actor_key(label: str, gid: str) -> None:
    g = attack.group(label)
    assert g is not None and g.id == gid


def test_group_lookup_miss() -> None:
    assert attack.group("no such crew") is None


def test_actors_resolve() -> None:
    for key, gid in attack.ACTORS.items():
        g = attack.group(gid)
        assert g is not None and not g.revoked, key


def test_software_and_tactic_lookup() -> None:
    sw = attack.software("jumbledpath")
    assert sw is not None and sw.id == "S1206" and sw.type == "malware" and "T1040" in sw.techniques
    tac = attack.tactic("TA0011")
    assert tac is not None and tac.shortname == "command-and-control"
    assert attack.tactic("exfiltration") is not None


def test_table_is_compact_and_attributed() -> None:
    base = resources.files("carrierwatch").joinpath("data", "attack")
    table = base.joinpath("enterprise-18.1.json")
    raw = table.read_bytes()
    assert len(raw) < 1_500_000
    src = json.loads(raw)["source"]
    assert src["version"] == "18.1" and len(src["sha256"]) == 64 and "MITRE" in src["terms_of_use"]
    assert "terms of use" in base.joinpath("NOTICE.md").read_text(encoding="utf-8").lower()
    assert attack.source_info()["version"] == "18.1"


# --- the build script, on a tiny synthetic bundle (written for this test, not MITRE data) ----------


def _build_module():  # type: ignore[no-untyped-def]
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "build_attack_table.py"
    spec = importlib.util.spec_from_file_location("build_attack_table", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _ref(eid: str) -> list[dict[str, str]]:
    return [{"source_name": "mitre-attack", "external_id": eid}]


_MINI = [
    {
        "type": "x-mitre-tactic",
        "id": "x-mitre-tactic--1",
        "name": "Discovery",
        "x_mitre_shortname": "discovery",
        "external_references": _ref("TA0007"),
    },
    {
        "type": "attack-pattern",
        "id": "attack-pattern--1",
        "name": "Network Sniffing",
        "modified": "2025-01-01",
        "external_references": _ref("T1040"),
        "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "discovery"}],
    },
    {
        "type": "attack-pattern",
        "id": "attack-pattern--1",
        "name": "OLD NAME",
        "modified": "2020-01-01",
        "external_references": _ref("T1040"),
    },
    {
        "type": "attack-pattern",
        "id": "attack-pattern--2",
        "name": "Gone",
        "revoked": True,
        "external_references": _ref("T1999"),
    },
    {
        "type": "intrusion-set",
        "id": "intrusion-set--1",
        "name": "Salt Typhoon",
        "aliases": ["Salt Typhoon", "X"],
        "external_references": _ref("G1045"),
    },
    {"type": "malware", "id": "malware--1", "name": "JumbledPath", "external_references": _ref("S1206")},
    {
        "type": "relationship",
        "id": "relationship--1",
        "relationship_type": "uses",
        "source_ref": "intrusion-set--1",
        "target_ref": "attack-pattern--1",
    },
    {
        "type": "relationship",
        "id": "relationship--2",
        "relationship_type": "uses",
        "source_ref": "intrusion-set--1",
        "target_ref": "malware--1",
    },
    {
        "type": "relationship",
        "id": "relationship--3",
        "relationship_type": "uses",
        "revoked": True,
        "source_ref": "malware--1",
        "target_ref": "attack-pattern--1",
    },
    {
        "type": "relationship",
        "id": "relationship--4",
        "relationship_type": "revoked-by",
        "source_ref": "attack-pattern--2",
        "target_ref": "attack-pattern--1",
    },
]


def test_build_script_on_mini_bundle(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import gzip

    mod = _build_module()
    src = tmp_path / "enterprise-attack-99.1.json.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        json.dump({"type": "bundle", "id": "bundle--1", "objects": _MINI}, fh)
    out = tmp_path / "out.json"
    assert mod.main([str(src), "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["source"]["version"] == "99.1" and len(doc["source"]["sha256"]) == 64
    tech = {t["id"]: t for t in doc["techniques"]}
    assert tech["T1040"] == {
        "id": "T1040",
        "name": "Network Sniffing",
        "tactics": ["discovery"],
        "sub": False,
    }
    assert tech["T1999"]["revoked"] is True and tech["T1999"]["revoked_by"] == "T1040"
    (grp,) = doc["groups"]
    assert grp == {
        "id": "G1045",
        "name": "Salt Typhoon",
        "aliases": ["X"],
        "techniques": ["T1040"],
        "software": ["S1206"],
    }
    (sw,) = doc["software"]
    assert sw["techniques"] == []  # its only `uses` relationship was revoked
    assert doc["tactics"] == [{"id": "TA0007", "name": "Discovery", "shortname": "discovery"}]
