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
from playground.core.network.layer_types.words import Text, en_count, es_count, plural

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
        t = self.name
        raise ShapeProblem(
            Text(
                f"{t} needs an image (channels, height, width) but receives {fmt_shape(shape)}.",
                f"{t} necesita una imagen (canales, alto, ancho) pero recibe {fmt_shape(shape)}.",
            ),
            Text(
                f"Insert a Reshape to {image} before it." if image else
                "Feed it an image: put it before any Flatten or Dense layer.",
                f"Inserta un Redimensionar a {image} antes." if image else
                "Dale una imagen: colócala antes de cualquier Aplanar o capa densa.",
            ),
            Repair("insert_before", "Reshape", {"target_shape": image}) if image else None,
        )  # fmt: skip


def too_big(param: str, size: int, shape: Shape) -> ShapeProblem:
    """A window (``param``) larger than the image it slides over, repaired to fit."""
    smallest = min(shape[1], shape[2])
    what = ("filter", "filtro") if param == "kernel_size" else ("window", "ventana")
    return ShapeProblem(
        Text(
            f"Its {size}×{size} {what[0]} is larger than its {shape[1]}×{shape[2]} input.",
            f"Su {what[1]} de {size}×{size} es mayor que su entrada de {shape[1]}×{shape[2]}.",
        ),
        Text(
            f"Make the {what[0]} {smallest}×{smallest} or smaller, or remove earlier "
            "layers that shrink the image.",
            f"Reduce el {what[1]} a {smallest}×{smallest} o menos, o quita capas anteriores que "
            "encogen la imagen.",
        ),
        Repair("set_params", params={param: smallest}),
    )


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
        en, es = en_count, es_count
        return ParameterCount(total, total, Text(
            f"{en(filters)} filters × ({en(channels)} {plural(channels, 'channel', 'channels')} "
            f"× {k}×{k} pixels) + {en(filters)} biases (one per filter) = {en(total)} "
            "parameters.",
            f"{es(filters)} filtros × ({es(channels)} {plural(channels, 'canal', 'canales')} × "
            f"{k}×{k} píxeles) + {es(filters)} sesgos (uno por filtro) = {es(total)} "
            "parámetros.",
        ))  # fmt: skip

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
            Text("Pool size", "Tamaño de la ventana"),
            Text(
                "Side of the square window summarised into one value.",
                "Lado de la ventana cuadrada que se resume en un solo valor.",
            ),
            1,
            64,
        ),
        ParamDef(
            "stride",
            "int",
            0,
            Text("Stride", "Paso"),
            Text(
                "How far the window moves each step; 0 means the same as the pool size.",
                "Cuánto se desplaza la ventana en cada paso; 0 significa igual que el tamaño de "
                "la ventana.",
            ),
            0,
            64,
        ),
    )


CONV2D = Conv2DType(
    "Conv2D",
    "convolution",
    Text("Conv2D", "Conv2D"),
    Text(
        "A convolution slides small filters over the image. Each filter learns to "
        "respond to one local pattern (an edge, a curve) wherever it appears, and makes "
        "one feature map.",
        "Una convolución desliza filtros pequeños sobre la imagen. Cada filtro aprende a "
        "responder a un patrón local (un borde, una curva) allí donde aparezca, y produce "
        "un mapa de características.",
    ),
    (
        ParamDef(
            "filters",
            "int",
            8,
            Text("Filters", "Filtros"),
            Text(
                "How many patterns to learn; each gives one output channel.",
                "Cuántos patrones aprender; cada uno da un canal de salida.",
            ),
            1,
            1024,
        ),
        ParamDef(
            "kernel_size",
            "int",
            3,
            Text("Kernel size", "Tamaño del filtro"),
            Text(
                "Side of each square filter, in pixels.",
                "Lado de cada filtro cuadrado, en píxeles.",
            ),
            1,
            31,
        ),
        ParamDef(
            "stride",
            "int",
            1,
            Text("Stride", "Paso"),
            Text(
                "How many pixels the filter moves each step; 2 halves the image.",
                "Cuántos píxeles avanza el filtro en cada paso; 2 reduce la imagen a la "
                "mitad.",
            ),
            1,
            16,
        ),
        ParamDef(
            "padding",
            "choice",
            "valid",
            Text("Padding", "Relleno"),
            Text(
                "'valid' uses only real pixels, so the image shrinks; 'same' pads the "
                "border with zeros so it keeps its size.",
                "'valid' usa solo píxeles reales, así que la imagen encoge; 'same' rellena "
                "el borde con ceros para que conserve su tamaño.",
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
    Text("MaxPool2D", "MaxPool2D"),
    Text(
        "Max pooling keeps the largest value of each small window, shrinking the feature "
        "maps while keeping the strongest responses.",
        "El max pooling se queda con el valor mayor de cada ventana pequeña: reduce los "
        "mapas de características y conserva las respuestas más fuertes.",
    ),
    _pool_params(),
    icon="max_pool",
    torch_name="MaxPool2d",
)

AVG_POOL2D = PoolType(
    "AvgPool2D",
    "pooling",
    Text("AvgPool2D", "AvgPool2D"),
    Text(
        "Average pooling replaces each small window by its mean, shrinking the feature "
        "maps smoothly.",
        "El average pooling sustituye cada ventana pequeña por su media y reduce los mapas "
        "de características de forma suave.",
    ),
    _pool_params(),
    icon="avg_pool",
    torch_name="AvgPool2d",
)
