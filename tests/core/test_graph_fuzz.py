"""Random small networks that branch: refused in the project's own words, or built exactly.

Hypothesis draws networks of Dense, Conv2D, pooling, Flatten, Add and Concatenate layers, each
reading random earlier nodes. Every one must end one of two ways: the description or the shape
inference refuses it with the project's own error (a :class:`SpecError` for connections that
cannot be, a :class:`ValidationError` in ``analysis.error`` for shapes that do not fit), or the
model builds and its forward pass gives, at every node, exactly the shape the inference promised
(and the parameter count it promised). Any other exception is a bug.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import torch
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from playground.core.errors import SpecError
from playground.core.network.build import build_model, count_parameters
from playground.core.network.graph import INPUT
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.network.validation import ValidationError

ACTIVATIONS = ("relu", "linear", "tanh")
MERGES = ("Add", "Concatenate")
IMAGE_KINDS = ("Conv2D", "MaxPool2D", "AvgPool2D", "Flatten")
KINDS = ("Dense", *IMAGE_KINDS, *MERGES)


@st.composite
def layers(draw: st.DrawFn, kinds: tuple[str, ...] = KINDS) -> LayerSpec:
    kind = draw(st.sampled_from(kinds))
    params: dict[str, Any] = {}
    if kind == "Dense":
        params = {"units": draw(st.integers(1, 6)),
                  "activation": draw(st.sampled_from(ACTIVATIONS))}
    elif kind == "Conv2D":
        params = {"filters": draw(st.integers(1, 4)), "kernel_size": draw(st.integers(1, 3)),
                  "stride": draw(st.integers(1, 2)),
                  "padding": draw(st.sampled_from(("valid", "same"))),
                  "activation": draw(st.sampled_from(ACTIVATIONS))}
    elif kind in ("MaxPool2D", "AvgPool2D"):
        params = {"pool_size": draw(st.integers(1, 3)), "stride": draw(st.integers(0, 2))}
    return LayerSpec(kind, params)


Network = tuple[tuple[int, ...], tuple[LayerSpec, ...], tuple[tuple[int, ...], ...]]


@st.composite
def wild_networks(draw: st.DrawFn) -> Network:
    """Any layers reading any earlier nodes: most are refused (layers that lead nowhere, merges
    of one input, convolutions of vectors, shapes that do not fit)."""
    shape = draw(input_shapes())
    chosen = tuple(draw(st.lists(layers(), min_size=1, max_size=7)))
    inputs = []
    for index, layer in enumerate(chosen):
        nodes = list(range(INPUT, index))
        if layer.type in MERGES:
            count = draw(st.integers(1, min(3, len(nodes))))  # one input: must be refused
            inputs.append(tuple(draw(st.permutations(nodes))[:count]))
        else:
            inputs.append((draw(st.sampled_from(nodes)),))
    return shape, chosen, tuple(inputs)


@st.composite
def tidy_networks(draw: st.DrawFn) -> Network:
    """Layers that read nodes nothing reads yet, with a type that suits what they read (image
    layers on images, Dense on vectors), and a Concatenate at the end joining the branches left
    open: mostly whole networks that branch, some with shapes that do not fit."""
    shape = draw(input_shapes())
    rank = {INPUT: len(shape)}
    chosen: list[LayerSpec] = []
    inputs: list[tuple[int, ...]] = []
    unread: list[int] = []  # layers nothing reads yet
    for index in range(draw(st.integers(1, 7))):
        pool = unread or [INPUT]
        alike = [n for n in pool if rank[n] == rank[pool[-1]]]
        if len(alike) >= 2 and draw(st.booleans()):
            layer = LayerSpec(draw(st.sampled_from(MERGES)))
            sources = tuple(alike[-draw(st.integers(2, min(3, len(alike)))):])
        else:
            source = draw(st.sampled_from([*pool, *range(INPUT, index)]))
            kinds = IMAGE_KINDS if rank[source] == 3 else ("Dense",)
            layer, sources = draw(layers(kinds)), (source,)
        rank[index] = 1 if layer.type in ("Flatten", "Dense") else rank[sources[0]]
        chosen.append(layer)
        inputs.append(sources)
        unread = [n for n in unread if n not in sources] + [index]
    if len(unread) > 1:
        chosen.append(LayerSpec("Concatenate"))
        inputs.append(tuple(unread))
    return shape, tuple(chosen), tuple(inputs)


def input_shapes() -> st.SearchStrategy[tuple[int, ...]]:
    image = st.tuples(st.integers(1, 3), st.integers(2, 8), st.integers(2, 8))
    return st.one_of(image, st.tuples(st.integers(1, 8)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(wild_networks(), tidy_networks()))
def test_a_random_network_is_refused_in_plain_words_or_builds_exactly(network: Network) -> None:
    shape, chosen, inputs = network
    try:
        spec = NetworkSpec(shape, "toy", 1, chosen, "fuzz", inputs)
    except SpecError:
        event("refused by the description")
        return  # a merge with one input, a layer that leads nowhere: refused by the description
    analysis = analyse(spec)
    if len(analysis.layers) == len(spec.layers) and len(analysis.layers[-1].output_shape) > 1:
        spec = spec.with_layers([*spec.layers, LayerSpec("Flatten")])  # a vector at the end
        analysis = analyse(spec)
    last = analysis.layers[-1].output_shape if len(analysis.layers) == len(spec.layers) else None
    if last is not None and len(last) == 1 and last != (1,):
        # The inference asks for the output size the network has: give it that many classes.
        spec = replace(spec, num_classes=last[0])
        analysis = analyse(spec)
    if analysis.error is not None:
        assert isinstance(analysis.error, ValidationError)
        assert str(analysis.error)
        event("refused by the shape inference")
        return
    event("built" if spec.is_sequential else "built, branching")
    model = build_model(spec, seed=0).eval()
    x = torch.rand(2, *spec.input_shape)
    with torch.no_grad():
        outputs = model.forward_all(x)
        final = model(x)
    assert len(outputs) == len(analysis.layers) == len(spec.layers)
    for info, out in zip(analysis.layers, outputs, strict=True):
        assert tuple(out.shape) == (2, *info.output_shape), (info.index, info.layer.type)
    assert tuple(final.shape) == (2, spec.num_classes)
    assert count_parameters(model) == analysis.total_params
