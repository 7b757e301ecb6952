// duikou map page: draws the data block as SVG. Every text from the facts goes through
// textContent or an attribute, never through HTML parsing.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("dk-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var lang = DATA.lang;
  var svg = document.getElementById("dk-map");
  var details = document.getElementById("dk-details");
  var PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#843c39", "#3182bd"];
  var NONE_COLOUR = "#9e9e9e";

  function pick(pair) { return lang === "en" ? pair[0] : pair[1]; }
  function ui(key) { return pick(DATA.ui[key]); }
  function label(item) { return lang === "en" ? (item.en || item.zh || item.id) : (item.zh || item.en || item.id); }
  function named(id) { var n = DATA.names[id]; return n ? (pick(n) || n[0] || n[1] || id) : id; }
  var el = duikouPanel.el, clear = duikouPanel.clear;
  function shape(tag, attributes, parent) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  // ---- the base layer: provinces, the nine-dash line, the South China Sea inset ----------
  var base = DATA.base;
  var defs = shape("defs", {}, svg);
  var shapes = shape("g", { id: "dk-shapes" }, defs);
  var home = {};
  (DATA.homeProvinces || []).forEach(function (name) { home[name] = true; });
  base.provinces.forEach(function (p) {
    var path = shape("path", { d: p[2], "class": "province" + (home[p[1]] ? " dk-home" : ""), "data-adcode": p[0] }, shapes);
    shape("title", {}, path).textContent = p[1];
  });
  base.lines.forEach(function (d) { shape("path", { d: d, "class": "boundary" }, shapes); });
  // The main frame is clipped to mainland China and the islands near it; the South China Sea
  // islands show in the inset, as official maps of China show them.
  var clip = shape("clipPath", { id: "dk-main-frame" }, defs);
  shape("rect", { x: 0, y: 0, width: base.width, height: base.height }, clip);
  var world = shape("g", { id: "dk-world" }, svg);
  shape("use", { href: "#dk-shapes", "clip-path": "url(#dk-main-frame)" }, world);
  var inset = base.inset;
  var frame = shape("rect", { x: inset[0], y: inset[1], width: inset[2], height: inset[3], "class": "inset-frame" }, world);
  var insetView = shape("svg", { x: inset[0], y: inset[1], width: inset[2], height: inset[3], viewBox: inset.slice(4, 8).join(" ") }, world);
  shape("use", { href: "#dk-shapes" }, insetView);
  var outlines = shape("g", { id: "dk-outlines" }, world);
  (DATA.outlines || []).forEach(function (o) { shape("path", { d: o[1], "class": "outline " + o[0] }, outlines); });
  var arcLayer = shape("g", { id: "dk-arcs" }, world);
  var pointLayer = shape("g", { id: "dk-points" }, world);
  var labelLayer = shape("g", { id: "dk-labels" }, world);

  // ---- places and arcs ------------------------------------------------------------------
  var places = {};
  DATA.places.forEach(function (p) { places[p.id] = p; });
  // Arcs that leave one place fan out, each bent a little more, so that a city with several
  // partners stays readable.
  var fan = {};
  DATA.arcs.forEach(function (a) { (fan[a.s] = fan[a.s] || []).push(a); });
  Object.keys(fan).forEach(function (id) {
    var from = places[id];
    fan[id].sort(function (a, b) {
      var ta = places[a.t], tb = places[b.t];
      return Math.atan2(ta.y - from.y, ta.x - from.x) - Math.atan2(tb.y - from.y, tb.x - from.x) || (a.id < b.id ? -1 : 1);
    });
    fan[id].forEach(function (a, i) { a.bend = 0.12 + 0.07 * (i % 4) + 0.02 * Math.floor(i / 4); });
  });
  var arcNodes = {}, pointNodes = {}, labelNodes = {};
  DATA.arcs.forEach(function (a) {
    var s = places[a.s], t = places[a.t];
    var mx = (s.x + t.x) / 2, my = (s.y + t.y) / 2, dx = t.x - s.x, dy = t.y - s.y;
    var d = "M" + s.x + " " + s.y + "Q" + (mx - dy * a.bend).toFixed(1) + " " + (my + dx * a.bend).toFixed(1) + " " + t.x + " " + t.y;
    var group = shape("g", { "data-arc": a.id, "data-pairing": a.pairing, "data-level": a.level }, arcLayer);
    var line = shape("path", { d: d, "class": "arc" }, group);
    var hit = shape("path", { d: d, "class": "arc-hit" }, group);
    shape("title", {}, group).textContent = label(a);
    group.addEventListener("click", function (event) { if (!moved) { select(a.id); event.stopPropagation(); } });
    arcNodes[a.id] = { group: group, line: line, hit: hit, arc: a };
  });
  DATA.places.forEach(function (p) {
    var circle = shape("circle", { cx: p.x, cy: p.y, r: 4, "class": "point " + p.side + (p.cls === "District" ? " district" : ""), "data-place": p.id }, pointLayer);
    circle.addEventListener("click", function (event) { if (!moved) { select(p.id); event.stopPropagation(); } });
    pointNodes[p.id] = circle;
    labelNodes[p.id] = shape("text", { "class": "label" + (p.cls === "District" ? " district" : ""), "data-label": p.id }, labelLayer);
  });

  // ---- filters and colours --------------------------------------------------------------
  var areaSelect = document.getElementById("dk-area");
  var provinceSelect = document.getElementById("dk-province");
  var yearSelect = document.getElementById("dk-year");
  var colourSelect = document.getElementById("dk-colour");
  function provincesOf(a) {
    var found = [a.dprov];
    var t = places[a.t];
    if (t && t.province) { found.push(t.province); }
    return found;
  }
  function uniq(values) { return values.filter(function (v, i) { return v && values.indexOf(v) === i; }).sort(); }
  var AREAS = uniq([].concat.apply([], DATA.arcs.map(function (a) { return a.areas; })));
  var PROVINCES = uniq([].concat.apply([], DATA.arcs.map(provincesOf)));
  var YEARS = uniq(DATA.arcs.map(function (a) { return a.year === null ? "" : String(a.year); }));
  var MODES = { area: "byArea", province: "byProvince", level: "byLevel" };
  function colourKey(a, mode) { return mode === "province" ? a.dprov : mode === "level" ? a.level : (a.areas[0] || ""); }
  function colourKeys(mode) {
    if (mode === "level") { return ["city", "county", "institution"]; }
    return mode === "province" ? uniq(DATA.arcs.map(function (a) { return a.dprov; })) : AREAS;
  }
  function colourFor(key, mode) {
    var index = colourKeys(mode).indexOf(key);
    return index < 0 ? NONE_COLOUR : PALETTE[index % PALETTE.length];
  }
  function colourOf(a) { return colourFor(colourKey(a, colourSelect.value), colourSelect.value); }
  function keyName(key, mode) {
    if (mode === "level") { return pick(DATA.levels[key] || [key, key]); }
    return key ? named(key) : ui("noArea");
  }
  function fill(select, values, text) {
    var chosen = select.value;
    clear(select);
    var all = el("option", ui("all"));
    all.value = "";
    select.appendChild(all);
    values.forEach(function (v) { var o = el("option", text(v)); o.value = v; select.appendChild(o); });
    select.value = values.indexOf(chosen) >= 0 ? chosen : "";
  }
  function fillControls() {
    fill(areaSelect, AREAS, named);
    fill(provinceSelect, PROVINCES, named);
    fill(yearSelect, YEARS, function (v) { return v; });
    var mode = colourSelect.value || DATA.colourBy;
    clear(colourSelect);
    Object.keys(MODES).forEach(function (m) { var o = el("option", ui(MODES[m])); o.value = m; colourSelect.appendChild(o); });
    colourSelect.value = mode;
  }
  function visible(a) {
    if (areaSelect.value && a.areas.indexOf(areaSelect.value) < 0) { return false; }
    if (provinceSelect.value && provincesOf(a).indexOf(provinceSelect.value) < 0) { return false; }
    if (yearSelect.value && String(a.year) !== yearSelect.value) { return false; }
    return true;
  }
  function apply() {
    var shown = {}, arcsShown = 0;
    DATA.places.forEach(function (p) { if (DATA.keep.indexOf(p.id) >= 0) { shown[p.id] = true; } });
    DATA.arcs.forEach(function (a) {
      var node = arcNodes[a.id], on = visible(a);
      node.group.classList.toggle("hidden", !on);
      node.line.setAttribute("stroke", colourOf(a));
      if (on) { shown[a.s] = shown[a.t] = true; arcsShown += 1; }
    });
    DATA.places.forEach(function (p) {
      pointNodes[p.id].classList.toggle("hidden", !shown[p.id]);
      labelNodes[p.id].classList.toggle("hidden", !shown[p.id]);
    });
    document.getElementById("dk-count").textContent = arcsShown + " / " + DATA.arcs.length + " " + ui("arcs") + " · " + Object.keys(shown).length + " " + ui("places");
    drawLegend();
    scale();
  }
  [areaSelect, provinceSelect, yearSelect, colourSelect].forEach(function (s) { s.addEventListener("change", apply); });

  function drawLegend() {
    var legend = document.getElementById("dk-legend");
    clear(legend);
    var mode = colourSelect.value;
    legend.appendChild(el("h3", ui(MODES[mode])));
    var counts = {};
    DATA.arcs.forEach(function (a) {
      if (!visible(a)) { return; }
      var key = colourKey(a, mode);
      counts[key] = (counts[key] || 0) + 1;
    });
    Object.keys(counts).sort().forEach(function (key) {
      var row = el("div");
      row.setAttribute("data-legend", key);
      var swatch = el("span", null, "dk-swatch");
      swatch.style.background = colourFor(key, mode);
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(keyName(key, mode)));
      row.appendChild(el("span", " " + counts[key], "dk-n"));
      legend.appendChild(row);
    });
    var sides = el("div", ui("sides"), "dk-meta");
    legend.appendChild(sides);
  }

  function drawUnlocated() {
    var box = document.getElementById("dk-unlocated");
    clear(box);
    if (!DATA.unlocated.length) { box.classList.add("hidden"); return; }
    box.appendChild(el("h3", ui("unlocated") + " (" + DATA.unlocated.length + ")"));
    var list = el("ul");
    DATA.unlocated.forEach(function (p) {
      var item = el("li", label(p));
      item.setAttribute("data-unlocated", p.id);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  // ---- the side panel -------------------------------------------------------------------
  var selected = null;
  function select(id) {
    if (selected) { selected.classList.remove("selected"); }
    var arc = arcNodes[id], place = places[id];
    selected = arc ? arc.line : pointNodes[id] || null;
    if (selected) { selected.classList.add("selected"); }
    var subject = arc ? arc.arc.pairing : id;
    clear(details);
    details.setAttribute("data-shown", subject);
    details.appendChild(el("h2", arc ? label(arc.arc) : label(place)));
    var meta = el("p", arc ? ui("pairing") + " · " + pick(DATA.levels[arc.arc.level] || [arc.arc.level, arc.arc.level]) : pick(DATA.classes[place.cls] || [place.cls, place.cls]), "dk-meta");
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(el("span", subject, "dk-id"));
    details.appendChild(meta);
    var page = duikouPanel.entityLink(DATA.entityBase, subject, ui("entity"));
    if (page) { details.appendChild(page); }
    details.appendChild(el("h3", ui("facts")));
    details.appendChild(duikouPanel.factList(DATA.facts[subject] || [], lang, null));
    var cited = DATA.cited[subject] || [];
    details.appendChild(el("h3", ui("sources") + " (" + cited.length + ")"));
    details.appendChild(duikouPanel.sourceList(cited, DATA.sources));
  }
  function hint() {
    clear(details);
    details.removeAttribute("data-shown");
    details.appendChild(el("p", ui("hint"), "dk-hint"));
  }

  // ---- pan and zoom: the viewBox moves; points and labels keep their size on screen --------
  var home0 = DATA.view.slice();
  var view = DATA.view.slice();
  function setView() { svg.setAttribute("viewBox", view.map(function (v) { return v.toFixed(2); }).join(" ")); scale(); }
  function unitsPerPixel() {
    var box = svg.getBoundingClientRect();
    return Math.max(view[2] / (box.width || 1), view[3] / (box.height || 1));
  }
  function scale() {
    var k = unitsPerPixel();
    world.style.setProperty("stroke-width", (0.8 * k).toFixed(3));
    Array.prototype.forEach.call(shapes.querySelectorAll(".boundary"), function (line) { line.setAttribute("stroke-width", (2.4 * k).toFixed(3)); });
    DATA.places.forEach(function (p) {
      pointNodes[p.id].setAttribute("r", ((p.cls === "District" ? 3.2 : 5) * k).toFixed(2));
      pointNodes[p.id].setAttribute("stroke-width", (1.2 * k).toFixed(2));
    });
    DATA.arcs.forEach(function (a) {
      arcNodes[a.id].line.setAttribute("stroke-width", ((a.level === "city" ? 2.4 : 1.3) * k).toFixed(2));
      arcNodes[a.id].hit.setAttribute("stroke-width", (10 * k).toFixed(2));
    });
    placeLabels(k);
  }
  function placeLabels(k) {
    // Cities first, then counties; each label takes the first of four spots that overlaps no
    // label placed before it, or is hidden.
    var taken = [];
    var order = DATA.places.slice().sort(function (a, b) { return (a.cls === "City" ? 0 : 1) - (b.cls === "City" ? 0 : 1) || b.arcs - a.arcs || (a.id < b.id ? -1 : 1); });
    order.forEach(function (p) {
      var text = labelNodes[p.id];
      if (pointNodes[p.id].classList.contains("hidden")) { return; }
      var size = (p.cls === "City" ? 12 : 10.5) * k;
      text.textContent = label(p);
      text.setAttribute("font-size", size.toFixed(2));
      text.setAttribute("stroke-width", (3 * k).toFixed(2));
      var gap = 7 * k, spots = [["start", gap, size * 0.35], ["end", -gap, size * 0.35], ["middle", 0, -gap], ["middle", 0, gap + size * 0.8]];
      var placed = false;
      for (var i = 0; i < spots.length && !placed; i++) {
        text.setAttribute("text-anchor", spots[i][0]);
        text.setAttribute("x", (p.x + spots[i][1]).toFixed(2));
        text.setAttribute("y", (p.y + spots[i][2]).toFixed(2));
        var b = text.getBBox();
        var clash = taken.some(function (t) { return b.x < t.x + t.width && t.x < b.x + b.width && b.y < t.y + t.height && t.y < b.y + b.height; });
        if (!clash) { taken.push(b); placed = true; }
      }
      text.classList.toggle("dim", !placed);
      text.style.visibility = placed ? "visible" : "hidden";
    });
  }
  function zoom(factor, cx, cy) {
    var w = Math.min(Math.max(view[2] * factor, home0[2] / 60), home0[2] * 3);
    var f = w / view[2];
    view = [cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, view[2] * f, view[3] * f];
    setView();
  }
  function toMap(event) {
    var box = svg.getBoundingClientRect(), k = unitsPerPixel();
    var extraX = (box.width * k - view[2]) / 2, extraY = (box.height * k - view[3]) / 2;
    return [view[0] - extraX + (event.clientX - box.left) * k, view[1] - extraY + (event.clientY - box.top) * k];
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = toMap(event);
    zoom(event.deltaY > 0 ? 1.25 : 0.8, at[0], at[1]);
  }, { passive: false });
  var dragging = null, moved = false;
  svg.addEventListener("pointerdown", function (event) { dragging = [event.clientX, event.clientY, view[0], view[1]]; moved = false; });
  window.addEventListener("pointermove", function (event) {
    if (!dragging) { return; }
    var dx = event.clientX - dragging[0], dy = event.clientY - dragging[1];
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    moved = true;
    svg.classList.add("dragging");
    var k = unitsPerPixel();
    view[0] = dragging[2] - dx * k;
    view[1] = dragging[3] - dy * k;
    svg.setAttribute("viewBox", view.map(function (v) { return v.toFixed(2); }).join(" "));
  });
  window.addEventListener("pointerup", function () { dragging = null; svg.classList.remove("dragging"); setTimeout(function () { moved = false; }, 0); });
  svg.addEventListener("click", function () { if (!moved) { if (selected) { selected.classList.remove("selected"); selected = null; } hint(); } });
  document.getElementById("dk-zoom-in").addEventListener("click", function () { zoom(0.7, view[0] + view[2] / 2, view[1] + view[3] / 2); });
  document.getElementById("dk-zoom-out").addEventListener("click", function () { zoom(1.4, view[0] + view[2] / 2, view[1] + view[3] / 2); });
  document.getElementById("dk-zoom-reset").addEventListener("click", function () { view = home0.slice(); setView(); });
  window.addEventListener("resize", scale);

  // ---- search ---------------------------------------------------------------------------
  var search = document.getElementById("dk-search");
  var results = document.getElementById("dk-results");
  function centreOn(id) {
    var p = places[id];
    view = [p.x - view[2] / 2, p.y - view[3] / 2, view[2], view[3]];
    setView();
    select(id);
  }
  search.addEventListener("input", function () {
    var query = search.value.trim().toLowerCase();
    clear(results);
    var found = duikouPanel.matching(DATA.places, query, DATA.places.length);
    DATA.places.forEach(function (p) {
      pointNodes[p.id].classList.toggle("match", found.indexOf(p) >= 0);
      pointNodes[p.id].classList.toggle("dim", query !== "" && found.indexOf(p) < 0);
    });
    found.slice(0, 20).forEach(function (p) {
      var button = el("button", label(p));
      button.type = "button";
      button.setAttribute("data-result", p.id);
      button.addEventListener("click", function () { results.classList.remove("open"); centreOn(p.id); });
      results.appendChild(button);
    });
    results.classList.toggle("open", found.length > 0);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && results.firstChild) { results.firstChild.click(); }
    if (event.key === "Escape") { results.classList.remove("open"); }
  });

  // ---- language -------------------------------------------------------------------------
  var langButton = document.getElementById("dk-lang");
  function applyLanguage() {
    document.documentElement.lang = lang === "en" ? "en" : "zh-Hans";
    document.title = pick(DATA.title);
    document.getElementById("dk-title").textContent = pick(DATA.title);
    Array.prototype.forEach.call(document.querySelectorAll("[data-ui]"), function (node) { node.textContent = ui(node.getAttribute("data-ui")); });
    search.placeholder = ui("search");
    langButton.textContent = ui("switch");
    document.getElementById("dk-credit").textContent = pick(DATA.credit);
    DATA.arcs.forEach(function (a) { arcNodes[a.id].group.querySelector("title").textContent = label(a); });
    fillControls();
    drawUnlocated();
    var shown = details.getAttribute("data-shown");
    if (shown) { select(selected && selected.parentNode && selected.parentNode.getAttribute("data-arc") || shown); } else { hint(); }
    apply();
  }
  langButton.addEventListener("click", function () { lang = lang === "en" ? "zh" : "en"; applyLanguage(); });

  // For tests and for readers who script the page.
  window.duikou = {
    arcs: function () { return DATA.arcs.filter(function (a) { return !arcNodes[a.id].group.classList.contains("hidden"); }).map(function (a) { return a.id; }); },
    points: function () { return DATA.places.filter(function (p) { return !pointNodes[p.id].classList.contains("hidden"); }).map(function (p) { return p.id; }); },
    select: select,
    view: function () { return view.slice(); },
  };
  setView();
  applyLanguage();
  document.body.setAttribute("data-ready", "true");
})();
