/* The corridor map: the world outline of world.js (vendored Natural Earth 1:110m, equirectangular),
   countries shaded by partnerships and/or agreements (per decade), SMP corridors as arrows coloured by the readiness of their partnerships, agreement pairs as thin links,
   and, as a layer that is off until asked for, the largest migrant stock corridors of a year (UN DESA) as thin
   arrows whose width grows with the stock, with countries shaded by their immigrant or emigrant stock on demand.
   Everything is fetched from this server. A click on a country opens the explore page filtered by it. */
(function () {
  "use strict";
  var root = document.getElementById("corridor-map");
  if (!root || typeof topojson === "undefined" || typeof smpWorld === "undefined") { return; }
  var SHADES = ["#e8eef6", "#c6d6ea", "#8fb0d6", "#4f82bd", "#1f5596", "#0b2f5c"];
  var READY = [[0.5, "#a4000f"], [0.75, "#b35900"], [2, "#1a6600"]];
  var t = function (name) { return root.getAttribute("data-t-" + name) || name; };
  var status = document.getElementById("map-status");
  var state = {layer: "smp", decade: "", readiness: null, stocks: false, stockYear: 0, stockShade: ""};
  var data, shapes = {}, centres = {}, svg, corridorLayer, stockLayer;
  var number = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var STOCK_WIDTH = 6;

  var el = smpWorld.el;
  function href(iri) {
    var base = root.getAttribute("data-id-base");
    if (iri.indexOf(base) === 0) { return "/id/" + iri.slice(base.length); }
    return "/resource?iri=" + encodeURIComponent(iri);
  }
  function exploreUrl(code) {
    var country = data.countries[code];
    return root.getAttribute("data-explore-url") + "?country=" + encodeURIComponent(country.iri);
  }
  function label(code) { return (data.countries[code] || {}).label || code; }
  function link(text, url) { var a = document.createElement("a"); a.href = url; a.textContent = text; return a; }
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; }); }
  function textNode(text) { return document.createTextNode(text); }

  function counts() {
    var smp = {}, bla = {};
    data.partnerships.forEach(function (p) {
      if (state.decade && String(p.decade) !== state.decade) { return; }
      p.countries.forEach(function (c) { smp[c] = (smp[c] || 0) + 1; });
    });
    data.pairs.forEach(function (pair) {
      var n = state.decade ? (pair.decades[state.decade] || 0) : pair.agreements;
      if (n) { bla[pair.a] = (bla[pair.a] || 0) + n; bla[pair.b] = (bla[pair.b] || 0) + n; }
    });
    return {smp: smp, bla: bla};
  }
  function shown(c, code) {
    if (stockShading()) { return stockTotal(code, state.stockShade); }
    var s = c.smp[code] || 0, b = c.bla[code] || 0;
    return state.layer === "smp" ? s : state.layer === "bla" ? b : s + b;
  }

  /* The migrant stock layer: data.stocks = {years, top, corridors: [{origin, destination, stock: [per year],
     partnerships, agreements}], countries: code -> {immigrants: [per year], emigrants: [per year]}}. */
  function stockIndex() { return data.stocks.years.indexOf(state.stockYear); }
  function stockShading() { return state.stocks && state.stockShade !== "" && stockIndex() >= 0; }
  function stockTotal(code, side) {
    var totals = data.stocks.countries[code];
    return totals ? totals[side][stockIndex()] : 0;
  }
  function stockCorridors() {
    var i = stockIndex();
    if (!state.stocks || i < 0) { return []; }
    return data.stocks.corridors.filter(function (c) { return c.stock[i] > 0; })
      .sort(function (x, y) { return y.stock[i] - x.stock[i]; }).slice(0, data.stocks.top);
  }
  function stockWidth(value, max) { return 0.4 + (STOCK_WIDTH - 0.4) * Math.sqrt(value / max); }
  function stockText(corridor, value) {
    return fill(t("stock-title"), {origin: label(corridor.origin), destination: label(corridor.destination),
      n: number.format(value), year: state.stockYear});
  }
  function coverage(corridor) {
    return corridor.partnerships + " " + t("partnerships") + ", " + corridor.agreements + " " + t("agreements");
  }
  function drawStocks() {
    stockLayer.textContent = "";
    var rows = stockCorridors(), i = stockIndex();
    if (!rows.length) { return rows; }
    var max = rows[0].stock[i];
    rows.forEach(function (corridor) {
      var a = centres[corridor.origin], b = centres[corridor.destination], value = corridor.stock[i];
      if (!a || !b) { return; }
      var covered = corridor.partnerships + corridor.agreements > 0;
      var mx = (a.x + b.x) / 2 + (b.y - a.y) * 0.12, my = (a.y + b.y) / 2 - (b.x - a.x) * 0.12;
      var path = el("path", {d: "M" + a.x + "," + a.y + "Q" + mx + "," + my + " " + b.x + "," + b.y,
        "class": covered ? "stock covered" : "stock", "stroke-width": stockWidth(value, max).toFixed(2),
        "marker-end": covered ? "url(#stock-arrow-covered)" : "url(#stock-arrow)",
        "data-stock": corridor.origin + ">" + corridor.destination}, stockLayer);
      var text = stockText(corridor, value) + "; " + coverage(corridor);
      el("title", {}, path).textContent = text;
      path.addEventListener("click", function () {
        details(t("stock-corridor") + ": " + label(corridor.origin) + " → " + label(corridor.destination),
          data.stocks.years.map(function (year, k) { return textNode(year + ": " + number.format(corridor.stock[k])); })
            .concat([textNode(coverage(corridor)),
              link(t("explore") + " " + label(corridor.origin), exploreUrl(corridor.origin)),
              link(t("explore") + " " + label(corridor.destination), exploreUrl(corridor.destination))]));
      });
    });
    return rows;
  }
  function stockLegend(rows) {
    var box = document.getElementById("map-stock-legend");
    box.textContent = "";
    box.hidden = !rows.length;
    if (!rows.length) { return; }
    var i = stockIndex(), max = rows[0].stock[i];
    var caption = document.createElement("span");
    caption.textContent = fill(t("stock-drawn"), {top: rows.length, year: state.stockYear});
    box.appendChild(caption);
    [max, max / 10, max / 100].forEach(function (value) {
      var rounded = Number(value.toPrecision(1)), item = document.createElement("span");
      var sample = el("svg", {width: 36, height: 10, viewBox: "0 0 36 10", "class": "stock-sample"});
      el("line", {x1: 2, y1: 5, x2: 34, y2: 5, "class": "stock", "stroke-width": stockWidth(rounded, max).toFixed(2)}, sample);
      item.appendChild(sample); item.appendChild(textNode(" " + number.format(rounded)));
      box.appendChild(item);
    });
    [["stock covered", t("stock-covered")], ["stock", t("stock-uncovered")]].forEach(function (kind) {
      var item = document.createElement("span");
      var sample = el("svg", {width: 36, height: 10, viewBox: "0 0 36 10", "class": "stock-sample"});
      el("line", {x1: 2, y1: 5, x2: 34, y2: 5, "class": kind[0], "stroke-width": 3}, sample);
      item.appendChild(sample); item.appendChild(textNode(" " + kind[1]));
      box.appendChild(item);
    });
  }
  function stockTable(rows) {
    var section = document.getElementById("map-stock-section");
    section.hidden = !rows.length;
    var body = document.querySelector("#map-stock-table tbody"), i = stockIndex();
    body.textContent = "";
    document.getElementById("map-stock-table-heading").textContent = fill(t("stock-table"), {year: state.stockYear});
    rows.forEach(function (corridor) {
      var row = body.insertRow();
      row.insertCell().appendChild(link(label(corridor.origin), exploreUrl(corridor.origin)));
      row.insertCell().appendChild(link(label(corridor.destination), exploreUrl(corridor.destination)));
      row.insertCell().textContent = number.format(corridor.stock[i]);
      row.insertCell().textContent = corridor.partnerships;
      row.insertCell().textContent = corridor.agreements;
    });
  }
  function shade(n, max) {
    if (!n) { return "#f4f4f4"; }
    var k = max <= 1 ? SHADES.length - 1 : 1 + Math.round(Math.log(n) / Math.log(max) * (SHADES.length - 2));
    return SHADES[Math.max(0, Math.min(SHADES.length - 1, k))];
  }
  function readinessColour(score) {
    if (score === undefined || score === null) { return "#4a4a4a"; }
    for (var i = 0; i < READY.length; i++) { if (score < READY[i][0]) { return READY[i][1]; } }
    return READY[READY.length - 1][1];
  }

  function details(title, items) {
    var panel = document.getElementById("map-details");
    panel.textContent = "";
    var h = document.createElement("h2"); h.textContent = title; panel.appendChild(h);
    var list = document.createElement("ul");
    items.forEach(function (node) { var li = document.createElement("li"); li.appendChild(node); list.appendChild(li); });
    panel.appendChild(list);
    panel.hidden = false;
    panel.focus();
  }

  function drawCorridors() {
    corridorLayer.textContent = "";
    if (state.layer !== "smp") {
      data.pairs.forEach(function (pair) {
        var n = state.decade ? (pair.decades[state.decade] || 0) : pair.agreements;
        var a = centres[pair.a], b = centres[pair.b];
        if (!n || !a || !b) { return; }
        var line = el("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, "class": "pair", "stroke-width": Math.min(0.6 + Math.log(n + 1), 4)}, corridorLayer);
        el("title", {}, line).textContent = label(pair.a) + " – " + label(pair.b) + ": " + n + " " + t("agreements");
        line.addEventListener("click", function () {
          details(t("pair") + ": " + label(pair.a) + " – " + label(pair.b) + " (" + n + ")",
            [link(t("explore") + " " + label(pair.a), exploreUrl(pair.a)), link(t("explore") + " " + label(pair.b), exploreUrl(pair.b))]);
        });
      });
    }
    if (state.layer === "bla") { return; }
    var inDecade = {};
    data.partnerships.forEach(function (p) { if (!state.decade || String(p.decade) === state.decade) { inDecade[p.id] = p; } });
    data.corridors.forEach(function (corridor) {
      var members = corridor.partnerships.filter(function (id) { return inDecade[id]; });
      var a = centres[corridor.origin], b = centres[corridor.destination];
      if (!members.length || !a || !b) { return; }
      var key = corridor.origin + ">" + corridor.destination;
      var score = state.readiness ? state.readiness.corridors[key] : null;
      var mx = (a.x + b.x) / 2 - (b.y - a.y) * 0.2, my = (a.y + b.y) / 2 + (b.x - a.x) * 0.2;
      var path = el("path", {d: "M" + a.x + "," + a.y + "Q" + mx + "," + my + " " + b.x + "," + b.y, "class": "corridor",
        stroke: readinessColour(score), "stroke-width": 1.2 + members.length * 0.6, "marker-end": "url(#arrow)",
        "data-corridor": key, tabindex: "0", role: "button"}, corridorLayer);
      var text = label(corridor.origin) + " → " + label(corridor.destination) + ": " + members.length + " " + t("partnerships") +
        (score !== null && score !== undefined ? "; " + t("readiness") + " " + Math.round(score * 100) + "%" : state.readiness ? "" : "; " + t("pending"));
      el("title", {}, path).textContent = text;
      path.setAttribute("aria-label", text);
      function open() {
        details(t("corridor") + ": " + label(corridor.origin) + " → " + label(corridor.destination),
          members.map(function (id) {
            var s = state.readiness ? state.readiness.partnerships[id] : null;
            return link(inDecade[id].label + (s !== null && s !== undefined ? " (" + t("readiness") + " " + Math.round(s * 100) + "%)" : ""), href(id));
          }).concat([link(t("explore") + " " + label(corridor.origin), exploreUrl(corridor.origin))]));
      }
      path.addEventListener("click", open);
      path.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); } });
    });
  }

  function paint() {
    var c = counts(), max = 0;
    Object.keys(shapes).forEach(function (code) { max = Math.max(max, shown(c, code)); });
    Object.keys(shapes).forEach(function (code) {
      var n = shown(c, code), s = c.smp[code] || 0, b = c.bla[code] || 0;
      var stock = state.stocks && stockIndex() >= 0 && data.stocks.countries[code] ? "; " +
        number.format(stockTotal(code, "immigrants")) + " " + t("stock-immigrants") + ", " +
        number.format(stockTotal(code, "emigrants")) + " " + t("stock-emigrants") + " (" + state.stockYear + ")" : "";
      shapes[code].forEach(function (path) {
        path.setAttribute("fill", shade(n, max));
        path.firstChild.textContent = label(code) + ": " + s + " " + t("partnerships") + ", " + b + " " + t("agreements") + stock;
        if (data.countries[code] && (s || b)) { path.setAttribute("class", "country active"); } else { path.setAttribute("class", "country"); }
      });
    });
    drawCorridors();
    var rows = drawStocks();
    legend(max);
    stockLegend(rows);
    table(c);
    stockTable(rows);
  }
  function legend(max) {
    var box = document.getElementById("map-legend");
    box.textContent = "";
    var caption = document.createElement("span");
    caption.textContent = stockShading() ? t("shade-" + state.stockShade) + " (" + state.stockYear + ")" :
      state.layer === "smp" ? t("partnerships") : state.layer === "bla" ? t("agreements") : t("partnerships") + " + " + t("agreements");
    box.appendChild(caption);
    [0, 1, Math.round(Math.sqrt(max)), max].filter(function (v, i, all) { return all.indexOf(v) === i; }).forEach(function (n) {
      var item = document.createElement("span"), swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.setAttribute("data-shade", SHADES.indexOf(shade(n, max)));
      item.appendChild(swatch); item.appendChild(document.createTextNode(" " + number.format(n) + "  "));
      box.appendChild(item);
    });
  }
  function table(c) {
    var body = document.querySelector("#map-table tbody");
    body.textContent = "";
    Object.keys(data.countries).filter(function (code) { return c.smp[code] || c.bla[code]; })
      .sort(function (x, y) { return (c.smp[y] || 0) - (c.smp[x] || 0) || (c.bla[y] || 0) - (c.bla[x] || 0); })
      .forEach(function (code) {
        var row = body.insertRow(), cell = row.insertCell();
        cell.appendChild(link(label(code), exploreUrl(code)));
        row.insertCell().textContent = c.smp[code] || 0;
        row.insertCell().textContent = c.bla[code] || 0;
      });
  }

  function draw(world, codes) {
    var drawn = smpWorld.outline(world, codes, {"class": "map-svg", role: "img", "aria-label": root.getAttribute("data-label")});
    svg = drawn.svg; shapes = drawn.shapes; centres = drawn.centres;
    var defs = el("defs", {}), marker = el("marker", {id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", markerUnits: "userSpaceOnUse", orient: "auto"}, defs);
    svg.insertBefore(defs, svg.firstChild);
    el("path", {d: "M0,0L10,5L0,10z", "class": "arrow-head"}, marker);
    [["stock-arrow", "stock-head"], ["stock-arrow-covered", "stock-head covered"]].forEach(function (kind) {
      var head = el("marker", {id: kind[0], viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "4", markerHeight: "4", markerUnits: "userSpaceOnUse", orient: "auto"}, defs);
      el("path", {d: "M0,0L10,5L0,10z", "class": kind[1]}, head);
    });
    Object.keys(shapes).forEach(function (code) {
      if (!data.countries[code]) { return; }
      shapes[code].forEach(function (path) {
        path.addEventListener("click", function () {
          if (path.getAttribute("class").indexOf("active") >= 0) { window.location.assign(exploreUrl(code)); }
        });
      });
    });
    stockLayer = el("g", {"class": "stocks"}, svg);  /* beneath the partnerships' corridors */
    corridorLayer = el("g", {"class": "corridors"}, svg);
    var years = data.stocks.years, yearSelect = document.getElementById("map-stock-year");
    document.getElementById("map-stocks").hidden = !years.length;
    years.slice().reverse().forEach(function (year) {
      var option = document.createElement("option");
      option.value = String(year); option.textContent = String(year);
      yearSelect.appendChild(option);
    });
    state.stockYear = years.length ? years[years.length - 1] : 0;
    root.appendChild(svg);
    data.decades.forEach(function (decade) {
      var option = document.createElement("option");
      option.value = String(decade); option.textContent = decade + "–" + (decade + 9);
      document.getElementById("map-decade").appendChild(option);
    });
    paint();
  }

  function json(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
      return response.json();
    });
  }
  Promise.all([json(root.getAttribute("data-world-url")), json(root.getAttribute("data-codes-url")), json(root.getAttribute("data-url"))])
    .then(function (loaded) {
      data = loaded[2];
      draw(loaded[0], loaded[1]);
      status.textContent = "";
      root.setAttribute("data-ready", "true");
      return json(root.getAttribute("data-readiness-url")).then(function (readiness) {
        state.readiness = readiness;
        drawCorridors();
        root.setAttribute("data-readiness", "true");
      });
    })
    .catch(function (error) { status.textContent = String(error.message || error); });

  document.getElementById("map-controls").addEventListener("change", function (event) {
    if (event.target.name === "layer") { state.layer = event.target.value; }
    if (event.target.name === "decade") { state.decade = event.target.value; }
    if (event.target.name === "stocks") { state.stocks = event.target.checked; }
    if (event.target.name === "stock-year") { state.stockYear = Number(event.target.value); }
    if (event.target.name === "stock-shade") { state.stockShade = event.target.value; }
    if (data) { paint(); }
  });
})();
