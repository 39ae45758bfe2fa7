/* The world outline shared by the corridor map and the query page's map view: the vendored Natural Earth
   1:110m countries (TopoJSON, decoded by topojson-client) in an equirectangular projection, as SVG paths
   keyed by ISO 3166-1 alpha-3 code (static/map/iso-numeric.json maps the outline's numeric codes). */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 960, TOP = 85, BOTTOM = -58, K = W / 360, H = (TOP - BOTTOM) * K;

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function project(p) { return [(p[0] + 180) * K, (TOP - p[1]) * K]; }
  function ringPath(ring) {
    var d = "", last = null;
    ring.forEach(function (p) {
      var xy = project(p);
      d += (last === null || Math.abs(p[0] - last) > 180 ? "M" : "L") + xy[0].toFixed(1) + "," + xy[1].toFixed(1);
      last = p[0];
    });
    return d + "Z";
  }
  function ringCentre(ring) {
    var lons = ring.map(function (p) { return p[0]; });
    if (Math.max.apply(null, lons) - Math.min.apply(null, lons) > 180) { return null; }  /* cut by the antimeridian */
    var a = 0, cx = 0, cy = 0;
    for (var i = 0; i < ring.length - 1; i++) {
      var p = project(ring[i]), q = project(ring[i + 1]), f = p[0] * q[1] - q[0] * p[1];
      a += f; cx += (p[0] + q[0]) * f; cy += (p[1] + q[1]) * f;
    }
    return a === 0 ? null : {area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a)};
  }
  function polygons(geometry) {
    if (!geometry) { return []; }
    return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  }

  /* An SVG of the sea and the countries. Returns {svg, shapes: code -> [path], centres: code -> {x, y}};
     each country path has a <title> (the outline's name until the caller sets its own). */
  function outline(world, codes, attrs) {
    var svg = el("svg", Object.assign({viewBox: "0 0 " + W + " " + H.toFixed(0)}, attrs || {}));
    var shapes = {}, centres = {};
    el("rect", {x: 0, y: 0, width: W, height: H, "class": "sea"}, svg);
    var land = el("g", {"class": "countries"}, svg);
    topojson.feature(world, world.objects.countries).features.forEach(function (feature) {
      var code = codes.numeric[feature.id] || codes.names[(feature.properties || {}).name];
      var d = "", best = null;
      polygons(feature.geometry).forEach(function (polygon) {
        polygon.forEach(function (ring) { d += ringPath(ring); });
        var centre = ringCentre(polygon[0]);
        if (centre && (!best || centre.area > best.area)) { best = centre; }
      });
      var path = el("path", {d: d, "class": "country", "data-code": code || "", fill: "#f4f4f4"}, land);
      el("title", {}, path).textContent = (feature.properties || {}).name || "";
      if (!code) { return; }
      (shapes[code] = shapes[code] || []).push(path);
      if (best && !centres[code]) { centres[code] = best; }
    });
    return {svg: svg, shapes: shapes, centres: centres};
  }

  window.smpWorld = {NS: NS, W: W, H: H, el: el, project: project, outline: outline};
})();
