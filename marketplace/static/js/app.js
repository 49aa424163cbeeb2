// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Close the header menu when clicking outside it (it is a <details>, so it works without JS too).
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
  // Print buttons (data-print): wired here because the Content-Security-Policy forbids inline onclick.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
  // Buttons marked data-confirm ask before submitting (archive, cancel, reject).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
