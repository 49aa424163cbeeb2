"""Reference data: the ODOP cell edits categories and districts' products, bilingual, audited."""
from __future__ import annotations

from sqlalchemy import select

from marketplace.admin.models import AuditEntry
from marketplace.catalog.models import Category, District
from marketplace.extensions import db
from tests.fixtures.admin import district_id


def test_cell_adds_a_bilingual_category_and_sets_a_districts_product(app, cell_admin, staff_client):
    client = staff_client(cell_admin)
    response = client.post("/admin/reference/categories",
                           data={"name_en": "Terracotta lamps", "name_hi": "टेराकोटा दीये"})
    assert response.status_code == 302
    with app.app_context():
        cat = db.session.scalar(select(Category).where(Category.slug == "terracotta-lamps"))
        assert cat.name_hi == "टेराकोटा दीये"
        gid = district_id("gorakhpur")
        before = db.session.get(District, gid).odop_category_id
    assert client.post(f"/admin/reference/districts/{gid}", data={"category_id": cat.id}).status_code == 302
    with app.app_context():
        assert db.session.get(District, gid).odop_category_id == cat.id
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "district.odop_product"))
        assert entry.before == {"odop_category_id": before} and entry.after == {"odop_category_id": cat.id}
        assert entry.district_id == gid


def test_category_needs_both_languages_and_a_unique_name(app, cell_admin, staff_client):
    client = staff_client(cell_admin)
    assert client.post("/admin/reference/categories", data={"name_en": "Only English", "name_hi": ""}).status_code == 400
    with app.app_context():
        existing = db.session.scalar(select(Category).limit(1))
        name = existing.name_en
    response = client.post("/admin/reference/categories", data={"name_en": name, "name_hi": "दूसरा"})
    assert response.status_code == 400
    assert client.post("/admin/reference/categories", data={"name_en": "X", "name_hi": "क", "slug": "Bad Slug!"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.id)) is None


def test_cell_renames_a_category_in_hindi(app, cell_admin, staff_client):
    with app.app_context():
        cat = db.session.scalar(select(Category).limit(1))
        cid, name_en, slug = cat.id, cat.name_en, cat.slug
    response = staff_client(cell_admin).post(f"/admin/reference/categories/{cid}",
                                             data={"name_en": name_en, "name_hi": "नया नाम"})
    assert response.status_code == 302
    with app.app_context():
        cat = db.session.get(Category, cid)
        assert cat.name_hi == "नया नाम" and cat.slug == slug
        entry = db.session.scalar(select(AuditEntry))
        assert entry.action == "category.update" and set(entry.after) == {"name_hi"}
