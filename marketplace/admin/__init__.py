"""admin domain: the ODOP cell and the District Industries Centres — seller verification,
reference data, subsidy claims, monthly monitoring, the producers' helpdesk and the audit log.
See docs/admin.md."""
from __future__ import annotations


def init_app(app) -> None:
    """Register the admin (``/admin``) and helpdesk (``/help``, ``/schemes``) blueprints and the
    demo loader (order 60)."""
    # here, not at the top: the views import this package back (``from marketplace.admin import audit``),
    # and importing the package for its models must not load the web layer
    from marketplace.admin import (  # noqa: F401  (they add routes to views.bp)
        claims_views, cod_views, freight_views, grievance_views, money_views, order_views, payouts_views, returns_views,
        review_views, upi_views, views)
    from marketplace.accounts.signals import account_event
    from marketplace.admin.audit import record_account_event, record_bank_details_changed, record_delivery_confirmed
    from marketplace.catalog.signals import bank_details_changed
    from marketplace.admin.demo import load_demo
    from marketplace.demo import register_demo_loader
    from marketplace.orders.signals import delivery_confirmed_by_hand

    app.register_blueprint(views.bp)
    app.register_blueprint(views.help_bp)
    register_demo_loader(app, "admin", 60, load_demo)
    account_event.connect(record_account_event, weak=False)  # the same function every time: connected once
    delivery_confirmed_by_hand.connect(record_delivery_confirmed, weak=False)
    bank_details_changed.connect(record_bank_details_changed, weak=False)
