"""Hindi and English: locale choice, the switch, catalog completeness, money and dates."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.money import format_paise

ROOT = Path(__file__).resolve().parent.parent
HINDI_PO = ROOT / "translations" / "hi" / "LC_MESSAGES" / "messages.po"


def test_english_is_the_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in" in page


def test_hindi_page_shows_hindi_from_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "hi-IN,hi;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="hi">' in page
    assert "साइन इन करें" in page and "उत्तर प्रदेश के 75 जिलों के शिल्प" in page
    assert "Sign in" not in page


def test_language_switch_is_remembered_in_a_cookie(client):
    response = client.post("/account/language", data={"lang": "hi", "next": "/account/login"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")
    assert "lang=hi" in response.headers["Set-Cookie"]
    assert "साइन इन करें" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_language_switch_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post("/account/language", data={"lang": "fr", "next": "https://evil.example/"})
    assert "evil.example" not in response.headers["Location"]
    assert "Set-Cookie" not in response.headers


def test_signed_in_users_preference_wins_and_the_switch_saves_it(client, auth, app, make_user):
    user = make_user(locale="hi")
    auth.login(user)
    assert "साइन आउट करें" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.post("/account/language", data={"lang": "en", "next": "/"})
    assert "Sign out" in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"


def test_error_pages_are_bilingual(client):
    english = client.get("/no-such-page")
    assert english.status_code == 404 and "Page not found" in english.get_data(as_text=True)
    hindi = client.get("/no-such-page", headers={"Accept-Language": "hi"})
    assert "पृष्ठ नहीं मिला" in hindi.get_data(as_text=True)


def test_hindi_catalog_is_complete_and_current(tmp_path):
    """Every string in the code and templates has a Hindi translation, none fuzzy."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), str(ROOT / "marketplace")],
        check=True, cwd=ROOT,
    )
    with pot.open("rb") as handle:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with HINDI_PO.open("rb") as handle:
        catalog = read_po(handle, locale="hi")
    translated, problems = set(), []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {key}")
        elif not all(s.strip() for s in strings):
            problems.append(f"untranslated: {key}")
        else:
            translated.add(key)
    problems += [f"missing from messages.po: {key}" for key in sorted(extracted - translated) if f"fuzzy: {key}" not in problems and f"untranslated: {key}" not in problems]
    assert problems == [], "run `flask --app marketplace translate update` and translate:\n" + "\n".join(problems)


def test_money_uses_indian_grouping_in_both_languages():
    assert format_paise(12345600, "en") == "₹1,23,456.00"
    assert format_paise(12345678950, "hi") == "₹12,34,56,789.50"
    assert format_paise(5, "en") == "₹0.05"


def test_dates_are_shown_in_india_time(app):
    from marketplace.i18n import datetime_filter

    with app.test_request_context(headers={"Accept-Language": "en"}):
        shown = datetime_filter(dt.datetime(2026, 1, 1, 20, 0, tzinfo=dt.timezone.utc), "yyyy-MM-dd HH:mm")
    assert shown == "2026-01-02 01:30"


def test_visitors_switch_language_with_a_plain_link(client):
    response = client.get("/account/language/hi?next=/account/register")
    assert response.headers["Location"].endswith("/account/register")
    assert "lang=hi" in response.headers["Set-Cookie"]
    assert "अपना खाता बनाएँ" in client.get("/account/register").get_data(as_text=True)
    assert "Set-Cookie" not in client.get("/account/language/xx?next=/").headers
