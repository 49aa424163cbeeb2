"""What a shipping label draws: the AWB number as a Code128 barcode and the courier's label
link as a QR code, both as inline SVG built here from numbers only (no text of the courier's or
the seller's reaches the markup, so nothing in an AWB can inject anything)."""
from __future__ import annotations

import re

import barcode
import segno
from barcode.errors import BarcodeError
from markupsafe import Markup

#: Code128 takes printable ASCII; an AWB is letters, digits and a few separators
_PRINTABLE = re.compile(r"^[\x20-\x7e]{1,40}$")
QUIET_MODULES = 10  # white space either side, as scanners want


def barcode_svg(awb: str | None, *, height_modules: int = 50) -> Markup | None:
    """The AWB as a Code128 barcode (inline SVG scaled by its width), or None when the number
    cannot be drawn (empty, too long, or characters outside printable ASCII)."""
    if not awb or not _PRINTABLE.match(awb):
        return None
    try:
        modules = barcode.get("code128", awb).build()[0]
    except (BarcodeError, ValueError):
        return None
    bars, x, width = [], QUIET_MODULES, len(modules) + 2 * QUIET_MODULES
    for run in re.finditer(r"1+|0+", modules):
        length = len(run.group())
        if run.group()[0] == "1":
            bars.append(f'<rect x="{x}" y="0" width="{length}" height="{height_modules}"/>')
        x += length
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="barcode" viewBox="0 0 {width} {height_modules}" '
        f'preserveAspectRatio="none" role="img" aria-hidden="true">'
        f'<rect x="0" y="0" width="{width}" height="{height_modules}" fill="#fff"/>'
        f'<g fill="#000">{"".join(bars)}</g></svg>')


def qr_svg(url: str | None) -> Markup | None:
    """A QR code of ``url`` (the courier's label PDF), or None. segno escapes nothing it draws:
    the SVG holds only the path of the modules, never the text."""
    if not url or not url.startswith(("https://", "http://")) or len(url) > 2000:
        return None
    return Markup(segno.make(url, error="m").svg_inline(scale=2, dark="#000", light="#fff", omitsize=False))
