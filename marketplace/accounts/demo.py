"""Demo accounts for ``make run`` (local use only; the passwords are in the README)."""
from __future__ import annotations

from marketplace.accounts import services
from marketplace.accounts.models import Role

DEMO_PASSWORD = "demo-pass-123"
DEMO_USERS = [
    ("admin@example.com", "ODOP Cell Admin", Role.ADMIN, "en"),
    ("buyer@example.com", "Asha Verma", Role.BUYER, "hi"),
]


def load_demo_accounts() -> None:
    """Create the demo administrator and buyer if they do not exist yet."""
    for email, name, role, locale in DEMO_USERS:
        if services.find_user_by_email(email) is None:
            services.create_user(email, DEMO_PASSWORD, name, role=role, locale=locale)
