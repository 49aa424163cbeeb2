"""Photo processing for listings and seller profiles.

``process_image(data)`` is pure: bytes in, re-encoded JPEG bytes (full size and thumbnail) out,
or :class:`InvalidImage` with a translated reason. The type is decided by the file's first bytes,
never by its name; Pillow opens and fully decodes the picture inside a pixel budget (so a
decompression bomb is refused before it eats memory), EXIF orientation is applied and then every
piece of metadata (EXIF, GPS, ICC, comments) is dropped by re-encoding from raw pixels.
``store_image`` puts the result in the photos' storage (``marketplace.storage``: the local
``UPLOAD_DIR`` or a bucket) under content-hashed names; ``delete_stored`` removes it.
"""
from __future__ import annotations

import hashlib
import io
import logging
import threading
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.storage import PUBLIC_IMMUTABLE, Storage, StorageError, is_valid_key

from .errors import InvalidImage, PhotoNotSaved

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
# 25 megapixels: more than a phone camera's normal output (12-16 MP, 50 MP sensors bin to 12.5 MP);
# a 6,300 x 6,300 JPEG of 607 KB took ~650 MB to decode under the old 40 MP limit.
MAX_PIXELS = 25_000_000
FULL_EDGE = 1600
THUMB_EDGE = 480
JPEG_QUALITY = 85
ALLOWED = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
# One photo decoded at a time per worker process: eight photos uploaded at once on a threaded
# server must not hold eight decoded pictures in memory together.
_DECODING = threading.Lock()


@dataclass(frozen=True)
class ProcessedImage:
    """A cleaned photo: JPEG bytes for the full picture and the thumbnail, and their sizes."""

    full: bytes
    thumb: bytes
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    source_format: str
    digest: str


def sniff_format(data: bytes) -> str | None:
    """The image type from the file's magic bytes: "jpeg", "png", "webp", or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _flatten(img: Image.Image) -> Image.Image:
    """RGB pixels only; transparent areas become white (a JPEG has no alpha)."""
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return img.convert("RGB")


def _encode(img: Image.Image) -> bytes:
    out = io.BytesIO()
    # A fresh image from raw pixels carries no EXIF/ICC/comment: nothing of the original's
    # metadata (GPS position included) reaches the saved file.
    clean = Image.frombytes("RGB", img.size, img.tobytes())
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def process_image(data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> ProcessedImage:
    """Check, decode and re-encode an uploaded photo.

    Input: the uploaded bytes. Result: :class:`ProcessedImage` (JPEG, longest edge at most
    1600 px, thumbnail at most 480 px, upright, no metadata). Raises :class:`InvalidImage` with
    code ``image_empty``, ``image_too_large`` (over 5 MB), ``image_type`` (not JPEG/PNG/WebP by
    content, e.g. a text file renamed .jpg), ``image_too_many_pixels`` (decompression bomb) or
    ``image_unreadable`` (corrupt or truncated).
    """
    if not data:
        raise InvalidImage(_l("The file is empty."), "image_empty")
    if len(data) > max_bytes:
        raise InvalidImage(
            _l("The photo is larger than %(mb)s MB; please upload a smaller one.", mb=max_bytes // (1024 * 1024)),
            "image_too_large",
        )
    kind = sniff_format(data)
    if kind is None:
        raise InvalidImage(
            _l("This file is not a JPEG, PNG or WebP photo (whatever its name says)."), "image_type"
        )
    bomb = InvalidImage(_l("The picture has too many pixels to be a photo; please upload a smaller one."),
                        "image_too_many_pixels")
    with _DECODING:
        return _decode_and_scale(data, kind, max_pixels, bomb)


def _decode_and_scale(data: bytes, kind: str, max_pixels: int, bomb: InvalidImage) -> ProcessedImage:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[ALLOWED[kind]]) as img:
                if img.width * img.height > max_pixels:
                    raise bomb
                # A JPEG is scaled by 1/2, 1/4 or 1/8 while it is decoded (never below the
                # saved size on either side), so a 24 MP photo is decoded as 6 MP.
                if kind == "jpeg":
                    img.draft("RGB", (FULL_EDGE, FULL_EDGE))
                img.load()
                upright = ImageOps.exif_transpose(img)
    except InvalidImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise InvalidImage(_l("The photo could not be read; the file may be damaged."), "image_unreadable") from None

    rgb = _flatten(upright)
    full = rgb.copy()
    full.thumbnail((FULL_EDGE, FULL_EDGE), Image.Resampling.LANCZOS)
    thumb = rgb.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    full_bytes = _encode(full)
    return ProcessedImage(
        full=full_bytes,
        thumb=_encode(thumb),
        width=full.width,
        height=full.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        source_format=kind,
        digest=hashlib.sha256(full_bytes).hexdigest()[:20],
    )


@dataclass(frozen=True)
class StoredImage:
    """Where a processed photo was written, relative to the upload root (forward slashes)."""

    path: str
    thumb_path: str
    width: int
    height: int


def store_image(image: ProcessedImage, store: Storage, folder: str) -> StoredImage:
    """Put ``image`` in ``store`` as ``<folder>/<digest>.jpg`` and ``<folder>/<digest>-thumb.jpg``.

    Content-addressed names make re-uploads and the demo loader idempotent and let the files be
    cached forever. Returns the keys (relative paths). Raises :class:`PhotoNotSaved` (translated)
    when the storage cannot be reached; the caller's transaction then rolls back, so no row
    points at a file that is not there.
    """
    name = image.digest
    stored = StoredImage(path=f"{folder}/{name}.jpg", thumb_path=f"{folder}/{name}-thumb.jpg",
                         width=image.width, height=image.height)
    try:
        store.put(stored.path, image.full, "image/jpeg", cache_control=PUBLIC_IMMUTABLE)
        store.put(stored.thumb_path, image.thumb, "image/jpeg", cache_control=PUBLIC_IMMUTABLE)
    except StorageError as exc:
        log.error("photo not stored in %s: %s", store.describe(), exc)
        raise PhotoNotSaved() from exc
    return stored


def delete_stored(store: Storage, *keys: str) -> None:
    """Remove stored photos (missing ones, empty keys and keys leading outside the storage are
    ignored). A storage that cannot be reached is logged, not raised: the rows are already gone,
    and a left-over file is never shown (nothing links to it)."""
    wanted = [key for key in keys if key and is_valid_key(key)]
    if not wanted:
        return
    try:
        store.delete(*wanted)
    except StorageError as exc:
        log.warning("photos %s not deleted from %s: %s", wanted, store.describe(), exc)
