"""Stable, readable URL slugs."""
from __future__ import annotations

import re
import unicodedata


def slugify(text: str, max_length: int = 80) -> str:
    """``"Gautam Buddh Nagar"`` → ``"gautam-buddh-nagar"``: lower-case ASCII words joined by hyphens.

    Letters with accents lose them; anything else (Devanagari included) is dropped, so callers
    that may get only Hindi text must romanise first or fall back to another part of the slug.
    """
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")
