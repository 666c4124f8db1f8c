"""TLP markings: OASIS TLP 2.0 marking-definition ids, TLP 1.0 ids, MISP tags and CISA AIS markings -> TLP 2.0.

Ids from oasis-open/cti-stix-common-objects (TLP 2.0) and the STIX 2.1 specification's predefined TLP 1.0
marking definitions (section 7.2.1.4; ids in ``objects/marking-definition/`` of that repository). MISP tags follow the
MISP ``tlp`` taxonomy (misp-taxonomies/tlp/machinetag.json: ``tlp:white``/``tlp:clear`` ... ``tlp:red``).
CISA AIS 2.0 markings (ISA marking extension ``extension-definition--3a65884d-…``,
docs/guidance.md#aa25-239a-indicators) carry
no TLP of their own in AA25-239A; we map ``PUBREL`` (public release) to CLEAR and anything else to AMBER. That
mapping is our policy choice, not a published rule: it is a guess, marked as such
(docs/guidance.md#stix-bundle-notes, tag K).
"""

from __future__ import annotations

from typing import Any

TLP2_IDS = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP1_IDS = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "clear",  # TLP 1.0 WHITE
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
}
ID_TO_TLP = {v: k for k, v in TLP2_IDS.items()} | TLP1_IDS
ORDER = ["clear", "green", "amber", "amber+strict", "red"]
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
AIS_EXTENSION_PREFIX = "extension-definition--3a65884d"

_NAMES = {"white": "clear", "clear": "clear", "green": "green", "amber": "amber", "amber+strict": "amber+strict",
          "amber-strict": "amber+strict", "red": "red"}


def tlp_from_name(text: str) -> str | None:
    """``TLP:AMBER+STRICT``, ``tlp:white``, ``amber`` -> TLP 2.0 level (WHITE becomes CLEAR); None if not TLP."""
    t = text.strip().lower().strip('"')
    t = t.removeprefix("tlp:").removeprefix("tlp ").strip()
    return _NAMES.get(t)


def tlp_from_misp_tags(tags: list[Any] | None) -> str | None:
    """The strictest ``tlp:`` tag among MISP tags (strings or ``{"name": ...}`` objects)."""
    levels = []
    for tag in tags or []:
        name = tag.get("name", "") if isinstance(tag, dict) else str(tag)
        if name.lower().startswith("tlp:"):
            lvl = tlp_from_name(name)
            if lvl:
                levels.append(lvl)
    return max(levels, key=ORDER.index) if levels else None


def tlp_of_marking_object(obj: dict[str, Any]) -> str | None:
    """TLP level a marking-definition object in a bundle stands for (TLP 1.0/2.0, OpenCTI statement, AIS)."""
    if obj.get("id") in ID_TO_TLP:
        return ID_TO_TLP[obj["id"]]
    definition = obj.get("definition")
    if obj.get("definition_type") == "tlp" and isinstance(definition, dict):
        return tlp_from_name(str(definition.get("tlp", "")))
    exts = obj.get("extensions")
    if isinstance(exts, dict):
        tlp2 = exts.get(TLP2_EXTENSION)
        if isinstance(tlp2, dict) and "tlp_2_0" in tlp2:
            return tlp_from_name(str(tlp2["tlp_2_0"]))
        for key, ext in exts.items():
            if key.startswith(AIS_EXTENSION_PREFIX) and isinstance(ext, dict):
                named = tlp_from_name(str(ext.get("tlp", ext.get("tlp_marking", ""))))
                if named:
                    return named
                # Guess (see module docstring): public-release AIS -> CLEAR, otherwise AMBER.
                return "clear" if "PUBREL" in str(ext.get("authority_reference", "")) + str(
                    ext.get("further_sharings", "")) + str(ext) else "amber"
    name = str(obj.get("name", ""))
    return tlp_from_name(name) if name.lower().startswith("tlp") else None


def tlp_from_marking_refs(refs: list[str] | None, default: str = "clear",
                          known: dict[str, str] | None = None) -> str:
    """The strictest TLP among the refs (``known`` maps in-bundle marking ids); ``default`` when none is TLP."""
    levels = [ID_TO_TLP.get(r) or (known or {}).get(r) for r in refs or []]
    found = [lvl for lvl in levels if lvl]
    if not found:
        return default
    return max(found, key=ORDER.index)


def strictest(*levels: str) -> str:
    return max(levels, key=ORDER.index)
