"""Every monitoring figure checked against data built here, with timestamps on both sides of
the Indian month boundaries."""
from __future__ import annotations

import datetime as dt
import io
import csv

import pytest
from openpyxl import load_workbook

from marketplace.accounts.models import Role, User
from marketplace.admin import reports
from marketplace.admin.periods import Month
from marketplace.catalog.models import Listing, Seller
from marketplace.extensions import db
from tests.fixtures.admin import district_id

UTC = dt.timezone.utc
APRIL = Month(2026, 4)
# 31 March 20:00 UTC is 1 April 01:30 in India: April. 31 March 18:00 UTC is 23:30 IST: March.
EARLY_APRIL = dt.datetime(2026, 3, 31, 20, 0, tzinfo=UTC)
LATE_MARCH = dt.datetime(2026, 3, 31, 18, 0, tzinfo=UTC)
MID_APRIL = dt.datetime(2026, 4, 15, 6, 0, tzinfo=UTC)
MAY = dt.datetime(2026, 5, 3, 6, 0, tzinfo=UTC)


def _set(model, obj_id, **values):
    row = db.session.get(model, obj_id)
    for k, v in values.items():
        setattr(row, k, v)


@pytest.fixture
def data(app, make_seller, make_listing, make_question, make_user):
    """Varanasi: 3 sellers registered in April (one verified in April, one verified in May, one
    rejected), 1 registered in March and verified in April; Agra: 1 registered in April.
    Listings: 2 published in April, 1 in March, 1 draft; helpdesk: 3 April questions."""
    s_apr_verified = make_seller("varanasi", status="verified")
    s_apr_may = make_seller("varanasi", status="verified")
    s_apr_rejected = make_seller("varanasi", status="rejected")
    s_march = make_seller("varanasi", status="verified")
    s_agra = make_seller("agra", status="pending")
    l1 = make_listing(seller=s_apr_verified)
    l2 = make_listing(seller=s_march)
    l3 = make_listing(seller=s_march)
    l4 = make_listing(seller=s_march, status="draft")
    buyer_apr = make_user(role=Role.BUYER)
    buyer_mar = make_user(role=Role.BUYER)
    make_question("varanasi", created_at=MID_APRIL, answered_after=dt.timedelta(hours=4))
    make_question("varanasi", created_at=MID_APRIL, answered_after=dt.timedelta(hours=30))
    make_question("varanasi", created_at=EARLY_APRIL)
    make_question("varanasi", created_at=LATE_MARCH, answered_after=dt.timedelta(hours=1))
    with app.app_context():
        _set(Seller, s_apr_verified.id, created_at=EARLY_APRIL, verified_at=MID_APRIL)
        _set(Seller, s_apr_may.id, created_at=MID_APRIL, verified_at=MAY)
        _set(Seller, s_apr_rejected.id, created_at=MID_APRIL, verified_at=None)
        _set(Seller, s_march.id, created_at=LATE_MARCH, verified_at=EARLY_APRIL)
        _set(Seller, s_agra.id, created_at=MID_APRIL)
        _set(Listing, l1.id, published_at=MID_APRIL)
        _set(Listing, l2.id, published_at=EARLY_APRIL)
        _set(Listing, l3.id, published_at=LATE_MARCH)
        _set(Listing, l4.id, published_at=None)
        _set(User, buyer_apr.id, created_at=MID_APRIL)
        _set(User, buyer_mar.id, created_at=LATE_MARCH)
        db.session.commit()
    return app


@pytest.mark.both_databases
def test_april_figures_for_varanasi(data):
    with data.app_context():
        f = reports.month_figures({district_id("varanasi")}, APRIL)
    assert f["sellers_registered"] == 3
    assert f["sellers_verified"] == 2            # s_apr_verified and s_march (verified 1 April IST)
    assert f["sellers_pending"] == 1             # s_apr_may: not verified until May; rejected not counted
    assert f["listings_published"] == 2
    assert f["listings_live"] == 3               # l1, l2, l3 (l4 is a draft)
    assert f["buyers_registered"] is None        # not a district figure
    assert f["questions_asked"] == 3 and f["questions_answered"] == 2
    assert f["response_hours"] == 17.0           # median of 4 h and 30 h


def test_march_figures_and_state_scope(data):
    with data.app_context():
        march = reports.month_figures({district_id("varanasi")}, APRIL.previous())
        state = reports.month_figures({district_id("varanasi"), district_id("agra")}, APRIL, state_wide=True)
    assert march["sellers_registered"] == 1 and march["sellers_verified"] == 0
    assert march["listings_published"] == 1 and march["listings_live"] == 1
    assert march["sellers_pending"] == 1         # s_march waited over the month's end
    assert march["questions_asked"] == 1 and march["response_hours"] == 1.0
    assert state["sellers_registered"] == 4 and state["sellers_pending"] == 2
    # buyers: 2 made here (April, March) plus any other buyer accounts created "now" by fixtures
    assert state["buyers_registered"] == 1


def test_month_over_month_rows_and_year_to_date(data):
    with data.app_context():
        rows = {r.definition.key: r for r in reports.dashboard_rows({district_id("varanasi")}, APRIL,
                                                                     with_year_to_date=True)}
    reg = rows["sellers_registered"]
    assert (reg.current, reg.previous, reg.change.delta, reg.change.percent) == (3, 1, 2, 200.0)
    # the financial year starts on 1 April: the March seller is outside it
    assert reg.year_to_date == 3
    assert rows["listings_live"].change.delta == 2
    assert rows["response_hours"].change is None  # medians are not differenced


def test_trend_and_ranking(data):
    with data.app_context():
        ids = {district_id("varanasi"), district_id("agra")}
        series = reports.trend(ids, [APRIL.previous(), APRIL, APRIL.next()], ["sellers_registered", "sellers_verified"])
        ranking = reports.district_ranking(ids, APRIL, "sellers_registered")
    assert series == {"sellers_registered": [1, 4, 0], "sellers_verified": [0, 2, 1]}
    assert [(d.slug, v) for d, v in ranking] == [("varanasi", 3), ("agra", 1)]


def test_dashboard_page_and_exports_show_the_same_numbers(data, cell_admin, staff_client):
    client = staff_client(cell_admin)
    with data.app_context():
        vid = district_id("varanasi")
    page = client.get(f"/admin/?scope=district:{vid}&month=2026-04").get_data(as_text=True)
    assert 'data-figure="sellers_registered"' in page and "<svg" in page
    row = page.split('data-figure="sellers_registered"')[1].split("</tr>")[0]
    assert '<td class="num current">3</td>' in row and '<td class="num previous">1</td>' in row

    raw = client.get(f"/admin/dashboard.csv?scope=district:{vid}&month=2026-04")
    assert raw.headers["Content-Disposition"].startswith("attachment;")
    assert raw.data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.data.decode("utf-8-sig"))))
    by_figure = {r[1]: r for r in table[1:]}
    assert by_figure["Sellers registered"][2:6] == ["3", "1", "2", "200.0"]

    districts_csv = client.get("/admin/dashboard.csv?table=districts&scope=state&month=2026-04").data.decode("utf-8-sig")
    rows = {r[0]: r for r in csv.reader(io.StringIO(districts_csv))}
    assert len(rows) == 76  # header + 75 districts
    header = rows["District"]
    assert rows["Varanasi"][header.index("Sellers registered")] == "3"
    assert rows["Agra"][header.index("Sellers registered")] == "1"

    wb = load_workbook(io.BytesIO(client.get("/admin/dashboard.xlsx?scope=state&month=2026-04").data))
    assert len(wb.sheetnames) == 2
    values = [[c.value for c in r] for r in wb.worksheets[0].iter_rows()]
    reg = next(r for r in values if r[1] == "Sellers registered")
    assert reg[2] == 4 and reg[3] == 1


def test_statement_in_hindi_has_hindi_headings_figures_and_charts(data, make_officer, staff_client):
    officer = make_officer("varanasi")
    with data.app_context():
        vid = district_id("varanasi")
    page = staff_client(officer).get(f"/admin/statement?district={vid}&month=2026-04&lang=hi").get_data(as_text=True)
    assert "मासिक प्रगति विवरण" in page and "वाराणसी" in page and "अप्रैल 2026" in page
    assert page.count("<svg") == 3 and 'role="img"' in page
    row = page.split('data-figure="sellers_registered"')[1].split("</tr>")[0]
    assert '<td class="num current">3</td>' in row
    english = staff_client(officer).get(f"/admin/statement?district={vid}&month=2026-04&lang=en").get_data(as_text=True)
    assert "Monthly progress statement" in english and "April 2026" in english


def test_dashboard_sections_follow_the_source_order(data, cell_admin, staff_client):
    page = staff_client(cell_admin).get("/admin/?scope=state&month=2026-04").get_data(as_text=True)
    positions = [page.index(f'data-figure="{key}"') for key in
                 ("sellers_registered", "buyers_registered", "orders", "claims_made", "questions_asked")]
    assert positions == sorted(positions)
    with data.app_context():
        vid = district_id("varanasi")
    district_page = staff_client(cell_admin).get(f"/admin/?scope=district:{vid}&month=2026-04").get_data(as_text=True)
    assert 'data-figure="buyers_registered"' not in district_page


def _grouped_agrees_with_single(ids, month):
    grouped = reports.figures_by_district(ids, month)
    for d in ids:
        single = reports.month_figures({d}, month)
        single.pop("buyers_registered", None)
        grouped[d].pop("buyers_registered", None)
        assert grouped[d] == single, d


def test_grouped_district_figures_agree_with_one_district_at_a_time(data):
    with data.app_context():
        ids = {district_id("varanasi"), district_id("agra"), district_id("lalitpur")}
        for month in (APRIL.previous(), APRIL, APRIL.next()):
            _grouped_agrees_with_single(ids, month)


def _series_agree_with_month_by_month(ids, months, state_wide=False):
    keys = [f.key for f in reports.figure_defs()]
    series = reports.trend(ids, months, keys, state_wide)
    for i, month in enumerate(months):
        single = reports.month_figures(ids, month, state_wide)
        assert {k: series[k][i] for k in keys} == single, month


def test_trend_series_agree_with_month_by_month_figures(data):
    with data.app_context():
        months = [APRIL.shift(k) for k in range(-2, 3)]
        _series_agree_with_month_by_month({district_id("varanasi")}, months)
        _series_agree_with_month_by_month({district_id("varanasi"), district_id("agra")}, months, state_wide=True)


def test_whole_state_figures_are_the_sum_of_the_districts(data):
    """All 75 districts take the unfiltered path (no per-row seller lookup): its counts and sums
    must equal the districts' added up, and the series the month-by-month figures."""
    from sqlalchemy import select

    from marketplace.catalog.models import District

    additive = ("sellers_registered", "sellers_verified", "sellers_pending", "listings_published", "listings_live",
                "orders", "sales_paise", "claims_made", "subsidy_claimed_paise", "questions_asked")
    with data.app_context():
        every = set(db.session.scalars(select(District.id)))
        assert len(every) == 75
        for month in (APRIL.previous(), APRIL):
            state = reports.month_figures(every, month, state_wide=True)
            by_district = reports.figures_by_district(every, month)
            for key in additive:
                assert state[key] == sum(f[key] for f in by_district.values()), (month, key)
            assert state["listings_published"] + state["sellers_registered"] > 0  # the data is really counted
        _series_agree_with_month_by_month(every, [APRIL.shift(k) for k in range(-2, 2)], state_wide=True)
