"""The lab's lawful-intercept systems: an X1 audit trail (ETSI TS 103 221-1 XML) and a warrant register.

Both scenarios get ordinary warrant churn on one PE router (the NE): destinations created in a change
window, activations when warrants start, a renewal (new warrant, ModifyTask), an expiry (DeactivateTask at
the warrant's end), pings, and the NE's responses. The salt-typhoon scenario adds two planted actions
(docs/guidance.md#lawful-intercept: the intruders reached the systems that hold court-ordered wiretap requests):

* ``li-task-enumeration``: a burst of GetTaskDetails from an admin workstation that is not the ADMF;
* ``li-rogue-destination``: a CreateDestination to an intruder address, then a ModifyTask that adds it to
  a live task (intercepted traffic copied out).

The trail is one XML log: ``<x1Log>`` with one ``<entry>`` per message; the ``peer`` attribute records the
sender of incoming requests (a carrierwatch log convention, see ``li/x1.py``). All identifiers
are synthetic: E.164 numbers in the NANP fictional 555-01xx range and IMSIs under the test MCC/MNC 001-01.
Deterministic: everything comes from ``substream(seed, "li/…")``.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from carrierwatch.lab.intel_bundle import INTEL
from carrierwatch.lab.network import ADMIN_WORKSTATIONS, LI_MEDIATION, Network, in_change_window
from carrierwatch.lab.rng import substream
from carrierwatch.lab.scenario import PlantedAction, ScenarioPlan
from carrierwatch.lab.timeline import Tag
from carrierwatch.lab.writers import Evidence, record_evidence

ADMF_ID = "admf-lab-01"
TRAIL = "li/x1-audit.xml"
REGISTER = "li/warrants.csv"
DF2, DF3 = "d-df2-01", "d-df3-01"
ROGUE_DID = "d-df3-99"
X1_NS = "http://uri.etsi.org/03221/X1/2017/10"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass
class _Msg:
    ts: datetime
    mtype: str
    peer: str | None
    body: list[str] = field(default_factory=list)
    tag: Tag | None = None


@dataclass
class _Warrant:
    wid: str
    targets: list[tuple[str, str]]
    start: datetime
    end: datetime
    authority: str


def _tid(rng_seed: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "carrierwatch-lab/" + rng_seed))


def _window_time(before: datetime) -> datetime:
    """The latest change-window hour (01:30 UTC on a window day) at or before ``before``."""
    t = before.replace(hour=1, minute=30, second=0, microsecond=0)
    while t > before or not in_change_window(t.weekday(), t.hour):
        t -= timedelta(days=1)
    return t


def _outside_window(t: datetime) -> datetime:
    """The intruder waits out change windows (as in ``scenario.py``): the first hour at or after ``t`` outside."""
    while in_change_window(t.weekday(), t.hour):
        t += timedelta(hours=1)
    return t


def _task_body(x_id: str, targets: list[tuple[str, str]], dids: list[str]) -> list[str]:
    tgt = "".join(f"<targetIdentifier><{k}>{escape(v)}</{k}></targetIdentifier>" for k, v in targets)
    did = "".join(f"<dId>{d}</dId>" for d in dids)
    return [f"<taskDetails><xId>{x_id}</xId><targetIdentifiers>{tgt}</targetIdentifiers>"
            f"<deliveryType>X2andX3</deliveryType><listOfDIDs>{did}</listOfDIDs></taskDetails>"]


def _dest_body(d_id: str, addr: str, port: int) -> list[str]:
    return [f"<destinationDetails><dId>{d_id}</dId><friendlyName>{d_id}</friendlyName>"
            f"<deliveryType>X2andX3</deliveryType><deliveryAddress><ipAddressAndPort><address>"
            f"<IPv4Address>{addr}</IPv4Address></address><port><TCPPort>{port}</TCPPort></port>"
            f"</ipAddressAndPort></deliveryAddress></destinationDetails>"]


def write_li(out_dir: Path, net: Network, seed: int, start: datetime, end: datetime, scenario: str,
             evidence: Evidence, plan: ScenarioPlan) -> dict[str, int]:
    """Write the trail and the register; add the planted LI actions to ``plan``. Returns record counts."""
    rng = substream(seed, "li/churn")
    pes = sorted((d for d in net.devices if d.role == "pe"), key=lambda d: d.hostname) or list(net.devices)
    ne = pes[rng.randrange(len(pes))].hostname

    def e164() -> str:
        return f"+1{rng.choice(('212', '312', '415', '713'))}55501{rng.randrange(100):02d}"

    def imsi() -> str:
        return "00101" + "".join(str(rng.randrange(10)) for _ in range(10))

    year = start.year
    w_new = _Warrant(f"W-{year}-{rng.randrange(1000, 9999)}", [("e164Number", e164())], start + timedelta(hours=5),
                     start + timedelta(days=60), "US District Court (synthetic)")
    w_exp = _Warrant(f"W-{year}-{rng.randrange(1000, 9999)}", [("e164Number", e164())],
                     start - timedelta(days=40), start + timedelta(hours=20), "State Court (synthetic)")
    w_old = _Warrant(f"W-{year}-{rng.randrange(1000, 9999)}", [("imsi", imsi())], start - timedelta(days=20),
                     start + timedelta(hours=30), "US District Court (synthetic)")
    w_ren = _Warrant(w_old.wid + "-R1", w_old.targets, start + timedelta(hours=28), start + timedelta(days=90),
                     w_old.authority)
    warrants = [w_exp, w_old, w_ren, w_new]
    tasks = {w.wid: _tid(f"{seed}/{w.wid}") for w in (w_exp, w_old, w_new)}
    msgs: list[_Msg] = []
    t_dest = _window_time(start - timedelta(days=41))
    msgs.append(_Msg(t_dest, "CreateDestinationRequest", LI_MEDIATION, _dest_body(DF2, LI_MEDIATION, 50010)))
    msgs.append(_Msg(t_dest + timedelta(minutes=1), "CreateDestinationRequest", LI_MEDIATION,
                     _dest_body(DF3, LI_MEDIATION, 50011)))
    for w in (w_exp, w_old, w_new):
        at = w.start + timedelta(minutes=5 + rng.randrange(20))
        msgs.append(_Msg(at, "ActivateTaskRequest", LI_MEDIATION, _task_body(tasks[w.wid], w.targets, [DF2, DF3])))
    msgs.append(_Msg(w_ren.start + timedelta(minutes=12), "ModifyTaskRequest", LI_MEDIATION,
                     _task_body(tasks[w_old.wid], w_ren.targets, [DF2, DF3])))
    msgs.append(_Msg(w_exp.end + timedelta(minutes=3), "DeactivateTaskRequest", LI_MEDIATION,
                     [f"<xId>{tasks[w_exp.wid]}</xId>"]))
    t = start
    while t < end:
        msgs.append(_Msg(t + timedelta(minutes=rng.randrange(50)), "PingRequest", LI_MEDIATION))
        t += timedelta(hours=6)

    if scenario == "salt-typhoon":
        _plant(msgs, plan, rng, ne, start, tasks, w_new)

    lines, n_msgs = _render(msgs, ne, seed, evidence)
    path = out_dir / TRAIL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out_dir / REGISTER).write_text(_register(warrants), encoding="utf-8")
    return {"x1": n_msgs, "warrants": len(warrants)}


def _plant(msgs: list[_Msg], plan: ScenarioPlan, r: random.Random, ne: str, start: datetime,
           tasks: dict[str, str], w_new: _Warrant) -> None:
    # Enumeration: 8 GetTaskDetails in ~4 minutes from an admin workstation, in the small hours of day 1.
    t_enum = _outside_window(start + timedelta(hours=2, minutes=10 + r.randrange(30)))
    peer = ADMIN_WORKSTATIONS[-1]
    x_ids = sorted(tasks.values()) + [_tid(f"guess/{i}") for i in range(5)]
    for i, x in enumerate(x_ids[:8]):
        msgs.append(_Msg(t_enum + timedelta(seconds=25 * i), "GetTaskDetailsRequest", peer, [f"<xId>{x}</xId>"],
                         Tag("li-task-enumeration", "GetTaskDetailsRequest")))
    plan.actions.append(PlantedAction("li-task-enumeration", ne, int(t_enum.timestamp() * 1000)))
    # Rogue destination: created from the ADMF (its account was used), then added to a live task.
    t_rogue = _outside_window(w_new.start + timedelta(hours=3, minutes=r.randrange(40)))
    msgs.append(_Msg(t_rogue, "CreateDestinationRequest", LI_MEDIATION, _dest_body(ROGUE_DID, INTEL["exfil"], 443),
                     Tag("li-rogue-destination", "CreateDestinationRequest")))
    msgs.append(_Msg(t_rogue + timedelta(minutes=2), "ModifyTaskRequest", LI_MEDIATION,
                     _task_body(tasks[w_new.wid], w_new.targets, [DF2, DF3, ROGUE_DID]),
                     Tag("li-rogue-destination", "ModifyTaskRequest")))
    plan.actions.append(PlantedAction("li-rogue-destination", ne, int(t_rogue.timestamp() * 1000)))


def _ts(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _render(msgs: list[_Msg], ne: str, seed: int, evidence: Evidence) -> tuple[list[str], int]:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<x1Log ne="{ne}">']
    n = 0
    for i, m in enumerate(sorted(msgs, key=lambda x: (x.ts, x.mtype))):
        txn = _tid(f"{seed}/txn/{i}")
        header = (f"<admfIdentifier>{ADMF_ID}</admfIdentifier><neIdentifier>{ne}</neIdentifier>"
                  f"<messageTimestamp>{_ts(m.ts)}</messageTimestamp><version>v1.6.1</version>"
                  f"<x1TransactionId>{txn}</x1TransactionId>")
        lines.append(f'  <entry direction="in" peer={quoteattr(m.peer or "")}>')
        lines.append(f'    <X1Request xmlns="{X1_NS}" xmlns:xsi="{XSI}">')
        lines.append(f'      <x1RequestMessage xsi:type="{m.mtype}">')
        if m.tag is not None:
            record_evidence(evidence, m.tag, TRAIL, len(lines), lines[-1])
        lines.append("        " + header + "".join(m.body))
        lines += ["      </x1RequestMessage>", "    </X1Request>", "  </entry>"]
        resp = m.mtype.replace("Request", "Response")
        rts = _ts(m.ts + timedelta(milliseconds=180))
        lines += ['  <entry direction="out">', f'    <X1Response xmlns="{X1_NS}" xmlns:xsi="{XSI}">',
                  f'      <x1ResponseMessage xsi:type="{resp}"><admfIdentifier>{ADMF_ID}</admfIdentifier>'
                  f"<neIdentifier>{ne}</neIdentifier><messageTimestamp>{rts}</messageTimestamp>"
                  f"<version>v1.6.1</version><x1TransactionId>{txn}</x1TransactionId><OK>AcknowledgedAndCompleted"
                  "</OK></x1ResponseMessage>", "    </X1Response>", "  </entry>"]
        n += 2
    lines.append("</x1Log>")
    return lines, n


def _register(warrants: list[_Warrant]) -> str:
    rows = ["warrant_id,targets,destinations,valid_from,valid_to,authority"]
    for w in warrants:
        targets = ";".join(f"{k}:{v}" for k, v in w.targets)
        dests = ";".join([DF2, DF3, f"{LI_MEDIATION}:50010", f"{LI_MEDIATION}:50011"])
        rows.append(f"{w.wid},{targets},{dests},{_ts(w.start)},{_ts(w.end)},{w.authority}")
    return "\n".join(rows) + "\n"
