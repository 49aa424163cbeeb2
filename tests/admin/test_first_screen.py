"""An officer's first screen opens where there is something to see (issue #17.7): the busiest of
their districts in the last complete month, with the current month one click away."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from marketplace.accounts.models import Role
from marketplace.admin.periods import Month
from marketplace.extensions import db
from marketplace.orders.models import SubOrder
from tests.fixtures.admin import district_id


def _last_month_order(app, buy, make_user, make_listing, seller):
    order = buy(make_user(role=Role.BUYER), [(make_listing(seller=seller, stock=5), 1)])
    last = Month.current().previous()
    with app.app_context():
        db.session.execute(update(SubOrder).where(SubOrder.order_id == order.id)
                           .values(created_at=last.start_utc + dt.timedelta(days=9)))
        db.session.commit()
    return order


def test_dashboard_opens_on_the_busiest_district_and_the_last_complete_month(
        app, make_officer, make_seller, make_user, make_listing, buy, staff_client):
    # Chandauli sorts first by name but is quiet; Varanasi had an order last month
    officer = make_officer("chandauli", "varanasi", locale="en")
    _last_month_order(app, buy, make_user, make_listing, make_seller("varanasi"))
    make_listing(seller=make_seller("chandauli"))  # a listing but no order: orders count first
    client = staff_client(officer)

    page = client.get("/admin/").get_data(as_text=True)
    last = Month.current().previous()
    with app.app_context():
        varanasi = district_id("varanasi")
    assert f'value="district:{varanasi}" selected' in page
    assert f'value="{last.key}"' in page
    assert f'month={Month.current().key}">This month so far</a>' in page.replace("&amp;", "&")

    this_month = client.get(f"/admin/?month={Month.current().key}").get_data(as_text=True)
    assert f'value="{Month.current().key}"' in this_month and "Last complete month" in this_month


def test_with_no_orders_the_district_with_listings_wins_then_the_first_by_name(
        app, make_officer, make_seller, make_listing, staff_client):
    officer = make_officer("chandauli", "varanasi", locale="en")
    client = staff_client(officer)
    with app.app_context():
        chandauli, varanasi = district_id("chandauli"), district_id("varanasi")
    assert f'value="district:{chandauli}" selected' in client.get("/admin/").get_data(as_text=True)
    make_listing(seller=make_seller("varanasi"))
    assert f'value="district:{varanasi}" selected' in client.get("/admin/").get_data(as_text=True)


def test_the_statement_opens_on_the_busiest_district(app, make_officer, make_seller, make_user, make_listing,
                                                     buy, staff_client):
    officer = make_officer("chandauli", "varanasi", locale="en")
    _last_month_order(app, buy, make_user, make_listing, make_seller("varanasi"))
    page = staff_client(officer).get("/admin/statement?lang=en").get_data(as_text=True)
    with app.app_context():
        varanasi = district_id("varanasi")
    assert f'<option value="{varanasi}" selected>' in page
    assert "<dt>District</dt><dd>Varanasi</dd>" in page


def test_the_state_cell_still_opens_on_the_whole_state(cell_admin, staff_client):
    page = staff_client(cell_admin).get("/admin/").get_data(as_text=True)
    assert 'value="state" selected' in page
