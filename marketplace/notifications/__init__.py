"""In-app notifications and outgoing mail (an outbox; SMTP when MAIL_SERVER is set)."""
from __future__ import annotations


def init_app(app) -> None:
    from marketplace.notifications.cli import mail_cli
    from marketplace.notifications.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(mail_cli)
