"""Seller onboarding: profile, DIC officers on behalf, verification with reasons and history."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalog import sellers as service
from marketplace.catalog.models import Seller, SellerStatusChange, organiser_districts
from marketplace.errors import NotFound, PermissionDenied
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from tests.fixtures.catalog import district_by_slug


def seller_of(app, user):
    with app.app_context():
        return db.session.scalar(select(Seller).where(Seller.user_id == user.id))


def test_seller_completes_profile_and_sees_pending_status(app, login_as, profile_form):
    client, user = login_as(Role.SELLER)
    response = client.post("/seller/profile", data=profile_form(), follow_redirects=True)
    assert response.status_code == 200
    seller = seller_of(app, user)
    assert seller.status == "pending" and seller.udyam_number == "UDYAM-UP-70-0012345"
    assert seller.slug == "kashi-weaves" and seller.gi_tag_list == ["Banaras Brocades and Sarees"]
    page = client.get("/seller/profile").get_data(as_text=True)
    assert "Awaiting verification" in page


def test_wrong_udyam_number_is_a_form_error_and_saves_nothing(app, login_as, profile_form):
    client, user = login_as(Role.SELLER)
    response = client.post("/seller/profile", data=profile_form(udyam_number="UDYAM-UP-7-12345"))
    assert response.status_code == 200
    assert "UDYAM-UP-00-0000000" in response.get_data(as_text=True)
    assert seller_of(app, user) is None


def test_wrong_udyam_number_error_is_in_hindi_for_a_hindi_seller(app, login_as, profile_form):
    client, user = login_as(Role.SELLER, locale="hi")
    response = client.post("/seller/profile", data=profile_form(udyam_number="12345"))
    assert "उद्यम" in response.get_data(as_text=True)
    assert seller_of(app, user) is None


def test_gstin_with_a_typo_is_refused(app, login_as, profile_form):
    client, user = login_as(Role.SELLER)
    response = client.post("/seller/profile", data=profile_form(gstin="27AAPFU0939F1ZW"))
    assert "check character" in response.get_data(as_text=True)
    assert seller_of(app, user) is None
    client.post("/seller/profile", data=profile_form(gstin="27aapfu0939f1zv"))
    assert seller_of(app, user).gstin == "27AAPFU0939F1ZV"


def test_bank_account_is_kept_encrypted_and_shown_only_by_its_last_four_digits(app, login_as, profile_form):
    from marketplace.catalog.bank_details import decrypt_account

    client, user = login_as(Role.SELLER)
    client.post("/seller/profile", data=profile_form(bank_account_number="1234 5678 9012",
                                                     bank_account_number_confirm="123456789012",
                                                     bank_ifsc="sbin0001234"))
    seller = seller_of(app, user)
    assert seller.bank_account_last4 == "9012" and seller.bank_ifsc == "SBIN0001234"
    assert "123456789012" not in seller.bank_account_encrypted
    with app.app_context():
        assert decrypt_account(seller.bank_account_encrypted) == "123456789012"
    page = client.get("/seller/profile").get_data(as_text=True)
    assert "123456789012" not in page and "…9012" in page


def test_admin_verifies_seller_who_is_told_in_hindi(app, make_user, make_seller):
    owner = make_user(role=Role.SELLER, locale="hi")
    seller = make_seller(status="pending", user=owner)
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        service.verify_seller(seller.id, admin.id)
        refreshed = db.session.get(Seller, seller.id)
        assert refreshed.status == "verified" and refreshed.verified_by_id == admin.id
        note = db.session.scalar(select(Notification).where(Notification.user_id == owner.id))
        assert "सत्यापित" in note.subject
        history = service.status_history(seller.id)
        assert [(h.from_status, h.to_status, h.actor_id) for h in history] == [("pending", "verified", admin.id)]


def test_rejection_needs_a_reason_which_the_seller_then_sees(app, make_user, make_seller, auth, client, profile_form):
    owner = make_user(role=Role.SELLER)
    seller = make_seller(status="pending", user=owner)
    admin = make_user(role=Role.ADMIN)
    admin_client = app.test_client()
    type(auth)(admin_client).login(admin)
    blank = admin_client.post(f"/admin/sellers/{seller.id}/reject", data={"reason": ""})
    assert blank.status_code == 400
    assert seller_of(app, owner).status == "pending"
    admin_client.post(f"/admin/sellers/{seller.id}/reject",
                      data={"reason": "Udyam number does not match the enterprise name"})
    assert seller_of(app, owner).status == "rejected"
    auth.login(owner)
    page = client.get("/seller/profile").get_data(as_text=True)
    assert "Udyam number does not match the enterprise name" in page and "Needs changes" in page
    # correcting the profile sends it back for verification
    client.post("/seller/profile", data=profile_form())
    assert seller_of(app, owner).status == "pending" and seller_of(app, owner).rejection_reason is None


def test_verified_seller_changing_udyam_goes_back_to_pending_but_story_does_not(app, login_as, profile_form, make_user):
    client, user = login_as(Role.SELLER)
    client.post("/seller/profile", data=profile_form())
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        service.verify_seller(seller_of(app, user).id, admin.id)
    client.post("/seller/profile", data=profile_form(story_en="A new story."))
    assert seller_of(app, user).status == "verified"
    client.post("/seller/profile", data=profile_form(udyam_number="UDYAM-UP-70-0099999"))
    assert seller_of(app, user).status == "pending"


def test_admin_queue_verifies_with_the_catalog_rule_and_refuses_twice(app, make_user, make_seller, login_as):
    owner = make_user(role=Role.SELLER, locale="en")
    seller = make_seller(status="pending", enterprise_name_en="Pending Potters", user=owner)
    client, admin = login_as(Role.ADMIN)
    assert client.get("/admin/catalog/sellers").status_code == 404  # one queue only: /admin/sellers
    assert "Pending Potters" in client.get("/admin/sellers").get_data(as_text=True)
    response = client.post(f"/admin/sellers/{seller.id}/verify", follow_redirects=True)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Seller, seller.id).status == "verified"
        note = db.session.scalar(select(Notification).where(Notification.user_id == owner.id))
        assert note.subject == "Your seller profile is verified" and "Pending Potters has been verified" in note.body
        assert [(h.from_status, h.to_status) for h in service.status_history(seller.id)] == [("pending", "verified")]
    again = client.post(f"/admin/sellers/{seller.id}/verify", follow_redirects=True)
    assert "already been verified" in again.get_data(as_text=True)
    with app.app_context():
        assert len(service.status_history(seller.id)) == 1


def test_dic_officer_can_decide_only_for_their_own_districts(app, make_user, make_seller, make_officer):
    officer = make_officer("varanasi")
    here = make_seller("varanasi", status="pending")
    there = make_seller("lucknow", status="pending")
    buyer = make_user(role=Role.BUYER)
    with app.app_context():
        with pytest.raises(NotFound):
            service.verify_seller(there.id, officer.id)
        with pytest.raises(PermissionDenied):
            service.verify_seller(here.id, buyer.id)
        with pytest.raises(service.ReasonRequired):
            service.reject_seller(here.id, officer.id, "   ")
        assert service.reject_seller(here.id, officer.id, "Photo missing").status == "rejected"
        assert db.session.get(Seller, there.id).status == "pending"


def test_dic_officer_onboards_an_artisan_of_their_own_district_only(app, make_user, login_as, profile_form):
    artisan = make_user(role=Role.SELLER)
    client, officer = login_as(Role.ORGANISER)
    with app.app_context():
        db.session.execute(organiser_districts.insert().values(user_id=officer.id,
                                                               district_id=district_by_slug("varanasi").id))
        db.session.commit()
    found = client.post("/seller/onboard", data={"email": artisan.email})
    assert found.status_code == 302 and f"/seller/onboard/{artisan.id}" in found.headers["Location"]
    other = client.post(f"/seller/onboard/{artisan.id}", data=profile_form(district="lucknow"))
    assert other.status_code == 200  # Lucknow is not among the officer's choices: a form error
    assert seller_of(app, artisan) is None
    form = profile_form(district="lucknow")
    with app.app_context():  # and the service refuses it even when the form is bypassed
        data = service.ProfileInput(**{k: v for k, v in form.items() if k not in ("district_id", "capacity_units_per_month")},
                                    district_id=int(form["district_id"]))
        try:
            service.save_profile(artisan.id, data, actor_id=officer.id)
        except service.PermissionDenied:
            pass
        else:
            raise AssertionError("an officer onboarded an artisan outside their district")
    assert seller_of(app, artisan) is None
    ok = client.post(f"/seller/onboard/{artisan.id}", data=profile_form())
    assert ok.status_code == 302
    seller = seller_of(app, artisan)
    assert seller.status == "pending"
    with app.app_context():
        actor = db.session.scalar(select(SellerStatusChange.actor_id).where(SellerStatusChange.seller_id == seller.id))
    assert actor == officer.id


def test_buyer_cannot_have_a_seller_profile(app, make_user, profile_form):
    buyer = make_user(role=Role.BUYER)
    form = profile_form()
    with app.app_context():
        data = service.ProfileInput(**{k: v for k, v in form.items() if k not in ("district_id", "capacity_units_per_month")},
                                    district_id=int(form["district_id"]))
        try:
            service.save_profile(buyer.id, data)
        except service.CatalogError as exc:
            assert exc.code == "not_a_seller"
        else:
            raise AssertionError("a buyer got a seller profile")


def test_sellers_create_command_makes_account_and_verified_profile(app, runner, districts):
    result = runner.invoke(args=["sellers", "create", "weaver@example.com", "--district", "varanasi",
                                 "--name", "Bunkar Ghar", "--verified", "--phone", "98765 43210"])
    assert result.exit_code == 0, result.output
    assert "Password:" not in result.output and "invitation" in result.output and "(verified)" in result.output
    with app.app_context():
        seller = db.session.scalar(select(Seller).where(Seller.slug == "bunkar-ghar"))
        assert seller.is_verified and seller.user.role == "seller" and seller.user.is_invited
        from marketplace.notifications.models import OutboxMail, OutboxSms

        assert db.session.scalar(select(OutboxSms).where(OutboxSms.to_phone == "+919876543210")).template == "invitation"
        assert "/account/claim/" in db.session.scalar(select(OutboxMail).where(OutboxMail.to_email == "weaver@example.com")).body
    again = runner.invoke(args=["sellers", "create", "weaver@example.com", "--district", "varanasi", "--name", "X"])
    assert again.exit_code != 0 and "already has a seller profile" in again.output
    bad = runner.invoke(args=["sellers", "create", "x@example.com", "--district", "atlantis", "--name", "X"])
    assert bad.exit_code != 0 and "atlantis" in bad.output


def test_profile_photo_is_saved_and_a_fake_photo_saves_nothing(app, login_as, profile_form):
    import io

    from tests.fixtures.catalog import jpeg_bytes

    client, user = login_as(Role.SELLER)
    bad = profile_form(photo=(io.BytesIO(b"%PDF-1.4 not a photo"), "me.jpg"))
    page = client.post("/seller/profile", data=bad, content_type="multipart/form-data").get_data(as_text=True)
    assert "not a JPEG, PNG or WebP photo" in page
    assert seller_of(app, user) is None
    good = profile_form(photo=(io.BytesIO(jpeg_bytes()), "me.jpg"))
    assert client.post("/seller/profile", data=good, content_type="multipart/form-data").status_code == 302
    seller = seller_of(app, user)
    assert seller.photo_path.startswith(f"sellers/{seller.id}/") and seller.photo_path.endswith("-thumb.jpg")




def test_verify_seller_runs_the_callers_hook_in_its_transaction(app, make_user, make_seller):
    """The one verify_seller (the admin queue passes its audit entry as ``before_commit``): the
    hook sees the status before and after, and a failing hook leaves the seller unverified."""
    seller = make_seller(status="pending", user=make_user(role=Role.SELLER))
    admin = make_user(role=Role.ADMIN)
    seen = []

    def failing(s, before):
        seen.append((before["status"], s.status))
        raise RuntimeError("audit store down")

    with app.app_context():
        with pytest.raises(RuntimeError):
            service.verify_seller(seller.id, admin.id, before_commit=failing)
        assert seen == [("pending", "verified")]
        assert db.session.get(Seller, seller.id, populate_existing=True).status == "pending"
        service.verify_seller(seller.id, admin.id, before_commit=lambda s, before: seen.append(before["status"]))
        assert seen[-1] == "pending"
        assert db.session.get(Seller, seller.id, populate_existing=True).status == "verified"


def test_an_officer_makes_an_artisans_account_from_the_mobile_number_alone(app, login_as, profile_form):
    """Issue #18.3: no e-mail needed; the artisan is texted a claim link; bad numbers and a number
    that has an account already are refused on the form, changing nothing."""
    from marketplace.accounts.models import User
    from marketplace.notifications.models import OutboxSms

    client, officer = login_as(Role.ORGANISER)
    with app.app_context():
        db.session.execute(organiser_districts.insert().values(user_id=officer.id,
                                                               district_id=district_by_slug("varanasi").id))
        db.session.commit()
    for bad in ("0522 2345678", "+44 20 7946 0958", "12345"):
        refused = client.post("/seller/onboard/new", data={"name": "Shabana Bano", "phone": bad, "locale": "hi"})
        assert refused.status_code == 400 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    made = client.post("/seller/onboard/new", data={"name": "Shabana Bano", "phone": "98765 43210", "locale": "hi"})
    assert made.status_code == 302 and "/seller/onboard/" in made.headers["Location"]
    with app.app_context():
        artisan = db.session.scalar(select(User).where(User.phone == "+919876543210"))
        assert artisan.email is None and artisan.role == "seller" and artisan.is_invited and artisan.locale == "hi"
        sms = db.session.scalar(select(OutboxSms).where(OutboxSms.to_phone == "+919876543210"))
        assert sms.template == "invitation" and sms.locale == "hi" and "/account/claim/" in sms.text
        assert db.session.scalar(select(db.func.count()).select_from(User)) == 2
    again = client.post("/seller/onboard/new", data={"name": "Someone", "phone": "+91 98765-43210", "locale": "en"})
    assert again.status_code == 400
    found = client.post("/seller/onboard", data={"email": "09876543210"})
    assert found.status_code == 302 and f"/seller/onboard/{artisan.id}" in found.headers["Location"]
    assert client.post(f"/seller/onboard/{artisan.id}", data=profile_form()).status_code == 302
    assert seller_of(app, artisan).status == "pending"
