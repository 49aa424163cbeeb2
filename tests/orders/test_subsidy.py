"""Freight-subsidy decisions: every reason code, caps, rounding, policy versions."""
import dataclasses
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from marketplace.orders import subsidy
from marketplace.orders.subsidy import DEFAULT_POLICY as P, Decision, Reason, Shipment, Usage

DAY = dt.date(2026, 11, 22)


def ship(**kw):
    base = dict(zone="within_up", freight_paise=14000, odop_product=True, seller_verified=True,
                seller_has_udyam=True, day=DAY)
    base.update(kw)
    return Shipment(**base)


def test_default_policy_pays_75_percent_of_freight():
    d = subsidy.decide(P, ship(freight_paise=14000))
    assert d == Decision(True, 10500, None, "UP-ODOP-MDA-2019")


def test_75_percent_rounds_down_to_the_paisa():
    assert subsidy.decide(P, ship(freight_paise=9001)).amount_paise == 6750  # 6750.75
    assert subsidy.decide(P, ship(freight_paise=3)).amount_paise == 2  # 2.25


@pytest.mark.parametrize(
    "zone,freight,amount",
    [
        ("same_district", 20000, 15000),  # 75% = 15000 = cap
        ("same_district", 20001, 15000),  # 15000.75 capped
        ("same_district", 19999, 14999),
        ("within_up", 40000, 30000),
        ("within_up", 100000, 30000),
        ("rest_of_india", 80000, 60000),
        ("rest_of_india", 98000, 60000),
        ("rest_of_india", 42000, 31500),
        ("abroad", 500000, 150000),
    ],
)
def test_per_shipment_cap_by_destination(zone, freight, amount):
    assert subsidy.decide(P, ship(zone=zone, freight_paise=freight)).amount_paise == amount


@pytest.mark.parametrize(
    "change,reason",
    [
        (dict(odop_product=False), Reason.NOT_ODOP_PRODUCT),
        (dict(seller_verified=False), Reason.SELLER_UNVERIFIED),
        (dict(seller_has_udyam=False), Reason.NO_UDYAM),
        (dict(freight_paise=0), Reason.NO_FREIGHT),
        (dict(freight_paise=1), Reason.NO_FREIGHT),  # 75% of 1 paisa is nothing
        (dict(zone="moon"), Reason.ZONE_NOT_COVERED),
        (dict(day=dt.date(2019, 3, 31)), Reason.POLICY_INACTIVE),
    ],
)
def test_each_condition_gives_its_reason_code(change, reason):
    d = subsidy.decide(P, ship(**change))
    assert (d.eligible, d.amount_paise, d.reason) == (False, 0, reason.value)


def test_no_policy_means_policy_inactive():
    d = subsidy.decide(None, ship())
    assert (d.eligible, d.reason, d.policy_version) == (False, "policy_inactive", None)


def test_checks_run_in_documented_order():
    d = subsidy.decide(P, ship(odop_product=False, seller_verified=False, seller_has_udyam=False))
    assert d.reason == "not_odop_product"
    d = subsidy.decide(P, ship(seller_verified=False, seller_has_udyam=False), Usage(150000, 3))
    assert d.reason == "seller_unverified"
    assert subsidy.decide(P, ship(), Usage(150000, 3)).reason == "claims_limit_reached"


def test_conditions_can_be_switched_off():
    relaxed = dataclasses.replace(P, require_odop_product=False, require_verified_seller=False,
                                  require_udyam=False)
    d = subsidy.decide(relaxed, ship(odop_product=False, seller_verified=False, seller_has_udyam=False))
    assert d.eligible and d.amount_paise == 10500


def test_fourth_claim_in_a_year_is_refused():
    assert subsidy.decide(P, ship(), Usage(30000, 2)).eligible
    d = subsidy.decide(P, ship(), Usage(30000, 3))
    assert (d.eligible, d.reason) == (False, "claims_limit_reached")


def test_annual_cap_gives_what_is_left_then_refuses():
    d = subsidy.decide(P, ship(zone="rest_of_india", freight_paise=98000), Usage(120000, 2))
    assert (d.eligible, d.amount_paise) == (True, 30000)  # 60000 computed, 30000 left
    d = subsidy.decide(P, ship(), Usage(150000, 2))
    assert (d.eligible, d.reason) == (False, "annual_cap_reached")
    d = subsidy.decide(P, ship(), Usage(149999, 2))
    assert (d.eligible, d.amount_paise) == (True, 1)


def test_unlimited_policy_has_no_annual_or_claim_limits():
    open_policy = dataclasses.replace(P, annual_cap_paise=None, max_claims_per_year=None)
    d = subsidy.decide(open_policy, ship(), Usage(10**9, 500))
    assert d.eligible and d.amount_paise == 10500


def test_policy_version_in_force_is_the_latest_started():
    old = dataclasses.replace(P, version="v1", effective_from=dt.date(2019, 4, 1),
                              effective_to=dt.date(2025, 3, 31))
    new = dataclasses.replace(P, version="v2", effective_from=dt.date(2025, 4, 1), percent_bp=5000)
    future = dataclasses.replace(P, version="v3", effective_from=dt.date(2030, 4, 1))
    policies = [old, new, future]
    assert subsidy.policy_in_force(policies, dt.date(2025, 3, 31)).version == "v1"
    assert subsidy.policy_in_force(policies, dt.date(2025, 4, 1)).version == "v2"
    assert subsidy.policy_in_force(policies, dt.date(2031, 1, 1)).version == "v3"
    assert subsidy.policy_in_force(policies, dt.date(2018, 1, 1)) is None
    d = subsidy.decide(subsidy.policy_in_force(policies, DAY), ship(freight_paise=14000))
    assert (d.amount_paise, d.policy_version) == (7000, "v2")


def test_ended_policy_is_inactive_after_its_last_day():
    ended = dataclasses.replace(P, effective_to=dt.date(2026, 11, 21))
    assert subsidy.decide(ended, ship()).reason == "policy_inactive"
    assert subsidy.decide(ended, ship(day=dt.date(2026, 11, 21))).eligible


@pytest.mark.parametrize(
    "kw",
    [dict(percent_bp=10001), dict(percent_bp=-1), dict(effective_to=dt.date(2000, 1, 1)),
     dict(shipment_cap_paise={"within_up": -5}), dict(annual_cap_paise=-1)],
)
def test_nonsense_policies_are_rejected(kw):
    with pytest.raises(ValueError):
        dataclasses.replace(P, **kw)


@given(
    freights=st.lists(st.integers(0, 300000), min_size=1, max_size=12),
    zones=st.lists(st.sampled_from(["same_district", "within_up", "rest_of_india"]), min_size=12,
                   max_size=12),
)
def test_a_year_of_decisions_never_exceeds_caps(freights, zones):
    usage = Usage()
    for freight_paise, zone in zip(freights, zones):
        d = subsidy.decide(P, ship(zone=zone, freight_paise=freight_paise), usage)
        if d.eligible:
            assert 0 < d.amount_paise <= freight_paise * 3 // 4
            assert d.amount_paise <= P.shipment_cap_paise[zone]
            usage = Usage(usage.amount_paise + d.amount_paise, usage.claims + 1)
        else:
            assert d.amount_paise == 0 and d.reason
    assert usage.amount_paise <= P.annual_cap_paise
    assert usage.claims <= P.max_claims_per_year
