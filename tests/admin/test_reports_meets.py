"""The udyam samagam figures on the monitoring dashboard, checked against meets built here."""
from __future__ import annotations

import datetime as dt

from marketplace.accounts.models import Role
from marketplace.admin import reports
from marketplace.admin.periods import Month
from marketplace.buyers.models import Lead, Meeting, Registration
from marketplace.extensions import db
from tests.fixtures.admin import district_id

UTC = dt.timezone.utc
APRIL = Month(2026, 4)
EARLY_APRIL = dt.datetime(2026, 3, 31, 20, 0, tzinfo=UTC)  # 1 April 01:30 in India
LATE_MARCH = dt.datetime(2026, 3, 31, 18, 0, tzinfo=UTC)  # 31 March 23:30 in India
MID_APRIL = dt.datetime(2026, 4, 15, 6, 0, tzinfo=UTC)


def test_samagam_registrations_meetings_and_leads_by_month(app, make_meet, make_seller, make_user):
    varanasi_meet = make_meet(("varanasi",), starts_on=dt.date(2026, 4, 20), ends_on=dt.date(2026, 4, 21))
    agra_meet = make_meet(("agra",), starts_on=dt.date(2026, 4, 10), ends_on=dt.date(2026, 4, 11))
    seller = make_seller("varanasi")
    agra_seller = make_seller("agra")
    buyers = [make_user(role=Role.BUYER) for _ in range(3)]
    with app.app_context():
        regs = [
            Registration(samagam_id=varanasi_meet.id, user_id=buyers[0].id, role="buyer", created_at=EARLY_APRIL),
            Registration(samagam_id=varanasi_meet.id, user_id=buyers[1].id, role="buyer", created_at=MID_APRIL),
            Registration(samagam_id=varanasi_meet.id, user_id=seller.user_id, role="seller", seller_id=seller.id,
                         created_at=LATE_MARCH),  # March: not counted
            Registration(samagam_id=agra_meet.id, user_id=buyers[2].id, role="buyer", created_at=MID_APRIL),
        ]
        db.session.add_all(regs)
        db.session.flush()
        db.session.add_all([
            Meeting(samagam_id=varanasi_meet.id, buyer_registration_id=regs[0].id, seller_registration_id=regs[2].id,
                    slot=0, table_no=0, buyer_outcome="interested"),  # held
            Meeting(samagam_id=varanasi_meet.id, buyer_registration_id=regs[1].id, seller_registration_id=regs[2].id,
                    slot=1, table_no=0),  # no outcome: a no-show, not held
        ])
        db.session.add_all([
            Lead(buyer_user_id=buyers[0].id, seller_id=seller.id, created_at=MID_APRIL, updated_at=MID_APRIL,
                 stage="won", value_paise=2_50_000_00),
            Lead(buyer_user_id=buyers[1].id, seller_id=seller.id, created_at=LATE_MARCH, updated_at=MID_APRIL,
                 stage="won", value_paise=40_000_00),  # created in March, won in April
            Lead(buyer_user_id=buyers[2].id, seller_id=seller.id, created_at=EARLY_APRIL, updated_at=EARLY_APRIL,
                 stage="negotiating"),
            Lead(buyer_user_id=buyers[2].id, seller_id=agra_seller.id, created_at=MID_APRIL, updated_at=MID_APRIL,
                 stage="won", value_paise=99_00),  # Agra
        ])
        db.session.commit()

        source = next(s for s in reports.SOURCES if s.name == "meets")
        varanasi = source.fn({district_id("varanasi")}, APRIL.start_utc, APRIL.end_utc, False)
        assert varanasi == {"samagam_registrations": 2, "meetings_held": 1, "leads_created": 2, "leads_won": 2,
                            "leads_won_paise": 2_90_000_00}
        both = source.fn({district_id("varanasi"), district_id("agra")}, APRIL.start_utc, APRIL.end_utc, True)
        assert (both["samagam_registrations"], both["leads_won"], both["leads_won_paise"]) == (3, 3, 2_90_099_00)
        march = source.fn({district_id("varanasi")}, Month(2026, 3).start_utc, Month(2026, 3).end_utc, False)
        assert (march["samagam_registrations"], march["meetings_held"], march["leads_created"]) == (1, 0, 1)
