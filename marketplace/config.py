"""Configuration classes, read from the environment.

``Config`` holds the defaults every environment shares; ``DevelopmentConfig`` (``make run``),
``TestingConfig`` (pytest) and ``ProductionConfig`` (gunicorn behind a proxy) adjust them.
Pick one with ``ODOP_CONFIG=development|testing|production`` or pass a class or a mapping to
``create_app``.
"""
from __future__ import annotations

import json

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("ODOP_INSTANCE_DIR", PROJECT_ROOT / "instance"))


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _hosts(value: str | None) -> list[str] | None:
    """``"odop.example, .odop.example"`` → ``["odop.example", ".odop.example"]`` (a leading dot
    accepts every subdomain); unset → ``None``."""
    if value is None:
        return None
    return [name.strip().lower() for name in value.split(",") if name.strip()]


def site_host(site_url: str) -> str:
    """The host name of ``SITE_URL`` (no port): the one name every configuration trusts."""
    return (urlsplit(site_url).hostname or "").lower()


def _json_dict(name: str) -> dict[str, str]:
    """An environment variable holding a JSON object (``{"code_sign_in": "1107..."}``); unset → ``{}``."""
    value = _env(name)
    if value is None:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise RuntimeError(f"{name} is not valid JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise RuntimeError(f"{name} must be a JSON object of template key to DLT template id")
    return {str(key): str(value) for key, value in parsed.items()}


def _normalise_database_url(url: str) -> str:
    # Heroku-style URLs say "postgres://"; SQLAlchemy wants an explicit driver (psycopg 3).
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    """Defaults shared by every environment; each value can come from the environment."""

    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _normalise_database_url(
        _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'odop.sqlite3'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SEARCH_INDEX_DIR = _env("SEARCH_INDEX_DIR", str(INSTANCE_DIR / "search-index"))
    # How this process applies the change feed to the node's index (docs/search.md): "thread" (a
    # follower thread per web process, started by its first request), "commit" (right after each
    # commit that wrote feed rows, in the committing thread: the tests' deterministic way), or
    # off (empty: `flask search follow` does it, or nothing).
    SEARCH_FOLLOW = _env("SEARCH_FOLLOW", "thread")
    SEARCH_FOLLOW_INTERVAL = float(_env("SEARCH_FOLLOW_INTERVAL", "0.25"))  # seconds between polls
    # /readyz fails while this node's search index is further behind the change feed than this
    SEARCH_MAX_LAG_S = float(_env("SEARCH_MAX_LAG_S", "30"))
    # how long a feed number skipped over is looked for (a transaction still running)
    SEARCH_FEED_GAP_SECONDS = float(_env("SEARCH_FEED_GAP_SECONDS", "600"))
    UPLOAD_DIR = _env("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    # proofs of delivery uploaded by officers (issue #13): served only to staff, so never under
    # UPLOAD_DIR (whose photos /media/ serves to anybody)
    PROOF_DIR = _env("PROOF_DIR", str(INSTANCE_DIR / "proofs"))
    # Where uploaded files live (issue #15.4; docs/storage.md): "local" keeps photos in UPLOAD_DIR
    # and proofs in PROOF_DIR (one node); "s3://bucket/prefix" puts them in an S3-compatible
    # bucket every web node shares (prefix/media/..., prefix/proofs/...). Credentials only from
    # the environment; unset S3_ACCESS_KEY_ID lets boto3 find them (AWS_* variables, a role).
    STORAGE_URL = _env("STORAGE_URL")  # unset: "local", unless S3_BUCKET names a bucket
    S3_BUCKET = _env("S3_BUCKET")  # the same as STORAGE_URL=s3://<S3_BUCKET> (no prefix)
    S3_ENDPOINT_URL = _env("S3_ENDPOINT_URL")  # MinIO, R2, Spaces...; unset for AWS itself
    S3_REGION = _env("S3_REGION")
    S3_ACCESS_KEY_ID = _env("S3_ACCESS_KEY_ID")
    S3_SECRET_ACCESS_KEY = _env("S3_SECRET_ACCESS_KEY")
    S3_TIMEOUT = float(_env("S3_TIMEOUT", "5"))  # seconds to connect and to read, per try (two tries)
    S3_ADDRESSING_STYLE = _env("S3_ADDRESSING_STYLE", "auto")  # "path" where buckets have no DNS name
    REDIS_URL = _env("REDIS_URL")
    MAX_CONTENT_LENGTH = 45 * 1024 * 1024  # 8 photos of at most 5 MB plus form fields

    STRIPE_SECRET_KEY = _env("STRIPE_SECRET_KEY")
    STRIPE_PUBLISHABLE_KEY = _env("STRIPE_PUBLISHABLE_KEY")
    STRIPE_WEBHOOK_SECRET = _env("STRIPE_WEBHOOK_SECRET")
    STRIPE_API_BASE = _env("STRIPE_API_BASE")
    # UPI (orders/upi.py): the collecting VPA shown in the payment link and QR; unset, checkout
    # offers no UPI. The name the buyer's app shows, and how long an order waits for the buyer's
    # UTR (minutes) and then for the money to be found in the bank statement (hours).
    UPI_VPA = _env("UPI_VPA")
    UPI_PAYEE_NAME = _env("UPI_PAYEE_NAME", "ODOP Bazaar")
    UPI_PAY_MINUTES = int(_env("UPI_PAY_MINUTES", "30"))
    UPI_MATCH_HOURS = int(_env("UPI_MATCH_HOURS", "48"))

    # Ledger and payouts (issue #14; docs/ledger.md). The marketplace fee in basis points per
    # category slug ('{"banarasi-silk": 250}'; a category not named pays 0, as a state portal
    # does), GST on that fee (only when there is a fee), and the days after delivery before a
    # sub-order's money may be paid out.
    MARKETPLACE_FEE_BP: dict[str, str] = _json_dict("MARKETPLACE_FEE_BP")
    GST_ON_FEE_BP = int(_env("GST_ON_FEE_BP", "1800"))
    PAYOUT_HOLD_DAYS = int(_env("PAYOUT_HOLD_DAYS", "7"))
    # The Fernet key (urlsafe base64 of 32 bytes) the sellers' full bank account numbers are
    # encrypted with. Development and tests derive one from SECRET_KEY (HKDF); production needs it set.
    BANK_DETAILS_KEY = _env("BANK_DETAILS_KEY")
    BANK_DETAILS_KEY_FROM_SECRET = True

    MAIL_SERVER = _env("MAIL_SERVER")
    MAIL_PORT = int(_env("MAIL_PORT", "587"))
    MAIL_USE_TLS = _env("MAIL_USE_TLS", "1") == "1"
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = _env("MAIL_DEFAULT_SENDER", "ODOP Bazaar <no-reply@odop-bazaar.local>")

    # SMS (issue #18; docs/accounts.md "SMS gateway"). Without SMS_GATEWAY_URL messages are
    # logged and kept in the outbox_sms table; with it the job worker POSTs them there.
    SMS_GATEWAY_URL = _env("SMS_GATEWAY_URL")
    SMS_GATEWAY_TOKEN = _env("SMS_GATEWAY_TOKEN")
    SMS_GATEWAY_TIMEOUT = float(_env("SMS_GATEWAY_TIMEOUT", "10"))
    # Messages carrying a one-time code or a claim/reset link are written to the log in full only
    # where this is on (development, tests); elsewhere the log says which template, and the number.
    LOG_SECRETS = False
    SMS_SENDER = _env("SMS_SENDER", "ODOPBZ")  # the DLT header (at most 11 characters)
    # The DLT template id of each template key in notifications/data/sms_templates.json, as one
    # JSON object: SMS_TEMPLATE_IDS='{"code_sign_in": "1107161234567890123", ...}'.
    SMS_TEMPLATE_IDS: dict[str, str] = _json_dict("SMS_TEMPLATE_IDS")

    # Shipping (issue #13; docs/shipping.md). "manual": sellers type the carrier and number;
    # "aggregator": book, label, pickup and tracking through a courier aggregator's HTTP API
    # (modelled on Shiprocket's) at SHIPPING_API_URL, signed in with SHIPPING_API_EMAIL and
    # SHIPPING_API_PASSWORD; its tracking webhook must send SHIPPING_WEBHOOK_SECRET.
    SHIPPING_ADAPTER = _env("SHIPPING_ADAPTER", "manual")
    # Returns (issue #19.2; docs/returns.md): days a seller has to accept or refuse a return before
    # it goes to the DIC of the seller's district
    RETURN_ANSWER_DAYS = int(_env("RETURN_ANSWER_DAYS", "2"))

    # The grievance officer the Consumer Protection (E-Commerce) Rules, 2020 oblige a marketplace
    # to name (issue #19), shown on /grievance-officer. The defaults are placeholders that the
    # ODOP cell MUST replace in production (they say "to be set").
    GRIEVANCE_OFFICER_NAME = _env("GRIEVANCE_OFFICER_NAME", "[To be set: GRIEVANCE_OFFICER_NAME]")
    GRIEVANCE_OFFICER_DESIGNATION = _env("GRIEVANCE_OFFICER_DESIGNATION",
                                         "[To be set: GRIEVANCE_OFFICER_DESIGNATION]")
    GRIEVANCE_OFFICER_EMAIL = _env("GRIEVANCE_OFFICER_EMAIL", "grievance@odop-bazaar.local")
    GRIEVANCE_OFFICER_PHONE = _env("GRIEVANCE_OFFICER_PHONE", "[To be set: GRIEVANCE_OFFICER_PHONE]")
    GRIEVANCE_OFFICER_ADDRESS = _env("GRIEVANCE_OFFICER_ADDRESS", "[To be set: GRIEVANCE_OFFICER_ADDRESS]")
    GRIEVANCE_OFFICER_HOURS = _env("GRIEVANCE_OFFICER_HOURS")  # unset: "Monday to Friday, 10:00 to 17:00 IST", translated
    # Buyers' complaints (issue #19, part 3; docs/grievances.md): acknowledged within
    # GRIEVANCE_ACK_HOURS (the system does it at once), the seller has GRIEVANCE_SELLER_DAYS to
    # settle before the DIC of the seller's district takes it, and one still open
    # GRIEVANCE_RESOLVE_DAYS after it was filed goes to the ODOP cell.
    GRIEVANCE_ACK_HOURS = int(_env("GRIEVANCE_ACK_HOURS", "48"))
    GRIEVANCE_SELLER_DAYS = int(_env("GRIEVANCE_SELLER_DAYS", "7"))
    GRIEVANCE_RESOLVE_DAYS = int(_env("GRIEVANCE_RESOLVE_DAYS", "30"))
    SHIPPING_API_URL = _env("SHIPPING_API_URL")
    SHIPPING_API_EMAIL = _env("SHIPPING_API_EMAIL")
    SHIPPING_API_PASSWORD = _env("SHIPPING_API_PASSWORD")
    SHIPPING_WEBHOOK_SECRET = _env("SHIPPING_WEBHOOK_SECRET")
    SHIPPING_TIMEOUT = float(_env("SHIPPING_TIMEOUT", "10"))
    SHIPPING_PICKUP_LOCATION = _env("SHIPPING_PICKUP_LOCATION", "")

    # Background jobs (issue #15; docs/jobs.md): "sqlite" (a file in the instance folder, the
    # default), "redis" (the default when REDIS_URL is set), "memory" or "immediate" (tests).
    JOBS_STORE = _env("JOBS_STORE")
    JOBS_SQLITE_PATH = _env("JOBS_SQLITE_PATH", str(INSTANCE_DIR / "jobs.sqlite3"))
    JOBS_WORKERS = int(_env("JOBS_WORKERS", "2"))  # threads of `flask jobs worker`
    # a failed job is tried again JOBS_RETRIES times: after 30 s, 1 min, 2 min, 4 min, 8 min ...
    JOBS_RETRIES = int(_env("JOBS_RETRIES", "8"))
    JOBS_RETRY_DELAY = float(_env("JOBS_RETRY_DELAY", "30"))
    JOBS_RETRY_BACKOFF = float(_env("JOBS_RETRY_BACKOFF", "2"))
    # seconds the job queue waits for Redis to connect and to answer (then the job is left to its sweep)
    JOBS_REDIS_CONNECT_TIMEOUT = float(_env("JOBS_REDIS_CONNECT_TIMEOUT", "1"))
    JOBS_REDIS_TIMEOUT = float(_env("JOBS_REDIS_TIMEOUT", "3"))

    LANGUAGES = ("en", "hi")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Asia/Kolkata"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

    WTF_CSRF_TIME_LIMIT = None  # a form left open on a slow phone still submits
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    # one-time codes (issue #18.2), per client address on top of the per-number limits in
    # accounts/codes.py: asking for a code (an SMS or a mail goes out) and checking one
    CODE_SEND_RATE_LIMIT = _env("CODE_SEND_RATE_LIMIT", "5 per minute;20 per hour")
    CODE_CHECK_RATE_LIMIT = _env("CODE_CHECK_RATE_LIMIT", "20 per minute;100 per hour")
    # the public PIN look-up of the address form (GET /api/v1/pins/<pin>), per client address
    PIN_LOOKUP_RATE_LIMIT = _env("PIN_LOOKUP_RATE_LIMIT", "30 per minute;300 per hour")

    # Where the site is reached: every absolute URL (canonical links, og:url, JSON-LD, Stripe
    # return addresses, links in mail and SMS) is built from it, never from the request's Host,
    # so a forged Host cannot get into a cached page (issue #12.2). Scheme and host, no path.
    SITE_URL = _env("SITE_URL", "http://127.0.0.1:5000")
    # Host names a request may carry (Host, or X-Forwarded-Host behind the proxy); any other is
    # answered 400 before a view runs. Unset: the host of SITE_URL (plus localhost in development).
    TRUSTED_HOSTS = _hosts(_env("TRUSTED_HOSTS"))

    PAGE_SIZE = 24
    # Days a buyer may edit their review after writing it (issue #19.4; orders/reviews.py)
    REVIEW_EDIT_DAYS = int(_env("REVIEW_EDIT_DAYS", "30"))
    PAGE_CACHE_SECONDS = 60  # anonymous catalogue/search pages; see marketplace/page_cache.py
    PAGE_CACHE_VERSION_TTL = float(_env("PAGE_CACHE_VERSION_TTL", "0.25"))  # seconds between version reads

    # Operations (issue #15; docs/deploy.md). LOG_FORMAT: "json" (one object per line, the
    # production default) or "text" (readable, the default elsewhere). /metrics is read with
    # "Authorization: Bearer <METRICS_TOKEN>"; without a token only from this machine (loopback).
    LOG_FORMAT = _env("LOG_FORMAT", "text")
    METRICS_TOKEN = _env("METRICS_TOKEN")
    HEALTH_REDIS_TIMEOUT = float(_env("HEALTH_REDIS_TIMEOUT", "0.5"))  # seconds /readyz waits for PING

    def __init__(self) -> None:
        if self.REDIS_URL:
            self.RATELIMIT_STORAGE_URI = self.REDIS_URL
        if self.SITE_URL:
            self.SITE_URL = self.SITE_URL.rstrip("/")
            if self.TRUSTED_HOSTS is None:
                self.TRUSTED_HOSTS = [site_host(self.SITE_URL)]


# Keys that have been in this repository: anyone can read them, so no configuration but the
# tests' may sign cookies with one (a forged session cookie would open every admin page).
PUBLIC_KEYS = frozenset({"dev-only-not-secret", "test-only-not-secret"})


def refuse_public_key(key: str | None) -> None:
    """Raise RuntimeError when ``key`` is one of the keys published in the repository."""
    if key in PUBLIC_KEYS:
        raise RuntimeError("SECRET_KEY is a key published in the repository; set a secret one")


def instance_secret_key(instance_dir: Path) -> str:
    """The development signing key: made at random on first use, kept in ``instance/secret_key``
    (readable by the owner only), so ``make run`` needs no setting and cookies survive restarts."""
    path = instance_dir / "secret_key"
    try:
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


class DevelopmentConfig(Config):
    """``make run``: SQLite in instance/, a random key kept in instance/, mail to the outbox."""

    DEBUG = False
    LOG_SECRETS = True  # without a gateway, the codes of `make run` are read from its log

    def __init__(self) -> None:
        super().__init__()
        if _env("TRUSTED_HOSTS") is None:  # the dev server answers on both names
            self.TRUSTED_HOSTS = list(dict.fromkeys([*self.TRUSTED_HOSTS, "127.0.0.1", "localhost"]))
        if not self.SECRET_KEY:
            self.SECRET_KEY = instance_secret_key(INSTANCE_DIR)
        refuse_public_key(self.SECRET_KEY)
        if self.UPI_VPA is None:  # the demo shows UPI; "@example" is no bank's handle, so no app pays it
            self.UPI_VPA = "odopbazaar.demo@example"


class TestingConfig(Config):
    """pytest: the fixtures point the database, index and uploads at temporary places."""

    TESTING = True
    LOG_SECRETS = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    # Fast hashing keeps the suite quick; every other environment uses scrypt.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    PAGE_CACHE_SECONDS = 0
    # jobs wait in this process's memory until a test runs them (marketplace.jobs.drain)
    JOBS_STORE = "memory"
    STORAGE_URL = "local"  # a developer's STORAGE_URL or S3_BUCKET never reaches the tests' apps
    S3_BUCKET = None
    SEARCH_FOLLOW = None  # tests apply the feed themselves (tests/conftest.py: "commit")
    # The test client asks for localhost; the browser tests' live server listens on 127.0.0.1
    # (tests/fixtures/e2e.py points SITE_URL at it).
    SITE_URL = "http://localhost"
    TRUSTED_HOSTS = ["localhost", "127.0.0.1"]


class ProductionConfig(Config):
    """Production: refuses to start without SECRET_KEY or SITE_URL; cookies only over HTTPS."""

    SITE_URL = _env("SITE_URL")  # no default: links to 127.0.0.1 would reach nobody

    LOG_FORMAT = _env("LOG_FORMAT", "json")

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_SECONDS = 31_536_000  # a year
    BANK_DETAILS_KEY_FROM_SECRET = False  # bank account numbers need BANK_DETAILS_KEY of their own

    def __init__(self) -> None:
        super().__init__()
        if not self.SECRET_KEY:
            raise RuntimeError(
                "SECRET_KEY is not set: production refuses to start without it "
                "(generate one with: python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        refuse_public_key(self.SECRET_KEY)
        if not self.SITE_URL:
            raise RuntimeError("SITE_URL is not set: production refuses to start without it "
                               "(the address people reach the site at, e.g. https://odopbazaar.in)")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
