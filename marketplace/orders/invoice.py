"""GST breakup for tax invoices, exact to the paisa.

Listing prices are what the buyer pays, GST included (as on an MRP tag), so the taxable value
is backed out of the price: ``taxable = round(gross × 10000 / (10000 + rate_bp))`` (half up)
and ``tax = gross − taxable``, so taxable + tax is always exactly the price paid. Every seller
is in Uttar Pradesh: a buyer in UP is an intra-state supply (CGST + SGST, half each; an odd
paisa goes to SGST), anywhere else is inter-state (IGST). A seller without a GSTIN is not
registered for GST and issues a bill of supply with no tax lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from marketplace.india import UTTAR_PRADESH


@dataclass(frozen=True)
class InvoiceLineInput:
    description: str
    hsn_code: str | None
    quantity: int
    unit_price_paise: int  # GST included
    gst_rate_bp: int | None  # None or 0: exempt / not known


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    hsn_code: str | None
    quantity: int
    unit_price_paise: int
    gross_paise: int
    gst_rate_bp: int
    taxable_paise: int
    cgst_paise: int
    sgst_paise: int
    igst_paise: int


@dataclass(frozen=True)
class Invoice:
    registered: bool  # seller has a GSTIN: tax invoice; else bill of supply
    intra_state: bool
    lines: tuple[InvoiceLine, ...]
    goods_paise: int
    taxable_paise: int
    cgst_paise: int
    sgst_paise: int
    igst_paise: int
    freight_paise: int
    subsidy_paise: int
    total_paise: int

    def rate_summary(self) -> list[dict]:
        """Per GST rate: taxable value and tax amounts (for the invoice's tax table)."""
        rows: dict[int, dict] = {}
        for ln in self.lines:
            r = rows.setdefault(ln.gst_rate_bp, {"rate_bp": ln.gst_rate_bp, "taxable_paise": 0,
                                                 "cgst_paise": 0, "sgst_paise": 0, "igst_paise": 0})
            for key in ("taxable_paise", "cgst_paise", "sgst_paise", "igst_paise"):
                r[key] += getattr(ln, key)
        return [rows[k] for k in sorted(rows)]


def _round_half_up_div(num: int, den: int) -> int:
    return (2 * num + den) // (2 * den)


def split_line(gross_paise: int, rate_bp: int, intra_state: bool) -> tuple[int, int, int, int]:
    """(taxable, cgst, sgst, igst) of a GST-inclusive amount; the parts add up to ``gross``."""
    if rate_bp <= 0:
        return gross_paise, 0, 0, 0
    taxable = _round_half_up_div(gross_paise * 10000, 10000 + rate_bp)
    tax = gross_paise - taxable
    if intra_state:
        cgst = tax // 2
        return taxable, cgst, tax - cgst, 0
    return taxable, 0, 0, tax


def build_invoice(lines: Iterable[InvoiceLineInput], *, seller_gstin: str | None,
                  destination_state: str, freight_paise: int = 0,
                  subsidy_paise: int = 0) -> Invoice:
    """The invoice of one sub-order.

    ``lines``: what was sold, at the unit prices charged; ``destination_state``: the state/UT
    code of the delivery address (place of supply). Freight and the freight-subsidy line are
    shown after the goods; the total is what the buyer pays for this sub-order. Raises nothing.
    """
    registered = bool((seller_gstin or "").strip())
    intra = (destination_state or "").upper() == UTTAR_PRADESH
    out = []
    for ln in lines:
        gross = ln.unit_price_paise * ln.quantity
        rate = (ln.gst_rate_bp or 0) if registered else 0
        taxable, cgst, sgst, igst = split_line(gross, rate, intra)
        out.append(InvoiceLine(ln.description, ln.hsn_code, ln.quantity, ln.unit_price_paise,
                               gross, rate, taxable, cgst, sgst, igst))
    goods = sum(x.gross_paise for x in out)
    return Invoice(
        registered=registered,
        intra_state=intra,
        lines=tuple(out),
        goods_paise=goods,
        taxable_paise=sum(x.taxable_paise for x in out),
        cgst_paise=sum(x.cgst_paise for x in out),
        sgst_paise=sum(x.sgst_paise for x in out),
        igst_paise=sum(x.igst_paise for x in out),
        freight_paise=freight_paise,
        subsidy_paise=subsidy_paise,
        total_paise=goods + freight_paise - subsidy_paise,
    )
