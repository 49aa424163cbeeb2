"""Search JSON API: ``GET /api/v1/search`` and ``GET /api/v1/suggest``."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from marketplace.accounts.decorators import public
from marketplace.errors import error_response
from marketplace.i18n import current_lang

from . import service

bp = Blueprint("search_api", __name__, url_prefix="/api/v1")


@bp.route("/search")
@public
def search():
    """``?q=&district=&category=&seller_type=&gi=&price_band=&min_price=&max_price=&sort=&page=``
    (prices in rupees) -> ``{"total", "page", "results", "facets", "did_you_mean", "understood"}``
    (``understood``: the price and district read in ``q``)."""
    lang = request.args.get("lang") if request.args.get("lang") in ("en", "hi") else current_lang()
    try:
        params = service.parse_search_args(request.args, lang)
    except service.InvalidSearch as exc:
        return error_response(400, exc.code, exc.message)
    return jsonify(service.result_json(service.run_search(params), lang, params))


@bp.route("/suggest")
@public
def suggest():
    """``?q=`` -> ``{"query", "suggestions": [{"kind", "label", "url"}]}`` (at most 8)."""
    lang = request.args.get("lang") if request.args.get("lang") in ("en", "hi") else current_lang()
    q = request.args.get("q", "")
    return jsonify({"query": q, "suggestions": service.run_suggest(q, lang)})
