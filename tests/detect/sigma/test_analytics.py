"""Analytics: positive and negative cases for each pure function, plus properties of the beacon score."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.detect.analytics import beacon, hops, silence


def test_regular_beacon_scores_high_and_random_traffic_low() -> None:
    rnd = random.Random(3)
    times = [i * 300.0 + rnd.uniform(-2, 2) for i in range(200)]  # every 5 minutes, 2 s jitter, all day
    sizes = [512.0 + rnd.choice([0, 0, 8]) for _ in times]
    good = beacon.score(times, sizes, window=200 * 300.0)
    assert good.total >= 0.9 and good.ts >= 0.85 and good.size >= 0.9
    noise_t = sorted(rnd.uniform(0, 60_000) for _ in range(200))
    noise_s = [rnd.expovariate(1 / 5000) for _ in noise_t]
    bad = beacon.score(noise_t, noise_s, window=60_000)
    assert bad.total < 0.8 and bad.ts < good.ts


def test_short_lived_beacon_has_low_duration_score() -> None:
    times = [i * 60.0 for i in range(30)]  # 30 minutes of a one-day window
    assert beacon.score(times, [100.0] * 30, window=86_400).duration < 0.05


def test_bowley_and_madm() -> None:
    assert beacon.bowley([1, 2, 3, 4, 5]) == 0
    assert beacon.bowley([1, 1, 1, 1]) == 0  # Q3 == Q1
    assert beacon.bowley([1, 2, 2, 3, 50, 60, 70]) != 0
    assert beacon.madm([1, 2, 3, 4, 100]) == 1


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=4, max_size=60), st.floats(1, 1e6))
def test_scores_stay_in_unit_interval(ts: list[float], window: float) -> None:
    sc = beacon.score(ts, [100.0] * len(ts), window)
    for v in (sc.ts, sc.size, sc.hist, sc.duration, sc.total):
        assert 0.0 <= v <= 1.0


def test_silence_found_only_when_long_and_unusual() -> None:
    resume = 99 * 60.0 + 8 * 3600 + 60
    t = [i * 60.0 for i in range(100)] + [resume + i * 60 for i in range(50)]
    [(a, b)] = silence.silences(t, min_gap=6 * 3600, factor=20)
    assert b - a == 8 * 3600 + 60
    quiet = [i * 4 * 3600.0 for i in range(12)]  # a device that logs every 4 h is not "silent" at 7 h
    quiet.append(quiet[-1] + 7 * 3600)
    assert silence.silences(quiet, min_gap=6 * 3600, factor=20) == []


def test_hop_chain_needs_two_hops_within_window() -> None:
    a = hops.Login(0, "pe1", "pe2", "u")
    b = hops.Login(600, "pe2", "p3", "u")
    late = hops.Login(10_000, "pe2", "p4", "u")
    [chain] = hops.chains([a, b, late], window=1800)
    assert [x.dst for x in chain] == ["pe2", "p3"]
    assert hops.chains([a, late], window=1800) == []  # too far apart
    assert hops.chains([b, a], window=1800) == [[a, b]]  # order of input does not matter
    loop = hops.Login(700, "p3", "pe1", "u")
    assert [[x.dst for x in c] for c in hops.chains([a, b, loop], window=1800)] == [["pe2", "p3"]]


def test_tunables_come_from_the_workspace_hunt_section() -> None:
    from carrierwatch.detect.analytics.settings import AnalyticsSettings, settings_from
    from carrierwatch.workspace import config_from_dict

    cfg = config_from_dict({"hunt": {"beacon_threshold": 0.6, "beacon_weights": [0.4, 0.2, 0.2, 0.2]}})
    s = settings_from(cfg.hunt)
    assert s.beacon_threshold == 0.6 and s.beacon_weights == (0.4, 0.2, 0.2, 0.2)
    assert s.hop_window_s == AnalyticsSettings().hop_window_s


def test_first_seen_source_after_the_learning_period_only() -> None:
    from carrierwatch.detect.analytics.firstseen import first_seen

    day = 86400.0
    logins = [(0.0, "netops", "10.255.0.12"), (100.0, "netops", "10.255.0.13"),
              (day + 10, "netops", "10.255.0.12"),  # known source: quiet
              (day + 20, "netops", "45.61.134.77"),  # new source after the baseline: reported
              (day + 30, "netops", "45.61.134.77"),  # reported once
              (day + 40, "backup", "10.255.0.12")]  # a new account/source pair is new too
    assert first_seen(logins, baseline=day) == [3, 5]
    assert first_seen(logins, baseline=2 * day) == []
    assert first_seen([], baseline=day) == []


def test_first_seen_in_the_hunt_is_low_inside_management_and_medium_outside() -> None:
    import ipaddress
    from datetime import timedelta

    from carrierwatch.detect.runner import Assets, register_inputs, run_detections
    from carrierwatch.engine.duck import DuckEngine
    from carrierwatch.workspace import Allowlists

    from ..builders import T0, aaa

    def start(hours: float, src: str) -> dict[str, object]:
        return {"ts": T0 + timedelta(hours=hours), "host_ip": "10.0.1.1", "user_name": "netops", "source_ip": src,
                "event_type": "start", "raw": f"start netops {src}"}

    table = aaa([start(0, "10.255.0.12"), start(30, "10.255.0.14"), start(31, "198.51.100.9")])
    eng = DuckEngine()
    register_inputs(eng, {}, {"aaa": table})
    allow = Allowlists(management_subnets=[ipaddress.ip_network("10.255.0.0/16")])
    found = [f for f in run_detections(eng, allow=allow, assets=Assets(), indicators=[])
             if f.rule_id == "CW-ANALYTIC-FIRST-SEEN-SOURCE"]
    eng.close()
    assert sorted((f.extra["key"], f.severity.value) for f in found) == [
        ("netops from 10.255.0.14", "low"), ("netops from 198.51.100.9", "medium")]
