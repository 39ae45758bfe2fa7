/* The map view of a query result: the countries of one column shaded on the world outline of viz/world.js,
   by the sum of a number column over their rows (equal steps between the smallest and largest sum), or
   marked present when the result has no numbers. A country's title gives its label and value; a legend
   follows the map. chart.js calls draw() when the map view is chosen; the outline is fetched once. */
(function () {
  "use strict";
  var SHADES = ["#c6d6ea", "#8fb0d6", "#4f82bd", "#1f5596", "#0b2f5c"];
  var EMPTY = "#f4f4f4";
  var loaded = null;

  function json(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
      return response.json();
    });
  }
  function fmt(n) { return Math.round(n * 100) / 100 + ""; }

  /* code -> {label, value (a sum, or null without numbers), rows} */
  function values(data, countryColumn, numberColumn) {
    var codes = data.countries[countryColumn], labels = data.labels[countryColumn];
    var numbers = numberColumn ? data.numbers[numberColumn] : null, out = {};
    codes.forEach(function (code, i) {
      if (!code) { return; }
      var entry = out[code] = out[code] || {label: labels[i] || code, value: null, rows: 0};
      entry.rows += 1;
      if (numbers && numbers[i] !== null) { entry.value = (entry.value || 0) + numbers[i]; }
    });
    return out;
  }

  function classes(min, max) {
    return function (v) {
      if (max === min) { return SHADES.length - 1; }
      return Math.min(SHADES.length - 1, Math.floor((v - min) / (max - min) * SHADES.length));
    };
  }

  function legend(figure, t, items) {
    var el = smpWorld.el;
    var width = items.length * 150;
    var svg = el("svg", {"class": "map-legend", width: width, height: 24, viewBox: "0 0 " + width + " 24", role: "list"});
    items.forEach(function (item, i) {
      var g = el("g", {role: "listitem", "class": "legend-item"}, svg);
      el("rect", {x: i * 150, y: 4, width: 16, height: 16, fill: item.fill, stroke: "#9e9e9e"}, g);
      var text = el("text", {x: i * 150 + 22, y: 17, "class": "chart-label"}, g);
      text.textContent = item.text;
    });
    figure.appendChild(svg);
  }

  function paint(figure, drawn, entries, numberColumn) {
    var t = function (name) { return figure.getAttribute("data-t-" + name) || name; };
    var codes = Object.keys(entries);
    var sums = codes.map(function (code) { return entries[code].value; }).filter(function (v) { return v !== null; });
    var numeric = numberColumn !== null && sums.length > 0;
    var min = Math.min.apply(null, sums), max = Math.max.apply(null, sums), step = classes(min, max);
    codes.forEach(function (code) {
      var entry = entries[code], paths = drawn.shapes[code] || [];
      var fill = numeric ? (entry.value === null ? EMPTY : SHADES[step(entry.value)]) : SHADES[SHADES.length - 2];
      var title = entry.label + ": " + (numeric ? (entry.value === null ? "\u2014" : fmt(entry.value)) : t("present")) +
        (entry.rows > 1 ? " (" + entry.rows + " " + t("rows") + ")" : "");
      paths.forEach(function (path) {
        path.setAttribute("fill", fill);
        path.setAttribute("class", "country shaded");
        path.setAttribute("data-value", numeric && entry.value !== null ? String(entry.value) : "");
        path.firstChild.textContent = title;
      });
    });
    var items = [];
    if (numeric) {
      var ranges = {};  /* each shade names the smallest and largest value it paints */
      sums.forEach(function (v) {
        var r = ranges[step(v)] = ranges[step(v)] || [v, v];
        r[0] = Math.min(r[0], v); r[1] = Math.max(r[1], v);
      });
      SHADES.forEach(function (fill, k) {
        if (!ranges[k]) { return; }
        var low = ranges[k][0], high = ranges[k][1];
        items.push({fill: fill, text: low === high ? fmt(low) : fmt(low) + " \u2013 " + fmt(high)});
      });
    } else {
      items.push({fill: SHADES[SHADES.length - 2], text: t("present")});
    }
    items.push({fill: EMPTY, text: t("absent")});
    legend(figure, t, items);
    var missing = codes.filter(function (code) { return !drawn.shapes[code]; });
    if (missing.length) {
      var note = document.createElement("p");
      note.className = "hint map-missing";
      note.textContent = t("missing") + " " + missing.map(function (code) { return entries[code].label; }).join(", ");
      figure.appendChild(note);
    }
  }

  function draw(figure, data, countryColumn, numberColumn, current) {
    figure.removeAttribute("data-map");
    var status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("role", "status");
    status.textContent = figure.getAttribute("data-t-loading");
    figure.appendChild(status);
    document.getElementById("chart-caption").textContent = (numberColumn ? numberColumn + " / " : "") + countryColumn;
    if (!loaded) {
      loaded = Promise.all([json(figure.getAttribute("data-world-url")), json(figure.getAttribute("data-codes-url"))]);
    }
    loaded.then(function (outline) {
      if (!current()) { return; }
      figure.removeChild(status);
      var drawn = smpWorld.outline(outline[0], outline[1], {"class": "map-svg chart-map", role: "img",
        "aria-label": figure.getAttribute("data-t-alt")});
      figure.appendChild(drawn.svg);
      paint(figure, drawn, values(data, countryColumn, numberColumn), numberColumn);
      figure.setAttribute("data-map", "ready");
    }).catch(function (error) {
      if (current()) { status.textContent = String(error.message || error); }
    });
  }

  window.smpQueryMap = {draw: draw};
})();
