"""The seller verification queue: decisions change the status, keep history, audit, and tell
the seller in their own language."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.admin import verification
from marketplace.admin.models import AuditEntry
from marketplace.catalog import sellers as seller_rules
from marketplace.catalog.models import Seller, SellerStatusChange
from marketplace.extensions import db
from marketplace.notifications.models import Notification


@pytest.fixture
def hindi_seller(make_user, make_seller):
    user = make_user(role=Role.SELLER, locale="hi")
    return make_seller("varanasi", status="pending", user=user, udyam_number="UDYAM-UP-70-0012345",
                       gstin="09ABCDE1234F1Z5", enterprise_name_en="Kashi Silk House")


def test_queue_shows_pending_sellers_with_udyam_gstin_and_listings(app, make_officer, hindi_seller, make_listing,
                                                                  make_seller, staff_client):
    make_listing(seller=hindi_seller, title_en="Katan silk saree", status="draft")
    make_seller("varanasi", status="verified", enterprise_name_en="Already Verified Co")
    officer = make_officer("varanasi", locale="en")
    client = staff_client(officer)
    page = client.get("/admin/sellers").get_data(as_text=True)
    assert "Kashi Silk House" in page and "UDYAM-UP-70-0012345" in page and "09ABCDE1234F1Z5" in page
    assert "Already Verified Co" not in page
    review = client.get(f"/admin/sellers/{hindi_seller.id}").get_data(as_text=True)
    assert "Katan silk saree" in review and "UDYAM-UP-70-0012345" in review


@pytest.mark.both_databases
def test_verify_records_history_audit_and_tells_the_seller_in_hindi(app, make_officer, hindi_seller, staff_client):
    officer = make_officer("varanasi", locale="en")
    response = staff_client(officer).post(f"/admin/sellers/{hindi_seller.id}/verify")
    assert response.status_code == 302
    with app.app_context():
        seller = db.session.get(Seller, hindi_seller.id)
        assert seller.status == "verified" and seller.verified_by_id == officer.id and seller.verified_at
        history = db.session.scalars(select(SellerStatusChange).where(SellerStatusChange.seller_id == seller.id)).all()
        assert [(h.from_status, h.to_status, h.actor_id) for h in history] == [("pending", "verified", officer.id)]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "seller.verify"))
        assert entry.actor_id == officer.id and entry.object_id == seller.id
        assert entry.before["status"] == "pending" and entry.after["status"] == "verified"
        note = db.session.scalar(select(Notification).where(Notification.user_id == seller.user_id))
        assert note is not None and any("\u0900" <= ch <= "\u097f" for ch in note.subject), note.subject


def test_reject_needs_a_reason_and_changes_nothing_without_one(app, make_officer, hindi_seller, staff_client):
    officer = make_officer("varanasi", locale="en")
    response = staff_client(officer).post(f"/admin/sellers/{hindi_seller.id}/reject", data={"reason": "   "})
    assert response.status_code == 400
    assert "reason" in response.get_data(as_text=True).lower()
    with app.app_context():
        assert db.session.get(Seller, hindi_seller.id).status == "pending"
        assert db.session.scalar(select(AuditEntry.id)) is None
        assert db.session.scalar(select(Notification.id)) is None


def test_reject_with_reason_tells_seller_the_reason_in_their_language(app, make_officer, hindi_seller, staff_client):
    officer = make_officer("varanasi", locale="en")
    response = staff_client(officer).post(f"/admin/sellers/{hindi_seller.id}/reject",
                                          data={"reason": "Udyam number does not match the enterprise name"})
    assert response.status_code == 302
    with app.app_context():
        seller = db.session.get(Seller, hindi_seller.id)
        assert seller.status == "rejected" and seller.rejection_reason.startswith("Udyam number")
        note = db.session.scalar(select(Notification).where(Notification.user_id == seller.user_id))
        assert "Udyam number does not match" in note.body
        assert any("\u0900" <= ch <= "\u097f" for ch in note.body)
    page = staff_client(officer).get(f"/admin/sellers/{hindi_seller.id}").get_data(as_text=True)
    assert "Udyam number does not match" in page  # the history


def test_verifying_twice_is_refused_clearly(app, make_officer, hindi_seller):
    """The queue verifies through catalog's one ``verify_seller`` with its audit hook."""
    officer = make_officer("varanasi", locale="en")
    with app.app_context():
        from marketplace.accounts.models import User

        actor = db.session.get(User, officer.id)
        hook = verification.audit_decision(actor)
        seller_rules.verify_seller(hindi_seller.id, actor.id, before_commit=hook)
        with pytest.raises(verification.AlreadyDecided):
            seller_rules.verify_seller(hindi_seller.id, actor.id, before_commit=hook)
        assert len(db.session.scalars(select(SellerStatusChange)).all()) == 1
        assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "seller.verify")).all()) == 1


def test_the_admin_package_has_no_verify_seller_of_its_own():
    assert not hasattr(verification, "verify_seller") and not hasattr(verification, "reject_seller")


def test_an_officer_cannot_verify_a_seller_of_another_district_from_the_queue(app, make_officer, hindi_seller,
                                                                             staff_client):
    response = staff_client(make_officer("agra", locale="en")).post(f"/admin/sellers/{hindi_seller.id}/verify")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Seller, hindi_seller.id).status == "pending"
        assert db.session.scalar(select(AuditEntry.id)) is None


def test_seller_list_shows_each_status_with_counts_search_and_pages(app, make_officer, hindi_seller, make_seller,
                                                                   staff_client, monkeypatch):
    make_seller("varanasi", status="verified", enterprise_name_en="Banaras Brocade Co", gstin="09AAAAA0000A1Z5")
    make_seller("varanasi", status="verified", enterprise_name_en="Ganga Zari Works")
    make_seller("varanasi", status="rejected", enterprise_name_en="Half Filled Form", rejection_reason="No Udyam proof")
    make_seller("agra", status="verified", enterprise_name_en="Agra Marble Inlay")
    client = staff_client(make_officer("varanasi", locale="en"))

    verified = client.get("/admin/sellers?status=verified").get_data(as_text=True)
    assert "Banaras Brocade Co" in verified and "Ganga Zari Works" in verified
    assert "Kashi Silk House" not in verified and "Agra Marble Inlay" not in verified  # not another district's
    assert "(1)" in verified and "(2)" in verified  # tab counts: 1 waiting, 2 verified, 1 not verified
    rejected = client.get("/admin/sellers?status=rejected").get_data(as_text=True)
    assert "Half Filled Form" in rejected and "No Udyam proof" in rejected

    by_gstin = client.get("/admin/sellers?status=verified&q=09aaaaa").get_data(as_text=True)
    assert "Banaras Brocade Co" in by_gstin and "Ganga Zari Works" not in by_gstin
    # the officer's text is matched literally, never as a LIKE pattern
    assert "No seller matches" in client.get("/admin/sellers?status=verified&q=%25").get_data(as_text=True)
    assert "Ganga Zari Works" not in client.get("/admin/sellers?status=verified&q=_anga").get_data(as_text=True)

    monkeypatch.setattr(verification, "PAGE_SIZE", 1)
    first = client.get("/admin/sellers?status=verified").get_data(as_text=True)
    second = client.get("/admin/sellers?status=verified&page=2").get_data(as_text=True)
    assert ("Ganga Zari Works" in first) != ("Ganga Zari Works" in second)
    assert ("Banaras Brocade Co" in first) != ("Banaras Brocade Co" in second)
    assert 'href="/admin/sellers?page=2&amp;status=verified"' in first


@pytest.mark.parametrize("query", ["status=lost", "status=VERIFIED", "district=agra"])
def test_seller_list_refuses_unknown_filters_clearly(app, make_officer, staff_client, query):
    response = staff_client(make_officer("varanasi", locale="en")).get(f"/admin/sellers?{query}")
    assert response.status_code in (400, 403, 404)
    if "status" in query:
        assert response.status_code == 400
        assert "waiting, verified or not verified" in response.get_data(as_text=True)
