"""Proof of delivery behind a freight-subsidy claim (issue #13.5): a claim is approvable only
when the courier's tracking confirmed the delivery or an officer confirmed it by hand with a
reason and a proof file; the seller's word alone is not enough."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from marketplace.accounts.models import Role
from marketplace.admin.models import AuditEntry
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.orders import fulfilment
from marketplace.orders.models import OrderStatusChange, SubOrder, SubsidyClaim
from marketplace.orders.shipping import service as shipping
from marketplace.orders.shipping.carriers import TrackingCode, TrackingUpdate
from marketplace.orders.states import Actor
from tests.fixtures.accounts import sign_in_directly
from tests.fixtures.object_storage import PREFIX

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REASON = "Buyer's signed receipt checked at the DIC office"


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def world(app, subsidy_policy, make_user, make_seller, make_listing, buy, deliver_suborder):
    """Varanasi claims: delivered with the courier's proof, delivered on the seller's word,
    shipped and lost by the tracking, and (another seller's) only confirmed, not shipped; an Agra
    seller with one claim delivered on the seller's word."""
    seller = make_seller("varanasi", enterprise_name_en="Kashi Silk House")
    listing = make_listing(seller=seller, stock=50)
    # a seller opens at most three claims a year: the fourth Varanasi order is another seller's
    other = make_listing(seller=make_seller("varanasi", enterprise_name_en="Ganga Weavers"), stock=50)
    agra = make_seller("agra", enterprise_name_en="Taj Leather Works")
    agra_listing = make_listing(seller=agra, stock=50)
    buyer = make_user(role=Role.BUYER)
    carrier, word, shipped = (buy(buyer, [(listing, 1)]).suborders[0].id for _ in range(3))
    waiting = buy(buyer, [(other, 1)]).suborders[0].id
    agra_word = buy(buyer, [(agra_listing, 1)]).suborders[0].id
    deliver_suborder(carrier)
    deliver_suborder(word, proof=None)
    deliver_suborder(agra_word, proof=None)
    with app.app_context():
        sub = db.session.get(SubOrder, shipped)
        user_id, seller_id = sub.seller.user_id, sub.seller_id
        fulfilment.move(shipped, "accepted", actor=Actor.SELLER, user_id=user_id, seller_id=seller_id)
        shipping.ship_by_hand(shipped, seller_id=seller_id, user_id=user_id, carrier_name="India Post",
                              tracking_number=f"EE{shipped:08d}0IN")
        claims = {c.suborder_id: c.id for c in db.session.scalars(select(SubsidyClaim))}
    assert len(claims) == 5
    return {"carrier": carrier, "word": word, "shipped": shipped, "waiting": waiting, "agra": agra_word,
            "claims": claims, "buyer": buyer, "seller": seller}


def _sub(app, suborder_id) -> SubOrder:
    with app.app_context():
        return db.session.get(SubOrder, suborder_id)


def _proof_files(app) -> list[Path]:
    root = Path(app.config["PROOF_DIR"])
    return sorted(root.iterdir()) if root.exists() else []


def _confirm(client, suborder_id, reason=REASON, data=None, name="receipt.png", content_type="image/png"):
    form = {"reason": reason}
    if data is not None:
        form["proof"] = (io.BytesIO(data), name, content_type)
    # built by hand so that the request body (spooled to a temporary file when large) is closed
    builder = EnvironBuilder(path=f"/admin/deliveries/{suborder_id}/confirm", method="POST", data=form,
                             content_type="multipart/form-data")
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def _approve(client, claim_id):
    return client.post("/admin/claims/decide", data={"claim_ids": [claim_id], "action": "approve"},
                       follow_redirects=True)


def test_seller_word_alone_is_not_approvable_and_the_reason_is_shown(app, world, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    response = _approve(client, world["claims"][world["word"]])
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The seller&#39;s word alone is not enough" in page or "The seller's word alone is not enough" in page
    with app.app_context():
        assert db.session.get(SubsidyClaim, world["claims"][world["word"]]).status == "claimed"
    assert _approve(client, world["claims"][world["carrier"]]).status_code == 200
    with app.app_context():
        assert db.session.get(SubsidyClaim, world["claims"][world["carrier"]]).status == "approved"


@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_officer_confirms_by_hand_with_a_photo_or_a_pdf_and_the_claim_becomes_approvable(
        app, world, make_officer, staff_client, kind):
    officer = make_officer("varanasi", locale="en")
    client = staff_client(officer)
    data, name = (png_bytes(), "receipt.png") if kind == "png" else (PDF, "receipt.pdf")
    with app.app_context():
        last_note = db.session.scalar(select(Notification.id).order_by(Notification.id.desc()).limit(1)) or 0
    response = _confirm(client, world["word"], data=data, name=name)
    assert response.status_code == 302 and "/admin/claims" in response.headers["Location"]
    sub = _sub(app, world["word"])
    assert (sub.delivery_proof, sub.delivery_proof_by_id, sub.delivery_proof_note) == ("officer", officer.id, REASON)
    assert sub.delivery_proof_at is not None
    files = _proof_files(app)
    assert [f.name for f in files] == [sub.delivery_proof_file]
    assert "receipt" not in sub.delivery_proof_file and sub.delivery_proof_file.endswith(".pdf" if kind == "pdf" else ".jpg")
    if kind == "pdf":
        assert files[0].read_bytes() == PDF
    else:  # re-encoded by the photo checks
        assert files[0].read_bytes()[:3] == b"\xff\xd8\xff"
    with app.app_context():  # the buyer and the seller are not told
        assert not db.session.scalars(select(Notification).where(Notification.id > last_note)).all()
    _approve(client, world["claims"][world["word"]])
    with app.app_context():
        assert db.session.get(SubsidyClaim, world["claims"][world["word"]]).status == "approved"


def test_confirmation_is_audited_with_who_which_and_why(app, world, make_officer, staff_client):
    officer = make_officer("varanasi", locale="en")
    _confirm(staff_client(officer), world["word"], data=png_bytes())
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "delivery.confirmed_by_hand"))
        sub = db.session.get(SubOrder, world["word"])
        assert (entry.actor_id, entry.object_type, entry.object_id) == (officer.id, "suborders", world["word"])
        assert entry.district_id == sub.seller.district_id
        assert REASON in entry.summary and entry.after["reason"] == REASON
        assert entry.after["delivery_proof"] == "officer" and entry.before["delivery_proof"] is None
        assert "receipt.png" in entry.after["proof_file"]
    page = staff_client(officer).get("/admin/audit").get_data(as_text=True)
    assert "Delivery confirmed by an officer" in page


def test_shipped_parcel_lost_by_tracking_is_delivered_by_the_confirmation(app, world, cell_admin, staff_client):
    response = _confirm(staff_client(cell_admin), world["shipped"], data=PDF, name="pod.pdf")
    assert response.status_code == 302
    sub = _sub(app, world["shipped"])
    assert (sub.status, sub.delivery_proof) == ("delivered", "officer")
    with app.app_context():
        last = db.session.scalar(select(OrderStatusChange).where(OrderStatusChange.suborder_id == sub.id)
                                 .order_by(OrderStatusChange.id.desc()).limit(1))
        assert (last.to_status, last.actor_role, last.actor_id, last.note) == ("delivered", "admin", cell_admin.id, REASON)


def test_not_yet_shipped_or_already_proven_is_refused(app, world, cell_admin, staff_client):
    client = staff_client(cell_admin)
    for suborder_id in (world["waiting"], world["carrier"]):
        response = _confirm(client, suborder_id, data=png_bytes())
        assert response.status_code == 400
    assert _sub(app, world["waiting"]).delivery_proof is None
    assert _sub(app, world["carrier"]).delivery_proof == "carrier"
    assert _proof_files(app) == []


BAD_INPUT = [
    ("no reason", "", png_bytes(), "Give the reason for confirming the delivery by hand"),
    ("short reason", "ok", png_bytes(), "Give the reason for confirming the delivery by hand"),
    ("10,000-character reason", "x" * 10_000, png_bytes(), "Give the reason for confirming the delivery by hand"),
    # refused for every form by the app's own rule, before the view
    ("NUL byte in the reason", "Seen the\x00 receipt", png_bytes(), "invisible control characters"),
    ("no file", REASON, None, "Attach the proof of delivery"),
    ("empty file", REASON, b"", "Attach the proof of delivery"),
    ("a program renamed .png", REASON, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "whatever its name says"),
    ("an HTML page", REASON, b"<!doctype html><html><script>alert(1)</script></html>", "whatever its name says"),
    ("6 MB", REASON, b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024), "larger than 5 MB"),
    ("a damaged PNG", REASON, png_bytes()[:40], "could not be read"),
]


@pytest.mark.parametrize("case, reason, data, message", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_reason_or_file_gets_a_form_error_and_changes_nothing(app, world, make_officer, staff_client,
                                                                  case, reason, data, message):
    client = staff_client(make_officer("varanasi", locale="en"))
    response = _confirm(client, world["word"], reason=reason, data=data, name="receipt.png")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    sub = _sub(app, world["word"])
    assert (sub.status, sub.delivery_proof, sub.delivery_proof_file, sub.delivery_proof_note) == ("delivered", None, None, None)
    assert _proof_files(app) == []
    with app.app_context():
        assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "delivery.confirmed_by_hand")).all()


def test_errors_are_in_the_officers_language(app, world, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="hi"))
    page = _confirm(client, world["word"], reason="", data=b"<html></html>").get_data(as_text=True)
    assert "कारण" in page and "PDF" in page
    assert _proof_files(app) == []


def test_officer_of_another_district_gets_404(app, world, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    assert client.get(f"/admin/deliveries/{world['agra']}/confirm").status_code == 404
    assert _confirm(client, world["agra"], data=png_bytes()).status_code == 404
    assert _confirm(client, 999_999, data=png_bytes()).status_code == 404
    assert _sub(app, world["agra"]).delivery_proof is None
    assert _proof_files(app) == []


def test_sellers_buyers_and_visitors_cannot_confirm(app, world, login_as):
    for role in (Role.SELLER, Role.BUYER):
        client, _ = login_as(role)
        assert client.get(f"/admin/deliveries/{world['word']}/confirm").status_code == 403
        assert _confirm(client, world["word"], data=png_bytes()).status_code == 403
    anonymous = _confirm(app.test_client(), world["word"], data=png_bytes())
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    assert _sub(app, world["word"]).delivery_proof is None and _proof_files(app) == []


def test_the_proof_file_is_served_only_to_staff_of_the_district(app, world, make_officer, cell_admin, staff_client,
                                                                login_as):
    officer = make_officer("varanasi", locale="en")
    _confirm(staff_client(officer), world["word"], data=PDF, name="pod.pdf")
    url = f"/admin/deliveries/{world['word']}/proof"
    for staff in (officer, cell_admin):
        with staff_client(staff).get(url) as response:
            assert response.status_code == 200 and response.data == PDF
            assert response.mimetype == "application/pdf" and "attachment" in response.headers["Content-Disposition"]
            assert "sandbox" in response.headers["Content-Security-Policy"]
            assert "no-store" in response.headers["Cache-Control"]
    assert staff_client(make_officer("agra", locale="en")).get(url).status_code == 404
    for role in (Role.SELLER, Role.BUYER):
        assert login_as(role)[0].get(url).status_code == 403
    assert app.test_client().get(url).status_code == 302
    # no proof file: the carrier's proof, and a sub-order that does not exist
    assert staff_client(cell_admin).get(f"/admin/deliveries/{world['carrier']}/proof").status_code == 404
    assert staff_client(cell_admin).get("/admin/deliveries/999999/proof").status_code == 404
    # and never through the public photo route
    name = _sub(app, world["word"]).delivery_proof_file
    assert app.test_client().get(f"/media/{name}").status_code == 404
    assert app.test_client().get(f"/media/../proofs/{name}").status_code == 404


def test_a_photo_proof_is_shown_as_a_jpeg(app, world, cell_admin, staff_client):
    client = staff_client(cell_admin)
    _confirm(client, world["word"], data=png_bytes())
    with client.get(f"/admin/deliveries/{world['word']}/proof") as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert response.data[:3] == b"\xff\xd8\xff"


def test_claims_list_shows_the_three_kinds_and_filters_those_needing_proof(app, world, cell_admin, staff_client):
    client = staff_client(cell_admin)
    _confirm(client, world["shipped"], data=PDF, name="pod.pdf")
    page = client.get("/admin/claims").get_data(as_text=True)
    assert 'data-proof="carrier"' in page and "Carrier-confirmed" in page
    assert 'data-proof="officer"' in page and "Confirmed by an officer" in page and REASON.replace("'", "&#39;") in page
    assert f'/admin/deliveries/{world["shipped"]}/proof' in page
    assert 'data-proof="missing"' in page and "not approvable yet" in page
    assert page.count('enctype="multipart/form-data"') == 2  # the seller-delivered Varanasi and Agra claims
    assert f'action="/admin/deliveries/{world["word"]}/confirm' in page
    assert 'data-proof="not_delivered"' in page
    needed = client.get("/admin/claims?proof=needed").get_data(as_text=True)
    assert needed.count('data-proof="missing"') == 2
    assert 'data-proof="carrier"' not in needed and 'data-proof="officer"' not in needed
    assert client.get("/admin/claims?proof=whatever").status_code == 400


def test_forwarding_csv_says_how_each_delivery_is_proven(app, world, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    _confirm(client, world["word"], data=png_bytes())
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/claims.csv").data.decode("utf-8-sig"))))
    proofs = {int(r["Claim no."]): r["Proof of delivery"] for r in rows}
    claims = world["claims"]
    assert proofs[claims[world["carrier"]]] == "Carrier-confirmed"
    assert proofs[claims[world["word"]]] == f"Confirmed by an officer: {REASON}"
    assert proofs[claims[world["shipped"]]] == "Seller's word only — not approvable yet"
    assert proofs[claims[world["waiting"]]] == "Not delivered yet"


def test_a_later_courier_event_keeps_the_officers_proof(app, world, cell_admin, staff_client):
    _confirm(staff_client(cell_admin), world["shipped"], data=PDF, name="pod.pdf")
    before = _sub(app, world["shipped"])
    awb = f"EE{world['shipped']:08d}0IN"
    with app.app_context():
        shipping.apply_updates("manual", [TrackingUpdate(
            awb=awb, code=TrackingCode.DELIVERED, key=f"{awb}:delivered",
            happened_at=dt.datetime.now(dt.timezone.utc), location="Varanasi HO")])
    after = _sub(app, world["shipped"])
    assert (after.delivery_proof, after.delivery_proof_note, after.delivery_proof_file) == \
        ("officer", REASON, before.delivery_proof_file)


def test_order_desk_shows_the_proof_and_offers_the_confirmation(app, world, cell_admin, staff_client):
    client = staff_client(cell_admin)
    page = client.get(f"/admin/orders/{world['word']}").get_data(as_text=True)
    assert 'data-proof="missing"' in page and f"/admin/deliveries/{world['word']}/confirm" in page
    _confirm(client, world["word"], data=PDF, name="pod.pdf")
    page = client.get(f"/admin/orders/{world['word']}").get_data(as_text=True)
    assert 'data-proof="officer"' in page and f"/admin/deliveries/{world['word']}/proof" in page
    form = client.get(f"/admin/deliveries/{world['word']}/confirm").get_data(as_text=True)
    assert 'data-proof="officer"' in form and 'name="proof"' not in form


# --------------------------------------------------------------------------- on object storage (issue #15.4)

def test_a_proof_sent_through_node_a_is_kept_private_in_the_bucket_and_shown_to_staff_on_node_b(
        s3_app, world, make_officer, staff_client, s3_bucket, s3_node):
    officer = make_officer("varanasi", locale="en")
    assert _confirm(staff_client(officer), world["word"], data=PDF, name="pod.pdf").status_code == 302
    name = _sub(s3_app, world["word"]).delivery_proof_file
    assert s3_bucket.names() == {f"{PREFIX}/proofs/{name}"} and _proof_files(s3_app) == []
    assert s3_bucket.get(f"{PREFIX}/proofs/{name}")["CacheControl"] == "private, no-store"
    node_b = s3_node("b")
    client_b = node_b.test_client()
    sign_in_directly(node_b, client_b, officer)
    with client_b.get(f"/admin/deliveries/{world['word']}/proof") as response:
        assert response.status_code == 200 and response.data == PDF
        assert response.mimetype == "application/pdf" and "attachment" in response.headers["Content-Disposition"]
        assert "no-store" in response.headers["Cache-Control"] and "sandbox" in response.headers["Content-Security-Policy"]
    for path in (name, f"../proofs/{name}", f"proofs/{name}"):
        assert node_b.test_client().get(f"/media/{path}").status_code == 404


def test_a_proof_the_bucket_cannot_take_is_a_form_error_and_nothing_is_confirmed(
        app, world, make_officer, staff_client, unreachable_s3):
    app.config.update(unreachable_s3)
    response = _confirm(staff_client(make_officer("varanasi", locale="en")), world["word"], data=png_bytes())
    assert response.status_code == 400
    assert "The proof file could not be saved just now" in response.get_data(as_text=True)
    sub = _sub(app, world["word"])
    assert (sub.status, sub.delivery_proof, sub.delivery_proof_file) == ("delivered", None, None)
