"""The connections of a network that branches: which nodes each layer reads, checked and edited.

A network is a list of layers in an order where every layer comes after the ones it reads (a
topological order). Its connections are, for each layer, the numbers of the nodes it reads:
:data:`INPUT` for the network's input, otherwise an earlier layer's index. A plain column reads
"the layer before" everywhere, and is stored with no connections at all, so a network that does
not branch reads, writes and compares exactly as before branching existed.

Because a layer may read only earlier layers, a cycle cannot be written down: a file that tries
names a later layer and is refused. The last layer is the network's output; every other layer
must lead to it, or it would compute something nobody uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from playground.core.errors import SpecError, shorten

INPUT = -1  # the network's input, as a layer's connection
MAX_INPUTS_PER_LAYER = 16
MAX_CONNECTIONS = 4096

Inputs = tuple[tuple[int, ...], ...]


def column(count: int) -> Inputs:
    """The connections of a plain column of ``count`` layers: each reads the one before."""
    return tuple((i - 1,) for i in range(count))


def canonical(inputs: Sequence[Sequence[int]], count: int,
              arity: Callable[[int], tuple[int, int]]) -> Inputs:
    """``inputs`` checked, as the spec stores them (``()`` for a plain column).

    ``arity(i)`` gives how many inputs layer ``i`` takes, as ``(least, most)``. Every way the
    connections can be wrong is a :class:`SpecError` naming the layer (numbered from 1, as the
    editor shows it).
    """
    if not inputs:
        checked = column(count)
    else:
        if not isinstance(inputs, Sequence) or isinstance(inputs, str) or len(inputs) != count:
            raise SpecError("A network's connections must list the inputs of each of its {count} "
                            "layers.", count=count)
        checked = tuple(_layer_inputs(i, entry) for i, entry in enumerate(inputs))
        if sum(len(entry) for entry in checked) > MAX_CONNECTIONS:
            raise SpecError("A network may have at most {most} connections.",
                            most=MAX_CONNECTIONS)
    for i, entry in enumerate(checked):
        least, most = arity(i)
        if not least <= len(entry) <= most:
            if most == 1:
                raise SpecError("Layer {number} reads {count} inputs, but it takes one.",
                                number=i + 1, count=len(entry))
            raise SpecError("Layer {number} merges {count} inputs, but it needs at least {least}.",
                            number=i + 1, count=len(entry), least=least)
    unused = unreachable(checked)
    if unused:
        raise SpecError("Layer {number} leads nowhere: nothing after it reads it, so the "
                        "network's output does not depend on it. Connect it or delete it.",
                        number=unused[0] + 1)
    return () if checked == column(count) else checked


def _layer_inputs(index: int, entry: object) -> tuple[int, ...]:
    if not isinstance(entry, Sequence) or isinstance(entry, str) or not entry:
        raise SpecError("Layer {number}'s inputs must be a non-empty list, not {value}.",
                        number=index + 1, value=shorten(entry))
    if len(entry) > MAX_INPUTS_PER_LAYER:
        raise SpecError("Layer {number} may read at most {most} inputs.", number=index + 1,
                        most=MAX_INPUTS_PER_LAYER)
    result = []
    for source in entry:
        if isinstance(source, bool) or not isinstance(source, int):
            raise SpecError("Layer {number} reads {value}, which is not a layer number.",
                            number=index + 1, value=shorten(source))
        if not INPUT <= source < index:
            raise SpecError("Layer {number} reads {value}, which is not the input or a layer "
                            "before it (a connection back would make a cycle).",
                            number=index + 1, value=shorten(source))
        if source in result:
            raise SpecError("Layer {number} reads the same input twice.", number=index + 1)
        result.append(source)
    return tuple(result)


def unreachable(inputs: Inputs) -> list[int]:
    """The layers (indices) the last layer does not depend on."""
    if not inputs:
        return []
    needed = {len(inputs) - 1}
    for i in range(len(inputs) - 1, -1, -1):
        if i in needed:
            needed.update(source for source in inputs[i] if source != INPUT)
    return [i for i in range(len(inputs)) if i not in needed]


def consumers(inputs: Inputs, index: int) -> list[int]:
    """The layers that read layer ``index`` (or the input, for :data:`INPUT`)."""
    return [i for i, entry in enumerate(inputs) if index in entry]


# -- edits: each takes full connections (``column(n)`` for a column) and returns new ones ------
def _shift(entry: tuple[int, ...], at: int, by: int) -> tuple[int, ...]:
    return tuple(s + by if s >= at else s for s in entry)


def inserted(inputs: Inputs, index: int) -> Inputs:
    """A layer put at ``index`` between the layer before it and the layer that was at
    ``index``, which now reads the new layer where it read the one before.

    When the layer at ``index`` does not read the one before (it starts another branch), the
    new layer goes after the one before on every connection: whatever read that layer reads the
    new one, so nothing is left leading nowhere.
    """
    before = index - 1
    shifted = [_shift(entry, index, 1) for entry in inputs]
    if index < len(shifted) and before in shifted[index]:
        shifted[index] = tuple(index if s == before else s for s in shifted[index])
    else:  # every reader of the layer before reads the new layer instead
        shifted = [tuple(index if s == before else s for s in entry) for entry in shifted]
    shifted.insert(index, (before,))
    return tuple(shifted)


def inserted_on(inputs: Inputs, source: int, target: int) -> Inputs:
    """A layer put on one connection, from ``source`` to ``target``: it goes just before
    ``target`` (at its index), reads ``source``, and ``target`` reads it instead of ``source``.
    Every other reader of ``source`` keeps reading ``source`` (a projection on a skip
    connection changes only the path into the merge)."""
    if not 0 <= target < len(inputs) or source not in inputs[target]:
        raise SpecError("There is no connection from that layer to this one.")
    shifted = [_shift(entry, target, 1) for entry in inputs]
    shifted[target] = tuple(target if s == source else s for s in shifted[target])
    shifted.insert(target, (source,))
    return tuple(shifted)


def removed(inputs: Inputs, index: int,
            merges: Callable[[int], bool] = lambda i: True) -> Inputs:
    """Layer ``index`` taken out: whatever read it reads what it read instead.

    ``merges(i)`` says whether layer ``i`` (numbered before the removal) takes several inputs:
    a merge that read the removed layer reads all of the removed layer's inputs, any other
    layer only its first one (a removed merge hands its first input on).
    """
    replacement = inputs[index]
    result = []
    for i, entry in enumerate(inputs):
        if i == index:
            continue
        rewired: list[int] = []
        for s in entry:
            sources = (s,)
            if s == index:
                sources = replacement if merges(i) else replacement[:1]
            for source in sources:
                if source not in rewired:
                    rewired.append(source)
        result.append(_shift(tuple(rewired), index + 1, -1))
    return tuple(result)


def skip_around(inputs: Inputs, first: int, last: int) -> tuple[Inputs, int]:
    """A skip connection around layers ``first``..``last``: a merge layer is put right after
    ``last`` reading both ``last`` and what ``first`` reads, and whatever read ``last`` reads
    the merge. Returns the connections and the merge's index."""
    if not 0 <= first <= last < len(inputs):
        raise SpecError("A skip connection needs a run of layers of the network.")
    entry = inputs[first]
    if len(entry) != 1:
        raise SpecError("A skip connection starts at a layer with one input.")
    merge = last + 1
    shifted = [_shift(e, merge, 1) for e in inputs]
    for i in range(merge, len(shifted)):
        shifted[i] = tuple(merge if s == last else s for s in shifted[i])
    shifted.insert(merge, (last, entry[0]))
    return tuple(shifted), merge


def parallel_branch(inputs: Inputs, first: int, last: int) -> tuple[Inputs, int, int]:
    """A parallel branch beside layers ``first``..``last``: a new layer reading what ``first``
    reads, and a merge after ``last`` joining the run and the branch; whatever read ``last``
    reads the merge. Returns the connections, the branch layer's index and the merge's."""
    with_merge, merge = skip_around(inputs, first, last)
    source = inputs[first][0]
    # The branch layer goes just before the merge, reading the run's input; the merge reads it.
    branch = merge
    shifted = [_shift(e, branch, 1) for e in with_merge]
    shifted.insert(branch, (source,))
    merge += 1
    shifted[merge] = (last, branch)
    return tuple(shifted), branch, merge


def connected(inputs: Inputs, source: int, target: int) -> Inputs:
    """``target`` reads ``source`` too (a merge gains an input)."""
    if not INPUT <= source < target < len(inputs):
        raise SpecError("A connection goes from a layer to a later one.")
    if source in inputs[target]:
        return inputs
    changed = list(inputs)
    changed[target] = (*inputs[target], source)
    return tuple(changed)


def disconnected(inputs: Inputs, source: int, target: int) -> Inputs:
    """``target`` no longer reads ``source``."""
    changed = list(inputs)
    changed[target] = tuple(s for s in inputs[target] if s != source)
    return tuple(changed)
