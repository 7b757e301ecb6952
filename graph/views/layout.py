"""Positions for networks too large to lay out in the browser, computed with networkx.

A force simulation over 10,000 nodes in the browser takes minutes; a single networkx spring
layout of that size needs a dense n×n array per step. Instead the network is cut into
communities (Louvain), each community is laid out on its own with a spring layout, and the
communities are placed by a spring layout of the graph between them (recursively, when there
are many). Seeds are fixed and positions rounded, so the same network gives the same page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

# Above this many nodes a page gets positions from here and no physics in the browser.
PHYSICS_LIMIT = 400
# Largest group laid out in one piece: networkx's dense spring solver is quadratic in memory.
_PIECE = 300
_SEED = 7
_SPACING = 32.0  # pixels per node, roughly, so that labels have room when zoomed in


def positions(node_ids: Sequence[str], edges: Iterable[tuple[str, str]], seed: int = _SEED) -> dict[str, tuple[int, int]]:
    """Canvas positions (pixels, origin at the centre) for every node."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(node_ids))
    graph.add_edges_from(sorted((a, b) if a <= b else (b, a) for a, b in edges if a != b))
    placed = _place(graph, seed)
    return {node: (round(x), round(y)) for node, (x, y) in sorted(placed.items())}


def _place(graph: Any, seed: int) -> dict[Any, tuple[float, float]]:
    import networkx as nx

    size = graph.number_of_nodes()
    if size == 0:
        return {}
    if size <= _PIECE:
        return _spring(graph, seed)
    groups = _communities(graph, seed)
    if len(groups) == 1:  # nothing to split: a ring keeps it legible and costs nothing
        ring = nx.circular_layout(sorted(graph.nodes), scale=_SPACING * size / (2 * math.pi))
        return {n: (float(p[0]), float(p[1])) for n, p in ring.items()}
    local = [_place(graph.subgraph(group).copy(), seed) for group in groups]
    radii = [max((math.hypot(x, y) for x, y in piece.values()), default=0.0) + _SPACING for piece in local]
    member = {node: index for index, group in enumerate(groups) for node in group}
    between = nx.Graph()
    between.add_nodes_from(range(len(groups)))
    for a, b in graph.edges:
        ga, gb = member[a], member[b]
        if ga != gb:
            weight = between.get_edge_data(ga, gb, {"weight": 0})["weight"]
            between.add_edge(ga, gb, weight=weight + 1)
    centres = _place(between, seed) if len(groups) > _PIECE else _spring(between, seed, weight="weight")
    spread = _separate([centres[i] for i in range(len(groups))], radii)
    placed: dict[Any, tuple[float, float]] = {}
    for index, piece in enumerate(local):
        cx, cy = spread[index]
        for node, (x, y) in piece.items():
            placed[node] = (cx + x, cy + y)
    return placed


def _separate(centres: list[tuple[float, float]], radii: list[float]) -> list[tuple[float, float]]:
    """Move the groups' discs apart until none overlap, keeping the arrangement: first scale
    so that neighbours sit about a disc apart, then push overlapping pairs apart."""
    import numpy as np

    points = np.array(centres, dtype=float)
    sizes = np.array(radii, dtype=float)
    count = len(points)
    order = np.arange(count)
    # Coincident centres are told apart by their index, so the push has a direction.
    tie = np.where(order[:, None] < order[None, :], 1.0, -1.0)
    delta = points[:, None, :] - points[None, :, :]
    distance = np.hypot(delta[..., 0], delta[..., 1])
    np.fill_diagonal(distance, np.inf)
    nearest = float(np.median(distance.min(axis=1)))
    if nearest > 0 and math.isfinite(nearest):
        points *= 2 * float(np.median(sizes)) / nearest
    for _ in range(200):
        delta = points[:, None, :] - points[None, :, :]
        distance = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(distance, np.inf)
        overlap = np.clip(sizes[:, None] + sizes[None, :] - distance, 0.0, None)
        if float(overlap.max()) <= 0.5:
            break
        safe = np.where(distance < 1e-9, 1.0, distance)
        direction = np.where((distance < 1e-9)[..., None], np.stack([tie, np.zeros_like(tie)], axis=-1), delta / safe[..., None])
        points += (direction * (overlap / 2 + 0.5)[..., None]).sum(axis=1)
    return [(float(x), float(y)) for x, y in points]


def _spring(graph: Any, seed: int, weight: str | None = None) -> dict[Any, tuple[float, float]]:
    import networkx as nx

    size = graph.number_of_nodes()
    if size == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    layout = nx.spring_layout(graph, seed=seed, iterations=30, weight=weight, scale=_SPACING * math.sqrt(size))
    return {n: (float(p[0]), float(p[1])) for n, p in layout.items()}


def _communities(graph: Any, seed: int) -> list[list[str]]:
    """Louvain communities, each cut further until it fits in one piece; largest first."""
    import networkx as nx

    found = [sorted(c) for c in nx.community.louvain_communities(graph, seed=seed)]
    pieces: list[list[str]] = []
    for group in found:
        if len(group) > _PIECE and len(found) > 1:
            pieces.extend(_communities(graph.subgraph(group).copy(), seed))
        else:
            pieces.append(group)
    return sorted(pieces, key=lambda g: (-len(g), g[0]))
