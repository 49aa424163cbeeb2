"""The seller verification queue: decisions change the status, keep history, audit, and tell
the seller in their own language."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.admin import verification
from marketplace.admin.models import AuditEntry
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
    officer = make_officer("varanasi", locale="en")
    with app.app_context():
        from marketplace.accounts.models import User

        actor = db.session.get(User, officer.id)
        verification.verify_seller(actor, hindi_seller.id)
        with pytest.raises(verification.AlreadyDecided):
            verification.verify_seller(actor, hindi_seller.id)
        assert len(db.session.scalars(select(SellerStatusChange)).all()) == 1
