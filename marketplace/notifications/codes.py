"""One-time codes and links from accounts (``accounts.signals.send_code``): an SMS or a mail."""
from __future__ import annotations

import datetime as dt

from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.notifications.service import absolute_url, send_mail
from marketplace.notifications.sms import send_sms


def sms_template_for(purpose: str) -> str:
    """The SMS template of a code's purpose: ``invitation`` for a claim, else ``code_<purpose>``."""
    return "invitation" if purpose == "claim" else f"code_{purpose}"


def _mail(purpose: str, code: str | None, link: str | None, minutes: int) -> tuple[str, str]:
    subjects = {
        "sign_in": _("Your ODOP Bazaar sign-in code"),
        "verify_email": _("Confirm your email address for ODOP Bazaar"),
        "reset": _("Set a new ODOP Bazaar password"),
        "claim": _("Your ODOP Bazaar account is ready for you"),
    }
    lines = []
    if code:
        lines.append(_("Your code is %(code)s. It is valid for %(minutes)s minutes.", code=code, minutes=minutes))
    if link:
        within = (_("Open this link within %(days)s days:", days=minutes // 1440) if minutes >= 2880
                  else _("Open this link within %(minutes)s minutes:", minutes=minutes))
        lines.append(within + "\n" + absolute_url(link))
    lines.append(_("Never share this code or link with anyone: ODOP Bazaar staff will never ask for it. "
                   "If you did not ask for it, ignore this mail."))
    return subjects.get(purpose, _("Your ODOP Bazaar code")), "\n\n".join(lines)


def send_code_from_signal(channel: str, *, destination: str, purpose, code: str | None = None,
                          link: str | None = None, locale: str | None = "en", minutes: int = 10,
                          event_key: str | None = None, **_extra) -> None:
    """Receiver of ``accounts.signals.send_code``: queue the code (no commit).

    ``channel`` ``"sms"``: an SMS from template ``sms_template_for(purpose)`` with ``code``,
    ``minutes`` and the absolute ``link``, one per ``event_key``, its text blanked once sent.
    ``channel`` ``"email"``: a mail in ``locale`` with the code and/or the absolute link.
    Raises ``ValueError`` for another channel or a destination that is no Indian mobile number.
    """
    purpose = str(purpose)  # a CodePurpose (a StrEnum) or its value
    if channel == "sms":
        params = {"code": code or "", "minutes": minutes, "link": absolute_url(link) if link else ""}
        send_sms(destination, sms_template_for(purpose), params, locale, event_key=event_key, secret=True,
                 valid_for=dt.timedelta(minutes=minutes))
    elif channel == "email":
        with force_locale(locale or "en"):
            subject, body = _mail(purpose, code, link, minutes)
        send_mail(destination, subject, body, secret=True)
    else:
        raise ValueError(f"unknown channel for a code: {channel!r}")
