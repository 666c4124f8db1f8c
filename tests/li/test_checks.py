"""A positive and a negative case for every LI-* check (X1 side and config side)."""

from __future__ import annotations

import ipaddress
from datetime import time

from carrierwatch.audit.framework import AuditContext
from carrierwatch.configs.parse import parse_config
from carrierwatch.findings import AuditStatus, Category
from carrierwatch.li.config_checks import RemoteMirrorToMediation, TapMibSnmpAccess
from carrierwatch.li.rules import run_li_checks
from carrierwatch.workspace import Allowlists, ChangeWindow

from .builders import ev, warrant

ALLOW = Allowlists(li_mediation=[ipaddress.ip_network("10.255.9.90/32")])
TGT, OTHER = "tgt-aaaaaaaaaaaaaaaa", "tgt-bbbbbbbbbbbbbbbb"
WINDOWS = [ChangeWindow((1, 3), time(1), time(5))]


def rules(events: list, warrants: list, **kw: object) -> list[str]:
    fs = run_li_checks(events, warrants, allow=ALLOW, **kw)  # type: ignore[arg-type]
    assert all(f.category is Category.LAWFUL_INTERCEPT for f in fs)
    return sorted(f.rule_id for f in fs)


def activate(minutes: float = 0, targets: tuple[str, ...] = (TGT,), dids: tuple[str, ...] = ("d-df2-01",),
             **kw: object) -> object:
    return ev("ActivateTaskRequest", minutes, x_id="x1", targets=targets, target_kinds=("e164Number",) * len(targets),
              dids=dids, **kw)


def test_no_warrant() -> None:
    assert rules([activate(targets=(OTHER,))], [warrant([TGT])]) == ["CW-LI-NO-WARRANT"]
    assert rules([activate()], [warrant([TGT], days_from=1)]) == ["CW-LI-NO-WARRANT"]  # before the window
    assert rules([activate()], [warrant([TGT])]) == []


def test_destination_not_authorised_by_warrant() -> None:
    create = ev("CreateDestinationRequest", -5, d_id="d-evil", delivery_address="203.0.113.9")
    bad = rules([create, activate(dids=("d-df2-01", "d-evil"))], [warrant([TGT])])
    assert bad == ["CW-LI-DEST-UNAUTHORISED", "CW-LI-DEST-UNAUTHORISED"]
    good = ev("CreateDestinationRequest", -5, d_id="d-df2-01", delivery_address="10.255.9.90")
    assert rules([good, activate()], [warrant([TGT])]) == []


def test_listing_and_burst_enumeration() -> None:
    burst = [ev("GetTaskDetailsRequest", i, x_id=f"x{i}") for i in range(5)]
    assert rules(burst, []) == ["CW-LI-ENUM"]
    slow = [ev("GetTaskDetailsRequest", i * 30, x_id=f"x{i}") for i in range(5)]
    assert rules(slow, []) == []
    assert rules([ev("GetAllDetailsRequest")], []) == ["CW-LI-ENUM"]
    assert rules([ev("PingRequest")], []) == []


def test_x1_source_not_admf() -> None:
    assert rules([ev("PingRequest", peer="10.255.0.30")], []) == ["CW-LI-X1-SOURCE"]
    assert rules([ev("PingResponse", peer="10.255.0.30")], []) == []  # responses come from the NE
    assert rules([ev("PingRequest", peer="10.255.9.90")], []) == []


def test_destination_change_outside_window() -> None:
    # T0 is a Monday 10:00 UTC; the window is Tue/Thu 01:00-05:00
    create = ev("CreateDestinationRequest", d_id="d-df2-01", delivery_address="10.255.9.90")
    assert rules([create], [warrant([TGT])], windows=WINDOWS) == ["CW-LI-OFF-WINDOW"]
    in_window = ev("CreateDestinationRequest", 15 * 60 + 30, d_id="d-df2-01", delivery_address="10.255.9.90")
    assert rules([in_window], [warrant([TGT])], windows=WINDOWS) == []


def test_deactivation_away_from_warrant_end() -> None:
    early = [activate(), ev("DeactivateTaskRequest", 60, x_id="x1")]
    assert rules(early, [warrant([TGT], days_to=30)]) == ["CW-LI-DEACTIVATION"]
    on_time = [activate(), ev("DeactivateTaskRequest", 60, x_id="x1")]
    assert rules(on_time, [warrant([TGT], days_to=0.05)]) == []


def test_task_outlived_warrant() -> None:
    late = [activate(), ev("PingRequest", 3 * 24 * 60)]
    assert rules(late, [warrant([TGT], days_to=1)]) == ["CW-LI-TASK-OUTLIVED"]
    assert rules(late, [warrant([TGT], days_to=30)]) == []


def test_no_register_means_no_warrant_verdicts() -> None:
    assert rules([activate(targets=(OTHER,))], [], have_register=False) == []


CTX = AuditContext(allowlists=ALLOW)
BASE = "hostname pe1-nyc\n!\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n!\n"


def _audit(check: object, text: str) -> AuditStatus:
    dev = parse_config(BASE + text + "end\n", path="pe1-nyc.cfg")
    return check.run(dev, CTX).status  # type: ignore[attr-defined]


def test_tap_mib_snmp_view() -> None:
    cisco_example = ("snmp-server view tapV ciscoTap2MIB included\n"
                     "snmp-server group tapGrp v3 noauth read tapV write tapV notify tapV\n")
    assert _audit(TapMibSnmpAccess(), cisco_example) is AuditStatus.FAIL
    no_acl = "snmp-server view tapV ciscoTap2MIB included\nsnmp-server group tapGrp v3 priv read tapV write tapV\n"
    assert _audit(TapMibSnmpAccess(), no_acl) is AuditStatus.FAIL
    good = ("snmp-server view tapV 1.3.6.1.4.1.9.9.399 included\n"
            "snmp-server group tapGrp v3 priv read tapV write tapV access LI-MD\n"
            "ip access-list standard LI-MD\n permit host 10.255.9.90\n")
    assert _audit(TapMibSnmpAccess(), good) is AuditStatus.PASS
    wide = good.replace("permit host 10.255.9.90", "permit 10.0.0.0 0.255.255.255")
    assert _audit(TapMibSnmpAccess(), wide) is AuditStatus.FAIL
    assert _audit(TapMibSnmpAccess(), "snmp-server view all iso included\n") is AuditStatus.NOT_APPLICABLE


def test_shadow_mirror() -> None:
    erspan = ("monitor session 1 type erspan-source\n source interface Gi0/0\n destination\n"
              "  erspan-id 1\n  ip address 203.0.113.5\n")
    assert _audit(RemoteMirrorToMediation(), erspan) is AuditStatus.FAIL
    to_md = erspan.replace("203.0.113.5", "10.255.9.90")
    assert _audit(RemoteMirrorToMediation(), to_md) is AuditStatus.PASS
    capture = "monitor capture mycap interface GigabitEthernet0/0 both\n"
    assert _audit(RemoteMirrorToMediation(), capture) is AuditStatus.FAIL
    assert _audit(RemoteMirrorToMediation(), "") is AuditStatus.PASS
