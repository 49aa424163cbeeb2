"""The storage layer (marketplace/storage, issue #15.4): both backends keep the same promises,
and keys that could lead outside an area are refused by both. S3 is moto's server on loopback."""
from __future__ import annotations

import pytest

from marketplace import create_app, storage
from marketplace.storage import InvalidKey, NotStored, StorageError, parse_storage_url, storage_location
from tests.conftest import make_test_config
from tests.fixtures.object_storage import PREFIX


@pytest.fixture(params=["local", "s3"])
def store(request, app):
    if request.param == "s3":
        request.getfixturevalue("s3_app")
    return storage.area("media", app)


def test_what_is_put_can_be_read_back_with_what_serving_needs(store):
    store.put("listings/7/abc.jpg", b"\xff\xd8\xff photo", "image/jpeg", cache_control=storage.PUBLIC_IMMUTABLE)
    with store.open("listings/7/abc.jpg") as opened:
        assert opened.read() == b"\xff\xd8\xff photo"
        info = opened.info
    assert (info.key, info.size, info.content_type) == ("listings/7/abc.jpg", 9, "image/jpeg")
    assert info.etag and info.last_modified.tzinfo is not None
    assert store.stat("listings/7/abc.jpg") == info
    assert store.exists("listings/7/abc.jpg") and not store.exists("listings/7/other.jpg")
    assert list(store.keys()) == ["listings/7/abc.jpg"]


def test_putting_again_replaces_the_file_whole(store):
    store.put("sellers/1/a.jpg", b"first version", "image/jpeg")
    store.put("sellers/1/a.jpg", b"second", "image/jpeg")
    with store.open("sellers/1/a.jpg") as opened:
        assert opened.read() == b"second"
    assert list(store.keys()) == ["sellers/1/a.jpg"]  # no half-written temporary file is left about


def test_delete_removes_and_ignores_what_is_not_there(store):
    store.put("a/1.jpg", b"1", "image/jpeg")
    store.put("a/2.jpg", b"2", "image/jpeg")
    store.delete("a/1.jpg", "a/never.jpg")
    assert list(store.keys()) == ["a/2.jpg"]
    with pytest.raises(NotStored):
        store.open("a/1.jpg")
    with pytest.raises(NotStored):
        store.stat("a/1.jpg")


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../proofs/x.jpg", "a/../../x.jpg", "a//b.jpg", "./a.jpg",
                                 "a\\..\\b.jpg", "a/\x00.jpg", "a/\n.jpg", "x" * 901])
def test_a_key_leading_anywhere_odd_is_refused_by_every_operation(store, key):
    for call in (lambda: store.put(key, b"x", "image/jpeg"), lambda: store.open(key), lambda: store.stat(key),
                 lambda: store.exists(key), lambda: store.delete(key)):
        with pytest.raises(InvalidKey):
            call()


def test_a_local_symlink_out_of_the_folder_is_refused(app, tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "x.jpg").write_bytes(b"secret")
    media = storage.area("media", app)
    (media.root / "link").symlink_to(outside)
    with pytest.raises(InvalidKey):
        media.open("link/x.jpg")
    assert app.test_client().get("/media/link/x.jpg").status_code == 404


def test_the_bucket_keeps_photos_and_proofs_apart_under_the_prefix(s3_app, s3_bucket):
    storage.area("media", s3_app).put("listings/1/a.jpg", b"photo", "image/jpeg", cache_control=storage.PUBLIC_IMMUTABLE)
    storage.area("proofs", s3_app).put("f00d.pdf", b"%PDF-1.4", "application/pdf", cache_control=storage.PRIVATE_NO_STORE)
    assert s3_bucket.names() == {f"{PREFIX}/media/listings/1/a.jpg", f"{PREFIX}/proofs/f00d.pdf"}
    assert s3_bucket.get(f"{PREFIX}/media/listings/1/a.jpg")["CacheControl"] == storage.PUBLIC_IMMUTABLE
    assert s3_bucket.get(f"{PREFIX}/proofs/f00d.pdf")["CacheControl"] == storage.PRIVATE_NO_STORE
    assert list(storage.area("media", s3_app).keys()) == ["listings/1/a.jpg"]


def test_an_unreachable_bucket_is_a_storage_error_for_every_operation(app, unreachable_s3):
    app.config.update(unreachable_s3)
    media = storage.area("media", app)
    for call in (lambda: media.put("a.jpg", b"x", "image/jpeg"), lambda: media.open("a.jpg"),
                 lambda: media.stat("a.jpg"), lambda: media.delete("a.jpg"), lambda: list(media.keys())):
        with pytest.raises(StorageError):
            call()


def test_a_missing_bucket_is_a_storage_error_not_a_missing_file(s3_app, s3_bucket):
    s3_app.config["STORAGE_URL"] = f"s3://{s3_bucket.name}-gone/odop"
    with pytest.raises(StorageError):
        storage.area("media", s3_app).put("a.jpg", b"x", "image/jpeg")


@pytest.mark.parametrize(("url", "parsed"), [
    (None, ("local", "", "")), ("", ("local", "", "")), ("local", ("local", "", "")),
    ("s3://photos", ("s3", "photos", "")), ("s3://photos/", ("s3", "photos", "")),
    ("s3://photos/odop/live/", ("s3", "photos", "odop/live/")),
])
def test_storage_url_is_read_as_operators_write_it(url, parsed):
    assert parse_storage_url(url) == parsed


@pytest.mark.parametrize("url", ["ftp://photos/x", "s3:///no-bucket", "/srv/uploads", "s3://b/../x", "s3://b/p?x=1"])
def test_a_wrong_storage_url_stops_the_app_at_start(tmp_path, url):
    with pytest.raises(RuntimeError, match="STORAGE_URL|s3://"):
        create_app(make_test_config(tmp_path, "sqlite://", STORAGE_URL=url))


@pytest.mark.parametrize(("settings", "location"), [
    ({"S3_BUCKET": "photos"}, ("s3", "photos", "")),
    ({"S3_BUCKET": "photos", "STORAGE_URL": "s3://photos/odop"}, ("s3", "photos", "odop/")),
    ({"S3_BUCKET": None, "STORAGE_URL": None}, ("local", "", "")),
])
def test_s3_bucket_alone_names_the_whole_bucket(settings, location):
    assert storage_location(settings) == location


@pytest.mark.parametrize("url", ["s3://other/odop", "local"])
def test_storage_url_and_s3_bucket_that_disagree_stop_the_app_at_start(tmp_path, url):
    with pytest.raises(RuntimeError, match="disagree"):
        create_app(make_test_config(tmp_path, "sqlite://", STORAGE_URL=url, S3_BUCKET="photos"))
