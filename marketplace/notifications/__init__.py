"""In-app notifications, outgoing mail (an outbox; SMTP when MAIL_SERVER is set) and text
messages (an outbox; POSTed to SMS_GATEWAY_URL), both sent by background jobs (tasks.py).

``init_app`` imports views and CLI inside itself, on purpose: importing the models must not pull
them in (the same rule as every domain package's ``__init__``).
"""
from __future__ import annotations


def init_app(app) -> None:
    from marketplace.accounts.signals import send_code, tell_user
    from marketplace.notifications import tasks  # noqa: F401 (declares the jobs, enqueues them on commit)
    from marketplace.notifications.cli import mail_cli, sms_cli
    from marketplace.notifications.codes import send_code_from_signal
    from marketplace.notifications.service import notify_from_signal
    from marketplace.notifications.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(mail_cli)
    app.cli.add_command(sms_cli)
    # The same functions every time: connected once, however many apps are made.
    tell_user.connect(notify_from_signal, weak=False)
    send_code.connect(send_code_from_signal, weak=False)
