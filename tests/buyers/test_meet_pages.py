"""Meet pages and the JSON API: who may see what, and what a user sees."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.buyers import meets, timetable
from marketplace.buyers.models import Registration, Samagam
from marketplace.extensions import db
from tests.fixtures.accounts import AuthActions


def client_for(app, user):
    client = app.test_client()
    assert AuthActions(client).login(user).status_code == 302
    return client


@pytest.fixture
def scheduled(app, meet_world):
    with app.app_context():
        meets.run_matching(meet_world.organiser, meet_world.meet.id)
        timetable.build_timetable(meet_world.organiser, meet_world.meet.id)
    return meet_world


def test_public_pages_list_meets_and_participants(app, client, meet_world):
    page = client.get("/meets/")
    assert page.status_code == 200 and b"Meet " in page.data
    detail = client.get(f"/meets/{meet_world.meet.id}")
    assert detail.status_code == 200
    assert "Crafts".encode() in detail.data  # a seller's enterprise name
    assert client.get("/meets/987654").status_code == 404


@pytest.mark.parametrize("path", ["", "/timetable", "/dashboard", "/checkin", "/print/participants",
                                  "/print/tables", "/meetings.csv"])
def test_organiser_pages_are_for_the_meets_own_organisers(app, scheduled, login_as, path):
    w = scheduled
    url = f"/meets/manage/{w.meet.id}{path}"
    assert client_for(app, w.organiser).get(url).status_code == 200
    assert client_for(app, w.outsider).get(url).status_code == 404
    buyer_client, _ = login_as(Role.BUYER)
    assert buyer_client.get(url).status_code == 403
    admin_client, _ = login_as(Role.ADMIN)
    assert admin_client.get(url).status_code == 200
    assert app.test_client().get(url).status_code in (302, 401)


def test_organiser_creates_meet_and_imports_csv_through_the_form(app, make_organiser):
    organiser = make_organiser("varanasi")
    client = client_for(app, organiser)
    with app.app_context():
        from marketplace.catalog.models import District
        varanasi = db.session.scalar(select(District.id).where(District.slug == "varanasi"))
    response = client.post("/meets/manage/new", data={
        "title_en": "Kashi Meet", "title_hi": "", "district_ids": [varanasi], "venue": "Sankul",
        "starts_on": "2030-01-10", "ends_on": "2030-01-11", "registration_closes_on": "2030-01-05",
        "meeting_minutes": 20, "slots_per_day": 6, "day_start": "10:00", "tables": 5,
        "break_after_slots": "3"})
    assert response.status_code == 302
    with app.app_context():
        meet = db.session.scalar(select(Samagam).where(Samagam.title_en == "Kashi Meet"))
    bad = client.post("/meets/manage/new", data={"title_en": "X", "district_ids": [varanasi],
                                                 "venue": "V", "starts_on": "2030-01-10",
                                                 "ends_on": "2030-01-01",
                                                 "registration_closes_on": "2030-01-01",
                                                 "meeting_minutes": 20, "slots_per_day": 6,
                                                 "day_start": "10:00", "tables": 5})
    assert bad.status_code == 200 and b"cannot end before" in bad.data
    csv_bytes = b"email,name,role\nform.buyer@example.com,Form Buyer,buyer\n"
    r = client.post(f"/meets/manage/{meet.id}/import",
                    data={"file": (io.BytesIO(csv_bytes), "regs.csv")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert b"1 registrations imported" in r.data
    r = client.post(f"/meets/manage/{meet.id}/import",
                    data={"file": (io.BytesIO(b"not,a\ncsv,file\n"), "regs.csv")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert b"the column role and a column email or phone" in r.data


def test_participant_sees_recommendations_and_requests_a_meeting(app, meet_world):
    w = meet_world
    client = client_for(app, w.buyers[0])
    page = client.get(f"/meets/{w.meet.id}/mine")
    assert page.status_code == 200 and b"Suggested for you" in page.data
    assert b"both:" in page.data
    with app.app_context():
        target = meets.own_registration(w.seller_users[0], w.meet.id).id
    r = client.post(f"/meets/{w.meet.id}/request/{target}", data={"message": "hi"},
                    follow_redirects=True)
    assert b"Request sent" in r.data
    # someone not registered has no meet page
    assert client_for(app, w.organiser).get(f"/meets/{w.meet.id}/mine").status_code == 403


def test_hindi_reasons_on_the_participant_page(app, meet_world, make_buyer):
    w = meet_world
    client = client_for(app, w.buyers[1])
    client.set_cookie("lang", "hi")
    with app.app_context():
        from marketplace.accounts.models import User
        db.session.get(User, w.buyers[1].id).locale = "hi"
        db.session.commit()
    page = client.get(f"/meets/{w.meet.id}/mine")
    assert "दोनों:".encode() in page.data


def test_print_pages_carry_a_qr_code_and_the_checkin_link_works(app, scheduled):
    w = scheduled
    client = client_for(app, w.organiser)
    with app.app_context():
        reg = meets.own_registration(w.buyers[0], w.meet.id)
        code = reg.checkin_code
    sheet = client.get(f"/meets/manage/{w.meet.id}/print/participants?registration={reg.id}")
    assert b"<svg" in sheet.data and code.encode() in sheet.data
    tables = client.get(f"/meets/manage/{w.meet.id}/print/tables")
    assert b"Table 1" in tables.data
    page = client.get(f"/meets/manage/{w.meet.id}/checkin?code={code}")
    assert code.encode() in page.data
    assert b"Reason for checking in outside the meet" in page.data  # three weeks before the meet
    r = client.post(f"/meets/manage/{w.meet.id}/checkin", data={"code": code}, follow_redirects=True)
    assert b"Check-in opens on the meet" in r.data and b"is checked in" not in r.data
    r = client.post(f"/meets/manage/{w.meet.id}/checkin", data={"code": code, "reason": "came early"},
                    follow_redirects=True)
    assert b"is checked in" in r.data
    r = client.post(f"/meets/manage/{w.meet.id}/checkin", data={"code": "WRONG", "reason": "early"})
    assert b"No participant of this meet has that code" in r.data


def test_pin_remove_and_publish_buttons(app, scheduled):
    w = scheduled
    client = client_for(app, w.organiser)
    with app.app_context():
        ms = timetable.meetings_of(db.session.get(Samagam, w.meet.id))
        first, second = ms[0].id, ms[1].id
    assert client.post(f"/meets/manage/meetings/{first}/pin").status_code == 302
    assert client.post(f"/meets/manage/meetings/{second}/remove").status_code == 302
    assert client_for(app, w.outsider).post(f"/meets/manage/meetings/{first}/unpin").status_code == 404
    r = client.post(f"/meets/manage/{w.meet.id}/publish", follow_redirects=True)
    assert b"participants were notified" in r.data


def test_api_lists_meets_and_gives_schedules_to_the_right_people(app, scheduled, login_as):
    w = scheduled
    data = app.test_client().get("/api/v1/meets").get_json()
    assert any(m["id"] == w.meet.id for m in data["upcoming"])
    url = f"/api/v1/meets/{w.meet.id}/schedule"
    assert app.test_client().get(url).status_code == 401
    full = client_for(app, w.organiser).get(url).get_json()
    assert full["scope"] == "all" and len(full["meetings"]) == 12
    buyer = client_for(app, w.buyers[0])
    assert buyer.get(url).get_json()["meetings"] == []  # not published yet
    with app.app_context():
        timetable.publish_timetable(w.organiser, w.meet.id)
    own = buyer.get(url).get_json()
    assert own["scope"] == "own" and len(own["meetings"]) == 3
    with app.app_context():
        mine = meets.own_registration(w.buyers[0], w.meet.id).id
    assert all(m["buyer"]["registration_id"] == mine for m in own["meetings"])
    stranger, _ = login_as(Role.BUYER)
    response = stranger.get(url)
    assert response.status_code == 404 and response.get_json()["error"]["code"]
    assert client_for(app, w.outsider).get(url).status_code == 404


def test_buyer_profile_form_saves_and_rejects_bad_budget(app, login_as):
    client, user = login_as(Role.BUYER)
    assert client.get("/meets/profile").status_code == 200
    r = client.post("/meets/profile", data={"buyer_type": "wholesaler", "budget_min_rupees": "500",
                                            "budget_max_rupees": "100"}, follow_redirects=True)
    assert b"cannot be above" in r.data
    r = client.post("/meets/profile", data={"buyer_type": "wholesaler", "organisation": "Joshi",
                                            "monthly_volume_units": "300", "languages": ["hi"],
                                            "budget_min_rupees": "100", "budget_max_rupees": "500"},
                    follow_redirects=True)
    assert b"profile is saved" in r.data
