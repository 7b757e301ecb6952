"""The ``duikou`` command. Every verb is a thin wrapper over one library call, whose docstring
is the verb's help."""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from graph.facts.problems import LoadFailure

# Exit codes, as pySHACL: 0 conforms, 1 does not conform, 2 could not load.
CONFORMS, DOES_NOT_CONFORM, COULD_NOT_LOAD = 0, 1, 2


def _doc(function: Callable[..., object]) -> tuple[str, str]:
    text = inspect.getdoc(function) or ""
    first = text.partition("\n")[0]
    return first, text


def cmd_build(args: argparse.Namespace) -> int:
    from graph.api import build
    from graph.facts.problems import BuildFailed

    try:
        compiled = build(args.facts, args.out, graph_only=args.graph_only, stream=args.stream, jobs=args.jobs, cache=not args.no_cache)
    except BuildFailed as failure:
        print(failure.report.text(), file=sys.stderr)
        print(f"build failed: {len(failure.report.errors)} error(s); {args.out}/ was left as it was", file=sys.stderr)
        return DOES_NOT_CONFORM
    except OSError as error:  # disk full, no permission: the facts are fine, the outputs could not be written
        print(f"could not write {args.out}/: {error.strerror or error} — {args.out}/ was left as it was; free space or fix permissions and build again", file=sys.stderr)
        return COULD_NOT_LOAD
    summary = compiled.summary()
    for problem in compiled.report.warnings:
        print(problem, file=sys.stderr)
    written = "duikou.nt" if args.stream else "duikou.ttl, duikou.nt" if args.graph_only else "duikou.ttl, duikou.nt, duikou.jsonld"
    print(f"built {args.out}/{written} from {summary['files']} files")
    print("entities by class:")
    for name, count in summary["entities"].items():
        print(f"  {name:<16} {count:>6}")
    print(f"triples: {summary['triples']}  sources: {summary['sources']}  warnings: {summary['warnings']}")
    if not (args.graph_only or args.stream):
        print(f"network pages: {args.out}/pages/index.html")
    return CONFORMS


def cmd_check(args: argparse.Namespace) -> int:
    from graph.build.check import check

    report = check(args.facts, shapes=not args.no_shapes)
    if report.problems:
        print(report.text())
    if report.conforms:
        print(f"conforms ({len(report.warnings)} warning(s))", file=sys.stderr)
        return CONFORMS
    print(f"does not conform: {len(report.errors)} error(s), {len(report.warnings)} warning(s)", file=sys.stderr)
    return DOES_NOT_CONFORM


def cmd_schema(args: argparse.Namespace) -> int:
    from graph.rdf.derived_files import write_generated

    stale = write_generated(Path("."), check_only=args.check)
    if args.check and stale:
        for name in stale:
            print(f"{name} is out of date — run `duikou schema` to regenerate it", file=sys.stderr)
        return DOES_NOT_CONFORM
    for name in stale:
        print(f"wrote {name}")
    return CONFORMS


def cmd_locate(args: argparse.Namespace) -> int:
    from graph.facts.problems import BuildFailed
    from graph.geo.locate import locate

    try:
        result = locate(args.facts, check=args.check)
    except BuildFailed as failure:
        print(failure.report.text(), file=sys.stderr)
        return DOES_NOT_CONFORM
    for line in result.unmatched:
        print(f"not located: {line}", file=sys.stderr)
    if args.check:
        if result.changed:
            print(f"{result.path} is out of date — run `duikou locate` to rewrite it", file=sys.stderr)
            return DOES_NOT_CONFORM
        return CONFORMS
    verb = "wrote" if result.changed else "unchanged:"
    print(f"{verb} {result.path}: {len(result.located)} places located, {len(result.elsewhere)} located in other files, {len(result.unmatched)} not found")
    return CONFORMS


def cmd_stats(args: argparse.Namespace) -> int:
    import json

    from graph.facts.problems import BuildFailed
    from graph.facts.stats import stats, stats_text

    try:
        report = stats(args.facts)
    except BuildFailed as failure:
        print(failure.report.text(), file=sys.stderr)
        return DOES_NOT_CONFORM
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else stats_text(report))
    return CONFORMS


def cmd_query(args: argparse.Namespace) -> int:
    from graph.sparql.query import query

    try:
        sys.stdout.write(query(args.sparql, args.build, args.output, args.engine))
    except Exception as error:  # a malformed query is the user's input: say what is wrong
        if type(error).__name__ == "LoadFailure":
            raise
        print(f"query failed: {error}", file=sys.stderr)
        return DOES_NOT_CONFORM
    return CONFORMS


def cmd_push(args: argparse.Namespace) -> int:
    from graph.sparql.push import PushRefused, push

    try:
        pushed = push(args.build, args.endpoint, args.graph, args.user, args.password_env)
    except PushRefused as refusal:
        print(f"push refused: {refusal}", file=sys.stderr)
        return DOES_NOT_CONFORM
    print(f"replaced <{pushed.graph}> at {pushed.endpoint} with {pushed.triples} triples ({pushed.bytes} bytes, HTTP {pushed.status}, {pushed.seconds:.1f} s)")
    return CONFORMS


def _write_and_open(verb: str, write: Callable[[], Path], no_open: bool) -> int:
    """Write one page, print its path and open it in a browser when there is one."""
    import webbrowser

    from graph.facts.problems import BuildFailed

    try:
        path = write()
    except BuildFailed as failure:
        print(failure.report.text(), file=sys.stderr)
        return DOES_NOT_CONFORM
    except KeyError as error:
        print(f"{verb} failed: {error.args[0]}", file=sys.stderr)
        return DOES_NOT_CONFORM
    print(path)
    if not no_open:
        # Where no browser can be found, the printed path is the answer.
        with contextlib.suppress(webbrowser.Error):
            webbrowser.get().open(path.resolve().as_uri())
    return CONFORMS


def cmd_view(args: argparse.Namespace) -> int:
    from graph.views.view import view

    return _write_and_open("view", lambda: view(args.id, args.facts, depth=args.depth, pairing=args.pairing, lang=args.lang, out=args.out), args.no_open)


def cmd_map(args: argparse.Namespace) -> int:
    from graph.views.view import map_page

    return _write_and_open("map", lambda: map_page(args.facts, pairing=args.pairing, lang=args.lang, out=args.out), args.no_open)


def cmd_serve(args: argparse.Namespace) -> int:
    from graph.sparql.serve import serve

    serve(args.build, args.host, args.port, args.timeout, args.max_rows, args.workers, args.max_memory, args.on_disk)
    return CONFORMS


def cmd_export(args: argparse.Namespace) -> int:
    from graph.export.write import export
    from graph.facts.problems import BuildFailed

    try:
        written = export(args.facts, args.format, args.out)
    except (BuildFailed, OSError) as error:
        failed = isinstance(error, BuildFailed)
        print(error.report.text() if isinstance(error, BuildFailed) else f"could not write {args.out}/: {error.strerror or error}", file=sys.stderr)
        return DOES_NOT_CONFORM if failed else COULD_NOT_LOAD
    print("\n".join(str(path) for path in written))
    return CONFORMS


def cmd_generate(args: argparse.Namespace) -> int:
    from graph.bench.synthetic import write_synthetic_facts

    try:
        summary = write_synthetic_facts(args.dir, args.entities, args.seed)
    except ValueError as error:
        print(f"generate failed: {error}", file=sys.stderr)
        return DOES_NOT_CONFORM
    print(f"wrote {summary['entities']} synthetic entities ({summary['sources']} sources) in {summary['files']} files, {summary['bytes'] / 2**20:.1f} MiB, to {args.dir}/")
    return CONFORMS


def cmd_bench(args: argparse.Namespace) -> int:
    from graph.bench.benchmark import bench, table
    from graph.bench.processes import StepFailed

    steps = [s.strip() for s in args.steps.split(",") if s.strip()] if args.steps else None
    try:
        result = bench(args.entities, args.runs, args.seed, args.out, steps, args.stream, args.queries)
    except (ValueError, StepFailed) as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return DOES_NOT_CONFORM
    sys.stdout.write(table(result))
    print(f"figures written to {result['metadata']['written_to']}")
    return CONFORMS


def _commands() -> dict[str, tuple[Callable[[argparse.Namespace], int], Callable[..., object], Callable[[argparse.ArgumentParser], None]]]:
    from graph import api
    from graph.bench import benchmark as bench
    from graph.bench import synthetic as generate
    from graph.build import check
    from graph.export import write as export
    from graph.facts import stats
    from graph.geo import locate
    from graph.rdf import derived_files as generated
    from graph.sparql import push, serve
    from graph.sparql import query as sparql
    from graph.views import view

    def facts_arg(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--facts", type=Path, default=Path("facts"), metavar="DIR", help="facts folder (default: facts)")

    def build_args(parser: argparse.ArgumentParser) -> None:
        facts_arg(parser)
        parser.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="output folder (default: build)")
        parser.add_argument("--graph-only", action="store_true", help="write only the graph (Turtle, N-Triples, ontology, summary)")
        parser.add_argument("--stream", action="store_true", help="write N-Triples only, file by file (for very large facts)")
        parser.add_argument("--jobs", type=int, default=0, metavar="N", help="worker processes reading files (default: one per core)")
        parser.add_argument("--no-cache", action="store_true", help="read every file again and keep no cache in OUT/.cache")

    def check_args(parser: argparse.ArgumentParser) -> None:
        facts_arg(parser)
        parser.add_argument("--no-shapes", action="store_true", help="skip the SHACL shapes (model checks only)")

    def query_args(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("sparql", help="a SPARQL query, or the path of a .rq file")
        parser.add_argument("--build", type=Path, default=Path("build"), metavar="DIR", help="build folder (default: build)")
        parser.add_argument("--output", "-o", choices=("table", "csv", "tsv", "json"), default="table", help="output format (default: table)")
        parser.add_argument("--engine", choices=sparql.ENGINES, default="auto", help="oxigraph (the build's store) or rdflib (default: the store when present)")

    def serve_args(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--build", type=Path, default=Path("build"), metavar="DIR", help="build folder (default: build)")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
        parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
        parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="stop a query after this long (default: 10)")
        parser.add_argument("--max-rows", type=int, default=10_000, metavar="N", help="cut answers at N rows or triples (default: 10000)")
        parser.add_argument("--workers", type=int, default=2, metavar="N", help="queries running at full priority at once (default: 2)")
        parser.add_argument("--max-memory", type=int, default=2048, metavar="MIB", help="memory one query process may use, the graph held in memory included (default: 2048)")
        parser.add_argument("--on-disk", action="store_true", help="answer from the on-disk store even when the graph fits in memory")

    def stats_args(parser: argparse.ArgumentParser) -> None:
        facts_arg(parser)
        parser.add_argument("--json", action="store_true", help="print JSON instead of tables")

    def view_args(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("id", nargs="?", help="the entity at the centre (default: the whole network)")
        facts_arg(parser)
        parser.add_argument("--depth", type=int, default=2, metavar="N", help="links away from the entity to show (default: 2)")
        parser.add_argument("--pairing", metavar="ID", help="show one pairing's network instead")
        parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language (default: zh)")
        parser.add_argument("--out", type=Path, metavar="FILE", help="where to write the page (default: build/views/<id>.html)")
        parser.add_argument("--no-open", action="store_true", help="only write the page and print its path")

    def map_args(parser: argparse.ArgumentParser) -> None:
        facts_arg(parser)
        parser.add_argument("--pairing", metavar="ID", help="one city pairing's map instead of the programme's")
        parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language (default: zh)")
        parser.add_argument("--out", type=Path, metavar="FILE", help="where to write the page (default: build/views/map.html)")
        parser.add_argument("--no-open", action="store_true", help="only write the page and print its path")

    def schema_args(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--check", action="store_true", help="only report whether the committed files are current")

    def locate_args(parser: argparse.ArgumentParser) -> None:
        facts_arg(parser)
        parser.add_argument("--check", action="store_true", help="only report whether facts/places/locations.yaml is current")

    def push_args(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--endpoint", required=True, metavar="URL", help="the Graph Store Protocol endpoint")
        parser.add_argument("--graph", default=push.DEFAULT_GRAPH_IRI, metavar="IRI", help=f"named graph to replace (default: {push.DEFAULT_GRAPH_IRI})")
        parser.add_argument("--build", type=Path, default=Path("build"), metavar="DIR", help="build folder (default: build)")
        parser.add_argument("--user", metavar="U", help="user name for basic or digest authentication")
        parser.add_argument("--password-env", metavar="VAR", help="environment variable holding the password")

    def export_args(parser: argparse.ArgumentParser) -> None:
        facts_arg(parser)
        parser.add_argument("--format", choices=(*export.FORMATS, "all"), default="all", help="what to write (default: all)")
        parser.add_argument("--out", type=Path, default=Path("build") / "export", metavar="DIR", help="folder to write into (default: build/export)")

    def generate_args(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("dir", type=Path, metavar="DIR", help="folder to write the facts into (created if missing)")
        parser.add_argument("--entities", type=int, required=True, metavar="N", help="number of entities")
        parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")

    def bench_args(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--entities", type=int, required=True, metavar="N", help="number of synthetic entities")
        parser.add_argument("--runs", type=int, default=3, metavar="R", help="runs of each step, interleaved (default: 3)")
        parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the synthetic facts (default: 0)")
        parser.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="where the facts, outputs and OUT/bench-N.json go (default: build)")
        parser.add_argument("--steps", metavar="A,B", help=f"steps to run (default: all; {', '.join(bench.STEPS)})")
        parser.add_argument("--stream", action="store_true", help="build with --stream (N-Triples only, low memory; for 1M entities)")
        parser.add_argument(
            "--queries", choices=bench.QUERY_KINDS, default="all", help="which queries the queries step runs (default: all; selective: not the reports)"
        )

    return {
        "build": (cmd_build, api.build, build_args),
        "check": (cmd_check, check.check, check_args),
        "query": (cmd_query, sparql.query, query_args),
        "serve": (cmd_serve, serve.serve, serve_args),
        "stats": (cmd_stats, stats.stats, stats_args),
        "schema": (cmd_schema, generated.write_generated, schema_args),
        "locate": (cmd_locate, locate.locate, locate_args),
        "push": (cmd_push, push.push, push_args),
        "view": (cmd_view, view.view, view_args),
        "map": (cmd_map, view.map_page, map_args),
        "export": (cmd_export, export.export, export_args),
        "generate": (cmd_generate, generate.write_synthetic_facts, generate_args),
        "bench": (cmd_bench, bench.bench, bench_args),
    }


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duikou", description="Build and use the duikou paired-cooperation knowledge graph.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (handler, function, add_args) in _commands().items():
        summary, full = _doc(function)
        verb = sub.add_parser(name, help=summary, description=full, formatter_class=argparse.RawDescriptionHelpFormatter)
        add_args(verb)
        verb.set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show Chinese text gets escapes instead of a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except LoadFailure as failure:
        print(f"could not load: {failure}", file=sys.stderr)
        return COULD_NOT_LOAD
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
