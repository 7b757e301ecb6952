// Reads a GEXF file with graphology-gexf (an independent reader: JavaScript, not networkx) and
// prints what the test compares: nodes with their attributes, edges with theirs, and the graph's
// own attributes (mode, time format).
"use strict";
const fs = require("fs");
const path = require("path");
const modules = path.join(__dirname, "..", "..", "web", "node_modules");
const Graph = require(path.join(modules, "graphology"));
const gexf = require(path.join(modules, "graphology-gexf"));

const graph = gexf.parse(Graph, fs.readFileSync(process.argv[2], "utf-8"), { allowUndeclaredAttributes: false });
const nodes = {};
graph.forEachNode((key, attributes) => { nodes[key] = attributes; });
const edges = [];
graph.forEachEdge((key, attributes, source, target) => { edges.push([source, target, attributes]); });
process.stdout.write(JSON.stringify({ type: graph.type, multi: graph.multi, attributes: graph.getAttributes(), nodes, edges }));
