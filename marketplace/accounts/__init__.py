"""Accounts: users, roles, sign-in, registration, language preference."""
from __future__ import annotations


def init_app(app) -> None:
    from marketplace.accounts import demo
    from marketplace.accounts.cli import users_cli
    from marketplace.accounts.models import User
    from marketplace.accounts.views import bp
    from marketplace.demo import register_demo_loader
    from marketplace.params import parse_id
    from marketplace.extensions import db, login_manager

    app.register_blueprint(bp)
    app.cli.add_command(users_cli)

    @login_manager.user_loader
    def load_user(user_id: str):
        number = parse_id(user_id)
        return db.session.get(User, number) if number else None

    register_demo_loader(app, "accounts", 10, demo.load_demo_accounts)
