"""The producers' helpdesk: routed to the district's DIC, answered in a thread, asker told."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.admin.models import AuditEntry, HelpQuestion
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from tests.fixtures.admin import district_id


def _ask(client, app, **overrides):
    with app.app_context():
        did = district_id(overrides.pop("district", "varanasi"))
    data = {"district_id": did, "topic": "schemes", "subject": "करघे के लिए ऋण",
            "body": "मुझे दो नए करघों के लिए ऋण चाहिए। कौन सी योजना ठीक रहेगी?", **overrides}
    return client.post("/help/ask", data=data)


def test_question_goes_to_the_districts_officers_only(app, make_officer, make_user, staff_client):
    varanasi_officer = make_officer("varanasi", locale="en")
    agra_officer = make_officer("agra", locale="en")
    asker = make_user(role=Role.SELLER, locale="hi")
    response = _ask(staff_client(asker), app)
    assert response.status_code == 302
    with app.app_context():
        q = db.session.scalar(select(HelpQuestion))
        assert q.asker_id == asker.id and q.status == "open" and q.language == "hi"
        notified = set(db.session.scalars(select(Notification.user_id)))
    assert notified == {varanasi_officer.id}
    assert "करघे के लिए ऋण" in staff_client(varanasi_officer).get("/admin/helpdesk").get_data(as_text=True)
    assert staff_client(agra_officer).get(f"/admin/helpdesk/{q.id}").status_code == 404


def test_question_without_an_officer_goes_to_the_odop_cell(app, cell_admin, make_user, staff_client):
    asker = make_user(role=Role.BUYER)
    assert _ask(staff_client(asker), app, district="lalitpur").status_code == 302
    with app.app_context():
        assert set(db.session.scalars(select(Notification.user_id))) == {cell_admin.id}


def test_bad_question_is_refused_with_nothing_stored(app, districts, make_user, staff_client):
    client = staff_client(make_user())
    assert _ask(client, app, topic="astrology").status_code == 400
    assert _ask(client, app, subject="").status_code == 400
    assert client.post("/help/ask", data={"district_id": 987654, "topic": "schemes", "subject": "a", "body": "b"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(HelpQuestion.id)) is None


@pytest.mark.both_databases
def test_answer_notifies_asker_sets_response_time_and_thread_shows(app, make_officer, make_user, staff_client):
    officer = make_officer("varanasi", locale="en")
    asker = make_user(role=Role.SELLER, locale="hi")
    _ask(staff_client(asker), app)
    with app.app_context():
        q = db.session.scalar(select(HelpQuestion))
        q.created_at = q.created_at - dt.timedelta(hours=5)
        db.session.commit()
    response = staff_client(officer).post(f"/admin/helpdesk/{q.id}", data={"body": "ओडीओपी मार्जिन मनी योजना देखें।"})
    assert response.status_code == 302
    with app.app_context():
        q = db.session.get(HelpQuestion, q.id)
        assert q.status == "answered" and 4.9 < q.response_hours < 5.1
        note = db.session.scalar(select(Notification).where(Notification.user_id == asker.id))
        assert note is not None and note.link == f"/help/{q.id}"
        assert db.session.scalar(select(AuditEntry.action)) == "helpdesk.answer"
    thread = staff_client(asker).get(f"/help/{q.id}").get_data(as_text=True)
    assert "ओडीओपी मार्जिन मनी योजना देखें।" in thread
    # another person cannot read it
    assert staff_client(make_user()).get(f"/help/{q.id}").status_code == 404
    # a follow-up reopens it for the DIC
    assert staff_client(asker).post(f"/help/{q.id}", data={"body": "धन्यवाद, आवेदन कहाँ जमा करूँ?"}).status_code == 302
    with app.app_context():
        assert db.session.get(HelpQuestion, q.id).status == "open"
        assert len(db.session.get(HelpQuestion, q.id).replies) == 2


def test_empty_answer_is_a_form_error(app, make_officer, make_question, staff_client):
    officer = make_officer("varanasi", locale="en")
    q = make_question("varanasi")
    assert staff_client(officer).post(f"/admin/helpdesk/{q.id}", data={"body": "  "}).status_code == 400
    with app.app_context():
        assert db.session.get(HelpQuestion, q.id).status == "open"


@pytest.mark.both_databases
def test_closed_question_takes_no_more_answers(app, make_officer, make_question, staff_client):
    officer = make_officer("varanasi", locale="en")
    q = make_question("varanasi")
    client = staff_client(officer)
    assert client.post(f"/admin/helpdesk/{q.id}/close").status_code == 302
    assert client.post(f"/admin/helpdesk/{q.id}", data={"body": "late answer"}).status_code == 400


def test_schemes_directory_is_public_and_bilingual(client):
    page = client.get("/schemes").get_data(as_text=True)
    assert "Pradhan Mantri Mudra Yojana" in page and "PMEGP" in page
    detail = client.get("/schemes/pmegp", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert "प्रधानमंत्री रोजगार सृजन कार्यक्रम" in detail and "kviconline.gov.in" in detail
    assert client.get("/schemes/no-such-scheme").status_code == 404


def test_ask_form_starts_at_the_sellers_own_district(app, make_seller, make_user, staff_client):
    owner = make_user(role=Role.SELLER, locale="en")
    make_seller("ghazipur", user=owner)
    page = staff_client(owner).get("/help/ask").get_data(as_text=True)
    with app.app_context():
        gid = district_id("ghazipur")
    assert f'<option selected value="{gid}">' in page or f'value="{gid}" selected' in page
