"""Orders: multi-seller cart, checkout with freight quotes and freight-subsidy flags, Stripe
and cash on delivery, fulfilment to delivery. See docs/orders.md."""
from __future__ import annotations


def init_app(app) -> None:
    from flask_login import user_logged_in

    from marketplace.demo import register_demo_loader

    from . import api, return_views, review_views, seller_views, tasks, views  # noqa: F401 (tasks: the expiry and tracking jobs; review_views: routes on views.bp)
    from . import grievance_tasks, grievance_views  # noqa: F401 (complaints: the pages, the escalation job)
    from .cli import ledger_cli, orders_cli
    from .demo import load_demo_order_history, load_demo_orders
    from .demo_reviews import load_demo_reviews
    from .grievance_demo import load_demo_complaints
    from .shipping import aggregator  # noqa: F401 (registers the courier adapter with carrier_for)

    app.register_blueprint(views.bp)
    app.register_blueprint(seller_views.bp)
    app.register_blueprint(return_views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(grievance_views.bp)
    app.cli.add_command(orders_cli)
    app.cli.add_command(ledger_cli)
    register_demo_loader(app, "orders", 40, load_demo_orders)
    register_demo_loader(app, "order history", 45, load_demo_order_history)
    register_demo_loader(app, "complaints", 46, load_demo_complaints)
    register_demo_loader(app, "reviews", 47, load_demo_reviews)
    user_logged_in.connect(views.merge_cart_on_login, app)
