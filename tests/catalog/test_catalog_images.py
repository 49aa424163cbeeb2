"""Photo uploads: only real photos get through, cleaned of metadata, upright, with a thumbnail."""
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from marketplace.catalog.errors import InvalidImage
from marketplace.catalog.images import delete_stored, process_image, sniff_format, store_image
from marketplace.storage import LocalStorage


def _jpeg(size=(300, 200), colour=(200, 30, 30), exif=None, quality=90) -> bytes:
    out = io.BytesIO()
    img = Image.new("RGB", size, colour)
    kwargs = {"quality": quality}
    if exif is not None:
        kwargs["exif"] = exif
    img.save(out, "JPEG", **kwargs)
    return out.getvalue()


def _exif_rotated_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (26.0, 50.0, 0.0), 3: "E", 4: (80.0, 56.0, 0.0)}  # GPS
    return _jpeg(size=(300, 200), exif=exif.tobytes())


def test_jpeg_is_reencoded_upright_without_any_exif():
    source = _exif_rotated_with_gps()
    assert b"PhoneMaker" in source
    result = process_image(source)
    assert (result.width, result.height) == (200, 300)  # orientation applied before stripping
    assert b"PhoneMaker" not in result.full and b"Exif" not in result.full
    with Image.open(io.BytesIO(result.full)) as img:
        assert img.format == "JPEG"
        assert not img.getexif()
        assert img.size == (200, 300)
    with Image.open(io.BytesIO(result.thumb)) as thumb:
        assert max(thumb.size) <= 480


def test_large_photo_is_scaled_down_and_thumbnail_made():
    result = process_image(_jpeg(size=(4000, 3000)))
    assert (result.width, result.height) == (1600, 1200)
    assert (result.thumb_width, result.thumb_height) == (480, 360)


def test_png_with_transparency_becomes_a_white_backed_jpeg():
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, "PNG")
    result = process_image(out.getvalue())
    with Image.open(io.BytesIO(result.full)) as img:
        assert img.getpixel((25, 25)) == pytest.approx((255, 255, 255), abs=2)
    assert result.source_format == "png"


def test_webp_is_accepted():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(out, "WEBP")
    assert sniff_format(out.getvalue()) == "webp"
    assert process_image(out.getvalue()).width == 64


def test_text_file_renamed_jpg_is_refused_by_content():
    with pytest.raises(InvalidImage) as err:
        process_image(b"Hello, this is a shopping list, not a photo.\n" * 20)
    assert err.value.code == "image_type"
    assert "JPEG" in str(err.value)


def test_gif_and_svg_are_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    for data in (out.getvalue(), b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'):
        with pytest.raises(InvalidImage) as err:
            process_image(data)
        assert err.value.code == "image_type"


def test_twenty_megabyte_image_is_refused_before_decoding():
    data = _jpeg(size=(64, 64)) + os.urandom(20 * 1024 * 1024)
    with pytest.raises(InvalidImage) as err:
        process_image(data)
    assert err.value.code == "image_too_large"
    assert "5 MB" in str(err.value)


def test_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # a few kB on disk, 400 megapixels decoded
    assert len(out.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(InvalidImage) as err:
        process_image(out.getvalue())
    assert err.value.code == "image_too_many_pixels"


def test_pixel_budget_is_a_parameter():
    with pytest.raises(InvalidImage) as err:
        process_image(_jpeg(size=(200, 200)), max_pixels=100 * 100)
    assert err.value.code == "image_too_many_pixels"


def test_truncated_jpeg_is_refused_as_unreadable():
    data = _jpeg(size=(400, 400), quality=95)
    with pytest.raises(InvalidImage) as err:
        process_image(data[: len(data) // 3])
    assert err.value.code == "image_unreadable"


def test_empty_upload_is_refused():
    with pytest.raises(InvalidImage) as err:
        process_image(b"")
    assert err.value.code == "image_empty"


def test_store_writes_content_addressed_files_and_delete_stays_inside_root(tmp_path):
    store = LocalStorage(tmp_path)
    stored = store_image(process_image(_jpeg()), store, "listings/7")
    assert (tmp_path / stored.path).is_file() and (tmp_path / stored.thumb_path).is_file()
    again = store_image(process_image(_jpeg()), store, "listings/7")
    assert again.path == stored.path  # same picture, same name
    outside = tmp_path.parent / "keep-me.txt"
    outside.write_text("x")
    delete_stored(store, "../keep-me.txt", stored.path, stored.thumb_path, "")
    assert outside.exists()
    assert not (tmp_path / stored.path).exists()


def test_a_photo_over_25_megapixels_is_refused():
    """Issue #12.8: a 6,300 x 6,300 JPEG (39.7 MP) was accepted and took ~650 MB to process."""
    out = io.BytesIO()
    Image.new("RGB", (6300, 6300), (200, 120, 40)).save(out, "JPEG", quality=60)
    with pytest.raises(InvalidImage) as err:
        process_image(out.getvalue())
    assert err.value.code == "image_too_many_pixels"


def test_a_large_jpeg_is_scaled_while_it_is_read(tmp_path):
    """A 24 MP JPEG is decoded at a reduced scale (Pillow's draft): the process's peak memory
    stays far below the ~300 MB that decoding it in full and copying it took."""
    import subprocess
    import sys

    source = tmp_path / "big.jpg"
    Image.new("RGB", (6000, 4000), (30, 90, 160)).save(source, "JPEG", quality=70)
    # VmHWM (peak resident memory of this process's own address space): unlike ru_maxrss it is not
    # carried over from the parent through fork and exec.
    script = (
        "import re, sys\n"
        "def peak():\n"
        "    return int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "from marketplace.catalog.images import process_image\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "before = peak()\n"
        "result = process_image(data)\n"
        "assert (result.width, result.height) == (1600, 1067), (result.width, result.height)\n"
        "print(peak() - before)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(source)], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])
    grown_kib = int(done.stdout.strip())
    assert grown_kib < 120 * 1024, f"processing grew the process by {grown_kib // 1024} MB"
