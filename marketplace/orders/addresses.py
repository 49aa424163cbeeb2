"""Saved delivery addresses: validated (a PIN code the directory knows, mobile number); the
district and state are the PIN's (``india.pin_place``), whatever was typed."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import select, update

from marketplace.extensions import db
from marketplace.india import PinPlace, is_valid_region, normalise_pin, parse_mobile, pin_place
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

    Checks: name and first line present; a 10-digit Indian mobile number; a 6-digit PIN code
    the directory knows (PinUnknown otherwise). The district and state are the PIN's: a
    typed state that differs is refused (PinNotInState), a typed district is replaced by the
    PIN's (a Delhi PIN typed with "Varanasi" is an address in New Delhi), and an empty state,
    district or city is filled in from the PIN.
    """
    def text(value, limit):
        return re.sub(r"\s+", " ", (value or "").strip())[:limit]

    phone = parse_mobile(data.phone) or ""
    out = AddressInput(
        full_name=text(data.full_name, 120), phone=phone, line1=text(data.line1, 200),
        line2=text(data.line2, 200), city=text(data.city, 100), district=text(data.district, 100),
        state_code=(data.state_code or "").strip().upper(), pin_code=normalise_pin(data.pin_code) or "",
    )
    for field in ("full_name", "line1"):
        if not getattr(out, field):
            raise AddressInvalid(field=field)
    if not out.phone:
        raise AddressInvalid(field="phone")
    if out.state_code and not is_valid_region(out.state_code):
        raise AddressInvalid(field="state_code")
    if not out.pin_code:
        raise AddressInvalid(field="pin_code")
    place = place_of_pin(out.pin_code, out.state_code)
    return replace(out, district=place.district, state_code=place.state_code, city=out.city or place.place)


def place_of_pin(pin_code: str | None, state_code: str | None = None) -> PinPlace:
    """The directory's entry for ``pin_code`` (``india.pin_place``). Raises PinUnknown when the
    directory has no such PIN, PinNotInState when ``state_code`` is given and is not the PIN's
    state (both ``field="pin_code"``).

    Freight is priced by the PIN's district and state, never by typed text, so a buyer in Delhi
    cannot save a Delhi PIN under Uttar Pradesh to get the cheaper within-UP rate.
    """
    place = pin_place(pin_code)
    if place is None:
        raise PinUnknown(field="pin_code", pin=(pin_code or "").strip()[:12])
    if state_code and state_code.strip().upper() != place.state_code:
        raise PinNotInState(field="pin_code", pin=place.pin)
    return place


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
