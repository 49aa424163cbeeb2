"""How long the monitoring pages take to compute on a state-sized month of data.

Builds a SQLite database by the migrations, loads the 75 districts, and inserts synthetic data
spread over 12 months: 3,000 sellers, 30,000 listings, 20,000 sub-orders with 8,000 subsidy
claims, and 3,000 helpdesk questions. Then times, for the latest month:
the state dashboard (all figures, last month, financial year to date, both trend charts over
12 months and the 75-district ranking), the one-row-per-district export table, and a district's
printed statement.

Run: ``.venv/bin/python bench/admin_reports.py`` (or ``-m bench.admin_reports``).
"""
from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script by `make bench`
    sys.path.insert(0, str(ROOT))

UTC = dt.timezone.utc
SELLERS, LISTINGS, SUBORDERS, CLAIMS, QUESTIONS = 3000, 30000, 20000, 8000, 3000


def _when(rng: random.Random, start: dt.datetime, days: int = 365) -> dt.datetime:
    return start + dt.timedelta(seconds=rng.randrange(days * 86400))


def build(app) -> None:
    from werkzeug.security import generate_password_hash

    from marketplace.accounts.models import User
    from marketplace.admin.models import HelpQuestion
    from marketplace.catalog.districts import load_districts
    from marketplace.catalog.models import District, Listing, Seller
    from marketplace.extensions import db
    from marketplace.orders.models import Order, SubOrder, SubsidyClaim

    rng = random.Random(7)
    start = dt.datetime(2025, 12, 1, tzinfo=UTC)
    pw = generate_password_hash("x", method="pbkdf2:sha256:1")
    with app.app_context():
        load_districts()
        districts = [(d.id, d.odop_category_id) for d in db.session.query(District)]
        users = [dict(email=f"u{i}@example.com", name=f"U{i}", role="seller" if i < SELLERS else "buyer",
                      locale="hi", password_hash=pw, active=True, created_at=_when(rng, start),
                      updated_at=start) for i in range(SELLERS + 2000)]
        db.session.execute(User.__table__.insert(), users)
        ids = [u for (u,) in db.session.execute(db.select(User.id).order_by(User.id))]
        seller_rows = []
        for i in range(SELLERS):
            did, _ = rng.choice(districts)
            created = _when(rng, start)
            status = rng.choices(["verified", "pending", "rejected"], [7, 2, 1])[0]
            seller_rows.append(dict(user_id=ids[i], slug=f"s{i}", enterprise_name_en=f"S{i}", enterprise_name_hi=f"वि{i}",
                                    seller_type="artisan", district_id=did, address="", city="", pin_code="221001",
                                    phone="", gi_tags="", story_en="", story_hi="", upi_id="", bank_account_name="",
                                    bank_ifsc="", bank_account_last4="", status=status, created_at=created,
                                    updated_at=created, udyam_number=f"UDYAM-UP-00-{i:07d}",
                                    verified_at=created + dt.timedelta(days=3) if status == "verified" else None))
        db.session.execute(Seller.__table__.insert(), seller_rows)
        sellers = [(s.id, s.district_id) for s in db.session.query(Seller)]
        cat_of = dict(districts)
        db.session.execute(Listing.__table__.insert(), [
            dict(seller_id=sid, slug=f"l{i}", sku=f"K{i}", title_en=f"L{i}", title_hi=f"व{i}", description_en="",
                 description_hi="", category_id=cat_of[did], price_paise=rng.randrange(10000, 900000), stock=10,
                 moq=1, weight_g=500, length_cm=10, width_cm=10, height_cm=10, status="published", sold_count=0,
                 created_at=start, updated_at=start, published_at=_when(rng, start))
            for i, (sid, did) in enumerate(rng.choice(sellers) for _ in range(LISTINGS))])
        buyers = ids[SELLERS:]
        orders, subs = [], []
        for i in range(SUBORDERS):
            when = _when(rng, start)
            orders.append(dict(buyer_id=rng.choice(buyers), checkout_token=f"t{i}", payment_method="cod", status="placed",
                               ship_name="B", ship_phone="9876543210", ship_line1="x", ship_line2="", ship_city="Lucknow",
                               ship_district="Lucknow", ship_state_code="UP", ship_pin_code="226001", goods_paise=0,
                               freight_paise=0, subsidy_paise=0, total_paise=0, created_at=when, updated_at=when))
        order_cols = {c.name for c in Order.__table__.columns}
        db.session.execute(Order.__table__.insert(), [{k: v for k, v in o.items() if k in order_cols} for o in orders])
        order_ids = [(o.id, o.created_at) for o in db.session.query(Order.id, Order.created_at)]
        for oid, when in order_ids:
            sid, _ = rng.choice(sellers)
            goods = rng.randrange(20000, 2000000)
            subs.append(dict(order_id=oid, seller_id=sid, status=rng.choice(["delivered", "paid", "confirmed", "cancelled"]),
                             goods_paise=goods, freight_zone="within_up", actual_weight_g=900, volumetric_weight_g=900,
                             chargeable_weight_g=1000, freight_paise=14000, freight_rate_version="2019",
                             subsidy_eligible=True, subsidy_paise=10500, financial_year=2026, total_paise=goods + 3500,
                             created_at=when, updated_at=when))
        sub_cols = {c.name for c in SubOrder.__table__.columns}
        db.session.execute(SubOrder.__table__.insert(), [{k: v for k, v in s.items() if k in sub_cols} for s in subs])
        district_of = dict(sellers)
        sub_rows = db.session.query(SubOrder.id, SubOrder.seller_id, SubOrder.created_at).limit(CLAIMS).all()
        claims = []
        for sid_, seller_id, when in sub_rows:
            status = rng.choice(["claimed", "approved", "paid", "rejected"])
            claims.append(dict(suborder_id=sid_, seller_id=seller_id, district_id=district_of[seller_id], financial_year=2026,
                               amount_paise=10500, status=status, claimed_at=when, created_at=when, updated_at=when,
                               decided_at=when + dt.timedelta(days=5) if status != "claimed" else None,
                               paid_at=when + dt.timedelta(days=9) if status == "paid" else None,
                               dbt_reference="DBT" if status == "paid" else None))
        db.session.execute(SubsidyClaim.__table__.insert(), claims)
        qs = []
        for i in range(QUESTIONS):
            when = _when(rng, start)
            answered = rng.random() < 0.8
            qs.append(dict(asker_id=rng.choice(buyers), district_id=rng.choice(districts)[0], topic="schemes", subject=f"Q{i}",
                           body="?", language="hi", status="answered" if answered else "open", created_at=when,
                           updated_at=when, first_response_at=when + dt.timedelta(hours=rng.randrange(1, 96)) if answered else None))
        db.session.execute(HelpQuestion.__table__.insert(), qs)
        db.session.commit()


def timed(fn, runs: int = 3) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of ``fn`` (SQLite runs in this process, so the CPU
    time is the page's whole cost and does not grow when other programs load the machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def _ms(pair: tuple[float, float]) -> str:
    return f"median {pair[0] * 1000:.0f} ms wall clock, {pair[1] * 1000:.0f} ms CPU"


def main() -> None:
    import flask_migrate

    from bench._report import write_section
    from marketplace import create_app
    from marketplace.accounts.models import User
    from marketplace.admin import monitoring
    from marketplace.admin.periods import Month
    from marketplace.admin.scope import ReportScope
    from marketplace.catalog.models import District
    from marketplace.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="admin-bench-"))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "WTF_CSRF_ENABLED": False, "SEARCH_INDEX_DIR": str(folder / "ix")})
    with app.app_context():
        flask_migrate.upgrade()
    t0 = time.perf_counter()
    build(app)
    build_s = time.perf_counter() - t0
    month = Month(2026, 11)
    with app.test_request_context("/admin/?lang=en"):
        cell = User(id=0, email="cell@example.com", name="Cell", role="admin", locale="en", password_hash="", active=True)
        district = db.session.query(District).filter(District.slug == "varanasi").one()
        dash = timed(lambda: monitoring.build_dashboard(cell, ReportScope("state"), month))
        table = timed(lambda: monitoring.districts_table(cell, ReportScope("state"), month))
        statement = timed(lambda: monitoring.build_statement(cell, district.id, month))
    lines = [
        f"- data: {SELLERS:,} sellers, {LISTINGS:,} listings, {SUBORDERS:,} sub-orders, {CLAIMS:,} subsidy claims, "
        f"{QUESTIONS:,} helpdesk questions over 12 months, 75 districts (SQLite; built in {build_s:.1f} s)",
        f"- state dashboard for one month (figures, last month, FY to date, two 12-month trends, 75-district ranking): "
        f"{_ms(dash)}",
        f"- one-row-per-district export table (75 × every figure): {_ms(table)}",
        f"- a district's printed statement (figures, FY to date, two trends, division ranking): {_ms(statement)}",
        f"- load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)",
        "- no target in the brief; these pages are read a few times a month by a few hundred officials.",
    ]
    write_section("admin-reports", ".venv/bin/python bench/admin_reports.py", lines)


if __name__ == "__main__":
    main()
