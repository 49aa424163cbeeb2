"""Freight rate versions at the ODOP cell: a new version with an effective date (never an edit),
validation that stores nothing on error, delete only before it starts, audited, roles."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.admin import freight_rates
from marketplace.admin.models import AuditEntry
from marketplace.admin.periods import KOLKATA
from marketplace.extensions import db
from marketplace.orders import freight
from marketplace.orders.models import FreightRateVersion

UTC = dt.timezone.utc


def today_ist() -> dt.date:
    return dt.datetime.now(UTC).astimezone(KOLKATA).date()


def new_version_form(app, label="2027-NEW", day=None, **changes) -> dict:
    """The form as the page fills it from the version in force, named and dated (in 3 days)."""
    with app.app_context():
        data = freight_rates.form_data(freight.current_rate_version())
    data.update(label=label, effective_date=(day or today_ist() + dt.timedelta(days=3)).isoformat())
    data.update(changes)
    return data


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(FreightRateVersion)),
                db.session.scalar(select(func.count()).select_from(AuditEntry)))


def test_cell_page_shows_the_version_in_force_and_a_prefilled_form(app, cell_admin, staff_client):
    page = staff_client(cell_admin).get("/admin/freight-rates")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2026-04" in text and "in force" in text and "Save new version" in text
    assert 'name="within_up_price_0" type="text" value="60"' in text.replace('inputmode="decimal" ', "")
    assert 'name="rest_of_india_extra"' in text


@pytest.mark.both_databases
def test_cell_adds_a_future_version_with_prices_in_paise_and_an_audit_entry(app, cell_admin, staff_client):
    day = today_ist() + dt.timedelta(days=3)
    form = new_version_form(app, day=day, within_up_price_0="65.50", within_up_extra="45",
                            within_up_weight_4="10000", within_up_price_4="400", note="Courier tariff 2027")
    response = staff_client(cell_admin).post("/admin/freight-rates", data=form)
    assert response.status_code == 302
    with app.app_context():
        v = db.session.scalar(select(FreightRateVersion).where(FreightRateVersion.label == "2027-NEW"))
        assert v.effective_from == dt.datetime.combine(day, dt.time(0), tzinfo=KOLKATA).astimezone(UTC)
        assert v.created_by_id == cell_admin.id and v.note == "Courier tariff 2027"
        slabs = v.zones["within_up"]["slabs"]
        assert slabs[0] == {"max_weight_g": 500, "price_paise": 6550}
        assert slabs[-1] == {"max_weight_g": 10000, "price_paise": 40000}
        assert v.zones["within_up"]["extra_per_kg_paise"] == 4500
        assert v.zones["rest_of_india"] == freight.rate_document(freight.default_rate_table())["zones"]["rest_of_india"]
        # not in force yet: checkout still prices with the shipped table
        assert freight.current_rate_table().version == "2026-04"
        assert freight.current_rate_table(v.effective_from).version == "2027-NEW"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "freight_rates.new_version"))
        assert entry.actor_id == cell_admin.id and entry.object_id == v.id
        assert entry.before["label"] == "2026-04" and entry.after["label"] == "2027-NEW"
        assert entry.before["zones"]["within_up"]["extra_per_kg_paise"] == 4000
        assert entry.after["zones"]["within_up"]["extra_per_kg_paise"] == 4500
        assert "zones" in entry.after and "volumetric_divisor" not in entry.after  # only what changed


def test_a_version_dated_today_takes_effect_from_the_moment_it_is_saved(app, cell_admin, staff_client):
    before = dt.datetime.now(UTC)
    form = new_version_form(app, label="TODAY", day=today_ist(), same_district_price_0="45")
    assert staff_client(cell_admin).post("/admin/freight-rates", data=form).status_code == 302
    with app.app_context():
        v = db.session.scalar(select(FreightRateVersion).where(FreightRateVersion.label == "TODAY"))
        assert before <= v.effective_from <= dt.datetime.now(UTC)
        assert freight.current_rate_table().version == "TODAY"
        assert freight.current_rate_table(before - dt.timedelta(seconds=1)).version == "2026-04"


@pytest.mark.parametrize("changes,field,message", [
    ({"effective_date": "2020-01-01"}, "effective_date", "must take effect today or later"),
    ({"effective_date": "01/02/2030"}, "effective_date", "YYYY-MM-DD"),
    ({"label": ""}, "label", "Give the version a name"),
    ({"label": "2026-04"}, "label", "already exists"),
    ({"label": "x" * 21}, "label", "too long"),
    ({"volumetric_divisor": "0"}, "volumetric_divisor", "volumetric divisor"),
    ({"volumetric_divisor": "50.5"}, "volumetric_divisor", "volumetric divisor"),
    ({"within_up_weight_1": "400"}, "within_up_weight_1", "higher weight than the band above"),
    ({"within_up_weight_1": "500"}, "within_up_weight_1", "higher weight than the band above"),
    ({"within_up_weight_1": "1.5"}, "within_up_weight_1", "whole grams"),
    ({"within_up_weight_1": "-1000"}, "within_up_weight_1", "whole grams"),
    ({"within_up_weight_1": "10²"}, "within_up_weight_1", "whole grams"),
    ({"within_up_weight_1": "99999999999999999999"}, "within_up_weight_1", "whole grams"),
    ({"within_up_price_1": "ninety"}, "within_up_price_1", "amount in rupees"),
    ({"within_up_price_3": "200000"}, "within_up_price_3", "at most ₹1,00,000"),
    ({"within_up_weight_0": "0"}, "within_up_weight_0", "above 0"),
    ({"same_district_price_2": "0"}, "same_district_price_2", "more than ₹0"),
    ({"same_district_price_2": "-5"}, "same_district_price_2", "amount in rupees"),
    ({"same_district_price_2": "9.999"}, "same_district_price_2", "amount in rupees"),
    ({"same_district_price_2": "10"}, "same_district_price_2", "may not cost less"),
    ({"rest_of_india_price_3": ""}, "rest_of_india_price_3", "Give the price of this band"),
    ({"rest_of_india_weight_3": ""}, "rest_of_india_weight_3", "Give the weight limit"),
    ({"rest_of_india_extra": ""}, "rest_of_india_extra", "each kilogram above the last band"),
    ({"within_up_extra": "0"}, "within_up_extra", "more than ₹0"),
    ({f"same_district_{w}_{i}": "" for w in ("weight", "price") for i in range(4)},
     "same_district_weight_0", "at least one weight band"),
])
def test_bad_rate_tables_are_refused_on_their_field_and_nothing_is_saved(app, cell_admin, staff_client,
                                                                          changes, field, message):
    before = counts(app)
    response = staff_client(cell_admin).post("/admin/freight-rates", data=new_version_form(app, **changes))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f'id="{field}-err"' in text
    error = text.split(f'id="{field}-err">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert counts(app) == before


def test_devanagari_digits_are_read_as_numbers(app, cell_admin):
    draft = freight_rates.draft_from_form(new_version_form(app, within_up_weight_0="५००").get, 6)
    assert draft.zones["within_up"].bands[0].max_weight_g == 500 and not draft.problems


def test_every_problem_is_reported_at_once(app, cell_admin, staff_client):
    form = new_version_form(app, label="", within_up_extra="", rest_of_india_weight_2="100")
    text = staff_client(cell_admin).post("/admin/freight-rates", data=form).get_data(as_text=True)
    assert all(f'id="{f}-err"' in text for f in ("label", "within_up_extra", "rest_of_india_weight_2"))


def test_two_versions_may_not_start_on_the_same_day(app, cell_admin, staff_client):
    client = staff_client(cell_admin)
    day = today_ist() + dt.timedelta(days=10)
    assert client.post("/admin/freight-rates", data=new_version_form(app, label="A", day=day)).status_code == 302
    response = client.post("/admin/freight-rates", data=new_version_form(app, label="B", day=day))
    assert response.status_code == 400 and "Another rate version starts on that day" in response.get_data(as_text=True)


@pytest.mark.both_databases
def test_a_future_version_can_be_deleted_a_started_one_never(app, cell_admin, staff_client):
    client = staff_client(cell_admin)
    assert client.post("/admin/freight-rates", data=new_version_form(app, label="LATER")).status_code == 302
    with app.app_context():
        later = db.session.scalar(select(FreightRateVersion.id).where(FreightRateVersion.label == "LATER"))
        current = freight.current_rate_version().id
        old = FreightRateVersion(label="OLD", effective_from=dt.datetime(2018, 1, 1, tzinfo=UTC),
                                 volumetric_divisor=5000, zones=freight.rate_document(freight.default_rate_table())["zones"])
        db.session.add(old)
        db.session.commit()
        old_id = old.id
    page = client.get("/admin/freight-rates").get_data(as_text=True)
    assert f"/admin/freight-rates/{later}/delete" in page
    assert f"/admin/freight-rates/{current}/delete" not in page and f"/admin/freight-rates/{old_id}/delete" not in page
    for started in (current, old_id):
        response = client.post(f"/admin/freight-rates/{started}/delete", follow_redirects=True)
        assert "can never be deleted" in response.get_data(as_text=True)
    assert client.post("/admin/freight-rates/99999/delete").status_code == 404
    with app.app_context():
        assert db.session.get(FreightRateVersion, current) and db.session.get(FreightRateVersion, old_id)
        assert not db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "freight_rates.delete"))
    assert client.post(f"/admin/freight-rates/{later}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(FreightRateVersion, later) is None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "freight_rates.delete"))
        assert entry.before["label"] == "LATER" and entry.object_id == later


def test_a_version_becomes_undeletable_once_it_starts(app, cell_admin):
    now = dt.datetime.now(UTC)
    with app.app_context():
        draft = freight_rates.draft_from_form(new_version_form(app, label="SOON").get, 6)
        version = freight_rates.add_rate_version(cell_admin, draft, now=now)
        with pytest.raises(freight_rates.RateVersionStarted):
            freight_rates.delete_rate_version(cell_admin, version.id, now=version.effective_from)
        assert db.session.get(FreightRateVersion, version.id) is not None


def test_officers_may_look_but_not_change(app, make_officer, staff_client, cell_admin):
    officer = staff_client(make_officer("varanasi", locale="en"))
    page = officer.get("/admin/freight-rates")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2026-04" in text and "Save new version" not in text and "/delete" not in text
    before = counts(app)
    assert officer.post("/admin/freight-rates", data=new_version_form(app)).status_code == 403
    with app.app_context():
        version_id = freight.current_rate_version().id
    assert officer.post(f"/admin/freight-rates/{version_id}/delete").status_code == 403
    with app.app_context():
        officer_user = db.session.scalar(select(type(cell_admin)).where(type(cell_admin).role == Role.ORGANISER))
        with pytest.raises(freight_rates.PermissionDenied):
            freight_rates.add_rate_version(officer_user, freight_rates.draft_from_form(new_version_form(app).get, 6))
    assert counts(app) == before


@pytest.mark.parametrize("role", [Role.BUYER, Role.SELLER])
def test_buyers_and_sellers_cannot_see_or_change_rates(app, make_user, staff_client, role):
    client = staff_client(make_user(role=role))
    before = counts(app)
    assert client.get("/admin/freight-rates").status_code == 403
    assert client.post("/admin/freight-rates", data=new_version_form(app)).status_code == 403
    assert counts(app) == before


def test_page_in_hindi(app, make_user, staff_client, districts):
    cell = make_user(role=Role.ADMIN, locale="hi")
    text = staff_client(cell).get("/admin/freight-rates").get_data(as_text=True)
    assert "भाड़ा दरें" in text and "(लागू)" in text and "विक्रेता के जिले के भीतर" in text
    response = staff_client(cell).post("/admin/freight-rates", data=new_version_form(app, label=""))
    assert "संस्करण का नाम दें।" in response.get_data(as_text=True)
