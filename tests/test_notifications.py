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
