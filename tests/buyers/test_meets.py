"""Meets end to end at the service level: registration, matching, requests, timetable, check-in,
outcomes, leads, dashboard, the 2019 meets."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.buyers import meets, profiles, timetable
from marketplace.buyers.demo import load_demo_meet, load_past_meets
from marketplace.buyers.models import (Lead, Meeting, MeetingRequest, Registration, Samagam,
                                       SamagamStatus)
from marketplace.catalog.models import SellerStatus
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.notifications.models import Notification


def test_organiser_creates_a_meet_only_in_their_districts(app, make_organiser):
    organiser = make_organiser("varanasi")
    today = utcnow().date()
    with app.app_context():
        from marketplace.catalog.models import District
        varanasi = db.session.scalar(select(District.id).where(District.slug == "varanasi"))
        agra = db.session.scalar(select(District.id).where(District.slug == "agra"))
        data = meets.MeetInput("Kashi meet", "काशी उद्यम समागम", [varanasi], "Sankul",
                               today + dt.timedelta(days=10), today + dt.timedelta(days=11),
                               today + dt.timedelta(days=5))
        meet = meets.create_samagam(organiser, data)
        assert meet.status == "open" and meet.total_slots == 24
        data.district_ids = [agra]
        with pytest.raises(NotFound):
            meets.create_samagam(organiser, data)
        data.district_ids = [varanasi]
        data.ends_on = today
        with pytest.raises(DomainError):
            meets.create_samagam(organiser, data)
        assert db.session.scalar(select(func.count()).select_from(Samagam)) == 1


def test_registration_closes_at_the_end_of_the_window_but_organisers_can_still_add(
        app, make_meet, make_user, make_organiser):
    meet = make_meet(registration_closes_at=utcnow() - dt.timedelta(hours=1))
    buyer = make_user(role=Role.BUYER)
    organiser = make_organiser("varanasi")
    with app.app_context():
        with pytest.raises(DomainError) as err:
            meets.register(meet.id, buyer)
        assert err.value.code == "registration_closed"
        reg = meets.register(meet.id, buyer, on_behalf_by=organiser, unavailable="1, 3")
        assert reg.registered_by_id == organiser.id and reg.unavailable == {0, 2}
        with pytest.raises(DomainError):
            meets.register(meet.id, buyer, on_behalf_by=organiser)


def test_unverified_seller_cannot_register(app, make_meet, make_seller):
    meet = make_meet()
    seller = make_seller(status=SellerStatus.PENDING)
    with app.app_context():
        user = db.session.get(User, seller.user_id)
        with pytest.raises(DomainError) as err:
            meets.register(meet.id, user)
        assert err.value.code == "seller_not_verified"
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_bad_unavailable_slot_is_refused(app, make_meet, make_user):
    meet = make_meet()
    buyer = make_user(role=Role.BUYER)
    with app.app_context():
        with pytest.raises(DomainError):
            meets.register(meet.id, buyer, unavailable="99")


def test_csv_import_is_all_or_nothing(app, meet_world, make_seller):
    w = meet_world
    with app.app_context():
        good = "email,name,role,unavailable_slots\nnew.buyer@example.com,Naya Kharidar,buyer,2\n"
        added, problems = meets.import_registrations_csv(w.meet.id, w.organiser, good)
        assert (added, problems) == (1, [])
        bad = ("email,name,role\nanother@example.com,A,buyer\nnobody@example.com,B,seller\n"
               "x,C,buyer\n")
        added, problems = meets.import_registrations_csv(w.meet.id, w.organiser, bad)
        assert added == 0 and len(problems) == 2
        assert problems[0].startswith("3:")
        assert db.session.scalar(select(User).where(User.email == "another@example.com")) is None
        with pytest.raises(NotFound):
            meets.import_registrations_csv(w.meet.id, w.outsider, good)


def test_matching_creates_leads_with_reasons(app, meet_world):
    w = meet_world
    with app.app_context():
        n = meets.run_matching(w.organiser, w.meet.id)
        assert n == 4 * 3
        lead = db.session.scalars(select(Lead)).first()
        assert lead.score > 40 and "shared_categories" in lead.reasons_json
        reg = meets.own_registration(w.buyers[0], w.meet.id)
        recs = meets.recommendations(reg)
        assert len(recs) == 3 and recs[0][1].score >= recs[-1][1].score
        with pytest.raises(NotFound):
            meets.run_matching(w.outsider, w.meet.id)


def test_requests_accept_decline_cap_and_expiry(app, meet_world, make_seller, make_listing):
    w = meet_world
    with app.app_context():
        sellers = [meets.own_registration(u, w.meet.id) for u in w.seller_users]
        buyer = w.buyers[0]
        req = meets.request_meeting(buyer, w.meet.id, sellers[0].id, "Namaste")
        assert db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.user_id == w.seller_users[0].id)) == 1
        with pytest.raises(DomainError):  # same pair twice
            meets.request_meeting(w.seller_users[0], w.meet.id,
                                  meets.own_registration(buyer, w.meet.id).id)
        other_buyer = meets.own_registration(w.buyers[1], w.meet.id)
        with pytest.raises(DomainError):  # buyers meet sellers
            meets.request_meeting(buyer, w.meet.id, other_buyer.id)
        with pytest.raises(NotFound):  # only the recipient answers
            meets.respond_to_request(w.buyers[1], req.id, True)
        meets.respond_to_request(w.seller_users[0], req.id, True)
        lead = db.session.scalar(select(Lead).where(Lead.buyer_user_id == buyer.id))
        assert lead.source == "request"
        with pytest.raises(DomainError):
            meets.respond_to_request(w.seller_users[0], req.id, False)
        req2 = meets.request_meeting(buyer, w.meet.id, sellers[1].id)
        meets.expire_requests(w.meet.id, now=utcnow() + dt.timedelta(days=60))
        assert db.session.get(MeetingRequest, req2.id).status == "expired"


def test_pending_request_cap_stops_spam(app, make_meet, make_user, make_seller):
    meet = make_meet()
    buyer = make_user(role=Role.BUYER)
    with app.app_context():
        meets.register(meet.id, buyer)
        targets = []
        for _ in range(meets.PENDING_REQUEST_CAP + 1):
            s = make_seller()
            targets.append(meets.register(meet.id, db.session.get(User, s.user_id)).id)
        for t in targets[:-1]:
            meets.request_meeting(buyer, meet.id, t)
        with pytest.raises(DomainError) as err:
            meets.request_meeting(buyer, meet.id, targets[-1])
        assert err.value.code == "too_many_pending"


def test_timetable_respects_availability_pins_survive_rerun_and_publish_notifies(app, meet_world):
    w = meet_world
    with app.app_context():
        buyer_reg = meets.own_registration(w.buyers[0], w.meet.id)
        buyer_reg.unavailable_slots = "0,1,2,3"
        db.session.commit()
        meets.run_matching(w.organiser, w.meet.id)
        result = timetable.build_timetable(w.organiser, w.meet.id)
        meetings = timetable.meetings_of(db.session.get(Samagam, w.meet.id))
        assert len(meetings) == len(result.meetings) == 12  # 4 buyers x 3 sellers fit in 8 slots
        assert all(m.slot >= 4 for m in meetings if m.buyer_registration_id == buyer_reg.id)
        assert all(m.lead_id for m in meetings)
        waiting = meets.request_meeting(w.buyers[1], w.meet.id,
                                        meets.own_registration(w.seller_users[2], w.meet.id).id)
        pinned = meetings[0]
        timetable.set_pinned(w.organiser, pinned.id, True)
        slot, table, pid = pinned.slot, pinned.table_no, pinned.id
        timetable.remove_meeting(w.organiser, meetings[1].id)
        timetable.build_timetable(w.organiser, w.meet.id)
        again = db.session.get(Meeting, pid)
        assert (again.slot, again.table_no, again.pinned) == (slot, table, True)
        with pytest.raises(NotFound):
            timetable.set_pinned(w.outsider, pid, False)
        n = timetable.publish_timetable(w.organiser, w.meet.id)
        assert n == 7
        assert db.session.get(Samagam, w.meet.id).status == "published"
        assert db.session.get(MeetingRequest, waiting.id).status == "expired"
        with pytest.raises(DomainError):
            meets.request_meeting(w.buyers[2], w.meet.id,
                                  meets.own_registration(w.seller_users[0], w.meet.id).id)
        notes = db.session.scalar(select(func.count()).select_from(Notification))
        assert notes >= 7


def test_check_in_outcomes_leads_and_dashboard(app, meet_world):
    w = meet_world
    with app.app_context():
        meets.run_matching(w.organiser, w.meet.id)
        timetable.build_timetable(w.organiser, w.meet.id)
        meeting = timetable.meetings_of(db.session.get(Samagam, w.meet.id))[0]
        b, s = meeting.buyer_registration, meeting.seller_registration
        samagam = db.session.get(Samagam, w.meet.id)
        during = meets.slot_start(samagam, meeting.slot) + dt.timedelta(minutes=1)
        assert timetable.check_in(w.organiser, w.meet.id, b.checkin_code.lower(), now=during).id == b.id
        timetable.check_in(w.organiser, w.meet.id, f"ODOP-MEET:{s.checkin_code}", now=during)
        with pytest.raises(DomainError):
            timetable.check_in(w.organiser, w.meet.id, "NOPE", now=during)
        buyer_user = db.session.get(User, b.user_id)
        seller_user = db.session.get(User, s.user_id)
        timetable.record_outcome(buyer_user, meeting.id, "order_expected", "Wants 300", now=during)
        timetable.record_outcome(seller_user, meeting.id, "interested", now=during)
        with pytest.raises(NotFound):
            timetable.record_outcome(w.organiser, meeting.id, "interested", now=during)
        lead = db.session.get(Lead, meeting.lead_id)
        assert lead.stage == "contacted"
        with pytest.raises(DomainError):
            timetable.set_lead_stage(buyer_user, lead.id, "new")
        with pytest.raises(DomainError):
            timetable.set_lead_stage(buyer_user, lead.id, "won")  # no value
        timetable.set_lead_stage(seller_user, lead.id, "negotiating")
        timetable.set_lead_stage(buyer_user, lead.id, "won", 2500000)
        with pytest.raises(NotFound):
            timetable.set_lead_stage(w.outsider, lead.id, "lost")
        _s, d = timetable.dashboard(w.organiser, w.meet.id)
        assert d.registrations == 7 and d.checked_in == 2 and d.held == 1
        assert d.leads["won"] == 1 and d.value_won_paise == 2500000
        text = timetable.meetings_csv(w.organiser, w.meet.id)
        assert "order_expected" in text and "25000.00" in text
        # Issue #12.5: a participant's name typed as a formula reached the spreadsheet raw.
        buyer_user.name = '=HYPERLINK("http://evil.example","Click")'
        db.session.commit()
        text = timetable.meetings_csv(w.organiser, w.meet.id)
        assert ',"\'=HYPERLINK(' in text and ',"=HYPERLINK(' not in text and ",=HYPERLINK(" not in text


def test_enquiry_becomes_a_lead_for_the_seller(app, make_listing, make_user):
    listing = make_listing()
    buyer = make_user(role=Role.BUYER)
    with app.app_context():
        with pytest.raises(DomainError):
            profiles.create_enquiry(buyer, listing.id, 0, None, None)
        enquiry = profiles.create_enquiry(buyer, listing.id, 20, 120000,
                                          utcnow().date() + dt.timedelta(days=30))
        lead = db.session.scalar(select(Lead).where(Lead.enquiry_id == enquiry.id))
        assert lead.source == "enquiry" and lead.seller_id == listing.seller_id


def test_the_2019_meets_are_loaded_once_for_73_districts(app, districts):
    with app.app_context():
        assert load_past_meets() == 73
        assert load_past_meets() == 0
        past = db.session.scalars(select(Samagam).where(Samagam.status == SamagamStatus.PAST)).all()
        assert len(past) == 73
        first = min(past, key=lambda s: s.starts_on)
        assert first.starts_on == dt.date(2019, 9, 12)


def test_demo_meet_loader_is_idempotent(app, make_seller, make_listing):
    for _ in range(3):
        make_listing(seller=make_seller(district="bhadohi"))
    with app.app_context():
        load_demo_meet()
        load_demo_meet()
        meet = db.session.scalar(select(Samagam).where(Samagam.slug == "purvanchal-odop-buyer-seller-meet"))
        assert meet is not None and meet.status == "open"
        regs = meets.registrations(meet)
        assert sum(r.role == "buyer" for r in regs) == 6 and sum(r.role == "seller" for r in regs) == 3
        organiser = db.session.scalar(select(User).where(User.email == "organiser@example.com"))
        assert meets.can_manage(organiser, meet)
        assert meets.run_matching(organiser, meet.id) > 0
        assert timetable.build_timetable(organiser, meet.id).meetings


def test_product_page_offers_a_bulk_enquiry_that_buyers_can_send(app, make_listing, login_as):
    listing = make_listing()
    page = app.test_client().get(f"/products/{listing.slug}").get_data(as_text=True)
    assert f"/meets/enquire/{listing.id}" in page
    buyer, _ = login_as("buyer")
    assert buyer.get(f"/meets/enquire/{listing.id}").status_code == 200


def test_check_in_opens_on_the_meet_days_and_outcomes_once_the_meeting_started(app, meet_world):
    """Check-in and outcomes were accepted three weeks before the meet (issue #17.8)."""
    w = meet_world
    with app.app_context():
        meets.run_matching(w.organiser, w.meet.id)
        timetable.build_timetable(w.organiser, w.meet.id)
        samagam = db.session.get(Samagam, w.meet.id)
        meeting = timetable.meetings_of(samagam)[0]
        b = meeting.buyer_registration
        buyer_user = db.session.get(User, b.user_id)
        with pytest.raises(DomainError) as closed:
            timetable.check_in(w.organiser, w.meet.id, b.checkin_code)
        assert closed.value.code == "checkin_closed"
        assert db.session.get(Registration, b.id).checked_in_at is None
        early = timetable.check_in(w.organiser, w.meet.id, b.checkin_code, reason="came  a day early")
        assert early.checked_in_at is not None and early.checkin_note == "came a day early"
        with pytest.raises(DomainError) as too_early:
            timetable.record_outcome(buyer_user, meeting.id, "interested")
        assert too_early.value.code == "too_early"
        assert db.session.get(type(meeting), meeting.id).buyer_outcome is None
        start = meets.slot_start(samagam, meeting.slot)
        with pytest.raises(DomainError):
            timetable.record_outcome(buyer_user, meeting.id, "interested", now=start - dt.timedelta(seconds=1))
        timetable.record_outcome(buyer_user, meeting.id, "interested", now=start)
        assert db.session.get(type(meeting), meeting.id).buyer_outcome == "interested"
        assert meets.checkin_open(samagam, start) and not meets.checkin_open(samagam)
