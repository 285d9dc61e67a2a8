/* Funil web form: renders a form from its configuration where the <script> tag stands (or into the element
   named by data-target), checks it inline, and sends it with fetch. No external request, no dependency.
   Served by /in/forms/<id>/embed.js, which appends the call with this form's fields and a fresh token. */
var funilWebForm = window.funilWebForm || function (config, script) {
  "use strict";
  var uid = "funil-" + Math.random().toString(36).slice(2, 8);
  var token = config.token;
  var texts = config.texts;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function requiredMark(field) {
    return field.required ? el("abbr", { title: texts.requiredMark, text: " *" }) : null;
  }

  function control(field, id) {
    var common = { id: id, name: field.key, required: field.required, "aria-describedby": id + "-error" };
    if (field.input === "textarea") return el("textarea", Object.assign({ rows: 4, maxlength: field.maxLength }, common));
    if (field.input === "select" || field.input === "country") {
      var options = [el("option", { value: "", text: texts.choose })];
      field.choices.forEach(function (c) { options.push(el("option", { value: c[0], text: c[1] })); });
      return el("select", common, options);
    }
    var type = { email: "email", tel: "tel", url: "url", number: "number", date: "date" }[field.input] || "text";
    var attrs = Object.assign({ type: type }, common);
    if (type === "number") { attrs.min = "0"; attrs.step = "any"; } else { attrs.maxlength = field.maxLength; }
    return el("input", attrs);
  }

  function fieldBlock(field) {
    var id = uid + "-" + field.id;
    var error = el("span", { id: id + "-error", "class": "funil-error", "aria-live": "polite" });
    if (field.input === "checkbox") {
      var box = el("input", { type: "checkbox", id: id, name: field.key, value: "on", required: field.required,
                              "aria-describedby": id + "-error" });
      return el("p", { "class": "funil-field", "data-key": field.key },
                [el("label", {}, [box, document.createTextNode(" " + field.label), requiredMark(field)]), error]);
    }
    if (field.input === "checkboxes") {
      var boxes = field.choices.map(function (c) {
        return el("label", {}, [el("input", { type: "checkbox", name: field.key, value: c[0] }),
                                document.createTextNode(" " + c[1])]);
      });
      return el("fieldset", { "class": "funil-field", "data-key": field.key, "aria-describedby": id + "-error" },
                [el("legend", {}, [document.createTextNode(field.label), requiredMark(field)])].concat(boxes, [error]));
    }
    return el("p", { "class": "funil-field", "data-key": field.key }, [
      el("label", { "for": id }, [document.createTextNode(field.label), requiredMark(field)]),
      el("br"), control(field, id), error
    ]);
  }

  function build() {
    var form = el("form", { "class": "funil-form", novalidate: true, action: config.endpoint, method: "post" });
    var status = el("p", { "class": "funil-status", role: "status", "aria-live": "polite" });
    form.appendChild(status);
    config.fields.forEach(function (field) { form.appendChild(fieldBlock(field)); });
    if (config.consent) {
      var consentId = uid + "-consent";
      var box = el("input", { type: "checkbox", id: consentId, name: config.names.consent, value: "on",
                              required: config.consentRequired, "aria-describedby": consentId + "-error" });
      form.appendChild(el("p", { "class": "funil-field", "data-key": config.names.consent }, [
        el("label", {}, [box, document.createTextNode(" " + config.consent)]),
        el("span", { id: consentId + "-error", "class": "funil-error", "aria-live": "polite" })
      ]));
    }
    var trap = el("div", { "aria-hidden": "true" }, [
      el("label", { "for": uid + "-hp", text: texts.honeypot }),
      el("input", { id: uid + "-hp", name: config.names.honeypot, tabindex: "-1", autocomplete: "off" })
    ]);
    trap.style.position = "absolute"; trap.style.left = "-10000px"; trap.style.width = "1px";
    trap.style.height = "1px"; trap.style.overflow = "hidden";
    form.appendChild(trap);
    form.appendChild(el("p", {}, [el("button", { type: "submit", text: texts.send })]));
    form.addEventListener("submit", function (event) { event.preventDefault(); send(form, status); });
    return form;
  }

  function collect(form) {
    var data = {};
    data[config.names.token] = token;
    data[config.names.language] = config.lang;
    var params = new URLSearchParams(window.location.search);
    config.hidden.forEach(function (name) { data[name] = name === "page_url" ? window.location.href : (params.get(name) || ""); });
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.disabled) return;
      var key = input.name;
      var many = config.fields.some(function (f) { return f.key === key && f.input === "checkboxes"; });
      if (input.type === "checkbox") {
        if (many) { data[key] = data[key] || []; if (input.checked) data[key].push(input.value); }
        else data[key] = input.checked;
      } else {
        data[key] = input.value;
      }
    });
    return data;
  }

  function setError(form, key, message) {
    var block = form.querySelector('[data-key="' + key.replace(/"/g, "") + '"]');
    if (!block) return false;
    var error = block.querySelector(".funil-error");
    error.textContent = message || "";
    Array.prototype.forEach.call(block.querySelectorAll("input, select, textarea"), function (input) {
      if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
    return true;
  }

  function check(form, data) {
    var problems = 0;
    config.fields.forEach(function (field) {
      var value = data[field.key];
      var empty = value === undefined || value === "" || value === false || (Array.isArray(value) && !value.length);
      var message = "";
      if (empty && field.required) message = texts.required;
      else if (!empty && field.input === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(value).trim())) message = texts.email;
      setError(form, field.key, message);
      if (message) problems += 1;
    });
    if (config.consentRequired && !data[config.names.consent]) { setError(form, config.names.consent, texts.required); problems += 1; }
    else if (config.consent) setError(form, config.names.consent, "");
    return problems === 0;
  }

  function focusFirstError(form) {
    var bad = form.querySelector('[aria-invalid="true"]');
    if (bad) bad.focus();
  }

  function send(form, status) {
    var data = collect(form);
    if (!check(form, data)) { status.textContent = texts.check; focusFirstError(form); return; }
    var button = form.querySelector("button[type=submit]");
    button.disabled = true; status.textContent = texts.sending;
    fetch(config.endpoint, {
      method: "POST", mode: "cors", credentials: "omit",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      var body = answer.body || {};
      if (body.token) token = body.token;
      if (answer.status === 200 && body.ok) {
        if (body.redirect) { window.location.assign(body.redirect); return; }
        var thanks = el("p", { "class": "funil-thanks", role: "status", tabindex: "-1", text: body.message || config.thanks });
        form.parentNode.replaceChild(thanks, form);
        thanks.focus();
        return;
      }
      button.disabled = false;
      var general = [];
      (body.errors || []).forEach(function (e) { if (!setError(form, e.field || "", e.message)) general.push(e.message); });
      status.textContent = general.length ? general.join(" ") : (body.errors && body.errors.length ? texts.check : (body.message || texts.failed));
      focusFirstError(form);
    }).catch(function () {
      button.disabled = false; status.textContent = texts.failed;  /* same token: a retry cannot make a second lead */
    });
  }

  var target = script && script.getAttribute("data-target") ? document.querySelector(script.getAttribute("data-target")) : null;
  var form = build();
  if (target) target.appendChild(form);
  else if (script && script.parentNode) script.parentNode.insertBefore(form, script.nextSibling);
  else document.body.appendChild(form);
};
