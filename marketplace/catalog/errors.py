"""Errors the catalog's rules raise: each has a short machine ``code`` and a translated message."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.errors import DomainError, NotFound  # noqa: F401  (re-exported for catalog code)


class CatalogError(DomainError):
    """Base of catalog errors; ``code`` for machines, ``message`` (lazy string) for people."""

    code = "catalog_error"

    def __init__(self, message=None, code: str | None = None, **params) -> None:
        super().__init__(message, code=code, **params)

    def __str__(self) -> str:
        return str(self.message)


class InvalidImage(CatalogError):
    """An uploaded photo was refused (wrong type, too big, unreadable, too many pixels)."""

    code = "invalid_image"
    default_message = _l("This photo cannot be used.")


class PhotoNotSaved(CatalogError):
    """The photo storage (local folder or bucket) could not be written: nothing was saved."""

    code = "image_not_saved"
    default_message = _l("The photo could not be saved just now, so nothing was changed. Please try again in a few minutes.")
