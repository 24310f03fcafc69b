"""The graph layout's arithmetic: rows by depth, lanes for branches, routed skips, no crossings."""

from __future__ import annotations

from playground.gui.graph_layout import (
    INPUT,
    OUTPUT,
    Block,
    column_inputs,
    crossings,
    layout,
    polyline,
    skip_blocks,
)

# A residual block: conv, conv, Add(conv 2, conv 1's input... ) then a head.
RESIDUAL = ((-1,), (0,), (1,), (2, 0), (3,))
# An inception block: a stem, three branches of one, two and two layers, a Concatenate, a head.
INCEPTION = ((-1,), (0,), (0,), (2,), (0,), (4,), (1, 3, 5), (6,), (7,))


def test_a_column_is_one_column() -> None:
    result = layout(column_inputs(6))
    assert result.rows == {i: i for i in range(6)}
    assert set(result.xs.values()) == {0.0}
    assert result.is_column and result.lanes == 1 and result.width == 1
    assert all(e.side is None for e in result.edges)
    assert [(e.source, e.target) for e in result.edges] == [
        (INPUT, 0), (0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, OUTPUT)]


def test_rows_are_depths() -> None:
    result = layout(INCEPTION)
    assert result.rows == {0: 0, 1: 1, 2: 1, 3: 2, 4: 1, 5: 2, 6: 3, 7: 4, 8: 5}
    for edge in result.edges:  # every edge goes down
        if edge.source != INPUT and edge.target != OUTPUT:
            assert result.rows[edge.source] < result.rows[edge.target]


def test_branches_sit_side_by_side_and_the_merge_is_centred() -> None:
    result = layout(INCEPTION)
    assert sorted({result.xs[1], result.xs[2], result.xs[4]}) == [0.0, 1.0, 2.0]
    assert result.xs[3] == result.xs[2] and result.xs[5] == result.xs[4]  # chains stay in lane
    assert result.xs[6] == 1.0 and result.xs[0] == 1.0  # stem and merge in the middle
    assert result.lanes == 3 and result.input_x == 1.0


def test_no_crossings_in_a_residual_and_an_inception_block() -> None:
    assert crossings(layout(RESIDUAL)) == []
    assert crossings(layout(INCEPTION)) == []


def test_a_skip_is_routed_beside_the_run_it_skips() -> None:
    result = layout(RESIDUAL)
    assert set(result.xs.values()) == {0.0}  # the block stays a column
    skip = next(e for e in result.edges if (e.source, e.target) == (0, 3))
    assert skip.side == 0.5
    straight = next(e for e in result.edges if (e.source, e.target) == (2, 3))
    assert straight.side is None and straight.entry < skip.entry  # arrivals side by side
    assert not result.is_column


def test_nested_skips_take_separate_tracks() -> None:
    nested = ((-1,), (0,), (1, 0), (2, -1), (3,))
    result = layout(nested)
    tracks = sorted(e.track for e in result.edges if e.side is not None)
    assert tracks == [0, 1]
    assert crossings(result) == []


def test_residual_blocks_are_found_and_fold_into_one_node() -> None:
    assert skip_blocks(RESIDUAL) == [Block(1, 2, 3)]
    assert skip_blocks(column_inputs(4)) == []
    assert skip_blocks(INCEPTION) == []  # a three-way merge is not a residual block
    folded = layout(RESIDUAL, skip_blocks(RESIDUAL))
    assert folded.members[3] == (1, 2, 3) and folded.node_of(2) == 3
    assert [(e.source, e.target) for e in folded.edges] == [
        (INPUT, 0), (0, 3), (3, 4), (4, OUTPUT)]
    assert folded.is_column


def test_a_block_read_from_outside_is_not_a_residual_block() -> None:
    # Layer 2 is read by the Add and by layer 4 too: folding it would hide a connection.
    leaky = ((-1,), (0,), (1,), (2, 0), (3, 2))
    assert skip_blocks(leaky) == []


def test_a_large_graph_lays_out() -> None:
    inputs: list[tuple[int, ...]] = []
    for _ in range(60):
        start = len(inputs)
        before = start - 1
        inputs += [(before,), (start,), (start + 1, before)]
    result = layout(inputs)
    assert result.row_count == len(inputs)
    assert crossings(result) == []
    assert len(skip_blocks(inputs)) == 60


def test_the_input_arrives_straight_at_a_stem_that_alone_reads_it() -> None:
    # A ResNet: stem, then a block whose skip starts at the stem; its lanes are 0 and 1, and
    # the stem sits over the middle of its two readers, off the middle of all the cards.
    resnet = ((-1,), (0,), (1,), (2, 0), (3,), (4,), (3, 5), (6,))
    result = layout(resnet)
    assert result.entry_x == result.xs[0]
    first = next(e for e in result.edges if e.source == INPUT)
    line = polyline(first, result, lambda n: 1.0, lambda n: 0.0, float, 0.2)
    assert len(line) == 2 and line[0][0] == line[1][0]  # straight down
    assert result.exit_x == result.xs[7]
    # Two layers read the input (two inputs' worth of branches): it arrives from the middle.
    two = layout(((-1,), (-1,), (0, 1), (2,)))
    assert two.entry_x == two.input_x
