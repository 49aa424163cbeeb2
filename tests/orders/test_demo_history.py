"""The demo order history: real checkouts from demo buyers, spread over months, moved through
fulfilment, with claims the demo ODOP cell has partly approved and paid. Run twice, it adds nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.admin.demo import load_demo as load_admin_demo
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.orders import demo
from marketplace.orders.models import Order, OrderStatusChange, SubOrder, SubsidyClaim


def test_demo_history_is_spread_over_months_moved_on_and_loaded_once(app, subsidy_policy, make_user, make_seller,
                                                                     make_listing, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_ORDERS", 24)
    make_user(role=Role.ADMIN, email="admin@example.com")
    for district in ("varanasi", "agra", "lucknow"):
        seller = make_seller(district)
        for _ in range(2):
            make_listing(seller=seller, stock=500)
    with app.app_context():
        demo.load_demo_order_history()
        load_admin_demo()
        demo.load_demo_order_history()
        load_admin_demo()
        orders = list(db.session.scalars(select(Order)))
        assert len(orders) == 24 and all(o.checkout_token.startswith(demo.DEMO_TOKEN) for o in orders)
        months = {(o.created_at.year, o.created_at.month) for o in orders}
        assert len(months) >= 3
        statuses = set(db.session.scalars(select(SubOrder.status)))
        assert {"delivered", "shipped"} <= statuses
        for sub in db.session.scalars(select(SubOrder)):
            changes = db.session.scalars(select(OrderStatusChange.created_at)
                                         .where(OrderStatusChange.suborder_id == sub.id)).all()
            assert min(changes) >= sub.created_at  # history dated with the order, not today
        assert db.session.scalar(select(func.min(Listing.stock))) >= 0
        claims = dict(db.session.execute(select(SubsidyClaim.status, func.count()).group_by(SubsidyClaim.status)).all())
        assert claims.get("claimed") and (claims.get("approved", 0) + claims.get("paid", 0)) > 0
        for claim in db.session.scalars(select(SubsidyClaim).where(SubsidyClaim.status == "paid")):
            assert claim.dbt_reference and claim.paid_at > claim.claimed_at
