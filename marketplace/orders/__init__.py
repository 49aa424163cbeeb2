"""Orders: multi-seller cart, checkout with freight quotes and freight-subsidy flags, Stripe
and cash on delivery, fulfilment to delivery. See docs/orders.md."""
from __future__ import annotations


def init_app(app) -> None:
    from flask_login import user_logged_in

    from marketplace.demo import register_demo_loader

    from . import api, seller_views, tasks, views  # tasks: the expiry and tracking jobs
    from .cli import ledger_cli, orders_cli
    from .demo import load_demo_order_history, load_demo_orders
    from .shipping import aggregator  # noqa: F401 (registers the courier adapter with carrier_for)

    app.register_blueprint(views.bp)
    app.register_blueprint(seller_views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(orders_cli)
    app.cli.add_command(ledger_cli)
    register_demo_loader(app, "orders", 40, load_demo_orders)
    register_demo_loader(app, "order history", 45, load_demo_order_history)
    user_logged_in.connect(views.merge_cart_on_login, app)
