// What the network pages and the maps share: making elements with text only, links that open
// a source in a new tab, and the side panel's list of facts and list of sources.
var duikouPanel = (function () {
  "use strict";
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function link(url, text) {
    var a = el("a", text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  // rows: [property en, property zh, value en, value zh, entity id, url]; refButton(id) gives a
  // button for a value that is an entity shown on the page, or null.
  function factList(rows, lang, refButton) {
    var list = el("dl");
    rows.forEach(function (f) {
      list.appendChild(el("dt", lang === "en" ? f[0] : f[1]));
      var dd = el("dd");
      var text = lang === "en" ? f[2] : f[3];
      var button = f[4] && refButton ? refButton(f[4]) : null;
      if (button) {
        dd.appendChild(button);
      } else if (f[5] && /^https?:\/\//i.test(f[5])) {
        dd.appendChild(link(f[5], text));
      } else {
        dd.textContent = text;
      }
      list.appendChild(dd);
    });
    return list;
  }
  // cited: source ids; table: id -> [title, publisher, published, url].
  function sourceList(cited, table) {
    var sources = el("ol");
    sources.className = "dk-sources";
    cited.forEach(function (sid) {
      var s = table[sid] || ["", "", "", ""];
      var item = el("li");
      item.setAttribute("data-source", sid);
      item.appendChild(el("div", s[0] || sid));
      item.appendChild(el("div", [s[1], s[2]].filter(Boolean).join(" · "), "dk-meta"));
      item.appendChild(el("div", sid, "dk-id"));
      if (s[3] && /^https?:\/\//i.test(s[3])) { item.appendChild(link(s[3], s[3])); }
      else if (s[3]) { item.appendChild(el("div", s[3])); }
      sources.appendChild(item);
    });
    return sources;
  }
  // A link to the entity's page of the site, where the page was built beside one (base: the
  // site's id/ folder, relative to the page); null otherwise.
  function entityLink(base, id, text) {
    if (!base) { return null; }
    var a = el("a", text, "dk-entity");
    a.href = base + encodeURIComponent(id) + ".html";
    return a;
  }
  // Items ({zh, en, id}) whose names or id contain the query, at most ``limit``: exact names
  // first, then names that start with the query, then the rest, each in the items' order.
  function matching(items, query, limit) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var ranked = [];
    items.forEach(function (n, order) {
      var names = [n.zh, n.en, n.id].map(function (s) { return (s || "").toLowerCase(); });
      var rank = names.indexOf(q) >= 0 ? 0 : names.some(function (s) { return s.indexOf(q) === 0; }) ? 1 : names.some(function (s) { return s.indexOf(q) >= 0; }) ? 2 : -1;
      if (rank >= 0) { ranked.push([rank, order, n]); }
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return ranked.slice(0, limit).map(function (r) { return r[2]; });
  }
  return { el: el, clear: clear, link: link, factList: factList, sourceList: sourceList, entityLink: entityLink, matching: matching };
})();
