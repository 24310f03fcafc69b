"""The Dense (fully connected) layer type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from playground.core.network.layer_types.activations import activation_param
from playground.core.network.layer_types.base import (
    LayerType,
    ParameterCount,
    Params,
    Place,
    Repair,
    Shape,
    ShapeProblem,
    fmt_shape,
)
from playground.core.network.layer_types.params import ParamDef
from playground.core.network.layer_types.words import Text

if TYPE_CHECKING:
    from torch import nn


def units_param(default: int, help_: Text) -> ParamDef:
    """The ``units`` parameter (Dense and the recurrent layers): how many outputs."""
    return ParamDef("units", "int", default, Text("Units"), help_, 1, 65536)


def need_flat(name: str, shape: Shape) -> ShapeProblem:
    """The problem of a layer that reads a flat vector but receives ``shape``."""
    return ShapeProblem(
        Text(
            "{name} needs a flat list of numbers but receives {shape}.",
            name=name,
            shape=fmt_shape(shape),
        ),
        Text("Insert a Flatten layer before it."),
        Repair("insert_before", "Flatten"),
    )


class DenseType(LayerType):
    """Every output is a weighted sum of every input: ``units × inputs`` weights and a bias."""

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        return f"{params['units']}, {params['activation']}"

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        if len(shape) != 1:
            raise need_flat(self.name, shape)
        return (params["units"],)

    def count(self, shape: Shape, params: Params) -> ParameterCount:
        inputs, units, bias = shape[0], params["units"], params["use_bias"]
        total = inputs * units + (units if bias else 0)
        if bias:
            text = Text(
                "{inputs} inputs × {units} units + {units} biases (one per unit) = {total} "
                "parameters.",
                inputs=inputs,
                units=units,
                total=total,
            )
        else:
            text = Text(
                "{inputs} inputs × {units} units = {total} parameters (no biases).",
                inputs=inputs,
                units=units,
                total=total,
            )
        return ParameterCount(total, total, text)

    def macs(self, shape: Shape, output: Shape, params: Params) -> int:
        return shape[0] * params["units"]

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from torch import nn

        return [nn.Linear(shape[0], params["units"], bias=params["use_bias"])]

    def module_source(self, module: nn.Module) -> str | None:
        from torch import nn

        if type(module) is not nn.Linear:
            return None
        bias = "" if module.bias is not None else ", bias=False"
        return f"nn.Linear({module.in_features}, {module.out_features}{bias})"


DENSE = DenseType(
    "Dense",
    "core",
    Text("Dense"),
    Text(
        "A fully connected layer: every output neuron looks at every input value, "
        "multiplies each by a weight, adds them up with a bias and applies an activation.",
    ),
    (
        units_param(
            64,
            Text("Number of neurons, and so of output values."),
        ),
        activation_param("relu"),
        ParamDef(
            "use_bias",
            "bool",
            True,
            Text("Use bias"),
            Text("Add a learned constant to each neuron's sum."),
        ),
    ),
    icon="dense",
    weighted=True,
    sizes_output=True,
    has_unit_weights=True,
    backprop="dense",
)
