"""The admin demo loader: a Hindi DIC officer for four districts and two questions, once."""
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.admin.demo import OFFICER_EMAIL, load_demo
from marketplace.admin.models import HelpQuestion
from marketplace.catalog.models import officer_district_ids, organiser_districts
from marketplace.extensions import db


def test_demo_loader_is_idempotent(app, districts):
    with app.app_context():
        load_demo()
        load_demo()
        officer = db.session.scalar(select(User).where(User.email == OFFICER_EMAIL))
        assert officer.role == "organiser" and officer.locale == "hi"
        assert len(officer_district_ids(officer)) == 4
        assert db.session.scalar(select(func.count()).select_from(HelpQuestion)) == 2
        assert db.session.scalar(select(func.count()).select_from(organiser_districts)) == 4
