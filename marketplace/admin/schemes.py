"""The bilingual schemes directory (point 14 of the ODOP order: scheme information in one place).

The facts live in ``data/schemes.json`` — reviewed text in Hindi and English, one entry per
scheme: who runs it, who is eligible, what it gives, where to apply, and the official portal.
This module loads and checks that file once and hands out frozen :class:`Scheme` objects.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

DATA_FILE = Path(__file__).with_name("data") / "schemes.json"
LEVELS = ("state", "central")
# The helpdesk's topics (schemes and loans, training, design and packaging, marketing and
# e-commerce, testing, export): a scheme is tagged with those it helps with.
TOPICS = ("schemes", "training", "design", "marketing", "testing", "export")
TEXT_FIELDS = ("name", "run_by", "summary", "apply")
LIST_FIELDS = ("eligibility", "benefits")


class SchemeDataError(ValueError):
    """The schemes file is malformed (a missing language, a duplicate slug, a bad URL...)."""


@dataclass(frozen=True)
class Scheme:
    slug: str
    level: str
    topics: tuple[str, ...]
    name_en: str
    name_hi: str
    run_by_en: str
    run_by_hi: str
    summary_en: str
    summary_hi: str
    eligibility_en: tuple[str, ...]
    eligibility_hi: tuple[str, ...]
    benefits_en: tuple[str, ...]
    benefits_hi: tuple[str, ...]
    apply_en: str
    apply_hi: str
    portal: str | None

    def text(self, field: str, locale: str | None) -> str | tuple[str, ...]:
        """``field`` (``"name"``, ``"benefits"``...) in ``locale``; Hindi for ``hi*``."""
        lang = "hi" if (locale or "").lower().startswith("hi") else "en"
        return getattr(self, f"{field}_{lang}")


def _check(raw: dict, index: int) -> Scheme:
    where = f"scheme #{index + 1} ({raw.get('slug', '?')})"
    for key in ("slug", "level", "topics", "portal"):
        if key not in raw:
            raise SchemeDataError(f"{where}: missing {key}")
    if raw["level"] not in LEVELS:
        raise SchemeDataError(f"{where}: level must be one of {LEVELS}")
    unknown = set(raw["topics"]) - set(TOPICS)
    if unknown:
        raise SchemeDataError(f"{where}: unknown topics {sorted(unknown)}")
    values: dict = {"slug": raw["slug"], "level": raw["level"], "topics": tuple(raw["topics"])}
    for name in TEXT_FIELDS:
        for lang in ("en", "hi"):
            value = raw.get(f"{name}_{lang}")
            if not isinstance(value, str) or not value.strip():
                raise SchemeDataError(f"{where}: {name}_{lang} is missing or empty")
            values[f"{name}_{lang}"] = value.strip()
    for name in LIST_FIELDS:
        en, hi = raw.get(f"{name}_en"), raw.get(f"{name}_hi")
        if not isinstance(en, list) or not isinstance(hi, list) or not en:
            raise SchemeDataError(f"{where}: {name}_en/{name}_hi must be non-empty lists")
        if len(en) != len(hi):
            raise SchemeDataError(f"{where}: {name} has {len(en)} English and {len(hi)} Hindi points")
        if not all(isinstance(x, str) and x.strip() for x in en + hi):
            raise SchemeDataError(f"{where}: {name} has an empty point")
        values[f"{name}_en"] = tuple(x.strip() for x in en)
        values[f"{name}_hi"] = tuple(x.strip() for x in hi)
    portal = raw["portal"]
    if portal is not None:
        parsed = urlparse(portal)
        if parsed.scheme != "https" or not parsed.netloc:
            raise SchemeDataError(f"{where}: portal must be an https URL")
    values["portal"] = portal
    return Scheme(**values)


def parse_schemes(document: dict) -> tuple[Scheme, ...]:
    """Validate a decoded schemes document; raises :class:`SchemeDataError` on any defect."""
    raw = document.get("schemes")
    if not isinstance(raw, list) or not raw:
        raise SchemeDataError("no schemes in the document")
    schemes = tuple(_check(item, i) for i, item in enumerate(raw))
    slugs = [s.slug for s in schemes]
    if len(set(slugs)) != len(slugs):
        raise SchemeDataError("duplicate scheme slug")
    return schemes


@lru_cache(maxsize=1)
def all_schemes() -> tuple[Scheme, ...]:
    """Every scheme in the directory, in the file's order (state schemes first)."""
    return parse_schemes(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def get_scheme(slug: str) -> Scheme | None:
    """The scheme with ``slug``, or ``None``."""
    return next((s for s in all_schemes() if s.slug == slug), None)


def schemes_for_topic(topic: str) -> list[Scheme]:
    """Schemes tagged with a helpdesk ``topic`` (to suggest them beside a question)."""
    return [s for s in all_schemes() if topic in s.topics]


def reviewed_on() -> str:
    """``"YYYY-MM"`` when the facts were last reviewed (shown on the directory page)."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["reviewed"]
