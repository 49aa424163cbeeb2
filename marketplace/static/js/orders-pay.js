// Card payment with Stripe.js Elements: confirm the PaymentIntent in the browser, then go to
// the return page, which records the outcome (the webhook records it too; either is enough).
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") { return; }
  var stripe = Stripe(form.dataset.publishableKey);
  var elements = stripe.elements();
  var card = elements.create("card", { hidePostalCode: true });
  card.mount("#card-element");
  var errors = document.getElementById("card-errors");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    stripe.confirmCardPayment(form.dataset.clientSecret, { payment_method: { card: card } })
      .then(function (result) {
        if (result.error) {
          errors.textContent = result.error.message || form.dataset.errorText;
          button.disabled = false;
        } else {
          window.location.assign(form.dataset.returnUrl);
        }
      });
  });
})();
