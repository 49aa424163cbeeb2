"""Orders: multi-seller cart, checkout with freight quotes and freight-subsidy flags, Stripe
and cash on delivery, fulfilment to delivery. See docs/orders.md."""
from __future__ import annotations

import threading
import time

EXPIRY_INTERVAL_S = 60
_expiry_lock = threading.Lock()
_last_expiry = [0.0]


def init_app(app) -> None:
    from flask_login import user_logged_in

    from marketplace.demo import register_demo_loader

    from . import api, seller_views, views
    from .cli import orders_cli
    from .demo import load_demo_order_history, load_demo_orders
    from .shipping import aggregator  # noqa: F401 (registers the courier adapter with carrier_for)

    app.register_blueprint(views.bp)
    app.register_blueprint(seller_views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(orders_cli)
    register_demo_loader(app, "orders", 40, load_demo_orders)
    register_demo_loader(app, "order history", 45, load_demo_order_history)
    user_logged_in.connect(views.merge_cart_on_login, app)

    app.config.setdefault("ORDERS_EXPIRE_ON_REQUEST", not app.testing)
    if app.config["ORDERS_EXPIRE_ON_REQUEST"]:
        app.before_request(_expire_now_and_then)


def _expire_now_and_then() -> None:
    """Expire unpaid orders at most once a minute per process, on the request that comes due.

    ``make run`` needs no separate scheduler this way; production may also run
    ``flask --app marketplace orders expire`` from cron. Never fails the request.
    """
    now = time.monotonic()
    if now - _last_expiry[0] < EXPIRY_INTERVAL_S or not _expiry_lock.acquire(blocking=False):
        return
    try:
        _last_expiry[0] = now
        from flask import current_app

        from .cancellation import expire_unpaid
        from .payments import gateway_from_config

        try:
            expire_unpaid(gateway=gateway_from_config())
        except Exception:  # logged; the buyer's request goes on
            current_app.logger.exception("expiring unpaid orders failed")
    finally:
        _expiry_lock.release()
