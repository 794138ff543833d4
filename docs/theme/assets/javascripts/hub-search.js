/*
 * Internationalisation hub: search.
 *
 * 1. Header search form: on phones the field is collapsed behind the button; a click on the
 *    button with an empty field focuses (and so opens) the field instead of submitting.
 * 2. Search page: acts only when the page has
 *      <div id="hub-search" data-bundle="../pagefind/" data-file-message="...">
 *    Over file:// it shows data-file-message (Pagefind needs http). Otherwise it loads
 *    Pagefind's own UI from the bundle, in pt-PT when <html lang> starts with "pt", and
 *    runs the query given as ?q= (the header form submits there).
 * 3. Tables that scroll sideways get tabindex="0" so the keyboard can scroll them.
 * No third-party code other than the files Pagefind generates.
 */
(function () {
  "use strict";

  var PT_STRINGS = {
    placeholder: "Pesquisar",
    clear_search: "Limpar",
    load_more: "Mostrar mais resultados",
    search_label: "Pesquisar no site",
    filters_label: "Filtros",
    zero_results: "Nenhum resultado para [SEARCH_TERM]",
    many_results: "[COUNT] resultados para [SEARCH_TERM]",
    one_result: "[COUNT] resultado para [SEARCH_TERM]",
    total_zero_results: "Nenhum resultado",
    total_one_result: "[COUNT] resultado",
    total_many_results: "[COUNT] resultados",
    alt_search: "Nenhum resultado para [SEARCH_TERM]. A mostrar resultados para [DIFFERENT_TERM]",
    search_suggestion: "Nenhum resultado para [SEARCH_TERM]. Experimente uma destas pesquisas:",
    searching: "A pesquisar [SEARCH_TERM]…",
    results_label: "Resultados da pesquisa",
    keyboard_navigate: "navegar",
    keyboard_select: "selecionar",
    keyboard_clear: "limpar",
    keyboard_close: "fechar",
    keyboard_search: "pesquisar",
    error_search: "A pesquisa falhou",
    filter_selected_one: "[COUNT] selecionado",
    filter_selected_many: "[COUNT] selecionados",
    input_hint: "Os resultados aparecem à medida que escreve",
    loading: "A carregar"
  };

  // Pagefind stems Portuguese words (<html lang="pt-PT">), but its stemmer leaves the nouns in
  // -ção/-ções apart from their verbs: "exportação" found 1 page where "exportar" found 9
  // (docs/dev/search.md). Pagefind matches the last word of a query as a prefix, so each word of
  // that family is cut back to the shared stem ("exportação" → "exporta"), with or without
  // accents. Words that keep fewer than 4 letters are left as typed.
  var NOUN_ENDINGS = /(?:ções|çoes|cões|coes|ção|çao|cão|cao)$/i;

  function portugueseWordFamilies(term) {
    return term.split(/(\s+)/).map(function (word) {
      var stem = word.replace(NOUN_ENDINGS, "");
      return stem !== word && stem.length >= 4 ? stem : word;
    }).join("");
  }

  function isPortuguese() {
    return (document.documentElement.lang || "").toLowerCase().indexOf("pt") === 0;
  }

  function queryParam() {
    var match = /[?&]q=([^&#]*)/.exec(location.search);
    if (!match) return "";
    try {
      return decodeURIComponent(match[1].replace(/\+/g, " ")).trim();
    } catch (err) {
      return "";
    }
  }

  function setupHeaderForm() {
    var form = document.querySelector(".hub-header-search");
    if (!form || form.hasAttribute("data-hub-ready")) return;
    form.setAttribute("data-hub-ready", "");
    var input = form.querySelector("input[name=q]");
    var button = form.querySelector("button");
    if (!input || !button) return;
    button.addEventListener("click", function (event) {
      // An empty query means "open/focus the field" (on phones the field is collapsed),
      // not "go to the search page". Without JS the empty form opens the search page.
      if (input.value.trim() === "") {
        event.preventDefault();
        input.focus();
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        input.value = "";
        button.focus();
      }
    });
  }

  function loadOnce(tag, attrs, onload) {
    var url = attrs.src || attrs.href;
    var existing = document.querySelector(tag + '[data-hub-asset="' + url + '"]');
    if (existing) {
      if (onload) {
        if (existing.getAttribute("data-hub-loaded")) onload();
        else existing.addEventListener("load", onload);
      }
      return existing;
    }
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (key) {
      el[key] = attrs[key];
    });
    el.setAttribute("data-hub-asset", url);
    el.addEventListener("load", function () {
      el.setAttribute("data-hub-loaded", "1");
    });
    if (onload) el.addEventListener("load", onload);
    document.head.appendChild(el);
    return el;
  }

  function showMessage(box, text) {
    var p = document.createElement("p");
    p.className = "hub-search__message";
    p.setAttribute("role", "status");
    p.textContent = text;
    box.textContent = "";
    box.appendChild(p);
  }

  // Pagefind's UI preloads the index chunk of every prefix as it is typed ("e", "ex", "exp"…),
  // and the chunk of a one-letter word such as "e" holds nearly every page: about 180 KB at
  // 20,000 projects. Hold the field's input events back until typing pauses, then let one
  // through, so Pagefind loads only the chunks of the words finally typed.
  var TYPING_PAUSE_MS = 300;

  function searchWhenTypingPauses(box) {
    var timer = null;
    var released = false;
    box.addEventListener("input", function (event) {
      if (released || !event.target.matches("input.pagefind-ui__search-input")) return;
      event.stopPropagation(); // capture phase: Pagefind's own listener never sees it
      var input = event.target;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        released = true;
        try {
          input.dispatchEvent(new Event("input", { bubbles: true }));
        } finally {
          released = false;
        }
      }, TYPING_PAUSE_MS);
    }, true);
  }

  // Pagefind's field has only a placeholder and a title; give it a real <label>.
  function labelSearchInput(box, text, attempt) {
    var input = box.querySelector("input.pagefind-ui__search-input");
    if (!input) {
      if ((attempt || 0) < 20) {
        window.setTimeout(function () { labelSearchInput(box, text, (attempt || 0) + 1); }, 50);
      }
      return;
    }
    if (!input.id) input.id = "hub-search-input";
    if (document.querySelector('label[for="' + input.id + '"]')) return;
    var label = document.createElement("label");
    label.className = "hub-visually-hidden";
    label.htmlFor = input.id;
    label.textContent = text;
    input.parentNode.insertBefore(label, input);
  }

  // A table wider than the screen scrolls sideways; keyboard users need to focus the
  // scrolling box to scroll it (axe: scrollable-region-focusable).
  function makeScrollBoxesFocusable() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset table:not([class])");
    Array.prototype.forEach.call(boxes, function (el) {
      if (el.tagName === "TABLE" && el.closest(".md-typeset__scrollwrap")) return;
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        var table = el.tagName === "TABLE" ? el : el.querySelector("table");
        var caption = table && table.caption ? table.caption.textContent.trim() : "";
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "group");
        el.setAttribute("aria-label", caption || (isPortuguese() ? "Tabela (deslize para o lado)" : "Table (scrolls sideways)"));
        el.setAttribute("data-hub-scroll", "");
      } else if (!scrolls && el.hasAttribute("data-hub-scroll")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
        el.removeAttribute("data-hub-scroll");
      }
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(makeScrollBoxesFocusable, 200);
  });

  function setupSearchPage() {
    var box = document.getElementById("hub-search");
    if (!box || box.hasAttribute("data-hub-ready")) return;
    box.setAttribute("data-hub-ready", "");

    if (location.protocol === "file:") {
      showMessage(box, box.getAttribute("data-file-message") || "");
      return;
    }

    var bundle = box.getAttribute("data-bundle") || "pagefind/";
    if (bundle.charAt(bundle.length - 1) !== "/") bundle += "/";
    // Absolute URL: Pagefind imports pagefind.js relative to its own script, not the page.
    var bundleUrl = new URL(bundle, location.href);
    bundleUrl.search = "";
    bundleUrl.hash = "";
    var bundlePath = bundleUrl.pathname;
    // Pagefind records page URLs from the site root; the bundle sits in <site root>/pagefind/.
    var baseUrl = bundlePath.replace(/[^/]+\/$/, "");

    loadOnce("link", { rel: "stylesheet", href: bundlePath + "pagefind-ui.css" });
    var script = loadOnce("script", { src: bundlePath + "pagefind-ui.js" }, function () {
      if (typeof window.PagefindUI !== "function") return;
      var options = {
        element: "#hub-search",
        bundlePath: bundlePath,
        baseUrl: baseUrl,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        // hub-search.js debounces the typing itself (searchWhenTypingPauses), so Pagefind
        // searches at once, without its per-keystroke preload.
        debounceTimeoutMs: 0
      };
      var portuguese = isPortuguese();
      if (portuguese) {
        options.translations = PT_STRINGS;
        options.processTerm = portugueseWordFamilies;
      }
      // The label comes from the page (strings/core.yaml), in the page's language. (PagefindUI
      // takes `translations` out of the options object, so it cannot be read back afterwards.)
      var label = box.getAttribute("data-label") || (portuguese ? PT_STRINGS.search_label : "Search this site");
      searchWhenTypingPauses(box);
      var ui = new window.PagefindUI(options);
      labelSearchInput(box, label);
      // The page has its own search field now; the header one would be a duplicate.
      var headerForm = document.querySelector(".hub-header-search");
      if (headerForm) headerForm.hidden = true;
      var term = queryParam();
      if (term) {
        ui.triggerSearch(term);
      }
    });
    script.addEventListener("error", function () {
      var fallback = isPortuguese() ? "A pesquisa não está disponível." : "Search is not available.";
      showMessage(box, box.getAttribute("data-error-message") || fallback);
    });
  }

  function start() {
    setupHeaderForm();
    makeScrollBoxesFocusable();
    setupSearchPage();
  }

  // With Material's navigation.instant, pages are swapped without reloading scripts;
  // document$ (Material's page observable) emits on the first load and on every swap.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
