"""Notifications and mail reach people in their own language, and only once committed."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.notifications.models import Notification, OutboxMail
from marketplace.notifications.service import notify


def test_notification_is_written_in_the_recipients_language(app, make_user, login_as):
    client, hindi_reader = login_as(locale="hi")
    with app.test_request_context(headers={"Accept-Language": "en"}):  # triggered by an English page
        notify(hindi_reader, _l("Page not found"), _l("Your profile is saved."), link="/account/profile")
        db.session.commit()
    with app.app_context():
        note = db.session.scalar(select(Notification))
        mail = db.session.scalar(select(OutboxMail))
    assert (note.subject, note.body) == ("पृष्ठ नहीं मिला", "आपकी प्रोफ़ाइल सहेज ली गई है।")
    assert mail.to_email == hindi_reader.email and "/account/profile" in mail.body
    # A mail's link names the site from SITE_URL, never a bare path (issue #12.2)
    assert mail.body.endswith("\n\nhttp://localhost/account/profile") and note.link == "/account/profile"
    page = client.get("/notifications/").get_data(as_text=True)
    assert "पृष्ठ नहीं मिला" in page
    assert client.post("/notifications/read").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Notification)).read_at is not None


def test_nothing_is_sent_when_the_change_is_rolled_back(app, make_user):
    user = make_user()
    with app.test_request_context():
        notify(user, _l("Page not found"))
        db.session.rollback()
    with app.app_context():
        assert db.session.scalars(select(OutboxMail)).all() == []


def test_other_users_cannot_see_my_notifications(app, make_user, login_as):
    owner = make_user()
    with app.test_request_context():
        notify(owner, "private to the owner")
        db.session.commit()
    stranger, _ = login_as()
    assert "private to the owner" not in stranger.get("/notifications/").get_data(as_text=True)


# ----------------------------------------------------------------- every mail's link is absolute (issue #17.9)

def test_every_mail_of_a_journey_links_to_the_site_from_site_url(app, client, make_user, make_seller, make_listing,
                                                                  subsidy_policy, buy, deliver_suborder,
                                                                  make_officer, staff_client):
    """Registration, an order from placing to delivery, the subsidy claim, an enquiry and a
    helpdesk question and answer: every mail they queue carries its link as an absolute URL on
    SITE_URL, and no bare path ("/orders/49") a mail client cannot open."""
    import re

    from marketplace.accounts.models import Role, User
    from marketplace.admin import helpdesk
    from marketplace.buyers.profiles import create_enquiry
    from marketplace.orders.models import SubsidyClaim

    site = app.config["SITE_URL"]
    form = {"role": "buyer", "name": "Mail Reader", "email": "reader@example.com", "phone": "",
            "password": "letters-by-post-4", "confirm": "letters-by-post-4", "locale": "en"}
    client.post("/account/register", data=form)
    client.post("/account/register", data=form)  # "somebody tried to register with your address"
    seller = make_seller("varanasi")
    listing = make_listing(seller=seller, stock=20, price_paise=250000)
    buyer = make_user(role=Role.BUYER)
    order = buy(buyer, [(listing, 1)])
    deliver_suborder(order.suborders[0].id)
    officer = make_officer("varanasi", locale="en")
    with app.app_context():
        claim_id = db.session.scalar(select(SubsidyClaim.id))
    staff_client(officer).post("/admin/claims/decide", data={"claim_ids": [claim_id], "action": "approve"})
    with app.test_request_context():
        create_enquiry(buyer, listing.id, 5, None, None, "For a wedding")
        question = helpdesk.ask(db.session.get(User, seller.user_id), helpdesk.NewQuestion(district_id=seller.district_id, topic="schemes",
            subject="Margin money", body="Where do I apply?"))
        helpdesk.answer(db.session.get(User, officer.id), question.id, "At the DIC office.")
    with app.app_context():
        mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        links = [n.link for n in db.session.scalars(select(Notification).order_by(Notification.id))]
    subjects = " | ".join(m.subject for m in mails)
    for expected in ("account is ready", "tried to register", "confirmed", "to ship", "accepted", "on its way",
                     "delivered", "subsidy claim approved", "New enquiry", "New helpdesk question", "answered"):
        assert expected in subjects, f"the journey sends a mail about {expected!r}: {subjects}"
    assert all(links), "every notification of the journey has a link"
    for mail in mails:
        urls = re.findall(r"[a-z]+://[^\s<>\"')]+", mail.body)
        assert urls, f"mail {mail.subject!r} has no link"
        for url in urls:
            assert url.startswith(site + "/"), f"mail {mail.subject!r} links to {url}"
        bare = re.findall(r"(?:^|[\s(\"'=])(/\w[\w\-./?=&%]*)", mail.body)  # "Varanasi / वाराणसी" is no path
        assert not bare, f"mail {mail.subject!r} has a bare path {bare}"
        for href in re.findall(r"href=[\"']([^\"']*)", mail.body):
            assert href.startswith(site + "/"), f"mail {mail.subject!r} has href {href}"
    assert any(f"{site}/orders/{order.id}" in m.body for m in mails)
