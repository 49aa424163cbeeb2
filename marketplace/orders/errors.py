"""Domain errors raised by the orders services.

Each error has a short machine ``code`` (used in JSON bodies and tests) and a translated
message; views turn them into form errors, flashes or 400 JSON bodies. Parameters given to an
error (``OutOfStock(title=...)``) are filled into its message when it is rendered, in the
language of whoever reads it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import escape

from marketplace.catalog.sellers import PAYOUT_INCOMPLETE
from marketplace.errors import DomainError


class OrdersError(DomainError):
    """Base of every orders-domain error."""

    code = "orders_error"
    default_message = _l("The order could not be processed.")

    def __init__(self, message=None, **params):
        template = message if message is not None else self.default_message
        super().__init__(_Formatted(template, params) if params else template, **params)


class _Formatted:
    """A lazy string with %-parameters filled in when it is rendered."""

    def __init__(self, lazy, params):
        self.lazy, self.params = lazy, params

    def __str__(self) -> str:
        return str(self.lazy) % self.params

    def __html__(self) -> str:
        return str(escape(str(self)))


class IllegalTransition(OrdersError):
    code = "illegal_transition"
    default_message = _l("An order cannot move from “%(current)s” to “%(target)s”.")


class TransitionNotAllowedForActor(OrdersError):
    code = "transition_forbidden"
    default_message = _l("You are not allowed to move this order from “%(current)s” to “%(target)s”.")


class MissingShipmentDetails(OrdersError):
    code = "missing_shipment_details"
    default_message = _l("Enter the carrier and the tracking number to mark the order shipped.")


class MissingCancelReason(OrdersError):
    code = "missing_cancel_reason"
    default_message = _l("Give a reason for cancelling the order.")


class UnknownZone(OrdersError):
    code = "unknown_zone"
    default_message = _l("No freight rate exists for this destination.")


class InvalidParcel(OrdersError):
    code = "invalid_parcel"
    default_message = _l("Weight and dimensions of a parcel must not be negative.")


class CardDeclined(OrdersError):
    code = "card_declined"
    default_message = _l("The card was declined. Try another card or choose cash on delivery.")


class PaymentProviderError(OrdersError):
    code = "payment_provider_error"
    default_message = _l("The payment service could not be reached. Nothing was charged; please try again.")


class BadWebhookSignature(OrdersError):
    code = "bad_signature"
    default_message = _l("The webhook signature is not valid.")


class ListingUnavailable(OrdersError):
    code = "listing_unavailable"
    default_message = _l("This product is no longer for sale.")


class BelowMinimumOrder(OrdersError):
    code = "below_moq"
    default_message = _l("The seller sells “%(title)s” in orders of at least %(moq)s units.")


class NotEnoughStock(OrdersError):
    code = "not_enough_stock"
    default_message = _l("Only %(stock)s units of “%(title)s” are in stock.")


class OutOfStock(OrdersError):
    code = "out_of_stock"
    default_message = _l("Sorry, “%(title)s” sold out while you were checking out. Nothing was charged; your cart is unchanged.")


class InvalidQuantity(OrdersError):
    code = "invalid_quantity"
    default_message = _l("Enter a whole number of units between 1 and 100000.")


class EmptyCart(OrdersError):
    code = "empty_cart"
    default_message = _l("Your cart is empty.")


class CartAlreadyOrdered(EmptyCart):
    """A second checkout page submitted a cart that another one already turned into an order;
    ``order_id`` and ``number`` name that order (the view links to it)."""

    code = "cart_already_ordered"
    default_message = _l("This cart was already ordered.")


class CartNeedsAttention(OrdersError):
    code = "cart_needs_attention"
    default_message = _l("Some items in your cart changed. Please review your cart before paying.")


class AddressInvalid(OrdersError):
    code = "invalid_address"
    default_message = _l("Please check the delivery address.")


class PinNotInState(AddressInvalid):
    code = "pin_not_in_state"
    default_message = _l("PIN code %(pin)s is not used in the state or union territory you chose. "
                         "Check the PIN code and the state.")


class PinUnknown(AddressInvalid):
    code = "pin_unknown"
    default_message = _l("We do not know the PIN code %(pin)s. Check the six digits on a letter or bill "
                         "from that address.")


class OrderNotFound(OrdersError):
    code = "not_found"
    status = 404
    default_message = _l("We could not find that order.")


class RefundTooLarge(OrdersError):
    code = "refund_too_large"
    default_message = _l("At most %(left)s can still be refunded on this order.")


class CancelledRefundsInFull(OrdersError):
    code = "cancelled_refunds_in_full"
    default_message = _l("A cancelled shipment is refunded in full: %(amount)s. Leave the amount empty.")


class TransferReferenceInvalid(OrdersError):
    code = "transfer_reference_invalid"
    default_message = _l("Enter the reference of the transfer (UTR) you made to the buyer: 4 to 40 letters or digits, "
                         "not one used before.")


class NothingToRefund(OrdersError):
    code = "nothing_to_refund"
    default_message = _l("This order has nothing left to refund.")


class PaymentsNotConfigured(OrdersError):
    code = "card_payments_off"
    default_message = _l("Card payments are not available right now. Please choose cash on delivery.")


class OrderNotPayable(OrdersError):
    code = "order_not_payable"
    default_message = _l("This order is not waiting for a payment.")


class ClaimTransitionRefused(OrdersError):
    code = "claim_transition_refused"
    default_message = _l("A subsidy claim cannot move from “%(current)s” to “%(target)s”.")


class MissingDbtReference(OrdersError):
    code = "missing_dbt_reference"
    default_message = _l("Enter the DBT reference of the payment to the seller.")


class PolicyInvalid(OrdersError):
    code = "invalid_policy"
    default_message = _l("The subsidy policy is not valid: %(problem)s")


class UnknownPaymentMethod(OrdersError):
    code = "unknown_payment_method"
    default_message = _l("Choose card or cash on delivery.")


class StatusChangedMeanwhile(OrdersError):
    code = "status_changed"
    default_message = _l("This order changed while you were looking at it. Please check it and try again.")


class ClaimNeedsDelivery(OrdersError):
    code = "claim_needs_delivery"
    default_message = _l("A subsidy claim can be approved or paid only after the shipment is delivered.")


class ClaimNeedsPayoutDetails(OrdersError):
    """The seller has no complete bank details: the message says what is wrong (issue #17.2)."""

    code = "claim_needs_payout_details"
    default_message = PAYOUT_INCOMPLETE


class InvoiceNotAvailable(OrdersError):
    code = "invoice_not_available"
    status = 404
    default_message = _l("There is no invoice for this order: it has not been paid or confirmed, or it was cancelled.")


# -- seller quotes (quotes.py, quote_states.py) --------------------------------------------------
# Plain DomainErrors (not OrdersError): their messages come with their parameters filled in.

class QuoteError(DomainError):
    code = "quote_invalid"
    default_message = _l("The quote could not be saved.")


class QuoteExpired(QuoteError):
    code = "quote_expired"
    default_message = _l("This quote has expired. Ask the seller for a new one.")


class QuoteUsed(QuoteError):
    code = "quote_used"
    default_message = _l("This quote has already been used for an order.")


# -- shipping (issue #13) ---------------------------------------------------------------------
class ShipmentNotAllowed(OrdersError):
    code = "shipment_not_allowed"
    default_message = _l("Accept the order before you book its shipment.")


class AlreadyBooked(OrdersError):
    code = "already_booked"
    default_message = _l("This order's shipment is already booked (AWB %(awb)s).")


class InvalidParcelSize(OrdersError):
    code = "invalid_parcel_size"
    default_message = _l("Give the parcel's weight (1 g to 50 kg) and its length, width and height (1 to 200 cm).")


class TrackingNumberTaken(OrdersError):
    code = "tracking_number_taken"
    default_message = _l("This tracking number is already used for another order. Check it for a typo.")


class NoPickupToRequest(OrdersError):
    code = "no_pickup"
    default_message = _l("Only a shipment booked with the courier can have a pickup requested.")


class ClaimNeedsProof(OrdersError):
    code = "claim_needs_proof"
    default_message = _l("A subsidy claim can be approved only when the courier confirmed the delivery or an officer confirmed it with a proof. The seller's word alone is not enough.")


class PickupAddressMissing(OrdersError):
    code = "pickup_address_missing"
    default_message = _l("Add your workshop's address and mobile number to your seller profile: the courier needs them to collect the parcel.")


class BookingInProgress(OrdersError):
    code = "booking_in_progress"
    default_message = _l("This parcel is being booked with the courier right now. Wait a minute and open the order again.")


class BookedWithCourier(OrdersError):
    code = "booked_with_courier"
    default_message = _l("This order is booked with the courier (AWB %(awb)s), who will collect it. Ask the ODOP cell to cancel it with the courier.")
