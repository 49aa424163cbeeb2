"""Demo data of the admin package (order 60): a DIC officer for the Varanasi division's
districts and a couple of helpdesk questions waiting for them. Idempotent."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.models import Role
from marketplace.admin import subsidy_claims
from marketplace.admin.models import HelpQuestion
from marketplace.catalog.models import District, organiser_districts
from marketplace.database import utcnow
from marketplace.demo import quiet_mail
from marketplace.extensions import db
from marketplace.orders.models import ClaimStatus, SubOrder, SubsidyClaim

from marketplace.accounts.demo import DEMO_PASSWORD  # one demo password, documented in the README
OFFICER_EMAIL = "dic@example.com"
OFFICER_DISTRICTS = ("varanasi", "chandauli", "ghazipur", "jaunpur")
QUESTIONS = [
    ("varanasi", "schemes", "बनारसी साड़ी इकाई के लिए मार्जिन मनी",
     "मैं अपनी हथकरघा इकाई में दो नए करघे लगाना चाहता हूँ। ओडीओपी मार्जिन मनी योजना में कितनी सहायता मिलेगी और आवेदन कहाँ करूँ?"),
    ("ghazipur", "design", "Packaging for jute wall hangings",
     "Our SHG makes jute wall hangings. Buyers in Delhi ask for better packaging. Is there any design or packaging help from the DIC?"),
]


def load_demo() -> None:
    """Create the demo DIC officer (Hindi), assign their districts, and add two questions."""
    if not db.session.scalar(select(District.id).limit(1)):
        return  # no districts loaded: nothing to attach the officer to
    officer = services.find_user_by_email(OFFICER_EMAIL)
    if officer is None:
        officer = services.create_user(OFFICER_EMAIL, DEMO_PASSWORD, "रमेश कुमार (उपायुक्त उद्योग)",
                                       role=Role.ORGANISER, locale="hi")
    ids = list(db.session.scalars(select(District.id).where(District.slug.in_(OFFICER_DISTRICTS))))
    have = set(db.session.scalars(select(organiser_districts.c.district_id)
                                  .where(organiser_districts.c.user_id == officer.id)))
    for district_id in ids:
        if district_id not in have:
            db.session.execute(organiser_districts.insert().values(user_id=officer.id, district_id=district_id))
    asker = services.find_user_by_email("buyer@example.com") or officer
    for slug, topic, subject, body in QUESTIONS:
        if db.session.scalar(select(HelpQuestion.id).where(HelpQuestion.subject == subject)):
            continue
        district_id = db.session.scalar(select(District.id).where(District.slug == slug))
        if district_id is None:
            continue
        db.session.add(HelpQuestion(asker_id=asker.id, district_id=district_id, topic=topic, subject=subject,
                                    body=body, language="hi" if any("\u0900" <= c <= "\u097f" for c in subject) else "en"))
    db.session.commit()
    with quiet_mail():
        _decide_old_demo_claims()


def _decide_old_demo_claims() -> None:
    """The ODOP cell has worked through the demo's older freight-subsidy claims: delivered ones
    claimed over 30 days ago are approved, over 60 days ago also paid by DBT — through the same
    service as the claims page (audit entries and the sellers' notices included), then dated
    as if decided then. Idempotent: only claims still waiting are touched."""
    cell = services.find_user_by_email("admin@example.com")
    if cell is None:
        return
    now = utcnow()
    waiting = list(db.session.execute(
        select(SubsidyClaim.id, SubsidyClaim.claimed_at).join(SubOrder, SubOrder.id == SubsidyClaim.suborder_id)
        .where(SubsidyClaim.status == ClaimStatus.CLAIMED.value, SubOrder.status == "delivered",
               SubsidyClaim.claimed_at < now - dt.timedelta(days=30)).order_by(SubsidyClaim.id)))
    if not waiting:
        return
    subsidy_claims.decide(cell, [cid for cid, _ in waiting], "approve")
    old = [cid for cid, claimed in waiting if claimed < now - dt.timedelta(days=60)]
    for cid in old:
        subsidy_claims.decide(cell, [cid], "pay", dbt_reference=f"DBT{cid:08d}")
    for cid, claimed in waiting:
        values = {"decided_at": claimed + dt.timedelta(days=10)}
        if cid in old:
            values["paid_at"] = claimed + dt.timedelta(days=20)
        db.session.execute(SubsidyClaim.__table__.update().where(SubsidyClaim.id == cid).values(**values))
    db.session.commit()
