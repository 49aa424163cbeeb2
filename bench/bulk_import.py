"""Bulk CSV import: 10,000 listings (Hindi and English) for one seller, then the same file again.

    .venv/bin/python bench/bulk_import.py [--rows 10000] [--database-url URL]

Target (issue 3): 10,000 rows import in under a minute. Measures parsing and checking alone, the
first import (all new listings, one transaction) and a re-import (all updates, same SKUs), on a
migrated SQLite file (default) or the PostgreSQL database given.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._report import write_section  # noqa: E402

CRAFTS = [
    ("Metal craft", "Brass flower vase", "पीतल का फूलदान", "7418", "12"),
    ("Banarasi silk sarees", "Katan silk saree", "कतान सिल्क साड़ी", "5007", "5"),
    ("Carpets", "Hand-knotted wool carpet", "हाथ से गांठा ऊनी कालीन", "5701", "5"),
    ("Perfume (itra)", "Rose attar", "गुलाब इत्र", "3301", "18"),
    ("Glassware", "Glass bangles, set of 24", "कांच की चूड़ियां, 24 का सेट", "7018", "0"),
]
COLOURS = [("Red", "लाल"), ("Blue", "नीला"), ("Green", "हरा"), ("Maroon", "मैरून"), ("Gold", "सुनहरा")]


def make_csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    from marketplace.catalog.bulk_import import COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for i in range(rows):
        category, en, hi, hsn, gst = rng.choice(CRAFTS)
        c_en, c_hi = rng.choice(COLOURS)
        price = rng.randrange(200, 30000)
        writer.writerow({
            "sku": f"BENCH-{i:06d}", "title_en": f"{c_en} {en} no. {i}", "title_hi": f"{c_hi} {hi} क्रमांक {i}",
            "description_en": f"Handmade {en.lower()} from Uttar Pradesh.", "description_hi": f"उत्तर प्रदेश का हस्तनिर्मित {hi}।",
            "category": category, "price_inr": str(price), "mrp_inr": str(price + price // 5), "stock": str(rng.randrange(0, 200)),
            "moq": "1", "weight_g": str(rng.randrange(100, 5000)), "length_cm": "30", "width_cm": "20", "height_cm": "10",
            "hsn_code": hsn, "gst_rate": gst, "status": "published",
        })
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from marketplace import create_app
    from marketplace.catalog.bulk_import import parse_listing_csv
    from marketplace.catalog.listings import category_lookup, import_listings
    from marketplace.catalog.sellers import create_seller_account
    from tests.conftest import make_test_config, run_migrations

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app(make_test_config(workdir, url))
    run_migrations(app)
    data = make_csv(args.rows)
    with app.app_context():
        from marketplace.catalog.districts import load_districts

        load_districts()
        seller, _ = create_seller_account(f"bench-{time.time_ns()}@example.com", "moradabad", "Bench Brass", verified=True,
                                          password="bench-password")
        started = time.perf_counter()
        parsed = parse_listing_csv(data, category_lookup())
        parse_s = time.perf_counter() - started
        assert parsed.ok and len(parsed.rows) == args.rows, parsed.errors[:3]

        started = time.perf_counter()
        first = import_listings(seller.id, data)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = import_listings(seller.id, data)
        second_s = time.perf_counter() - started
    assert (first.created, second.updated) == (args.rows, args.rows), (first, second)
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite (file)"
    target = "met" if first_s < 60 and second_s < 60 else "MISSED"
    lines = [
        f"- database: {backend}; {args.rows:,} rows, {len(data) / 1e6:.1f} MB of UTF-8 CSV with Hindi titles",
        "",
        "| step | seconds | rows per second |",
        "| --- | ---: | ---: |",
        f"| parse and check every row | {parse_s:.2f} | {args.rows / parse_s:,.0f} |",
        f"| first import (all new, one transaction) | {first_s:.2f} | {args.rows / first_s:,.0f} |",
        f"| same file again (all updates) | {second_s:.2f} | {args.rows / second_s:,.0f} |",
        "",
        f"Target: 10,000 rows in under 60 s — {target}.",
    ]
    if url.startswith("postgres"):
        write_section("bulk_import_postgresql", "python bench/bulk_import.py --database-url postgresql+psycopg://...", lines)
    else:
        write_section("bulk_import", "python bench/bulk_import.py", lines)


if __name__ == "__main__":
    main()
