/* The draft builder of the validation page: a form generated from the draft schema (/validate/form.json),
   one section per component or prerequisite, with pickers for the code lists. It writes the draft as YAML,
   checks it as you type (POST /api/v1/validate: nothing is stored) and downloads it. Without JavaScript
   the page keeps its paste and upload form. */
(function () {
  "use strict";
  var root = document.getElementById("builder");
  if (!root || !window.fetch) { return; }
  var live = document.getElementById("builder-live");
  var words = {};
  var lists = {};
  var sections = [];
  var counter = 0;
  var timer = null;
  var sequence = 0;

  function uid(base) { counter += 1; return "b-" + base.replace(/[^A-Za-z0-9]/g, "") + "-" + counter; }
  function node(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { el.setAttribute(key, attrs[key]); });
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function YamlDate(text) { this.text = text; }
  function asList(value) {
    if (value === undefined || value === null || value === "") { return []; }
    return Array.isArray(value) ? value : [value];
  }
  function changed() { root.dispatchEvent(new Event("change", { bubbles: true })); }

  /* -- controls of one key */
  function options(select, items, blank) {
    if (blank) { select.appendChild(node("option", { value: "" }, words["ui.choose"])); }
    items.forEach(function (item) {
      var label = item[1] === item[0] ? item[0] : item[1] + " (" + item[0] + ")";
      select.appendChild(node("option", { value: item[0] }, label));
    });
  }
  function convert(kind, text) {
    if (kind === "integer" || kind === "gcm" || kind === "eqf") { return /^-?\d+$/.test(text) ? parseInt(text, 10) : text; }
    if (kind === "decimal") { return isNaN(parseFloat(text)) ? text : parseFloat(text); }
    if (kind === "boolean") { return text === "true"; }
    if (kind === "date") { return new YamlDate(text); }
    return text;
  }
  function isPicker(field) {
    return field.kind === "code" || (lists[field.kind] !== undefined && field.kind !== "isco" && field.kind !== "language");
  }
  function scalarControl(field, id) {
    var kind = field.kind;
    var list = kind === "code" ? (field.codes || []) : lists[kind];
    var picker = isPicker(field);
    var el;
    if (kind === "boolean") {
      el = node("select", { id: id });
      options(el, [["true", "true"], ["false", "false"]], true);
    } else if (picker) {
      el = node("select", { id: id });
      if (field.many) { el.multiple = true; el.size = 6; } else { options(el, [], true); }
      options(el, list, false);
    } else if (field.many) {
      el = node("textarea", { id: id, rows: 2, spellcheck: "false" });
    } else {
      el = node("input", { id: id, type: kind === "date" ? "date" : (kind === "integer" || kind === "decimal" || kind === "gcm") ? "number" : "text" });
      if (kind === "decimal") { el.step = "any"; }
      if (kind === "isco" || kind === "language") { el.setAttribute("list", "list-" + kind); }
    }
    function get() {
      var texts;
      if (el.tagName === "SELECT" && el.multiple) {
        texts = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      } else if (el.tagName === "TEXTAREA") {
        texts = el.value.split("\n").map(function (t) { return t.trim(); }).filter(Boolean);
      } else {
        texts = el.value.trim() ? [el.value.trim()] : [];
      }
      var values = texts.map(function (t) { return convert(kind, t); });
      if (!values.length) { return undefined; }
      return field.many && values.length > 1 ? values : values[0];
    }
    function set(value) {
      var values = asList(value).map(String);
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
      } else if (el.tagName === "TEXTAREA") {
        el.value = values.join("\n");
      } else {
        el.value = values.length ? values[0] : "";
      }
    }
    return { element: el, get: get, set: set };
  }
  function keyControl(field, base) {
    if (field.object) { return field.many ? objectList(field, base) : nestedObject(field, base); }
    var id = uid(base + field.key);
    var wrap = node("div", { "class": "builder-field", "data-key": field.key });
    var label = node("label", { "for": id });
    label.appendChild(node("code", {}, field.key));
    var hint = words[field.kind] + (field.many ? " \u2014 " + words[isPicker(field) ? "ui.several" : "ui.one_per_line"] : "");
    label.appendChild(node("span", { "class": "hint" }, " " + hint));
    var control = scalarControl(field, id);
    wrap.appendChild(label);
    wrap.appendChild(control.element);
    return { element: wrap, get: control.get, set: control.set };
  }

  /* -- mappings and lists of mappings */
  function objectForm(spec, base) {
    var box = node("div", { "class": "builder-object" });
    var controls = [];
    if (spec.typeKey) {
      controls.push({ key: spec.typeKey, control: keyControl({ key: spec.typeKey, kind: "code", many: false, codes: spec.kinds }, base) });
    }
    spec.fields.forEach(function (field) { controls.push({ key: field.key, control: keyControl(field, base) }); });
    controls.forEach(function (item) { box.appendChild(item.control.element); });
    function get() {
      var out = {};
      controls.forEach(function (item) {
        var value = item.control.get();
        if (value !== undefined) { out[item.key] = value; }
      });
      return Object.keys(out).length ? out : undefined;
    }
    function set(value) {
      if (typeof value === "string" && spec.scalarKind) { var wrapped = {}; wrapped[spec.typeKey] = value; value = wrapped; }
      value = value || {};
      controls.forEach(function (item) { item.control.set(value[item.key]); });
    }
    return { element: box, get: get, set: set };
  }
  function nestedObject(field, base) {
    var box = node("fieldset", { "class": "builder-nested", "data-key": field.key });
    box.appendChild(node("legend", {})).appendChild(node("code", {}, field.key));
    var form = objectForm(field.object, base + field.key);
    box.appendChild(form.element);
    return { element: box, get: form.get, set: form.set };
  }
  function objectList(field, base) {
    var box = node("fieldset", { "class": "builder-list", "data-key": field.key });
    box.appendChild(node("legend", {})).appendChild(node("code", {}, field.key));
    var holder = node("div", { "class": "builder-entries" });
    var entries = [];
    var add = node("button", { type: "button", "class": "secondary builder-add", "data-key": field.key },
      words["ui.add"] + " " + field.key);
    box.appendChild(holder);
    box.appendChild(add);
    function renumber() {
      entries.forEach(function (entry, index) { entry.title.textContent = field.key + " " + (index + 1); });
    }
    function addEntry(value) {
      var entry = { box: node("section", { "class": "builder-entry", "data-key": field.key }) };
      var head = node("div", { "class": "builder-entry-head" });
      entry.title = node("h4", {});
      var remove = node("button", { type: "button", "class": "secondary builder-remove" }, words["ui.remove"]);
      head.appendChild(entry.title);
      head.appendChild(remove);
      entry.form = objectForm(field.object, base + field.key);
      entry.box.appendChild(head);
      entry.box.appendChild(entry.form.element);
      holder.appendChild(entry.box);
      entries.push(entry);
      remove.setAttribute("aria-label", words["ui.remove"] + " " + field.key + " " + entries.length);
      remove.addEventListener("click", function () {
        entries.splice(entries.indexOf(entry), 1);
        holder.removeChild(entry.box);
        renumber();
        changed();
      });
      if (value !== undefined) { entry.form.set(value); }
      renumber();
      return entry;
    }
    add.addEventListener("click", function () {
      var entry = addEntry();
      var first = entry.box.querySelector("input, select, textarea");
      if (first) { first.focus(); }
      changed();
    });
    function get() {
      var values = entries.map(function (entry) { return entry.form.get(); }).filter(function (v) { return v !== undefined; });
      return values.length ? values : undefined;
    }
    function set(value) {
      entries.slice().forEach(function (entry) { holder.removeChild(entry.box); });
      entries = [];
      asList(value).forEach(function (item) { addEntry(item); });
    }
    return { element: box, get: get, set: set };
  }

  /* -- YAML */
  function scalar(value) {
    if (value instanceof YamlDate) { return /^\d{4}-\d{2}-\d{2}$/.test(value.text) ? value.text : JSON.stringify(value.text); }
    if (typeof value === "number" || typeof value === "boolean") { return String(value); }
    return JSON.stringify(String(value));
  }
  function isMap(value) { return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof YamlDate); }
  function emitMap(map, indent) {
    var pad = new Array(indent + 1).join(" ");
    var lines = [];
    Object.keys(map).forEach(function (key) {
      var value = map[key];
      if (isMap(value)) {
        lines.push(pad + key + ":");
        lines = lines.concat(emitMap(value, indent + 2));
      } else if (Array.isArray(value)) {
        lines.push(pad + key + ":");
        value.forEach(function (item) {
          if (isMap(item)) {
            var inner = emitMap(item, indent + 4);
            inner[0] = pad + "  - " + inner[0].replace(/^\s+/, "");
            lines = lines.concat(inner);
          } else {
            lines.push(pad + "  - " + scalar(item));
          }
        });
      } else {
        lines.push(pad + key + ": " + scalar(value));
      }
    });
    return lines;
  }
  var controls = [];
  function draft() {
    var out = {};
    controls.forEach(function (item) {
      var value = item.control.get();
      if (value !== undefined) { out[item.key] = value; }
    });
    return out;
  }
  function yamlText() {
    var data = draft();
    return Object.keys(data).length ? emitMap(data, 0).join("\n") + "\n" : "";
  }

  /* -- live check */
  function show(report) {
    live.textContent = "";
    var counts = report.counts || {};
    live.appendChild(node("p", { "class": "live-summary" }, words["ui.summary"]
      .replace("{violation}", counts.violation || 0).replace("{warning}", counts.warning || 0).replace("{info}", counts.info || 0)));
    var absent = [];
    (report.agreements || []).forEach(function (agreement) {
      (agreement.readiness || []).forEach(function (entry) { if (entry.readiness === "absent") { absent.push(entry.label); } });
    });
    live.appendChild(node("h4", {}, words["ui.absent"]));
    var absentList = node("ul", { "class": "live-absent" });
    absent.forEach(function (label) { absentList.appendChild(node("li", {}, label)); });
    if (!absent.length) { absentList.appendChild(node("li", { "class": "none" }, words["ui.none"])); }
    live.appendChild(absentList);
    live.appendChild(node("h4", {}, words["ui.findings"]));
    var findings = node("ul", { "class": "live-findings findings" });
    (report.results || []).forEach(function (result) {
      var item = node("li", { "class": "finding severity-" + result.severity, "data-severity": result.severity,
        "data-message": result.message });
      var parts = result.message.split(/\s*YAML\s?:\s*/);
      item.appendChild(node("span", { "class": "severity" }, words["severity." + result.severity] || result.severity));
      item.appendChild(node("span", { "class": "message" }, " " + parts[0]));
      if (parts.length > 1) {
        var hint = node("span", { "class": "yaml-hint" }, words["ui.yaml_hint"] + " ");
        hint.appendChild(node("code", {}, parts.slice(1).join(" ").replace(/`/g, "").replace(/\.$/, "")));
        item.appendChild(hint);
      }
      findings.appendChild(item);
    });
    if (!(report.results || []).length) { findings.appendChild(node("li", { "class": "none" }, words["ui.no_findings"])); }
    live.appendChild(findings);
  }
  function check() {
    var text = yamlText();
    var mine = ++sequence;
    if (!text) { live.textContent = ""; live.setAttribute("data-state", "done"); return; }
    live.setAttribute("data-state", "checking");
    fetch(root.getAttribute("data-api"), {
      method: "POST",
      headers: { "Content-Type": "application/yaml", "Accept": "application/json" },
      body: text
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (mine !== sequence) { return; }
      if (answer.ok) { show(answer.body); } else {
        live.textContent = "";
        live.appendChild(node("p", { "class": "error", role: "alert" }, words["ui.error"] + " " + (answer.body.detail || answer.body.error)));
      }
      live.setAttribute("data-state", "done");
    }).catch(function () { if (mine === sequence) { live.setAttribute("data-state", "done"); } });
  }
  function schedule() {
    live.setAttribute("data-state", "pending");
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, 400);
  }

  /* -- the page */
  function datalist(kind) {
    var el = node("datalist", { id: "list-" + kind });
    (lists[kind] || []).forEach(function (item) { el.appendChild(node("option", { value: item[0] }, item[1])); });
    root.appendChild(el);
  }
  function languageNames() {
    if (!window.Intl || !Intl.DisplayNames) { return; }
    var names = new Intl.DisplayNames([document.documentElement.lang || "en"], { type: "language" });
    lists.language = lists.language.map(function (item) {
      var name;
      try { name = names.of(item[0]); } catch (e) { name = item[0]; }
      return [item[0], name || item[0]];
    });
  }
  function build(description) {
    words = description.words;
    lists = description.lists;
    sections = description.sections;
    languageNames();
    var body = document.getElementById("builder-sections");
    datalist("isco");
    datalist("language");
    sections.forEach(function (section) {
      var box = node("fieldset", { "class": "builder-section", "data-section": section.name });
      box.appendChild(node("legend", {}, section.title));
      section.fields.forEach(function (field) {
        var control = keyControl(field, section.name);
        controls.push({ key: field.key, control: control });
        box.appendChild(control.element);
      });
      body.appendChild(box);
    });
    var state = document.getElementById("builder-state");  // the draft of "full report", shown again
    var start = state ? JSON.parse(state.textContent) : description.defaults;
    controls.forEach(function (item) {
      if (start[item.key] !== undefined) { item.control.set(start[item.key]); }
    });
    root.hidden = false;
    root.addEventListener("input", schedule);
    root.addEventListener("change", schedule);
    Array.prototype.forEach.call(root.querySelectorAll("[data-template]"), function (button) {
      button.addEventListener("click", function () {
        live.setAttribute("data-state", "pending");
        fetch(button.getAttribute("data-template"), { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            controls.forEach(function (item) { item.control.set(data[item.key]); });
            schedule();
          });
      });
    });
    document.getElementById("builder-download").addEventListener("click", function () {
      var blob = new Blob([yamlText()], { type: "application/yaml" });
      var link = node("a", { href: URL.createObjectURL(blob), download: words["ui.download_name"] });
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
    });
    document.getElementById("builder-use").addEventListener("click", function () {
      var area = document.getElementById("draft");
      area.value = yamlText();
      document.getElementById("format").value = "yaml";
      area.form.elements.builder.value = "1";
      area.form.submit();
    });
  }
  fetch(root.getAttribute("data-form"), { headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(build);
})();
