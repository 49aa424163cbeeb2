// Header search autocomplete (no dependencies). The box works without JavaScript; this adds a
// list of suggestions from GET /api/v1/suggest?q= under it, usable with the keyboard.
(function () {
  "use strict";
  var input = document.querySelector(".header-search input[data-suggest-url]");
  if (!input) { return; }
  var url = input.getAttribute("data-suggest-url");
  var box = document.createElement("ul");
  box.className = "suggest-box";
  box.id = "search-suggestions";
  box.setAttribute("role", "listbox");
  box.hidden = true;
  input.parentNode.appendChild(box);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", box.id);
  input.setAttribute("aria-expanded", "false");
  var items = [], active = -1, timer = null, seq = 0;

  function close() {
    box.hidden = true; box.innerHTML = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
  }
  function highlight(i) {
    items.forEach(function (el, j) { el.setAttribute("aria-selected", j === i ? "true" : "false"); });
    active = i;
    if (i >= 0) { input.setAttribute("aria-activedescendant", items[i].id); }
  }
  function show(list) {
    box.innerHTML = ""; items = []; active = -1;
    if (!list.length) { close(); return; }
    list.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.dataset.url = s.url;
      li.textContent = s.label;
      if (s.kind !== "listing") {
        var k = document.createElement("span"); k.className = "kind"; k.textContent = "· " + (s.kind_label || s.kind);
        li.appendChild(k);
      }
      li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = s.url; });
      box.appendChild(li); items.push(li);
    });
    box.hidden = false; input.setAttribute("aria-expanded", "true");
  }
  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    var mine = ++seq;
    fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (mine === seq) { show(data.suggestions || []); } })
      .catch(function () { close(); });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 150); });
  input.addEventListener("keydown", function (e) {
    if (box.hidden) { return; }
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(items.length - 1, active + 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(-1, active - 1)); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].dataset.url; }
    else if (e.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
  // Filters start open on wide screens and folded on a phone.
  var facets = document.getElementById("facets");
  if (facets && window.matchMedia("(min-width: 800px)").matches) { facets.open = true; }
})();
