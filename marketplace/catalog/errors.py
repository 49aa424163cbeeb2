"""Errors the catalog's rules raise: each has a short machine ``code`` and a translated message."""
from __future__ import annotations


class CatalogError(Exception):
    """Base of catalog errors; ``code`` for machines, ``message`` (lazy string) for people."""

    code = "catalog_error"

    def __init__(self, message=None, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.message = message if message is not None else self.code
        super().__init__(self.code)

    def __str__(self) -> str:
        return str(self.message)


class InvalidImage(CatalogError):
    """An uploaded photo was refused (wrong type, too big, unreadable, too many pixels)."""

    code = "invalid_image"
