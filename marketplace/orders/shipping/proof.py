"""Proof of delivery behind a freight-subsidy claim (issue #13.5).

A claim is approvable only when its sub-order's delivery is proven: by the carrier (a tracking
event, ``service._carrier_proof``) or by an officer by hand, here. A seller's own "delivered"
click is no proof.

An officer (a DIC officer for their own districts, the ODOP cell for all) confirms a sub-order
that is ``delivered`` on the seller's word, or ``shipped`` and lost by the carrier's tracking
(it is moved to ``delivered`` through the state machine as the ``admin`` actor). The officer
gives a reason (3–300 characters) and uploads a proof: a photo (JPEG, PNG or WebP, checked and
re-encoded by the catalogue's photo processing, which also drops its metadata) or a PDF
(recognised by its first bytes ``%PDF-``), at most 5 MB. The file is stored in the private
``proofs`` area of ``marketplace.storage`` (``PROOF_DIR``, or ``<prefix>/proofs/`` of the bucket,
never under the public photos) as ``<random token>.jpg|.pdf`` (never the uploaded name) and
served only to staff.
The confirmation is announced by ``signals.delivery_confirmed_by_hand`` (the admin package
writes the audit entry); the buyer and the seller are not told.
"""
from __future__ import annotations

import logging
import secrets

from flask_babel import lazy_gettext as _l

from marketplace import storage
from marketplace.catalog.images import process_image, sniff_format
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.params import parse_id
from marketplace.transaction import committed

from ..errors import OrderNotFound, OrdersError
from ..fulfilment import lock_order, record_change
from ..models import SubOrder
from ..signals import delivery_confirmed_by_hand
from ..states import Actor, Status
from .carriers import TrackingCode
from .models import DELIVERY_PROOF_LABELS, DeliveryProof

MAX_PROOF_BYTES = 5 * 1024 * 1024
REASON_MIN, REASON_MAX = 3, 300
PDF_MAGIC = b"%PDF-"
#: stored extension → the type the file is served as (decided by us, never by the upload)
MEDIA_TYPES = {"jpg": "image/jpeg", "pdf": "application/pdf"}
CONFIRMABLE = (Status.SHIPPED, Status.DELIVERED)

log = logging.getLogger(__name__)


class ProofError(OrdersError):
    """A confirmation by hand was refused; ``field`` names the form field it belongs to."""

    code = "delivery_proof_invalid"
    field: str | None = None
    default_message = _l("The delivery could not be confirmed.")


class ProofReasonInvalid(ProofError):
    code = "proof_reason_invalid"
    field = "reason"
    default_message = _l("Give the reason for confirming the delivery by hand, in 3 to 300 characters.")


class ProofReasonUnreadable(ProofError):
    code = "proof_reason_unreadable"
    field = "reason"
    default_message = _l("The reason contains characters that cannot be stored. Please type it again.")


class ProofFileMissing(ProofError):
    code = "proof_file_missing"
    field = "proof"
    default_message = _l("Attach the proof of delivery: a photo (JPEG, PNG or WebP) or a PDF of at most 5 MB.")


class ProofFileTooLarge(ProofError):
    code = "proof_file_too_large"
    field = "proof"
    default_message = _l("The proof file is larger than 5 MB. Please upload a smaller one.")


class ProofFileWrongType(ProofError):
    code = "proof_file_type"
    field = "proof"
    default_message = _l("The proof must be a photo (JPEG, PNG or WebP) or a PDF, whatever its name says.")


class ProofNotStored(ProofError):
    code = "proof_not_stored"
    field = "proof"
    default_message = _l("The proof file could not be saved just now, so nothing was changed. Please try again in a few minutes.")


class DeliveryNotConfirmable(ProofError):
    code = "delivery_not_confirmable"
    default_message = _l("Only an order that was shipped or marked delivered, and that the courier did not bring back, can have its delivery confirmed by hand.")


class DeliveryAlreadyProven(ProofError):
    code = "delivery_already_proven"
    default_message = _l("This delivery is already confirmed: %(how)s.")


#: what a claims list says about a sub-order's proof (``proof_state``)
PROOF_STATE_LABELS = {
    DeliveryProof.CARRIER.value: DELIVERY_PROOF_LABELS[DeliveryProof.CARRIER],
    DeliveryProof.OFFICER.value: DELIVERY_PROOF_LABELS[DeliveryProof.OFFICER],
    "missing": _l("Seller's word only — not approvable yet"),
    "not_delivered": _l("Not delivered yet"),
}


def proof_state(sub: SubOrder | None) -> str:
    """``carrier`` or ``officer`` (proven), ``missing`` (shipped or delivered without a proof:
    an officer may confirm it) or ``not_delivered`` (nothing to prove yet, or cancelled)."""
    if sub is None:
        return "not_delivered"
    if sub.delivery_proof:
        return sub.delivery_proof
    return "missing" if sub.status in CONFIRMABLE and not _returned(sub) else "not_delivered"


def _returned(sub: SubOrder) -> bool:
    """The courier says the parcel went back to the seller: no officer may say it arrived."""
    shipment = getattr(sub, "shipment", None)
    return shipment is not None and shipment.status == TrackingCode.RETURNED_TO_ORIGIN.value


def check_reason(reason) -> str:
    """The reason, stripped, if it has 3–300 characters and no control characters (a new line
    or a tab is fine). Raises ProofReasonInvalid or ProofReasonUnreadable."""
    text = (reason or "").strip() if isinstance(reason, str) else ""
    if not REASON_MIN <= len(text) <= REASON_MAX:
        raise ProofReasonInvalid()
    if any((ord(ch) < 32 and ch not in "\n\r\t") or 0xD800 <= ord(ch) <= 0xDFFF or ord(ch) == 0x7F
           for ch in text):
        raise ProofReasonUnreadable()
    return text


def check_proof(data: bytes | None) -> tuple[bytes, str]:
    """The bytes to store and their extension (``jpg`` or ``pdf``), from the upload's content
    only (its name and declared type are not trusted). A photo goes through the catalogue's
    photo checks (decoded within a pixel budget, re-encoded as JPEG, metadata dropped).
    Raises ProofFileMissing, ProofFileTooLarge, ProofFileWrongType, or the catalogue's
    InvalidImage (a damaged picture, too many pixels)."""
    if not data:
        raise ProofFileMissing()
    if len(data) > MAX_PROOF_BYTES:
        raise ProofFileTooLarge()
    if data.startswith(PDF_MAGIC):
        return bytes(data), "pdf"
    if sniff_format(data) is None:
        raise ProofFileWrongType()
    return process_image(data, max_bytes=MAX_PROOF_BYTES).full, "jpg"


def stored_proof(sub: SubOrder) -> tuple[str, str] | None:
    """The key of an officer's proof file in the ``proofs`` storage and its media type, or None
    (no file, or a name that is not one of ours). Whether the file is really there is found when
    it is served (404 if not)."""
    name = sub.delivery_proof_file or ""
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in MEDIA_TYPES or "/" in name or not storage.is_valid_key(name):
        return None
    return name, MEDIA_TYPES[ext]


def _scoped(suborder_id, district_ids: set[int]) -> SubOrder:
    number = parse_id(suborder_id)
    sub = db.session.get(SubOrder, number) if number is not None else None
    if sub is None or sub.seller is None or sub.seller.district_id not in (district_ids or set()):
        raise OrderNotFound()
    return sub


def confirmable(suborder_id, *, district_ids: set[int]) -> SubOrder:
    """The sub-order if an officer with ``district_ids`` may see it (OrderNotFound otherwise),
    for the confirmation page. ``district_ids``: ``catalog.models.officer_district_ids`` of the
    officer (every district for the ODOP cell)."""
    return _scoped(suborder_id, district_ids)


def confirm_delivery_by_hand(suborder_id, *, actor_id: int, district_ids: set[int], reason, proof: bytes | None,
                             filename: str = "", content_type: str = "") -> SubOrder:
    """An officer confirms that a sub-order arrived, with a reason and an uploaded proof. Commits.

    ``district_ids``: the officer's districts (``officer_district_ids``: all of them for the ODOP
    cell); a sub-order of a seller elsewhere is OrderNotFound (404). ``proof``: the uploaded
    bytes; ``filename`` and ``content_type`` are what the browser said, kept for the audit
    entry only: the type is decided by the bytes. A ``shipped`` sub-order is moved to
    ``delivered`` (actor ``admin``; the buyer and the seller are not told). Sets
    ``delivery_proof = "officer"``, who, when, the reason and the stored file, and sends
    ``delivery_confirmed_by_hand`` (the audit entry) in the same transaction.

    Raises OrderNotFound, ProofReasonInvalid, ProofReasonUnreadable, ProofFileMissing,
    ProofFileTooLarge, ProofFileWrongType, InvalidImage, DeliveryNotConfirmable,
    DeliveryAlreadyProven, StatusChangedMeanwhile, ProofNotStored (the storage cannot be reached).
    Nothing is stored, in the file storage or in the database, when it raises.
    """
    sub = _scoped(suborder_id, district_ids)
    text = check_reason(reason)
    data, ext = check_proof(proof)  # decoding a photo takes a moment: before any row is locked
    store = storage.proofs()
    written: str | None = None
    try:
        with committed():
            _, subs = lock_order(sub.order_id)
            sub = next(s for s in subs if s.id == sub.id)
            if sub.delivery_proof:
                raise DeliveryAlreadyProven(how=str(PROOF_STATE_LABELS[sub.delivery_proof]))
            previous = Status(sub.status)
            if previous not in CONFIRMABLE or _returned(sub):
                raise DeliveryNotConfirmable()
            if previous == Status.SHIPPED:
                record_change(sub, Status.DELIVERED, actor=Actor.ADMIN, actor_id=actor_id, note=text)
            name = f"{secrets.token_hex(16)}.{ext}"
            try:
                store.put(name, data, MEDIA_TYPES[ext], cache_control=storage.PRIVATE_NO_STORE)
            except storage.StorageError as exc:
                log.error("proof of delivery not stored in %s: %s", store.describe(), exc)
                raise ProofNotStored() from exc
            written = name
            sub.delivery_proof, sub.delivery_proof_at = DeliveryProof.OFFICER.value, utcnow()
            sub.delivery_proof_by_id, sub.delivery_proof_note, sub.delivery_proof_file = actor_id, text, name
            delivery_confirmed_by_hand.send(
                sub, actor_id=actor_id, reason=text, previous_status=previous.value,
                file_kind="pdf" if ext == "pdf" else "image", original_name=str(filename or "")[:120],
                declared_type=str(content_type or "")[:80])
    except BaseException:
        if written is not None:
            try:
                store.delete(written)
            except storage.StorageError as exc:  # the row was rolled back: the file is never shown
                log.warning("proof %s left in %s: %s", written, store.describe(), exc)
        raise
    return sub
