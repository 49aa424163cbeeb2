"""In-app notifications and outgoing mail (an outbox; SMTP when MAIL_SERVER is set).

``init_app`` imports views and CLI inside itself, on purpose: importing the models must not pull
them in (the same rule as every domain package's ``__init__``).
"""
from __future__ import annotations


def init_app(app) -> None:
    from marketplace.accounts.signals import tell_user
    from marketplace.notifications.cli import mail_cli
    from marketplace.notifications.service import notify_from_signal
    from marketplace.notifications.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(mail_cli)
    tell_user.connect(notify_from_signal, weak=False)  # the same function every time: connected once
