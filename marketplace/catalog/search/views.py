"""The search page (thin: parse, call the service, render)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from marketplace.accounts.decorators import public
from marketplace.i18n import current_lang
from marketplace.page_cache import cached_page

from . import service

bp = Blueprint("search", __name__, template_folder="templates")

EXAMPLES = ["banarasi saree", "बनारसी साड़ी", "chikan kurti", "moradabad brass", "attar kannauj", "kaleen"]


class _Pages:
    """What the pagination macro needs."""

    def __init__(self, result):
        self.page, self.pages = result.page, result.pages
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages


@bp.route("/search")
@public
@cached_page
def results():
    lang = current_lang()
    error = None
    try:
        params = service.parse_search_args(request.args, lang)
    except service.InvalidSearch as exc:
        error = exc.message
        params = service.parse_search_args({"q": request.args.get("q", "")}, lang)
    result = service.run_search(params)
    keep = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "search/results.html", params=params, result=result, error=error, lang=lang, keep=keep,
        pages=_Pages(result), examples=EXAMPLES, service=service,
        chips=service.understood_chips(params, keep, lang),
    ), (400 if error else 200)
