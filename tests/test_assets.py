"""Stylesheets and scripts as fingerprinted bundles with a long cache lifetime, and compressed
pages (issue #17.12): a phone fetches the site's styles once, not six files on every page."""
from __future__ import annotations

import gzip
import os
import re

from marketplace import assets

LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def test_a_public_page_links_one_fingerprinted_stylesheet_and_no_admin_one(client):
    page = client.get("/").get_data(as_text=True)
    sheets = LINK.findall(page)
    assert len(sheets) == 1 and re.fullmatch(r"/assets/site-[0-9a-f]{12}\.css", sheets[0])
    assert re.search(r'<script src="/assets/app-[0-9a-f]{12}\.js" defer>', page)
    assert "/static/css/" not in page and "/static/js/" not in page


def test_admin_pages_add_the_admin_stylesheet(app, cell_admin, staff_client):
    page = staff_client(cell_admin).get("/admin/").get_data(as_text=True)
    sheets = LINK.findall(page)
    assert [s.split("-")[0] for s in sheets] == ["/assets/site", "/assets/admin"]


def test_the_site_bundle_holds_every_public_sheet_in_cascade_order(app):
    with app.app_context():
        body = assets.bundle("site.css").body.decode()
    positions = [body.index(f"/* css/{name}.css */") for name in ("app", "catalog", "search", "orders", "buyers")]
    assert positions == sorted(positions)
    assert (assets.STATIC / "css/catalog.css").read_text().strip() in body
    assert "/* css/admin.css */" not in body


def test_a_bundle_is_cached_for_a_year_served_gzipped_and_revalidated(client, app):
    with app.test_request_context():
        url = assets.asset_url("site.css")
    plain = client.get(url)
    assert plain.status_code == 200 and plain.mimetype == "text/css"
    assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 3
    again = client.get(url, headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_stale_fingerprint_gets_todays_content_without_the_long_lifetime(client):
    stale = client.get("/assets/site-000000000000.css")
    assert stale.status_code == 200 and b"/* css/app.css */" in stale.data
    assert stale.headers["Cache-Control"] == "no-cache"
    assert client.get("/assets/nothing-000000000000.css").status_code == 404
    assert client.get("/assets/..%2Fconfig.py").status_code == 404


def test_with_reload_on_an_edited_sheet_gets_a_new_url(app, tmp_path, monkeypatch):
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "app.css"
    sheet.write_text("body { color: black; }\n")
    monkeypatch.setattr(assets, "STATIC", tmp_path)
    monkeypatch.setitem(assets.BUNDLES, "probe.css", ("css/app.css",))
    monkeypatch.setitem(app.config, "ASSETS_RELOAD", True)
    monkeypatch.setattr(assets, "_bundles", {})
    with app.test_request_context():
        before = assets.asset_url("probe.css")
        sheet.write_text("body { color: navy; }\n")
        os.utime(sheet, ns=(1, 1))  # a different mtime even on a coarse clock
        after = assets.asset_url("probe.css")
        body = assets.bundle("probe.css").body
    assert before != after
    assert body == b"body { color: navy; }\n"


def test_pages_and_json_are_compressed_for_a_client_that_accepts_it(client):
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"
    assert b"<!doctype html>" in gzip.decompress(page.data)
    assert "Content-Encoding" not in client.get("/").headers
