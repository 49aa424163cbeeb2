"""Reference data: the 75 districts, their divisions and ODOP products, from the project's CSV.

The CSV (``marketplace/catalog/data/districts.csv``) was copied from the 2018 ODOP government
order and the 2019 samagam report. Loading is idempotent: names are refreshed, nothing is
duplicated, and edits the ODOP cell makes later to categories are kept (a district's ODOP
category is only set when the district is first created).
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from marketplace.catalog.models import Category, District, Division
from marketplace.catalog.slugs import slugify
from marketplace.extensions import db

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

    divisions = {d.slug: d for d in db.session.scalars(select(Division))}
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    districts = {d.slug: d for d in db.session.scalars(select(District))}
    created = 0
    try:
        for row in rows:
            division_slug = slugify(row["division"])
            division = divisions.get(division_slug)
            if division is None:
                division = divisions[division_slug] = Division(slug=division_slug)
                db.session.add(division)
            division.name_en, division.name_hi = row["division"].strip(), row["division_hi"].strip()

            category_slug = slugify(row["odop_product"])
            category = categories.get(category_slug)
            if category is None:
                category = categories[category_slug] = Category(
                    slug=category_slug, name_en=row["odop_product"].strip(), name_hi=row["odop_product_hi"].strip()
                )
                db.session.add(category)

            district_slug = slugify(row["district"])
            district = districts.get(district_slug)
            if district is None:
                district = districts[district_slug] = District(slug=district_slug, odop_category=category)
                db.session.add(district)
                created += 1
            district.name_en, district.name_hi = row["district"].strip(), row["district_hi"].strip()
            district.division = division
            district.samagam_2019_start = _date(row.get("samagam_2019_start", ""))
            district.samagam_2019_end = _date(row.get("samagam_2019_end", ""))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return LoadResult(len(divisions), len(categories), created, len(districts))
