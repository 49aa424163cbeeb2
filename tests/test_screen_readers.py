"""What a screen reader needs from the server's HTML (issue #16): form errors tied to their fields,
live regions for cart and search changes, a language switch that says where it leads, and text
in the other language marked with its ``lang``. The browser side (axe-core, the keyboard) is in
tests/e2e/."""
from __future__ import annotations

from html.parser import HTMLParser

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.extensions import db

HI = {"Accept-Language": "hi-IN,hi;q=0.9"}


class _Tags(HTMLParser):
    """Every start tag as (tag, attrs), and the text inside each element that has an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in ("input", "img", "br", "meta", "link", "hr"):
            self._open.append(attrs.get("id"))
            if attrs.get("id"):
                self.text_by_id.setdefault(attrs["id"], "")

    def handle_endtag(self, tag):
        if tag not in ("input", "img", "br", "meta", "link", "hr") and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id:
                self.text_by_id[element_id] += data


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def find(doc: _Tags, tag: str, **attrs) -> list[dict]:
    return [a for t, a in doc.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def described_by(doc: _Tags, attrs: dict) -> str:
    """The text a screen reader reads as the field's description (every id it names must exist)."""
    ids = (attrs.get("aria-describedby") or "").split()
    assert ids, f"no aria-describedby on {attrs}"
    missing = [i for i in ids if i not in doc.text_by_id]
    assert not missing, f"aria-describedby names ids not on the page: {missing}"
    return " ".join(" ".join(doc.text_by_id[i].split()) for i in ids)


# ------------------------------------------------------------------ form errors tied to their fields

def test_a_macro_field_error_is_the_fields_description(client):
    html = client.post("/account/register", data={"email": "not-an-address", "password": "x"}).get_data(as_text=True)
    doc = parse(html)
    (email,) = find(doc, "input", name="email")
    assert email.get("aria-invalid") == "true"
    assert "Enter a valid email address." in described_by(doc, email)


def test_a_field_with_a_hint_keeps_the_hint_when_it_has_an_error(app, login_as):
    client, _user = login_as(Role.BUYER)
    html = client.post("/checkout/address", data={"full_name": "Asha", "phone": "9876543210", "line1": "14 Gomti Nagar",
                                                  "city": "Lucknow", "district": "Lucknow", "state_code": "UP",
                                                  "pin_code": "12"}).get_data(as_text=True)
    doc = parse(html)
    (pin,) = find(doc, "input", name="pin_code")
    assert pin.get("aria-invalid") == "true"
    description = described_by(doc, pin)
    assert "Six digits, for example 221001" in description and len(description) > len("Six digits, for example 221001")


def test_a_cart_lines_problem_is_the_quantity_boxs_description(app, client, make_listing):
    listing = make_listing(stock=5)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": "4"})
    with app.app_context():
        db.session.get(Listing, listing.id).stock = 2
        db.session.commit()
    doc = parse(client.get("/cart").get_data(as_text=True))
    (quantity,) = find(doc, "input", id=f"qty-{listing.id}")
    assert quantity.get("aria-invalid") == "true"
    assert "Only 2 in stock." in described_by(doc, quantity)


def test_wrong_bulk_prices_are_the_tier_boxes_description(app, login_as, make_seller):
    from tests.catalog.test_catalog_listings import form_with_category

    client, user = login_as(Role.SELLER)
    seller = make_seller(user=user)
    data = form_with_category(app, seller, tier_price_0="19000")  # dearer than the unit price
    doc = parse(client.post("/seller/listings/new", data=data).get_data(as_text=True))
    boxes = find(doc, "input", name="tier_qty_0") + find(doc, "input", name="tier_price_0")
    assert len(boxes) == 2
    for box in boxes:
        assert box.get("aria-invalid") == "true"
        assert "get cheaper as the quantity grows" in described_by(doc, box)


# ------------------------------------------------------------------ live regions

def assert_live(doc: _Tags, cls: str) -> None:
    (region,) = [a for t, a in doc.tags if cls in (a.get("class") or "").split()]
    assert region.get("aria-live") == "polite" and region.get("role") == "status"


def test_cart_changes_are_announced_in_a_live_region(client, make_listing):
    listing = make_listing(stock=5)
    html = client.post("/cart/add", data={"listing_id": listing.id, "quantity": "1"}, follow_redirects=True).get_data(as_text=True)
    doc = parse(html)
    assert_live(doc, "flashes")
    assert "Added to your cart." in html.split('class="flashes"', 1)[1].split("</div>", 1)[0]
    assert_live(doc, "cart-total")

    html = client.post("/cart/update", data={"listing_id": listing.id, "quantity": "3"}, follow_redirects=True).get_data(as_text=True)
    assert "Your cart is updated." in html.split('class="flashes"', 1)[1].split("</div>", 1)[0]

    hindi = client.post("/cart/update", data={"listing_id": listing.id, "quantity": "2"}, headers=HI,
                        follow_redirects=True).get_data(as_text=True)
    assert "आपकी टोकरी अपडेट हो गई।" in hindi


def test_the_number_of_search_results_is_a_live_region(client):
    html = client.get("/search?q=saree").get_data(as_text=True)
    doc = parse(html)
    (count,) = [a for t, a in doc.tags if "search-count" in (a.get("class") or "").split()]
    assert count.get("aria-live") == "polite" and count.get("role") == "status"
    assert "products" in html.split('class="search-count"', 1)[1].split("</small>", 1)[0]


# ------------------------------------------------------------------ the language switch and lang

def test_the_visitors_language_links_say_where_they_lead_in_that_language(client):
    for headers in ({}, HI):
        doc = parse(client.get("/", headers=headers).get_data(as_text=True))
        (hindi,) = find(doc, "a", hreflang="hi")
        (english,) = find(doc, "a", hreflang="en")
        assert hindi["lang"] == "hi" and hindi["aria-label"] == "हिंदी में देखें"
        assert english["lang"] == "en" and english["aria-label"] == "View in English"


def test_the_signed_in_language_buttons_say_where_they_lead(login_as):
    client, _user = login_as(Role.BUYER)
    doc = parse(client.get("/").get_data(as_text=True))
    (hindi,) = find(doc, "button", name="lang", value="hi")
    (english,) = find(doc, "button", name="lang", value="en")
    assert hindi["lang"] == "hi" and hindi["aria-label"] == "हिंदी में देखें"
    assert english["lang"] == "en" and english["aria-label"] == "View in English"


def test_the_other_languages_name_carries_its_lang(client, make_listing):
    listing = make_listing(title_en="Red Banarasi silk saree", title_hi="लाल बनारसी रेशमी साड़ी")
    seller = listing.seller
    english = client.get(f"/products/{listing.slug}").get_data(as_text=True)
    assert '<html lang="en">' in english and 'lang="hi">लाल बनारसी रेशमी साड़ी</p>' in english
    hindi = client.get(f"/products/{listing.slug}", headers=HI).get_data(as_text=True)
    assert '<html lang="hi">' in hindi and 'lang="en">Red Banarasi silk saree</p>' in hindi

    english = client.get(f"/sellers/{seller.slug}").get_data(as_text=True)
    assert f'lang="hi">{seller.enterprise_name_hi}</p>' in english
    hindi = client.get(f"/sellers/{seller.slug}", headers=HI).get_data(as_text=True)
    assert f'lang="en">{seller.enterprise_name_en}</p>' in hindi
