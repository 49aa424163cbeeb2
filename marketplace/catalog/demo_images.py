"""Deterministic product pictures for the demo catalogue, drawn with Pillow.

Each craft has a palette and a motif (bangle rings for Firozabad glass, a medallion for Bhadohi
carpets, buti dots for Banarasi sarees, ...). A listing's picture is that pattern, tinted by
the colour named in its title when there is one, with the title in English and Hindi on a band
at the bottom. The same inputs always give the same pixels, so re-running the demo loader
writes the same files.
"""
from __future__ import annotations

import colorsys
import hashlib
import io
import math
import random
import re
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

SIZE = 800

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu"),
             Path("/usr/share/fonts/noto"), Path("/usr/share/fonts/TTF")]
LATIN_FONTS = ["NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"]
LATIN_LIGHT = ["NotoSans-Regular.ttf", "DejaVuSans.ttf"]
DEVANAGARI_FONTS = ["NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", "Lohit-Devanagari.ttf"]

COLOUR_WORDS = {
    "red": "#b3202a", "maroon": "#6d1a2a", "pink": "#d6457a", "rani": "#c2185b", "green": "#2e7d32",
    "bottle green": "#14532d", "emerald": "#047857", "mint": "#8fd3b6", "blue": "#1e40af",
    "royal blue": "#1d3fa6", "navy": "#1e2a4a", "powder blue": "#8db8e0", "sky": "#7cb7e8",
    "indigo": "#2f3a7a", "cobalt": "#1f4fb5", "mustard": "#c99a1e", "yellow": "#e4c02b",
    "lemon": "#e9de5a", "black": "#222222", "white": "#f4f1ea", "ivory": "#efe6cf", "cream": "#efe3c4",
    "beige": "#d9c6a0", "peach": "#f0a98a", "purple": "#6b2d8c", "lilac": "#b79ad6",
    "grey": "#7b7f86", "rust": "#a2461f", "olive": "#6b7a2a", "amber": "#d98e04", "tan": "#b5804a",
    "brown": "#6b4226", "gold": "#c9a227", "silver": "#a9adb3", "copper": "#b5642d",
    "turquoise": "#1aa3a3", "terracotta": "#b5532b", "oxblood": "#5c1a1b",
}


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    h, l, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    r, g, b = colorsys.hls_to_rgb(h, max(0, min(1, l * factor)), s)
    return int(r * 255), int(g * 255), int(b * 255)


def _named_colour(title: str) -> tuple[int, int, int] | None:
    lowered = title.lower()
    for word in sorted(COLOUR_WORDS, key=len, reverse=True):
        if word in lowered:
            return _hex(COLOUR_WORDS[word])
    return None


@lru_cache(maxsize=None)
def _font(names: tuple[str, ...], size: int, raqm: bool = False):
    for directory in FONT_DIRS:
        for name in names:
            path = directory / name
            if path.exists():
                engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
                return ImageFont.truetype(str(path), size, layout_engine=engine)
    return None


def _devanagari_only(text: str) -> str:
    """The Hindi title as the Devanagari font can draw it: 6 x 9 → 6 × 9, Latin words dropped."""
    text = re.sub(r"(\d)\s*x\s*(\d)", r"\1 × \2", text)
    text = re.sub(r"[A-Za-z][A-Za-z0-9.]*", "", text)
    return re.sub(r"\s+([,।])", r"\1", re.sub(r"\s{2,}", " ", text)).strip(" ,")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(",") + "…"
    return lines


# --- motifs ----------------------------------------------------------------------------------

def _flower(draw, cx, cy, r, fill, centre):
    for k in range(6):
        a = k * math.pi / 3
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        draw.ellipse([x - r * 0.6, y - r * 0.6, x + r * 0.6, y + r * 0.6], fill=fill)
    draw.ellipse([cx - r * 0.55, cy - r * 0.55, cx + r * 0.55, cy + r * 0.55], fill=centre)


def _buti(draw, rng, main, accent, light, h):
    step = rng.choice([90, 100, 110])
    for row, y in enumerate(range(step // 2, h, step)):
        offset = step // 2 if row % 2 else 0
        for x in range(offset - step, SIZE + step, step):
            _flower(draw, x, y, step * 0.14, accent, light)
    draw.rectangle([0, h - 46, SIZE, h - 34], fill=accent)
    for x in range(0, SIZE, 24):
        draw.polygon([(x, h - 34), (x + 12, h - 14), (x + 24, h - 34)], fill=accent)


def _stripes(draw, rng, main, accent, light, h):
    y = 0
    while y < h:
        band = rng.choice([18, 30, 46, 70])
        colour = rng.choice([main, accent, light, _shade(main, 1.3)])
        draw.rectangle([0, y, SIZE, y + band], fill=colour)
        if rng.random() < 0.5:
            for x in range(0, SIZE, 20):
                draw.rectangle([x, y + band // 2 - 2, x + 10, y + band // 2 + 2], fill=light)
        y += band


def _medallion(draw, rng, main, accent, light, h):
    cx, cy = SIZE // 2, h // 2
    draw.rectangle([24, 24, SIZE - 24, h - 24], outline=accent, width=18)
    draw.rectangle([56, 56, SIZE - 56, h - 56], outline=light, width=4)
    for k, r in enumerate(range(min(cx, cy) - 70, 20, -34)):
        colour = [accent, light, _shade(main, 0.7)][k % 3]
        draw.polygon([(cx, cy - r), (cx + r * 1.3, cy), (cx, cy + r), (cx - r * 1.3, cy)], fill=colour)
    for x, y in ((90, 90), (SIZE - 90, 90), (90, h - 90), (SIZE - 90, h - 90)):
        _flower(draw, x, y, 16, light, accent)


def _rings(draw, rng, main, accent, light, h):
    colours = [accent, light, _shade(main, 1.5), _shade(accent, 0.7), (240, 200, 80)]
    for _ in range(26):
        r = rng.randrange(60, 120)
        x, y = rng.randrange(0, SIZE), rng.randrange(0, h)
        width = rng.choice([8, 12, 16])
        draw.ellipse([x - r, y - r, x + r, y + r], outline=rng.choice(colours), width=width)
        draw.ellipse([x - r + width, y - r + width, x + r - width, y + r - width], outline=(250, 230, 150), width=2)


def _lattice(draw, rng, main, accent, light, h):
    step = rng.choice([60, 70, 80])
    for x in range(-h, SIZE + h, step):
        draw.line([(x, 0), (x + h, h)], fill=accent, width=5)
        draw.line([(x + h, 0), (x, h)], fill=accent, width=5)
    for y in range(0, h + step, step):
        for x in range(0, SIZE + step, step):
            draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=light)


def _bottle(draw, rng, main, accent, light, h):
    _lattice(draw, rng, main, _shade(main, 1.25), _shade(main, 1.4), h)
    cx, base = SIZE // 2, h - 60
    draw.ellipse([cx - 150, base - 260, cx + 150, base], fill=accent, outline=light, width=6)
    draw.rectangle([cx - 34, base - 360, cx + 34, base - 240], fill=accent, outline=light, width=6)
    draw.ellipse([cx - 46, base - 420, cx + 46, base - 340], fill=light)
    draw.ellipse([cx - 90, base - 200, cx - 40, base - 120], fill=_shade(accent, 1.35))


def _scatter(draw, rng, main, accent, light, h):
    for _ in range(70):
        w = rng.randrange(40, 110)
        x, y = rng.randrange(-20, SIZE), rng.randrange(-20, h)
        colour = rng.choice([accent, light, _shade(accent, 0.8), _shade(main, 1.3)])
        draw.rounded_rectangle([x, y, x + w, y + w * rng.uniform(0.5, 1.0)], radius=14, fill=colour)


def _grains(draw, rng, main, accent, light, h):
    for _ in range(260):
        x, y = rng.randrange(-10, SIZE), rng.randrange(-10, h)
        w, t = rng.randrange(22, 34), rng.randrange(8, 12)
        colour = rng.choice([accent, light, _shade(light, 0.9)])
        if rng.random() < 0.5:
            draw.ellipse([x, y, x + w, y + t], fill=colour)
        else:
            draw.ellipse([x, y, x + t, y + w], fill=colour)


def _weave(draw, rng, main, accent, light, h):
    step = 40
    for y in range(0, h, step):
        for x in range(0, SIZE, step):
            if (x // step + y // step) % 2:
                draw.rectangle([x + 3, y + 10, x + step - 3, y + step - 10], fill=accent)
            else:
                draw.rectangle([x + 10, y + 3, x + step - 10, y + step - 3], fill=light)


def _coil(draw, rng, main, accent, light, h):
    cx, cy = SIZE // 2, h // 2
    for k, r in enumerate(range(min(cx, cy) + 80, 10, -22)):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=[accent, light][k % 2], width=14)


MOTIFS = {
    "buti": _buti, "floral": _buti, "zari": _buti, "hearts": _buti, "dots": _buti, "block": _buti,
    "border": _stripes, "stripes": _stripes, "reeds": _stripes,
    "medallion": _medallion, "patch": _medallion, "inlay": _medallion, "drum": _medallion,
    "rings": _rings, "ball": _rings, "bells": _rings, "tops": _rings, "glaze": _rings,
    "engraving": _lattice, "jaali": _lattice, "silverline": _lattice, "stone": _lattice,
    "keys": _lattice, "stitch": _lattice, "grain": _stripes,
    "bottle": _bottle, "drops": _bottle,
    "cubes": _scatter, "grains": _grains, "deckle": _scatter,
    "weave": _weave, "coil": _coil,
}


def render_listing_image(title_en: str, title_hi: str, label: str, palette: list[str], motif: str,
                         seed: str, tint: str = "") -> Image.Image:
    """Draw the demo picture for one listing (800 x 800 RGB).

    ``palette`` is three hex colours (main, accent, light) from the craft; a colour named in
    ``tint`` (the variant: Red, Indigo, Amber...) replaces the main colour so variants differ.
    """
    rng = random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:12], 16))
    main, accent, light = (_hex(c) for c in palette)
    named = _named_colour(tint) if tint else None
    if named:
        main = named
        if sum(abs(a - b) for a, b in zip(main, accent)) < 120:
            accent = _shade(accent, 1.5)
    img = Image.new("RGB", (SIZE, SIZE), main)
    draw = ImageDraw.Draw(img)
    pattern_h = 560
    MOTIFS.get(motif, _buti)(draw, rng, main, accent, light, pattern_h)

    band = _shade(main, 0.45) if sum(main) > 180 else _shade(accent, 0.35)
    draw.rectangle([0, pattern_h, SIZE, SIZE], fill=band)
    draw.rectangle([0, pattern_h, SIZE, pattern_h + 8], fill=accent)
    bold = _font(tuple(LATIN_FONTS), 40)
    small = _font(tuple(LATIN_LIGHT), 24)
    deva = _font(tuple(DEVANAGARI_FONTS), 32, raqm=True) if features.check("raqm") else None
    bold = bold or ImageFont.load_default(40)
    small = small or ImageFont.load_default(24)
    y = pattern_h + 28
    for line in _wrap(draw, title_en, bold, SIZE - 80, 2):
        draw.text((40, y), line, font=bold, fill=(255, 255, 255))
        y += 50
    if deva is not None and title_hi:
        for line in _wrap(draw, _devanagari_only(title_hi), deva, SIZE - 80, 1):
            draw.text((40, y + 2), line, font=deva, fill=(250, 236, 200))
            y += 48
    draw.text((40, SIZE - 46), label.upper(), font=small, fill=(238, 228, 206))
    return img


def listing_image_bytes(title_en: str, title_hi: str, label: str, palette: list[str], motif: str,
                        seed: str, tint: str = "") -> bytes:
    """The demo picture as JPEG bytes (fed through the same processing as an upload)."""
    out = io.BytesIO()
    render_listing_image(title_en, title_hi, label, palette, motif, seed, tint).save(out, "JPEG", quality=88)
    return out.getvalue()
