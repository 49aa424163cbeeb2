"""Saved delivery addresses: validated (state/UT from the list, a 6-digit PIN used in that
state, mobile number)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update

from marketplace.extensions import db
from marketplace.india import is_valid_region, normalise_pin, parse_mobile, pin_matches_state, states_for_pin
from marketplace.params import parse_id
from marketplace.transaction import committed

from .errors import AddressInvalid, OrderNotFound, PinNotInState, PinUnknown
from .models import Address


@dataclass(frozen=True)
class AddressInput:
    full_name: str
    phone: str
    line1: str
    line2: str
    city: str
    district: str
    state_code: str
    pin_code: str


def clean(data: AddressInput) -> AddressInput:
    """Trimmed, normalised copy of ``data``; raises AddressInvalid naming the first bad field.

    Checks: name, first line, city and district present; a 10-digit Indian mobile number; a
    state or UT from the list; a 6-digit PIN not starting with 0 that the state's post offices
    use (``check_pin_in_state``).
    """
    def text(value, limit):
        return re.sub(r"\s+", " ", (value or "").strip())[:limit]

    phone = parse_mobile(data.phone) or ""
    out = AddressInput(
        full_name=text(data.full_name, 120), phone=phone, line1=text(data.line1, 200),
        line2=text(data.line2, 200), city=text(data.city, 100), district=text(data.district, 100),
        state_code=(data.state_code or "").strip().upper(), pin_code=normalise_pin(data.pin_code) or "",
    )
    for field in ("full_name", "line1", "city", "district"):
        if not getattr(out, field):
            raise AddressInvalid(field=field)
    if not out.phone:
        raise AddressInvalid(field="phone")
    if not is_valid_region(out.state_code):
        raise AddressInvalid(field="state_code")
    if not out.pin_code:
        raise AddressInvalid(field="pin_code")
    check_pin_in_state(out.pin_code, out.state_code)
    return out


def check_pin_in_state(pin_code: str, state_code: str) -> None:
    """Raise PinUnknown when no state uses PIN codes starting like ``pin_code``, PinNotInState
    when ``state_code`` is not one of the states that do (both ``field="pin_code"``).

    Freight is priced by the address's state, so a PIN of another state is refused: a buyer in
    Delhi cannot save a Delhi PIN under Uttar Pradesh to get the cheaper within-UP rate.
    """
    if not states_for_pin(pin_code):
        raise PinUnknown(field="pin_code", prefix=(pin_code or "")[:2])
    if not pin_matches_state(pin_code, state_code):
        raise PinNotInState(field="pin_code", pin=pin_code)


def save_address(user_id: int, data: AddressInput, *, make_default: bool = True) -> Address:
    """Store a new address for ``user_id`` (the default one unless told otherwise). Commits.

    Raises AddressInvalid (see ``clean``); nothing is stored then.
    """
    data = clean(data)
    with committed():
        if make_default:
            db.session.execute(update(Address).where(Address.user_id == user_id).values(is_default=False))
        address = Address(user_id=user_id, is_default=make_default, **data.__dict__)
        db.session.add(address)
    return address


def addresses_of(user_id: int) -> list[Address]:
    """The buyer's saved addresses, default first, newest next."""
    return list(db.session.scalars(
        select(Address).where(Address.user_id == user_id)
        .order_by(Address.is_default.desc(), Address.id.desc())))


def address_of(user_id: int, address_id) -> Address:
    """The buyer's own address ``address_id``; OrderNotFound (404) for anybody else's."""
    number = parse_id(address_id)
    address = db.session.get(Address, number) if number is not None else None
    if address is None or address.user_id != user_id:
        raise OrderNotFound()
    return address
