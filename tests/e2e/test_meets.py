"""An organiser runs a meet in a real browser: create it, take registrations (on behalf and by
CSV), run matching, build, pin and publish the timetable, print schedules and check people in."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e
PASSWORD = "meet-pass-2019"


def seed(app) -> dict:
    """Districts, a Varanasi organiser, two verified sellers with listings, three buyers."""
    from marketplace.accounts import services
    from marketplace.accounts.models import Role
    from marketplace.catalog.districts import load_districts
    from marketplace.catalog.models import District, Listing, Seller, organiser_districts
    from marketplace.database import utcnow
    from marketplace.extensions import db

    with app.app_context():
        load_districts()
        varanasi = db.session.scalar(select(District).where(District.slug == "varanasi"))
        organiser = services.create_user("dic@example.com", PASSWORD, "DIC Varanasi",
                                         role=Role.ORGANISER)
        db.session.execute(organiser_districts.insert().values(user_id=organiser.id,
                                                               district_id=varanasi.id))
        for i in range(2):
            user = services.create_user(f"weaver{i}@example.com", PASSWORD, f"Weaver {i}",
                                        role=Role.SELLER)
            seller = Seller(user_id=user.id, slug=f"weaver-{i}", district_id=varanasi.id,
                            enterprise_name_en=f"Kashi Silk Weavers {i}",
                            enterprise_name_hi=f"काशी रेशम बुनकर {i}", pin_code="221001",
                            status="verified", verified_at=utcnow(), capacity_units_per_month=500)
            db.session.add(seller)
            db.session.flush()
            db.session.add(Listing(seller_id=seller.id, category_id=varanasi.odop_category_id,
                                   slug=f"saree-{i}", sku=f"S{i}", title_en=f"Banarasi saree {i}",
                                   title_hi=f"बनारसी साड़ी {i}", price_paise=500000, stock=20,
                                   moq=1, weight_g=700, length_cm=30, width_cm=20, height_cm=5,
                                   status="published", published_at=utcnow()))
        for i in range(3):
            services.create_user(f"shop{i}@example.com", PASSWORD, f"Shop {i}", role=Role.BUYER)
        db.session.commit()
        return {"varanasi": varanasi.id}


def test_organiser_runs_a_meet_from_creation_to_check_in(live_server, page, tmp_path):
    ids = seed(live_server.app)
    url = live_server.url
    page.goto(url + "/account/login")
    page.get_by_label("Email").fill("dic@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # create the meet
    page.goto(url + "/meets/manage/new")
    start = dt.date.today() + dt.timedelta(days=20)
    page.get_by_label("Name (English)").fill("Kashi Buyer-Seller Meet")
    page.get_by_label("Name (Hindi)").fill("काशी उद्यम समागम")
    page.get_by_label("Districts").select_option(str(ids["varanasi"]))
    page.get_by_label("Venue").fill("Deendayal Hastkala Sankul")
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Last day").fill((start + dt.timedelta(days=1)).isoformat())
    page.get_by_label("Registration closes on").fill((start - dt.timedelta(days=5)).isoformat())
    page.get_by_label("Meeting slots per day").fill("4")
    page.get_by_label("Tables", exact=True).fill("2")
    page.get_by_role("button", name="Create the meet").click()
    expect(page.locator("body")).to_contain_text("The meet is created")

    # registrations: a weaver on their behalf, and the rest from a CSV
    page.get_by_label("Email of the participant's account").fill("weaver0@example.com")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator("body")).to_contain_text("Weaver 0 is registered.")
    csv_path = tmp_path / "registrations.csv"
    csv_path.write_text("email,name,role,unavailable_slots\nweaver1@example.com,,seller,\n"
                        "shop0@example.com,,buyer,1\nshop1@example.com,,buyer,\n"
                        "shop2@example.com,,buyer,8\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(str(csv_path))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("body")).to_contain_text("4 registrations imported.")
    expect(page.locator("#registrations tbody tr")).to_have_count(5)

    # matching and the timetable
    page.get_by_role("button", name="Run matching").click()
    expect(page.locator("body")).to_contain_text("Matching done: 6 leads.")
    page.get_by_role("button", name="Build the timetable").click()
    expect(page.locator("body")).to_contain_text("Timetable built: 6 meetings")
    page.get_by_role("button", name="Pin", exact=True).first.click()
    expect(page.locator("tr.pinned")).to_have_count(1)
    page.get_by_role("button", name="Re-run (pinned meetings stay)").click()
    expect(page.locator("tr.pinned")).to_have_count(1)
    page.get_by_role("button", name="Publish and notify participants").click()
    expect(page.locator("body")).to_contain_text("5 participants were notified")
    screenshot(page, "meet-timetable")

    # print: one A4 sheet per participant with a QR code; one per table
    page.get_by_role("link", name="Print participant schedules").click()
    expect(page.locator("section.sheet")).to_have_count(5)
    assert page.locator("section.sheet .qr svg").count() == 5
    code = page.locator("section.sheet .code").first.inner_text()
    page.get_by_role("button", name="Print").click()  # wired by app.js: inline onclick is blocked by the CSP
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()  # waits: the print styles apply a frame later
    page.emulate_media(media="screen")
    page.go_back()
    page.get_by_role("link", name="Print table schedules").click()
    expect(page.locator("body")).to_contain_text("Table 1")

    # check-in by typing the code printed on the sheet; the meet is weeks away, so the organiser
    # must say why somebody is checked in early
    page.goto(page.url.split("/print")[0] + "/checkin")
    page.get_by_label("Check-in code").fill(code)
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("body")).to_contain_text("Check-in opens on the meet's days")
    page.get_by_label("Check-in code").fill(code)
    page.get_by_label("Reason for checking in outside the meet's days").fill("rehearsal with the DIC team")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("body")).to_contain_text("is checked in.")
    expect(page.locator("body")).to_contain_text("1 of 5 participants have arrived.")
    screenshot(page, "meet-checkin")
