"""Buyers and samagam meets: buyer profiles, meets, registrations, matching, requests, timetable,
printable schedules with QR check-in, outcomes and leads, organiser dashboard, JSON API."""
from __future__ import annotations


def init_app(app) -> None:
    # here, not at the top: the views import this package back (``from marketplace.buyers import meets``),
    # and importing the package for its models must not load the web layer
    from marketplace.buyers import api, leads, organiser_views, saved, saved_views, tasks, views  # noqa: F401 (tasks: the reminders' job)
    from marketplace.buyers.cli import meets_cli
    from marketplace.buyers.demo import load_demo_meet
    from marketplace.demo import register_demo_loader

    app.register_blueprint(views.bp)
    app.register_blueprint(organiser_views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(saved_views.bp)
    app.register_blueprint(saved_views.api_bp)
    app.cli.add_command(meets_cli)
    register_demo_loader(app, "meets", 50, load_demo_meet)
    leads.listen_to_orders()  # the orders' signals move the leads (see buyers/leads.py)
    saved.listen()  # listing and stock changes tell the buyers who saved them (buyers/saved.py)
