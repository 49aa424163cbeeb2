"""Moving a node's photos to object storage (issue #15.4): ``flask media push`` copies what the
local folders hold into the bucket, once, and ``flask media check`` says whether every image
row's files are there. S3 is moto's server on loopback."""
from __future__ import annotations

from pathlib import Path

from marketplace.catalog.listings import add_photos
from tests.fixtures.catalog import jpeg_bytes
from tests.fixtures.object_storage import PREFIX


def photographed_listing(app, make_listing):
    """A listing with two photos, stored on this node's disk (the local backend)."""
    listing = make_listing()
    with app.app_context():
        images = add_photos(listing.seller_id, listing.id, [("a.jpg", jpeg_bytes(colour=(10, 20, 30))),
                                                            ("b.jpg", jpeg_bytes(colour=(200, 20, 30)))])
        return [(image.path, image.thumb_path) for image in images]


def test_push_copies_a_nodes_photos_and_proofs_once_and_check_then_finds_them(app, make_listing, s3_bucket, s3_node):
    images = photographed_listing(app, make_listing)
    keys = {key for pair in images for key in pair}
    assert all((Path(app.config["UPLOAD_DIR"]) / key).is_file() for key in keys)
    proof = Path(app.config["PROOF_DIR"]) / "0123abcd.pdf"
    proof.parent.mkdir(parents=True, exist_ok=True)
    proof.write_bytes(b"%PDF-1.4 proof")
    app.config.update(s3_bucket.settings)  # the node is switched to the bucket
    runner = app.test_cli_runner()

    before = runner.invoke(args=["media", "check"])
    assert before.exit_code == 1 and "4 files named by image rows, 0 in" in before.output
    assert f"missing: {images[0][0]}" in before.output

    first = runner.invoke(args=["media", "push"])
    assert first.exit_code == 0, first.output
    assert "media: " in first.output and "4 copied, 0 already there, 0 failed" in first.output
    assert "proofs: " in first.output and "1 copied, 0 already there, 0 failed" in first.output
    assert s3_bucket.names() == {f"{PREFIX}/media/{key}" for key in keys} | {f"{PREFIX}/proofs/0123abcd.pdf"}
    stored = s3_bucket.get(f"{PREFIX}/media/{images[0][0]}")
    assert stored["ContentType"] == "image/jpeg" and stored["CacheControl"] == "public, max-age=31536000, immutable"
    assert stored["Body"].read() == (Path(app.config["UPLOAD_DIR"]) / images[0][0]).read_bytes()
    assert s3_bucket.get(f"{PREFIX}/proofs/0123abcd.pdf")["CacheControl"] == "private, no-store"

    again = runner.invoke(args=["media", "push"])
    assert again.exit_code == 0 and "0 copied, 4 already there, 0 failed" in again.output

    after = runner.invoke(args=["media", "check"])
    assert after.exit_code == 0 and "4 files named by image rows, 4 in" in after.output and "0 missing" in after.output
    served = s3_node("b").test_client().get(f"/media/{images[1][1]}")
    assert served.status_code == 200 and served.data[:3] == b"\xff\xd8\xff"


def test_push_refuses_when_the_node_is_still_on_its_local_folder(app):
    result = app.test_cli_runner().invoke(args=["media", "push"])
    assert result.exit_code != 0 and "STORAGE_URL is local" in result.output


def test_push_to_an_unreachable_bucket_says_so_without_a_traceback(app, make_listing, unreachable_s3):
    photographed_listing(app, make_listing)
    app.config.update(unreachable_s3)
    result = app.test_cli_runner().invoke(args=["media", "push"])
    assert result.exit_code == 1 and "cannot reach s3://odop-nowhere/odop/media/" in result.output
    assert "Traceback" not in result.output


def test_check_on_the_local_folder_finds_a_lost_file(app, make_listing):
    images = photographed_listing(app, make_listing)
    (Path(app.config["UPLOAD_DIR"]) / images[1][1]).unlink()
    result = app.test_cli_runner().invoke(args=["media", "check"])
    assert result.exit_code == 1 and "1 missing" in result.output and images[1][1] in result.output
