"""A listing's return policy: the one home of the rule (issue #19, part 1).

The seller chooses per listing (``Listing.returnable``, ``return_window_days``,
``return_condition``); whatever they leave unset (NULL) comes from the category's default:
food and other perishables or consumables (jaggery, ghee, pickles, sweets, spices, rice,
perfume) are not returnable; everything else (textiles, crafts, goods) may be returned within
7 days of delivery, unused with its tags and packing. The product page shows
:func:`effective_policy` through :func:`describe`; a return (``orders.returns``) may be asked
for until :func:`return_deadline`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

MIN_WINDOW_DAYS = 1
MAX_WINDOW_DAYS = 30
DEFAULT_WINDOW_DAYS = 7

#: The conditions a seller may set for a return (stored key → label shown to buyers).
CONDITIONS = {
    "unused": _l("unused, with its tags and original packing"),
    "unopened": _l("unopened, with the seal intact"),
    "damaged": _l("only if it arrives damaged, defective or not as described"),
}
DEFAULT_CONDITION = "unused"

#: Words in a category's slug that make it food, a perishable or a consumable.
_PERISHABLE_WORDS = ("jaggery", "gur", "ghee", "dairy", "food", "amla", "hing", "rice", "namak", "pickle",
                     "achar", "sweet", "mithai", "spice", "honey", "tea", "perfume", "itra", "attar")


@dataclass(frozen=True)
class ReturnPolicy:
    returnable: bool
    window_days: int | None = None
    condition: str | None = None


def is_perishable(category) -> bool:
    """Whether the category (a Category, or its slug) is food, a perishable or a consumable."""
    slug = (getattr(category, "slug", category) or "").lower()
    words = slug.replace("_", "-").split("-")
    return any(word in words for word in _PERISHABLE_WORDS)


def default_policy(category) -> ReturnPolicy:
    """The category's default: perishables not returnable, the rest 7 days unused."""
    if is_perishable(category):
        return ReturnPolicy(returnable=False)
    return ReturnPolicy(returnable=True, window_days=DEFAULT_WINDOW_DAYS, condition=DEFAULT_CONDITION)


def effective_policy(listing) -> ReturnPolicy:
    """The listing's policy: the seller's choices, the category's default for what is unset."""
    default = default_policy(listing.category)
    returnable = default.returnable if listing.returnable is None else bool(listing.returnable)
    if not returnable:
        return ReturnPolicy(returnable=False)
    window = listing.return_window_days or default.window_days or DEFAULT_WINDOW_DAYS
    condition = listing.return_condition if listing.return_condition in CONDITIONS else (
        default.condition or DEFAULT_CONDITION)
    return ReturnPolicy(returnable=True, window_days=window, condition=condition)


def return_deadline(policy: ReturnPolicy, delivered_at: dt.datetime | None) -> dt.datetime | None:
    """THE window rule: the last moment a return may be asked for, ``window_days`` × 24 hours
    after delivery; None when the item is not returnable or was not delivered."""
    if not policy.returnable or delivered_at is None:
        return None
    return delivered_at + dt.timedelta(days=policy.window_days or DEFAULT_WINDOW_DAYS)


def as_json(policy: ReturnPolicy) -> dict:
    """The policy for the JSON API: ``{"returnable", "window_days", "condition"}`` (keys, not labels)."""
    return {"returnable": policy.returnable, "window_days": policy.window_days, "condition": policy.condition}


def as_schema_org(policy: ReturnPolicy) -> dict:
    """schema.org ``MerchantReturnPolicy`` for the product's JSON-LD (returns within India)."""
    if not policy.returnable:
        return {"@type": "MerchantReturnPolicy", "applicableCountry": "IN",
                "returnPolicyCategory": "https://schema.org/MerchantReturnNotPermitted"}
    return {"@type": "MerchantReturnPolicy", "applicableCountry": "IN",
            "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
            "merchantReturnDays": policy.window_days, "returnMethod": "https://schema.org/ReturnByMail"}


def describe(policy: ReturnPolicy) -> str:
    """"Not returnable" or "Returnable within N days of delivery: <condition>", translated."""
    if not policy.returnable:
        return str(_l("Not returnable"))
    return str(_l("Returnable within %(n)s days of delivery: %(condition)s", n=policy.window_days,
                  condition=CONDITIONS[policy.condition or DEFAULT_CONDITION]))


def clean_policy(returnable: str, window: str, condition: str) -> tuple[tuple[bool | None, int | None, str | None],
                                                                         dict[str, object]]:
    """Typed values (form or CSV) → ((returnable, window_days, condition), errors by field).

    ``returnable``: "" (category default), yes/no (also true/false, 1/0, हाँ/नहीं); ``window``:
    "" or whole days 1–30; ``condition``: "" or a key of :data:`CONDITIONS`. A listing that is
    not returnable keeps no window or condition."""
    errors: dict[str, object] = {}
    flag = (returnable or "").strip().lower()
    value: bool | None
    if flag in ("", "default"):
        value = None
    elif flag in ("yes", "y", "true", "1", "हाँ", "हां"):
        value = True
    elif flag in ("no", "n", "false", "0", "नहीं"):
        value = False
    else:
        value = None
        errors["returnable"] = _l("Returnable must be yes, no or left empty for the category's default.")
    days: int | None = None
    text = (window or "").strip()
    if text:
        if text.isascii() and text.isdigit() and len(text) <= 3 and MIN_WINDOW_DAYS <= int(text) <= MAX_WINDOW_DAYS:
            days = int(text)
        else:
            errors["return_window_days"] = _l("The return window must be a whole number of days from 1 to 30.")
    kind = (condition or "").strip().lower() or None
    if kind is not None and kind not in CONDITIONS:
        errors["return_condition"] = _l("Choose one of the return conditions offered.")
        kind = None
    if value is False:
        days = kind = None
    return (value, days, kind), errors
