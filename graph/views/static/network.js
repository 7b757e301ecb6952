// duikou network page: draws the graph embedded as JSON in #dk-data with vis-network, and adds
// the legend, search, filters, language switch and side panel. Data is only ever written with
// textContent or as vis-network canvas labels, never parsed as HTML.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("dk-data").textContent);
  var lang = DATA.lang;
  var sizeMode = "degree";
  var byId = {};
  var near = {};
  DATA.nodes.forEach(function (n) { byId[n.id] = n; near[n.id] = []; });
  DATA.edges.forEach(function (e) { near[e[0]].push(e[1]); near[e[1]].push(e[0]); });

  function pick(pair) { return lang === "en" ? pair[0] : pair[1]; }
  function ui(key) { return pick(DATA.ui[key]); }
  function label(n) { return lang === "en" ? (n.en || n.zh || n.id) : (n.zh || n.en || n.id); }
  var el = duikouPanel.el, clear = duikouPanel.clear, link = duikouPanel.link;

  // Canvas labels are wrapped so that their boxes stay compact: Chinese every 8 characters,
  // other text at spaces near 18 characters.
  function wrapped(text) {
    var lines = [];
    if (/[\u3000-\u9fff\uff00-\uffef]/.test(text)) {
      var chars = Array.from(text);
      for (var i = 0; i < chars.length; i += 8) { lines.push(chars.slice(i, i + 8).join("")); }
    } else {
      var line = "";
      text.split(/\s+/).forEach(function (word) {
        if (line && (line + " " + word).length > 18) { lines.push(line); line = word; }
        else { line = line ? line + " " + word : word; }
      });
      lines.push(line);
    }
    return lines.slice(0, 4).join("\n") + (lines.length > 4 ? "\u2026" : "");
  }
  function canvasLabel(n) { return wrapped(label(n)); }
  function visNode(n) {
    var style = DATA.classes[n.cls];
    var item = { id: n.id, label: canvasLabel(n), shape: style.shape, color: style.color, size: sizeMode === "degree" ? n.sd : n.si };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }
  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(function (e, i) {
    return { id: i, from: e[0], to: e[1], label: pick(DATA.relations[e[2]]) };
  }));
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  var state = { network: network, nodes: nodes, edges: edges, ready: false, stabilizeMs: null, lang: lang };
  window.duikou = state;
  var started = performance.now();

  // Push apart nodes whose boxes (shape and label) still overlap once the layout has settled,
  // then widen the layout to the canvas's proportions (stretching never makes an overlap).
  function separate() {
    var ids = nodes.getIds();
    var boxes = ids.map(function (id) {
      var b = network.getBoundingBox(id);
      return { id: id, l: b.left - 4, r: b.right + 4, t: b.top - 4, b: b.bottom + 4 };
    });
    for (var round = 0; round < 200; round++) {
      var moved = false;
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          var a = boxes[i], c = boxes[j];
          var dx = Math.min(a.r, c.r) - Math.max(a.l, c.l);
          var dy = Math.min(a.b, c.b) - Math.max(a.t, c.t);
          if (dx <= 0 || dy <= 0) { continue; }
          moved = true;
          var ax = (a.l + a.r) / 2, cx = (c.l + c.r) / 2, ay = (a.t + a.b) / 2, cy = (c.t + c.b) / 2;
          if (dx < dy) {
            var sx = (ax < cx || (ax === cx && i < j) ? -1 : 1) * (dx / 2 + 1);
            a.l += sx; a.r += sx; c.l -= sx; c.r -= sx;
          } else {
            var sy = (ay < cy || (ay === cy && i < j) ? -1 : 1) * (dy / 2 + 1);
            a.t += sy; a.b += sy; c.t -= sy; c.b -= sy;
          }
        }
      }
      if (!moved) { break; }
    }
    var positions = network.getPositions(ids);
    var moved = boxes.map(function (box) {
      var b = network.getBoundingBox(box.id);
      var p = positions[box.id];
      return { id: box.id, x: p.x + (box.l + 4 - b.left), y: p.y + (box.t + 4 - b.top) };
    });
    var xs = moved.map(function (m) { return m.x; }), ys = moved.map(function (m) { return m.y; });
    var width = Math.max.apply(null, xs) - Math.min.apply(null, xs), height = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var stretch = width > 0 ? Math.max(1, (container.clientWidth / Math.max(container.clientHeight, 1)) * height / width) : 1;
    moved.forEach(function (m) { network.moveNode(m.id, m.x * stretch, m.y); });
  }

  function settled() {
    state.stabilizeMs = Math.round(performance.now() - started);
    state.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (DATA.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      // Boxes include the labels only once they have been drawn.
      network.once("afterDrawing", function () {
        separate();
        network.fit({ animation: false });
        network.once("afterDrawing", settled);
        network.redraw();
      });
      network.redraw();
    });
  } else {
    network.once("afterDrawing", settled);
  }

  // ---- side panel -------------------------------------------------------------------
  var details = document.getElementById("dk-details");
  var shown = null;
  function hint() {
    clear(details);
    details.appendChild(el("p", ui("hint"), "dk-hint"));
  }
  function showDetails(id) {
    var n = byId[id];
    if (!n) { return; }
    shown = id;
    clear(details);
    details.appendChild(el("h2", label(n)));
    var meta = el("p", pick([DATA.classes[n.cls].en, DATA.classes[n.cls].zh]) + " · ", "dk-meta");
    meta.appendChild(el("span", n.id, "dk-id"));
    details.appendChild(meta);
    var page = duikouPanel.entityLink(DATA.entityBase, n.id, ui("entity"));
    if (page) { details.appendChild(page); }
    if (n.fields.length) {
      details.appendChild(el("p", ui("fields") + ": " + n.fields.map(function (f) { return pick(DATA.fieldLabels[f]); }).join(", "), "dk-meta"));
    }
    details.appendChild(el("h3", ui("facts")));
    details.appendChild(duikouPanel.factList(DATA.facts[id] || [], lang, function (ref) {
      if (!byId[ref]) { return null; }
      var go = el("button", label(byId[ref]));
      go.type = "button";
      go.addEventListener("click", function () { focusNode(ref); });
      return go;
    }));
    var cited = DATA.cited[id] || [];
    details.appendChild(el("h3", ui("sources") + " (" + cited.length + ")"));
    details.appendChild(duikouPanel.sourceList(cited, DATA.sources));
  }
  function focusNode(id) {
    if (!byId[id]) { return; }
    if (nodes.get(id).hidden) { resetFilters(); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    showDetails(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });

  // ---- legend and class filter ------------------------------------------------------
  var legend = document.getElementById("dk-legend");
  var SYMBOLS = { dot: "\u25CF", square: "\u25A0", triangle: "\u25B2", triangleDown: "\u25BC", diamond: "\u25C6", star: "\u2605", hexagon: "\u2B22" };
  var classCounts = {};
  DATA.nodes.forEach(function (n) { classCounts[n.cls] = (classCounts[n.cls] || 0) + 1; });
  var hiddenClasses = {};
  function drawLegend() {
    clear(legend);
    Object.keys(DATA.classes).forEach(function (cls) {
      if (!classCounts[cls]) { return; }
      var style = DATA.classes[cls];
      var row = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = !hiddenClasses[cls];
      box.setAttribute("data-class", cls);
      box.addEventListener("change", function () { hiddenClasses[cls] = !box.checked; applyFilters(); });
      var symbol = el("span", SYMBOLS[style.shape] || "\u25CF", "dk-symbol");
      symbol.style.color = style.color;
      row.appendChild(box);
      row.appendChild(symbol);
      row.appendChild(document.createTextNode(pick([style.en, style.zh]) + " "));
      row.appendChild(el("span", classCounts[cls], "dk-n"));
      legend.appendChild(row);
    });
  }

  // ---- field and year filters -------------------------------------------------------
  var fieldSelect = document.getElementById("dk-field");
  var yearSelect = document.getElementById("dk-year");
  var sizeSelect = document.getElementById("dk-size");
  function fillSelect(select, options) {
    var value = select.value;
    clear(select);
    options.forEach(function (o) {
      var option = el("option", o[1]);
      option.value = o[0];
      select.appendChild(option);
    });
    select.value = value || options[0][0];
  }
  function drawSelects() {
    fillSelect(fieldSelect, [["", ui("all")]].concat(DATA.fields.map(function (f) { return [f, pick(DATA.fieldLabels[f])]; })));
    fillSelect(yearSelect, [["", ui("all")]].concat(DATA.years.map(function (y) { return [String(y), String(y)]; })));
    fillSelect(sizeSelect, [["degree", ui("degree")], ["investment", ui("investment")]]);
  }
  // A node passes a field or year filter when it matches, or when it has no field (or year) of
  // its own and is linked to a node that matches: a project's city stays in view with it.
  function passing(matches, undetermined) {
    var pass = {};
    DATA.nodes.forEach(function (n) { if (matches(n)) { pass[n.id] = true; } });
    DATA.nodes.forEach(function (n) {
      if (!pass[n.id] && undetermined(n) && near[n.id].some(function (m) { return matches(byId[m]); })) { pass[n.id] = true; }
    });
    return pass;
  }
  function applyFilters() {
    var field = fieldSelect.value, year = yearSelect.value;
    var byField = field ? passing(function (n) { return n.fields.indexOf(field) >= 0; }, function (n) { return n.fields.length === 0; }) : null;
    var byYear = year ? passing(function (n) { return n.year === Number(year); }, function (n) { return n.year === null; }) : null;
    var changes = [];
    var visible = 0;
    DATA.nodes.forEach(function (n) {
      var hidden = Boolean(hiddenClasses[n.cls] || (byField && !byField[n.id]) || (byYear && !byYear[n.id]));
      if (!hidden) { visible++; }
      if (Boolean(nodes.get(n.id).hidden) !== hidden) { changes.push({ id: n.id, hidden: hidden }); }
    });
    if (changes.length) { nodes.update(changes); }
    state.visible = visible;
    document.getElementById("dk-count").textContent = visible + " / " + DATA.nodes.length + " " + ui("nodes");
  }
  function resetFilters() {
    hiddenClasses = {};
    fieldSelect.value = "";
    yearSelect.value = "";
    drawLegend();
    applyFilters();
  }
  fieldSelect.addEventListener("change", applyFilters);
  yearSelect.addEventListener("change", applyFilters);
  sizeSelect.addEventListener("change", function () {
    sizeMode = sizeSelect.value;
    nodes.update(DATA.nodes.map(function (n) { return { id: n.id, size: sizeMode === "degree" ? n.sd : n.si }; }));
  });

  // ---- search -----------------------------------------------------------------------
  var search = document.getElementById("dk-search");
  var results = document.getElementById("dk-results");
  function matching(query) { return duikouPanel.matching(DATA.nodes, query, 20); }
  search.addEventListener("input", function () {
    clear(results);
    var found = matching(search.value);
    found.forEach(function (n) {
      var option = el("button", label(n));
      option.type = "button";
      option.setAttribute("data-id", n.id);
      option.addEventListener("click", function () { results.classList.remove("open"); focusNode(n.id); });
      results.appendChild(option);
    });
    results.classList.toggle("open", found.length > 0);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = matching(search.value);
      if (found.length) { results.classList.remove("open"); focusNode(found[0].id); }
    } else if (event.key === "Escape") {
      results.classList.remove("open");
    }
  });

  // ---- language ---------------------------------------------------------------------
  var langButton = document.getElementById("dk-lang");
  function drawTexts() {
    document.documentElement.lang = lang === "en" ? "en" : "zh-Hans";
    document.title = pick(DATA.title);
    document.getElementById("dk-title").textContent = pick(DATA.title);
    search.placeholder = ui("search");
    langButton.textContent = ui("switch");
    Array.prototype.forEach.call(document.querySelectorAll("[data-ui]"), function (node) {
      node.textContent = ui(node.getAttribute("data-ui"));
    });
    drawLegend();
    drawSelects();
    applyFilters();
    if (shown) { showDetails(shown); } else { hint(); }
  }
  langButton.addEventListener("click", function () {
    lang = lang === "en" ? "zh" : "en";
    state.lang = lang;
    nodes.update(DATA.nodes.map(function (n) { return { id: n.id, label: canvasLabel(n) }; }));
    edges.update(DATA.edges.map(function (e, i) { return { id: i, label: pick(DATA.relations[e[2]]) }; }));
    drawTexts();
  });
  state.focusNode = focusNode;
  drawTexts();
})();
