"""Every page of the journeys, rendered in Hindi for the role that uses it, shows no raw code and
no English UI label (issue 17.6).

Hindi readers met ``order_cancelled`` and ``rest_of_india`` on the claims page, ``claim.approve``
in the audit filter, "cash on delivery" after a Hindi status, English district names on the meets,
English titles on the invoice and only the English story on the seller review page. This builds one
world (a delivered and a cancelled cash-on-delivery order with their subsidy claims, a verified
seller, a scheduled meet with leads, a helpdesk question, audit entries), signs everybody in with
Hindi as their language, and reads the visible text of each page (tags, attributes, scripts and
styles removed) for:

(a) a known code as a whole word: the value of every user-facing enum, the audit action codes and
    the subsidy and claim reason codes;
(b) an English message id of the catalogue (two or more words) left verbatim in the page;
(c) a time on the 12-hour clock ("2:02 pm");
(d) the English half of a bilingual field (``title_en``, ``name_en``, ``enterprise_name_en``,
    ``story_en``) whose Hindi half exists.

Proper names and what users typed (every other text stored in the database) are allowed: they
are removed from the text before (a) and (b); the notes the system itself stores in English
(``orders.labels.SYSTEM_NOTES``) are not. Text in ``<code>`` (literal file columns, the audit log's
raw before/after record) and in an element marked ``lang="en"`` is English on purpose. The claims
CSV carries the English and the Hindi enterprise name in two named columns, so (d) skips it.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import String, Text, select, update

from marketplace.accounts.models import Role, User
from marketplace.admin.models import HelpQuestion
from marketplace.admin.periods import Month
from marketplace.buyers.models import Lead, Samagam
from marketplace.catalog.models import Seller
from marketplace.extensions import db
from marketplace.orders.models import SubOrder
from marketplace.orders.labels import SYSTEM_NOTES
from tests.buyers.quote_world import build_deal
from tests.fixtures.accounts import sign_in_directly
from tests.test_enum_labels import KNOWN_CODES

ROOT = Path(__file__).resolve().parent.parent


def _catalogue():
    with open(ROOT / "translations/hi/LC_MESSAGES/messages.po", "rb") as handle:
        return [m for m in read_po(handle) if m.id]


def _english_phrases() -> set[str]:
    """Fragments (2+ words, split at placeholders) of the English msgids whose Hindi translation
    does not keep them verbatim (a Hindi text that keeps "UPI ID" or "GSTIN" allows it)."""
    phrases = set()
    for message in _catalogue():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        hindi = " ".join(s or "" for s in strings)
        for msgid in ids:
            for part in re.split(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{[^}]*\}", msgid):
                part = re.sub(r"\s+", " ", part).strip(" .,:;—–-()·/|?!\"'…")
                words = re.findall(r"[A-Za-z][A-Za-z']*", part)
                if len(words) < 2 or part in hindi:
                    continue
                phrases.add(part)
    return phrases


ENGLISH = _english_phrases()


def visible_text(page: str) -> str:
    """The text a reader sees: no scripts, styles, comments, tags or attributes; entities decoded."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    # what a form field holds is the user's own typing, in whichever language the field is for
    page = re.sub(r"(?is)(<textarea\b[^>]*>).*?</textarea>", r"\1", page)
    # <code>: literal values a user types into a file (CSV columns); the audit log's raw record
    page = re.sub(r"(?is)<code\b[^>]*>.*?</code>", " ", page)
    # an element marked lang="en" is English on purpose (the other-language name under a title)
    page = re.sub(r'(?is)<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page)).strip()


AS_TYPED_COLUMNS = {"address", "city", "district", "line1", "line2", "ship_city", "ship_district", "ship_line1",
                   "ship_line2", "seller_address", "summary"}


def _data_strings(app) -> tuple[list[str], list[str]]:
    """(allowed, english): every stored text that is somebody's name or typing (allowed), and the
    English halves of bilingual fields whose Hindi half is filled in and differs (must not show).
    A stored copy of an English name elsewhere (the 2019 meets' venue) is still that English name,
    but an address or a frozen audit summary is kept as typed."""
    allowed, english, as_typed = set(), set(), set()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            text_columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            if not text_columns:
                continue
            names = {c.name for c in text_columns}
            for row in db.session.execute(select(*text_columns)).mappings():
                for column, value in row.items():
                    if not value or not isinstance(value, str):
                        continue
                    if column.endswith("_en") and column[:-3] + "_hi" in names:
                        hindi = row.get(column[:-3] + "_hi")
                        if hindi and hindi != value:
                            english.add(value.strip())
                            continue
                    if column.endswith("_hi"):
                        continue
                    if value in KNOWN_CODES or value in SYSTEM_NOTES or len(value) < 3:
                        continue
                    allowed.add(value.strip())
                    if column in AS_TYPED_COLUMNS:
                        as_typed.add(value.strip())
                    allowed.update(line.strip() for line in value.splitlines() if len(line.strip()) >= 3)
    english -= as_typed
    allowed -= english
    return sorted(allowed, key=len, reverse=True), sorted(english, key=len, reverse=True)


ENGLISH_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(p) for p in sorted(ENGLISH, key=len, reverse=True))
                        + r")(?![A-Za-z])", re.IGNORECASE)
CODES_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(c) for c in sorted(KNOWN_CODES, key=len, reverse=True))
                      + r")(?![\w]|\.\w)")
TIME_RE = re.compile(r"\d(?::\d\d)+ ?(?:[ap]m|[AP]M)\b")


def problems(text: str, allowed: list[str], english: list[str]) -> list[str]:
    found = [f"English field value {value!r}" for value in english
             if value in text and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text)]
    for value in allowed:
        text = text.replace(value, " ")
    found += [f"code {code!r}" for code in sorted(set(CODES_RE.findall(text)))]
    found += [f"12-hour time {m!r}" for m in sorted(set(TIME_RE.findall(text)))]
    found += [f"English {phrase!r}" for phrase in sorted(set(ENGLISH_RE.findall(text)))]
    return found


# --------------------------------------------------------------------------- the world


@pytest.fixture
def world(app, make_meet, make_seller, make_listing, make_user, make_officer, subsidy_policy, buy,
          deliver_suborder, make_question, staff_client):
    from marketplace.buyers import meets, timetable
    from marketplace.orders import fulfilment

    from marketplace.buyers.demo import load_past_meets

    w = build_deal(app, make_meet, make_seller, make_listing, make_user)
    with app.app_context():
        load_past_meets()
    organiser = make_officer("varanasi")
    cell = make_user(role=Role.ADMIN, locale="hi")
    pending = make_seller("varanasi", status="pending", story_en="We weave silk.", story_hi="हम रेशम बुनते हैं।")
    with app.app_context():
        db.session.execute(update(Seller).where(Seller.id == w.seller.id).values(
            story_en="Three generations of weavers.", story_hi="बुनकरों की तीन पीढ़ियाँ।", city="Varanasi",
            address="12 Madanpura", phone="9876543210"))
        db.session.commit()
    delivered = buy(w.buyer, [(w.listing, 5)])
    deliver_suborder(delivered.suborders[0].id)
    cancelled = buy(w.buyer, [(w.second, 1)], address=None)
    with app.app_context():
        fulfilment.move(cancelled.suborders[0].id, "cancelled", actor="buyer", user_id=w.buyer.id,
                        reason="Ordered twice")
    third = buy(w.other_buyer, [(w.listing, 5)])
    deliver_suborder(third.suborders[0].id)
    make_question(asker=w.seller_user)
    officer_client = staff_client(organiser)
    with app.app_context():
        from marketplace.orders.models import SubsidyClaim

        claim_ids = [c.id for c in db.session.scalars(select(SubsidyClaim).order_by(SubsidyClaim.id))]
    officer_client.post("/admin/claims/decide", data={"claim_ids": claim_ids[:1], "action": "approve"})
    officer_client.post(f"/admin/sellers/{pending.id}/verify")
    with app.app_context():
        meets.register(w.meet.id, db.session.get(User, w.buyer.id))
        meets.register(w.meet.id, w.seller_user)
        meets.run_matching(db.session.get(User, organiser.id), w.meet.id)
        timetable.build_timetable(db.session.get(User, organiser.id), w.meet.id)
        timetable.publish_timetable(db.session.get(User, organiser.id), w.meet.id)
        db.session.execute(update(User).values(locale="hi"))
        db.session.commit()
        question = db.session.scalar(select(HelpQuestion.id))
        lead = db.session.scalar(select(Lead.id).where(Lead.seller_id == w.seller.id))
        seller_slug = db.session.get(Seller, w.seller.id).slug
        district_slug = db.session.get(Seller, w.seller.id).district.slug
        sub = db.session.get(SubOrder, delivered.suborders[0].id)
        from marketplace.orders import grievances

        ticket = grievances.open_ticket(w.buyer.id, delivered.id, category="damaged", subject="साड़ी फटी हुई आई",
                                        text="पार्सल खोला तो किनारी फटी हुई थी।")
        grievances.post_message(ticket.id, w.seller_user, "माफ़ कीजिए, नई साड़ी भेज रहे हैं।")
    w.ticket = ticket.id
    w.organiser, w.cell, w.pending = organiser, cell, pending
    w.order, w.sub, w.question, w.lead_id = delivered, sub.id, question, lead
    w.seller_slug, w.district_slug = seller_slug, district_slug
    return w


def _pages(w):
    month = Month.current().key
    meet = w.meet.id
    return {
        "anonymous": [],
        "buyer": [
            "/", f"/districts/{w.district_slug}", f"/products/{w.listing.slug}", f"/sellers/{w.seller_slug}",
            "/search?q=saree", "/districts", "/categories", "/meets/", f"/meets/{meet}", f"/meets/{meet}/mine",
            f"/meets/{meet}/mine/print", "/meets/leads", "/orders", f"/orders/{w.order.id}",
            f"/orders/{w.order.id}/suborders/{w.sub}/invoice", "/checkout", "/cart", "/notifications/",
            "/schemes", "/terms", "/privacy", "/cancellation-and-refunds", "/returns", "/grievance-officer",
            "/complaints", f"/orders/{w.order.id}/complaint", f"/complaints/{w.ticket}",
        ],
        "seller": [
            "/seller/", "/seller/orders/", f"/seller/orders/{w.sub}", f"/seller/orders/{w.sub}/invoice",
            f"/seller/orders/{w.sub}/packing-slip", f"/seller/orders/{w.sub}/label", "/seller/profile", "/seller/listings/new",
            f"/seller/listings/{w.listing.id}/edit", f"/meets/{meet}/mine", "/meets/leads", "/help",
            "/seller/complaints", f"/seller/complaints/{w.ticket}",
        ],
        "organiser": [
            "/admin/", f"/admin/?month={month}", "/admin/claims", f"/admin/claims?month={month}",
            f"/admin/claims.csv?month={month}", "/admin/audit", "/admin/sellers", "/admin/sellers?status=verified",
            f"/admin/sellers/{w.pending.id}", f"/admin/sellers/{w.seller.id}", "/admin/statement",
            "/admin/freight-rates", "/admin/helpdesk", f"/admin/helpdesk/{w.question}", "/admin/orders",
            f"/admin/orders/{w.sub}", "/meets/manage/", f"/meets/manage/{meet}", f"/meets/manage/{meet}/timetable",
            f"/meets/manage/{meet}/checkin", f"/meets/manage/{meet}/dashboard",
            f"/meets/manage/{meet}/print/participants", f"/meets/manage/{meet}/print/tables",
            "/meets/manage/new", "/admin/orders/complaints", f"/admin/orders/complaints/{w.ticket}",
        ],
        # (/admin/reference is where the cell edits both languages of every name: not a Hindi page)
        "admin": ["/admin/policy", "/admin/claims", "/admin/audit"],
    }


def test_every_journey_page_is_hindi_without_codes_or_english_labels(app, world):
    w = world
    users = {"buyer": w.buyer, "seller": w.seller_user, "organiser": w.organiser, "admin": w.cell}
    allowed, english = _data_strings(app)
    failures = []
    for role, urls in _pages(w).items():
        if role == "anonymous":
            continue
        client = app.test_client()
        sign_in_directly(app, client, users[role])
        if role == "buyer":
            client.post("/cart/add", data={"listing_id": w.listing.id, "quantity": 5})
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, f"{role} {url}: {response.status_code}"
            body = response.get_data(as_text=True)
            text = body if ".csv" in url else visible_text(body)
            found = problems(text, allowed, [] if ".csv" in url else english)
            if found:
                failures.append(f"{role} {url}: " + "; ".join(found))
    assert failures == [], "\n".join(failures)

