"""Layer types that join two or more branches: Add, Multiply and Concatenate.

A merge layer reads several inputs (see :mod:`playground.core.network.graph`) and combines them
without weights. Add and Multiply work value by value, so every input must have the same shape:
broadcasting is refused, since a student who adds a (32, 14, 14) to a (64, 14, 14) made a
mistake that a silent stretch would hide; the fix offered puts a 1×1 convolution (or a Dense
layer for flat inputs) on the second branch, the "projection" ResNet uses. Concatenate lays the
inputs side by side along the axis that holds channels (images) or features (vectors and
sequences); every other size must match. The exported script writes the merges inline
(``x3 = x1 + x2``, ``torch.cat``), so they need no helper class there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from playground.core.network.layer_types.base import (
    LayerType,
    Params,
    Place,
    Repair,
    Shape,
    ShapeProblem,
    fmt_shape,
)
from playground.core.network.layer_types.words import Text

if TYPE_CHECKING:
    from torch import nn


def concat_axis(shape: Shape) -> int:
    """The axis (per sample, without the batch) that holds channels or features: the first for
    an image ``(C, H, W)`` or a vector ``(N,)``, the last for a sequence ``(T, F)``."""
    return 1 if len(shape) == 2 else 0


def projection(shape: Shape, wanted: Shape, input_number: int = 1) -> Repair | None:
    """The layer that turns ``shape`` into ``wanted`` when only channels or features differ,
    put on the connection into input ``input_number`` (from 0): a 1×1 convolution for images
    (with the stride that also halves the height and width, when a strided branch shrank
    them), a Dense layer for vectors."""
    if len(shape) == 3 and len(wanted) == 3:
        stride = _stride_between(shape[1:], wanted[1:])
        if stride is None:
            return None
        params = {"filters": wanted[0], "kernel_size": 1, "activation": "linear"}
        if stride > 1:
            params["stride"] = stride
        return Repair("insert_on_input", "Conv2D", params, input_number)
    if len(shape) == 1 and len(wanted) == 1:
        return Repair("insert_on_input", "Dense", {"units": wanted[0], "activation": "linear"},
                      input_number)
    return None


MAX_PROJECTION_STRIDE = 16  # Conv2D's largest stride


def _stride_between(size: Shape, wanted: Shape) -> int | None:
    """The stride a 1×1 convolution needs to turn ``size`` (height, width) into ``wanted``
    (``None`` if none does): it keeps ``(side - 1) // stride + 1`` of each side."""
    for stride in range(1, MAX_PROJECTION_STRIDE + 1):
        if all((side - 1) // stride + 1 == want for side, want in zip(size, wanted, strict=True)):
            return stride
    return None


class ValueMergeType(LayerType):
    """Inputs of one shape combined value by value (Add, Multiply)."""

    def merged_shape(self, shapes: Sequence[Shape], params: Params, place: Place) -> Shape:
        first = shapes[0]
        for number, shape in enumerate(shapes[1:], start=2):
            if shape != first:
                raise ShapeProblem(
                    Text("{type} needs inputs of one shape, but its first input is {first} and "
                         "input {number} is {other}; values cannot be {verb} position by "
                         "position.", type=self.name, first=fmt_shape(first), number=number,
                         other=fmt_shape(shape), verb=_VERBS[self.name]),
                    Text("Make the branches end in the same shape: a 1×1 convolution (or a "
                         "Dense layer) on the branch that differs changes its channels "
                         "(a projection, as ResNet does)."),
                    projection(shape, first, number - 1),
                )
        return first

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        return [_merge_module(self.name.lower())]

    def module_source(self, module: nn.Module) -> str | None:
        if type(module).__name__ == "Merge":
            return f'Merge("{module.how}")'
        return None


class ConcatenateType(LayerType):
    """Inputs laid side by side along their channels (images) or features (vectors)."""

    def merged_shape(self, shapes: Sequence[Shape], params: Params, place: Place) -> Shape:
        first = shapes[0]
        axis = concat_axis(first)
        for number, shape in enumerate(shapes[1:], start=2):
            rest = tuple(s for i, s in enumerate(shape) if i != axis)
            first_rest = tuple(s for i, s in enumerate(first) if i != axis)
            if len(shape) != len(first) or rest != first_rest:
                raise ShapeProblem(
                    Text("Concatenate joins its inputs along their {axis}, so every other size "
                         "must match, but its first input is {first} and input {number} is "
                         "{other}.", axis=_axis_words(first), first=fmt_shape(first),
                         number=number, other=fmt_shape(shape)),
                    Text("Make the branches end with the same height and width (the same "
                         "pooling and padding), or the same number of time steps."),
                )
        total = sum(shape[axis] for shape in shapes)
        return tuple(total if i == axis else s for i, s in enumerate(first))

    def describe(self, params: Params, number=format) -> str:  # type: ignore[no-untyped-def]
        return ""

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        return [_merge_module("concatenate", concat_axis(output) + 1)]

    def module_source(self, module: nn.Module) -> str | None:
        if type(module).__name__ == "Merge":
            return f'Merge("concatenate", dim={module.dim})'
        return None


_VERBS = {"Add": Text("added"), "Multiply": Text("multiplied")}


def _axis_words(shape: Shape) -> Text:
    return Text("channels") if len(shape) == 3 else Text("features")


def _merge_module(how: str, dim: int = 1) -> nn.Module:
    from playground.core.network.layer_types.modules import Merge

    return Merge(how, dim)


ADD = ValueMergeType(
    name="Add", family="merge", icon="add", merges=True,
    title=Text("Add"),
    explanation=Text(
        "Adds its inputs value by value. With one input being a few layers' output and the other "
        "what those layers received, it is a skip connection: the layers learn only a correction "
        "to what passes straight through, and the gradient reaches early layers undiminished, "
        "which lets very deep networks train (ResNet). The inputs must have the same shape."),
)
MULTIPLY = ValueMergeType(
    name="Multiply", family="merge", icon="multiply", merges=True,
    title=Text("Multiply"),
    explanation=Text(
        "Multiplies its inputs value by value: one branch can act as a gate that lets through, "
        "scales or blocks what the other carries. The inputs must have the same shape."),
)
CONCATENATE = ConcatenateType(
    name="Concatenate", family="merge", icon="concatenate", merges=True,
    title=Text("Concatenate"),
    explanation=Text(
        "Lays its inputs side by side: the channels of images (or the features of vectors) of "
        "every branch, one after the other. An inception block runs convolutions of several "
        "sizes in parallel and concatenates what they found. Every other size must match."),
)
