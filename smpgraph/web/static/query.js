/* The SPARQL editor: CodeMirror 5 with its SPARQL mode over the form's textarea (which works without it).
   Tab and Shift-Tab leave the editor, so the page stays usable by keyboard. Ctrl-Space (or typing a
   prefix and a colon) completes our prefixes, classes and properties, with their labels; a syntax error's
   line and column are marked in the editor. */
(function () {
  "use strict";
  var area = document.getElementById("query");
  if (!area || typeof CodeMirror === "undefined") { return; }
  var terms = null;

  function loadTerms() {
    var url = area.getAttribute("data-terms");
    if (!url || terms) { return; }
    terms = { prefixes: {}, terms: [] };
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { terms = data; } })
      .catch(function () { terms = null; });
  }

  function declared(cm) {
    var names = {};
    var pattern = /PREFIX\s+([A-Za-z][\w-]*)?:/gi;
    var match;
    var text = cm.getValue();
    while ((match = pattern.exec(text)) !== null) { names[match[1] || ""] = true; }
    return names;
  }

  function hint(cm) {
    if (!terms) { return null; }
    var cursor = cm.getCursor();
    var line = cm.getLine(cursor.line);
    var start = cursor.ch;
    while (start > 0 && /[\w:.-]/.test(line.charAt(start - 1))) { start -= 1; }
    var word = line.slice(start, cursor.ch);
    var lower = word.toLowerCase();
    var list = [];
    if (word.indexOf(":") < 0) {
      Object.keys(terms.prefixes).forEach(function (name) {
        if (name.toLowerCase().indexOf(lower) === 0) {
          list.push({ text: name + ":", displayText: name + ": <" + terms.prefixes[name] + ">" });
        }
      });
    }
    terms.terms.forEach(function (term) {
      var local = term.name.slice(term.name.indexOf(":") + 1).toLowerCase();
      var label = (term.label || "").toLowerCase();
      if (term.name.toLowerCase().indexOf(lower) === 0 || (lower.length > 2 && word.indexOf(":") < 0 &&
          (local.indexOf(lower) === 0 || label.indexOf(lower) >= 0))) {
        list.push({ text: term.name, displayText: term.name + (term.label ? " \u2014 " + term.label : "") +
          " (" + term.kind + ")", prefix: term.name.slice(0, term.name.indexOf(":")) });
      }
    });
    var known = declared(cm);
    list.forEach(function (item) {
      if (item.prefix !== undefined && !known[item.prefix]) {
        item.hint = function (editor, data, chosen) {
          editor.replaceRange(chosen.text, data.from, data.to);
          editor.replaceRange("PREFIX " + chosen.prefix + ": <" + terms.prefixes[chosen.prefix] + ">\n",
            CodeMirror.Pos(0, 0));
        };
      }
    });
    return { list: list.slice(0, 60), from: CodeMirror.Pos(cursor.line, start), to: cursor };
  }

  var editor = CodeMirror.fromTextArea(area, {
    mode: "application/sparql-query",
    lineNumbers: true,
    lineWrapping: true,
    indentUnit: 2,
    viewportMargin: Infinity,
    screenReaderLabel: area.getAttribute("data-editor-label") || "SPARQL",
    extraKeys: {
      "Tab": false,
      "Shift-Tab": false,
      "Ctrl-Space": function (cm) { if (cm.showHint) { cm.showHint({ hint: hint, completeSingle: false }); } },
      "Ctrl-Enter": function (cm) { cm.save(); area.form.submit(); },
      "Cmd-Enter": function (cm) { cm.save(); area.form.submit(); }
    }
  });
  editor.on("focus", loadTerms);
  editor.on("inputRead", function (cm, change) {
    if (!cm.showHint || !terms || change.origin !== "+input") { return; }
    var typed = change.text.join("");
    if (/[\w:]/.test(typed)) {
      var cursor = cm.getCursor();
      var before = cm.getLine(cursor.line).slice(0, cursor.ch);
      if (/[A-Za-z][\w-]*:[\w-]*$/.test(before)) {
        cm.showHint({ hint: hint, completeSingle: false });
      }
    }
  });

  var errorLine = parseInt(area.getAttribute("data-error-line"), 10);
  var errorColumn = parseInt(area.getAttribute("data-error-column"), 10);
  if (errorLine > 0 && errorLine <= editor.lineCount()) {
    var at = errorLine - 1;
    var length = editor.getLine(at).length;
    var from = Math.max(0, Math.min((errorColumn || 1) - 1, length));
    var to = from < length ? from + 1 : from;
    if (from === to && from > 0) { from -= 1; }
    editor.addLineClass(at, "background", "cm-error-line");
    editor.markText(CodeMirror.Pos(at, from), CodeMirror.Pos(at, Math.max(to, from + 1)),
      { className: "cm-error-mark", attributes: { "data-error": "true" } });
    editor.setCursor(CodeMirror.Pos(at, from));
  }

  var input = editor.getInputField();
  var described = area.getAttribute("aria-describedby");
  if (described) { input.setAttribute("aria-describedby", described); }
  if (area.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", "true"); }
  input.id = "query-editor";
  var label = document.querySelector("label[for=query]");
  if (label) { label.setAttribute("for", "query-editor"); }
  area.form.addEventListener("submit", function () { editor.save(); });
})();
