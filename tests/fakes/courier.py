"""A fake courier aggregator: a small stateful WSGI app (Werkzeug) speaking the part of
Shiprocket's public API that ``marketplace/orders/shipping/aggregator.py`` uses, served on a
loopback port by a thread.

    with FakeCourier().running() as fake:
        fake.url                      # SHIPPING_API_URL, e.g. http://127.0.0.1:40123/v1/external
        fake.configure(app)           # points an app's SHIPPING_* settings at it
        fake.fail_next("awb")         # the next assign-AWB call answers 500
        fake.hang_next("create_order", seconds=1.5)  # done, but answered after 1.5 s
        fake.refuse_pickups("Pickup pincode not serviceable")  # the next pickup is refused
        fake.expire_tokens()          # every token issued so far now gets 401
        fake.queue_tracking(awb, 18)  # /courier/track/awb/<awb> lists an "in transit" scan
        fake.push_webhook(live_server.url + "/webhooks/courier/aggregator", awb, 7)

``fake.calls`` records every call (``fake.count("create_order")``); ``fake.orders`` holds the
courier orders by our reference (creating one twice with the same ``order_id`` returns the same
order, as Shiprocket does); ``fake.shipments`` by shipment id. Steps: ``login``, ``rates``,
``addpickup`` (a seller's workshop registered as a pickup location), ``create_order``, ``awb``,
``label``, ``pickup``, ``track``.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import requests
from werkzeug.routing import Map, Rule
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
PREFIX = "/v1/external"
EMAIL = "api-user@odop-bazaar.test"
PASSWORD = "courier-password-for-tests"
WEBHOOK_SECRET = "courier-webhook-token-for-tests"
PICKUP_LOCATION = "ODOP Varanasi"

#: Shiprocket's status ids and labels (``sr-status``, ``sr-status-label``) the fake sends
STATUS_LABELS = {
    6: "SHIPPED", 7: "DELIVERED", 9: "RTO INITIATED", 10: "RTO DELIVERED", 17: "OUT FOR DELIVERY",
    18: "IN TRANSIT", 19: "OUT FOR PICKUP", 21: "UNDELIVERED", 38: "REACHED AT DESTINATION HUB",
    42: "PICKED UP", 5: "MANIFEST GENERATED",
}
ACTIVITIES = {
    42: "Shipment picked up", 6: "Shipment dispatched from origin", 18: "In transit - bagged",
    38: "Reached destination hub", 17: "Out for delivery", 21: "Consignee not available",
    7: "Delivered to consignee", 9: "Return to origin initiated", 10: "Returned to shipper", 5: "Manifest uploaded",
}
ORDER_FIELDS = ("order_id", "order_date", "pickup_location", "billing_customer_name", "billing_address",
                "billing_city", "billing_pincode", "billing_state", "billing_country", "billing_phone",
                "shipping_is_billing", "order_items", "payment_method", "sub_total", "length", "breadth",
                "height", "weight")
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


@dataclass
class Call:
    step: str
    method: str
    path: str
    args: dict
    json: Any
    token: str | None
    status: int = 0


@dataclass
class Trouble:
    kind: str  # "fail" (answer ``status`` with ``message``, do nothing) or "hang" (do it, answer late)
    status: int = 500
    message: str = "Internal Server Error"
    seconds: float = 0.0


@dataclass
class Courier:
    courier_company_id: int
    courier_name: str
    rate: float  # rupees, as Shiprocket sends them (a JSON number)
    estimated_delivery_days: str
    cod_charges: float = 30.0


DEFAULT_COURIERS = (
    Courier(24, "Xpressbees Surface", 92.0, "4"),
    Courier(10, "Delhivery Surface", 87.505, "5"),  # 87.505 rupees: 8751 paise, half up
    Courier(33, "Ekart Logistics", 101.25, "3"),
)


def ist_text(when: dt.datetime | None = None, pattern: str = "%Y-%m-%d %H:%M:%S") -> str:
    """``when`` (aware; default now) as the courier writes times: IST, no offset."""
    return (when or dt.datetime.now(dt.timezone.utc)).astimezone(IST).strftime(pattern)


def _number(value: Any) -> bool:
    try:
        return Decimal(str(value)).is_finite()
    except (InvalidOperation, ValueError):
        return False


class FakeCourier:
    """See the module docstring."""

    def __init__(self, *, email: str = EMAIL, password: str = PASSWORD, webhook_secret: str = WEBHOOK_SECRET,
                 pickup_locations: tuple[str, ...] = (PICKUP_LOCATION,), couriers=DEFAULT_COURIERS) -> None:
        self.email, self.password, self.webhook_secret = email, password, webhook_secret
        self.pickup_locations = set(pickup_locations)
        self.pickup_addresses: dict[str, dict] = {}  # registered through /settings/company/addpickup
        self.couriers = list(couriers)
        self.serviceable_pins: set[str] | None = None  # None: every PIN; else only these (delivery side)
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._ids = itertools.count(1)
        self._awbs = itertools.count(1)
        self.calls: list[Call] = []
        self.tokens: set[str] = set()
        self.orders: dict[str, dict] = {}  # our reference (order_id) → the courier's order
        self.shipments: dict[int, dict] = {}
        self.tracking: dict[str, list[dict]] = defaultdict(list)  # awb → scans, oldest first
        self._trouble: dict[str, list[Trouble]] = defaultdict(list)
        self._pickup_refusals: list[tuple[str, int]] = []
        self._server = None
        self._thread: threading.Thread | None = None
        self.base = ""
        self._map = Map([
            Rule(f"{PREFIX}/auth/login", endpoint="login", methods=["POST"]),
            Rule(f"{PREFIX}/courier/serviceability/", endpoint="rates", methods=["GET"]),
            Rule(f"{PREFIX}/orders/create/adhoc", endpoint="create_order", methods=["POST"]),
            Rule(f"{PREFIX}/courier/assign/awb", endpoint="awb", methods=["POST"]),
            Rule(f"{PREFIX}/courier/generate/label", endpoint="label", methods=["POST"]),
            Rule(f"{PREFIX}/settings/company/addpickup", endpoint="addpickup", methods=["POST"]),
            Rule(f"{PREFIX}/courier/generate/pickup", endpoint="pickup", methods=["POST"]),
            Rule(f"{PREFIX}/courier/track/awb/<awb>", endpoint="track", methods=["GET"]),
            Rule("/labels/<int:shipment_id>.pdf", endpoint="label_pdf", methods=["GET"]),
        ], strict_slashes=False)

    # -- serving --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The API base URL (``SHIPPING_API_URL``)."""
        return self.base + PREFIX

    def start(self) -> FakeCourier:
        self._server = make_server("127.0.0.1", 0, self, threaded=True)
        self.base = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="fake-courier")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # a hanging answer gives up at once
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    @contextlib.contextmanager
    def running(self):
        self.start()
        try:
            yield self
        finally:
            self.stop()

    def settings(self, timeout: float = 0.5) -> dict:
        """The ``SHIPPING_*`` settings of an app that books with this fake."""
        return {"SHIPPING_ADAPTER": "aggregator", "SHIPPING_API_URL": self.url, "SHIPPING_API_EMAIL": self.email,
                "SHIPPING_API_PASSWORD": self.password, "SHIPPING_WEBHOOK_SECRET": self.webhook_secret,
                "SHIPPING_TIMEOUT": timeout, "SHIPPING_PICKUP_LOCATION": sorted(self.pickup_locations)[0]}

    def configure(self, app, timeout: float = 0.5):
        app.config.update(self.settings(timeout))
        return app

    # -- knobs ----------------------------------------------------------------------------
    def fail_next(self, step: str, status: int = 500, message: str = "Internal Server Error", times: int = 1) -> None:
        """The next ``times`` calls of ``step`` answer ``status`` with ``{"message": message}``
        and change nothing (a 4xx with a message is a refusal)."""
        with self._lock:
            self._trouble[step].extend(Trouble("fail", status, message) for _ in range(times))

    def hang_next(self, step: str, seconds: float = 2.0) -> None:
        """The next call of ``step`` is carried out, but answered only after ``seconds`` (longer
        than the client's timeout: the answer is lost, the order exists)."""
        with self._lock:
            self._trouble[step].append(Trouble("hang", seconds=seconds))

    def refuse_pickups(self, reason: str = "Pickup pincode is not serviceable", times: int = 1,
                       status: int = 200) -> None:
        """The next ``times`` pickup requests are refused with ``reason``: ``pickup_status: 0``
        (``status`` 200) or an HTTP error with a message (``status`` 400...)."""
        with self._lock:
            self._pickup_refusals.extend((reason, status) for _ in range(times))

    def expire_tokens(self) -> None:
        """Every token issued so far is answered 401 (the client must sign in again)."""
        with self._lock:
            self.tokens.clear()

    def queue_tracking(self, awb: str, status_id: int, *, at: dt.datetime | None = None, activity: str | None = None,
                       location: str = "Varanasi Hub") -> dict:
        """Add a scan to what ``/courier/track/awb/<awb>`` and ``webhook_body`` tell of ``awb``."""
        scan = {"date": ist_text(at), "status": f"X-{status_id}", "activity": activity or ACTIVITIES.get(status_id, "Scan"),
                "location": location, "sr-status": str(status_id),
                "sr-status-label": STATUS_LABELS.get(status_id, "NA")}
        with self._lock:
            self.tracking[awb].append(scan)
        return scan

    def count(self, step: str) -> int:
        with self._lock:
            return sum(1 for c in self.calls if c.step == step)

    def calls_to(self, step: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.step == step]

    # -- webhooks -------------------------------------------------------------------------
    def webhook_body(self, awb: str, status_id: int | None = None, *, at: dt.datetime | None = None,
                     activity: str | None = None, location: str = "Varanasi Hub", iso: bool = False) -> bytes:
        """The JSON Shiprocket POSTs for ``awb``: every scan so far, and as current status the
        scan ``status_id`` (queued first, at ``at``), else the last scan."""
        if status_id is not None:
            self.queue_tracking(awb, status_id, at=at, activity=activity, location=location)
        with self._lock:
            scans = [dict(s) for s in self.tracking.get(awb, [])]
            shipment = next((s for s in self.shipments.values() if s.get("awb") == awb), None)
        numbered = [s for s in scans if str(s.get("sr-status", "")).isdigit()]
        last = numbered[-1] if numbered else {"sr-status": "5", "sr-status-label": "MANIFEST GENERATED",
                                              "date": ist_text(), "location": location}
        when = dt.datetime.strptime(last["date"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=IST)
        body = {
            "awb": awb, "courier_name": shipment["courier_name"] if shipment else "Delhivery Surface",
            "current_status": last["sr-status-label"], "current_status_id": int(last["sr-status"]),
            "shipment_status": last["sr-status-label"], "shipment_status_id": int(last["sr-status"]),
            "current_timestamp": when.isoformat() if iso else ist_text(when, "%d %m %Y %H:%M:%S"),
            "order_id": shipment["channel_order_id"] if shipment else "", "sr_order_id": shipment["order_id"] if shipment else 0,
            "etd": ist_text(when + dt.timedelta(days=3)), "scans": scans, "is_return": 0, "location": last["location"],
        }
        return json.dumps(body).encode()

    def webhook_headers(self, secret: str | None = None) -> dict:
        return {"x-api-key": self.webhook_secret if secret is None else secret, "Content-Type": "application/json"}

    def push_webhook(self, url: str, awb: str, status_id: int | None = None, *, secret: str | None = None,
                     timeout: float = 10, **scan) -> requests.Response:
        """POST the tracking webhook for ``awb`` to ``url`` (e.g. a live server's
        ``/webhooks/courier/aggregator``), signed with the configured token unless ``secret``."""
        return requests.post(url, data=self.webhook_body(awb, status_id, **scan), headers=self.webhook_headers(secret),
                             timeout=timeout)

    # -- the protocol ---------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        adapter = self._map.bind_to_environ(environ)
        try:
            step, args = adapter.match()
        except Exception:  # an unknown path: 404 as JSON, as Shiprocket answers
            return self._json({"message": "Not found", "status_code": 404}, 404)(environ, start_response)
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip() or None
        body = request.get_json(silent=True) if request.method == "POST" else None
        call = Call(step=step, method=request.method, path=request.path, args=dict(request.args), json=body, token=token)
        with self._lock:
            self.calls.append(call)
            trouble = self._trouble[step].pop(0) if self._trouble.get(step) else None
        if trouble is not None and trouble.kind == "fail":
            response = self._json({"message": trouble.message, "status_code": trouble.status}, trouble.status)
        elif step not in ("login", "label_pdf") and token not in self.tokens:
            response = self._json({"message": "Token has expired", "status_code": 401}, 401)
        else:
            response = getattr(self, f"_{step}")(request, body, **args)
        call.status = response.status_code
        if trouble is not None and trouble.kind == "hang":
            self._stopping.wait(trouble.seconds)
        return response(environ, start_response)

    @staticmethod
    def _json(data, status: int = 200) -> Response:
        return Response(json.dumps(data), status=status, mimetype="application/json")

    def _login(self, request, body):
        body = body or {}
        if body.get("email") != self.email or body.get("password") != self.password:
            return self._json({"message": "Invalid email and password combination", "status_code": 401}, 401)
        token = f"fake-token-{uuid.uuid4().hex[:12]}"
        with self._lock:
            self.tokens.add(token)
        return self._json({"id": 1, "first_name": "API", "last_name": "User", "email": self.email,
                           "company_id": 1, "token": token})

    def _courier(self, courier_id) -> Courier | None:
        return next((c for c in self.couriers if str(c.courier_company_id) == str(courier_id)), None)

    def _rates(self, request, body):
        args = request.args
        missing = [k for k in ("pickup_postcode", "delivery_postcode", "weight", "cod") if not args.get(k)]
        if missing or not _number(args.get("weight")) or args.get("cod") not in ("0", "1"):
            return self._json({"message": "Oops! Invalid Data.", "errors": {k: [f"The {k} field is required."] for k in missing},
                               "status_code": 422}, 422)
        if self.serviceable_pins is not None and args["delivery_postcode"] not in self.serviceable_pins:
            return self._json({"status": 404, "message": "No courier serviceable for this pincode"}, 404)
        cod = args["cod"] == "1"
        companies = [{"courier_company_id": c.courier_company_id, "courier_name": c.courier_name,
                      "rate": c.rate + (c.cod_charges if cod else 0), "cod": 1, "freight_charge": c.rate,
                      "estimated_delivery_days": c.estimated_delivery_days, "etd": "",
                      "rating": 4.2} for c in self.couriers]
        return self._json({"status": 200, "data": {"available_courier_companies": companies}})

    def _addpickup(self, request, body):
        body = body if isinstance(body, dict) else {}
        need = ("pickup_location", "name", "phone", "address", "city", "state", "country", "pin_code")
        errors = {k: [f"The {k} field is required."] for k in need if body.get(k) in (None, "")}
        if errors:
            return self._json({"message": "Oops! Invalid Data.", "errors": errors, "status_code": 422}, 422)
        with self._lock:
            if body["pickup_location"] in self.pickup_locations:
                return self._json({"message": "Address nick name already in use", "status_code": 422}, 422)
            self.pickup_locations.add(body["pickup_location"])
            self.pickup_addresses[body["pickup_location"]] = body
        return self._json({"success": True, "address": body, "pickup_id": 7000 + len(self.pickup_addresses)})

    def _create_order(self, request, body):
        body = body if isinstance(body, dict) else {}
        errors = {k: [f"The {k} field is required."] for k in ORDER_FIELDS if body.get(k) in (None, "", [])}
        items = body.get("order_items") if isinstance(body.get("order_items"), list) else []
        if any(not (isinstance(i, dict) and i.get("name") and i.get("sku") and i.get("units")
                    and _number(i.get("selling_price"))) for i in items):
            errors["order_items"] = ["Each item needs a name, sku, units and selling_price."]
        for key in ("sub_total", "weight", "length", "breadth", "height"):
            if body.get(key) not in (None, "") and not _number(body[key]):
                errors[key] = [f"The {key} must be a number."]
        if body.get("payment_method") not in (None, "", "COD", "Prepaid"):
            errors["payment_method"] = ["The payment method must be COD or Prepaid."]
        if errors:
            return self._json({"message": "Oops! Invalid Data.", "errors": errors, "status_code": 422}, 422)
        if body["pickup_location"] not in self.pickup_locations:
            return self._json({"message": f"Wrong Pickup location entered. Please choose one location from data "
                                          f"given", "status_code": 422}, 422)
        with self._lock:
            order = self.orders.get(body["order_id"])
            if order is None:  # the same order_id again is the same order, as Shiprocket's
                order_id, shipment_id = 400000 + next(self._ids), 900000 + next(self._ids)
                order = self.orders[body["order_id"]] = {"order_id": order_id, "shipment_id": shipment_id,
                                                         "payload": body}
                self.shipments[shipment_id] = {"order_id": order_id, "channel_order_id": body["order_id"], "awb": None,
                                               "courier_name": None, "label_url": None, "pickups": 0}
        return self._json({"order_id": order["order_id"], "shipment_id": order["shipment_id"], "status": "NEW",
                           "status_code": 1, "onboarding_completed_now": 0, "awb_code": "", "courier_company_id": "",
                           "courier_name": ""})

    def _shipment(self, value) -> tuple[int | None, dict | None]:
        if isinstance(value, list):
            value = value[0] if len(value) == 1 else None
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None, None
        return number, self.shipments.get(number)

    def _awb(self, request, body):
        body = body if isinstance(body, dict) else {}
        number, shipment = self._shipment(body.get("shipment_id"))
        if shipment is None:
            return self._json({"message": "Invalid shipment id", "status_code": 400}, 400)
        with self._lock:
            if shipment["awb"]:
                return self._json({"awb_assign_status": 0, "response": {"data": {
                    "awb_assign_error": f"AWB is already assigned to shipment {number}"}}})
            courier = self._courier(body["courier_id"]) if body.get("courier_id") else min(self.couriers, key=lambda c: c.rate)
            if courier is None:
                return self._json({"awb_assign_status": 0, "response": {"data": {
                    "awb_assign_error": "Selected courier is not serviceable"}}})
            awb = f"{1904100000000 + next(self._awbs)}"
            shipment.update(awb=awb, courier_name=courier.courier_name, courier_company_id=courier.courier_company_id)
        return self._json({"awb_assign_status": 1, "response": {"data": {
            "courier_company_id": courier.courier_company_id, "awb_code": awb, "order_id": shipment["order_id"],
            "shipment_id": number, "courier_name": courier.courier_name, "freight_charges": courier.rate,
            "applied_weight": 0.5, "routing_code": "DEL/VNS"}}})

    def _label(self, request, body):
        body = body if isinstance(body, dict) else {}
        number, shipment = self._shipment(body.get("shipment_id"))
        if shipment is None or not shipment["awb"]:
            return self._json({"label_created": 0, "response": "AWB not assigned", "not_created": [number]})
        shipment["label_url"] = f"{self.base}/labels/{number}.pdf"
        return self._json({"label_created": 1, "label_url": shipment["label_url"],
                           "response": "Label has been created and uploaded successfully!", "not_created": []})

    def _label_pdf(self, request, body, shipment_id):
        if shipment_id not in self.shipments or not self.shipments[shipment_id]["label_url"]:
            return Response("no label", status=404)
        return Response(PDF, mimetype="application/pdf")

    def _pickup(self, request, body):
        body = body if isinstance(body, dict) else {}
        number, shipment = self._shipment(body.get("shipment_id"))
        if shipment is None or not shipment["awb"]:
            return self._json({"message": "AWB not assigned for this shipment", "status_code": 400}, 400)
        with self._lock:
            refusal = self._pickup_refusals.pop(0) if self._pickup_refusals else None
            if refusal is None:
                shipment["pickups"] += 1
        if refusal is not None:
            reason, status = refusal
            if status >= 400:
                return self._json({"message": reason, "status_code": status}, status)
            return self._json({"pickup_status": 0, "response": {"data": reason}})
        tomorrow = (dt.datetime.now(IST) + dt.timedelta(days=1)).replace(hour=11, minute=0, second=0)
        return self._json({"pickup_status": 1, "response": {
            "pickup_scheduled_date": ist_text(tomorrow), "pickup_token_number": f"Reference No: {194000 + number}",
            "status": 3, "others": "", "data": f"Pickup is confirmed by {shipment['courier_name']} For AWB :- {shipment['awb']}"}})

    def _track(self, request, body, awb):
        with self._lock:
            scans = [dict(s) for s in self.tracking.get(awb, [])]
        numbered = [s for s in scans if str(s.get("sr-status", "")).isdigit()]
        if not scans:
            return self._json({"tracking_data": {"track_status": 0, "shipment_status": 0, "shipment_track": [],
                                                 "shipment_track_activities": [],
                                                 "error": "Aahh! There is no activities found in our DB."}})
        return self._json({"tracking_data": {
            "track_status": 1, "shipment_status": int(numbered[-1]["sr-status"]) if numbered else 0,
            "shipment_track": [{"awb_code": awb, "current_status": numbered[-1].get("sr-status-label", "NA")
                                if numbered else "NA"}],
            "shipment_track_activities": list(reversed(scans)),  # newest first, as Shiprocket lists them
            "track_url": f"https://shiprocket.co/tracking/{awb}"}})
