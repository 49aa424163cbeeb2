/* Delivery address form: the buyer types the PIN code first and the district, state and (when
   empty) the city are filled in from GET /api/v1/pins/<pin>. The server takes the district and
   state from the PIN anyway, so the form works the same without this script. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-pin-lookup]");
  if (!form || !window.fetch) { return; }
  var pin = form.querySelector("[name=pin_code]");
  var city = form.querySelector("[name=city]");
  var district = form.querySelector("[name=district]");
  var state = form.querySelector("[name=state_code]");
  var status = form.querySelector("[data-pin-status]");
  var filledCity = "";
  var asked = "";

  function say(text) { if (status) { status.textContent = text; } }

  function fill(place) {
    district.value = place.district;
    state.value = place.state_code;
    if (!city.value || city.value === filledCity) {
      city.value = place.place;
      filledCity = place.place;
    }
    say([place.place, place.district, place.state_name].filter(Boolean).join(", "));
  }

  function look() {
    var digits = pin.value.replace(/\s+/g, "");
    if (!/^[1-9][0-9]{5}$/.test(digits)) { asked = ""; say(""); return; }
    if (digits === asked) { return; }
    asked = digits;
    fetch(form.getAttribute("data-pin-lookup").replace("000000", digits),
          { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (digits !== asked) { return null; }
        if (response.status === 404) { say(form.getAttribute("data-pin-unknown")); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (place) { if (place && digits === asked) { fill(place); } })
      .catch(function () { /* offline: the server fills the district and state on saving */ });
  }

  pin.addEventListener("input", look);
  pin.addEventListener("change", look);
  look();
}());
