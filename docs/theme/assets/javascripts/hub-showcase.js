/*
 * Internationalisation hub: filters of the project showcase (vanilla JS, no library).
 *
 * Acts only on a page holding
 *   <div id="hub-showcase" data-json="showcase.json" data-script="showcase.js" hidden>
 * with a <form> of <select name="call|market|sector|nuts3|status|kind|sort">.
 * 1. Loads the filter data generated at build time: fetch() over http; over file://, where
 *    fetch cannot read files, the same data as a script that sets window.hubShowcaseData.
 * 2. Filters (every chosen facet must match) and sorts (by approval date or EU funding; empty
 *    values last; ties by id) in the browser, and lists the matches.
 * 3. Keeps the state in the URL fragment, so a filtered view can be shared or linked to:
 *      projetos/index.html#sector=wine&sort=amount-desc
 *    Values the form does not offer are ignored.
 * Without JavaScript, or when the data cannot load, the paginated list of every project stays.
 */
(function () {
  "use strict";

  var FACETS = ["call", "market", "sector", "nuts3", "status", "kind"];
  var KEYS = FACETS.concat(["sort"]);

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
  }

  function selectFor(root, key) {
    return root.querySelector('select[name="' + key + '"]');
  }

  function readHash(root) {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var state = {};
    KEYS.forEach(function (key) {
      var select = selectFor(root, key);
      var value = params.get(key) || "";
      if (select && value && hasOption(select, value)) state[key] = value;
    });
    return state;
  }

  function readForm(root) {
    var state = {};
    KEYS.forEach(function (key) {
      var select = selectFor(root, key);
      if (select && select.value) state[key] = select.value;
    });
    return state;
  }

  function showState(root, state) {
    KEYS.forEach(function (key) {
      var select = selectFor(root, key);
      if (select) select.value = state[key] || (key === "sort" ? select.options[0].value : "");
    });
  }

  function writeHash(root, state) {
    var params = new URLSearchParams();
    var defaultSort = selectFor(root, "sort").options[0].value;
    KEYS.forEach(function (key) {
      if (state[key] && !(key === "sort" && state[key] === defaultSort)) params.set(key, state[key]);
    });
    var hash = params.toString();
    var url = location.pathname + location.search + (hash ? "#" + hash : "");
    try {
      history.replaceState(null, "", url);
    } catch (err) {
      location.replace("#" + hash);
    }
  }

  function matches(project, state) {
    return FACETS.every(function (key) {
      return !state[key] || project[key].indexOf(state[key]) !== -1;
    });
  }

  function comparator(sort) {
    var field = sort.indexOf("amount") === 0 ? "amount" : "date";
    var direction = /-desc$/.test(sort) ? -1 : 1;
    return function (a, b) {
      var x = a[field], y = b[field];
      if (x === null && y !== null) return 1;
      if (y === null && x !== null) return -1;
      if (x !== y && x !== null) return (x < y ? -1 : 1) * direction;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    };
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function resultItem(root, project) {
    var item = element("li", "hub-result");
    item.setAttribute("data-id", project.id);
    var title = element("p", "hub-result__title");
    var link = element("a", "", project.title);
    link.href = project.url;
    title.appendChild(link);
    if (project.example) {
      title.appendChild(document.createTextNode(" "));
      title.appendChild(element("span", "hub-badge hub-badge--example", root.getAttribute("data-example-label")));
    }
    item.appendChild(title);
    var meta = element("p", "hub-result__meta");
    meta.appendChild(element("span", "hub-badge hub-badge--status", project.status_text));
    var parts = [project.beneficiary];
    if (project.call_title) parts.push(project.call_title);
    parts.push(root.getAttribute("data-funding-label") + ": " + project.amount_text);
    parts.push(root.getAttribute("data-approval-label") + ": " + project.date_text);
    meta.appendChild(document.createTextNode(" " + parts.join(" · ")));
    item.appendChild(meta);
    return item;
  }

  function countText(root, count) {
    if (count === 0) return root.getAttribute("data-results-zero");
    if (count === 1) return root.getAttribute("data-results-one");
    return root.getAttribute("data-results-many").replace("{count}", String(count));
  }

  function render(root, data, state) {
    var sort = state.sort || selectFor(root, "sort").options[0].value;
    var found = data.projects.filter(function (project) {
      return matches(project, state);
    }).sort(comparator(sort));
    var list = document.getElementById("hub-showcase-results");
    list.textContent = "";
    found.forEach(function (project) {
      list.appendChild(resultItem(root, project));
    });
    document.getElementById("hub-showcase-status").textContent = countText(root, found.length);
  }

  function start(root, data) {
    var form = root.querySelector("form");
    var apply = function (state) {
      showState(root, state);
      render(root, data, state);
    };
    form.addEventListener("change", function () {
      var state = readForm(root);
      writeHash(root, state);
      render(root, data, state);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function () {
      // The form resets its selects after this event; read them afterwards.
      window.setTimeout(function () {
        writeHash(root, {});
        apply({});
      }, 0);
    });
    window.addEventListener("hashchange", function () {
      apply(readHash(root));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".hub-showcase-static"), function (el) {
      el.hidden = true;
    });
    root.hidden = false;
    apply(readHash(root));
    root.setAttribute("data-hub-loaded", "");
  }

  function fail(root) {
    var box = document.getElementById("hub-showcase-error");
    if (box) {
      box.textContent = root.getAttribute("data-unavailable");
      box.hidden = false;
    }
  }

  function load(root, done, failed) {
    if (location.protocol === "file:") {
      var script = document.createElement("script");
      script.src = root.getAttribute("data-script");
      script.onload = function () {
        if (window.hubShowcaseData) done(window.hubShowcaseData);
        else failed();
      };
      script.onerror = failed;
      document.head.appendChild(script);
      return;
    }
    fetch(root.getAttribute("data-json"))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(done, failed);
  }

  function setup() {
    var root = document.getElementById("hub-showcase");
    if (!root || root.hasAttribute("data-hub-ready")) return;
    root.setAttribute("data-hub-ready", "");
    load(
      root,
      function (data) {
        start(root, data);
      },
      function () {
        fail(root);
      }
    );
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
