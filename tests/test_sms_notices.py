"""Notices by SMS (issue #18.5): each event texts the people who chose SMS and verified a number,
in their language, once per event; the others keep the in-app notice (and mail).

What is checked is the outbox (``outbox_sms``), the rows the worker POSTs to the gateway (the
HTTP path itself: tests/test_sms.py)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.buyers import meets, timetable
from marketplace.buyers.reminders import remind_day_before
from marketplace.catalog import sellers as seller_service
from marketplace.catalog.models import Seller, SellerStatus
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import IST
from marketplace.notifications.models import Notification, OutboxSms

pytestmark = pytest.mark.both_databases


def _texts(app, template=None):
    with app.app_context():
        query = select(OutboxSms).order_by(OutboxSms.id)
        if template:
            query = query.where(OutboxSms.template == template)
        return [(m.to_phone, m.template, m.locale, m.text) for m in db.session.scalars(query)]


def _verified(app, user, number, locale="en", channels="app,email,sms"):
    with app.app_context():
        stored = db.session.get(User, user.id)
        stored.phone, stored.phone_verified_at, stored.locale, stored.notice_channels = number, utcnow(), locale, channels
        db.session.commit()
        return stored


def test_an_order_texts_the_seller_then_shipping_and_delivery_text_the_buyer(
        app, make_seller, make_listing, make_user, buy, deliver_suborder):
    seller = make_seller()
    listing = make_listing(seller=seller)
    buyer = make_user()
    with app.app_context():
        seller_user = db.session.get(Seller, seller.id).user
    _verified(app, seller_user, "+919812345678", locale="hi")
    _verified(app, buyer, "+919876543210")
    order = buy(buyer, [(listing, 1)])
    sub_id = order.suborders[0].id
    new_order = _texts(app, "seller_new_order")
    assert len(new_order) == 1 and new_order[0][:3] == ("+919812345678", "seller_new_order", "hi")
    assert order.suborders[0].number in new_order[0][3] and "ओडीओपी बाज़ार" in new_order[0][3]
    deliver_suborder(sub_id)
    shipped = _texts(app, "buyer_order_shipped")
    assert len(shipped) == 1 and f"EE{sub_id:08d}0IN" in shipped[0][3] and "India Post" in shipped[0][3]
    assert len(_texts(app, "buyer_order_delivered")) == 1


def test_nobody_is_texted_who_did_not_choose_sms_or_has_no_verified_number(
        app, make_seller, make_listing, make_user, buy):
    seller = make_seller()
    listing = make_listing(seller=seller)
    with app.app_context():
        seller_user = db.session.get(Seller, seller.id).user
    _verified(app, seller_user, "+919812345678", channels="app,email")  # chose no SMS
    buyer = make_user(phone="9876543210")  # typed, never verified
    buy(buyer, [(listing, 1)])
    assert _texts(app) == []
    with app.app_context():  # the in-app notice is there all the same
        assert db.session.scalar(select(Notification).where(Notification.user_id == seller_user.id)) is not None


def test_a_verification_decision_texts_the_seller_in_their_language(app, make_seller, cell_admin):
    seller = make_seller(status=SellerStatus.PENDING)
    with app.app_context():
        user = db.session.get(Seller, seller.id).user
    _verified(app, user, "+919812345678", locale="hi")
    with app.app_context():
        seller_service.reject_seller(seller.id, cell_admin.id, "The Udyam number is not readable")
        seller_service.verify_seller(seller.id, cell_admin.id)
    texts = _texts(app, "seller_verification_decided")
    assert len(texts) == 2 and all(t[2] == "hi" for t in texts)
    assert texts[0][3] != texts[1][3]  # "needs changes", then "verified", in Hindi


def test_the_timetable_and_the_day_before_reminder_are_texted_once(app, meet_world):
    w = meet_world
    buyer = _verified(app, w.buyers[0], "+919876543210")
    with app.app_context():
        meets.run_matching(w.organiser, w.meet.id)
        timetable.build_timetable(w.organiser, w.meet.id)
        timetable.publish_timetable(w.organiser, w.meet.id)
        meet = db.session.get(type(w.meet), w.meet.id)
        starts_on = meet.starts_on
    published = _texts(app, "meet_timetable_published")
    assert [t[0] for t in published] == ["+919876543210"]
    eve = dt.datetime.combine(starts_on - dt.timedelta(days=1), dt.time(9, 0), IST)
    with app.app_context():
        assert remind_day_before(now=eve) >= 1
        assert remind_day_before(now=eve) == 0  # a second run tells nobody again
        assert remind_day_before(now=eve - dt.timedelta(days=3)) == 0  # not the day before
    reminders = _texts(app, "meet_reminder")
    assert len(reminders) == 1 and reminders[0][0] == buyer.phone
    assert "table" in reminders[0][3]
