"""Where uploaded files live (issue #15.4): a local folder, or an S3-compatible bucket shared by
every web node. See docs/storage.md.

Two *areas*, each one :class:`~marketplace.storage.base.Storage`:

- ``media``: the public photos (listing photos and thumbnails, seller photos, demo pictures),
  served to anybody by ``/media/<key>``; locally under ``UPLOAD_DIR``;
- ``proofs``: proofs of delivery (issue #13.5), served only to officers; locally under
  ``PROOF_DIR``. Never reachable through ``/media/``: another folder, another bucket prefix.

``STORAGE_URL`` unset (or ``local``) keeps both on the local folders. ``STORAGE_URL=s3://bucket/prefix``
(or ``S3_BUCKET=bucket`` alone, for no prefix) puts them in the bucket as ``prefix/media/<key>``
and ``prefix/proofs/<key>``, reached with
``S3_ENDPOINT_URL``, ``S3_REGION``, ``S3_ACCESS_KEY_ID``, ``S3_SECRET_ACCESS_KEY`` (or boto3's own
credential chain), ``S3_TIMEOUT`` and ``S3_ADDRESSING_STYLE``.

Keys are the relative paths the database rows keep (content-hashed names), so rows written
before the move keep working once their files are pushed (``flask media push``).

This module sits in the lowest layer: it reads ``current_app.config`` and imports nothing of the
domains; callers turn :class:`StorageError` into their own translated message.
"""
from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app

from .base import (InvalidKey, NotStored, ObjectInfo, Storage, StorageError, StoredFile, check_key,  # noqa: F401
                   is_valid_key)
from .local import LocalStorage

#: area name -> the setting naming its local folder
AREAS = {"media": "UPLOAD_DIR", "proofs": "PROOF_DIR"}
#: how long a public photo may be cached anywhere: its name changes with its content
PUBLIC_IMMUTABLE = "public, max-age=31536000, immutable"
PRIVATE_NO_STORE = "private, no-store"

_LOCK = threading.Lock()
_CLIENTS: dict[tuple, object] = {}


def parse_storage_url(url: str | None) -> tuple[str, str, str]:
    """``(kind, bucket, prefix)`` of a ``STORAGE_URL``: ``("local", "", "")`` when unset or
    ``local``; ``("s3", bucket, "prefix/")`` for ``s3://bucket/prefix`` (the prefix may be
    empty). Raises RuntimeError for anything else (checked when the app starts)."""
    if url in (None, "", "local"):
        return "local", "", ""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise RuntimeError(f"STORAGE_URL must be 'local' or s3://bucket/prefix, not {url!r}")
    prefix = parts.path.strip("/")
    if prefix and not is_valid_key(prefix):
        raise RuntimeError(f"STORAGE_URL has an odd prefix (.., //, control characters): {url!r}")
    return "s3", parts.netloc, f"{prefix}/" if prefix else ""


def storage_location(config) -> tuple[str, str, str]:
    """``(kind, bucket, prefix)`` from the settings: ``STORAGE_URL`` (:func:`parse_storage_url`),
    or, when it is unset, ``S3_BUCKET`` alone (the whole bucket, no prefix). Raises RuntimeError
    when the two disagree."""
    url, bucket = config.get("STORAGE_URL"), config.get("S3_BUCKET")
    if not bucket:
        return parse_storage_url(url)
    if url in (None, ""):
        return parse_storage_url(f"s3://{bucket}")
    location = parse_storage_url(url)
    if location[1] != bucket:
        raise RuntimeError(f"STORAGE_URL ({url!r}) and S3_BUCKET ({bucket!r}) disagree: set only one")
    return location


def init_app(app: Flask) -> None:
    """Check ``STORAGE_URL`` when the app is built (a typo fails at start, not at the first
    upload), and make the local folders."""
    kind, _, _ = storage_location(app.config)
    if kind == "local":
        for setting in AREAS.values():
            if app.config.get(setting):
                Path(app.config[setting]).mkdir(parents=True, exist_ok=True)


def _s3_settings(config, bucket: str, prefix: str):
    # boto3 costs ~0.3 s to import: only a node configured for S3 pays it, at its first use
    from .s3 import S3Settings

    return S3Settings(bucket=bucket, prefix=prefix, endpoint_url=config.get("S3_ENDPOINT_URL") or None,
                      region=config.get("S3_REGION") or None, access_key_id=config.get("S3_ACCESS_KEY_ID") or None,
                      secret_access_key=config.get("S3_SECRET_ACCESS_KEY") or None,
                      timeout=float(config.get("S3_TIMEOUT") or 5), addressing_style=config.get("S3_ADDRESSING_STYLE") or "auto")


def area(name: str, app: Flask | None = None) -> Storage:
    """The storage of an area (``media`` or ``proofs``) for ``app`` (the current app by
    default), following its settings at the time of the call."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if name not in AREAS:
        raise KeyError(name)
    config = app.config
    kind, bucket, prefix = storage_location(config)
    if kind == "local":
        return LocalStorage(config[AREAS[name]])
    settings = _s3_settings(config, bucket, prefix)
    from .s3 import S3Storage  # see _s3_settings: boto3 only where S3 is configured

    return S3Storage(_client(settings), bucket, f"{prefix}{name}/")


def _client(settings):
    """One boto3 client per process and connection settings (endpoint, region, credentials,
    timeout): thread-safe, keeps its connections open, and costs ~0.15 s to build."""
    from .s3 import make_client  # see _s3_settings

    reach = (settings.endpoint_url, settings.region, settings.access_key_id, settings.secret_access_key,
             settings.timeout, settings.addressing_style)
    with _LOCK:
        client = _CLIENTS.get(reach)
        if client is None:
            client = _CLIENTS[reach] = make_client(settings)
    return client


def media(app: Flask | None = None) -> Storage:
    """The public photos' storage (``/media/`` serves it)."""
    return area("media", app)


def proofs(app: Flask | None = None) -> Storage:
    """The proofs of delivery's storage (served to officers only)."""
    return area("proofs", app)
