"""How long the programme map takes to open and become interactive in headless Chromium.

    python -m graph.bench.map_open [--facts DIR] [--runs N] [--chromium PATH]

Builds the programme map and the network overview from the facts, then opens each page ``runs``
times, alternating, in one Chromium (Debian's, driven by playwright) and times from navigation
to the page's ``data-ready`` mark, which its script sets once everything is drawn and every
handler is bound. The overview, timed in the same run, is the baseline: the figures are
printed with the map's ratio to it, against the 3 s target.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 3.0
_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def open_times(pages: dict[str, Path], runs: int, chromium: str) -> dict[str, list[float]]:
    """Seconds from navigation to ready, for each page, runs interleaved."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {name: [] for name in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=_ARGS)
        for _ in range(runs):
            for name, path in pages.items():
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                started = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
                times[name].append(time.perf_counter() - started)
                page.close()
        browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.bench.map_open", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=Path, default=Path("facts"), help="facts folder (default: facts)")
    parser.add_argument("--runs", type=int, default=5, help="openings of each page (default: 5)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "", help="the browser (default: chromium on the PATH)")
    args = parser.parse_args(argv)
    if not args.chromium:
        print("no chromium found: install Debian's chromium or pass --chromium PATH", file=sys.stderr)
        return 2
    from graph.build.pipeline import compile_facts
    from graph.views.html import write_text
    from graph.views.mapmodel import programme_map
    from graph.views.mappage import map_html
    from graph.views.network import build_network
    from graph.views.pages import render

    triples = compile_facts(args.facts).triples
    net = build_network(triples)
    with tempfile.TemporaryDirectory() as folder:
        pages = {"map": Path(folder) / "map.html", "overview": Path(folder) / "overview.html"}
        write_text(pages["map"], map_html(programme_map(triples, net)))
        write_text(pages["overview"], render(net, ("overview", "overview")))
        sizes = {name: path.stat().st_size for name, path in pages.items()}
        times = open_times(pages, args.runs, args.chromium)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'page':<10} {'size':>9} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, values in times.items():
        print(f"{name:<10} {sizes[name] / 1024:>7.0f} KB {medians[name]:>9.2f} {min(values):>7.2f} {max(values):>7.2f}")
    ratio = medians["map"] / medians["overview"]
    verdict = "met" if medians["map"] <= TARGET_SECONDS else "NOT met"
    print(f"map / overview: {ratio:.2f}×; target: map interactive in at most {TARGET_SECONDS:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
