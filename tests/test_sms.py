"""Text messages (issue #18): queued with the event, POSTed by the worker to the gateway, retried
until the gateway takes them, one per event, codes blanked once sent.

The gateway is a real HTTP server on loopback (pytest-httpserver); nothing of ours is mocked.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.accounts.models import CodePurpose, User
from marketplace.accounts.signals import send_code
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.models import Notification, OutboxMail, OutboxSms
from marketplace.notifications.service import notify
from marketplace.notifications.sms import deliver_sms, placeholders, retry_pause, send_sms, templates
from tests.test_hindi_glossary import (
    FINAL_ANUSVARA, IMPERATIVE_IE, NOT_IMPERATIVE, NUKTA_WORDS, glossary, nfc, nukta_pattern, word_pattern,
)

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "gateway-token-for-tests"
PHONE = "+919876543210"
REQUIRED_KEYS = {
    "code_sign_in", "code_verify_phone", "code_reset", "invitation", "seller_new_order",
    "seller_verification_decided", "seller_quote_accepted", "buyer_order_shipped", "buyer_order_delivered",
    "buyer_refund_made", "meet_timetable_published", "meet_reminder",
}


@pytest.fixture
def gateway(app, httpserver):
    """The app pointed at a capture server standing in for the SMS gateway."""
    app.config.update(SMS_GATEWAY_URL=httpserver.url_for("/v1/sms"), SMS_GATEWAY_TOKEN=TOKEN,
                      SMS_SENDER="ODOPBZ", SMS_TEMPLATE_IDS={"code_sign_in": "1107000000000000001",
                                                              "code_sign_in.hi": "1107000000000000003",
                                                              "buyer_order_shipped": "1107000000000000002"})
    return httpserver


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def queue(app, *args, **kwargs) -> int:
    with app.app_context():
        message = send_sms(*args, **kwargs)
        db.session.commit()
        return message.id


def stored(app, message_id: int) -> OutboxSms:
    with app.app_context():
        return db.session.get(OutboxSms, message_id)


def posted(httpserver) -> list[dict]:
    return [json.loads(request.get_data()) for request, _ in httpserver.log]


# ----------------------------------------------------------------------------------------- templates

def test_every_template_has_english_and_hindi_with_the_same_placeholders():
    assert REQUIRED_KEYS <= set(templates())
    for key, texts in templates().items():
        assert set(texts) == {"en", "hi"}, key
        assert placeholders(texts["en"]) == placeholders(texts["hi"]), key
        assert texts["en"].startswith("ODOP Bazaar") and texts["hi"].startswith("ओडीओपी बाज़ार"), key
        assert re.search("[\u0900-\u097f]", texts["hi"]), f"{key}: the Hindi is in Devanagari"
        assert len(texts["en"].format_map({name: "x" * 10 for name in placeholders(texts["en"])})) <= 160 * 2, key
    for key in ("code_sign_in", "code_verify_phone", "code_reset"):
        assert {"code", "minutes"} <= placeholders(templates()[key]["en"]), key
        assert "Never share" in templates()[key]["en"] and "न बताएँ" in templates()[key]["hi"], key
    assert placeholders(templates()["invitation"]["en"]) == {"link"}  # a claim is a link only (accounts.codes)


def test_the_hindi_of_the_templates_follows_the_glossary():
    avoided = [(word, word_pattern(word)) for row in glossary() for word in filter(None, row["avoid"].split("|"))]
    for key, texts in templates().items():
        hindi = nfc(texts["hi"])
        assert not [word for word, pattern in avoided if pattern.search(hindi)], key
        assert all(spelled == nfc(word) for word in NUKTA_WORDS for spelled in nukta_pattern(word).findall(hindi)), key
        assert not [w for w in re.findall("[\u0900-\u0963\u0971-\u097f]+", hindi) if FINAL_ANUSVARA.search(w)], key
        assert not [w for w in IMPERATIVE_IE.findall(hindi) if w not in NOT_IMPERATIVE], key


# ----------------------------------------------------------------------------------------- sending

def test_a_queued_message_reaches_the_gateway_as_json_with_the_bearer_token(app, gateway):
    gateway.expect_request("/v1/sms", method="POST", headers={"Authorization": f"Bearer {TOKEN}"}).respond_with_json({"id": "g-1"})
    message_id = queue(app, PHONE, "buyer_order_shipped",
                       {"order": "OB-41", "carrier": "India Post", "tracking": "EE123456789IN", "link": "http://localhost/orders/41"},
                       "en")
    assert stored(app, message_id).sent_at is None, "queued, not sent from the caller"
    with app.app_context():
        assert deliver_sms() == 1
    gateway.check_assertions()
    assert posted(gateway) == [{
        "to": PHONE, "sender": "ODOPBZ", "template_id": "1107000000000000002",
        "text": "ODOP Bazaar: your order OB-41 is on its way with India Post, tracking number EE123456789IN. "
                "http://localhost/orders/41",
    }]
    request = gateway.log[0][0]
    assert request.headers["Content-Type"].startswith("application/json")
    message = stored(app, message_id)
    assert message.sent_at is not None and message.attempts == 1 and message.error is None
    with app.app_context():
        assert deliver_sms() == 0, "a sent message is never sent again"
    assert len(gateway.log) == 1


def test_hindi_text_arrives_as_unicode(app, gateway):
    gateway.expect_request("/v1/sms", method="POST").respond_with_data("", status=202)
    queue(app, "98765 43210", "code_sign_in", {"code": "481516", "minutes": 10}, "hi")
    with app.app_context():
        assert deliver_sms() == 1
    raw = gateway.log[0][0].get_data()
    text = "ओडीओपी बाज़ार: 481516 आपका साइन इन कोड है, 10 मिनट तक मान्य। इसे कभी किसी को न बताएँ।"
    assert text.encode("utf-8") in raw, "UTF-8 Devanagari on the wire, not \\u escapes"
    assert posted(gateway)[0]["to"] == PHONE
    assert posted(gateway)[0]["template_id"] == "1107000000000000003", "the Hindi text's own DLT id"


def test_a_template_without_a_hindi_text_falls_back_to_english_and_an_unknown_locale_too(app):
    with app.app_context():
        message = send_sms(PHONE, "buyer_order_delivered", {"order": "OB-7", "link": "x"}, "fr")
        assert message.locale == "en" and message.text.startswith("ODOP Bazaar: your order OB-7")


def test_a_number_that_is_no_indian_mobile_is_refused(app):
    with app.app_context():
        for bad in ("+14155550100", "0522 2345678", "12345", ""):
            with pytest.raises(ValueError):
                send_sms(bad, "code_sign_in", {"code": "1", "minutes": 1}, "en")
        assert not db.session.new


def test_a_gateway_error_loses_nothing_and_the_message_goes_once_it_is_back(app, gateway):
    gateway.expect_oneshot_request("/v1/sms", method="POST").respond_with_data("busy", status=500)
    gateway.expect_request("/v1/sms", method="POST").respond_with_json({"ok": True})
    message_id = queue(app, PHONE, "buyer_order_delivered", {"order": "OB-9", "link": "http://localhost/orders/9"}, "en")
    with app.app_context():
        assert deliver_sms() == 0
    failed = stored(app, message_id)
    assert failed.sent_at is None and failed.attempts == 1 and "500" in failed.error and "busy" in failed.error
    assert failed.next_attempt_at > utcnow() + dt.timedelta(seconds=20), "it waits before trying again"
    with app.app_context():
        assert deliver_sms() == 0, "not before its time"
    assert len(gateway.log) == 1
    with app.app_context():
        assert deliver_sms(now=utcnow() + dt.timedelta(minutes=2)) == 1
    sent = stored(app, message_id)
    assert sent.sent_at is not None and sent.attempts == 2 and sent.error is None
    with app.app_context():
        assert deliver_sms(now=utcnow() + dt.timedelta(hours=3)) == 0
    assert len(gateway.log) == 2 and posted(gateway)[0] == posted(gateway)[1]


def test_a_gateway_that_is_down_is_tried_again_later(app):
    app.config.update(SMS_GATEWAY_URL=f"http://127.0.0.1:{unused_port()}/v1/sms", SMS_GATEWAY_TOKEN=TOKEN)
    message_id = queue(app, PHONE, "code_reset", {"code": "112233", "minutes": 15}, "en", secret=True)
    with app.app_context():
        assert deliver_sms() == 0
        assert deliver_sms(now=utcnow() + dt.timedelta(minutes=1)) == 0
    message = stored(app, message_id)
    assert message.sent_at is None and message.attempts == 2 and "ConnectionError" in message.error
    assert "112233" in message.text, "a code not yet sent is kept"
    assert message.next_attempt_at - utcnow() > dt.timedelta(seconds=50), "the second pause is longer"


def test_the_pause_between_tries_grows_and_is_capped_at_an_hour():
    assert [retry_pause(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_pause(30) == dt.timedelta(hours=1)


def test_a_code_is_blanked_once_the_gateway_has_it(app, gateway):
    gateway.expect_request("/v1/sms", method="POST").respond_with_json({})
    message_id = queue(app, PHONE, "code_sign_in", {"code": "654321", "minutes": 10}, "en", secret=True)
    with app.app_context():
        deliver_sms()
    assert "654321" in posted(gateway)[0]["text"]
    assert posted(gateway)[0]["template_id"] == "1107000000000000001", "English: the key without a language"
    message = stored(app, message_id)
    assert message.sent_at is not None and message.text == ""


def test_the_worker_sends_the_oldest_first_and_at_most_its_limit(app, gateway):
    gateway.expect_request("/v1/sms", method="POST").respond_with_json({})
    ids = [queue(app, PHONE, "buyer_order_delivered", {"order": f"OB-{n}", "link": "x"}, "en") for n in range(3)]
    with app.app_context():
        assert deliver_sms(limit=2) == 2
        assert deliver_sms(limit=2) == 1
    assert [body["text"].split()[4] for body in posted(gateway)] == ["OB-0", "OB-1", "OB-2"]
    assert all(stored(app, i).sent_at for i in ids)


def test_without_a_gateway_messages_are_logged_and_stay_in_the_outbox(app, caplog, monkeypatch):
    # The migrations' logging.config.fileConfig (run once per test session) disables loggers that
    # existed before it; the app's logging is untouched outside the tests.
    monkeypatch.setattr(logging.getLogger("marketplace.notifications.sms"), "disabled", False)
    with caplog.at_level(logging.INFO, logger="marketplace.notifications.sms"):
        message_id = queue(app, PHONE, "code_sign_in", {"code": "777888", "minutes": 10}, "en")
    assert any("777888" in record.getMessage() and PHONE in record.getMessage() for record in caplog.records)
    with app.app_context():
        assert deliver_sms() == 0
    assert stored(app, message_id).sent_at is None and stored(app, message_id).attempts == 0


def test_the_deliver_command_sends_what_is_due(app, gateway):
    gateway.expect_request("/v1/sms", method="POST").respond_with_json({})
    queue(app, PHONE, "buyer_order_delivered", {"order": "OB-1", "link": "x"}, "en")
    result = app.test_cli_runner().invoke(args=["sms", "deliver", "--limit", "5"])
    assert result.exit_code == 0 and "sent 1 SMS" in result.output
    assert len(gateway.log) == 1


def test_the_job_worker_sends_messages_as_their_transactions_commit_and_stops_on_sigterm(app, gateway, tmp_path):
    """``flask jobs worker`` as a process of its own (the way it is deployed), on this test's
    database; each committed message enqueues its job in the shared SQLite job store."""
    from marketplace import create_app, jobs
    from tests.conftest import make_test_config
    from tests.test_jobs import jobs_worker

    gateway.expect_request("/v1/sms", method="POST").respond_with_json({})
    store = tmp_path / "jobs.sqlite3"
    web = create_app(make_test_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"], JOBS_STORE="sqlite",
                                      JOBS_SQLITE_PATH=str(store), SMS_GATEWAY_URL=gateway.url_for("/v1/sms"),
                                      SMS_GATEWAY_TOKEN=TOKEN))
    first = queue(web, PHONE, "buyer_order_delivered", {"order": "OB-1", "link": "x"}, "en")
    assert jobs.queue_depth(web) == 1 and gateway.log == []
    env = {**os.environ, "ODOP_CONFIG": "development", "ODOP_INSTANCE_DIR": str(tmp_path),
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SMS_GATEWAY_URL": gateway.url_for("/v1/sms"),
           "SMS_GATEWAY_TOKEN": TOKEN, "MAIL_SERVER": "", "JOBS_STORE": "sqlite", "JOBS_SQLITE_PATH": str(store),
           "REDIS_URL": ""}
    with jobs_worker(env, "--no-periodic") as worker:
        wait_for(lambda: len(gateway.log) == 1)
        second = queue(web, PHONE, "buyer_order_delivered", {"order": "OB-2", "link": "x"}, "en")
        wait_for(lambda: len(gateway.log) == 2)
    assert worker.returncode == 0 and worker.output.rstrip().endswith("stopped"), worker.output
    assert stored(app, first).sent_at and stored(app, second).sent_at
    assert [body["text"].split()[4] for body in posted(gateway)] == ["OB-1", "OB-2"]


def test_the_sweep_sends_a_message_whose_retry_came_due(app, gateway):
    """The gateway failed the first time; the half-minute sweep (a periodic job) sends it."""
    from marketplace import jobs

    gateway.expect_oneshot_request("/v1/sms", method="POST").respond_with_data("busy", status=503)
    gateway.expect_request("/v1/sms", method="POST").respond_with_json({})
    message_id = queue(app, PHONE, "buyer_order_delivered", {"order": "OB-9", "link": "x"}, "en")
    assert jobs.drain(app) == 1  # the job of its commit: the gateway says 503
    assert stored(app, message_id).sent_at is None and stored(app, message_id).attempts == 1
    huey = jobs.huey_for(app)
    sweep = [task for task in huey.read_periodic(utcnow().replace(tzinfo=None)) if type(task).__name__ == "sweep_sms"]
    assert len(sweep) == 1
    huey.enqueue(sweep[0])
    jobs.drain(app)
    assert stored(app, message_id).sent_at is None, "its retry is 30 s away"
    assert huey.scheduled_count() == 1, "the sweep comes again in half a minute"
    with app.app_context():
        db.session.execute(OutboxSms.__table__.update().values(next_attempt_at=utcnow()))
        db.session.commit()
    assert jobs.drain(app, now=utcnow() + dt.timedelta(seconds=31)) == 1  # the half-minute run
    assert stored(app, message_id).sent_at is not None and len(gateway.log) == 2


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not send in time"
        time.sleep(0.05)


# ----------------------------------------------------------------------------------------- one per event

def test_an_event_never_makes_two_messages(app):
    params = {"order": "OB-3", "link": "x"}
    with app.app_context():
        first = send_sms(PHONE, "seller_new_order", params, "en", event_key="order-placed:3:seller")
        again_in_session = send_sms(PHONE, "seller_new_order", params, "en", event_key="order-placed:3:seller")
        db.session.commit()
        after_commit = send_sms(PHONE, "seller_new_order", params, "en", event_key="order-placed:3:seller")
        other = send_sms(PHONE, "seller_new_order", params, "en", event_key="order-placed:4:seller")
        db.session.commit()
        assert first is not None and again_in_session is None and after_commit is None and other is not None
        assert db.session.scalars(select(OutboxSms.event_key).order_by(OutboxSms.id)).all() == [
            "order-placed:3:seller", "order-placed:4:seller"]


def test_nothing_is_sent_when_the_callers_change_is_rolled_back(app):
    with app.app_context():
        send_sms(PHONE, "code_sign_in", {"code": "1", "minutes": 1}, "en", event_key="otc:rolled-back")
        db.session.rollback()
        assert db.session.scalars(select(OutboxSms)).all() == []
        assert send_sms(PHONE, "code_sign_in", {"code": "1", "minutes": 1}, "en", event_key="otc:rolled-back")


# ----------------------------------------------------------------------------------------- codes from accounts

def test_a_code_for_a_phone_becomes_an_sms_and_for_an_address_a_mail(app):
    with app.app_context():
        send_code.send("sms", destination=PHONE, purpose=CodePurpose.SIGN_IN, code="246810", link=None,
                       locale="hi", minutes=10, event_key="otc:1")
        send_code.send("sms", destination=PHONE, purpose=CodePurpose.SIGN_IN, code="246810", link=None,
                       locale="hi", minutes=10, event_key="otc:1")
        send_code.send("sms", destination=PHONE, purpose=CodePurpose.CLAIM, code=None, link="/account/claim/tok",
                       locale="en", minutes=60, event_key="otc:2")
        send_code.send("email", destination="reader@example.com", purpose=CodePurpose.RESET, code=None,
                       link="/account/reset/tok", locale="hi", minutes=30, event_key="otc:3")
        send_code.send("email", destination="reader@example.com", purpose=CodePurpose.SIGN_IN, code="112358",
                       link=None, locale="en", minutes=10, event_key="otc:4")
        db.session.commit()
        sms = db.session.scalars(select(OutboxSms).order_by(OutboxSms.id)).all()
        mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    assert [(m.template, m.locale, m.secret, m.event_key) for m in sms] == [
        ("code_sign_in", "hi", True, "otc:1"), ("invitation", "en", True, "otc:2")]
    assert "246810" in sms[0].text and "10 मिनट" in sms[0].text
    assert "http://localhost/account/claim/tok" in sms[1].text  # a claim is a link, no code
    reset, sign_in = mails
    assert reset.subject == "ओडीओपी बाज़ार का नया पासवर्ड बनाएँ" and "30 मिनट" in reset.body
    assert "http://localhost/account/reset/tok" in reset.body and "न बताएँ" in reset.body
    assert sign_in.subject == "Your ODOP Bazaar sign-in code" and "112358" in sign_in.body
    assert "valid for 10 minutes" in sign_in.body and "Never share" in sign_in.body


# ----------------------------------------------------------------------------------------- notify over SMS

@pytest.fixture
def phone_user(app, make_user):
    """``phone_user(channels, verified=True, locale="en", phone=...) -> User`` with a mobile number."""
    numbers = iter(f"+91987650{n:04d}" for n in range(1, 10000))

    def factory(channels: str = "app,email,sms", verified: bool = True, locale: str = "en"):
        user = make_user(locale=locale, phone=next(numbers))
        with app.app_context():
            stored_user = db.session.get(User, user.id)
            stored_user.notice_channels = channels
            stored_user.phone_verified_at = utcnow() if verified else None
            db.session.commit()
            return stored_user

    return factory


def shipped(order: str = "OB-5"):
    return ("buyer_order_shipped", {"order": order, "carrier": "DTDC", "tracking": "D123"})


def what_was_queued(app):
    with app.app_context():
        return (db.session.scalars(select(Notification)).all(), db.session.scalars(select(OutboxMail)).all(),
                db.session.scalars(select(OutboxSms)).all())


def test_notify_sends_an_sms_in_the_users_language_to_a_verified_number(app, phone_user):
    user = phone_user(locale="hi")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        notify(user, _l("Page not found"), link="/orders/5", sms=shipped())
        db.session.commit()
    notes, mails, sms = what_was_queued(app)
    assert len(notes) == 1 and len(mails) == 1
    assert [m.to_phone for m in sms] == [user.phone]
    assert sms[0].text == "ओडीओपी बाज़ार: आपका ऑर्डर OB-5 भेज दिया गया है, DTDC से, ट्रैकिंग नंबर D123। http://localhost/orders/5"
    assert not sms[0].secret


@pytest.mark.parametrize("channels, verified, expected", [
    ("app,email,sms", True, (1, 1, 1)),
    ("app,sms", True, (1, 0, 1)),
    ("app,email", True, (1, 1, 0)),
    ("app", True, (1, 0, 0)),
    ("app,email,sms", False, (1, 1, 0)),  # an unverified number gets nothing
])
def test_notify_honours_the_channels_the_user_chose(app, phone_user, channels, verified, expected):
    user = phone_user(channels, verified=verified)
    with app.test_request_context():
        notify(user, "Your order is on its way", link="/orders/5", sms=shipped())
        db.session.commit()
    assert tuple(len(rows) for rows in what_was_queued(app)) == expected


def test_notify_without_an_sms_sends_none_and_existing_calls_still_work(app, phone_user):
    user = phone_user()
    with app.test_request_context():
        notify(user, "Plain", "body", "/x")
        notify(user, "No mail", mail=False)
        db.session.commit()
    notes, mails, sms = what_was_queued(app)
    assert len(notes) == 2 and len(mails) == 1 and sms == []


def test_notify_with_an_event_key_tells_of_an_event_once(app, phone_user):
    user = phone_user()
    with app.test_request_context():
        assert notify(user, "Shipped", link="/orders/5", sms=shipped(), event_key="shipped:5") is not None
        assert notify(user, "Shipped", link="/orders/5", sms=shipped(), event_key="shipped:5") is None
        db.session.commit()
        assert notify(user, "Shipped", link="/orders/5", sms=shipped(), event_key="shipped:5") is None
        db.session.commit()
    assert tuple(len(rows) for rows in what_was_queued(app)) == (1, 1, 1)


# ----------------------------------------------------------------------------------------- two workers

def run_worker(app, results: list) -> None:
    with app.app_context():
        results.append(deliver_sms())
        db.session.remove()


@pytest.mark.postgres
def test_two_workers_never_send_one_message_twice(app, gateway):
    """A message one worker holds (its row locked while it talks to the gateway) is skipped by
    the other, which goes on with the next one."""
    gateway.expect_request("/v1/sms", method="POST").respond_with_json({})
    first = queue(app, PHONE, "buyer_order_delivered", {"order": "OB-1", "link": "x"}, "en")
    second = queue(app, PHONE, "buyer_order_delivered", {"order": "OB-2", "link": "x"}, "en")
    results = []
    with app.app_context():
        other_worker = db.engine.connect()
        try:
            held = other_worker.execute(
                select(OutboxSms.id).where(OutboxSms.id == first).with_for_update(skip_locked=True)).scalar()
            assert held == first
            worker = threading.Thread(target=run_worker, args=(app, results))
            worker.start()
            worker.join(timeout=10)
            assert not worker.is_alive(), "the worker waited for the held message instead of skipping it"
        finally:
            other_worker.rollback()
            other_worker.close()
    worker.join()
    assert results == [1] and [body["text"].split()[4] for body in posted(gateway)] == ["OB-2"]
    assert stored(app, first).sent_at is None and stored(app, second).sent_at is not None
