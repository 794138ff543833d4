/*
 * Internationalisation hub: the eligibility checker's interface.
 *
 * Acts only on a page with <div id="hub-checker" data-hub-checker="ID"> and
 * <script type="application/json" id="ID"> holding the call's rules, texts and links (generated
 * by `intlhub build` from data/eligibility/). The decisions come from HubEligibility
 * (hub-eligibility.js), the browser twin of the Python evaluator.
 *
 * One question at a time, then "check your answers" with Change links, then the result with
 * its reasons and sources. The whole state lives in the URL fragment
 * (#beneficiary_type=company&...&step=result), so a result can be shared as a link and the
 * browser's Back button works. Nothing is sent anywhere; it works offline and from file://.
 * Fragments without "step=" (such as heading anchors) are not the checker's and are ignored.
 */
(function () {
  "use strict";

  var engine = window.HubEligibility;
  var box = document.getElementById("hub-checker");
  if (!engine || !box) return;
  var dataElement = document.getElementById(box.getAttribute("data-hub-checker") || "");
  if (!dataElement) return;
  var data;
  try {
    data = JSON.parse(dataElement.textContent);
  } catch (err) {
    return;
  }

  var model = data.model;
  var texts = data.texts;
  var strings = data.strings;
  var lang = data.lang;
  var locale = lang === "pt" ? "pt-PT" : "en-GB";
  var questions = {};
  model.questions.forEach(function (question) { questions[question.id] = question; });
  var baseTitle = document.title;
  var state = { answers: {}, step: "" };
  var pendingError = null;

  // ---------- small helpers ----------

  function s(key, values) {
    var text = strings[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function todayIso() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function facts() {
    var all = { today: todayIso() };
    Object.keys(data.facts).forEach(function (key) { all[key] = data.facts[key]; });
    return all;
  }

  function isIsoDate(value) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    var day = new Date(value + "T00:00:00Z");
    return !isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
  }

  function formatHundredths(value) {
    var sign = value < 0 ? "-" : "";
    var whole = Math.floor(Math.abs(value) / 100);
    var rest = Math.abs(value) % 100;
    return sign + whole + (lang === "pt" ? "," : ".") + pad(rest);
  }

  function formatNumber(value) {
    try {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
    } catch (err) {
      return String(value);
    }
  }

  function formatDate(value) {
    try {
      return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
        .format(new Date(value + "T00:00:00Z"));
    } catch (err) {
      return value;
    }
  }

  function answerText(id) {
    var question = questions[id];
    var value = state.answers[id];
    if (value === undefined) return s("elig_not_answered");
    if (question.type === "yes-no") return value ? s("elig_yes") : s("elig_no");
    if (question.type === "choice") return texts.questions[id].options[value] || value;
    if (question.type === "date") return formatDate(value);
    var unit = texts.questions[id].unit;
    return formatNumber(value) + (unit ? (unit === "%" ? "%" : " " + unit) : "");
  }

  // ---------- the state in the fragment ----------

  function encodeValue(question, value) {
    if (question.type === "yes-no") return value ? "yes" : "no";
    return String(value);
  }

  function decodeValue(question, raw) {
    if (raw === null || raw === "") return undefined;
    if (question.type === "yes-no") return raw === "yes" ? true : raw === "no" ? false : undefined;
    if (question.type === "choice") return question.options.indexOf(raw) !== -1 ? raw : undefined;
    if (question.type === "date") return isIsoDate(raw) ? raw : undefined;
    var number = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    return numberProblem(question, number) ? undefined : number;
  }

  function stateHash(answers, step) {
    var parts = [];
    model.questions.forEach(function (question) {
      if (answers[question.id] !== undefined) {
        parts.push(encodeURIComponent(question.id) + "=" + encodeURIComponent(encodeValue(question, answers[question.id])));
      }
    });
    parts.push("step=" + encodeURIComponent(step));
    return "#" + parts.join("&");
  }

  function readHash() {
    var hash = location.hash.replace(/^#/, "");
    if (!/(^|&)step=/.test(hash)) return null;
    var params = {};
    hash.split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at < 1) return;
      try {
        params[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
      } catch (err) { /* a damaged pair is skipped */ }
    });
    var answers = {};
    model.questions.forEach(function (question) {
      if (Object.prototype.hasOwnProperty.call(params, question.id)) {
        var value = decodeValue(question, params[question.id]);
        if (value !== undefined) answers[question.id] = value;
      }
    });
    return { answers: answers, step: params.step || "" };
  }

  function go(step, answers) {
    var hash = stateHash(answers || state.answers, step);
    if (location.hash === hash) render(true);
    else location.hash = hash; // a new history entry; hashchange renders it
  }

  // ---------- decisions ----------

  function relevant() {
    return engine.relevantAnswers(model.questions, state.answers, facts());
  }

  function firstUnanswered(rel) {
    for (var i = 0; i < rel.asked.length; i += 1) {
      if (!Object.prototype.hasOwnProperty.call(rel.kept, rel.asked[i])) return rel.asked[i];
    }
    return null;
  }

  // The step to show: the one asked for, unless it is not reachable with these answers.
  function currentStep() {
    var rel = relevant();
    var missing = firstUnanswered(rel);
    var step = state.step;
    if (step === "result") return step;
    if (step === "check") return missing || "check";
    if (rel.asked.indexOf(step) !== -1) return step;
    return missing || "check";
  }

  function numberProblem(question, number) {
    if (typeof number !== "number" || !isFinite(number)) return s("elig_error_number");
    if (question.integer && Math.floor(number) !== number) return s("elig_error_integer");
    if (question.minimum !== undefined && number < question.minimum) return s("elig_error_min", { min: formatNumber(question.minimum) });
    if (question.maximum !== undefined && number > question.maximum) return s("elig_error_max", { max: formatNumber(question.maximum) });
    return null;
  }

  // Reads "250 000", "250.000" or "12,5" (pt) and "250,000" or "12.5" (en).
  function parseNumber(raw) {
    var text = raw.replace(/[\s\u00a0\u202f]/g, "");
    if (lang === "pt") {
      if (text.indexOf(",") !== -1) text = text.replace(/\./g, "").replace(",", ".");
      else if (/^\d{1,3}(\.\d{3})+$/.test(text)) text = text.replace(/\./g, "");
    } else {
      text = text.replace(/,/g, "");
    }
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  }

  // ---------- pieces of the page ----------

  function heading(level, text, extra) {
    return el("h" + level, { className: "hub-checker__heading", tabindex: "-1", text: text }, extra || []);
  }

  function badgeExample() {
    return el("span", { className: "hub-badge hub-badge--example", text: strings.example });
  }

  function sourceLine(source) {
    if (!source || !source.title) return el("em", { text: s("elig_example_rule") });
    var title = /^https?:\/\//.test(source.url || "")
      ? el("a", { href: source.url, text: source.title })
      : el("span", { text: source.title });
    // A title in another language than the page's is marked, for screen readers' voices.
    if (source.title_lang) title.setAttribute("lang", source.title_lang);
    return el("span", { className: "hub-source" }, [
      strings.source + ": ", title,
      (source.section ? ", " + source.section : "") + " (" + source.publisher + "; " + source.date + ")."
    ]);
  }

  function findingItem(finding) {
    var text = texts.rules[finding.rule];
    return el("li", { className: "hub-checker__finding", "data-rule": finding.rule, "data-finding": finding.outcome }, [
      el("strong", { text: text.title + ": " }),
      (finding.unknown ? text.unknown_explanation : text.explanation) + " ",
      text.verification === "example" ? badgeExample() : null,
      text.verification === "example" ? " " : null,
      sourceLine(text.source),
      text.verification === "reported" ? " " : null,
      text.verification === "reported" ? el("span", { className: "hub-badge hub-badge--reported", text: s("reported") }) : null
    ]);
  }

  function backLink(step) {
    return el("p", { className: "hub-checker__back" }, [el("a", { href: stateHash(state.answers, step), text: s("elig_back") })]);
  }

  function earlyNotice(findings, id) {
    if (!findings.length) return null;
    return el("div", { className: "hub-checker__notice", role: "note", "aria-labelledby": id }, [
      el("h2", { id: id, className: "hub-checker__notice-title", text: s("elig_early_title") }),
      el("ul", {}, findings.map(findingItem)),
      el("p", {}, [el("a", { href: stateHash(state.answers, "result"), text: s("elig_early_link") })])
    ]);
  }

  function answerDefinite(verdict) {
    return verdict.findings.filter(function (finding) {
      var rule = model.rules.filter(function (r) { return r.id === finding.rule; })[0];
      return finding.outcome === "not-eligible" && !finding.unknown && engine.usesAnswers(rule.when);
    });
  }

  function factFindings(verdict) {
    return verdict.findings.filter(function (finding) {
      var rule = model.rules.filter(function (r) { return r.id === finding.rule; })[0];
      return finding.outcome === "not-eligible" && !finding.unknown && !engine.usesAnswers(rule.when);
    });
  }

  // ---------- steps ----------

  function renderQuestion(id, rel) {
    var question = questions[id];
    var text = texts.questions[id];
    var verdict = engine.evaluate(model, state.answers, facts());
    var index = rel.asked.indexOf(id);
    var error = pendingError && pendingError.id === id ? pendingError.message : null;
    var nodes = [];
    var closed = index === 0 ? factFindings(verdict) : [];
    if (closed.length) {
      nodes.push(el("div", { className: "hub-checker__notice", role: "note", "aria-labelledby": "hub-checker-before" }, [
        el("h2", { id: "hub-checker-before", text: s("elig_before_start") }),
        el("ul", {}, closed.map(findingItem)),
        el("p", { text: s("elig_before_start_text") })
      ]));
    }
    nodes.push(earlyNotice(answerDefinite(verdict), "hub-checker-early"));
    nodes.push(el("p", { className: "hub-checker__progress", text: s("elig_question_of", { n: index + 1, total: rel.asked.length }) }));
    var form = el("form", { className: "hub-checker__form", novalidate: true, "data-question": id });
    if (error) {
      var errorLink = el("a", { href: "#hub-checker-input", text: error });
      errorLink.addEventListener("click", function (event) {
        event.preventDefault();
        var target = form.querySelector("input");
        if (target) target.focus();
      });
      form.appendChild(el("div", { className: "hub-checker__error-summary", role: "alert", tabindex: "-1" }, [
        el("h2", { className: "hub-checker__error-title", text: s("elig_error_summary") }),
        el("ul", {}, [el("li", {}, [errorLink])])
      ]));
    }
    var helpId = "hub-checker-help";
    var errorId = "hub-checker-error";
    var describedBy = helpId + (error ? " " + errorId : "");
    var help = el("p", { id: helpId, className: "hub-checker__help", text: text.help });
    var errorLine = error ? el("p", { id: errorId, className: "hub-checker__error-message" }, [
      el("span", { className: "hub-visually-hidden", text: s("elig_error_summary") + ": " }), error
    ]) : null;
    var current = state.answers[id];
    if (question.type === "yes-no" || question.type === "choice") {
      var options = question.type === "yes-no"
        ? [["yes", s("elig_yes"), current === true], ["no", s("elig_no"), current === false]]
        : question.options.map(function (value) { return [value, text.options[value], current === value]; });
      var radios = options.map(function (option, i) {
        var inputId = i === 0 ? "hub-checker-input" : "hub-checker-input-" + i;
        return el("div", { className: "hub-checker__radio" }, [
          el("input", { type: "radio", id: inputId, name: "answer", value: option[0], checked: option[2], "aria-invalid": error ? "true" : null }),
          el("label", { "for": inputId, text: option[1] })
        ]);
      });
      form.appendChild(el("fieldset", { className: "hub-checker__fieldset" + (error ? " hub-checker__fieldset--error" : ""), "aria-describedby": describedBy }, [
        el("legend", { className: "hub-checker__legend" }, [heading(2, text.question)]),
        help, errorLine,
        el("div", { className: "hub-checker__radios" + (question.type === "yes-no" ? " hub-checker__radios--inline" : "") }, radios)
      ]));
    } else {
      var inputAttrs = {
        id: "hub-checker-input", name: "answer", "aria-describedby": describedBy,
        "aria-invalid": error ? "true" : null, autocomplete: "off",
        className: "hub-checker__input" + (error ? " hub-checker__input--error" : "")
      };
      if (question.type === "date") {
        inputAttrs.type = "date";
        inputAttrs.value = current || "";
      } else {
        inputAttrs.type = "text";
        inputAttrs.inputmode = question.integer ? "numeric" : "decimal";
        inputAttrs.spellcheck = "false";
        inputAttrs.value = pendingError && pendingError.id === id ? pendingError.raw : (current === undefined ? "" : String(current));
      }
      form.appendChild(el("div", { className: "hub-checker__field" + (error ? " hub-checker__field--error" : "") }, [
        el("h2", { className: "hub-checker__heading hub-checker__label-heading", tabindex: "-1" }, [
          el("label", { "for": "hub-checker-input", text: text.question })
        ]),
        help, errorLine,
        el("div", { className: "hub-checker__input-row" }, [
          el("input", inputAttrs),
          text.unit ? el("span", { className: "hub-checker__unit", "aria-hidden": "true", text: text.unit }) : null
        ])
      ]));
    }
    form.appendChild(el("button", { type: "submit", className: "md-button md-button--primary hub-checker__continue", text: s("elig_continue") }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitAnswer(id, form);
    });
    nodes.push(form);
    if (index > 0) nodes.push(backLink(rel.asked[index - 1]));
    return { nodes: nodes, title: text.question };
  }

  function submitAnswer(id, form) {
    var question = questions[id];
    var value;
    var raw = "";
    var problem = null;
    if (question.type === "yes-no" || question.type === "choice") {
      var chosen = form.querySelector("input[name=answer]:checked");
      if (!chosen) problem = s("elig_error_choose");
      else value = question.type === "yes-no" ? chosen.value === "yes" : chosen.value;
    } else {
      raw = form.querySelector("input[name=answer]").value.trim();
      if (question.type === "date") {
        if (!isIsoDate(raw)) problem = s("elig_error_date");
        else value = raw;
      } else {
        value = parseNumber(raw);
        problem = raw === "" ? s("elig_error_number") : numberProblem(question, value);
      }
    }
    if (problem) {
      pendingError = { id: id, message: problem, raw: raw };
      render(true, true);
      return;
    }
    pendingError = null;
    var answers = {};
    Object.keys(state.answers).forEach(function (key) { answers[key] = state.answers[key]; });
    answers[id] = value;
    var rel = engine.relevantAnswers(model.questions, answers, facts());
    // Drop answers to questions that these answers no longer ask (they would never count).
    Object.keys(answers).forEach(function (key) {
      if (rel.asked.indexOf(key) === -1) delete answers[key];
    });
    var next = firstUnanswered(rel) || "check";
    go(next, answers);
  }

  function renderCheck(rel) {
    var rows = rel.asked.map(function (id) {
      return el("div", { className: "hub-summary__row" }, [
        el("dt", { className: "hub-summary__key", text: texts.questions[id].question }),
        el("dd", { className: "hub-summary__value", "data-answer": id, text: answerText(id) }),
        el("dd", { className: "hub-summary__actions" }, [
          el("a", { href: stateHash(state.answers, id) }, [
            s("elig_change"),
            el("span", { className: "hub-visually-hidden", text: " – " + texts.questions[id].question })
          ])
        ])
      ]);
    });
    return {
      title: s("elig_check_title"),
      nodes: [
        heading(2, s("elig_check_title")),
        el("dl", { className: "hub-summary" }, rows),
        el("p", {}, [el("a", { href: stateHash(state.answers, "result"), className: "md-button md-button--primary hub-checker__see-result", text: s("elig_see_result") })]),
        backLink(rel.asked[rel.asked.length - 1])
      ]
    };
  }

  // Not eligible: the application is never scored, so no "above the minimum" claim (issue 14, claim 6).
  function meritStanding(verdict) {
    if (verdict.outcome === "not-eligible") return "elig_merit_moot";
    return verdict.merit.meets_minimum ? "elig_merit_meets" : "elig_merit_below";
  }

  function meritSection(verdict) {
    var merit = texts.merit;
    var nodes = [heading(3, s("elig_merit_title") + " ", merit.verification === "example" ? [badgeExample()] : [])];
    if (!verdict.merit) {
      nodes.push(el("p", { text: s("elig_merit_incomplete") }));
      return nodes;
    }
    var total = verdict.merit.total_x100;
    nodes.push(el("p", { className: "hub-checker__score", "data-score": String(total) }, [
      el("strong", { text: s("elig_merit_total", { score: formatHundredths(total), max: merit.scale_max }) }),
      " — " + s(meritStanding(verdict), { minimum: merit.minimum })
    ]));
    nodes.push(el("p", { text: s("elig_formula") + ": " + merit.formula }));
    var rows = verdict.merit.criteria.map(function (item) {
      var criterion = merit.criteria[item.id];
      return el("tr", { "data-criterion": item.id, "data-score": String(item.score) }, [
        el("th", { scope: "row", text: item.id + " – " + criterion.name }),
        el("td", { text: formatHundredths(item.weight_percent) }),
        el("td", { text: String(item.score) }),
        el("td", { text: item.level >= 0 ? criterion.levels[item.level] : criterion.otherwise })
      ]);
    });
    nodes.push(el("div", { className: "hub-checker__table" }, [el("table", { className: "hub-checker__merit" }, [
      el("caption", { text: s("elig_merit_title") }),
      el("thead", {}, [el("tr", {}, [
        el("th", { scope: "col", text: s("elig_criterion") }),
        el("th", { scope: "col", text: s("elig_weight") }),
        el("th", { scope: "col", text: s("elig_score") }),
        el("th", { scope: "col", text: s("elig_why") })
      ])]),
      el("tbody", {}, rows)
    ])]));
    nodes.push(el("p", { className: "hub-checker__note", text: merit.note + " " + s("elig_merit_indicative") }));
    return nodes;
  }

  function similarSection() {
    var similar = data.similar || {};
    var value = similar.question ? state.answers[similar.question] : undefined;
    var projects = (similar.by_value || {})[value] || [];
    var items = projects.map(function (project) {
      return el("li", {}, [
        el("a", { href: project.url, text: project.title }),
        project.example ? " " : null,
        project.example ? badgeExample() : null
      ]);
    });
    var nodes = [heading(3, s("elig_similar"))];
    nodes.push(items.length ? el("ul", { className: "hub-checker__similar" }, items) : el("p", { text: s("elig_similar_none") }));
    nodes.push(el("p", {}, [el("a", { href: data.links.projects, text: s("elig_all_projects") })]));
    return nodes;
  }

  function shareSection() {
    var status = el("p", { className: "hub-checker__copy-status", role: "status" });
    var input = el("input", { type: "text", id: "hub-checker-share", readonly: true, value: location.href, className: "hub-checker__input hub-checker__share" });
    var button = el("button", { type: "button", className: "md-button hub-checker__copy", text: s("elig_copy") });
    button.addEventListener("click", function () {
      var done = function () { status.textContent = s("elig_copied"); };
      var select = function () {
        input.focus();
        input.select();
        status.textContent = s("elig_copy_select");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, select);
      } else {
        select();
      }
    });
    return [
      heading(3, s("elig_share")),
      el("p", { id: "hub-checker-share-help", className: "hub-checker__help", text: s("elig_share_help") }),
      el("label", { "for": "hub-checker-share", className: "hub-visually-hidden", text: s("elig_share") }),
      el("div", { className: "hub-checker__input-row" }, [input, button]),
      status
    ];
  }

  function renderResult(rel) {
    var verdict = engine.evaluate(model, state.answers, facts());
    var outcome = verdict.outcome;
    var blocking = verdict.findings.filter(function (f) { return f.outcome === "not-eligible"; });
    var checks = verdict.findings.filter(function (f) { return f.outcome === "manual-check"; });
    var fired = verdict.findings.map(function (f) { return f.rule; });
    var met = model.rules.filter(function (rule) {
      return fired.indexOf(rule.id) === -1 && engine.evaluateCondition(rule.when, rel.kept, facts()) === false;
    });
    var nodes = [
      el("div", { className: "hub-checker__panel hub-checker__panel--" + outcome, "data-outcome": outcome }, [
        heading(2, s("elig_outcome") + ": " + s("elig_outcome_" + outcome)),
        el("p", { text: s("elig_text_" + outcome) })
      ])
    ];
    if (blocking.length) {
      nodes.push(heading(3, s("elig_reasons")), el("ul", { className: "hub-checker__findings" }, blocking.map(findingItem)));
    }
    if (checks.length) {
      nodes.push(heading(3, s("elig_to_check")), el("ul", { className: "hub-checker__findings" }, checks.map(findingItem)));
    }
    if (verdict.missing.length) {
      nodes.push(heading(3, s("elig_missing")), el("ul", {}, verdict.missing.map(function (id) {
        return el("li", {}, [el("a", { href: stateHash(state.answers, id), text: texts.questions[id].question })]);
      })));
    }
    nodes = nodes.concat(meritSection(verdict));
    if (met.length) {
      nodes.push(el("details", { className: "hub-checker__met" }, [
        el("summary", { text: s("elig_rules_met") + " (" + met.length + ")" }),
        el("ul", {}, met.map(function (rule) { return el("li", { "data-rule": rule.id, text: texts.rules[rule.id].title }); }))
      ]));
    }
    nodes.push(heading(3, s("elig_next_steps")));
    nodes.push(el("ul", {}, [
      el("li", {}, [el("a", { href: data.links.how_to_apply, text: strings["how-to-apply"] })]),
      el("li", {}, [el("a", { href: data.links.compare, text: strings["eligibility-compare"] || s("elig_compare_what") })])
    ]));
    nodes = nodes.concat(similarSection(), shareSection());
    nodes.push(el("p", { className: "hub-checker__restart" }, [
      el("a", { href: stateHash(state.answers, "check"), text: s("elig_check_title") }),
      " · ",
      el("a", { href: stateHash({}, "start"), text: s("elig_start_again") })
    ]));
    return { title: s("elig_outcome") + ": " + s("elig_outcome_" + outcome), nodes: nodes };
  }

  // ---------- render ----------

  // The same page in the other language asks the same questions: keep the answers in its link.
  function carryAnswersToOtherLanguage() {
    var links = document.querySelectorAll("a[hreflang]");
    Array.prototype.forEach.call(links, function (link) {
      if (!link.hasAttribute("data-hub-href")) link.setAttribute("data-hub-href", link.getAttribute("href") || "");
      var href = link.getAttribute("data-hub-href").split("#")[0];
      link.setAttribute("href", href + (readHash() ? location.hash : ""));
    });
  }

  function render(moveFocus, focusError) {
    var rel = relevant();
    var step = currentStep();
    var view = step === "check" ? renderCheck(rel) : step === "result" ? renderResult(rel) : renderQuestion(step, rel);
    box.textContent = "";
    box.setAttribute("data-step", step);
    view.nodes.forEach(function (node) { if (node) box.appendChild(node); });
    document.title = view.title + " – " + baseTitle;
    carryAnswersToOtherLanguage();
    if (moveFocus) {
      var target = (focusError && box.querySelector(".hub-checker__error-summary")) ||
        box.querySelector(".hub-checker__notice-title") || box.querySelector(".hub-checker__heading");
      if (target) {
        if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
        target.focus();
      }
    }
  }

  function loadHash(moveFocus) {
    var parsed = readHash();
    if (!parsed) return false;
    state = parsed;
    pendingError = null;
    render(moveFocus);
    return true;
  }

  window.addEventListener("hashchange", function () { loadHash(true); });
  box.classList.add("hub-checker--ready");
  if (!loadHash(false)) render(false);
})();
