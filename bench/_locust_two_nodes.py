"""Locust users of ``bench/two_nodes.py`` (not a benchmark of its own: the leading underscore
keeps ``make bench`` from running it as a script).

Run by two_nodes.py as ``python -m locust -f bench/_locust_two_nodes.py --headless ...`` with
``BENCH_TWO_NODES_DATA`` naming the JSON file two_nodes.py wrote (nodes, buyers, listings,
districts) and ``BENCH_TWO_NODES_STATS`` the JSON file this writes at the end (each request type's figures,
requests and failures per node, signed-in requests answered by the node that did not sign the
buyer in); ``BENCH_TWO_NODES_WAIT`` is "min,max" seconds between a user's tasks, ``BENCH_TWO_NODES_MIX``
the weights of visitors, buyers and customers ("5,3,2").

No sticky sessions: every user sends each request to the next node in turn (users start on
alternate nodes), as a round-robin load balancer would, so a buyer signs in on one node and
adds to the cart, checks out and sees the order on either.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import quote, urlsplit

from locust import HttpUser, between, events, task

DATA = json.loads(Path(os.environ["BENCH_TWO_NODES_DATA"]).read_text(encoding="utf-8"))
NODES: list[dict] = DATA["nodes"]  # [{"name": "A", "url": "http://127.0.0.1:5101"}, ...]
NODE_OF_PORT = {urlsplit(n["url"]).port: n["name"] for n in NODES}
PASSWORD: str = DATA["password"]

SEARCH_EN = ["banarasi saree", "chikan kurti", "moradabad brass", "attar kannauj", "kaleen", "wooden toys",
             "saree under 5000", "silk dupatta"]
SEARCH_HI = ["बनारसी साड़ी", "चिकन कुर्ती", "पीतल", "इत्र", "कालीन", "लकड़ी के खिलौने", "साड़ी 5000 से कम",
             "रेशमी दुपट्टा"]

SIGNED_IN_MARK = 'action="/account/logout"'
ORDER_PAGE = re.compile(r"/orders/\d+$")
FLASH_ERROR = re.compile(r'class="flash flash-error">([^<]*)<')

# weights of Visitor, Buyer and Customer ("5,3,2"); a 0 leaves that kind of user out
MIX = [int(x) for x in os.environ.get("BENCH_TWO_NODES_MIX", "5,3,2").split(",")]

_users = itertools.count()
_buyers = itertools.count()
per_node: dict[str, dict] = {n["name"]: {"requests": 0, "failures": 0} for n in NODES}
cross_node = {"signed_in_requests": 0, "failures": 0}
page_cache = {"hit": 0, "miss": 0, "none": 0}  # visitors' pages, by X-Page-Cache


# Production cookies are ``Secure``; the nodes are reached over plain HTTP on loopback (a TLS
# proxy would sit in front in production), so this client sends them over http:// too. Patched on
# the class: requests copies the session's cookies into a new jar (default policy) per request.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


def answer(r) -> str:
    """"HTTP 500", or why there was no answer at all (locust reports those as status 0)."""
    return f"HTTP {r.status_code}" if r.status_code else f"no answer ({r.error!r})"[:200]


def field(html: str, name: str) -> str | None:
    m = (re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
         or re.search(rf'value="([^"]*)"[^>]*name="{name}"', html))
    return m.group(1) if m else None


@events.request.add_listener
def _count_per_node(request_type, name, response_time, response_length, exception=None, url=None, response=None,
                    **_kw):
    node = NODE_OF_PORT.get(urlsplit(url or "").port, "?") if url else "?"
    stats = per_node.setdefault(node, {"requests": 0, "failures": 0})
    stats["requests"] += 1
    if exception is not None:
        stats["failures"] += 1
    if name.startswith("visitor:") and "page" in name and response is not None:
        state = response.headers.get("X-Page-Cache", "none")
        page_cache[state if state in page_cache else "none"] += 1


def _entry(entry) -> dict:
    return {"name": entry.name, "method": entry.method, "requests": entry.num_requests,
            "failures": entry.num_failures, "rps": entry.total_rps,
            **{f"p{p}": entry.get_response_time_percentile(p / 100) if entry.num_requests else None
               for p in (50, 95, 99)},
            "max": entry.max_response_time if entry.num_requests else None}


@events.quitting.add_listener
def _write_stats(environment, **_kw):
    """Every figure two_nodes.py reports, taken at one moment once the users stopped (the CSV
    files locust writes every second may miss the last tasks)."""
    target = os.environ.get("BENCH_TWO_NODES_STATS")
    if not target:
        return
    stats = environment.stats
    Path(target).write_text(json.dumps({
        "entries": [_entry(e) for e in sorted(stats.entries.values(), key=lambda e: e.name)],
        "total": _entry(stats.total),
        "errors": [{"method": e.method, "name": e.name, "error": str(e.error), "occurrences": e.occurrences}
                   for e in stats.errors.values()],
        "per_node": per_node, "cross_node": cross_node, "page_cache": page_cache,
    }, ensure_ascii=False), encoding="utf-8")


class Shopper(HttpUser):
    """Common to every user: the round-robin choice of node."""

    abstract = True
    wait_time = between(*(float(x) for x in os.environ.get("BENCH_TWO_NODES_WAIT", "0.2,1.0").split(",")))
    host = NODES[0]["url"]

    def on_start(self) -> None:
        self._turn = itertools.count(next(_users))

    def node(self) -> dict:
        return NODES[next(self._turn) % len(NODES)]

    def get(self, path: str, name: str, **kwargs):
        node = self.node()
        return node, self.client.get(node["url"] + path, name=name, catch_response=True, **kwargs)

    def post(self, path: str, data: dict, name: str, **kwargs):
        node = self.node()
        return node, self.client.post(node["url"] + path, data=data, name=name, catch_response=True, **kwargs)


class Visitor(Shopper):
    """Anonymous: the home page, districts, products, the search page and the search API."""

    weight = MIX[0]

    def page(self, path: str, name: str) -> None:
        _node, response = self.get(path, name)
        with response as r:
            if r.status_code != 200:
                r.failure(answer(r))

    @task(2)
    def home(self):
        self.page("/", "visitor: home")

    @task(2)
    def district(self):
        self.page(f"/districts/{random.choice(DATA['districts'])}", "visitor: district page")

    @task(3)
    def product(self):
        self.page(f"/products/{random.choice(DATA['products'])}", "visitor: product page")

    @task(2)
    def search_en(self):
        self.page(f"/search?q={quote(random.choice(SEARCH_EN))}", "visitor: search page (English)")

    @task(2)
    def search_hi(self):
        self.page(f"/search?q={quote(random.choice(SEARCH_HI))}", "visitor: search page (Hindi)")

    @task(2)
    def search_api(self):
        q = random.choice(SEARCH_EN + SEARCH_HI)
        _node, response = self.get(f"/api/v1/search?q={quote(q)}", "visitor: search API")
        with response as r:
            try:
                body = r.json()
            except ValueError:
                body = None
            if r.status_code != 200 or not isinstance(body, dict) or "total" not in body:
                r.failure(f"{answer(r)}, no search result JSON")


class Buyer(Shopper):
    """A signed-in buyer: product pages, adding to the cart, the cart page (never checks out)."""

    weight = MIX[1]

    def on_start(self) -> None:
        super().on_start()
        self.email = DATA["buyers"][next(_buyers) % len(DATA["buyers"])]
        self.signed_in_on: str | None = None
        self.sign_in()

    def sign_in(self) -> None:
        _node, response = self.get("/account/login", "buyer: sign-in page")
        with response as r:
            token = field(r.text, "csrf_token")
            if r.status_code != 200 or not token:
                r.failure(f"{answer(r)}, no sign-in form")
                return
        node, response = self.post("/account/login", {"csrf_token": token, "email": self.email,
                                                      "password": PASSWORD, "next": ""}, "buyer: sign in")
        with response as r:
            if r.status_code != 200 or SIGNED_IN_MARK not in r.text:
                r.failure(f"{answer(r)}, not signed in after POST /account/login")
                return
        self.signed_in_on = node["name"]

    def signed_in_page(self, r, node: dict) -> bool:
        """Fail ``r`` unless it is a 200 page of a signed-in buyer; counts the pages answered by
        the node the buyer did not sign in on (sessions must work there too)."""
        other = self.signed_in_on is not None and node["name"] != self.signed_in_on
        if other:
            cross_node["signed_in_requests"] += 1
        if r.status_code != 200:
            r.failure(answer(r))
        elif SIGNED_IN_MARK not in r.text:
            r.failure(f"signed out on node {node['name']} (signed in on {self.signed_in_on}): session not honoured")
        else:
            return True
        if other:
            cross_node["failures"] += 1
        return False

    def product_token(self) -> tuple[dict, str | None]:
        listing = random.choice(DATA["buy"])
        node, response = self.get(f"/products/{listing['slug']}", "buyer: product page (signed in)")
        with response as r:
            token = None
            if self.signed_in_page(r, node):
                token = field(r.text, "csrf_token")
                if not token:
                    r.failure("no CSRF token on the product page")
        return listing, token

    def add_to_cart(self) -> bool:
        listing, token = self.product_token()
        if not token:
            return False
        node, response = self.post("/cart/add", {"csrf_token": token, "listing_id": listing["id"], "quantity": 1,
                                                 "next": ""}, "buyer: add to cart")
        with response as r:
            if not self.signed_in_page(r, node):
                return False
            errors = FLASH_ERROR.findall(r.text)
            if errors or not urlsplit(r.url).path.endswith("/cart"):
                r.failure(f"not added: {errors[:1] or r.url}")
                return False
        return True

    def cart_page(self) -> None:
        node, response = self.get("/cart", "buyer: cart page")
        with response as r:
            self.signed_in_page(r, node)

    @task(3)
    def browse(self):
        if self.signed_in_on is None:
            return self.sign_in()
        self.product_token()

    @task(2)
    def add(self):
        if self.signed_in_on is None:
            return self.sign_in()
        self.add_to_cart()

    @task(2)
    def cart(self):
        if self.signed_in_on is None:
            return self.sign_in()
        self.cart_page()


class Customer(Buyer):
    """A buyer who checks out each time: product page, add to cart, cart page, checkout page,
    place the order (cash on delivery), ending on the order's confirmation page."""

    weight = MIX[2]

    @task
    def checkout(self):
        if self.signed_in_on is None:
            return self.sign_in()
        if not self.add_to_cart():
            return
        self.cart_page()
        node, response = self.get("/checkout", "checkout: checkout page")
        with response as r:
            if not self.signed_in_page(r, node):
                return
            form = {name: field(r.text, name) for name in
                    ("csrf_token", "address_id", "checkout_token", "expected_charges_paise")}
            if not urlsplit(r.url).path.endswith("/checkout") or None in form.values():
                r.failure(f"no checkout form (at {urlsplit(r.url).path}: {FLASH_ERROR.findall(r.text)[:1]})")
                return
        node, response = self.post("/checkout", form | {"payment_method": "cod"}, "checkout: place order (COD)")
        with response as r:
            if not self.signed_in_page(r, node):
                return
            if not ORDER_PAGE.search(urlsplit(r.url).path):
                r.failure(f"no order confirmation page (at {urlsplit(r.url).path}: {FLASH_ERROR.findall(r.text)[:1]})")

    # the inherited browse/add/cart tasks are not this user's: only the whole journey
    tasks = [checkout]
