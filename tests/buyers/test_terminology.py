"""Hindi calls a meet "उद्यम समागम" / "समागम" everywhere, as the source documents do."""
from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
OLD = "सम्मेलन"


def test_the_hindi_catalogue_never_calls_a_meet_sammelan():
    with open(ROOT / "translations/hi/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle, locale="hi")
    offenders = [m.id for m in catalog if m.id and OLD in "".join(
        m.string if isinstance(m.string, tuple) else [m.string or ""])]
    assert offenders == []
    assert catalog.get("Buyer-seller meets").string == "उद्यम समागम"
    assert catalog.get("Meet").string == "समागम"


def test_hindi_meet_data_and_templates_say_samagam():
    files = [*(ROOT / "marketplace").rglob("*.py"), *(ROOT / "marketplace").rglob("*.html"),
             *(ROOT / "marketplace").rglob("*.csv"), *(ROOT / "marketplace").rglob("*.json")]
    offenders = [str(f.relative_to(ROOT)) for f in files
                 if OLD in f.read_text(encoding="utf-8", errors="ignore")
                 and f.name != "demo.py"]  # demo.py names the old title only to rename it
    assert offenders == []


def test_a_demo_meet_loaded_with_the_old_hindi_title_is_renamed(app, districts):
    from sqlalchemy import select

    from marketplace.buyers import demo
    from marketplace.buyers.models import Samagam
    from marketplace.extensions import db

    with app.app_context():
        demo.load_demo_meet()
        meet = db.session.scalar(select(Samagam).where(Samagam.slug == demo.DEMO_SLUG))
        assert meet.title_hi == demo.DEMO_TITLE_HI
        meet.title_hi = demo.OLD_DEMO_TITLE_HI
        db.session.commit()
        demo.load_demo_meet()
        assert db.session.get(Samagam, meet.id).title_hi == "पूर्वांचल ओडीओपी उद्यम समागम"
