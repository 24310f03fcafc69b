"""Layer types that slide a window over an image: Conv2D and the two pooling layers."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
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


def image_shape_for(shape: Shape) -> Shape | None:
    """An image shape holding the same values as ``shape``, if there is an obvious one."""
    if len(shape) == 2:
        return (1, *shape)
    n = math.prod(shape)
    for channels in (1, 3):
        side = math.isqrt(n // channels)
        if n % channels == 0 and side * side * channels == n:
            return (channels, side, side)
    return None


class WindowType(LayerType):
    """A layer that reads (channels, height, width) and slides a square window over it."""

    def _check_image(self, shape: Shape) -> None:
        if len(shape) == 3:
            return
        image = image_shape_for(shape)
        problem = Text(
            "{name} needs an image (channels, height, width) but receives {shape}.",
            name=self.name,
            shape=fmt_shape(shape),
        )
        if image is None:
            raise ShapeProblem(
                problem, Text("Feed it an image: put it before any Flatten or Dense layer.")
            )
        raise ShapeProblem(
            problem,
            Text("Insert a Reshape to {target} before it.", target=image),
            Repair("insert_before", "Reshape", {"target_shape": image}),
        )


def too_big(param: str, size: int, shape: Shape) -> ShapeProblem:
    """A window (``param``) larger than the image it slides over, repaired to fit."""
    smallest = min(shape[1], shape[2])
    values = {"size": size, "height": shape[1], "width": shape[2], "smallest": smallest}
    if param == "kernel_size":
        problem = Text(
            "Its {size}×{size} filter is larger than its {height}×{width} input.", **values
        )
        suggestion = Text(
            "Make the filter {smallest}×{smallest} or smaller, or remove earlier layers that "
            "shrink the image.",
            **values,
        )
    else:
        problem = Text(
            "Its {size}×{size} window is larger than its {height}×{width} input.", **values
        )
        suggestion = Text(
            "Make the window {smallest}×{smallest} or smaller, or remove earlier layers that "
            "shrink the image.",
            **values,
        )
    return ShapeProblem(problem, suggestion, Repair("set_params", params={param: smallest}))


class Conv2DType(WindowType):
    """Filters slid over the image: one output channel per filter."""

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        k = params["kernel_size"]
        return f"{params['filters']}×{k}×{k}, {params['padding']}, {params['activation']}"

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        self._check_image(shape)
        _, height, width = shape
        k, stride = params["kernel_size"], params["stride"]
        if params["padding"] == "same":
            return (params["filters"], math.ceil(height / stride), math.ceil(width / stride))
        if k > min(height, width):
            raise too_big("kernel_size", k, shape)
        return (params["filters"], (height - k) // stride + 1, (width - k) // stride + 1)

    def count(self, shape: Shape, params: Params) -> ParameterCount:
        channels, filters, k = shape[0], params["filters"], params["kernel_size"]
        total = filters * channels * k * k + filters
        values = {"filters": filters, "channels": channels, "k": k, "total": total}
        if channels == 1:
            text = Text(
                "{filters} filters × (1 channel × {k}×{k} pixels) + {filters} biases (one per "
                "filter) = {total} parameters.",
                **values,
            )
        else:
            text = Text(
                "{filters} filters × ({channels} channels × {k}×{k} pixels) + {filters} biases "
                "(one per filter) = {total} parameters.",
                **values,
            )
        return ParameterCount(total, total, text)

    def macs(self, shape: Shape, output: Shape, params: Params) -> int:
        k = params["kernel_size"]
        return output[1] * output[2] * output[0] * shape[0] * k * k

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from torch import nn

        k, stride = params["kernel_size"], params["stride"]
        built: list[nn.Module] = []
        padding = 0
        if params["padding"] == "same":
            pads = []
            for size in (shape[2], shape[1]):  # ZeroPad2d wants (left, right, top, bottom)
                total = max((math.ceil(size / stride) - 1) * stride + k - size, 0)
                pads += [total // 2, total - total // 2]
            if pads[0] == pads[1] == pads[2] == pads[3]:
                padding = pads[0]
            else:
                built.append(nn.ZeroPad2d(tuple(pads)))
        built.append(nn.Conv2d(shape[0], params["filters"], k, stride=stride, padding=padding))
        return built

    def module_source(self, module: nn.Module) -> str | None:
        from torch import nn

        if type(module) is nn.ZeroPad2d:
            return f"nn.ZeroPad2d({tuple(module.padding)})"
        if type(module) is not nn.Conv2d:
            return None
        m = module
        extra = f", stride={m.stride[0]}" if m.stride[0] != 1 else ""
        extra += f", padding={m.padding[0]}" if m.padding[0] else ""
        return f"nn.Conv2d({m.in_channels}, {m.out_channels}, {m.kernel_size[0]}{extra})"


@dataclass(frozen=True)
class PoolType(WindowType):
    """A window summarised into one value per channel (``torch_name`` says how: max or mean)."""

    torch_name: str = "MaxPool2d"

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        s = params["stride"] or params["pool_size"]
        return f"{params['pool_size']}×{params['pool_size']} /{s}"

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        self._check_image(shape)
        channels, height, width = shape
        size = params["pool_size"]
        stride = params["stride"] or size
        if size > min(height, width):
            raise too_big("pool_size", size, shape)
        return (channels, (height - size) // stride + 1, (width - size) // stride + 1)

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from torch import nn

        pool = getattr(nn, self.torch_name)
        return [pool(params["pool_size"], stride=params["stride"] or params["pool_size"])]

    def module_source(self, module: nn.Module) -> str | None:
        if type(module).__name__ != self.torch_name:
            return None
        stride = "" if module.stride == module.kernel_size else f", stride={module.stride}"
        return f"nn.{self.torch_name}({module.kernel_size}{stride})"


def _pool_params() -> tuple[ParamDef, ...]:
    return (
        ParamDef(
            "pool_size",
            "int",
            2,
            Text("Pool size"),
            Text("Side of the square window summarised into one value."),
            1,
            64,
        ),
        ParamDef(
            "stride",
            "int",
            0,
            Text("Stride"),
            Text("How far the window moves each step; 0 means the same as the pool size."),
            0,
            64,
        ),
    )


CONV2D = Conv2DType(
    "Conv2D",
    "convolution",
    Text("Conv2D"),
    Text(
        "A convolution slides small filters over the image. Each filter learns to "
        "respond to one local pattern (an edge, a curve) wherever it appears, and makes "
        "one feature map.",
    ),
    (
        ParamDef(
            "filters",
            "int",
            8,
            Text("Filters"),
            Text("How many patterns to learn; each gives one output channel."),
            1,
            1024,
        ),
        ParamDef(
            "kernel_size",
            "int",
            3,
            Text("Kernel size"),
            Text("Side of each square filter, in pixels."),
            1,
            31,
        ),
        ParamDef(
            "stride",
            "int",
            1,
            Text("Stride"),
            Text("How many pixels the filter moves each step; 2 halves the image."),
            1,
            16,
        ),
        ParamDef(
            "padding",
            "choice",
            "valid",
            Text("Padding"),
            Text(
                "'valid' uses only real pixels, so the image shrinks; 'same' pads the "
                "border with zeros so it keeps its size.",
            ),
            choices=("valid", "same"),
        ),
        activation_param("relu"),
    ),
    icon="conv",
    weighted=True,
    has_filters=True,
)

MAX_POOL2D = PoolType(
    "MaxPool2D",
    "pooling",
    Text("MaxPool2D"),
    Text(
        "Max pooling keeps the largest value of each small window, shrinking the feature "
        "maps while keeping the strongest responses.",
    ),
    _pool_params(),
    icon="max_pool",
    torch_name="MaxPool2d",
)

AVG_POOL2D = PoolType(
    "AvgPool2D",
    "pooling",
    Text("AvgPool2D"),
    Text(
        "Average pooling replaces each small window by its mean, shrinking the feature "
        "maps smoothly.",
    ),
    _pool_params(),
    icon="avg_pool",
    torch_name="AvgPool2d",
)
