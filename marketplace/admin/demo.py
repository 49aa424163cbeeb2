"""Demo data of the admin package (order 60): a DIC officer for the Varanasi division's
districts and a couple of helpdesk questions waiting for them. Idempotent."""
from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.models import Role
from marketplace.admin.models import HelpQuestion
from marketplace.catalog.models import District, organiser_districts
from marketplace.extensions import db

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
