"""Review (issue #15): mail now goes only through its job (the cron running `flask mail deliver`
is gone). A job that never runs (the queue unreachable at the commit: logged and dropped; a
worker killed mid-job, which huey does not give back) left the mail unsent for ever. And on
SQLite (make run) two worker threads sending one mail at once (the job and the sweep, or a job
and `flask mail deliver`) both sent it: FOR UPDATE SKIP LOCKED is a no-op there."""
from __future__ import annotations

import datetime as dt
import threading

from marketplace import jobs
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.models import OutboxMail
from marketplace.notifications.service import deliver_mail
from tests.test_jobs import jobs_app, mail, smtp, stored_mail  # noqa: F401


def test_a_mail_whose_job_was_lost_is_sent_by_the_periodic_sweep(database_uri, tmp_path, smtp):  # noqa: F811
    smtp.start()
    app = jobs_app(database_uri, tmp_path, smtp)
    mail_id = mail(app)
    huey = jobs.huey_for(app)
    huey.flush()  # its job is gone: Redis away at the commit, or the worker killed while running it
    with app.app_context():
        db.session.get(OutboxMail, mail_id).created_at = utcnow() - dt.timedelta(minutes=20)
        db.session.commit()
    due = set()
    start = dt.datetime(2026, 12, 4, 0, 0)
    for minute in range(60):  # an hour of the worker's scheduler
        for task in huey.read_periodic(start + dt.timedelta(minutes=minute)):
            if type(task).__name__ not in due:
                due.add(type(task).__name__)
                huey.enqueue(task)
    jobs.drain(app)
    assert stored_mail(app, mail_id).sent_at is not None
    assert len(smtp.inbox.messages) == 1


def test_two_worker_threads_on_sqlite_send_one_mail_once(database_uri, tmp_path, smtp):  # noqa: F811
    smtp.start()
    app = jobs_app(database_uri, tmp_path, smtp)
    mail_id = mail(app)
    jobs.huey_for(app).flush()
    barrier = threading.Barrier(2)

    def send():
        with app.app_context():
            barrier.wait()
            deliver_mail(mail_id)
            db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(smtp.inbox.messages) == 1
