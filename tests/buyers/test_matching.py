"""Matchmaking scores and their reasons, in English and Hindi."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from marketplace.buyers.matching import (
    BuyerNeeds,
    Name,
    SellerOffer,
    match_summary,
    rank_pairs,
    reason_text,
    score_pair,
)

CARPETS = Name(1, "Carpets", "कालीन")
BRASS = Name(2, "Brassware", "पीतल के बर्तन")
BHADOHI = Name(10, "Bhadohi", "भदोही")
MORADABAD = Name(11, "Moradabad", "मुरादाबाद")


def buyer(**kw):
    base = dict(id="b", categories=frozenset({CARPETS}), districts=frozenset({BHADOHI}),
                monthly_volume_units=500, budget_min_paise=20000, budget_max_paise=50000,
                export_markets=("USA",), languages=frozenset({"hi", "en"}))
    base.update(kw)
    return BuyerNeeds(**base)


def seller(**kw):
    base = dict(id="s", categories=frozenset({CARPETS}), district=BHADOHI,
                capacity_units_per_month=800, min_moq=50, price_min_paise=25000,
                price_max_paise=90000, export_ready=True, languages=frozenset({"hi"}))
    base.update(kw)
    return SellerOffer(**base)


def codes(match):
    return {r.code for r in match.reasons}


def test_a_perfect_fit_scores_high_with_every_reason():
    m = score_pair(buyer(), seller())
    assert codes(m) == {"shared_categories", "district_followed", "volume_fits", "moq_ok",
                        "budget_fits", "export_ready", "shared_language"}
    assert m.score == 30 + 10 + 15 + 5 + 15 + 10 + 5 == 90
    assert m.score == sum(r.points for r in m.reasons)


def test_reasons_read_naturally_in_english(app):
    m = score_pair(buyer(), seller())
    with app.test_request_context(), force_locale("en"):
        texts = [reason_text(r) for r in m.reasons]
    assert "both: Carpets" in texts
    assert "needs 500 units a month, makes 800" in texts
    assert "from Bhadohi, a district the buyer follows" in texts
    assert any(t.startswith("budget ₹200.00–₹500.00 a unit, prices ₹250.00–₹900.00") for t in texts)
    assert "both speak Hindi" in texts


def test_reasons_are_shown_in_hindi(app):
    m = score_pair(buyer(), seller())
    with app.test_request_context(), force_locale("hi"):
        texts = [reason_text(r) for r in m.reasons]
        summary = match_summary(m)
    assert any("कालीन" in t for t in texts)
    assert any("भदोही" in t for t in texts)
    assert all("Carpets" not in t for t in texts)
    assert "कालीन" in summary


def test_unrelated_seller_scores_low_and_says_why():
    m = score_pair(buyer(), seller(categories=frozenset({BRASS}), district=MORADABAD,
                                   capacity_units_per_month=100, min_moq=1000,
                                   price_min_paise=80000, export_ready=False,
                                   languages=frozenset({"ur"})))
    assert m.score == 0
    assert {"volume_short", "moq_above_need", "price_above_budget", "export_not_ready",
            "no_shared_language"} <= codes(m)


def test_the_best_possible_pair_scores_exactly_100():
    third = Name(3, "Rugs", "दरी")
    cats = frozenset({CARPETS, BRASS, third})
    assert score_pair(buyer(categories=cats), seller(categories=cats)).score == 100


def test_partial_capacity_gives_partial_points():
    full = score_pair(buyer(), seller()).score
    part = score_pair(buyer(), seller(capacity_units_per_month=300))
    assert "volume_partial" in codes(part)
    assert part.score == full - 15 + 7


def test_missing_facts_give_no_points_and_no_error():
    m = score_pair(BuyerNeeds(id=1), SellerOffer(id=2))
    assert m.score == 0 and m.reasons == ()


def test_more_shared_categories_score_more():
    one = score_pair(buyer(categories=frozenset({CARPETS, BRASS})), seller(languages=frozenset()))
    two = score_pair(buyer(categories=frozenset({CARPETS, BRASS})),
                     seller(categories=frozenset({CARPETS, BRASS}), languages=frozenset()))
    assert two.score == one.score + 5


def test_rank_pairs_orders_best_first_and_limits_per_buyer():
    sellers = [seller(id="good"), seller(id="meh", district=MORADABAD),
               seller(id="none", categories=frozenset({BRASS}), district=None,
                      capacity_units_per_month=None, min_moq=None, price_min_paise=None,
                      export_ready=False, languages=frozenset())]
    ranked = rank_pairs([buyer(id="b1")], sellers, per_buyer=2)
    assert [m.seller_id for m in ranked] == ["good", "meh"]
    assert ranked[0].score > ranked[1].score
    everything = rank_pairs([buyer(id="b1")], sellers, min_score=0)
    assert len(everything) == 3


def test_reasons_serialise_for_the_api():
    data = score_pair(buyer(), seller()).to_dict()
    shared = next(r for r in data["reasons"] if r["code"] == "shared_categories")
    assert shared["params"]["categories"] == [{"en": "Carpets", "hi": "कालीन"}]


@pytest.mark.parametrize("need,cap,code", [(500, 500, "volume_fits"), (500, 250, "volume_partial"),
                                           (500, 249, "volume_short")])
def test_volume_boundaries(need, cap, code):
    m = score_pair(buyer(monthly_volume_units=need), seller(capacity_units_per_month=cap))
    assert code in codes(m)
