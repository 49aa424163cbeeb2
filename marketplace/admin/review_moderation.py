"""The ODOP cell's side of reviews (issue #19.4): the queue of reported reviews and the audit
entry of each hide / show-again decision. The decision itself is the catalogue's
(``catalog.reviews.hide`` / ``unhide``: the review leaves every rating at once); this module
gives it the ``before_commit`` hook that writes the audit entry in the same transaction."""
from __future__ import annotations

from types import SimpleNamespace

from marketplace.admin import audit
from marketplace.catalog import reviews as review_rules
from marketplace.catalog.models import Review

FIELDS = ("hidden", "hidden_reason", "hidden_by_id", "hidden_at")


def audit_decision(actor) -> review_rules.BeforeCommit:
    """The hook for ``hide``/``unhide``: ``review.hide`` or ``review.unhide`` with the reason,
    the review before and after, in the seller's district (so their DIC officer sees it)."""
    def write(review: Review, before: dict) -> None:
        action = "review.hide" if review.hidden else "review.unhide"
        audit.record(actor, action, review, district_id=review.seller.district_id if review.seller else None,
                     before=audit.snapshot(SimpleNamespace(**before), FIELDS), after=audit.snapshot(review, FIELDS),
                     summary=(review.hidden_reason or before.get("hidden_reason") or "")[:300])
    return write


def hide(actor, review_id: int, reason) -> Review:
    """Hide a review with a reason, audited. Errors: see ``catalog.reviews.hide``."""
    return review_rules.hide(actor.id, review_id, reason, before_commit=audit_decision(actor))


def unhide(actor, review_id: int) -> Review:
    """Show a hidden review again, audited. Errors: see ``catalog.reviews.unhide``."""
    return review_rules.unhide(actor.id, review_id, before_commit=audit_decision(actor))
