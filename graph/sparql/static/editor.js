// The query editor: YASGUI (installed from npm by setup.sh, served from /yasgui/), set up to
// work offline against this server. The endpoint is /sparql and no other; the autocompleters
// that ask Linked Open Vocabularies over the network are off (prefixes come from YASGUI's
// bundled list, variables from the query); nothing is kept in the browser's storage, so the
// example queries are always the server's. Entity and ontology IRIs in the results link to this
// server's pages (/id/<id>, /ontology#<term>).
(function () {
  "use strict";
  var LOCAL = [["https://w3id.org/duikou/id/", "/id/"], ["https://w3id.org/duikou/ontology#", "/ontology#"]];
  var endpoint = window.location.origin + "/sparql";

  function localHref(href) {
    for (var i = 0; i < LOCAL.length; i++) {
      if (href.indexOf(LOCAL[i][0]) === 0) {
        var rest = href.slice(LOCAL[i][0].length);
        if (/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(rest)) { return LOCAL[i][1] + rest; }
      }
    }
    return null;
  }

  // Results are drawn (and redrawn on paging and sorting) by YASR: links are pointed home as
  // they appear.
  function localise(root) {
    var links = root.querySelectorAll("a[href^='https://w3id.org/duikou/']");
    for (var i = 0; i < links.length; i++) {
      var local = localHref(links[i].getAttribute("href"));
      if (local) {
        links[i].setAttribute("href", local);
        links[i].removeAttribute("target");
        links[i].setAttribute("data-local", "");
      }
    }
  }

  function start(examples) {
    var Yasgui = window.Yasgui;
    var container = document.getElementById("yasgui");
    var yasgui = new Yasgui(container, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      persistenceId: null,
      populateFromUrl: false,
      autoAddOnInit: false,
      yasqe: { autocompleters: ["prefixes", "variables"], prefixCcApi: null, createShortLink: undefined },
      yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table" },
    });
    examples.forEach(function (example, index) {
      // The server predeclares duikou's prefixes; they are written out so that the editor's
      // checker knows them too, and the query reads the same anywhere it is pasted.
      yasgui.addTab(index === 0, { name: example.title, yasqe: { value: example.prologue + example.text } });
    });
    new MutationObserver(function () { localise(container); }).observe(container, { childList: true, subtree: true });
    // YASR's table handles clicks in its cells (to expand long values) and so swallows a
    // click on a link: a click on one of our links stops here, and the browser follows it.
    container.addEventListener("click", function (event) {
      if (event.target instanceof Element && event.target.closest("a[data-local]")) { event.stopPropagation(); }
    }, true);
    document.body.setAttribute("data-ready", "true");
    window.duikouEditor = yasgui;
  }

  fetch("/queries.json")
    .then(function (response) { return response.json(); })
    .then(start);
})();
