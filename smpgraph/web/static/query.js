/* The SPARQL editor: CodeMirror 5 with its SPARQL mode over the form's textarea (which works without it).
   Tab and Shift-Tab leave the editor, so the page stays usable by keyboard. */
(function () {
  "use strict";
  var area = document.getElementById("query");
  if (!area || typeof CodeMirror === "undefined") { return; }
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
      "Ctrl-Enter": function (cm) { cm.save(); area.form.submit(); },
      "Cmd-Enter": function (cm) { cm.save(); area.form.submit(); }
    }
  });
  var input = editor.getInputField();
  var described = area.getAttribute("aria-describedby");
  if (described) { input.setAttribute("aria-describedby", described); }
  if (area.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", "true"); }
  input.id = "query-editor";
  var label = document.querySelector("label[for=query]");
  if (label) { label.setAttribute("for", "query-editor"); }
  area.form.addEventListener("submit", function () { editor.save(); });
})();
