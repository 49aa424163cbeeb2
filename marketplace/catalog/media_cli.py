"""Operator commands for moving photos to object storage (issue #15.4; docs/storage.md):

    flask --app marketplace media push [--from FOLDER] [--proofs-from FOLDER]
    flask --app marketplace media check

``push`` copies every file of a node's local folders (``UPLOAD_DIR``, and ``PROOF_DIR`` for the
private proofs of delivery) into the configured bucket, skipping what is already there, so it
can be run again after an interruption or on every old node. ``check`` says whether every file
an image row names (listing photos and thumbnails, seller photos) is in the photos' storage.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from marketplace import storage
from marketplace.catalog.models import ListingImage, Seller
from marketplace.extensions import db
from marketplace.storage.local import LocalStorage, guess_type

media_cli = AppGroup("media", help="Uploaded photos: move them to object storage and check them.")

#: area -> how its files may be cached (photos: content-hashed names; proofs: officers only)
CACHING = {"media": storage.PUBLIC_IMMUTABLE, "proofs": storage.PRIVATE_NO_STORE}


def push_folder(source: LocalStorage, target: storage.Storage, cache_control: str) -> dict[str, int]:
    """Copy every file of ``source`` that ``target`` lacks; ``{"copied", "present", "failed"}``.
    Names are content-hashed (or random, for proofs), so a key already in the target is the
    same file and is left alone: running it twice copies nothing the second time."""
    present = set(target.keys())
    counts = {"copied": 0, "present": 0, "failed": 0}
    for key in source.keys():
        if key in present:
            counts["present"] += 1
            continue
        try:
            with source.open(key) as handle:
                data = handle.read()
            target.put(key, data, guess_type(key), cache_control=cache_control)
        except (storage.StorageError, storage.NotStored, storage.InvalidKey) as exc:
            counts["failed"] += 1
            click.echo(f"  not copied: {key}: {exc}", err=True)
        else:
            counts["copied"] += 1
    return counts


@media_cli.command("push")
@click.option("--from", "media_from", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder of photos to copy (default: UPLOAD_DIR).")
@click.option("--proofs-from", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder of proofs of delivery to copy (default: PROOF_DIR).")
def push_command(media_from: Path | None, proofs_from: Path | None) -> None:
    """Copy this node's local photos and proofs into the bucket of STORAGE_URL. Idempotent."""
    config = current_app.config
    sources = {"media": media_from or Path(config["UPLOAD_DIR"]), "proofs": proofs_from or Path(config["PROOF_DIR"])}
    failed = 0
    for name, folder in sources.items():
        target = storage.area(name)
        if target.kind == "local":
            raise click.ClickException("STORAGE_URL is local: set it to s3://bucket/prefix (and the S3_* settings) "
                                       "on this node first; there is nowhere to push to.")
        try:
            counts = push_folder(LocalStorage(folder), target, CACHING[name])
        except storage.StorageError as exc:
            raise click.ClickException(f"cannot reach {target.describe()}: {exc}") from None
        failed += counts["failed"]
        click.echo(f"{name}: {folder} -> {target.describe()}: {counts['copied']} copied, "
                   f"{counts['present']} already there, {counts['failed']} failed")
    if failed:
        raise SystemExit(1)


def referenced_keys() -> set[str]:
    """Every key an image row names: listing photos and thumbnails, seller photos."""
    keys: set[str] = set()
    for path, thumb in db.session.execute(select(ListingImage.path, ListingImage.thumb_path)):
        keys.update(k for k in (path, thumb) if k)
    keys.update(k for k in db.session.scalars(select(Seller.photo_path).where(Seller.photo_path.is_not(None))) if k)
    return keys


@media_cli.command("check")
def check_command() -> None:
    """Say whether every file the image rows name is in the photos' storage (exit 1 if not)."""
    target = storage.media()
    wanted = referenced_keys()
    try:
        stored = set(target.keys())
    except storage.StorageError as exc:
        raise click.ClickException(f"cannot reach {target.describe()}: {exc}") from None
    missing = sorted(wanted - stored)
    click.echo(f"{len(wanted)} files named by image rows, {len(wanted) - len(missing)} in {target.describe()}, "
               f"{len(missing)} missing")
    for key in missing[:100]:
        click.echo(f"  missing: {key}")
    if len(missing) > 100:
        click.echo(f"  ... and {len(missing) - 100} more")
    if missing:
        raise SystemExit(1)
