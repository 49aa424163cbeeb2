"""Matchmaking: how well a buyer and a seller of a samagam fit, and why.

Pure functions over plain dataclasses (no database): ``score_pair(buyer, seller)`` returns a
``Match`` with a score (0-100) and structured reasons (a code, the points it gave, and its
parameters). ``reason_text(reason)`` renders one reason in the current language through Babel,
for example "both: carpets" / "needs 500 units a month, makes 800". The services turn database
rows into these dataclasses, score every pair of a meet and keep the best as leads.

Points (they add up to at most 100; a negative total counts as 0):

============================  =====  ==================================================
shared product categories      +30   +5 for every further shared category (at most +10)
seller's district followed     +10   the buyer lists the seller's district
volume vs capacity             +15   capacity >= monthly need; +7 if at least half; -10 less
MOQ                            +5    need >= the seller's smallest minimum order; -15 below
budget vs price range          +15   ranges overlap; -10 when all prices exceed the budget
export                         +10   buyer exports and the seller is export-ready
language                       +5    a shared language; -5 none
============================  =====  ==================================================
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.i18n import current_lang
from marketplace.money import format_number, format_paise

LANGUAGES = {
    "hi": _l("Hindi"),
    "en": _l("English"),
    "ur": _l("Urdu"),
    "bn": _l("Bengali"),
    "pa": _l("Punjabi"),
    "bho": _l("Bhojpuri"),
    "awa": _l("Awadhi"),
    "mr": _l("Marathi"),
    "gu": _l("Gujarati"),
    "ta": _l("Tamil"),
    "ar": _l("Arabic"),
    "fr": _l("French"),
    "de": _l("German"),
    "es": _l("Spanish"),
}


@dataclass(frozen=True)
class Name:
    """Something with a name in both languages (a category, a district)."""

    key: int | str
    en: str
    hi: str = ""

    def text(self) -> str:
        if current_lang() == "hi":
            return self.hi or self.en
        return self.en or self.hi


@dataclass(frozen=True)
class BuyerNeeds:
    """What a buyer looks for at a meet."""

    id: int | str
    categories: frozenset[Name] = frozenset()
    districts: frozenset[Name] = frozenset()
    monthly_volume_units: int | None = None
    budget_min_paise: int | None = None  # per unit
    budget_max_paise: int | None = None
    export_markets: tuple[str, ...] = ()
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SellerOffer:
    """What a seller brings to a meet (from their profile and the listings they bring)."""

    id: int | str
    categories: frozenset[Name] = frozenset()
    district: Name | None = None
    capacity_units_per_month: int | None = None
    min_moq: int | None = None
    price_min_paise: int | None = None  # per unit, over the listings brought
    price_max_paise: int | None = None
    export_ready: bool = False
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reason:
    """One reason for (or against) a match: a code, its points and what to say about it."""

    code: str
    points: int
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        return {"code": self.code, "points": self.points, "params": _plain(self.params)}


@dataclass(frozen=True)
class Match:
    buyer_id: int | str
    seller_id: int | str
    score: int
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict:
        return {"buyer_id": self.buyer_id, "seller_id": self.seller_id, "score": self.score,
                "reasons": [r.to_dict() for r in self.reasons]}


def _plain(value):
    if isinstance(value, Name):
        return {"en": value.en, "hi": value.hi}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def score_pair(buyer: BuyerNeeds, seller: SellerOffer) -> Match:
    """Score how well ``seller`` fits ``buyer``.

    Returns a ``Match`` whose ``score`` is 0-100 and whose ``reasons`` explain every point given
    or taken, strongest first. Never raises: missing facts simply give no points.
    """
    reasons: list[Reason] = []
    shared = sorted(buyer.categories & seller.categories, key=lambda n: str(n.key))
    if shared:
        reasons.append(Reason("shared_categories", 30 + min(10, 5 * (len(shared) - 1)),
                              {"categories": tuple(shared)}))
    if seller.district is not None and seller.district in buyer.districts:
        reasons.append(Reason("district_followed", 10, {"district": seller.district}))

    need, capacity = buyer.monthly_volume_units, seller.capacity_units_per_month
    if need and capacity:
        if capacity >= need:
            reasons.append(Reason("volume_fits", 15, {"need": need, "capacity": capacity}))
        elif 2 * capacity >= need:
            reasons.append(Reason("volume_partial", 7, {"need": need, "capacity": capacity}))
        else:
            reasons.append(Reason("volume_short", -10, {"need": need, "capacity": capacity}))
    if need and seller.min_moq:
        if need >= seller.min_moq:
            reasons.append(Reason("moq_ok", 5, {"need": need, "moq": seller.min_moq}))
        else:
            reasons.append(Reason("moq_above_need", -15, {"need": need, "moq": seller.min_moq}))

    low, high = buyer.budget_min_paise, buyer.budget_max_paise
    pmin, pmax = seller.price_min_paise, seller.price_max_paise
    if high is not None and pmin is not None:
        pmax = pmax if pmax is not None else pmin
        if pmin > high:
            reasons.append(Reason("price_above_budget", -10,
                                  {"budget_max": high, "price_min": pmin}))
        elif low is None or pmax >= low:
            reasons.append(Reason("budget_fits", 15, {"budget_min": low or 0, "budget_max": high,
                                                      "price_min": pmin, "price_max": pmax}))

    if buyer.export_markets:
        if seller.export_ready:
            reasons.append(Reason("export_ready", 10, {"markets": tuple(buyer.export_markets)}))
        else:
            reasons.append(Reason("export_not_ready", 0, {"markets": tuple(buyer.export_markets)}))

    if buyer.languages and seller.languages:
        common = sorted(buyer.languages & seller.languages)
        if common:
            reasons.append(Reason("shared_language", 5, {"languages": tuple(common)}))
        else:
            reasons.append(Reason("no_shared_language", -5, {}))

    reasons.sort(key=lambda r: (-abs(r.points), r.code))
    score = max(0, min(100, sum(r.points for r in reasons)))
    return Match(buyer.id, seller.id, score, tuple(reasons))


def rank_pairs(buyers: list[BuyerNeeds], sellers: list[SellerOffer], min_score: int = 1,
               per_buyer: int | None = None) -> list[Match]:
    """Score every buyer-seller pair; keep those scoring at least ``min_score``.

    Result: best first (ties by ids). With ``per_buyer``, only each buyer's best that many.
    """
    matches = [m for b in buyers for s in sellers
               if (m := score_pair(b, s)).score >= min_score]
    matches.sort(key=lambda m: (-m.score, str(m.buyer_id), str(m.seller_id)))
    if per_buyer is None:
        return matches
    kept, count = [], {}
    for m in matches:
        if count.get(m.buyer_id, 0) < per_buyer:
            count[m.buyer_id] = count.get(m.buyer_id, 0) + 1
            kept.append(m)
    return kept


# ---------------------------------------------------------------------------------------------
# display


def _names(values) -> str:
    return ", ".join(v.text() if isinstance(v, Name) else str(v) for v in values)


def _num(n: int) -> str:
    return format_number(n, current_lang())


def _money(p: int) -> str:
    return format_paise(p, current_lang())


def language_name(code: str) -> str:
    return str(LANGUAGES.get(code, code))


def reason_text(reason: Reason) -> str:
    """One reason as a short phrase in the current language (needs an app context)."""
    p = reason.params
    code = reason.code
    if code == "shared_categories":
        return _("both: %(categories)s", categories=_names(p["categories"]))
    if code == "district_followed":
        return _("from %(district)s, a district the buyer follows", district=p["district"].text())
    if code == "volume_fits":
        return _("needs %(need)s units a month, makes %(capacity)s",
                 need=_num(p["need"]), capacity=_num(p["capacity"]))
    if code == "volume_partial":
        return _("needs %(need)s units a month, makes %(capacity)s (part of the need)",
                 need=_num(p["need"]), capacity=_num(p["capacity"]))
    if code == "volume_short":
        return _("needs %(need)s units a month, makes only %(capacity)s",
                 need=_num(p["need"]), capacity=_num(p["capacity"]))
    if code == "moq_ok":
        return _("minimum order %(moq)s units fits the need", moq=_num(p["moq"]))
    if code == "moq_above_need":
        return _("minimum order %(moq)s units, more than the %(need)s needed",
                 moq=_num(p["moq"]), need=_num(p["need"]))
    if code == "budget_fits":
        return _("budget %(low)s–%(high)s a unit, prices %(pmin)s–%(pmax)s",
                 low=_money(p["budget_min"]), high=_money(p["budget_max"]),
                 pmin=_money(p["price_min"]), pmax=_money(p["price_max"]))
    if code == "price_above_budget":
        return _("prices start at %(pmin)s, above the budget of %(high)s a unit",
                 pmin=_money(p["price_min"]), high=_money(p["budget_max"]))
    if code == "export_ready":
        return _("exports to %(markets)s; the seller is export-ready", markets=_names(p["markets"]))
    if code == "export_not_ready":
        return _("exports to %(markets)s; the seller is not yet export-ready",
                 markets=_names(p["markets"]))
    if code == "shared_language":
        return _("both speak %(languages)s",
                 languages=", ".join(language_name(c) for c in p["languages"]))
    if code == "no_shared_language":
        return _("no shared language: an interpreter may be needed")
    return code


def match_summary(match: Match, limit: int = 3) -> str:
    """The strongest positive reasons joined with "; " (what a recommendation card shows)."""
    good = [r for r in match.reasons if r.points > 0][:limit]
    return "; ".join(reason_text(r) for r in good)
