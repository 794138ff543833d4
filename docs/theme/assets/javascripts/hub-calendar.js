/* Calendar filters: show the events of one market and/or sector. Vanilla JS, no network.
 * Acts only on pages with #hub-event-filter. Without JS every event stays listed.
 * The filter state lives in the URL fragment (#market=ES&sector=wine), so a view can be shared. */
(function () {
  "use strict";

  function readState() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    return { market: params.get("market") || "", sector: params.get("sector") || "" };
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.market) params.set("market", state.market);
    if (state.sector) params.set("sector", state.sector);
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : window.location.pathname + window.location.search);
  }

  function apply(form) {
    var market = form.elements.market.value;
    var sector = form.elements.sector.value;
    var shown = 0;
    document.querySelectorAll("table[data-hub-events]").forEach(function (table) {
      var visible = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var sectors = (row.getAttribute("data-sectors") || "").split(" ");
        var match = (!market || row.getAttribute("data-market") === market) &&
          (!sector || sectors.indexOf(sector) !== -1);
        row.hidden = !match;
        if (match) visible += 1;
      });
      var wrap = table.closest(".hub-table-wrap") || table;
      var empty = wrap.nextElementSibling;
      wrap.hidden = visible === 0;
      if (empty && empty.classList.contains("hub-empty")) empty.hidden = visible !== 0;
      shown += visible;
    });
    var status = form.querySelector(".hub-filter__status");
    // One sentence per plural form (the page's language has "one" for exactly 1, else "other").
    var template = status.getAttribute(shown === 1 ? "data-template-one" : "data-template-other");
    status.textContent = template.replace("{count}", String(shown));
    writeState({ market: market, sector: sector });
  }

  function setup() {
    var form = document.getElementById("hub-event-filter");
    if (!form || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    var state = readState();
    ["market", "sector"].forEach(function (name) {
      var select = form.elements[name];
      if (Array.prototype.some.call(select.options, function (o) { return o.value === state[name]; })) {
        select.value = state[name];
      }
      select.addEventListener("change", function () { apply(form); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(form); });
    form.hidden = false;
    apply(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
