"""Background jobs (issue #15): everything that must not run inside a request, on a huey queue.

One huey instance per app, chosen from the configuration (``JOBS_STORE``):

* ``"sqlite"`` (the default, ``make run``): a SQLite file in the instance folder
  (``JOBS_SQLITE_PATH``), shared by the web processes and ``flask jobs worker``;
* ``"redis"`` (the default when ``REDIS_URL`` is set, production): Redis at ``REDIS_URL``;
* ``"memory"`` (tests): an in-process queue that nothing runs until ``drain(app)`` is called;
* ``"immediate"``: every job runs at once, in the process that enqueued it (a test's choice).

Jobs are declared at import time with ``@jobs.task()`` and ``@jobs.periodic(crontab(...))`` in
the domain that owns them (``notifications/tasks.py``, ``orders/tasks.py``, ...), which its
``init_app`` imports, so every app (and ``flask jobs worker``) knows every job. The declaration
is app-free: each app registers the jobs on its own huey (``huey_for(app)``), wrapping each
function so it runs inside that app's context (several apps in one process, as in the tests,
each run their own). This module imports no domain.

A job that changes nothing by itself but reacts to a change (send this mail) is enqueued with
``enqueue_after_commit(job, *args)``: it goes to the queue when the session commits, and is
forgotten when it rolls back, so a rolled-back order sends nothing. A model instance among the
args is sent as its primary key (known once committed).

Retries: a job that raises is tried again ``JOBS_RETRIES`` times (or its own ``retries=``), the
first pause ``JOBS_RETRY_DELAY`` seconds, each next one ``JOBS_RETRY_BACKOFF`` times longer.
Every failed attempt is written to the ``job_failures`` table (``final`` on the last one); see
``flask jobs failed``, ``flask jobs retry <id>`` and docs/jobs.md.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import signal
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey import signals as huey_signals
from sqlalchemy import Text, event, func, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.types import String

from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db

__all__ = ["Job", "JobFailure", "crontab", "drain", "enqueue_after_commit", "huey_for", "init_app",
           "periodic", "queue_depth", "task"]

log = logging.getLogger(__name__)

STORES = ("sqlite", "redis", "memory", "immediate")
_EXTENSION = "jobs"
_PENDING = "jobs.pending"


class JobFailure(db.Model):
    """One failed attempt of a job: what ran, with what, what went wrong, and whether it was the
    last attempt (``final``: huey will not try again by itself; ``flask jobs retry`` can)."""

    __tablename__ = "job_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(200), index=True)
    task_id: Mapped[str] = mapped_column(String(64), index=True)
    args: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [args, kwargs]
    error: Mapped[str] = mapped_column(Text, default="")
    traceback: Mapped[str] = mapped_column(Text, default="")
    attempt: Mapped[int] = mapped_column(default=1)
    final: Mapped[bool] = mapped_column(default=False, index=True)
    failed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    retried_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


# -- declaring jobs -----------------------------------------------------------------------------
@dataclass(eq=False)
class Job:
    """A job as its domain declared it, the same for every app; ``huey_for(app)`` registers it."""

    func: Callable[..., Any]
    name: str  # huey's registry key: "<module>.<function>"
    retries: int | None = None  # None: JOBS_RETRIES
    retry_delay: float | None = None  # None: JOBS_RETRY_DELAY
    schedule: Callable[[dt.datetime], bool] | None = None  # periodic: does this UTC minute match?
    every: str = ""  # the schedule in words, for `flask jobs status`
    when: Callable[[Mapping], bool] | None = None  # periodic only where when(app.config)

    def enqueue(self, *args: Any, delay: float | None = None) -> None:
        """Put the job on the current app's queue now (outside a transaction; inside one use
        ``enqueue_after_commit``). ``delay``: run it no sooner than that many seconds from now."""
        wrapper = _wrapper(current_app._get_current_object(), self)
        if delay:
            wrapper.schedule(args=args, delay=delay)
        else:
            wrapper(*args)

    def after_commit(self, *args: Any) -> None:
        """``enqueue_after_commit(self, *args)``."""
        enqueue_after_commit(self, *args)

    def run(self, *args: Any) -> Any:
        """Run the job's function here and now, in the current app context (CLI, tests)."""
        return self.func(*args)


_JOBS: dict[str, Job] = {}


def _declare(job: Job) -> Job:
    if job.name in _JOBS and _JOBS[job.name].func is not job.func:
        raise ValueError(f"two jobs are named {job.name}")
    _JOBS[job.name] = job
    return job


def task(*, retries: int | None = None, retry_delay: float | None = None,
         name: str | None = None) -> Callable[[Callable[..., Any]], Job]:
    """Decorator: the function becomes a ``Job`` (enqueue it with ``.enqueue()`` or
    ``enqueue_after_commit``). Arguments must be plain values (ids, strings). ``retries`` /
    ``retry_delay``: this job's own, instead of ``JOBS_RETRIES`` / ``JOBS_RETRY_DELAY``."""
    def decorate(fn: Callable[..., Any]) -> Job:
        return _declare(Job(fn, f"{fn.__module__}.{name or fn.__name__}", retries, retry_delay))
    return decorate


def periodic(schedule: Callable[[dt.datetime], bool], *, every: str, tz: dt.tzinfo | None = None,
             when: Callable[[Mapping], bool] | None = None, retries: int = 0,
             name: str | None = None) -> Callable[[Callable[[], Any]], Job]:
    """Decorator: run the function on ``schedule`` (a huey ``crontab(...)``) in the worker.

    ``tz``: the crontab is read in that time zone (``crontab(minute="0", hour="9")`` with
    ``tz=IST`` is 09:00 in India, 03:30 UTC); default UTC. ``every``: the schedule in words
    (``flask jobs status``). ``when(config)``: the job is scheduled only in apps where it is
    true (a courier poll where a courier is configured). A periodic job is not retried by
    default: its next run comes anyway."""
    zone = tz or dt.timezone.utc

    def in_zone(timestamp: dt.datetime) -> bool:  # huey hands a naive UTC minute (utc=True)
        return schedule(timestamp.replace(tzinfo=dt.timezone.utc).astimezone(zone))

    def decorate(fn: Callable[[], Any]) -> Job:
        return _declare(Job(fn, f"{fn.__module__}.{name or fn.__name__}", retries, None, in_zone, every, when))
    return decorate


# -- one huey per app ---------------------------------------------------------------------------
@dataclass
class _State:
    huey: Huey
    store: str
    wrappers: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)  # two request threads, one registry


def store_of(config: Mapping) -> str:
    """The store the configuration asks for: ``JOBS_STORE``, else redis with ``REDIS_URL``,
    else sqlite. Raises ``RuntimeError`` for an unknown name."""
    store = (config.get("JOBS_STORE") or ("redis" if config.get("REDIS_URL") else "sqlite")).lower()
    if store not in STORES:
        raise RuntimeError(f"JOBS_STORE={store!r}: use one of {', '.join(STORES)}")
    return store


def _make_huey(config: Mapping) -> tuple[Huey, str]:
    store = store_of(config)
    name = config.get("JOBS_QUEUE_NAME") or "odop"
    # results=False: nobody waits for a job's return value; failures go to job_failures
    options = {"results": False, "utc": True}
    if store == "redis":
        if not config.get("REDIS_URL"):
            raise RuntimeError("JOBS_STORE=redis needs REDIS_URL")
        # Short socket timeouts and no retries: a Redis that accepts connections but never
        # answers would otherwise hold a request (a checkout enqueues its mail and SMS after the
        # commit) for the client's default of several seconds per command. The socket timeout
        # stays above huey's 1 s blocking read (BRPOP) in the worker.
        from redis import ConnectionPool
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        pool = ConnectionPool.from_url(
            config["REDIS_URL"],
            socket_connect_timeout=float(config.get("JOBS_REDIS_CONNECT_TIMEOUT") or 1),
            socket_timeout=float(config.get("JOBS_REDIS_TIMEOUT") or 3),
            retry=Retry(NoBackoff(), 0),
        )
        return RedisHuey(name, connection_pool=pool, read_timeout=1, **options), store
    if store == "sqlite":
        path = Path(config.get("JOBS_SQLITE_PATH") or "jobs.sqlite3")
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(path), **options), store
    return MemoryHuey(name, immediate=store == "immediate", **options), store


def init_app(app: Flask) -> None:
    """Give ``app`` its queue (from its configuration), the failure log and ``flask jobs``."""
    huey, store = _make_huey(app.config)
    app.extensions[_EXTENSION] = _State(huey, store)
    huey.signal(huey_signals.SIGNAL_ERROR)(lambda _signal, task, exc=None: _record_failure(app, task, exc))
    app.cli.add_command(jobs_cli)


def _state(app: Flask) -> _State:
    try:
        return app.extensions[_EXTENSION]
    except KeyError:
        raise RuntimeError("marketplace.jobs.init_app(app) was not called") from None


def huey_for(app: Flask | None = None) -> Huey:
    """The huey instance of ``app`` (default: the current app), with every declared job on it."""
    app = app or current_app._get_current_object()
    state = _state(app)
    if len(state.wrappers) != len(_JOBS):
        with state.lock:
            for job in list(_JOBS.values()):
                if job.name not in state.wrappers:
                    state.wrappers[job.name] = _register(app, state.huey, job)
    return state.huey


def _wrapper(app: Flask, job: Job):
    huey_for(app)
    return _state(app).wrappers[job.name]


def _register(app: Flask, huey: Huey, job: Job):
    def execute(*args: Any, **kwargs: Any) -> Any:
        with app.app_context():  # its own context, so its own database session
            return job.func(*args, **kwargs)

    module, _, name = job.name.rpartition(".")
    execute.__module__, execute.__name__, execute.__doc__ = module, name, job.func.__doc__
    config = app.config
    options = {
        "retries": job.retries if job.retries is not None else int(config.get("JOBS_RETRIES", 5)),
        "retry_delay": job.retry_delay if job.retry_delay is not None else float(config.get("JOBS_RETRY_DELAY", 30)),
        "retry_backoff": float(config.get("JOBS_RETRY_BACKOFF", 2)),
        "name": name,
    }
    if job.schedule is not None:
        schedule = job.schedule if job.when is None or job.when(config) else (lambda _timestamp: False)
        return huey.periodic_task(schedule, **options)(execute)
    return huey.task(**options)(execute)


def _record_failure(app: Flask, task, exc: BaseException | None) -> None:
    """huey's ``error`` signal, sent after each failed attempt (before it is requeued)."""
    remaining = task.retries or 0
    attempt = max((type(task).default_retries or 0) - remaining, 0) + 1
    text = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"
    trace = "".join(traceback.format_exception(exc)) if exc is not None else ""
    name = f"{type(task).__module__}.{type(task).__name__}"
    log.warning("job %s (%s) failed, attempt %s%s: %s", name, task.id, attempt,
                "" if remaining else ", the last", text)
    try:
        with app.app_context():
            db.session.add(JobFailure(task=name, task_id=str(task.id), args=_dump(task.args, task.kwargs),
                                      error=text[:4000], traceback=trace[-20000:], attempt=attempt,
                                      final=remaining == 0))
            db.session.commit()
    except Exception:  # the database is away too: the log above is all we can keep
        log.exception("could not record the failure of job %s", task.id)


def _dump(args, kwargs) -> str:
    return json.dumps([list(args or ()), dict(kwargs or {})], default=repr, ensure_ascii=False)


# -- enqueue after commit ------------------------------------------------------------------------
def enqueue_after_commit(job: Job, *args: Any, session: Session | None = None) -> None:
    """Enqueue ``job(*args)`` when the session (default: ``db.session``) commits; forget it if
    the session rolls back. The same job with the same args is enqueued once per commit. A model
    instance among ``args`` is sent as its primary key; one that was never stored is dropped
    with its job. Needs an app context (the job goes to that app's queue)."""
    session = session if session is not None else db.session()
    app = current_app._get_current_object()
    pending: list = session.info.setdefault(_PENDING, [])
    for other_app, other_job, other_args in pending:
        if other_app is app and other_job is job and len(other_args) == len(args) and all(
                a is b or (not _is_model(a) and not _is_model(b) and a == b) for a, b in zip(other_args, args)):
            return
    pending.append((app, job, args))


def _is_model(value: Any) -> bool:
    return hasattr(value, "_sa_instance_state")


class _Gone(Exception):
    pass


def _plain(value: Any) -> Any:
    if not _is_model(value):
        return value
    state = inspect(value)
    if not state.persistent or state.identity is None:
        raise _Gone
    identity = state.identity
    return identity[0] if len(identity) == 1 else list(identity)


@event.listens_for(Session, "after_commit")
def _enqueue_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    for app, job, args in pending or ():
        try:
            plain = tuple(_plain(value) for value in args)
        except _Gone:
            continue
        try:
            _wrapper(app, job)(*plain)
        except Exception:  # the commit stands; the job's own sweep (or `flask ... deliver`) catches up
            log.exception("could not enqueue job %s%r", job.name, plain)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


# -- running and watching --------------------------------------------------------------------------
def queue_depth(app: Flask | None = None) -> int:
    """Jobs waiting to run now (not those scheduled for later); for /metrics."""
    return huey_for(app).pending_count()


def _naive_utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def drain(app: Flask, *, now: dt.datetime | None = None, limit: int = 1000) -> int:
    """Run, in this thread, every job waiting in ``app``'s queue and every scheduled one due by
    ``now`` (default: the present; a later ``now`` runs retries without waiting for them), until
    none is left or ``limit`` ran. Periodic jobs are not started: the worker's scheduler does
    that. Returns how many ran (failed attempts included)."""
    huey = huey_for(app)
    timestamp = _naive_utc(now)
    ran = 0
    while ran < limit:
        for due in huey.read_schedule(timestamp or huey._get_timestamp()):
            huey.enqueue(due)
        job = huey.dequeue()
        if job is None:
            return ran
        huey.execute(job, timestamp)
        ran += 1
    return ran


def consumer(app: Flask, *, workers: int | None = None, periodic: bool = True):
    """A huey consumer for ``app``: ``workers`` threads (default ``JOBS_WORKERS``) and, with
    ``periodic``, the scheduler of the periodic jobs. SIGTERM and SIGINT both stop it cleanly
    (jobs running are finished, for at most ``JOBS_SHUTDOWN_TIMEOUT`` seconds); a second one
    stops it at once."""
    huey = huey_for(app)
    if huey.immediate:
        raise RuntimeError("JOBS_STORE=immediate runs jobs where they are enqueued: there is nothing to consume")
    if _state(app).store == "memory":
        raise RuntimeError("JOBS_STORE=memory is this process's own: a worker would see nothing (use sqlite or redis)")
    worker = huey.create_consumer(workers=workers or int(app.config.get("JOBS_WORKERS", 2)), periodic=periodic,
                                  max_delay=float(app.config.get("JOBS_POLL_MAX_SECONDS", 2)),
                                  shutdown_timeout=float(app.config.get("JOBS_SHUTDOWN_TIMEOUT", 30)),
                                  graceful_signal="TERM")
    worker._signal_actions[signal.SIGINT] = (False, True)  # Ctrl-C is as graceful as SIGTERM
    return worker


# -- flask jobs ...------------------------------------------------------------------------------
jobs_cli = AppGroup("jobs", help="The background job queue (docs/jobs.md).")


@jobs_cli.command("worker")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=None,
              help="Worker threads (default JOBS_WORKERS).")
@click.option("--no-periodic", is_flag=True, help="Run queued jobs only, not the periodic ones.")
@click.option("--verbose", "-v", is_flag=True, help="Log every job run (default: failures only).")
def worker_command(workers: int | None, no_periodic: bool, verbose: bool) -> None:
    """Run queued jobs and the periodic ones until SIGTERM or SIGINT."""
    app = current_app._get_current_object()
    if not verbose:
        # huey writes four INFO lines a minute for the periodic jobs alone; failures and retries
        # stay (WARNING and above), and `flask jobs failed` keeps every failed attempt.
        logging.getLogger("huey").setLevel(logging.WARNING)
    try:
        worker = consumer(app, workers=workers, periodic=not no_periodic)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"jobs worker: {_state(app).store} store, {worker.workers} thread(s), "
               f"periodic {'off' if no_periodic else 'on'}")
    worker.run()
    click.echo("stopped")


@jobs_cli.command("status")
def status_command() -> None:
    """Queue depth, scheduled jobs, failed jobs, and the periodic jobs of this configuration."""
    app = current_app._get_current_object()
    huey = huey_for(app)
    failed = db.session.scalar(select(func.count()).select_from(JobFailure).where(
        JobFailure.final.is_(True), JobFailure.retried_at.is_(None))) or 0
    click.echo(f"store: {_state(app).store}")
    click.echo(f"queued: {huey.pending_count()}")
    click.echo(f"scheduled: {huey.scheduled_count()}")
    click.echo(f"failed: {failed}")
    for job in sorted(_JOBS.values(), key=lambda j: j.name):
        if job.schedule is not None:
            off = job.when is not None and not job.when(app.config)
            click.echo(f"periodic: {job.name} {job.every}{' (off in this configuration)' if off else ''}")


@jobs_cli.command("failed")
@click.option("--all", "everything", is_flag=True, help="Every failed attempt, not only last ones.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
def failed_command(everything: bool, limit: int) -> None:
    """Jobs that failed: id, when, task, attempts, args, error (newest first)."""
    query = select(JobFailure).order_by(JobFailure.id.desc()).limit(limit)
    if not everything:
        query = query.where(JobFailure.final.is_(True))
    rows = db.session.scalars(query).all()
    if not rows:
        click.echo("no failed jobs")
    for row in rows:
        state = "retried" if row.retried_at else ("failed" if row.final else "will retry")
        click.echo(f"#{row.id} {row.failed_at:%Y-%m-%d %H:%M:%S}Z {row.task} attempt {row.attempt} "
                   f"{state} args={row.args} error={row.error.splitlines()[0] if row.error else ''}")


@jobs_cli.command("retry")
@click.argument("failure_id", type=click.IntRange(1, 2**31 - 1))
def retry_command(failure_id: int) -> None:
    """Enqueue again the job of a final failure (its id from `flask jobs failed`)."""
    row = db.session.get(JobFailure, failure_id)
    if row is None or not row.final:
        raise click.ClickException(f"no final failure #{failure_id}")
    job = _JOBS.get(row.task)
    if job is None:
        raise click.ClickException(f"no job named {row.task} any more")
    args, _kwargs = json.loads(row.args or "[[], {}]")
    job.enqueue(*args)
    row.retried_at = utcnow()
    db.session.commit()
    click.echo(f"enqueued {row.task} again")
