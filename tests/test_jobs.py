"""The background job queue (issue #15.3, docs/jobs.md): jobs enqueued when their transaction
commits and never when it rolls back, retried with a growing pause until the SMTP server comes
back, failures listed by ``flask jobs failed``, periodic jobs run with no web traffic at all, and
the SQLite store shared by two processes.

The SMTP server is a real aiosmtpd server on loopback ("down" = nothing listening on its port
yet); the jobs run through huey itself (``jobs.drain``: dequeue, execute, requeue a failure,
read the schedule), nothing of ours is mocked.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from marketplace import create_app, jobs
from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.models import OutboxMail
from marketplace.notifications.service import send_mail
from marketplace.orders.models import Order
from marketplace.transaction import committed
from tests.conftest import _truncate_postgres, make_test_config

ROOT = Path(__file__).resolve().parent.parent


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every message it was given."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp():
    """An SMTP server that is down until ``smtp.start()``: ``smtp.port``, ``smtp.inbox``."""
    class Server:
        port = unused_port()
        inbox = Inbox()
        controller = None

        def start(self):
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    server = Server()
    yield server
    if server.controller is not None:
        server.controller.stop()


def jobs_app(database_uri, tmp_path, smtp, **extra):
    """An app sending mail to ``smtp``, retrying a job 3 times after 5, 10 and 20 s."""
    app = create_app(make_test_config(
        tmp_path, database_uri, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_USE_TLS=False,
        JOBS_RETRIES=3, JOBS_RETRY_DELAY=5, JOBS_RETRY_BACKOFF=2, **extra))
    if database_uri.startswith("postgresql"):
        _truncate_postgres(app)
    return app


def mail(app, to="reader@example.com", subject="Your order") -> int:
    with app.app_context():
        with committed():
            message = send_mail(to, subject, "It is on its way.")
        return message.id


def stored_mail(app, mail_id) -> OutboxMail:
    with app.app_context():
        return db.session.get(OutboxMail, mail_id)


def failures(app) -> list[jobs.JobFailure]:
    with app.app_context():
        return db.session.scalars(select(jobs.JobFailure).order_by(jobs.JobFailure.id)).all()


# ----------------------------------------------------------------------------------------- mail

@pytest.mark.both_databases
def test_a_mail_is_retried_while_the_smtp_server_is_down_and_sent_once_when_it_is_up(database_uri, tmp_path, smtp):
    app = jobs_app(database_uri, tmp_path, smtp)
    mail_id = mail(app)
    assert jobs.queue_depth(app) == 1, "the commit enqueued the mail's job"

    assert jobs.drain(app) == 1  # the first attempt: nothing listens on the port
    down = stored_mail(app, mail_id)
    assert down.sent_at is None and "refused" in down.error.lower()
    assert jobs.huey_for(app).scheduled_count() == 1, "the retry waits 5 s"
    assert jobs.drain(app, now=utcnow() + dt.timedelta(seconds=4)) == 0, "not before its time"
    assert jobs.drain(app, now=utcnow() + dt.timedelta(seconds=6)) == 1  # second attempt, still down
    assert jobs.drain(app, now=utcnow() + dt.timedelta(seconds=9)) == 0, "the pause doubled: 10 s now"
    assert [(f.attempt, f.final) for f in failures(app)] == [(1, False), (2, False)]

    smtp.start()
    assert jobs.drain(app, now=utcnow() + dt.timedelta(seconds=11)) == 1
    sent = stored_mail(app, mail_id)
    assert sent.sent_at is not None and sent.error is None
    assert len(smtp.inbox.messages) == 1
    assert smtp.inbox.messages[0].rcpt_tos == ["reader@example.com"]
    assert b"Subject: Your order" in smtp.inbox.messages[0].content

    with app.app_context():  # its job enqueued twice, or a catch-up run: still one mail
        from marketplace.notifications.tasks import deliver_mail_job

        deliver_mail_job.enqueue(mail_id)
    assert jobs.drain(app, now=utcnow() + dt.timedelta(minutes=5)) == 1
    assert len(smtp.inbox.messages) == 1 and jobs.huey_for(app).scheduled_count() == 0


@pytest.mark.both_databases
def test_a_job_that_fails_every_attempt_is_listed_by_flask_jobs_failed_and_can_be_retried(database_uri, tmp_path, smtp):
    app = jobs_app(database_uri, tmp_path, smtp)
    mail_id = mail(app, to="nobody@example.com")
    later = utcnow()
    for _ in range(4):  # the first attempt and JOBS_RETRIES=3 more
        later += dt.timedelta(minutes=1)
        jobs.drain(app, now=later)
    assert [(f.attempt, f.final) for f in failures(app)] == [(1, False), (2, False), (3, False), (4, True)]
    assert jobs.huey_for(app).scheduled_count() == 0, "no fifth attempt"

    runner = app.test_cli_runner()
    listed = runner.invoke(args=["jobs", "failed"])
    assert listed.exit_code == 0, listed.output
    line, = listed.output.splitlines()
    last = failures(app)[-1]
    assert line.startswith(f"#{last.id} ") and "marketplace.notifications.tasks.deliver_mail_job attempt 4 failed" in line
    assert f"args=[[{mail_id}], {{}}]" in line and "MailNotSent" in line and "refused" in line.lower()
    assert len(runner.invoke(args=["jobs", "failed", "--all"]).output.splitlines()) == 4
    status = runner.invoke(args=["jobs", "status"]).output
    assert "queued: 0" in status and "failed: 1" in status and "store: memory" in status

    smtp.start()
    retried = runner.invoke(args=["jobs", "retry", str(last.id)])
    assert retried.exit_code == 0 and "enqueued" in retried.output
    assert jobs.drain(app) == 1 and len(smtp.inbox.messages) == 1
    assert stored_mail(app, mail_id).sent_at is not None
    assert "failed: 0" in runner.invoke(args=["jobs", "status"]).output
    assert runner.invoke(args=["jobs", "retry", str(last.id)]).exit_code == 0  # once more: sends nothing new
    jobs.drain(app)
    assert len(smtp.inbox.messages) == 1
    assert runner.invoke(args=["jobs", "retry", "999"]).exit_code != 0


def test_a_rolled_back_transaction_enqueues_nothing_and_a_committed_one_runs_after_its_commit(
        database_uri, tmp_path, smtp):
    """``immediate`` runs a job the moment it is enqueued: had it been enqueued inside the
    transaction, the rolled-back mail would have gone (and the committed one been read before
    it existed)."""
    smtp.start()
    app = jobs_app(database_uri, tmp_path, smtp, JOBS_STORE="immediate")
    with app.app_context():
        with pytest.raises(RuntimeError):
            with committed():
                send_mail("buyer@example.com", "Order placed", "Thank you")
                db.session.flush()  # the row existed inside the transaction
                raise RuntimeError("the order failed after the mail was written")
        db.session.commit()  # a later commit of the same session brings back nothing
    assert smtp.inbox.messages == []
    with app.app_context():
        assert db.session.scalars(select(OutboxMail)).all() == []

    mail_id = mail(app, to="buyer@example.com")
    assert len(smtp.inbox.messages) == 1, "sent as the commit finished"
    assert stored_mail(app, mail_id).sent_at is not None


def test_many_mails_in_one_transaction_are_one_job_each_and_a_rollback_forgets_all(database_uri, tmp_path, smtp):
    from marketplace.notifications.tasks import deliver_due_sms

    app = jobs_app(database_uri, tmp_path, smtp)
    with app.app_context():
        db.session.rollback()
        for n in range(3):
            send_mail(f"r{n}@example.com", "s", "b")
        jobs.enqueue_after_commit(deliver_due_sms)  # a job of plain values, no row to miss
        db.session.rollback()
        db.session.commit()
        assert jobs.queue_depth(app) == 0
        for n in range(3):
            send_mail(f"r{n}@example.com", "s", "b")
        db.session.commit()
    assert jobs.queue_depth(app) == 3


# ----------------------------------------------------------------------------------------- periodic

@pytest.fixture
def buyer(make_user):
    return make_user(role=Role.BUYER)


def periodic_due(app, minute_utc: dt.datetime) -> set[str]:
    return {type(task).__name__ for task in jobs.huey_for(app).read_periodic(minute_utc)}


@pytest.mark.both_databases
def test_an_unpaid_order_expires_and_gives_its_stock_back_with_no_web_traffic(app, buyer, make_listing, buy,
                                                                               subsidy_policy):
    listing = make_listing(stock=3)
    order = buy(buyer, [(listing, 2)], payment_method="card", now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    with app.app_context():
        assert db.session.get(Listing, listing.id).stock == 1
    huey = jobs.huey_for(app)
    for task in huey.read_periodic(dt.datetime(2026, 12, 4, 10, 7)):  # what the worker's scheduler does each minute
        huey.enqueue(task)
    assert jobs.drain(app) >= 1
    with app.app_context():
        assert db.session.get(Order, order.id, populate_existing=True).suborders[0].status == "cancelled"
        assert db.session.get(Listing, listing.id, populate_existing=True).stock == 3
    assert failures(app) == []


def test_the_periodic_jobs_run_at_their_times_in_india(app, tmp_path, database_uri):
    every_minute = {"expire_unpaid_orders", "sweep_sms"}
    assert periodic_due(app, dt.datetime(2026, 12, 4, 10, 7)) == every_minute
    # 09:00 in India is 03:30 UTC: the meets' reminders; 03:30 in India (22:00 UTC) the search feed
    assert periodic_due(app, dt.datetime(2026, 12, 4, 3, 30)) == every_minute | {"remind_meet_participants"}
    assert periodic_due(app, dt.datetime(2026, 12, 4, 9, 0)) == every_minute
    assert periodic_due(app, dt.datetime(2026, 12, 3, 22, 0)) == every_minute | {"prune_search_feed"}
    assert periodic_due(app, dt.datetime(2026, 12, 4, 10, 15)) == every_minute, "no courier configured: no poll"
    courier = create_app(make_test_config(tmp_path, database_uri, SHIPPING_ADAPTER="aggregator",
                                          SHIPPING_API_URL="http://127.0.0.1:9/api"))
    assert periodic_due(courier, dt.datetime(2026, 12, 4, 10, 15)) == every_minute | {"poll_courier_tracking"}
    assert periodic_due(courier, dt.datetime(2026, 12, 4, 10, 16)) == every_minute


def test_each_app_runs_its_jobs_on_its_own_database(database_uri, tmp_path, smtp, sqlite_template):
    """Two apps in one process (as in the tests): each one's jobs read its own database."""
    import shutil

    other_path = tmp_path / "other.sqlite3"
    shutil.copyfile(sqlite_template, other_path)
    first = jobs_app(database_uri, tmp_path, smtp)
    second = jobs_app(f"sqlite:///{other_path}", tmp_path / "second", smtp)
    first_id = mail(first, to="first@example.com")
    mail(second, to="second@example.com")
    mail(second, to="second-again@example.com")
    smtp.start()
    assert (jobs.queue_depth(first), jobs.queue_depth(second)) == (1, 2)
    assert jobs.drain(first) == 1
    assert [m.rcpt_tos for m in smtp.inbox.messages] == [["first@example.com"]]
    assert stored_mail(first, first_id).sent_at is not None
    assert jobs.drain(second) == 2
    assert sorted(m.rcpt_tos[0] for m in smtp.inbox.messages) == [
        "first@example.com", "second-again@example.com", "second@example.com"]


def test_an_unknown_store_is_refused_at_start(tmp_path, database_uri):
    with pytest.raises(RuntimeError, match="JOBS_STORE"):
        create_app(make_test_config(tmp_path, database_uri, JOBS_STORE="rabbit"))
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        create_app(make_test_config(tmp_path, database_uri, JOBS_STORE="redis"))


# ----------------------------------------------------------------------------------------- two processes

def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not run the job in time"
        time.sleep(0.05)


@contextlib.contextmanager
def jobs_worker(env: dict, *options: str):
    """``flask jobs worker *options`` as a process of its own; stopped by SIGTERM on leaving
    (``.returncode``, ``.output`` then tell how it ended)."""
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "marketplace", "jobs", "worker", *options],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield worker
        worker.send_signal(signal.SIGTERM)
        worker.output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()


def test_a_worker_process_runs_a_job_another_process_put_in_the_sqlite_store(database_uri, tmp_path, smtp):
    """``make run``: the web process enqueues into instance/jobs.sqlite3, ``flask jobs worker``
    (another process) runs it; SIGTERM stops the worker cleanly."""
    store = tmp_path / "jobs.sqlite3"
    smtp.start()
    app = jobs_app(database_uri, tmp_path, smtp, JOBS_STORE="sqlite", JOBS_SQLITE_PATH=str(store))
    first = mail(app, to="first@example.com")
    assert jobs.queue_depth(app) == 1
    env = {**os.environ, "ODOP_CONFIG": "development", "ODOP_INSTANCE_DIR": str(tmp_path / "instance"),
           "DATABASE_URL": database_uri, "JOBS_STORE": "sqlite", "JOBS_SQLITE_PATH": str(store),
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "MAIL_USE_TLS": "0", "REDIS_URL": ""}
    with jobs_worker(env, "--workers", "2", "--no-periodic") as worker:
        wait_for(lambda: len(smtp.inbox.messages) == 1)
        second = mail(app, to="second@example.com")
        wait_for(lambda: len(smtp.inbox.messages) == 2)
    assert worker.returncode == 0 and worker.output.rstrip().endswith("stopped"), worker.output
    assert stored_mail(app, first).sent_at and stored_mail(app, second).sent_at
    assert [m.rcpt_tos for m in smtp.inbox.messages] == [["first@example.com"], ["second@example.com"]]
    assert jobs.queue_depth(app) == 0


@pytest.fixture
def redis_url():
    """Redis for the jobs (``TEST_REDIS_URL``, default DB 2 on loopback); skipped where none
    answers, except under CI=true."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis tests must run under CI=true, but: {exc}")
        pytest.skip(f"no Redis at {url}: {exc}")
    return url


def test_with_redis_url_the_jobs_wait_in_redis(database_uri, tmp_path, smtp, redis_url):
    import uuid

    app = jobs_app(database_uri, tmp_path, smtp, REDIS_URL=redis_url, JOBS_STORE=None,
                   JOBS_QUEUE_NAME=f"odop-test-{uuid.uuid4().hex[:8]}")
    huey = jobs.huey_for(app)
    try:
        assert type(huey).__name__ == "RedisHuey"
        mail_id = mail(app)
        assert jobs.queue_depth(app) == 1
        assert jobs.drain(app) == 1 and jobs.huey_for(app).scheduled_count() == 1  # the server is down
        smtp.start()
        assert jobs.drain(app, now=utcnow() + dt.timedelta(seconds=6)) == 1
        assert stored_mail(app, mail_id).sent_at is not None and len(smtp.inbox.messages) == 1
    finally:
        huey.flush()


def test_a_redis_that_never_answers_does_not_hold_the_committing_request(database_uri, tmp_path, smtp):
    """A Redis that takes the connection and says nothing (a hung server, a full network buffer):
    the mail's job is given up after JOBS_REDIS_TIMEOUT and the commit's caller goes on; the mail
    stays in the outbox for the sweep."""
    import socket
    import time

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # the kernel accepts; nobody ever reads or writes
    try:
        port = listener.getsockname()[1]
        app = jobs_app(database_uri, tmp_path, smtp, REDIS_URL=f"redis://127.0.0.1:{port}/0", JOBS_STORE=None,
                       JOBS_REDIS_TIMEOUT=0.5)
        assert type(jobs.huey_for(app)).__name__ == "RedisHuey"
        started = time.monotonic()
        mail_id = mail(app)
        took = time.monotonic() - started
        assert took < 2.5, f"the commit waited {took:.1f} s for Redis"
        assert stored_mail(app, mail_id).sent_at is None  # kept for the sweep
    finally:
        listener.close()
