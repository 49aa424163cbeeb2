"""Pure validators for seller and listing data: Udyam, GSTIN, PIN code, mobile.

Slugs are made by ``marketplace.slugs`` (one rule for every slug).

Every ``normalise_*`` function takes user text and returns the canonical form, or raises
:class:`InvalidValue` (a ``ValueError`` carrying a short machine ``code`` and a translated
message). ``is_valid_*`` are the boolean forms. Nothing here touches the database or Flask's
request, so forms, the CSV importer, the CLI and the API share one rule each.
"""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from marketplace import india
from marketplace.india import GST_STATE_CODES, UDYAM_STATE_CODES, gstin_check_character, normalise_pin, parse_mobile

from .errors import CatalogError

__all__ = [
    "InvalidValue",
    "GST_STATE_CODES",
    "UDYAM_STATE_CODES",
    "gstin_check_character",
    "normalise_udyam",
    "normalise_gstin",
    "normalise_pin_code",
    "normalise_mobile",
    "is_valid_udyam",
    "is_valid_gstin",
    "is_valid_pin_code",
    "is_valid_mobile",
]


class InvalidValue(CatalogError, ValueError):
    """A value a person typed is not valid; ``code`` is for machines, ``message`` for people."""

    def __init__(self, code: str, message) -> None:
        super().__init__(message, code)


def _as_catalog_error(fn: Callable[[str], str], text: str) -> str:
    try:
        return fn(text)
    except india.InvalidIdentifier as exc:
        raise InvalidValue(exc.code, exc.message) from None


def normalise_udyam(text: str) -> str:
    """``marketplace.india.normalise_udyam``, raising InvalidValue ``udyam_format``/``udyam_state``."""
    return _as_catalog_error(india.normalise_udyam, text)


def normalise_gstin(text: str) -> str:
    """``marketplace.india.normalise_gstin``, raising InvalidValue ``gstin_format``/``gstin_state``/``gstin_check``."""
    return _as_catalog_error(india.normalise_gstin, text)


def normalise_pin_code(text: str) -> str:
    """Return a six-digit Indian PIN code (spaces removed); raise InvalidValue("pin_code")."""
    value = normalise_pin(text)
    if value is None:
        raise InvalidValue("pin_code", _l("PIN code must be six digits and cannot start with 0."))
    return value


def normalise_mobile(text: str) -> str:
    """Return a ten-digit Indian mobile number without prefix.

    The rule is ``marketplace.india.parse_mobile`` (``+91``, ``91`` or ``0`` prefixes, spaces or
    hyphens inside); raises InvalidValue("mobile") when it refuses the text.
    """
    value = parse_mobile(text)
    if value is None:
        raise InvalidValue("mobile", _l("Mobile number must be 10 digits starting with 6, 7, 8 or 9."))
    return value


def _is_valid(fn: Callable[[str], str], text: str) -> bool:
    try:
        fn(text)
    except InvalidValue:
        return False
    return True


def is_valid_udyam(text: str) -> bool:
    """True when ``text`` is a well-formed Udyam registration number."""
    return _is_valid(normalise_udyam, text)


def is_valid_gstin(text: str) -> bool:
    """True when ``text`` is a GSTIN with a valid state code, PAN part and check character."""
    return _is_valid(normalise_gstin, text)


def is_valid_pin_code(text: str) -> bool:
    """True when ``text`` is a six-digit Indian PIN code."""
    return _is_valid(normalise_pin_code, text)


def is_valid_mobile(text: str) -> bool:
    """True when ``text`` is an Indian mobile number."""
    return _is_valid(normalise_mobile, text)
