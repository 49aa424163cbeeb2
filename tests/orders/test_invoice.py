"""GST breakup on tax invoices: exact to the paisa, intra- vs inter-state, unregistered sellers."""
from hypothesis import given, strategies as st

from marketplace.orders.invoice import InvoiceLineInput, build_invoice, split_line

GSTIN = "09AAACB1234C1Z5"


def test_intra_state_sale_splits_cgst_and_sgst():
    inv = build_invoice([InvoiceLineInput("Banarasi saree", "5007", 1, 112000, 1200)],
                        seller_gstin=GSTIN, destination_state="UP")
    ln = inv.lines[0]
    assert (ln.taxable_paise, ln.cgst_paise, ln.sgst_paise, ln.igst_paise) == (100000, 6000, 6000, 0)
    assert inv.intra_state and inv.registered


def test_inter_state_sale_is_igst():
    inv = build_invoice([InvoiceLineInput("Brass lamp", "7418", 2, 59000, 1800)],
                        seller_gstin=GSTIN, destination_state="MH")
    ln = inv.lines[0]
    assert (ln.gross_paise, ln.taxable_paise, ln.igst_paise, ln.cgst_paise) == (118000, 100000, 18000, 0)


def test_odd_paisa_of_tax_goes_to_sgst():
    taxable, cgst, sgst, igst = split_line(10001, 1200, True)
    assert taxable == 8929  # 8929.46 rounds to 8929
    assert (cgst, sgst, igst) == (536, 536, 0)
    taxable, cgst, sgst, _ = split_line(10002, 500, True)
    assert taxable + cgst + sgst == 10002 and sgst - cgst in (0, 1)


def test_unregistered_seller_issues_bill_of_supply_without_tax():
    inv = build_invoice([InvoiceLineInput("Chikankari kurta", "6211", 3, 99900, 500)],
                        seller_gstin=None, destination_state="UP", freight_paise=9000,
                        subsidy_paise=6750)
    assert not inv.registered
    assert inv.cgst_paise == inv.sgst_paise == inv.igst_paise == 0
    assert inv.taxable_paise == inv.goods_paise == 299700
    assert inv.total_paise == 299700 + 9000 - 6750


def test_totals_and_rate_summary_add_up():
    inv = build_invoice(
        [InvoiceLineInput("a", "1", 2, 33333, 1200), InvoiceLineInput("b", "2", 1, 777, 500),
         InvoiceLineInput("c", "3", 5, 1999, 1200), InvoiceLineInput("d", None, 1, 5000, None)],
        seller_gstin=GSTIN, destination_state="UP", freight_paise=14000, subsidy_paise=10500)
    assert inv.goods_paise == 66666 + 777 + 9995 + 5000
    assert inv.taxable_paise + inv.cgst_paise + inv.sgst_paise + inv.igst_paise == inv.goods_paise
    summary = inv.rate_summary()
    assert [r["rate_bp"] for r in summary] == [0, 500, 1200]
    assert sum(r["taxable_paise"] for r in summary) == inv.taxable_paise
    assert inv.total_paise == inv.goods_paise + 14000 - 10500


@given(gross=st.integers(0, 10**9), rate=st.sampled_from([0, 25, 300, 500, 1200, 1800, 2800]),
       intra=st.booleans())
def test_parts_always_add_up_to_the_price(gross, rate, intra):
    taxable, cgst, sgst, igst = split_line(gross, rate, intra)
    assert taxable + cgst + sgst + igst == gross
    assert min(taxable, cgst, sgst, igst) >= 0
    # the taxable value is the nearest paisa to gross / (1 + rate)
    assert abs(taxable * (10000 + rate) - gross * 10000) <= (10000 + rate) // 2
