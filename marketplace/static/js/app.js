// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Close the header menu when clicking outside it (it is a <details>, so it works without JS too).
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
  // Escape folds an open menu or filter panel (both <details>) and gives focus back to its
  // summary, so a keyboard user lands where they opened it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) { return; }
    var panel = event.target.closest("details.menu[open], details.facets[open]");
    if (!panel) { return; }
    panel.removeAttribute("open");
    var summary = panel.querySelector("summary");
    if (summary) { summary.focus(); }
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
  // A table or chart that scrolls sideways on a phone can be reached and scrolled with the
  // keyboard (WCAG 2.1.1): it takes focus only while it really overflows.
  var SCROLLERS = ".table-scroll, .scroll-x, table.orders-table, table.meet-table, table.admin-table, .admin-figures, .admin-charts figure, .statement-charts figure";
  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); el.dataset.scrollFocus = "1"; }
      } else if (el.dataset.scrollFocus) {
        el.removeAttribute("tabindex"); delete el.dataset.scrollFocus;
      }
    });
  }
  markScrollers();
  window.addEventListener("resize", markScrollers);
})();
