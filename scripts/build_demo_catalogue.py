"""Build marketplace/catalog/data/demo_catalogue.json from the hand-written sources.

    python scripts/build_demo_catalogue.py

Sellers (``demo_sellers.py``) and product bases per craft (``demo_crafts.json``, read by
:func:`load_crafts`) are written by hand; this script only combines each base with its variants, deals the combinations out to the
sellers of that craft, scales prices/weights per variant and fills in registration details
(Udyam number, GSTIN with a valid check character, phone, bank) deterministically. Running it
twice gives the same file.
"""
from __future__ import annotations

import csv
import hashlib
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from demo_sellers import SELLERS  # noqa: E402

from marketplace.catalog.validation import gstin_check_character  # noqa: E402
from marketplace.slugs import slugify  # noqa: E402

DATA = ROOT / "marketplace" / "catalog" / "data"
MAX_PER_SELLER = 14
PAN_TYPE = {"artisan": "P", "shg": "A", "fpo": "C", "cooperative": "A", "msme": "F", "exporter": "C"}
IFSC_BANKS = ["SBIN", "PUNB", "BARB", "UBIN", "CNRB", "BKID"]


def load_crafts(path: Path = HERE / "demo_crafts.json") -> dict[str, dict]:
    """The crafts of ``demo_crafts.json`` with each base's ``variants`` resolved to a list of
    ``[English, Hindi, price factor]``: a reference ``{"list": name, "from": i, "to": j}`` is the
    slice ``[i:j]`` of the shared list ``variant_lists[name]``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for craft in data["crafts"].values():
        for base in craft["bases"]:
            ref = base["variants"]
            if isinstance(ref, dict):
                base["variants"] = data["variant_lists"][ref["list"]][ref.get("from", 0):ref.get("to")]
    return data["crafts"]


CRAFTS = load_crafts()


def _rng(*parts: str) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:12], 16))


def _nice_rupees(x: float) -> int:
    """Round a scaled price the way shops price things: ₹1,942 → ₹1,950, ₹487 → ₹490."""
    if x >= 2000:
        return int(round(x / 50.0) * 50)
    if x >= 300:
        return int(round(x / 10.0) * 10)
    return max(5, int(round(x / 5.0) * 5))


def _districts() -> dict[str, dict]:
    with open(DATA / "districts.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {r["district"]: {**r, "index": i + 1} for i, r in enumerate(rows)}


def _pan(rng: random.Random, seller_type: str, name: str) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    first = "".join(rng.choice(letters) for _ in range(3))
    initial = next((c for c in name.upper() if c.isalpha()), "A")
    digits = f"{rng.randrange(1000, 10000)}"
    return first + PAN_TYPE[seller_type] + initial + digits + rng.choice(letters)


def _gstin(rng: random.Random, seller_type: str, name: str) -> str:
    first14 = "09" + _pan(rng, seller_type, name) + "1Z"
    return first14 + gstin_check_character(first14)


def _listing(seller: dict, craft_name: str, base_i: int, var_i: int, place_en: str, place_hi: str) -> dict:
    craft = CRAFTS[craft_name]
    base = craft["bases"][base_i]
    v_en, v_hi, factor = base["variants"][var_i]
    rng = _rng(seller["key"], str(base_i), str(var_i))

    def fill(text: str, v: str, place: str) -> str:
        return text.replace("{v}", v).replace("{place}", place)

    price = base["price"] if factor == 1.0 else _nice_rupees(base["price"] * factor)
    mrp = base.get("mrp")
    if mrp:
        mrp = mrp if factor == 1.0 else _nice_rupees(mrp * factor)
        mrp = max(mrp, price)
    tiers = []
    last = price
    for qty, tier_price in base.get("tiers", []):
        tp = tier_price if factor == 1.0 else _nice_rupees(tier_price * factor)
        if tp < last:
            tiers.append([qty, tp * 100])
            last = tp
    scales = any(ch.isdigit() for ch in v_en) and factor != 1.0
    weight = int(base["weight"] * (factor if scales else 1.0))
    length, width, height = base["size"]
    stock = max(0, int(base["stock"] * rng.uniform(0.5, 1.6)))
    if rng.random() < 0.04:
        stock = 0  # a few sold-out listings so the "out of stock" state shows in the demo
    prefix = "".join(w[0] for w in seller["key"].split("-"))[:4].upper()
    return {
        "sku": f"{prefix}-{base_i + 1:02d}{var_i + 1:02d}",
        "variant_en": v_en,
        "title_en": fill(base["title_en"], v_en, place_en),
        "title_hi": fill(base["title_hi"], v_hi, place_hi),
        "description_en": fill(base["desc_en"], v_en, place_en),
        "description_hi": fill(base["desc_hi"], v_hi, place_hi),
        "category": craft_name,
        "price_paise": price * 100,
        "mrp_paise": mrp * 100 if mrp else None,
        "stock": stock,
        "moq": base.get("moq", 1),
        "tiers": tiers,
        "weight_g": weight,
        "length_cm": length,
        "width_cm": width,
        "height_cm": height,
        "hsn_code": craft["hsn"],
        "gst_rate_bp": craft["gst"] * 100,
        "sold_count": int(rng.expovariate(1 / 40)),
    }


def build() -> dict:
    districts = _districts()
    by_craft: dict[str, list] = {}
    for row in SELLERS:
        by_craft.setdefault(row[3], []).append(row[0])
    sellers = []
    for (key, district, seller_type, craft_name, name_en, name_hi, city, pin, gst, gi,
         story_en, story_hi) in SELLERS:
        if district not in districts:
            raise SystemExit(f"unknown district {district!r} for {key}")
        if craft_name not in CRAFTS:
            raise SystemExit(f"no craft {craft_name!r} for {key}")
        d = districts[district]
        rng = _rng(key)
        seller = {
            "key": key,
            "email": f"{key}@demo.odopbazaar.example",
            "district": district,
            "seller_type": seller_type,
            "enterprise_name_en": name_en,
            "enterprise_name_hi": name_hi,
            "city": city,
            "address": f"{rng.randrange(1, 400)}, {city}",
            "pin_code": pin,
            "phone": f"{rng.choice('6789')}{rng.randrange(10**8, 10**9)}",
            "udyam_number": f"UDYAM-UP-{d['index']:02d}-{rng.randrange(10**6, 10**7):07d}",
            "gstin": _gstin(rng, seller_type, name_en) if gst else None,
            "gi_tags": gi,
            "story_en": story_en,
            "story_hi": story_hi,
            "upi_id": f"{key.replace('-', '')[:16]}@upi",
            "bank_account_name": name_en,
            "bank_ifsc": f"{rng.choice(IFSC_BANKS)}0{rng.randrange(10**5, 10**6)}",
            "bank_account_last4": f"{rng.randrange(0, 10000):04d}",
            "capacity_units_per_month": rng.choice([50, 100, 200, 300, 500, 1000, 2000]),
            "listings": [],
        }
        combos = [(b, v) for b, base in enumerate(CRAFTS[craft_name]["bases"])
                  for v in range(len(base["variants"]))]
        peers = by_craft[craft_name]
        mine = [c for i, c in enumerate(combos) if i % len(peers) == peers.index(key)]
        if len(mine) < 4:  # a craft with few combinations: peers may share some products
            mine = combos
        place_en = district if craft_name != "Kala namak rice" else "Siddharthnagar"
        for b, v in mine[:MAX_PER_SELLER]:
            seller["listings"].append(_listing(seller, craft_name, b, v, place_en, d["district_hi"]))
        sellers.append(seller)
    crafts = {name: {"palette": c["palette"], "motif": c["motif"]} for name, c in CRAFTS.items()}
    return {"version": 1, "crafts": crafts, "sellers": sellers}


def main() -> None:
    data = build()
    out = DATA / "demo_catalogue.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = sum(len(s["listings"]) for s in data["sellers"])
    nd = len({s["district"] for s in data["sellers"]})
    titles = [l["title_en"] for s in data["sellers"] for l in s["listings"]]
    print(f"{len(data['sellers'])} sellers, {nd} districts, {n} listings, "
          f"{len(set(titles))} distinct English titles, "
          f"{len({slugify(t) for t in titles})} distinct slugs -> {out}")


if __name__ == "__main__":
    main()
