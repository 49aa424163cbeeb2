"""Printable documents of a sub-order: the tax invoice (or bill of supply) and the packing slip.

The seller's name, address, GSTIN and Udyam number come from the sub-order, where checkout froze
them (``orders_0002``); sub-orders placed before that fall back to the seller's profile. A
sub-order awaiting payment or cancelled has no invoice.
"""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.i18n import loc

from .errors import InvoiceNotAvailable
from .invoice import Invoice, InvoiceLineInput, build_invoice
from .models import SubOrder
from .states import Status

NO_INVOICE = frozenset({Status.PENDING_PAYMENT, Status.CANCELLED})


@dataclass(frozen=True)
class InvoiceSeller:
    name_en: str
    name_hi: str
    address: str
    gstin: str | None
    udyam: str | None


def invoice_available(sub: SubOrder) -> bool:
    """Whether ``sub`` has an invoice: it was paid or confirmed and is not cancelled."""
    return Status(sub.status) not in NO_INVOICE


def seller_of(sub: SubOrder) -> InvoiceSeller:
    """The seller as printed on ``sub``'s invoice (frozen at checkout)."""
    if sub.seller_name_en is not None:
        return InvoiceSeller(sub.seller_name_en, sub.seller_name_hi or "", sub.seller_address or "",
                             sub.seller_gstin, sub.seller_udyam)
    s = sub.seller
    place = ", ".join(p for p in (s.address, s.city, s.pin_code) if p)
    return InvoiceSeller(s.enterprise_name_en, s.enterprise_name_hi, place, s.gstin, s.udyam_number)


def invoice_of(sub: SubOrder) -> Invoice:
    """The invoice of ``sub`` from the prices, HSN codes and GST rates recorded at checkout.
    Raises InvoiceNotAvailable (404) for a sub-order awaiting payment or cancelled."""
    if not invoice_available(sub):
        raise InvoiceNotAvailable()
    lines = [InvoiceLineInput(loc(ln, "title"), ln.hsn_code, ln.quantity, ln.unit_price_paise, ln.gst_rate_bp)
             for ln in sub.lines]
    return build_invoice(lines, seller_gstin=seller_of(sub).gstin, destination_state=sub.order.ship_state_code,
                         freight_paise=sub.freight_paise, subsidy_paise=sub.subsidy_paise)
