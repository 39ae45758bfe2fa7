/* The chart views of a query result: a bar, line or pie chart of one label column and one number column,
   drawn as SVG (no library); the map view (query_map.js) when a column holds countries. The chosen view is kept in the address (?view=) and in the permalink, so a
   shared link opens on the same chart. The table stays below the chart: it is the chart's data. */
(function () {
  "use strict";
  var dataNode = document.getElementById("chart-data");
  var figure = document.getElementById("chart");
  var views = document.getElementById("views");
  if (!dataNode || !figure || !views) { return; }
  var data = JSON.parse(dataNode.textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var COLOURS = ["#0b4f9c", "#b35900", "#1a6600", "#7a1f6b", "#a4000f", "#00676b", "#5a4a00", "#3d3d9c"];
  var labelSelect = document.getElementById("chart-label");
  var numberSelect = document.getElementById("chart-number");
  var countrySelect = document.getElementById("chart-country");
  var drawing = 0;

  function option(select, value) {
    var node = document.createElement("option");
    node.value = value;
    node.textContent = value;
    select.appendChild(node);
  }
  var numeric = Object.keys(data.numbers);
  if (labelSelect && numberSelect) {
    data.columns.forEach(function (column) { option(labelSelect, column); });
    numeric.forEach(function (column) { option(numberSelect, column); });
    labelSelect.value = data.columns.filter(function (c) { return numeric.indexOf(c) < 0; })[0] || data.columns[0];
    numberSelect.value = numeric[0];
  }
  if (countrySelect) {
    Object.keys(data.countries).forEach(function (column) { option(countrySelect, column); });
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function text(parent, x, y, content, attrs) {
    var node = el("text", attrs || {}, parent);
    node.setAttribute("x", x);
    node.setAttribute("y", y);
    node.textContent = content;
    return node;
  }
  function tip(node, content) { el("title", {}, node).textContent = content; }
  function short(label) { return label.length > 32 ? label.slice(0, 31) + "\u2026" : label; }
  function fmt(n) { return Math.round(n * 100) / 100 + ""; }

  function points() {
    var labels = data.labels[labelSelect.value];
    var numbers = data.numbers[numberSelect.value];
    var out = [];
    for (var i = 0; i < numbers.length; i += 1) {
      if (numbers[i] !== null) { out.push({ label: labels[i] || "\u2014", value: numbers[i] }); }
    }
    return out;
  }

  function bar(svg, items) {
    var left = 260, row = 24, width = 720, max = Math.max.apply(null, items.map(function (p) { return p.value; }).concat([0]));
    svg.setAttribute("viewBox", "0 0 " + width + " " + (items.length * row + 10));
    items.forEach(function (p, i) {
      var length = max > 0 ? Math.max(0, p.value) / max * (width - left - 60) : 0;
      var g = el("g", { "class": "bar" }, svg);
      text(g, left - 6, i * row + 17, short(p.label), { "text-anchor": "end", "class": "chart-label" });
      el("rect", { x: left, y: i * row + 4, width: length, height: row - 8, fill: COLOURS[0] }, g);
      text(g, left + length + 4, i * row + 17, fmt(p.value), { "class": "chart-value" });
      tip(g, p.label + ": " + fmt(p.value));
    });
  }

  function line(svg, items) {
    var width = 720, height = 320, left = 50, bottom = 110, top = 10;
    var values = items.map(function (p) { return p.value; });
    var max = Math.max.apply(null, values.concat([0])), min = Math.min.apply(null, values.concat([0]));
    var span = max - min || 1;
    var step = items.length > 1 ? (width - left - 20) / (items.length - 1) : 0;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    function y(v) { return top + (max - v) / span * (height - top - bottom); }
    el("line", { x1: left, y1: y(0), x2: width - 10, y2: y(0), stroke: "#6b6b6b" }, svg);
    text(svg, left - 6, y(max) + 4, fmt(max), { "text-anchor": "end", "class": "chart-value" });
    var path = items.map(function (p, i) { return (i ? "L" : "M") + (left + i * step) + " " + y(p.value); }).join(" ");
    el("path", { d: path, fill: "none", stroke: COLOURS[0], "stroke-width": 2, "class": "line-path" }, svg);
    items.forEach(function (p, i) {
      var g = el("g", { "class": "point" }, svg);
      el("circle", { cx: left + i * step, cy: y(p.value), r: 4, fill: COLOURS[1] }, g);
      tip(g, p.label + ": " + fmt(p.value));
      var x = left + i * step, base = height - bottom + 14;
      text(g, x, base, short(p.label), { "text-anchor": "end", transform: "rotate(-40 " + x + " " + base + ")", "class": "chart-label" });
    });
  }

  function pie(svg, items) {
    var total = items.reduce(function (sum, p) { return sum + Math.max(0, p.value); }, 0);
    var size = 300, r = 130, cx = 150, cy = 150, angle = -Math.PI / 2;
    svg.setAttribute("viewBox", "0 0 720 " + Math.max(size, items.length * 22 + 10));
    items.forEach(function (p, i) {
      var share = total > 0 ? Math.max(0, p.value) / total : 0;
      var end = angle + share * 2 * Math.PI;
      var g = el("g", { "class": "slice" }, svg);
      var colour = COLOURS[i % COLOURS.length];
      if (share >= 0.9999) {
        el("circle", { cx: cx, cy: cy, r: r, fill: colour }, g);
      } else if (share > 0) {
        var large = end - angle > Math.PI ? 1 : 0;
        el("path", { d: "M" + cx + " " + cy + " L" + (cx + r * Math.cos(angle)) + " " + (cy + r * Math.sin(angle)) +
          " A" + r + " " + r + " 0 " + large + " 1 " + (cx + r * Math.cos(end)) + " " + (cy + r * Math.sin(end)) + " Z",
          fill: colour, stroke: "#fff" }, g);
      }
      tip(g, p.label + ": " + fmt(p.value) + " (" + Math.round(share * 100) + "%)");
      el("rect", { x: 320, y: i * 22 + 6, width: 14, height: 14, fill: colour }, g);
      text(g, 340, i * 22 + 18, short(p.label) + " \u2014 " + fmt(p.value) + " (" + Math.round(share * 100) + "%)", { "class": "chart-label" });
      angle = end;
    });
  }

  function chosen() {
    var input = views.querySelector("input[name=view-choice]:checked");
    return input ? input.value : "table";
  }

  function remember(view) {
    var url = new URL(window.location.href);
    url.searchParams.set("view", view);
    window.history.replaceState(null, "", url.pathname + url.search);
    var link = document.getElementById("permalink");
    if (link) {
      var permalink = new URL(link.href);
      permalink.searchParams.set("view", view);
      link.href = permalink.pathname + permalink.search;
    }
    var hidden = document.querySelector(".query-form input[name=view]");
    if (hidden) { hidden.value = view; }
  }

  function draw() {
    var view = chosen();
    while (figure.lastChild && figure.lastChild.tagName !== "FIGCAPTION") { figure.removeChild(figure.lastChild); }
    figure.hidden = view === "table";
    drawing += 1;
    if (view === "table") { return; }
    if (view === "map") {
      var token = drawing;
      window.smpQueryMap.draw(figure, data, countrySelect.value, numberSelect ? numberSelect.value : null,
        function () { return token === drawing; });
      return;
    }
    var items = points();
    var svg = el("svg", { role: "img", "class": "chart-" + view, "aria-labelledby": "chart-caption" });
    figure.appendChild(svg);
    document.getElementById("chart-caption").textContent = numberSelect.value + " / " + labelSelect.value;
    ({ bar: bar, line: line, pie: pie })[view](svg, items);
  }

  views.addEventListener("change", function (event) {
    if (event.target.name === "view-choice") { remember(event.target.value); }
    draw();
  });
  draw();
})();
