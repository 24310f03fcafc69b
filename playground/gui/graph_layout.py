"""Where the cards of a network that branches go: rows by depth, branches side by side.

Pure arithmetic over a network's connections (no Qt), so the editor can lay out a graph of
hundreds of layers on every keystroke and tests can check the geometry directly.

Units: ``x`` counts card slots (a card is centred on its ``x``; neighbours are one apart) and
``row`` counts rows from the top. A node's row is its depth: one more than the deepest node it
reads, so every edge goes downwards. A layer that continues the only chain leaving a node keeps
that node's ``x`` (a column stays one column); a second reader of a node starts a new lane to
the right (a branch); a merge sits centred under the branches it joins. An edge whose straight
line would cut through a card in between (the skip of a residual block) is routed beside the
cards it passes, in its own track, so nested skips do not overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

INPUT = -1  # the network's input (as in playground.core.network.graph)
OUTPUT = -2  # the network's output, read by the last layer
SIDE = 0.5  # a routed edge runs this far (in slots) right of the cards it passes
ENTRY_SPREAD = 0.08  # slots between the points where the inputs of a merge arrive

Point = tuple[float, float]


@dataclass(frozen=True)
class Block:
    """A residual block: layers ``first``..``last`` in a chain, and ``merge`` joining the
    chain's output with what ``first`` reads (the skip)."""

    first: int
    last: int
    merge: int

    @property
    def members(self) -> range:
        return range(self.first, self.merge + 1)


@dataclass(frozen=True)
class Edge:
    """One connection as drawn: ``source`` (a node or :data:`INPUT`) to ``target`` (a node or
    :data:`OUTPUT`). ``side`` is the x of the lane a routed edge runs in (None: a straight
    line), ``track`` its place among routed edges sharing that lane, ``entry`` the offset (in
    slots) of the point where it reaches its target, so inputs of a merge arrive side by side."""

    source: int
    target: int
    side: float | None = None
    track: int = 0
    entry: float = 0.0


@dataclass(frozen=True)
class GraphLayout:
    """Each shown node's row and x, the edges, and which layers each shown node stands for."""

    rows: dict[int, int]
    xs: dict[int, float]
    edges: tuple[Edge, ...]
    members: dict[int, tuple[int, ...]]  # a shown node -> the layers it shows (a block: several)
    row_count: int
    left: float  # the smallest x (of a card, or of a routed edge)
    right: float  # the largest
    input_x: float  # the middle of the cards: the graph is centred here
    entry_x: float = 0.0  # where the input arrives: over the one layer that reads it, if one
    exit_x: float = 0.0  # where the output leaves: under the last layer

    @property
    def width(self) -> float:
        """Slots the graph needs, centred on :attr:`input_x`: its cards and side lanes."""
        return 2 * max(self.input_x - self.left, self.right - self.input_x) + 1

    @property
    def lanes(self) -> int:
        """How many cards sit side by side in the widest row."""
        counts: dict[int, int] = {}
        for row in self.rows.values():
            counts[row] = counts.get(row, 0) + 1
        return max(counts.values(), default=1)

    @property
    def is_column(self) -> bool:
        return self.lanes == 1 and all(e.side is None for e in self.edges)

    def node_of(self, layer: int) -> int:
        """The shown node that stands for ``layer`` (itself, or its collapsed block)."""
        for node, members in self.members.items():
            if layer in members:
                return node
        raise KeyError(layer)


def column_inputs(count: int) -> tuple[tuple[int, ...], ...]:
    return tuple((i - 1,) for i in range(count))


def consumers_of(inputs: Sequence[Sequence[int]]) -> dict[int, list[int]]:
    """For each node (and :data:`INPUT`), the layers that read it, in order."""
    readers: dict[int, list[int]] = {INPUT: []}
    for i in range(len(inputs)):
        readers[i] = []
    for i, entry in enumerate(inputs):
        for source in entry:
            readers[source].append(i)
    return readers


def skip_blocks(inputs: Sequence[Sequence[int]],
                is_merge: Callable[[int], bool] = lambda _i: True) -> list[Block]:
    """The residual blocks: a two-input merge ``m`` reading a chain ``first``..``m - 1`` and
    what ``first`` reads, where nothing outside the block reads a layer inside it."""
    readers = consumers_of(inputs)
    blocks = []
    for m, entry in enumerate(inputs):
        if len(entry) != 2 or m == 0 or (m - 1) not in entry or not is_merge(m):
            continue
        skip = entry[0] if entry[1] == m - 1 else entry[1]
        first = m - 1
        while True:
            if len(inputs[first]) != 1 or readers[first] != [first + 1 if first < m - 1 else m]:
                first = -2
                break
            if inputs[first][0] == skip:
                break
            if inputs[first][0] != first - 1:
                first = -2
                break
            first -= 1
        if first >= 0:
            blocks.append(Block(first, m - 1, m))
    return blocks


def _shown(inputs: Sequence[Sequence[int]], collapsed: Iterable[Block]
           ) -> tuple[dict[int, tuple[int, ...]], dict[int, list[int]]]:
    """The nodes to show (a collapsed block as its merge) and what each reads."""
    representative = {i: i for i in range(len(inputs))}
    representative[INPUT] = INPUT
    for block in collapsed:
        for i in block.members:
            representative[i] = block.merge
    members: dict[int, list[int]] = {}
    for i in range(len(inputs)):
        members.setdefault(representative[i], []).append(i)
    reads: dict[int, list[int]] = {}
    for node, layers in members.items():
        sources: list[int] = []
        for layer in layers:
            for s in inputs[layer]:
                r = representative[s]
                if r != node and r not in sources:
                    sources.append(r)
        reads[node] = sources
    return {node: tuple(layers) for node, layers in members.items()}, reads


def layout(inputs: Sequence[Sequence[int]], collapsed: Iterable[Block] = ()) -> GraphLayout:
    """Lay out a network given each layer's inputs (the full connections, a column included)."""
    members, reads = _shown(inputs, collapsed)
    order = sorted(members)
    rows: dict[int, int] = {INPUT: -1}
    xs: dict[int, float] = {INPUT: 0.0}
    continued: set[int] = set()
    by_row: dict[int, list[float]] = {}
    for node in order:
        sources = reads[node]
        row = 1 + max(rows[s] for s in sources) if sources else 0
        rows[node] = row
        if len(sources) == 1 and sources[0] not in continued:
            x = xs[sources[0]]
            continued.add(sources[0])
        elif len(sources) == 1:
            x = max([*by_row.get(row, []), xs[sources[0]]]) + 1  # a branch: a new lane
        else:
            for s in sources:
                continued.add(s)
            x = sum(xs[s] for s in sources) / len(sources)
        taken = by_row.setdefault(row, [])
        while any(abs(x - other) < 1 for other in taken):
            x = max(taken) + 1
        taken.append(x)
        xs[node] = x
    _centre_over_readers(order, reads, rows, xs)
    row_count = max((rows[n] for n in order), default=-1) + 1
    left = min((xs[n] for n in order), default=0.0)
    right = max((xs[n] for n in order), default=0.0)
    middle = (left + right) / 2
    readers = [node for node in order if INPUT in reads[node]]
    # The input's arrow runs straight down into a stem that alone reads it (a ResNet's first
    # convolution), not at a slant from the middle of the cards.
    xs[INPUT] = xs[readers[0]] if len(readers) == 1 else middle
    exit_x = xs[order[-1]] if order else middle
    edges = _edges(order, reads, rows, xs, row_count, exit_x)
    entry_x = xs[INPUT]
    side = [e.side - 0.3 for e in edges if e.side is not None]  # a side lane: little room
    right = max([right, *side]) if side else right
    del rows[INPUT], xs[INPUT]
    return GraphLayout(rows, xs, edges, members, row_count, left, right, middle, entry_x,
                       exit_x)


def _centre_over_readers(order: list[int], reads: dict[int, list[int]], rows: dict[int, int],
                         xs: dict[int, float]) -> None:
    """Put a node where it splits centred over its branches (and the chain leading to it
    above it), where no other card of its row is in the way."""
    readers: dict[int, list[int]] = {node: [] for node in order}
    for node in order:
        for s in reads[node]:
            if s != INPUT:
                readers[s].append(node)
    by_row: dict[int, list[int]] = {}
    for node in order:
        by_row.setdefault(rows[node], []).append(node)
    for node in reversed(order):
        below = readers[node]
        if len(below) >= 2:
            x = sum(xs[r] for r in below) / len(below)
        elif len(below) == 1 and reads[below[0]] == [node]:
            x = xs[below[0]]
        else:
            continue
        if all(abs(x - xs[other]) >= 1 for other in by_row[rows[node]] if other != node):
            xs[node] = x


def _edges(order: list[int], reads: dict[int, list[int]], rows: dict[int, int],
           xs: dict[int, float], row_count: int, exit_x: float) -> tuple[Edge, ...]:
    """Every connection, with routes for those that would cut through a card."""
    by_row: dict[int, list[float]] = {}
    for node in order:
        by_row.setdefault(rows[node], []).append(xs[node])
    pairs = [(s, node) for node in order for s in reads[node]]
    if order:
        pairs.append((order[-1], OUTPUT))
    rows = {**rows, OUTPUT: row_count}
    xs = {**xs, OUTPUT: exit_x}
    routed: list[tuple[float, int, int, int]] = []  # (side, top row, bottom row, track)
    sides: dict[tuple[int, int], tuple[float | None, int]] = {}
    for source, target in pairs:
        top, bottom = rows[source], rows[target]
        x0 = xs[source]
        between = [x for row in range(top + 1, bottom) for x in by_row.get(row, ())]
        if not any(abs(x - x0) < 1 for x in between):
            sides[(source, target)] = (None, 0)  # straight, or down its own lane then across
            continue
        side = max([*between, x0, xs[target]]) + SIDE
        track = sum(1 for s, t0, t1, _ in routed if s == side and t0 < bottom and top < t1)
        routed.append((side, top, bottom, track))
        sides[(source, target)] = (side, track)
    edges = []
    for node in [*order, OUTPUT]:
        incoming = [(s, t) for s, t in pairs if t == node]
        # Arrivals side by side, left to right as their sources sit (a routed one from the right).
        incoming.sort(key=lambda p: (sides[p][0] is not None, xs[p[0]]))
        for k, pair in enumerate(incoming):
            side, track = sides[pair]
            entry = (k - (len(incoming) - 1) / 2) * ENTRY_SPREAD
            edges.append(Edge(pair[0], pair[1], side, track, entry))
    return tuple(edges)


def polyline(edge: Edge, layout_: GraphLayout, top: Callable[[int], float],
             bottom: Callable[[int], float], x_of: Callable[[float], float],
             approach: float, track_gap: float = 0.0) -> list[Point]:
    """The points of ``edge``: from the bottom middle of its source to its entry point on top
    of its target. An edge that spans rows runs down its source's lane (or, when cards sit in
    that lane, down its side lane) and turns towards its target ``approach`` above it.

    ``top(node)`` and ``bottom(node)`` give y coordinates (``bottom(INPUT)``: where the input
    arrives; ``top(OUTPUT)``: where the output leaves), ``x_of`` turns slots into the caller's
    units, ``track_gap`` separates the tracks of a side lane.
    """
    def x_at(node: int) -> float:
        if node == INPUT:
            return layout_.entry_x
        return layout_.exit_x if node == OUTPUT else layout_.xs[node]

    def row_of(node: int) -> int:
        if node == INPUT:
            return -1
        return layout_.row_count if node == OUTPUT else layout_.rows[node]

    start = (x_of(x_at(edge.source)), bottom(edge.source))
    end = (x_of(x_at(edge.target) + edge.entry), top(edge.target))
    if edge.side is not None:
        side = x_of(edge.side) + edge.track * track_gap
        return [start, (side, start[1] + approach), (side, end[1] - approach), end]
    if row_of(edge.target) - row_of(edge.source) > 1 and start[0] != end[0]:
        return [start, (start[0], end[1] - approach), end]
    return [start, end]


def _crosses(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether segments ab and cd cross at a point that is not an end of either."""
    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    if {a, b} & {c, d}:
        return False
    d1, d2, d3, d4 = orient(c, d, a), orient(c, d, b), orient(a, b, c), orient(a, b, d)
    return d1 * d2 < 0 and d3 * d4 < 0


def crossings(layout_: GraphLayout) -> list[tuple[Edge, Edge]]:
    """The pairs of edges whose lines cross (in unit geometry: a card is 0.5 of a row tall)."""
    def top(node: int) -> float:
        return float(layout_.row_count if node == OUTPUT else layout_.rows[node])

    def bottom(node: int) -> float:
        return -0.5 if node == INPUT else layout_.rows[node] + 0.5

    lines = [(e, polyline(e, layout_, top, bottom, float, 0.2, 0.05)) for e in layout_.edges]
    found = []
    for i, (e1, p1) in enumerate(lines):
        for e2, p2 in lines[i + 1:]:
            if any(_crosses(p1[j], p1[j + 1], p2[k], p2[k + 1])
                   for j in range(len(p1) - 1) for k in range(len(p2) - 1)):
                found.append((e1, e2))
    return found
