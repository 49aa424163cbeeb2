"""The courier aggregator adapter: a real HTTP client (``requests``) in the shape of
Shiprocket's public API (https://apidocs.shiprocket.in/, base URL ``SHIPPING_API_URL``, e.g.
``https://apiv2.shiprocket.in/v1/external``). See docs/shipping.md, "Courier aggregator".

The calls, each named by the ``step`` a ``CourierError`` carries:

- ``login``: ``POST /auth/login {email, password}`` → ``{"token"}``. The token is kept per
  process (per API URL and account) until the courier answers 401; then we sign in again, once;
- ``rates``: ``GET /courier/serviceability/`` → ``data.available_courier_companies``, rupees
  turned into integer paise (half up, read as ``Decimal``: a float never holds our money);
- booking, three calls, each skipped when ``progress`` already holds its result, so a retry
  after a timeout or a 500 resumes and never creates a second courier order:
  ``create_order`` (``POST /orders/create/adhoc``, our sub-order number as ``order_id``) →
  ``order_id``, ``shipment_id``; ``awb`` (``POST /courier/assign/awb``) → AWB number and courier;
  ``label`` (``POST /courier/generate/label``) → ``label_url``;
- ``pickup``: ``POST /courier/generate/pickup`` → the date the courier comes;
- ``track``: ``GET /courier/track/awb/<awb>`` → the scans, mapped to ``TrackingCode``;
- the tracking webhook: Shiprocket sends the token set in its panel in the ``x-api-key``
  header, compared with ``SHIPPING_WEBHOOK_SECRET`` before the body is read.

Shiprocket's status ids (``sr-status``) we act on are in ``STATUS_CODES``; the others (manifest
generated, out for pickup, RTO initiated, lost, ...) are ignored: they move nothing a buyer or
a seller follows here. "RTO initiated" (9) is ignored on purpose: the parcel is on its way back,
and calling that "in transit" would tell the buyer it is coming; "RTO delivered" (10) cancels.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import threading
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import Any, Mapping
from urllib.parse import quote

import requests
from flask_babel import lazy_gettext as _l

from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.india import IST, region
from marketplace.money import paise_to_decimal
from marketplace.params import has_control_characters

from ..errors import PickupAddressMissing, _Formatted
from .carriers import (BadCourierWebhook, Booked, Booking, CourierError, Pickup, Rate, TrackingCode,
                       TrackingUpdate, register_adapter)

log = logging.getLogger(__name__)

#: Shiprocket's shipment status ids (``sr-status``, ``current_status_id``) → our codes.
STATUS_CODES: dict[int, TrackingCode] = {
    42: TrackingCode.PICKED_UP,  # picked up
    6: TrackingCode.IN_TRANSIT,  # shipped (left the origin after pickup)
    18: TrackingCode.IN_TRANSIT,  # in transit
    38: TrackingCode.IN_TRANSIT,  # reached the destination hub
    17: TrackingCode.OUT_FOR_DELIVERY,
    21: TrackingCode.FAILED_ATTEMPT,  # undelivered
    7: TrackingCode.DELIVERED,
    10: TrackingCode.RETURNED_TO_ORIGIN,  # RTO delivered: back at the seller's
}
IGNORED_ON_PURPOSE = {9: "RTO initiated"}  # see the module docstring

DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%d %m %Y %H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M:%S")

NO_ANSWER = _l("The courier did not answer in time. Nothing was booked twice; please try again in a few minutes.")
UNREACHABLE = _l("We could not reach the courier. Nothing was booked twice; please try again in a few minutes.")
COURIER_FAILED = _l("The courier had a problem on its side. Nothing was booked twice; please try again in a few minutes.")
SIGN_IN_REFUSED = _l("The courier did not accept the site's sign-in. Please tell the ODOP Bazaar team.")
REFUSED = {
    "rates": _l("The courier could not price this parcel: %(reason)s"),
    "create_order": _l("The courier refused the booking: %(reason)s"),
    "pickup_address": _l("The courier refused the seller's pickup address: %(reason)s"),
    "awb": _l("The courier refused the booking: %(reason)s"),
    "label": _l("The courier refused the booking: %(reason)s"),
    "pickup": _l("The courier refused the pickup: %(reason)s"),
    "track": _l("The courier could not say where the parcel is: %(reason)s"),
}
NO_SHIPMENT_ID = _l("This parcel was not booked with the courier, so it has no pickup to request.")

# the token of each (API URL, account), kept for the life of the process
_TOKENS: dict[tuple[str, str], str] = {}
_TOKENS_LOCK = threading.Lock()
# the pickup locations this process has registered (or found registered) at each (API URL, account)
_PICKUPS: set[tuple[tuple[str, str], str]] = set()


class BadCourierPayload(DomainError):
    """A tracking call with the right secret whose body we cannot read (nothing is stored)."""

    code = "bad_payload"
    status = 400
    default_message = _l("The tracking call could not be read.")


def forget_tokens() -> None:
    """Drop every kept courier token (the next call signs in again) and every pickup location
    known to be registered (the next booking registers again)."""
    with _TOKENS_LOCK:
        _TOKENS.clear()
        _PICKUPS.clear()


def safe_reason(text: Any, limit: int = 120, empty: str = "-") -> str:
    """The courier's words, fit to show to a person: text only, on one line, without markup or
    control characters, at most ``limit`` characters; ``empty`` when nothing is left."""
    if isinstance(text, (list, tuple)):
        text = "; ".join(safe_reason(t, limit, "") for t in text)
    elif isinstance(text, dict):
        text = "; ".join(safe_reason(v, limit, "") for v in text.values())
    cleaned = "".join(" " if has_control_characters(ch, newlines=False) or ch in "<>{}`\\" else ch
                      for ch in str(text if text is not None else ""))
    cleaned = " ".join(cleaned.split())
    return (cleaned[: limit - 1] + "…" if len(cleaned) > limit else cleaned) or empty


def _message_of(data: Any) -> str:
    """What the courier said went wrong, from the shapes Shiprocket answers with."""
    if not isinstance(data, dict):
        return ""
    parts = []
    for key in ("message", "error"):
        if isinstance(data.get(key), str) and data[key].strip():
            parts.append(data[key])
    errors = data.get("errors")
    if isinstance(errors, dict):
        parts.extend(safe_reason(v) for v in errors.values())
    response = data.get("response")
    if isinstance(response, str):
        parts.append(response)
    elif isinstance(response, dict):
        inner = response.get("data")
        if isinstance(inner, str):
            parts.append(inner)
        elif isinstance(inner, dict):
            parts.extend(str(v) for k, v in inner.items() if k.endswith("error") and v)
    return "; ".join(parts)


def to_paise(rupees: Any) -> int:
    """Rupees as the courier sends them (a number read as ``Decimal``, or text) → integer paise,
    half up. ValueError for anything that is not a non-negative amount."""
    if isinstance(rupees, (bool, float)):
        rupees = repr(rupees)  # only when a caller parsed the JSON with floats: its shortest text
    try:
        amount = Decimal(str(rupees).strip())
    except DecimalException:
        raise ValueError(f"not an amount: {rupees!r}") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_RUPEES:
        raise ValueError(f"not an amount: {rupees!r}")
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


MAX_RUPEES = Decimal(10_000_000)  # no parcel's freight comes near a crore: anything above is junk


def _rupees(paise: int) -> str:
    return str(paise_to_decimal(paise))


def _kg(grams: int) -> str:
    return format(Decimal(int(grams)) / 1000, "f")


def _id(value: Any) -> Any:
    """A courier id as the courier wants it back: a number when it is one."""
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else text


def parse_courier_time(text: Any) -> dt.datetime:
    """A courier time ("2026-12-01 14:05:00" or "01 12 2026 14:05:00" in IST, or ISO 8601 with or
    without an offset) as an aware UTC datetime. ValueError otherwise."""
    if not isinstance(text, str) or not text.strip() or len(text) > 40:
        raise ValueError(f"not a time: {text!r}")
    text = text.strip()
    for pattern in DATE_FORMATS:
        try:
            naive = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        try:
            return naive.replace(tzinfo=IST).astimezone(dt.timezone.utc)
        except (OverflowError, ValueError):  # year 1 in IST is before year 1 in UTC
            raise ValueError(f"not a time: {text!r}") from None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=IST)
        return when.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError):
        raise ValueError(f"not a time: {text!r}") from None


def _status_id(value: Any) -> int | None:
    text = str(value).strip() if value is not None and not isinstance(value, bool) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        for key, item in getattr(headers, "items", lambda: [])():
            if str(key).lower() == name:
                return item
    return value


def event_key(awb: str, status_id: int, when: dt.datetime) -> str:
    """The same scan gives the same key, whether it came by webhook or by polling."""
    return f"{awb}:{status_id}:{when.astimezone(dt.timezone.utc):%Y%m%dT%H%M%S}"


def _update(awb: str, status_id: int | None, when_text: Any, activity: Any, location: Any,
            *, strict: bool) -> TrackingUpdate | None:
    """One scan as a TrackingUpdate, or None for a status we do not act on. A scan we act on
    with no readable time: ValueError when ``strict`` (a webhook), else skipped (a poll)."""
    code = STATUS_CODES.get(status_id) if status_id is not None else None
    if code is None:
        return None
    try:
        when = parse_courier_time(when_text)
    except ValueError:
        if strict:
            raise
        log.warning("courier scan for %s without a readable time: %r", awb, when_text)
        return None
    return TrackingUpdate(awb=awb, code=code, happened_at=when, key=event_key(awb, status_id, when),
                          location=safe_reason(location, 120, ""), description=safe_reason(activity, 500, ""))


def _oldest_first(updates: list[TrackingUpdate]) -> list[TrackingUpdate]:
    unique: dict[str, TrackingUpdate] = {}
    for update in updates:  # a scan says more than the current status repeating it
        unique.setdefault(update.key, update)
    return sorted(unique.values(), key=lambda u: u.happened_at)


class AggregatorCarrier:
    """The ``aggregator`` adapter (see the module docstring)."""

    name = "aggregator"

    def __init__(self, api_url: str, email: str, password: str, *, timeout: float = 10.0,
                 webhook_secret: str | None = None, pickup_location: str = "",
                 session: requests.Session | None = None) -> None:
        self.api_url = (api_url or "").rstrip("/")
        self.email, self.password = email or "", password or ""
        self.timeout = float(timeout)
        self.webhook_secret = webhook_secret or ""
        self.pickup_location = pickup_location or ""
        self._session = session
        self._key = (self.api_url, self.email)

    @property
    def _http(self) -> requests.Session:
        if self._session is None:  # made on the first call: a webhook's adapter never needs one
            self._session = requests.Session()
        return self._session

    @classmethod
    def from_config(cls, config: Mapping) -> AggregatorCarrier:
        """Built from the ``SHIPPING_*`` settings: API URL, e-mail and password of the API user,
        timeout (seconds), webhook secret and pickup location name."""
        return cls(config.get("SHIPPING_API_URL") or "", config.get("SHIPPING_API_EMAIL") or "",
                   config.get("SHIPPING_API_PASSWORD") or "", timeout=float(config.get("SHIPPING_TIMEOUT") or 10),
                   webhook_secret=config.get("SHIPPING_WEBHOOK_SECRET") or "",
                   pickup_location=config.get("SHIPPING_PICKUP_LOCATION") or "")

    # -- HTTP -----------------------------------------------------------------------------
    def _send(self, method: str, path: str, *, step: str, progress: Mapping[str, str], token: str | None,
              **kwargs) -> requests.Response:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            return self._http.request(method, self.api_url + path, headers=headers, timeout=self.timeout,
                                      allow_redirects=False, **kwargs)
        except requests.Timeout:
            raise CourierError(NO_ANSWER, step=step, progress=progress,
                               detail=f"no answer within {self.timeout:g} s") from None
        except requests.RequestException as exc:
            raise CourierError(UNREACHABLE, step=step, progress=progress,
                               detail=f"cannot connect ({type(exc).__name__})") from None

    def _read(self, response: requests.Response, *, step: str, progress: Mapping[str, str],
              refused=None) -> dict:
        """The answer's JSON object, or CourierError: 5xx and unreadable answers are the
        courier's problem; a 4xx is a refusal, quoted (cleaned) in the user's message."""
        try:
            data = response.json(parse_float=Decimal)
        except ValueError:
            data = None
        said = safe_reason(_message_of(data) or response.reason or "", 200)
        detail = f"HTTP {response.status_code}: {said}"
        if response.status_code >= 500 or 300 <= response.status_code < 400:
            raise CourierError(COURIER_FAILED, step=step, progress=progress, detail=detail)
        if response.status_code >= 400:
            message = refused if refused is not None else _Formatted(REFUSED[step], {"reason": safe_reason(said)})
            raise CourierError(message, step=step, progress=progress, detail=detail)
        if not isinstance(data, dict):
            raise CourierError(COURIER_FAILED, step=step, progress=progress,
                               detail=f"HTTP {response.status_code}: the answer is not a JSON object")
        return data

    def _token(self, *, step: str, progress: Mapping[str, str]) -> str:
        with _TOKENS_LOCK:
            token = _TOKENS.get(self._key)
        if token:
            return token
        if not (self.api_url and self.email and self.password):
            raise CourierError(SIGN_IN_REFUSED, step=step, progress=progress,
                               detail="login: SHIPPING_API_URL, SHIPPING_API_EMAIL or SHIPPING_API_PASSWORD not set")
        response = self._send("POST", "/auth/login", step=step, progress=progress, token=None,
                              json={"email": self.email, "password": self.password})
        try:
            data = self._read(response, step=step, progress=progress, refused=SIGN_IN_REFUSED)
        except CourierError as exc:
            exc.detail = f"login: {exc.detail}"[:300]
            raise
        token = data.get("token")
        if not isinstance(token, str) or not token:
            raise CourierError(SIGN_IN_REFUSED, step=step, progress=progress, detail="login: no token in the answer")
        with _TOKENS_LOCK:
            _TOKENS[self._key] = token
        return token

    def _forget(self, token: str) -> None:
        with _TOKENS_LOCK:
            if _TOKENS.get(self._key) == token:
                del _TOKENS[self._key]

    def _call(self, method: str, path: str, *, step: str, progress: Mapping[str, str],
              not_found: dict | None = None, **kwargs) -> dict:
        """One authorised call: on a 401 sign in again once and repeat it. ``not_found``: the
        answer to give for a 404 instead of a refusal."""
        token = self._token(step=step, progress=progress)
        response = self._send(method, path, step=step, progress=progress, token=token, **kwargs)
        if response.status_code == 401:
            self._forget(token)
            token = self._token(step=step, progress=progress)
            response = self._send(method, path, step=step, progress=progress, token=token, **kwargs)
            if response.status_code == 401:
                raise CourierError(SIGN_IN_REFUSED, step=step, progress=progress,
                                   detail="HTTP 401 again after signing in afresh")
        if response.status_code == 404 and not_found is not None:
            return not_found
        return self._read(response, step=step, progress=progress)

    # -- the Carrier interface -----------------------------------------------------------------
    def rates(self, from_pin: str, to_pin: str, weight_g: int, size: tuple[int, int, int], cod: bool) -> list[Rate]:
        """The couriers serving ``from_pin`` → ``to_pin`` for this parcel, cheapest first, in
        paise; empty when none does. CourierError when the courier fails or refuses."""
        length, breadth, height = size
        params = {"pickup_postcode": from_pin, "delivery_postcode": to_pin, "weight": _kg(weight_g),
                  "cod": 1 if cod else 0, "length": length, "breadth": breadth, "height": height}
        # a 404 is Shiprocket's "no courier serves this route"
        return self._rates(self._call("GET", "/courier/serviceability/", step="rates", progress={},
                                      not_found={"status": 404}, params=params))

    @staticmethod
    def _rates(data: dict) -> list[Rate]:
        if _status_id(data.get("status")) == 404:
            return []
        companies = (data.get("data") or {}).get("available_courier_companies") if isinstance(data.get("data"), dict) else None
        rates = []
        for company in companies or []:
            try:
                courier_id = str(company["courier_company_id"])
                amount = to_paise(company["rate"])
            except (KeyError, TypeError, ValueError):
                log.warning("courier rate without an id or a price: %r", company)
                continue
            days = _status_id(company.get("estimated_delivery_days"))
            rates.append(Rate(courier_id=courier_id[:20], courier_name=safe_reason(company.get("courier_name"), 80, ""),
                              amount_paise=amount, days=days))
        return sorted(rates, key=lambda r: (r.amount_paise, r.days if r.days is not None else 99, r.courier_name))

    def _order(self, booking: Booking) -> dict:
        to = booking.deliver_to
        state = region(to.state_code)
        cod = booking.cod_paise > 0
        items = [{"name": title[:200], "sku": f"{booking.reference}-{n}", "units": quantity,
                  "selling_price": _rupees(price)}
                 for n, (title, quantity, price) in enumerate(booking.items, start=1)]
        if not items:
            items = [{"name": booking.reference, "sku": booking.reference, "units": 1,
                      "selling_price": _rupees(booking.goods_paise)}]
        order = {
            "order_id": booking.reference,
            "order_date": utcnow().astimezone(IST).strftime("%Y-%m-%d %H:%M"),
            "pickup_location": self._pickup_name(booking),
            "billing_customer_name": to.name, "billing_last_name": "",
            "billing_address": to.line1, "billing_address_2": to.line2,
            "billing_city": to.city, "billing_pincode": to.pin_code,
            "billing_state": state.name_en if state else to.state_code, "billing_country": "India",
            "billing_email": "", "billing_phone": to.phone[-10:],
            "shipping_is_billing": True,
            "order_items": items,
            "payment_method": "COD" if cod else "Prepaid",
            # what the courier collects on a COD parcel: goods and our freight, as the buyer owes
            "sub_total": _rupees(booking.cod_paise if cod else booking.goods_paise),
            "length": booking.length_cm, "breadth": booking.width_cm, "height": booking.height_cm,
            "weight": _kg(booking.weight_g),
        }
        if cod and booking.cod_paise > booking.goods_paise:
            order["shipping_charges"] = _rupees(booking.cod_paise - booking.goods_paise)
        return order

    def _pickup_name(self, booking: Booking) -> str:
        """Where the courier collects: the shared location of SHIPPING_PICKUP_LOCATION when set
        (a district's common facility centre), else the seller's own workshop, registered under
        ``booking.pickup_code``."""
        return self.pickup_location or booking.pickup_code

    def _ensure_pickup(self, booking: Booking, got: Mapping[str, str]) -> None:
        """Register the seller's workshop as a pickup location once (Shiprocket's
        ``POST /settings/company/addpickup``); a name the courier already knows is fine. Nothing
        to do with a shared SHIPPING_PICKUP_LOCATION."""
        if self.pickup_location or not booking.pickup_code:
            return
        key = (self._key, booking.pickup_code)
        with _TOKENS_LOCK:
            if key in _PICKUPS:
                return
        place = booking.pickup
        if not (place.line1.strip() and place.phone and place.pin_code):
            raise PickupAddressMissing()  # the courier would come to no address: nothing is sent
        state = region(place.state_code)
        body = {"pickup_location": booking.pickup_code, "name": place.name[:60] or booking.pickup_code,
                "email": "", "phone": (place.phone or "")[-10:], "address": place.line1,
                "address_2": place.line2, "city": place.city, "state": state.name_en if state else place.state_code,
                "country": "India", "pin_code": place.pin_code}
        try:
            self._call("POST", "/settings/company/addpickup", step="pickup_address", progress=got, json=body)
        except CourierError as exc:
            if "already" not in exc.detail.casefold():  # "Address nick name already in use"
                raise
        with _TOKENS_LOCK:
            _PICKUPS.add(key)

    def book(self, booking: Booking, progress: Mapping[str, str]) -> Booked:
        """Create the courier order, assign an AWB, make the label; each step is skipped when
        ``progress`` has its result. CourierError (with the progress so far) when a call fails."""
        got = {k: str(v) for k, v in progress.items() if v}
        if not (got.get("order_id") and got.get("shipment_id")):
            self._ensure_pickup(booking, got)
            data = self._call("POST", "/orders/create/adhoc", step="create_order", progress=got, json=self._order(booking))
            order_id, shipment_id = data.get("order_id"), data.get("shipment_id")
            if not order_id or not shipment_id:
                raise CourierError(COURIER_FAILED, step="create_order", progress=got,
                                   detail=safe_reason(_message_of(data) or "no order_id or shipment_id in the answer", 200))
            got.update(order_id=str(order_id)[:40], shipment_id=str(shipment_id)[:40])
        if not got.get("awb"):
            body = {"shipment_id": _id(got["shipment_id"])}
            if booking.courier_id:
                body["courier_id"] = _id(booking.courier_id)
            data = self._call("POST", "/courier/assign/awb", step="awb", progress=got, json=body)
            assigned = (data.get("response") or {}).get("data") if isinstance(data.get("response"), dict) else None
            awb = str((assigned or {}).get("awb_code") or "").strip() if isinstance(assigned, dict) else ""
            if str(data.get("awb_assign_status")) != "1" or not awb:
                said = _message_of(data) or "no AWB assigned"
                raise CourierError(_Formatted(REFUSED["awb"], {"reason": safe_reason(said)}), step="awb",
                                   progress=got, detail=safe_reason(said, 200))
            got.update(awb=awb[:40], courier_name=safe_reason(assigned.get("courier_name"), 80, ""))
            try:
                got["rate_paise"] = str(to_paise(assigned["freight_charges"]))
            except (KeyError, TypeError, ValueError):
                pass
        if not got.get("label_url"):
            data = self._call("POST", "/courier/generate/label", step="label", progress=got,
                              json={"shipment_id": [_id(got["shipment_id"])]})
            label_url = data.get("label_url")
            if (str(data.get("label_created")) != "1" or not isinstance(label_url, str)
                    or not label_url.startswith(("https://", "http://"))):
                said = _message_of(data) or "no label"
                raise CourierError(_Formatted(REFUSED["label"], {"reason": safe_reason(said)}), step="label",
                                   progress=got, detail=safe_reason(said, 200))
            got["label_url"] = label_url
        rate = got.get("rate_paise")
        return Booked(awb=got["awb"], courier_name=got.get("courier_name") or "", label_url=got["label_url"],
                      progress={k: got[k] for k in ("order_id", "shipment_id")},
                      rate_paise=int(rate) if rate and rate.isdigit() else None)

    def pickup(self, booked: Booked) -> Pickup:
        """Ask the courier to collect the parcel. CourierError(step="pickup") when it refuses,
        with its reason in ``detail`` and (cleaned) in the message."""
        shipment_id = booked.progress.get("shipment_id")
        if not shipment_id:
            raise CourierError(NO_SHIPMENT_ID, step="pickup", progress=booked.progress, detail="no courier shipment id")
        data = self._call("POST", "/courier/generate/pickup", step="pickup", progress=booked.progress,
                          json={"shipment_id": [_id(shipment_id)]})
        response = data.get("response") if isinstance(data.get("response"), dict) else {}
        when = response.get("pickup_scheduled_date")
        if str(data.get("pickup_status")) != "1" or not when:
            said = _message_of(data) or "pickup not scheduled"
            raise CourierError(_Formatted(REFUSED["pickup"], {"reason": safe_reason(said)}), step="pickup",
                               progress=booked.progress, detail=safe_reason(said, 200))
        return Pickup(scheduled_for=safe_reason(when, 40), reference=safe_reason(response.get("pickup_token_number"), 80, ""))

    def track(self, awb: str) -> list[TrackingUpdate]:
        """The scans the courier knows for ``awb`` that we act on, oldest first (empty when it
        knows none yet). CourierError when it fails."""
        data = self._call("GET", f"/courier/track/awb/{quote(awb, safe='')}", step="track", progress={})
        tracking = data.get("tracking_data")
        activities = tracking.get("shipment_track_activities") if isinstance(tracking, dict) else None
        updates = []
        for scan in activities if isinstance(activities, list) else []:
            if isinstance(scan, dict):
                update = _update(awb, _status_id(scan.get("sr-status")), scan.get("date"), scan.get("activity"),
                                 scan.get("location"), strict=False)
                if update is not None:
                    updates.append(update)
        return _oldest_first(updates)

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> list[TrackingUpdate]:
        """The updates of one tracking call. BadCourierWebhook (before the body is read) unless
        its ``x-api-key`` header is ``SHIPPING_WEBHOOK_SECRET``; BadCourierPayload when the body
        is not the courier's JSON (an AWB, its scans and current status with readable times)."""
        given = _header(headers, "x-api-key") or ""
        if not self.webhook_secret or not given or not hmac.compare_digest(
                given.encode("utf-8", "replace"), self.webhook_secret.encode("utf-8")):
            raise BadCourierWebhook()
        try:
            data = json.loads(body, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise BadCourierPayload() from None
        if not isinstance(data, dict):
            raise BadCourierPayload()
        awb = data.get("awb")
        if isinstance(awb, int) and not isinstance(awb, bool):
            awb = str(awb)
        scans = data.get("scans", [])
        if (not isinstance(awb, str) or not awb.strip() or len(awb) > 40 or has_control_characters(awb)
                or not isinstance(scans, list) or not all(isinstance(s, dict) for s in scans)):
            raise BadCourierPayload()
        awb = awb.strip()
        try:
            updates = [u for u in (_update(awb, _status_id(s.get("sr-status")), s.get("date"), s.get("activity"),
                                           s.get("location"), strict=True) for s in scans) if u]
            current = _update(awb, _status_id(data.get("current_status_id")), data.get("current_timestamp"),
                              data.get("current_status"), data.get("location") or "", strict=True)
        except ValueError:
            raise BadCourierPayload() from None
        if current is not None:
            updates.append(current)
        return _oldest_first(updates)


register_adapter(AggregatorCarrier.name, AggregatorCarrier.from_config)
