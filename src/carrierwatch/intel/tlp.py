"""TLP markings: OASIS TLP 2.0 marking-definition ids, TLP 1.0 ids mapped to 2.0, and ordering.

Ids from oasis-open/cti-stix-common-objects (TLP 2.0) and the STIX 2.1 specification's predefined TLP 1.0
marking definitions (section 7.2.1.4), as recorded in shared/reference/intel-anchors.md §6.
"""

from __future__ import annotations

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


def tlp_from_marking_refs(refs: list[str] | None, default: str = "clear") -> str:
    """The strictest TLP among the refs; ``default`` when none is a TLP marking (e.g. CISA AIS only)."""
    levels = [ID_TO_TLP[r] for r in refs or [] if r in ID_TO_TLP]
    if not levels:
        return default
    return max(levels, key=ORDER.index)


def strictest(*levels: str) -> str:
    return max(levels, key=ORDER.index)
