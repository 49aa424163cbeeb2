"""Synthetic bilingual listings for the search benchmark and tests (deterministic per seed).

Districts and their ODOP products come from ``marketplace/catalog/data/districts.csv``; product
names and descriptions are assembled from small Hindi/English vocabularies, so queries such as
"banarasi saree", "बनारसी साड़ी", "moradabad brass" or "attar kannauj" have true answers.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from marketplace.slugs import slugify

from .schema import SearchDoc

DISTRICTS_CSV = Path(__file__).resolve().parents[1] / "data" / "districts.csv"

# craft keyword (in the English ODOP product name) -> product nouns (en, hi)
NOUNS: dict[str, list[tuple[str, str]]] = {
    "saree": [("Banarasi Silk Saree", "बनारसी रेशम साड़ी"), ("Brocade Saree", "ब्रोकेड साड़ी"), ("Silk Dupatta", "रेशमी दुपट्टा")],
    "chikan": [("Chikankari Kurta", "चिकनकारी कुर्ता"), ("Chikan Kurti", "चिकन कुर्ती"), ("Chikankari Saree", "चिकनकारी साड़ी")],
    "zari": [("Zardozi Clutch", "जरदोजी क्लच"), ("Zari Embroidered Stole", "ज़री कढ़ाई स्टोल"), ("Zardozi Wall Hanging", "जरदोजी दीवार सज्जा")],
    "perfume": [("Rose Attar", "गुलाब इत्र"), ("Mitti Attar", "मिट्टी इत्र"), ("Kewda Itra", "केवड़ा इत्र")],
    "metal": [("Brass Flower Vase", "पीतल फूलदान"), ("Engraved Brass Plate", "नक्काशीदार पीतल थाली"), ("Brass Diya", "पीतल दीया")],
    "brass": [("Brass Bells", "पीतल घंटी"), ("Brass Lota", "पीतल लोटा"), ("Ghungroo Set", "घुंघरू सेट")],
    "carpet": [("Hand-knotted Carpet", "हाथ से बुना कालीन"), ("Woollen Rug", "ऊनी गलीचा"), ("Silk Carpet", "रेशमी कालीन")],
    "durr": [("Cotton Durrie", "सूती दरी"), ("Woollen Dari", "ऊनी दरी")],
    "jaggery": [("Organic Jaggery", "जैविक गुड़"), ("Jaggery Powder", "गुड़ पाउडर")],
    "glass": [("Glass Bangles", "कांच की चूड़ियाँ"), ("Glass Lamp", "कांच का लैंप")],
    "leather": [("Leather Shoes", "चमड़े के जूते"), ("Leather Bag", "चमड़े का बैग")],
    "pottery": [("Black Pottery Vase", "काली मिट्टी का फूलदान"), ("Black Clay Teapot", "काली मिट्टी की केतली")],
    "terracotta": [("Terracotta Horse", "टेराकोटा घोड़ा"), ("Terracotta Lamp", "टेराकोटा दीया")],
    "toy": [("Wooden Toy Set", "लकड़ी के खिलौने"), ("Soft Toy Elephant", "मुलायम खिलौना हाथी")],
    "wood": [("Carved Wooden Box", "नक्काशीदार लकड़ी का डिब्बा"), ("Wooden Tray", "लकड़ी की ट्रे")],
    "moonj": [("Moonj Basket", "मूंज की टोकरी"), ("Moonj Coaster Set", "मूंज कोस्टर सेट")],
    "flute": [("Bamboo Flute", "बांस की बांसुरी")],
    "textile": [("Cotton Bedsheet", "सूती चादर"), ("Handloom Towel", "हथकरघा तौलिया"), ("Cotton Kurta", "सूती कुर्ता")],
    "handloom": [("Handloom Shawl", "हथकरघा शॉल"), ("Handloom Stole", "हथकरघा स्टोल")],
    "rice": [("Kala Namak Rice", "काला नमक चावल")],
    "hing": [("Pure Hing", "शुद्ध हींग")],
}
DEFAULT_NOUNS = [("Handmade Gift", "हस्तनिर्मित उपहार"), ("Decor Piece", "सजावटी वस्तु")]
ADJECTIVES = [
    ("Handmade", "हस्तनिर्मित"), ("Traditional", "पारंपरिक"), ("Red", "लाल"), ("Blue", "नीला"),
    ("Green", "हरा"), ("Premium", "प्रीमियम"), ("Classic", "क्लासिक"), ("Festive", "उत्सव"),
    ("Small", "छोटा"), ("Large", "बड़ा"), ("Gift", "उपहार"), ("Wedding", "शादी"),
]
DESC_EN = [
    "Made by artisans of {d} using the traditional {c} craft.",
    "Each piece is finished by hand; slight variations are the mark of real handwork.",
    "Ideal for gifting, weddings and festivals. Packed with care and shipped across India.",
    "Sourced directly from a verified {t} in {d}, Uttar Pradesh.",
]
DESC_HI = [
    "{d} के कारीगरों द्वारा पारंपरिक {c} शिल्प से बनाया गया।",
    "हर नग हाथ से तैयार किया गया है; थोड़ा अंतर असली हस्तकला की पहचान है।",
    "उपहार, शादी और त्योहारों के लिए उत्तम। सावधानी से पैक कर पूरे भारत में भेजा जाता है।",
]
SELLER_TYPES = ["artisan", "shg", "fpo", "cooperative", "msme", "exporter"]
GI = {"saree": "Banaras Brocades and Sarees", "chikan": "Lucknow Chikan Craft", "metal": "Moradabad Metal Craft",
      "carpet": "Bhadohi Hand-made Carpet", "pottery": "Nizamabad Black Pottery", "perfume": "Kannauj Perfume",
      "glass": "Firozabad Glass", "terracotta": "Gorakhpur Terracotta"}


def load_districts() -> list[dict]:
    """Rows of districts.csv with slugs added."""
    with DISTRICTS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["slug"] = slugify(r["district"])
        r["category_slug"] = slugify(r["odop_product"])
    return rows


def _craft_key(product_en: str) -> str | None:
    p = product_en.lower()
    for key in NOUNS:
        if key in p:
            return key
    if "chikankari" in p:
        return "chikan"
    return None


def generate(n: int, seed: int = 7) -> list[SearchDoc]:
    """``n`` published listings spread over the districts (ids 1..n)."""
    rnd = random.Random(seed)
    districts = load_districts()
    base = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    docs = []
    for i in range(1, n + 1):
        d = districts[i % len(districts)]
        key = _craft_key(d["odop_product"])
        if d["district"] == "Lucknow":
            key = rnd.choice(["chikan", "zari"])
        noun_en, noun_hi = rnd.choice(NOUNS.get(key, DEFAULT_NOUNS) if key else DEFAULT_NOUNS)
        adj_en, adj_hi = rnd.choice(ADJECTIVES)
        st = rnd.choice(SELLER_TYPES)
        title_en = f"{adj_en} {noun_en} from {d['district']}"
        title_hi = f"{d['district_hi']} का {adj_hi} {noun_hi}"
        fmt = {"d": d["district"], "c": d["odop_product"].lower(), "t": st}
        fmt_hi = {"d": d["district_hi"], "c": d["odop_product_hi"]}
        desc_en = " ".join(s.format(**fmt) for s in rnd.sample(DESC_EN, 3))
        desc_hi = " ".join(s.format(**fmt_hi) for s in rnd.sample(DESC_HI, 2))
        price = rnd.choice([150, 299, 450, 799, 1200, 1899, 2500, 4200, 7800, 15000]) * 100
        docs.append(
            SearchDoc(
                id=i,
                slug=f"{slugify(title_en)}-{i}",
                title_en=title_en,
                title_hi=title_hi,
                description_en=desc_en,
                description_hi=desc_hi,
                category_slug=d["category_slug"],
                category_en=d["odop_product"],
                category_hi=d["odop_product_hi"],
                district_slug=d["slug"],
                district_en=d["district"],
                district_hi=d["district_hi"],
                seller_type=st,
                seller_name_en=f"{d['district']} {st.upper()} Enterprise {i % 97}",
                gi_tags=[GI[key]] if key in GI and rnd.random() < 0.5 else [],
                price_paise=price,
                is_public=True,
                in_stock=rnd.random() > 0.05,
                popularity=rnd.randint(0, 500),
                created_at=base + dt.timedelta(minutes=i),
                is_odop=True,
            )
        )
    return docs
