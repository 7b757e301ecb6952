// The duikou query editor: pick an example, edit, run against /sparql, see the rows.
// Every value from the server is put in the page with textContent, never as HTML.
"use strict";

const PREFIXES = [
  ["dk:", "https://w3id.org/duikou/ontology#"],
  ["id:", "https://w3id.org/duikou/id/"],
  ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
  ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
  ["skos:", "http://www.w3.org/2004/02/skos/core#"],
];
const NUMBERS = ["integer", "decimal", "double", "float"].map((t) => "http://www.w3.org/2001/XMLSchema#" + t);

function compact(iri) {
  for (const [prefix, namespace] of PREFIXES) {
    if (iri.startsWith(namespace)) return prefix + iri.slice(namespace.length);
  }
  return iri;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function setStatus(text, kind) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = kind || "";
}

function showTable(data) {
  const results = document.getElementById("results");
  const table = element("table");
  const head = table.createTHead().insertRow();
  for (const name of data.head.vars) head.appendChild(element("th", name));
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const name of data.head.vars) {
      const term = binding[name];
      const cell = row.insertCell();
      if (!term) continue;
      if (term.type === "uri") {
        cell.textContent = compact(term.value);
        cell.title = term.value;
        cell.className = "uri";
      } else {
        cell.textContent = term.value;
        if (term["xml:lang"]) cell.title = "@" + term["xml:lang"];
        else if (term.datatype) cell.title = compact(term.datatype);
        if (NUMBERS.includes(term.datatype)) cell.className = "number";
      }
    }
  }
  results.replaceChildren(table);
  return data.results.bindings.length;
}

async function run(event) {
  if (event) event.preventDefault();
  const query = document.getElementById("query").value;
  const button = document.getElementById("run");
  button.disabled = true;
  setStatus("running…");
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("Content-Type") || "";
    const results = document.getElementById("results");
    if (!response.ok) {
      results.replaceChildren(element("pre", await response.text()));
      setStatus(`error ${response.status} after ${seconds} s`, "error");
      return;
    }
    if (type.startsWith("text/turtle")) {
      results.replaceChildren(element("pre", await response.text()));
      setStatus(`${response.headers.get("X-Result-Rows")} triples in ${seconds} s`);
    } else {
      const data = await response.json();
      if ("boolean" in data) {
        results.replaceChildren(element("p", String(data.boolean), "boolean"));
        setStatus(`answer in ${seconds} s`);
      } else {
        const count = showTable(data);
        setStatus(`${count} row${count === 1 ? "" : "s"} in ${seconds} s`);
      }
    }
    const truncated = response.headers.get("X-Result-Truncated");
    if (truncated) setStatus(document.getElementById("status").textContent + " — " + truncated.replace(/^true; /, ""), "warning");
  } catch (error) {
    setStatus("the server did not answer: " + error, "error");
  } finally {
    button.disabled = false;
  }
}

async function loadExamples() {
  const select = document.getElementById("example");
  const response = await fetch("/queries.json");
  const examples = await response.json();
  for (const example of examples) {
    const option = element("option", example.title);
    option.value = example.name;
    select.appendChild(option);
  }
  select.addEventListener("change", () => {
    const chosen = examples.find((e) => e.name === select.value);
    document.getElementById("question").textContent = chosen ? chosen.question : "";
    if (chosen) document.getElementById("query").value = chosen.text;
  });
  select.dataset.loaded = String(examples.length);
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("editor").addEventListener("submit", run);
  document.getElementById("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(event);
  });
  loadExamples().catch((error) => setStatus("could not load the example queries: " + error, "error"));
});
