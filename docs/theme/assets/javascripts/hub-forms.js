/*
 * Internationalisation hub: the site's forms (GOV.UK patterns).
 *
 * Acts only on a page with <div id="hub-form-root" data-spec="{...}">, which the generator
 * writes from data/forms.yaml. The spec lists the fields with the same rules the intake applies
 * (required, choices, patterns, dates, numbers with a decimal comma, rates, lengths).
 *
 * 1. Continue: check every field; on errors show the error summary (focused) and inline errors.
 * 2. Otherwise show "check your answers" with a Change link per answer.
 * 3. Send: POST the JSON (multipart with the image when one is chosen) to the intake service on
 *    the same origin, or to site.yaml's form_endpoint. 201: show the receipt; 422: show the
 *    service's errors inline and in the summary; 413/415/429: say why. Without a service (a
 *    static host answers 404/405, or the network fails) offer the JSON as a file to e-mail.
 * Text is only ever written with textContent. No third-party code.
 */
(function () {
  "use strict";

  var DATE = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$/;
  var NUMBER_PT = /^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$|^-?\d+(\.\d+)?$/;
  var EMAIL = /^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/;
  var URL_RE = /^https?:\/\/[^\s<>"]+$/i;
  var PHONE = /^\+?[0-9 ().\-]{6,25}$/;

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function parseDate(text) {
    var m = DATE.exec(text);
    if (!m) return null;
    var day = +(m[1] || m[6]), month = +(m[2] || m[5]), year = +(m[3] || m[4]);
    var date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      return null;
    }
    return date;
  }

  function parseNumber(text) {
    var clean = text.replace(/€|eur(os?)?/gi, "").replace(/[\s\u00a0\u202f]/g, "");
    if (!NUMBER_PT.test(clean)) return null;
    if (clean.indexOf(",") >= 0) clean = clean.replace(/\./g, "").replace(",", ".");
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(clean)) clean = clean.replace(/\./g, "");
    var value = Number(clean);
    return isFinite(value) ? value : null;
  }

  function parseRate(text) {
    var percent = /%\s*$/.test(text);
    var value = parseNumber(text.replace(/%\s*$/, ""));
    if (value === null) return null;
    if (percent || value > 1) value = value / 100;
    return value >= 0 && value <= 1 ? value : null;
  }

  function Form(root) {
    this.root = root;
    this.spec = JSON.parse(root.getAttribute("data-spec"));
    this.strings = this.spec.strings;
    this.form = root.querySelector("#hub-form");
    this.summary = root.querySelector("#hub-error-summary");
    this.summaryList = root.querySelector("#hub-error-summary-list");
    this.check = root.querySelector("#hub-check");
    this.done = root.querySelector("#hub-done");
    this.baseTitle = document.title;
  }

  Form.prototype.file = function (field) {
    var input = this.form.querySelector("#f-" + field.name);
    return input && input.files && input.files.length ? input.files[0] : null;
  };

  Form.prototype.value = function (field) {
    if (field.file) {
      var file = this.file(field);
      return file ? file.name : "";
    }
    if (field.multiple) {
      var boxes = this.form.querySelectorAll('input[name="' + field.name + '"]:checked');
      return Array.prototype.map.call(boxes, function (box) { return box.value; });
    }
    var input = this.form.querySelector("#f-" + field.name);
    return input ? input.value.trim() : "";
  };

  Form.prototype.checkField = function (field, value, required) {
    var s = this.strings, label = field.label;
    var empty = field.multiple ? value.length === 0 : value === "";
    if (empty) {
      if (!required) return "";
      return format(field.select || field.multiple ? s.form_msg_choose : s.form_msg_required, { label: label });
    }
    if (field.multiple) return "";
    if (field.file) {
      var file = this.file(field);
      var known = field.accept.split(",").indexOf(file.type) >= 0;
      return known && file.size <= this.spec.max_image_bytes ? "" : format(s.form_msg_image_type, { label: label });
    }
    if (field.max_length && value.length > field.max_length) {
      return format(s.form_msg_too_long, { label: label, limit: field.max_length });
    }
    if (field.select) {
      var known = field.choices.some(function (c) { return c.value === value; });
      return known ? "" : format(s.form_msg_choose, { label: label });
    }
    switch (field.kind) {
      case "number":
        var number = parseNumber(value);
        if (number === null) return format(s.form_msg_number, { label: label });
        if (field.minimum !== null && number < field.minimum) return format(s.form_msg_minimum, { label: label });
        return "";
      case "rate":
        return parseRate(value) === null ? format(s.form_msg_rate, { label: label }) : "";
      case "date":
        return parseDate(value) ? "" : format(s.form_msg_date, { label: label });
      case "email":
        return EMAIL.test(value) ? "" : format(s.form_msg_email, { label: label });
      case "url":
        return URL_RE.test(value) ? "" : format(s.form_msg_url, { label: label });
      case "phone":
        return PHONE.test(value) ? "" : format(s.form_msg_phone, { label: label });
    }
    var canonical = field.kind === "code" ? value.toUpperCase().replace(/\s+/g, "") : value;
    if (field.pattern && !new RegExp(field.pattern).test(canonical)) {
      return format(s.form_msg_pattern, { label: label });
    }
    return "";
  };

  Form.prototype.collect = function () {
    var self = this, values = {}, errors = [], files = {};
    this.spec.fields.forEach(function (field) {
      if (field.file && self.file(field)) files[field.name] = self.file(field);
    });
    this.spec.fields.forEach(function (field) {
      var value = self.value(field);
      var required = field.required || !!(field.required_with && files[field.required_with]);
      var message = self.checkField(field, value, required);
      if (message) errors.push({ field: field, message: message });
      var empty = field.multiple ? value.length === 0 : value === "";
      if (!empty && !field.file) values[field.name] = field.multiple ? value.join(";") : value;
    });
    this.files = files;
    this.spec.date_pairs.forEach(function (pair) {
      var start = parseDate(values[pair[0]] || ""), end = parseDate(values[pair[1]] || "");
      var field = self.field(pair[1]);
      var already = errors.some(function (e) { return e.field.name === pair[1]; });
      if (start && end && end < start && !already) {
        errors.push({ field: field, message: format(self.strings.form_msg_date_order, { label: field.label }) });
      }
    });
    return { values: values, errors: errors };
  };

  Form.prototype.field = function (name) {
    return this.spec.fields.filter(function (f) { return f.name === name; })[0];
  };

  Form.prototype.firstControl = function (field) {
    return this.form.querySelector(field.multiple ? 'input[name="' + field.name + '"]' : "#f-" + field.name);
  };

  Form.prototype.showErrors = function (errors) {
    var self = this;
    this.summaryList.textContent = "";
    this.spec.fields.forEach(function (field) {
      var group = self.root.querySelector("#f-" + field.name + "-group");
      var message = self.root.querySelector("#f-" + field.name + "-error");
      var error = errors.filter(function (e) { return e.field && e.field.name === field.name; })[0];
      group.classList.toggle("hub-form-group--error", !!error);
      message.hidden = !error;
      message.textContent = "";
      var controls = self.form.querySelectorAll('[name="' + field.name + '"]');
      Array.prototype.forEach.call(controls, function (control) {
        if (error) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      });
      if (!error) return;
      var prefix = document.createElement("span");
      prefix.className = "hub-visually-hidden";
      prefix.textContent = self.strings.form_error_prefix + " ";
      message.appendChild(prefix);
      message.appendChild(document.createTextNode(error.message));
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + self.firstControl(field).id;
      link.textContent = error.message;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        self.firstControl(field).focus();
      });
      item.appendChild(link);
      self.summaryList.appendChild(item);
    });
    errors.forEach(function (error) {
      if (error.field) return;  // an answer of the service about the whole submission
      var item = document.createElement("li");
      item.textContent = error.message;
      self.summaryList.appendChild(item);
    });
    this.summary.hidden = errors.length === 0;
    document.title = errors.length ? this.strings.form_error_prefix + " " + this.baseTitle : this.baseTitle;
    if (errors.length) this.summary.focus();
  };

  Form.prototype.showCheck = function (values) {
    var self = this, list = this.root.querySelector("#hub-check-list");
    list.textContent = "";
    this.spec.fields.forEach(function (field) {
      var row = document.createElement("div");
      row.className = "hub-summary-list__row";
      var term = document.createElement("dt");
      term.textContent = field.label;
      var answer = document.createElement("dd");
      var value = field.file ? (self.files[field.name] || {}).name : values[field.name];
      if (value && (field.select || field.multiple)) {
        value = value.split(";").map(function (v) {
          var choice = field.choices.filter(function (c) { return c.value === v; })[0];
          return choice ? choice.label : v;
        }).join(", ");
      }
      answer.textContent = value || self.strings.form_not_answered;
      var action = document.createElement("dd");
      action.className = "hub-summary-list__action";
      var change = document.createElement("a");
      change.href = "#" + self.firstControl(field).id;
      change.textContent = self.changeText;
      var hidden = document.createElement("span");
      hidden.className = "hub-visually-hidden";
      hidden.textContent = " " + field.label;
      change.appendChild(hidden);
      change.addEventListener("click", function (event) {
        event.preventDefault();
        self.check.hidden = true;
        self.form.hidden = false;
        self.firstControl(field).focus();
      });
      action.appendChild(change);
      row.appendChild(term);
      row.appendChild(answer);
      row.appendChild(action);
      list.appendChild(row);
    });
    this.form.hidden = true;
    this.check.hidden = false;
    this.root.querySelector("#hub-check-title").focus();
  };

  Form.prototype.submissionId = function () {
    var bytes = new Uint8Array(6);
    window.crypto.getRandomValues(bytes);
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    var day = new Date().toISOString().slice(0, 10).replace(/-/g, "");
    return this.spec.form + "-" + day + "-" + hex;
  };

  Form.prototype.finish = function (text, blob, id) {
    var doneText = this.root.querySelector("#hub-done-text");
    var download = this.root.querySelector("#hub-download");
    doneText.textContent = text;
    if (blob) {
      download.href = URL.createObjectURL(blob);
      download.setAttribute("download", id + ".json");
      download.hidden = false;
    }
    this.check.hidden = true;
    this.done.hidden = false;
    this.root.querySelector("#hub-done-title").focus();
  };

  Form.prototype.send = function () {
    var self = this, s = this.strings;
    if (this.form.querySelector("#f-hub_hp").value) {
      this.finish("", null, "");  // a robot filled the hidden field: pretend, send nothing
      return;
    }
    var id = this.submissionId();
    var submission = {
      form: this.spec.form,
      submission_id: id,
      submitted_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      lang: this.spec.lang,
      values: this.values
    };
    var body = JSON.stringify(submission, null, 2);
    if (new Blob([body]).size > this.spec.max_bytes) {
      this.check.hidden = true;
      this.form.hidden = false;
      this.showErrors([{ field: null, message: format(s.form_msg_too_big, { limit: this.spec.max_bytes }) }]);
      return;
    }
    var blob = new Blob([body], { type: "application/json" });
    var offer = function (text) { self.finish(text, blob, id); };
    if (!this.spec.endpoint) {
      offer(format(s.form_download_ready, { id: id, email: this.spec.contact }));
      return;
    }
    var names = Object.keys(this.files || {});
    var request = { method: "POST", credentials: "same-origin" };
    if (names.length) {
      var parts = new FormData();  // the browser sets the multipart type and boundary
      parts.append("submission", body);
      names.forEach(function (name) { parts.append(name, self.files[name], self.files[name].name); });
      request.body = parts;
    } else {
      request.headers = { "Content-Type": "application/json" };
      request.body = body;
    }
    var button = this.root.querySelector("#hub-send");
    button.disabled = true;
    fetch(this.spec.endpoint, request)
      .then(function (response) {
        button.disabled = false;
        if (response.ok) {
          return response.json().catch(function () { return {}; }).then(function (receipt) {
            self.finish(format(s.form_sent, { id: receipt.id || id }), null, id);
          });
        }
        if (response.status === 422) {
          return response.json().then(function (answer) { self.showServerErrors(answer.errors || []); });
        }
        if (response.status === 413 || response.status === 415 || response.status === 429) {
          var seconds = response.headers.get("Retry-After") || "60";
          self.showServerErrors([{ field: null, message: format(s["form_msg_http_" + response.status], { seconds: seconds }) }]);
          return;
        }
        throw new Error("HTTP " + response.status);  // 404/405 (no service here), 5xx
      })
      .catch(function () {
        button.disabled = false;
        offer(format(s.form_send_failed, { email: self.spec.contact }));
      });
  };

  Form.prototype.showServerErrors = function (errors) {
    var self = this;
    var shown = errors.map(function (error) {
      var field = error.field ? self.field(error.field) || null : null;
      return { field: field, message: String(error.message || self.strings.form_msg_http_other) };
    });
    if (!shown.length) shown = [{ field: null, message: this.strings.form_msg_http_other }];
    this.check.hidden = true;
    this.form.hidden = false;
    this.showErrors(shown);
  };

  Form.prototype.start = function () {
    var self = this;
    this.changeText = this.root.getAttribute("data-change-text") || "";
    this.form.hidden = false;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = self.collect();
      self.showErrors(result.errors);
      if (result.errors.length) return;
      self.values = result.values;
      self.showCheck(result.values);
    });
    this.root.querySelector("#hub-send").addEventListener("click", function () { self.send(); });
  };

  function start() {
    var root = document.getElementById("hub-form-root");
    if (!root || root.hasAttribute("data-hub-ready")) return;
    root.setAttribute("data-hub-ready", "");
    new Form(root).start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
