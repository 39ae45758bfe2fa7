/* Interactive charts of the report pages, drawn as SVG from the numbers the page carries
   (#chart-data data-charts): bars for {label, value} lists, lines for {label, points: [{x, y}]} series.
   Each mark has a <title> (hover) and the chart a legend whose entries show or hide a series. */
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder) { return; }
  var charts = JSON.parse(holder.getAttribute("data-charts") || "{}");
  var NS = "http://www.w3.org/2000/svg";
  var COLOURS = ["#0b4f9c", "#b35900", "#1a6600", "#7a1fa2", "#a4000f", "#00758f", "#5d4037", "#6b6b6b"];
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function titled(node, text) { el("title", {}, node).textContent = text; return node; }
  function fmt(v) { return Math.abs(v) < 1 && v !== 0 ? v.toFixed(3) : String(Math.round(v * 100) / 100); }
  function bars(figure, data) {
    var width = 720, barH = 20, left = 240, height = data.length * (barH + 6) + 30;
    var max = Math.max.apply(null, data.map(function (d) { return d.value; }).concat([0]));
    var svg = el("svg", {viewBox: "0 0 " + width + " " + height, "class": "chart-svg", role: "img"}, figure);
    data.forEach(function (d, i) {
      var y = 10 + i * (barH + 6), w = max > 0 ? (width - left - 60) * d.value / max : 0;
      var label = el("text", {x: left - 8, y: y + barH * 0.7, "text-anchor": "end", "class": "chart-label"}, svg);
      label.textContent = d.label.length > 34 ? d.label.slice(0, 33) + "…" : d.label;
      var bar = titled(el("rect", {x: left, y: y, width: Math.max(w, 1), height: barH, fill: COLOURS[0], "class": "chart-bar", tabindex: "0"}, svg), d.label + ": " + fmt(d.value));
      bar.addEventListener("focus", function () { bar.setAttribute("fill", COLOURS[1]); });
      bar.addEventListener("blur", function () { bar.setAttribute("fill", COLOURS[0]); });
      el("text", {x: left + Math.max(w, 1) + 6, y: y + barH * 0.7, "class": "chart-value"}, svg).textContent = fmt(d.value);
    });
    svg.setAttribute("aria-label", data.map(function (d) { return d.label + " " + fmt(d.value); }).join("; "));
  }
  function lines(figure, series) {
    var width = 720, height = 320, pad = {l: 50, r: 20, t: 15, b: 35};
    var xs = [], ys = [];
    series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p.x); ys.push(p.y); }); });
    if (!xs.length) { return; }
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y1 = Math.max.apply(null, ys.concat([1]));
    function sx(x) { return pad.l + (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * (width - pad.l - pad.r); }
    function sy(y) { return height - pad.b - y / y1 * (height - pad.t - pad.b); }
    var svg = el("svg", {viewBox: "0 0 " + width + " " + height, "class": "chart-svg", role: "img"}, figure);
    el("line", {x1: pad.l, y1: sy(0), x2: width - pad.r, y2: sy(0), "class": "chart-axis"}, svg);
    [0, 0.5, 1].forEach(function (t) { el("text", {x: pad.l - 6, y: sy(t * y1) + 4, "text-anchor": "end", "class": "chart-value"}, svg).textContent = fmt(t * y1); });
    xs.filter(function (x, i) { return xs.indexOf(x) === i; }).forEach(function (x) {
      el("text", {x: sx(x), y: height - pad.b + 18, "text-anchor": "middle", "class": "chart-value"}, svg).textContent = String(x);
    });
    var legend = document.createElement("ul");
    legend.className = "chart-legend";
    series.forEach(function (s, i) {
      var colour = COLOURS[i % COLOURS.length], group = el("g", {"class": "chart-series"}, svg);
      var pts = s.points.slice().sort(function (a, b) { return a.x - b.x; });
      el("polyline", {points: pts.map(function (p) { return sx(p.x) + "," + sy(p.y); }).join(" "), fill: "none", stroke: colour, "stroke-width": 2}, group);
      pts.forEach(function (p) { titled(el("circle", {cx: sx(p.x), cy: sy(p.y), r: 4, fill: colour}, group), s.label + ", " + p.x + ": " + fmt(p.y)); });
      var item = document.createElement("li"), button = document.createElement("button");
      button.type = "button"; button.className = "legend-toggle"; button.setAttribute("aria-pressed", "true");
      var swatch = document.createElement("span"); swatch.className = "swatch swatch-" + (i % COLOURS.length);
      button.appendChild(swatch); button.appendChild(document.createTextNode(" " + s.label));
      button.addEventListener("click", function () {
        var shown = button.getAttribute("aria-pressed") === "true";
        button.setAttribute("aria-pressed", shown ? "false" : "true");
        if (shown) { group.setAttribute("visibility", "hidden"); } else { group.removeAttribute("visibility"); }
      });
      item.appendChild(button); legend.appendChild(item);
    });
    figure.appendChild(legend);
  }
  Array.prototype.forEach.call(document.querySelectorAll("figure.chart[data-chart]"), function (figure) {
    var data = charts[figure.getAttribute("data-chart")];
    if (!data || !data.length) { return; }
    figure.hidden = false;
    if (data[0].points) { lines(figure, data); } else { bars(figure, data); }
  });
})();
