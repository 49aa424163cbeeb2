"""The migrations are the schema: running them gives exactly what the models describe."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from marketplace.extensions import db


@pytest.mark.both_databases
def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models and migrations differ; run `flask db migrate`: {differences}"


def test_one_head_and_the_database_is_at_it(app):
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        heads = script.get_heads()
        assert len(heads) == 1, f"several migration heads: {heads}"
        with db.engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == heads[0]


@pytest.mark.both_databases
def test_the_phone_first_migration_keeps_every_row_of_a_live_database(app):
    """accounts_0003 rebuilds ``users`` (SQLite batch mode): with foreign keys on, that DROP
    deleted users' notifications and sign-ins, or failed on a seller; on PostgreSQL the numbers
    were rewritten before the column was wide enough. Go back before it, put data in, upgrade."""
    import flask_migrate
    from sqlalchemy import text

    with app.app_context():
        flask_migrate.downgrade(revision="buyers_0003")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO users (id, email, name, phone, locale, role, password_hash, active, "
                              "created_at, updated_at) VALUES (1, 'a@example.com', 'A', '9876543210', 'hi', "
                              "'seller', 'x', true, '2026-01-01', '2026-01-01'), (2, 'b@example.com', 'B', "
                              "'9876543210', 'en', 'buyer', 'x', true, '2026-01-01', '2026-01-01'), "
                              "(3, 'c@example.com', 'C', '', 'en', 'buyer', 'x', true, '2026-01-01', '2026-01-01')"))
            conn.execute(text("INSERT INTO notifications (user_id, subject, body, created_at) "
                              "VALUES (1, 'hello', '', '2026-01-01')"))
            conn.execute(text("INSERT INTO login_sessions (token_hash, user_id, created_at) "
                              "VALUES ('t', 2, '2026-01-01')"))
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            phones = dict(conn.execute(text("SELECT id, phone FROM users ORDER BY id")).all())
            assert phones == {1: "+919876543210", 2: None, 3: None}  # the older account keeps a shared number
            assert conn.execute(text("SELECT count(*) FROM notifications")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM login_sessions")).scalar() == 1
            foreign_keys = conn.exec_driver_sql("PRAGMA foreign_keys").scalar() if conn.dialect.name == "sqlite" else 1
            assert foreign_keys == 1
