"""TLP markings: OASIS TLP 2.0 marking-definition ids, TLP 1.0 ids, OpenCTI's, MISP tags, CISA AIS -> TLP 2.0.

:class:`TlpResolver` is the one place a STIX object's TLP is decided, for the importer, the indicator store, both
exports and the TAXII hub: object-level and granular markings, marking-definitions seen earlier (on an earlier
TAXII page, in an earlier import, posted to the hub before), and **fail closed**: a marking reference that names
no known definition makes the object the strictest level the caller allows (counted as ``unresolved``), never
CLEAR. OpenCTI publishes TLP:CLEAR/GREEN/AMBER/RED under the TLP 1.0 ids and TLP:AMBER+STRICT under its own fixed
id ``marking-definition--826578e1-…`` (OpenCTI ``MARKING_TLP_AMBER_STRICT``; also used by its connectors).

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

from collections.abc import Iterable
from dataclasses import dataclass
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
OPENCTI_IDS = {"marking-definition--826578e1-40ad-459f-bc73-ede076f81f37": "amber+strict"}
ID_TO_TLP = {v: k for k, v in TLP2_IDS.items()} | TLP1_IDS | OPENCTI_IDS
ORDER = ["clear", "green", "amber", "amber+strict", "red"]
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
AIS_EXTENSION_PREFIX = "extension-definition--3a65884d"

_NAMES = {"white": "clear", "clear": "clear", "green": "green", "amber": "amber", "amber+strict": "amber+strict",
          "amber-strict": "amber+strict", "red": "red"}


def tlp_from_name(text: str) -> str | None:
    """``TLP:AMBER+STRICT``, ``tlp:white``, ``amber`` -> TLP 2.0 level (WHITE becomes CLEAR); None if not TLP."""
    t = text.strip().lower().strip('"')
    t = t.removeprefix("tlp:").removeprefix("tlp ").removeprefix("tlp-").strip().replace("_", "+")
    return _NAMES.get(t)


def valid_tlp(text: str | None, *, option: str = "--tlp") -> str | None:
    """A user-given TLP level (``white`` is CLEAR) or None for none; ValueError names the accepted values."""
    if text is None or text == "":
        return None
    lvl = tlp_from_name(text)
    if lvl is None:
        raise ValueError(f"{option} is one of {', '.join(ORDER)} (white = clear); not {text!r}")
    return lvl


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
    dtype = str(obj.get("definition_type", "")).lower()
    if dtype == "tlp" and isinstance(definition, dict):
        named = tlp_from_name(str(definition.get("tlp", "")))
        if named:
            return named
    if dtype == "tlp" and isinstance(definition, str) and tlp_from_name(definition):
        return tlp_from_name(definition)
    if str(obj.get("x_opencti_definition_type", "")).lower() == "tlp":
        named = tlp_from_name(str(obj.get("x_opencti_definition", "")))
        if named:
            return named
    if dtype == "statement" and isinstance(definition, dict):
        statement = str(definition.get("statement", ""))
        if statement.lower().startswith("tlp") and tlp_from_name(statement):
            return tlp_from_name(statement)
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


#: The published marking-definition objects an export includes so partners' tools resolve every marking
#: (TLP 2.0: cti-stix-common-objects extension-definition-specifications/tlp-2.0; created 2022-10-01).
def marking_object(level: str) -> dict[str, Any]:
    return {"type": "marking-definition", "spec_version": "2.1", "id": TLP2_IDS[level],
            "created": "2022-10-01T00:00:00.000Z", "name": "TLP:" + level.upper(),
            "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}}}


UNRESOLVED = "unresolved"  # a marking ref naming no known definition: fail closed
UNMARKED = "unmarked"  # no marking at all: the caller's level for unmarked content
MALFORMED = "malformed markings"  # object_marking_refs / granular_markings of the wrong JSON type: fail closed
NOT_TLP = ""  # a known marking-definition that says nothing about TLP (statement, copyright)


@dataclass
class Resolution:
    level: str
    why: str  # "marked", UNMARKED, UNRESOLVED or MALFORMED


def _marking_refs(obj: dict[str, Any]) -> tuple[list[str], bool]:
    """Every marking id an object names (object-level and granular), and whether the shape was malformed."""
    bad = False
    refs: list[str] = []
    oref = obj.get("object_marking_refs")
    if oref is not None:
        if isinstance(oref, list):
            for r in oref:
                if isinstance(r, str):
                    refs.append(r)
                else:
                    bad = True
        else:
            bad = True
    gms = obj.get("granular_markings")
    if gms is not None:
        if isinstance(gms, list):
            for gm in gms:
                if not isinstance(gm, dict):
                    bad = True
                    continue
                ref = gm.get("marking_ref")
                if isinstance(ref, str):
                    refs.append(ref)
                elif ref is not None or "lang" not in gm:
                    bad = True
        else:
            bad = True
    return refs, bad


class TlpResolver:
    """Decides the TLP of STIX objects; remembers marking-definitions it is shown (``learn``).

    ``known`` maps marking ids to a level, or to :data:`NOT_TLP` for definitions that carry no TLP. A learned
    level only ever rises: a later definition under the same id cannot lower what earlier objects were judged
    by, and the published OASIS/OpenCTI ids cannot be redefined at all. ``learned`` holds what this resolver
    was newly taught, for the caller to persist."""

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known: dict[str, str] = dict(known or {})
        self.known.update(ID_TO_TLP)
        self.learned: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    def learn(self, obj: Any) -> None:
        if not isinstance(obj, dict) or obj.get("type") != "marking-definition":
            return
        mid = obj.get("id")
        if not isinstance(mid, str) or mid in ID_TO_TLP:
            return
        lvl = tlp_of_marking_object(obj) or NOT_TLP
        old = self.known.get(mid)
        if old is None or (lvl and (old == NOT_TLP or ORDER.index(lvl) > ORDER.index(old))):
            self.known[mid] = lvl
            self.learned[mid] = lvl

    def learn_all(self, objs: Iterable[Any]) -> None:
        for o in objs:
            self.learn(o)

    def resolve(self, obj: Any, *, unmarked: str, closed: str = "red",
                labels: bool = True) -> Resolution:
        """The object's TLP: strictest of its markings; ``unmarked`` when it has none; ``closed`` (the strictest
        level the caller allows) when a marking cannot be resolved or the markings are malformed."""
        if not isinstance(obj, dict):
            return self._count(Resolution(closed, MALFORMED))
        if obj.get("type") == "marking-definition" and self.known.get(str(obj.get("id")), NOT_TLP) != NOT_TLP:
            return Resolution("clear", "marked")  # a TLP definition itself is public
        refs, bad = _marking_refs(obj)
        levels: list[str] = []
        unresolved = bad
        for r in refs:
            lvl = self.known.get(r)
            if lvl is None:
                unresolved = True
            elif lvl:
                levels.append(lvl)
        if labels and isinstance(obj.get("labels"), list):  # feeds that put "tlp:amber" in labels
            levels += [lvl for x in obj["labels"] if isinstance(x, str) and x.lower().startswith("tlp")
                       for lvl in [tlp_from_name(x)] if lvl]
        if unresolved:
            return self._count(Resolution(strictest(closed, *levels), MALFORMED if bad else UNRESOLVED))
        if levels:
            return Resolution(strictest(*levels), "marked")
        return self._count(Resolution(unmarked, UNMARKED))

    def _count(self, res: Resolution) -> Resolution:
        self.counts[res.why] = self.counts.get(res.why, 0) + 1
        return res
