"""Cash on delivery remittances (issue #14.5): the courier's file recorded against delivered COD
shipments, all or nothing, and the cash couriers still hold on the monitoring dashboard."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.orders import cod
from marketplace.orders.models import CodRemittance, SubOrder


@pytest.fixture
def delivered_cod(app, make_user, make_listing, buy, deliver_suborder):
    """``delivered_cod() -> (suborder id, awb, total paise)``."""
    def factory(price_paise=125050, deliver=True):
        order = buy(make_user(), [(make_listing(price_paise=price_paise), 1)], payment_method="cod")
        sub_id = order.suborders[0].id
        if deliver:
            deliver_suborder(sub_id)
        with app.app_context():
            sub = db.session.get(SubOrder, sub_id)
            return sub_id, sub.tracking_number or f"EE{sub_id:08d}0IN", sub.total_paise
    return factory


def _file(*lines, header="awb,amount,remitted_on,reference"):
    return ("\n".join([header, *lines]) + "\n").encode()


def _rupees(paise):
    return f"{paise / 100:.2f}"


def test_remittance_is_recorded_and_the_outstanding_list_shrinks(app, delivered_cod, cell_admin):
    one, two = delivered_cod(), delivered_cod(price_paise=99900)
    with app.test_request_context():
        assert {s.id for s, _ in cod.outstanding()} == {one[0], two[0]}
        result = cod.import_remittance(_file(f"{one[1]},{_rupees(one[2])},04/12/2026,CRF-2026-0042"),
                                       actor_id=cell_admin.id)
        assert [r.suborder_id for r in result.recorded] == [one[0]]
        assert [s.id for s, _ in cod.outstanding()] == [two[0]]
        remittance = db.session.scalar(select(CodRemittance))
        assert (remittance.amount_paise, remittance.reference, remittance.remitted_on) == \
            (one[2], "CRF-2026-0042", dt.date(2026, 12, 4))


def test_the_same_file_twice_records_nothing_more(app, delivered_cod, cell_admin):
    one = delivered_cod()
    data = _file(f"{one[1].lower()},{_rupees(one[2])},2026-12-04,UTR123456")
    with app.test_request_context():
        cod.import_remittance(data, actor_id=cell_admin.id)
        again = cod.import_remittance(data, actor_id=cell_admin.id)
        assert not again.recorded and len(again.repeated) == 1
        assert db.session.scalar(select(func.count(CodRemittance.id))) == 1


def test_bad_lines_are_each_named_and_nothing_is_recorded(app, delivered_cod, cell_admin, staff_client):
    good, undelivered, other = delivered_cod(), delivered_cod(deliver=False), delivered_cod()
    data = _file(f"{good[1]},{_rupees(good[2])},2026-12-04,CRF1",
                 f"{undelivered[1]},10.00,2026-12-04,CRF1",          # not delivered (and no AWB)
                 f"{other[1]},{_rupees(other[2] - 1)},2026-12-04,CRF1",  # a paisa short
                 f"{good[1]},{_rupees(good[2])},2026-12-04,CRF1",     # the same parcel twice
                 "<script>x</script>,1.005,tomorrow,\x07",
                 f"{'9' * 50},10,2026-12-04,CRF1")
    client = staff_client(cell_admin)
    response = client.post("/admin/cod/remittances", data={"remittance": (io.BytesIO(data), "cod.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for line in (3, 4, 5, 6, 7):
        assert f"Line {line}:" in html
    assert "Line 2:" not in html and "<script>x" not in html
    assert "the buyer paid" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(CodRemittance.id))) == 0


def test_a_card_order_cannot_be_remitted(app, make_user, make_listing, buy, cell_admin):
    from marketplace.orders.errors import OrdersError
    with app.test_request_context():
        with pytest.raises(OrdersError):
            cod.import_remittance(_file("NOSUCHAWB123,10.00,2026-12-04,CRF1"), actor_id=cell_admin.id)


def test_a_different_second_remittance_is_refused(app, delivered_cod, cell_admin):
    one = delivered_cod()
    with app.test_request_context():
        cod.import_remittance(_file(f"{one[1]},{_rupees(one[2])},2026-12-04,CRF1"), actor_id=cell_admin.id)
        with pytest.raises(cod.RemittanceInvalid) as caught:
            cod.import_remittance(_file(f"{one[1]},{_rupees(one[2])},2026-12-05,CRF2"), actor_id=cell_admin.id)
        assert "already remitted" in caught.value.params["errors"][0].message()


def test_monitoring_counts_cash_held_as_of_the_period_end(app, delivered_cod, cell_admin):
    from marketplace.catalog.models import Seller
    one, two = delivered_cod(), delivered_cod(price_paise=99900)
    with app.test_request_context():
        districts = {db.session.get(SubOrder, one[0]).seller.district_id, db.session.get(SubOrder, two[0]).seller.district_id}
        later = utcnow() + dt.timedelta(days=1)
        assert cod.cod_figures(districts, utcnow() - dt.timedelta(days=30), later, True) == \
            {"cod_unremitted": 2, "cod_unremitted_paise": one[2] + two[2]}
        cod.import_remittance(_file(f"{one[1]},{_rupees(one[2])},2026-12-04,CRF1"), actor_id=cell_admin.id)
        assert cod.cod_figures(districts, utcnow() - dt.timedelta(days=30), utcnow() + dt.timedelta(days=1), True) == \
            {"cod_unremitted": 1, "cod_unremitted_paise": two[2]}
        # before anything was delivered, nothing was held
        assert cod.cod_figures(districts, utcnow() - dt.timedelta(days=30), utcnow() - dt.timedelta(days=1), True) == \
            {"cod_unremitted": 0, "cod_unremitted_paise": 0}
        assert cod.cod_figures(set(), utcnow() - dt.timedelta(days=30), later, False)["cod_unremitted"] == 0
        del Seller


def test_cod_desk_lists_what_couriers_hold(app, delivered_cod, cell_admin, staff_client):
    one = delivered_cod()
    page = staff_client(cell_admin).get("/admin/cod")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'data-testid="cod-{one[0]}"' in html and one[1] in html


@pytest.mark.parametrize("role", ["buyer", "seller", "organiser"])
def test_cod_desk_is_for_the_odop_cell_only(app, login_as, role):
    client, _ = login_as(role)
    assert client.get("/admin/cod").status_code in (403, 404)


def test_a_remittance_moves_the_cash_from_the_courier_to_the_bank_in_the_ledger(app, delivered_cod, cell_admin):
    from marketplace.orders import ledger
    one = delivered_cod()
    with app.test_request_context():
        assert ledger.account_balance(ledger.CASH_COD) == one[2]
        cod.import_remittance(_file(f"{one[1]},{_rupees(one[2])},2026-12-04,CRF1"), actor_id=cell_admin.id)
        assert ledger.account_balance(ledger.CASH_COD) == 0
        assert ledger.account_balance(ledger.CASH_BANK) == one[2]
        assert ledger.unbalanced_transactions() == []
