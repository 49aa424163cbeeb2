"""Reference data: the 75 districts, their divisions and ODOP products, from the project's CSV.

The CSV (``marketplace/catalog/data/districts.csv``) was copied from the 2018 ODOP government
order and the 2019 samagam report. Loading is idempotent: names are refreshed, nothing is
duplicated, and edits the ODOP cell makes later to categories are kept (a district's ODOP
category is only set when the district is first created).

Rows are matched to what is stored by the slug of their English name (``marketplace.slugs``) and,
failing that, by the English name itself, so a row stored under a slug an older slug rule made
is refreshed, not duplicated (stored slugs never change: URLs stay).
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from marketplace.catalog.models import Category, District, Division
from marketplace.extensions import db
from marketplace.slugs import slugify
from marketplace.transaction import committed

DISTRICTS_CSV = Path(__file__).resolve().parent / "data" / "districts.csv"


@dataclass(frozen=True)
class LoadResult:
    divisions: int
    categories: int
    districts_created: int
    districts_total: int


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def load_districts(path: Path = DISTRICTS_CSV) -> LoadResult:
    """Create or refresh divisions, categories and districts from ``path``; commit.

    Returns counts. Raises ``ValueError`` for a malformed file (and changes nothing).
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    required = {"district", "district_hi", "division", "division_hi", "odop_product", "odop_product_hi"}
    if not rows or not required <= set(rows[0]):
        raise ValueError(f"{path} lacks the columns {sorted(required)}")

    divisions = _by_slug_and_name(Division)
    categories = _by_slug_and_name(Category)
    districts = _by_slug_and_name(District)
    created = 0
    with committed():
        for row in rows:
            division_slug = slugify(row["division"], max_len=60)
            division = divisions.get(division_slug) or divisions.get(_name_key(row["division"]))
            if division is None:
                division = divisions[division_slug] = Division(slug=division_slug)
                db.session.add(division)
            division.name_en, division.name_hi = row["division"].strip(), row["division_hi"].strip()

            category_slug = slugify(row["odop_product"])
            category = categories.get(category_slug) or categories.get(_name_key(row["odop_product"]))
            if category is None:
                category = categories[category_slug] = Category(
                    slug=category_slug, name_en=row["odop_product"].strip(), name_hi=row["odop_product_hi"].strip()
                )
                db.session.add(category)

            district_slug = slugify(row["district"], max_len=60)
            district = districts.get(district_slug) or districts.get(_name_key(row["district"]))
            if district is None:
                district = districts[district_slug] = District(slug=district_slug, odop_category=category)
                db.session.add(district)
                created += 1
            district.name_en, district.name_hi = row["district"].strip(), row["district_hi"].strip()
            district.division = division
            district.samagam_2019_start = _date(row.get("samagam_2019_start", ""))
            district.samagam_2019_end = _date(row.get("samagam_2019_end", ""))
    return LoadResult(_count(divisions), _count(categories), created, _count(districts))


def _name_key(name: str) -> tuple[str, str]:
    return ("name", " ".join(name.split()).lower())


def _by_slug_and_name(model) -> dict:
    """Stored rows of ``model`` under their slug and under ``_name_key(name_en)``."""
    found: dict = {}
    for row in db.session.scalars(select(model).order_by(model.id)):
        found[row.slug] = row
        if row.name_en:
            found.setdefault(_name_key(row.name_en), row)
    return found


def _count(found: dict) -> int:
    return len({id(row) for row in found.values()})
