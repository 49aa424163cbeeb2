"""Accounts: users, roles, sign-in, registration, language preference.

``init_app`` imports the package's views, CLI and demo inside itself, on purpose: importing
``marketplace.accounts.models`` (as every other package does) runs this file, and must not pull in
the views, forms and services above the models.
"""
from __future__ import annotations


def init_app(app) -> None:
    from marketplace.accounts import code_views, demo  # code_views: its routes join the blueprint
    from marketplace.accounts.api import bp as api_bp
    from marketplace.accounts.cli import users_cli
    from marketplace.accounts.views import bp
    from marketplace.demo import register_demo_loader
    from marketplace.accounts.services import user_for_session
    from marketplace.extensions import login_manager
    from marketplace.india import format_mobile

    assert code_views.bp is bp
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    app.jinja_env.filters["phone"] = format_mobile  # "+919876543210" → "+91 98765 43210"
    app.cli.add_command(users_cli)

    # Session and remember-me cookies alike: only a sign-in that has not been ended loads a user.
    login_manager.user_loader(user_for_session)

    register_demo_loader(app, "accounts", 10, demo.load_demo_accounts)
