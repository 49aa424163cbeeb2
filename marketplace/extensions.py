"""Unbound Flask extensions, bound to an app in ``create_app``.

The ``MetaData`` naming convention gives every constraint and index a predictable name, so that
Alembic can alter or drop them later (on SQLite through batch mode as well).
"""
from __future__ import annotations

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# expire_on_commit=False: objects stay readable after a service commits (views render them),
# and tests can use objects created in another app context.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
# gzip/brotli for pages and JSON; bundles under /assets/ come compressed already (marketplace/assets.py)
compress = Compress()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
