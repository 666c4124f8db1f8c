"""LI-* checks: reconcile X1 provisioning (ETSI TS 103 221-1) with the warrant register and watch who reads it.

Sources: docs/guidance.md#li-checks (LI-01 only the ADMF may send X1; LI-02 delivery destinations must be
authorised; LI-03 reconcile tasks with the HI1 warrant register; LI-08 LI changes outside change windows)
and the LI context there (Salt Typhoon obtained information about court-authorised wiretaps). The thresholds below
are carrierwatch's own choices (marked "tunable"), not values from a standard.

Rules (all category ``lawful-intercept``; findings name warrant ids and target tokens, never targets):

* ``CW-LI-NO-WARRANT`` (critical, LI-03): an Activate/ModifyTask whose target is covered by no warrant
  valid at that moment (orphan or expired tap).
* ``CW-LI-DEST-UNAUTHORISED`` (critical, LI-02, T1020): a task delivers to a destination (dId, or the
  address a Create/ModifyDestination gave it) that the covering warrant does not authorise; or a
  Create/ModifyDestination points at an address no warrant and no ``li_mediation`` entry authorises.
* ``CW-LI-ENUM`` (high, LI-03, T1213): task enumeration: ``burst`` or more GetTaskDetails within
  ``burst_window`` from one sender, or any GetAll*/listing request (medium when the ADMF itself lists).
* ``CW-LI-X1-SOURCE`` (critical, LI-01, T1078): an X1 request from a peer address outside ``li_mediation``.
* ``CW-LI-OFF-WINDOW`` (medium, LI-08 by analogy): destination changes outside the change windows. Task
  activations are not judged by window (warrants arrive at any hour); they are judged against warrants.
* ``CW-LI-DEACTIVATION`` (medium, LI-03): a DeactivateTask more than ``end_tolerance`` away from the end
  of the warrant that covered the task (early removal can hide a tap's traces; guess: tunable).
* ``CW-LI-TASK-OUTLIVED`` (high, LI-03): a task still active at the end of the trail more than
  ``end_tolerance`` after every warrant covering it ended.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from carrierwatch.findings import Category, Evidence, Finding, RuleMeta, Severity
from carrierwatch.li.warrants import Warrant, canonical_address
from carrierwatch.li.x1 import DESTINATION_CHANGES, LISTINGS, TASK_CHANGES, X1Event
from carrierwatch.workspace import Allowlists, ChangeWindow

GUIDANCE = "docs/guidance.md#li-checks"
X1_SPEC = "ETSI TS 103 221-1 (X1)"


@dataclass
class LiSettings:
    """Tunables (carrierwatch's choices, not from a standard)."""

    burst: int = 5
    burst_window: timedelta = timedelta(minutes=10)
    end_tolerance: timedelta = timedelta(hours=24)


@dataclass
class _Task:
    x_id: str
    targets: tuple[str, ...]
    kinds: tuple[str, ...]
    dids: tuple[str, ...]
    active: bool = True
    last: X1Event | None = None


@dataclass
class _State:
    tasks: dict[str, _Task] = field(default_factory=dict)
    dests: dict[str, str] = field(default_factory=dict)  # dId -> canonical address


def _rule(rule_id: str, title: str, severity: Severity, guidance: str, *, title_key: str = "",
          attack: tuple[str, ...] = (), remediation: str = "", rationale: str = "") -> RuleMeta:
    return RuleMeta(id=rule_id, title=title, title_key=title_key, severity=severity,
                    category=Category.LAWFUL_INTERCEPT, family="li", attack=attack,
                    references=(guidance, GUIDANCE, X1_SPEC), remediation=remediation, rationale=rationale)


NO_WARRANT = _rule(
    "CW-LI-NO-WARRANT", "Intercept provisioned without a warrant for the target", Severity.CRITICAL, "LI-03",
    remediation="Deactivate the task unless a warrant is produced; find who provisioned it (ADMF audit log).",
    rationale="Every task must be covered by a warrant of the HI1 register valid at that moment (LI-03).")
DEST_UNAUTHORISED = _rule(
    "CW-LI-DEST-UNAUTHORISED", "LI delivery to a destination no warrant authorises", Severity.CRITICAL, "LI-02",
    title_key="LI delivery to a destination no warrant authorises: {key}", attack=("T1020",),
    remediation="Remove the destination from the task now; check where the intercepted traffic already went.",
    rationale="Intercepted traffic may go only to the destinations the warrant authorises (LI-02).")
X1_SOURCE = _rule(
    "CW-LI-X1-SOURCE", "X1 requests from an address that is not an ADMF/mediation device", Severity.CRITICAL,
    "LI-01", title_key="X1 requests from {key}, not an ADMF/mediation device", attack=("T1078",),
    remediation="Block X1 on the NE to everything but the ADMF (mutual TLS, ACL), revoke the certificate used, and "
    "investigate the sender.", rationale="Only the ADMF may send X1 requests (LI-01).")
ENUM = _rule(
    "CW-LI-ENUM", "X1 task enumeration", Severity.HIGH, "LI-03", title_key="X1 task enumeration: {key}",
    attack=("T1213",),
    remediation="Confirm the listing with the LI compliance officer; if unexpected, treat the target list as exposed.",
    rationale="Reading who is intercepted is itself an intelligence goal (Salt Typhoon); listings belong to the "
    "ADMF's scheduled reconciliation.")
OFF_WINDOW = _rule(
    "CW-LI-OFF-WINDOW", "LI delivery destination changed outside a change window", Severity.MEDIUM, "LI-08",
    remediation="Confirm the change with the LI compliance officer; destination changes belong in a window.")
DEACTIVATION = _rule(
    "CW-LI-DEACTIVATION", "Intercept deactivated away from its warrant's end", Severity.MEDIUM, "LI-03",
    remediation="Confirm the deactivation with the authority named on the warrant.")
TASK_OUTLIVED = _rule(
    "CW-LI-TASK-OUTLIVED", "Intercept still active after its warrant ended", Severity.HIGH, "LI-03",
    remediation="Deactivate the task and report the overrun to the LI compliance officer.")

#: Every LI trail rule, for the catalogue.
LI_RULES: tuple[RuleMeta, ...] = (NO_WARRANT, DEST_UNAUTHORISED, X1_SOURCE, ENUM, OFF_WINDOW, DEACTIVATION,
                                  TASK_OUTLIVED)


def _finding(meta: RuleMeta, events: Sequence[X1Event], description: str, *, key: str | None = None,
             severity: Severity | None = None, remediation: str | None = None,
             extra: dict[str, object] | None = None) -> Finding:
    return Finding.from_rule(
        meta, device=events[0].ne_id or None, key=key, severity=severity,
        first_seen=min(e.ts for e in events), last_seen=max(e.ts for e in events),
        evidence=[Evidence(e.source, e.line, e.redacted()) for e in events[:50]],
        remediation=remediation, description=description, extra=extra,
    )


def _covering(warrants: Sequence[Warrant], token: str, at: datetime) -> list[Warrant]:
    return [w for w in warrants if w.covers(token, at)]


def run_li_checks(events: Sequence[X1Event], warrants: Sequence[Warrant], *, allow: Allowlists,
                  windows: Sequence[ChangeWindow] = (), settings: LiSettings | None = None,
                  have_register: bool = True) -> list[Finding]:
    """All LI-* findings for one trail (events from any number of files) against one register."""
    cfg = settings or LiSettings()
    out: list[Finding] = []
    state = _State()
    foreign: dict[str, list[X1Event]] = {}
    ordered = sorted(events, key=lambda e: (e.ts, e.source, e.line))
    for ev in ordered:
        if ev.message in TASK_CHANGES:
            out += _task_change(ev, state, warrants, allow, have_register)
        elif ev.message in DESTINATION_CHANGES:
            out += _destination_change(ev, state, warrants, allow, windows, have_register)
        elif ev.message == "DeactivateTaskRequest" and ev.x_id:
            out += _deactivation(ev, state, warrants, cfg, have_register)
        if ev.is_request and ev.peer and allow.li_mediation and not allow.contains("li_mediation",
                                                                                     canonical_address(ev.peer)):
            foreign.setdefault(canonical_address(ev.peer), []).append(ev)
    for peer, evs in foreign.items():
        kinds = ", ".join(sorted({e.message for e in evs}))
        out.append(_finding(
            X1_SOURCE, evs,
            f"{len(evs)} X1 request(s) ({kinds}) reached {evs[0].ne_id or 'a network element'} from {peer}, which "
            "is not on the li_mediation allow-list. Only the ADMF may provision or query intercepts over X1.",
            key=peer, extra={"peer": peer, "requests": len(evs)},
        ))
    out += _enumeration(ordered, allow, cfg)
    if have_register and ordered:
        out += _outlived(state, warrants, ordered[-1].ts, cfg)
    return out


def _task_change(ev: X1Event, state: _State, warrants: Sequence[Warrant], allow: Allowlists,
                 have_register: bool) -> list[Finding]:
    out: list[Finding] = []
    task = state.tasks.get(ev.x_id or "")
    targets = ev.targets or (task.targets if task else ())
    kinds = ev.target_kinds if ev.targets else (task.kinds if task else ())
    dids = ev.dids or (task.dids if task else ())
    if ev.x_id:
        state.tasks[ev.x_id] = _Task(ev.x_id, targets, kinds, dids, True, ev)
    if not have_register or not targets:
        return out
    uncovered = [t for t in targets if not _covering(warrants, t, ev.ts)]
    if uncovered:
        out.append(_finding(
            NO_WARRANT, [ev],
            f"{ev.message} (xId {ev.x_id}) on {ev.ne_id} targets {', '.join(uncovered)}, which no warrant in the "
            "register covers at that time: an orphan or expired tap.",
            extra={"targets": uncovered},
        ))
    covering = [w for t in targets for w in _covering(warrants, t, ev.ts)]
    if covering:
        bad = [d for d in dids if not any(w.authorises(d, state.dests.get(d)) for w in covering)]
        if bad:
            where = ", ".join(f"{d} ({state.dests.get(d, 'address not seen')})" for d in bad)
            out.append(_finding(
                DEST_UNAUTHORISED, [ev],
                f"{ev.message} (xId {ev.x_id}) delivers to {where}; warrant(s) "
                f"{', '.join(sorted({w.warrant_id for w in covering}))} do not authorise it.",
                key=f"task {ev.x_id} delivers to {', '.join(bad)}",
                extra={"warrants": sorted({w.warrant_id for w in covering}), "targets": list(targets)},
            ))
    return out


def _destination_change(ev: X1Event, state: _State, warrants: Sequence[Warrant], allow: Allowlists,
                        windows: Sequence[ChangeWindow], have_register: bool) -> list[Finding]:
    out: list[Finding] = []
    if ev.message != "RemoveDestinationRequest" and ev.d_id and ev.delivery_address:
        addr = canonical_address(ev.delivery_address)
        state.dests[ev.d_id] = addr
        known = allow.contains("li_mediation", addr) or any(w.authorises(ev.d_id, addr) for w in warrants)
        if (have_register or allow.li_mediation) and not known:
            out.append(_finding(
                DEST_UNAUTHORISED, [ev],
                f"{ev.message} points dId {ev.d_id} at {addr}, which no warrant and no li_mediation entry "
                "authorises: intercepted traffic would leave to an unknown address.",
                key=f"destination {ev.d_id} pointed at {addr}",
                remediation="Remove the destination; verify every task's listOfDIDs; investigate the ADMF account "
                "used.",
            ))
    if windows:
        at = ev.ts.astimezone(UTC)
        if not any(w.contains(at.weekday(), at.time()) for w in windows):
            out.append(_finding(
                OFF_WINDOW, [ev],
                f"{ev.message} (dId {ev.d_id}) at {at.isoformat()} is outside every configured change window.",
            ))
    return out


def _deactivation(ev: X1Event, state: _State, warrants: Sequence[Warrant], cfg: LiSettings,
                  have_register: bool) -> list[Finding]:
    task = state.tasks.get(ev.x_id or "")
    if task is None:
        return []
    task.active = False
    if not have_register or not task.targets:
        return []
    ws = [w for w in warrants if task.targets and set(task.targets) & w.targets and w.valid_from <= ev.ts]
    ends = [w.valid_to for w in ws]
    if ends and any(abs(ev.ts - e) <= cfg.end_tolerance for e in ends):
        return []
    latest = max(ends) if ends else None
    why = (f"the covering warrant(s) end {latest.isoformat()}" if latest else "no warrant covers the task")
    return [_finding(
        DEACTIVATION, [ev],
        f"DeactivateTask (xId {ev.x_id}) on {ev.ne_id} at {ev.ts.isoformat()}, but {why}. An early removal can "
        "hide a tap that should not have existed, or a warrant the network no longer honours.",
        extra={"warrants": sorted({w.warrant_id for w in ws})},
    )]


def _outlived(state: _State, warrants: Sequence[Warrant], end: datetime, cfg: LiSettings) -> list[Finding]:
    out = []
    for task in state.tasks.values():
        if not task.active or not task.targets or task.last is None:
            continue
        ws = [w for w in warrants if set(task.targets) & w.targets]
        if not ws:
            continue  # already reported as CW-LI-NO-WARRANT when provisioned
        last_end = max(w.valid_to for w in ws)
        if end - last_end > cfg.end_tolerance:
            out.append(_finding(
                TASK_OUTLIVED, [task.last],
                f"Task xId {task.x_id} was never deactivated; its last warrant ended {last_end.isoformat()}.",
                extra={"warrants": sorted({w.warrant_id for w in ws})},
            ))
    return out


def _enumeration(events: Sequence[X1Event], allow: Allowlists, cfg: LiSettings) -> list[Finding]:
    out: list[Finding] = []
    windows: dict[str, deque[X1Event]] = defaultdict(deque)
    bursts: dict[str, list[X1Event]] = {}
    for ev in events:
        if ev.message in LISTINGS:
            from_admf = bool(ev.peer and allow.contains("li_mediation", canonical_address(ev.peer)))
            out.append(_finding(
                ENUM, [ev],
                f"{ev.message} to {ev.ne_id} from {ev.peer or ev.admf_id or 'an unknown sender'}: the whole "
                "target list was read. Legitimate only as a scheduled reconciliation by the ADMF.",
                key=f"{ev.message} listed every task/destination", severity=Severity.MEDIUM if from_admf else None,
            ))
        if ev.message != "GetTaskDetailsRequest":
            continue
        who = ev.peer or ev.admf_id or "?"
        q = windows[who]
        q.append(ev)
        while q and ev.ts - q[0].ts > cfg.burst_window:
            q.popleft()
        if len(q) >= cfg.burst:
            burst = bursts.setdefault(who, [])
            burst += [e for e in q if e not in burst]
    for who, evs in bursts.items():
        out.append(_finding(
            ENUM, evs,
            f"{len(evs)} GetTaskDetails requests from {who} (at least {cfg.burst} within "
            f"{int(cfg.burst_window.total_seconds() // 60)} min): someone is reading who is being intercepted.",
            key=f"burst of {len(evs)} GetTaskDetails from {who}",
            remediation="Treat the targets of the queried tasks as exposed; find the account and host behind the "
            "requests.",
            extra={"requests": len(evs)},
        ))
    return out
