"""Printable documents of a sub-order: the tax invoice (or bill of supply) and the packing slip."""
from __future__ import annotations

from .invoice import Invoice, InvoiceLineInput, build_invoice
from .models import SubOrder


def invoice_of(sub: SubOrder) -> Invoice:
    """The invoice of ``sub`` from the prices, HSN codes and GST rates recorded at checkout."""
    lines = [InvoiceLineInput(ln.title_en, ln.hsn_code, ln.quantity, ln.unit_price_paise, ln.gst_rate_bp)
             for ln in sub.lines]
    return build_invoice(lines, seller_gstin=sub.seller.gstin, destination_state=sub.order.ship_state_code,
                         freight_paise=sub.freight_paise, subsidy_paise=sub.subsidy_paise)
