/* The interactive networks, drawn by the vendored Cytoscape.js at the positions the server computed
   (preset layout: nothing is simulated in the browser). Hover shows a node's name, kind and roles; a click
   or the search box selects a node, fades what is not its neighbourhood and lists its neighbours as links.
   Filters: kind and partnership; colour by type or by community; brokers enlarged. */
(function () {
  "use strict";
  var root = document.getElementById("graph");
  if (!root || typeof cytoscape === "undefined") { return; }
  /* keyed by the first word of a stakeholder category (analysis.model.StakeholderCategory); the legend of
     the page (#graph-legend, class cat-WORD in viz.css) uses the same colours */
  var COLOURS = {
    government: "#0b4f9c", employer: "#b35900", trade: "#a4000f", training: "#1a6600",
    certification: "#7a1fa2", migrant: "#5d4037", other: "#6b6b6b", country: "#00758f"
  };
  var PALETTE = ["#0b4f9c", "#b35900", "#1a6600", "#7a1fa2", "#a4000f", "#00758f", "#5d4037", "#c2185b", "#33691e", "#4a148c"];
  var t = function (name) { return root.getAttribute("data-t-" + name) || name; };
  var status = document.getElementById("graph-status");
  var tip = document.getElementById("graph-tip");
  var panel = document.getElementById("graph-details");
  var filters = document.getElementById("graph-filters");
  var cy, byLabel = {};

  function href(iri) {
    var base = root.getAttribute("data-id-base");
    if (iri.indexOf(base) === 0) { return "/id/" + iri.slice(base.length); }
    return "/resource?iri=" + encodeURIComponent(iri);
  }
  function slug(text) { return String(text || "").split(" ")[0]; }
  function categoryName(value) {
    var item = document.querySelector("#graph-legend [data-category='" + slug(value) + "']");
    return item ? item.textContent.trim() : value;
  }
  function colour(node) {
    var mode = filters.querySelector("input[name=colour]:checked").value;
    if (mode === "community") {
      var c = node.data("community");
      return c ? PALETTE[(c - 1) % PALETTE.length] : "#bdbdbd";
    }
    return COLOURS[slug(node.data("category"))] || COLOURS.other;
  }
  function size(node) {
    var base = 10 + Math.sqrt(node.data("degree") || 0) * 5;
    var brokers = filters.querySelector("input[name=brokers]").checked;
    return brokers && node.data("broker") ? base * 2 : base;
  }
  function describe(data) {
    var kinds = (data.categories && data.categories.length ? data.categories : [data.category]).map(categoryName);
    var parts = [data.label, kinds.join(", ")];
    if (data.roles && data.roles.length) { parts.push(t("roles") + ": " + data.roles.join(", ")); }
    parts.push(t("degree") + ": " + data.degree);
    if (data.broker) { parts.push(t("broker") + ": " + data.broker.toFixed(3)); }
    if (data.community) { parts.push(t("community") + " " + data.community); }
    return parts;
  }

  function restyle() {
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        node.style({"background-color": colour(node), width: size(node), height: size(node)});
      });
    });
  }
  function applyFilters() {
    var kinds = {};
    Array.prototype.forEach.call(filters.querySelectorAll("input[name=kind]"), function (box) { kinds[box.value] = box.checked; });
    var select = document.getElementById("graph-partnership");
    var partnership = select ? select.value : "";
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var kind = node.data("kind");
        var visible = kinds[kind] !== false;
        if (visible && partnership) {
          visible = kind === "country" ? node.neighborhood("node").some(function (n) { return n.data("partnerships").indexOf(partnership) >= 0; })
            : node.data("partnerships").indexOf(partnership) >= 0;
        }
        node.style("display", visible ? "element" : "none");
      });
    });
    var shown = cy.nodes().filter(function (node) { return node.style("display") !== "none"; });
    var links = shown.edgesWith(shown);
    status.textContent = t("count").replace("{nodes}", shown.length).replace("{edges}", links.length);
  }
  function select(node) {
    cy.elements().removeClass("faded").removeClass("focus");
    var hood = node.closedNeighborhood();
    cy.elements().not(hood).addClass("faded");
    node.addClass("focus");
    cy.animate({fit: {eles: hood, padding: 60}, duration: 250});
    panel.textContent = "";
    var h = document.createElement("h2");
    h.textContent = t("neighbours") + " " + node.data("label");
    panel.appendChild(h);
    var facts = document.createElement("p");
    facts.textContent = describe(node.data()).slice(1).join(" · ");
    panel.appendChild(facts);
    var list = document.createElement("ul");
    list.id = "graph-neighbours";
    node.neighborhood("node").sort(function (a, b) { return a.data("label").localeCompare(b.data("label")); }).forEach(function (other) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = href(other.id()); a.textContent = other.data("label");
      li.appendChild(a); list.appendChild(li);
    });
    panel.appendChild(list);
    panel.hidden = false;
  }
  function find(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) { return null; }
    if (byLabel[wanted]) { return byLabel[wanted]; }
    var found = null;
    cy.nodes().forEach(function (node) {
      if (!found && node.data("label").toLowerCase().indexOf(wanted) >= 0) { found = node; }
    });
    return found;
  }

  function start(payload) {
    var elements = payload.nodes.map(function (n) { return {group: "nodes", data: n, position: {x: n.x, y: n.y}}; })
      .concat(payload.edges.map(function (e, i) { return {group: "edges", data: Object.assign({id: "e" + i}, e)}; }));
    cy = cytoscape({
      container: root, elements: elements, layout: {name: "preset"}, minZoom: 0.05, maxZoom: 6, wheelSensitivity: 0.3,
      style: [
        {selector: "node", style: {label: "", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, "border-width": 1, "border-color": "#fff"}},
        {selector: "node[kind = 'country']", style: {shape: "round-rectangle"}},
        {selector: "node[broker]", style: {"border-color": "#1b1b1b", "border-width": 2}},
        {selector: "edge", style: {width: "mapData(weight, 1, 10, 1, 6)", "line-color": "#9e9e9e", opacity: 0.55, "curve-style": "haystack"}},
        {selector: "edge[kind = 'jurisdiction']", style: {"line-style": "dashed", width: 1}},
        {selector: ".faded", style: {opacity: 0.08}},
        {selector: "node.focus, node.hover", style: {label: "data(label)", "z-index": 10}},
        {selector: "node.focus", style: {"border-color": "#b35900", "border-width": 4}}
      ]
    });
    restyle();
    cy.fit(undefined, 20);
    var names = document.getElementById("graph-names");
    cy.nodes().forEach(function (node) {
      byLabel[node.data("label").toLowerCase()] = node;
      var option = document.createElement("option"); option.value = node.data("label"); names.appendChild(option);
    });
    var partnerships = document.getElementById("graph-partnership");
    (payload.partnerships || []).forEach(function (p) {
      if (!partnerships) { return; }
      var option = document.createElement("option"); option.value = p.id; option.textContent = p.label; partnerships.appendChild(option);
    });
    cy.on("mouseover", "node", function (event) {
      var node = event.target;
      node.addClass("hover");
      tip.textContent = describe(node.data()).join(" · ");
      tip.hidden = false;
    });
    cy.on("mouseout", "node", function (event) { event.target.removeClass("hover"); tip.hidden = true; });
    cy.on("tap", "node", function (event) { select(event.target); });
    cy.on("tap", function (event) { if (event.target === cy) { cy.elements().removeClass("faded").removeClass("focus"); } });
    status.textContent = t("count").replace("{nodes}", payload.nodes.length).replace("{edges}", payload.edges.length);
    root.setAttribute("data-ready", "true");
  }

  document.getElementById("graph-search").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!cy) { return; }
    var node = find(document.getElementById("graph-find").value);
    if (node) { select(node); panel.focus(); } else { status.textContent = t("notfound"); }
  });
  document.getElementById("graph-reset").addEventListener("click", function () {
    if (!cy) { return; }
    cy.elements().removeClass("faded").removeClass("focus");
    panel.hidden = true;
    cy.fit(undefined, 20);
  });
  filters.addEventListener("change", function () { if (cy) { restyle(); applyFilters(); } });

  fetch(root.getAttribute("data-url"), {credentials: "same-origin"})
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(start)
    .catch(function (error) { status.textContent = String(error.message || error); });
})();
