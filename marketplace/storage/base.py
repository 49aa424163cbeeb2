"""The one interface every storage backend offers, its errors, and the rule for keys.

A *key* is a relative path with forward slashes (``listings/12/3f2a9c0d1e4b5a6f7e8d.jpg``): the
same text the database rows keep. :func:`check_key` refuses anything that could lead outside
the storage area (``..``, an absolute path, a backslash, an empty segment, control characters),
so a key from a URL can be handed to any backend.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

MAX_KEY_LENGTH = 900  # S3 allows 1,024 bytes for the whole name, prefix included


class StorageError(Exception):
    """The storage could not be reached or refused the operation (network, credentials, bucket).
    Callers turn it into a translated message; it is never a missing file (see NotStored)."""


class NotStored(LookupError):
    """No file is stored under the key."""


class InvalidKey(ValueError):
    """The key is not a clean relative path (traversal, absolute, empty, odd characters)."""


def check_key(key: str) -> str:
    """``key`` itself if it is a clean relative path; raises :class:`InvalidKey` otherwise."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidKey(key)
    if key.startswith("/") or "\\" in key or any(ord(ch) < 32 or ord(ch) == 127 for ch in key):
        raise InvalidKey(key)
    if any(part in ("", ".", "..") for part in key.split("/")):
        raise InvalidKey(key)
    return key


def is_valid_key(key: str) -> bool:
    try:
        check_key(key)
    except InvalidKey:
        return False
    return True


@dataclass(frozen=True)
class ObjectInfo:
    """What serving a stored file needs: its size in bytes, an entity tag (unquoted), its media
    type and when it was last written (aware, UTC)."""

    key: str
    size: int
    etag: str
    content_type: str
    last_modified: dt.datetime


class StoredFile:
    """An open stored file: ``info`` and a ``stream`` read in chunks (``read(n)``), closed with
    ``close()`` or a ``with`` block."""

    def __init__(self, info: ObjectInfo, stream: BinaryIO) -> None:
        self.info = info
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)

    def close(self) -> None:
        self.stream.close()

    def __enter__(self) -> StoredFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Storage(Protocol):
    """One storage area (the public photos, the private proofs), on a local folder or a bucket.

    Every method takes keys checked by :func:`check_key` (``InvalidKey`` otherwise) and raises
    :class:`StorageError` when the storage cannot be reached.
    """

    #: ``local`` or ``s3``
    kind: str

    def put(self, key: str, data: bytes, content_type: str, *, cache_control: str | None = None) -> None:
        """Store ``data`` under ``key`` (replacing what was there), all or nothing: a reader
        never sees half a file."""

    def open(self, key: str) -> StoredFile:
        """The stored file, to stream; raises :class:`NotStored`."""

    def stat(self, key: str) -> ObjectInfo:
        """Size, entity tag, type and time of the stored file; raises :class:`NotStored`."""

    def exists(self, key: str) -> bool:
        """Whether a file is stored under ``key``."""

    def delete(self, *keys: str) -> None:
        """Remove the files; keys with nothing stored are ignored."""

    def keys(self) -> Iterator[str]:
        """Every stored key of the area (for ``flask media push`` and ``check``)."""

    def describe(self) -> str:
        """Where the area lives, for people (``/srv/odop/uploads``, ``s3://bucket/prefix/media/``)."""
