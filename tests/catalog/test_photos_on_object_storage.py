"""Photos on object storage (issue #15.4): with two web nodes sharing one bucket, a photo uploaded
through one is served by the other, with the year-long cache headers; a bucket that cannot be
reached costs the seller a clear message, never a 500 or a half-saved product.

Against a real S3 server (moto's, on loopback: tests/fixtures/object_storage.py)."""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.demo import load_demo_catalogue
from marketplace.catalog.models import Listing, ListingImage, Seller
from marketplace.extensions import db
from tests.catalog.test_catalog_listings import form_with_category
from tests.catalog.test_catalog_pages import small_catalogue
from tests.fixtures.catalog import jpeg_bytes
from tests.fixtures.object_storage import PREFIX

YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


def photo(colour=(40, 90, 160)) -> bytes:
    """A real 640 x 480 JPEG from a phone-like camera."""
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def seller_on_node_a(s3_app, make_seller, login_as):
    client, user = login_as(Role.SELLER)
    return client, make_seller(user=user)


def upload_listing(app, client, seller, **changes):
    data = form_with_category(app, seller, photos=[(io.BytesIO(photo()), "saree.jpg")], **changes)
    return client.post("/seller/listings/new", data=data, content_type="multipart/form-data")


def only_image(app) -> ListingImage:
    with app.app_context():
        return db.session.scalars(select(ListingImage)).one()


def files_under(folder) -> list[Path]:
    return [p for p in Path(folder).rglob("*") if p.is_file()]


def test_a_photo_uploaded_on_node_a_is_served_by_node_b_with_year_long_caching(s3_app, seller_on_node_a, s3_bucket,
                                                                               s3_node):
    client, seller = seller_on_node_a
    response = upload_listing(s3_app, client, seller)
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    image = only_image(s3_app)
    assert image.path.startswith("listings/") and image.thumb_path.endswith("-thumb.jpg")
    assert s3_bucket.names() == {f"{PREFIX}/media/{image.path}", f"{PREFIX}/media/{image.thumb_path}"}
    assert files_under(s3_app.config["UPLOAD_DIR"]) == []  # nothing left on node A's disk

    node_b = s3_node("b")
    visitor = node_b.test_client()
    for key, edge in ((image.path, 640), (image.thumb_path, 480)):
        stored = s3_bucket.get(f"{PREFIX}/media/{key}")
        body = stored["Body"].read()
        assert stored["ContentType"] == "image/jpeg" and stored["CacheControl"] == YEAR_IMMUTABLE
        served = visitor.get(f"/media/{key}")
        assert served.status_code == 200
        assert served.data == body and Image.open(io.BytesIO(served.data)).size[0] == edge
        assert served.mimetype == "image/jpeg"
        assert served.headers["Cache-Control"] == YEAR_IMMUTABLE
        assert served.headers["Content-Length"] == str(len(body))
        assert served.headers["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'  # the bucket's own tag
        assert served.headers["Last-Modified"] and served.headers["X-Content-Type-Options"] == "nosniff"
        assert served.headers["Content-Security-Policy"] == "default-src 'none'"
        again = visitor.get(f"/media/{key}", headers={"If-None-Match": served.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["Cache-Control"] == YEAR_IMMUTABLE
        since = visitor.get(f"/media/{key}", headers={"If-Modified-Since": served.headers["Last-Modified"]})
        assert since.status_code == 304
        changed = visitor.get(f"/media/{key}", headers={"If-None-Match": '"another"'})
        assert changed.status_code == 200 and changed.data == body
    assert files_under(node_b.config["UPLOAD_DIR"]) == []

    # and the product page on node B points at those photos
    with s3_app.app_context():
        slug = db.session.scalars(select(Listing.slug)).one()
    page = visitor.get(f"/products/{slug}").get_data(as_text=True)
    assert f"/media/{image.path}" in page or f"/media/{image.thumb_path}" in page


def test_a_seller_photo_saved_on_node_a_shows_on_node_b(s3_app, login_as, profile_form, s3_node, s3_bucket):
    client, user = login_as(Role.SELLER)
    response = client.post("/seller/profile", data=profile_form(photo=(io.BytesIO(photo((200, 120, 30))), "me.jpg")),
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    with s3_app.app_context():
        key = db.session.scalars(select(Seller.photo_path)).one()
    assert key.startswith("sellers/") and f"{PREFIX}/media/{key}" in s3_bucket.names()
    served = s3_node("b").test_client().get(f"/media/{key}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg" and served.data[:3] == b"\xff\xd8\xff"


def test_deleting_a_photo_removes_its_objects_from_the_bucket(s3_app, seller_on_node_a, s3_bucket, s3_node):
    client, seller = seller_on_node_a
    assert upload_listing(s3_app, client, seller).status_code == 302
    image = only_image(s3_app)
    assert len(s3_bucket.names()) == 2
    response = client.post(f"/seller/listings/{image.listing_id}/photos/{image.id}/delete")
    assert response.status_code == 302
    assert s3_bucket.names() == set()
    visitor = s3_node("b").test_client()
    assert visitor.get(f"/media/{image.path}").status_code == 404
    assert visitor.get(f"/media/{image.thumb_path}").status_code == 404


def test_a_photo_shared_by_a_duplicated_listing_stays_until_its_last_listing_lets_it_go(s3_app, seller_on_node_a,
                                                                                       s3_bucket):
    client, seller = seller_on_node_a
    assert upload_listing(s3_app, client, seller).status_code == 302
    image = only_image(s3_app)
    assert client.post(f"/seller/listings/{image.listing_id}/duplicate").status_code == 302
    assert client.post(f"/seller/listings/{image.listing_id}/photos/{image.id}/delete").status_code == 302
    assert len(s3_bucket.names()) == 2  # the copy still shows it
    assert s3_app.test_client().get(f"/media/{image.path}").status_code == 200


@pytest.mark.parametrize("path", [
    "listings/1/0123456789abcdef0123.jpg",  # no such object
    "../proofs/secret.jpg", "listings/../../proofs/x.jpg", "%2e%2e/proofs/x.jpg", "listings//x.jpg",
    "listings/./x.jpg", "listings\\..\\x.jpg", "listings/x.png", "",
])
def test_a_missing_or_crooked_key_is_404_never_a_500(s3_app, s3_node, path):
    response = s3_node("b").test_client().get(f"/media/{path}")
    assert response.status_code in (404, 400) if path else response.status_code == 404


def test_the_public_photo_url_never_reaches_a_private_proof(s3_app, s3_bucket):
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key=f"{PREFIX}/proofs/abc.jpg", Body=jpeg_bytes())
    client = s3_app.test_client()
    for path in ("proofs/abc.jpg", "../proofs/abc.jpg", "media/../proofs/abc.jpg"):
        assert client.get(f"/media/{path}").status_code == 404, path


def test_an_unreachable_bucket_gives_the_seller_a_clear_message_and_saves_nothing(app, make_seller, login_as,
                                                                                 unreachable_s3):
    app.config.update(unreachable_s3)
    client, user = login_as(Role.SELLER)
    seller = make_seller(user=user)
    response = upload_listing(app, client, seller)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The photo could not be saved just now, so nothing was changed." in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Listing)) == 0
        assert db.session.scalar(select(func.count()).select_from(ListingImage)) == 0


def test_an_unreachable_bucket_is_explained_in_hindi_to_a_hindi_seller(app, make_seller, login_as, unreachable_s3):
    app.config.update(unreachable_s3)
    client, user = login_as(Role.SELLER, locale="hi")
    seller = make_seller(user=user)
    response = upload_listing(app, client, seller)
    assert response.status_code == 200
    assert "फ़ोटो अभी सहेजी नहीं जा सकी" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Listing)) == 0


def test_an_unreachable_bucket_while_serving_is_503_not_500(app, unreachable_s3):
    app.config.update(unreachable_s3)
    response = app.test_client().get("/media/listings/1/0123456789abcdef0123.jpg")
    assert response.status_code == 503


def test_the_demo_catalogue_draws_its_pictures_into_the_bucket_once(s3_app, districts, tmp_path, s3_bucket, s3_node):
    path = small_catalogue(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sellers"] = [dict(data["sellers"][0], listings=data["sellers"][0]["listings"][:2])]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with s3_app.app_context():
        assert load_demo_catalogue(path) == {"sellers": 1, "listings": 2, "images": 2}
        assert load_demo_catalogue(path) == {"sellers": 0, "listings": 0, "images": 0}
        keys = {k for pair in db.session.execute(select(ListingImage.path, ListingImage.thumb_path)) for k in pair}
    assert s3_bucket.names() == {f"{PREFIX}/media/{key}" for key in keys} and len(keys) == 4
    assert files_under(s3_app.config["UPLOAD_DIR"]) == []
    visitor = s3_node("b").test_client()
    assert all(visitor.get(f"/media/{key}").status_code == 200 for key in keys)


def test_an_edit_with_a_photo_the_bucket_cannot_take_changes_nothing(app, make_seller, login_as, unreachable_s3):
    client, user = login_as(Role.SELLER)
    seller = make_seller(user=user)
    assert upload_listing(app, client, seller).status_code == 302  # saved on the local folder
    image = only_image(app)
    app.config.update(unreachable_s3)
    data = form_with_category(app, seller, price_inr="19,000", photos=[(io.BytesIO(photo((9, 9, 9))), "more.jpg")])
    response = client.post(f"/seller/listings/{image.listing_id}/edit", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "The photo could not be saved just now, so nothing was changed." in response.get_data(as_text=True)
    with app.app_context():
        listing = db.session.get(Listing, image.listing_id)
        assert listing.price_paise == 1850000 and [i.id for i in listing.images] == [image.id]
