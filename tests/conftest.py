"""Test fixtures shared by every domain.

The database of every test is built by running the Alembic migrations (never ``create_all``):
once per session into a template, then copied (SQLite) or truncated (PostgreSQL) for each test.

Which database a test uses: SQLite by default; ``@pytest.mark.postgres`` runs it on PostgreSQL
only; ``@pytest.mark.both_databases`` (or ``TEST_ALL_DATABASES=1`` in the environment) runs it on
both. PostgreSQL comes from ``TEST_DATABASE_URL``; the tests create their own database next to the
one it names and drop it at the end. Where no PostgreSQL is reachable those tests skip with a
message, except under ``CI=true``, where they fail.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from marketplace import create_app

pytest_plugins = [
    "tests.fixtures.accounts",
    "tests.fixtures.catalog",
    "tests.fixtures.search",
    "tests.fixtures.orders",
    "tests.fixtures.buyers",
    "tests.fixtures.admin",
    "tests.fixtures.e2e",
    "tests.fixtures.courier",
    "tests.fixtures.object_storage",
]

IN_CI = os.environ.get("CI", "").lower() == "true"


def _memoise_url_builders() -> None:
    """Every test builds its own app, and 0.15 s of the 0.19 s that takes is Werkzeug compiling
    two URL-builder functions per route from an AST (about 1,700 tests: four minutes of CPU).
    The function it compiles depends only on the rule's text, defaults and parse trace, and
    takes the rule itself as its first argument, so one compiled per distinct rule serves every
    app of the session. Tests only; if Werkzeug renames the method, this does nothing."""
    from werkzeug.routing.rules import Rule

    original = getattr(Rule, "_compile_builder", None)
    if original is None or getattr(original, "memoised", False):
        return
    compiled: dict = {}

    def compile_builder(self, append_unknown=True):
        key = (self.rule, self.subdomain, self.host, self.map.host_matching if self.map else None,
               tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown)
        builder = compiled.get(key)
        if builder is None:
            builder = compiled[key] = original(self, append_unknown)
        return builder

    compile_builder.memoised = True
    Rule._compile_builder = compile_builder


_memoise_url_builders()


def make_test_config(tmp_path: Path, database_uri: str, **extra) -> dict:
    """Settings for a test app: its own database, search index and upload folder."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "PROOF_DIR": str(tmp_path / "proofs"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Each commit that wrote change-feed rows applies them to the app's search index right
        # away, in the committing thread: a test searches what it just committed.
        "SEARCH_FOLLOW": "commit",
    }
    if database_uri.startswith("postgresql"):
        # No pool: apps made by tests never leave connections open behind them.
        from sqlalchemy.pool import NullPool

        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": NullPool}
    config.update(extra)
    return config


def run_migrations(app) -> None:
    import flask_migrate

    with app.app_context():
        flask_migrate.upgrade()


# --------------------------------------------------------------------------- database choice

def pytest_generate_tests(metafunc):
    if "db_backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker
    if marker("postgres"):
        backends = ["postgresql"]
    elif marker("both_databases") or os.environ.get("TEST_ALL_DATABASES") == "1":
        backends = ["sqlite", "postgresql"]
    else:
        backends = ["sqlite"]
    metafunc.parametrize(
        "db_backend",
        [pytest.param(b, marks=[pytest.mark.postgres] if b == "postgresql" else []) for b in backends],
    )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file with every migration applied, copied by each test."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.sqlite3"
    run_migrations(create_app(make_test_config(folder, f"sqlite:///{path}")))
    return path


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"PostgreSQL tests must run under CI=true, but: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """A fresh PostgreSQL database with every migration applied, dropped after the session."""
    import psycopg

    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        _unavailable("TEST_DATABASE_URL is not set")
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1) if base.startswith("postgresql://") else base)
    name = f"{url.database or 'odop_test'}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_dsn = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        _unavailable(f"cannot reach {url.render_as_string(hide_password=True)} ({str(exc).strip()[:200]})")
    test_url = url.set(database=name).render_as_string(hide_password=False)
    folder = tmp_path_factory.mktemp("pg-template")
    run_migrations(create_app(make_test_config(folder, test_url)))
    yield test_url
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


#: Empty the tables a test wrote to and restart the sequences it used, in one round trip.
#: TRUNCATE of all ~45 tables took about 0.36 s per test (each truncated table gets new files);
#: most tests write to a handful, and finding which costs a few milliseconds.
_EMPTY_POSTGRES = """
DO $$
DECLARE r record; found boolean; written text := '';
BEGIN
  FOR r IN SELECT tablename FROM pg_tables
           WHERE schemaname = current_schema() AND tablename <> 'alembic_version' LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', r.tablename) INTO found;
    IF found THEN
      written := written || CASE WHEN written = '' THEN '' ELSE ', ' END || format('%I', r.tablename);
    END IF;
  END LOOP;
  IF written <> '' THEN EXECUTE 'TRUNCATE ' || written || ' CASCADE'; END IF;
  FOR r IN SELECT sequencename FROM pg_sequences
           WHERE schemaname = current_schema() AND last_value IS NOT NULL LOOP
    EXECUTE format('ALTER SEQUENCE %I RESTART', r.sequencename);
  END LOOP;
END $$;
"""


def _truncate_postgres(app) -> None:
    from sqlalchemy import text

    from marketplace.extensions import db

    with app.app_context():
        db.session.execute(text(_EMPTY_POSTGRES))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def database_uri(db_backend, request, tmp_path) -> str:
    if db_backend == "postgresql":
        return request.getfixturevalue("postgres_url")
    path = tmp_path / "test.sqlite3"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


# --------------------------------------------------------------------------- app and clients

@pytest.fixture
def app(database_uri, db_backend, tmp_path):
    """The application on a freshly migrated, empty database (no app context is pushed:
    use ``with app.app_context():`` for direct database work)."""
    application = create_app(make_test_config(tmp_path, database_uri))
    if db_backend == "postgresql":
        _truncate_postgres(application)
    yield application
    from marketplace.extensions import db

    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def pytest_sessionstart(session):
    """Compile the catalogs first, so the tests see the messages.po on disk, not a stale .mo."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parent.parent / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
