"""Sellers' full bank account numbers, encrypted at rest (issue #14: payouts need them).

The number is encrypted with Fernet (AES-128-CBC + HMAC) under ``BANK_DETAILS_KEY``; development
and tests derive that key from ``SECRET_KEY`` with HKDF-SHA256 (``BANK_DETAILS_KEY_FROM_SECRET``),
production refuses to encrypt or decrypt without a key of its own. The number is never logged
and never shown in full on a page: pages show ``masked`` (…1234); only the bank bulk-payment file
of a payout batch carries it (``payouts.export_rows``).
"""
from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_INFO = b"odop-bazaar bank details v1"


class BankKeyMissing(RuntimeError):
    """BANK_DETAILS_KEY is not set where it must be (production)."""


def _key(config) -> bytes:
    key = config.get("BANK_DETAILS_KEY")
    if key:
        return key.encode() if isinstance(key, str) else key
    if not config.get("BANK_DETAILS_KEY_FROM_SECRET") or not config.get("SECRET_KEY"):
        raise BankKeyMissing("BANK_DETAILS_KEY is not set: bank account numbers cannot be stored or read")
    secret = config["SECRET_KEY"]
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret.encode() if isinstance(secret, str) else secret)
    return base64.urlsafe_b64encode(raw)


def _fernet(config=None) -> Fernet:
    return Fernet(_key(config if config is not None else current_app.config))


def encrypt_account(number: str, config=None) -> str:
    """The stored (encrypted, ASCII) form of the account number ``number`` (digits)."""
    return _fernet(config).encrypt(number.encode()).decode("ascii")


def decrypt_account(token: str | None, config=None) -> str | None:
    """The account number stored as ``token``, or None (no number, or a token this key cannot
    read: a rotated key without re-encryption)."""
    if not token:
        return None
    try:
        return _fernet(config).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None


def masked(last4: str | None) -> str:
    """What pages show of an account number: ``…1234`` (empty when there is none)."""
    return f"…{last4}" if last4 else ""
