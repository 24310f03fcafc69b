"""Layer types that lay the same values out in another shape: Flatten and Reshape."""

from __future__ import annotations

import math
from collections.abc import Callable
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
from playground.core.network.layer_types.convolution import image_shape_for
from playground.core.network.layer_types.params import ParamDef
from playground.core.network.layer_types.words import Text

if TYPE_CHECKING:
    from torch import nn

RESHAPE_SOURCE = '''\
class Reshape(nn.Module):
    """Arrange each sample's values in a new shape (the batch axis stays)."""

    def __init__(self, target: tuple[int, ...]) -> None:
        super().__init__()
        self.target = target

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.target)'''


class FlattenType(LayerType):
    """One long row of the same values, in the same order."""

    def keeps_values(self, params: Params) -> bool:
        return True

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        return (math.prod(shape),)

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from torch import nn

        return [nn.Flatten()]

    def module_source(self, module: nn.Module) -> str | None:
        return "nn.Flatten()" if type(module).__name__ == "Flatten" else None


class ReshapeType(LayerType):
    """The same values in ``target_shape``, which must hold exactly as many."""

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        return "×".join(map(str, params["target_shape"]))

    def keeps_values(self, params: Params) -> bool:
        return True

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        target = tuple(params["target_shape"])
        n = math.prod(shape)
        if math.prod(target) == n:
            return target
        guess = image_shape_for(shape) if len(shape) == 1 else (n,)
        problem = Text(
            "Reshape to {target} needs {needed} values but receives {count} {shape}.",
            target=target,
            needed=math.prod(target),
            count=n,
            shape=fmt_shape(shape),
        )
        if guess is None:
            raise ShapeProblem(problem, Text("Use a target shape with {count} values.", count=n))
        raise ShapeProblem(
            problem,
            Text("Use a target shape with {count} values, such as {guess}.", count=n, guess=guess),
            Repair("set_params", params={"target_shape": guess}),
        )

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from playground.core.network.layer_types.modules import Reshape

        return [Reshape(params["target_shape"])]

    def module_source(self, module: nn.Module) -> str | None:
        from playground.core.network.layer_types.modules import Reshape

        return f"Reshape({module.target})" if type(module) is Reshape else None


FLATTEN = FlattenType(
    "Flatten",
    "core",
    Text("Flatten"),
    Text(
        "Flatten lays an image or a stack of feature maps out as one long list of numbers, "
        "so Dense layers can read it. It has no weights.",
    ),
    icon="flatten",
    rearranges=True,
    pixelwise=True,
    backprop="pass",
)

RESHAPE = ReshapeType(
    "Reshape",
    "core",
    Text("Reshape"),
    Text(
        "Reshape arranges the same numbers in a new shape, for example a list of 784 "
        "values as a 28×28 image, or an image as 28 rows read one after another.",
    ),
    (
        ParamDef(
            "target_shape",
            "shape",
            (1, 28, 28),
            Text("Target shape"),
            Text(
                "The new shape, without the batch; it must hold as many values as the input.",
            ),
        ),
    ),
    icon="reshape",
    rearranges=True,
    pixelwise=True,
    export_helpers={"Reshape": RESHAPE_SOURCE},
)
