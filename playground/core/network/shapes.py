"""Shape inference, parameter counts and validation, without building or training anything.

The editor re-runs this on every keystroke, so it is plain arithmetic over the spec (no torch).
Parameter counts follow what :mod:`playground.core.network.build` really creates; for Dense and
Conv2D
networks they equal Keras' counts, and BatchNorm counts its running statistics as non-trainable
parameters, as Keras does. Every problem becomes a :class:`ValidationError` that names the layer,
says what is wrong and, where one exists, carries an automatic :class:`Fix`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import NoReturn

from playground.core.network.layers import Text, es_number
from playground.core.network.output_head import output_warnings
from playground.core.network.param_counts import parameter_count
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.network.validation import Fix, ValidationError

Shape = tuple[int, ...]
BYTES_PER_VALUE = 4  # float32
# Weights, gradients and two optimizer moments (Adam) per parameter while training.
TRAINING_COPIES_PER_PARAM = 4


@dataclass(frozen=True)
class LayerInfo:
    """What one layer produces for one sample."""

    index: int
    layer: LayerSpec
    output_shape: Shape
    params: int
    trainable: int
    macs: int  # multiply-adds per sample
    input_shape: Shape = ()

    @property
    def non_trainable(self) -> int:
        return self.params - self.trainable

    @property
    def parameter_explanation(self) -> Text:
        """The parameter count as a formula with this layer's numbers (same computation)."""
        return parameter_count(self.layer, self.input_shape).explanation


@dataclass(frozen=True)
class Analysis:
    """The layers up to the first problem, and the problem (``None`` when the network is valid).

    The editor shows shapes for every layer before an error and marks the failing one, so this
    returns partial results instead of only raising.
    """

    spec: NetworkSpec
    layers: tuple[LayerInfo, ...]
    error: ValidationError | None
    # Problems that do not stop training (a softmax that is not the output's), each with a fix.
    warnings: tuple[ValidationError, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def total_params(self) -> int:
        return sum(info.params for info in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(info.trainable for info in self.layers)

    @property
    def macs(self) -> int:
        return sum(info.macs for info in self.layers)

    @property
    def param_bytes(self) -> int:
        return self.total_params * BYTES_PER_VALUE

    @property
    def activation_bytes(self) -> int:
        """Memory for one sample's intermediate outputs during a forward pass."""
        values = math.prod(self.spec.input_shape) + sum(
            math.prod(info.output_shape) for info in self.layers
        )
        return values * BYTES_PER_VALUE

    def raise_error(self) -> Analysis:
        if self.error is not None:
            raise self.error
        return self

    def table(self) -> str:
        """A Keras-style summary: one row per layer, then the totals."""
        rows = [("Layer (type)", "Output Shape", "Param #")]
        rows.append(("input (Input)", _fmt_shape(self.spec.input_shape), "0"))
        for info in self.layers:
            label = f"{info.index + 1:>2} {info.layer.type}"
            detail = info.layer.describe()
            if detail:
                label += f" ({detail})"
            rows.append((label, _fmt_shape(info.output_shape), f"{info.params:,}"))
        widths = [max(len(r[i]) for r in rows) + 3 for i in range(3)]
        line = "-" * sum(widths)
        out = [f'Model: "{self.spec.name or "network"}"', line]
        for n, row in enumerate(rows):
            out.append(row[0].ljust(widths[0]) + row[1].ljust(widths[1]) + row[2].rjust(widths[2]))
            out.append("=" * len(line) if n == 0 else "")
        out = [o for o in out if o]
        out += [
            line,
            f"Total params: {self.total_params:,}",
            f"Trainable params: {self.trainable_params:,}",
            f"Non-trainable params: {self.total_params - self.trainable_params:,}",
            f"Multiply-adds per sample: {self.macs:,}",
        ]
        if self.error is not None:
            out.append(f"Invalid: {self.error}")
        out += [f"Warning: {warning}" for warning in self.warnings]
        return "\n".join(out)


def _fmt_shape(shape: Shape) -> str:
    return "(None, " + ", ".join(map(str, shape)) + ")"


def physical_memory_bytes() -> int:
    """This computer's RAM, or 8 GiB where the platform does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 << 30


def analyse(spec: NetworkSpec, memory_limit: int | None = None) -> Analysis:
    """Infer every layer's output shape and parameter count, stopping at the first problem."""
    infos: list[LayerInfo] = []
    shape = spec.input_shape
    for index, layer in enumerate(spec.layers):
        before = shape
        try:
            shape, params, trainable, macs = _layer_rule(spec, index, layer, shape)
        except ValidationError as error:
            return Analysis(spec, tuple(infos), error)
        infos.append(LayerInfo(index, layer, shape, params, trainable, macs, before))
    partial = Analysis(spec, tuple(infos), None)
    error = _check_output(spec, shape) or _check_memory(partial, memory_limit)
    warnings = output_warnings(spec, [info.output_shape for info in infos])
    return Analysis(spec, tuple(infos), error, warnings)


def infer_shapes(spec: NetworkSpec, memory_limit: int | None = None) -> Analysis:
    """Like :func:`analyse` but raises the :class:`ValidationError` of an invalid network."""
    return analyse(spec, memory_limit).raise_error()


def _error(
    spec: NetworkSpec,
    index: int | None,
    problem: tuple[str, str],
    suggestion: tuple[str, str],
    fix_spec: NetworkSpec | None = None,
) -> ValidationError:
    layer_type = spec.layers[index].type if index is not None else "network"
    fix = Fix(suggestion[0], suggestion[1], fix_spec) if fix_spec is not None else None
    return ValidationError(
        index, layer_type, problem[0], suggestion[0], fix, problem[1], suggestion[1]
    )


def _reshape_for_images(shape: Shape) -> Shape | None:
    """An image shape holding the same values as ``shape``, if there is an obvious one."""
    if len(shape) == 2:
        return (1, *shape)
    n = math.prod(shape)
    for channels in (1, 3):
        side = math.isqrt(n // channels)
        if n % channels == 0 and side * side * channels == n:
            return (channels, side, side)
    return None


def _reshape_for_sequence(shape: Shape) -> Shape:
    """Rows as time steps: (C, H, W) -> (C*H, W); a square vector becomes its rows."""
    if len(shape) == 3:
        return (shape[0] * shape[1], shape[2])
    n = shape[0]
    side = math.isqrt(n)
    return (side, side) if side * side == n else (n, 1)


def _layer_rule(
    spec: NetworkSpec, i: int, layer: LayerSpec, shape: Shape
) -> tuple[Shape, int, int, int]:
    """(output shape, parameters, trainable parameters, multiply-adds) for one layer."""
    p = layer.params
    t = layer.type
    if t == "Dense":
        if len(shape) != 1:
            return _need_flat(spec, i, shape)
        n_in, units = shape[0], p["units"]
        count = parameter_count(layer, shape)
        return (units,), count.total, count.trainable, n_in * units
    if t in ("Conv2D", "MaxPool2D", "AvgPool2D"):
        if len(shape) != 3:
            image = _reshape_for_images(shape)
            fix = spec.insert(i, LayerSpec.create("Reshape", target_shape=image)) if image else None
            where = "an image (channels, height, width)"
            raise _error(
                spec,
                i,
                (
                    f"{t} needs {where} but receives {_fmt_shape(shape)}.",
                    f"{t} necesita una imagen (canales, alto, ancho) pero recibe "
                    f"{_fmt_shape(shape)}.",
                ),
                (
                    f"Insert a Reshape to {image} before it." if image else
                    "Feed it an image: put it before any Flatten or Dense layer.",
                    f"Inserta un Redimensionar a {image} antes." if image else
                    "Dale una imagen: colócala antes de cualquier Aplanar o capa densa.",
                ),
                fix,
            )
        return _spatial_rule(spec, i, layer, shape)
    if t == "Flatten":
        return (math.prod(shape),), 0, 0, 0
    if t == "Reshape":
        target = tuple(p["target_shape"])
        if math.prod(target) != math.prod(shape):
            guess = _reshape_for_images(shape) if len(shape) == 1 else (math.prod(shape),)
            fixed = spec.replace_layer(i, layer.with_params(target_shape=guess)) if guess else None
            raise _error(
                spec,
                i,
                (
                    f"Reshape to {target} needs {math.prod(target)} values but receives "
                    f"{math.prod(shape)} {_fmt_shape(shape)}.",
                    f"Redimensionar a {target} necesita {math.prod(target)} valores pero recibe "
                    f"{math.prod(shape)} {_fmt_shape(shape)}.",
                ),
                (
                    f"Use a target shape with {math.prod(shape)} values, such as {guess}.",
                    f"Usa una forma de destino con {math.prod(shape)} valores, como {guess}.",
                ),
                fixed,
            )
        return target, 0, 0, 0
    if t in ("Dropout", "Activation"):
        return shape, 0, 0, 0
    if t == "BatchNorm":
        count = parameter_count(layer, shape)
        return shape, count.total, count.trainable, 0
    if t in ("SimpleRNN", "LSTM", "GRU"):
        return _recurrent_rule(spec, i, layer, shape)
    if t == "Embedding":
        return _embedding_rule(spec, i, layer, shape)
    raise AssertionError(f"no shape rule for {t}")  # the catalogue and this module disagree


def _need_flat(spec: NetworkSpec, i: int, shape: Shape) -> NoReturn:
    t = spec.layers[i].type
    fix = spec.insert(i, LayerSpec.create("Flatten"))
    raise _error(
        spec,
        i,
        (
            f"{t} needs a flat list of numbers but receives {_fmt_shape(shape)}.",
            f"{t} necesita una lista plana de números pero recibe {_fmt_shape(shape)}.",
        ),
        (
            "Insert a Flatten layer before it.",
            "Inserta una capa Aplanar antes.",
        ),
        fix,
    )


def _spatial_rule(
    spec: NetworkSpec, i: int, layer: LayerSpec, shape: Shape
) -> tuple[Shape, int, int, int]:
    p, t = layer.params, layer.type
    channels, height, width = shape
    smallest = min(height, width)
    if t == "Conv2D":
        k, stride, filters = p["kernel_size"], p["stride"], p["filters"]
        if p["padding"] == "same":
            out_h, out_w = math.ceil(height / stride), math.ceil(width / stride)
        else:
            if k > smallest:
                raise _too_big(spec, i, "kernel_size", k, shape, smallest)
            out_h, out_w = (height - k) // stride + 1, (width - k) // stride + 1
        params = parameter_count(layer, shape).total
        return (filters, out_h, out_w), params, params, out_h * out_w * filters * channels * k * k
    size = p["pool_size"]
    stride = p["stride"] or size
    if size > smallest:
        raise _too_big(spec, i, "pool_size", size, shape, smallest)
    out_h, out_w = (height - size) // stride + 1, (width - size) // stride + 1
    return (channels, out_h, out_w), 0, 0, 0


def _too_big(
    spec: NetworkSpec, i: int, param: str, size: int, shape: Shape, smallest: int
) -> ValidationError:
    layer = spec.layers[i]
    what = ("filter", "filtro") if param == "kernel_size" else ("window", "ventana")
    return _error(
        spec,
        i,
        (
            f"Its {size}×{size} {what[0]} is larger than its {shape[1]}×{shape[2]} input.",
            f"Su {what[1]} de {size}×{size} es mayor que su entrada de {shape[1]}×{shape[2]}.",
        ),
        (
            f"Make the {what[0]} {smallest}×{smallest} or smaller, or remove earlier "
            "layers that shrink the image.",
            f"Reduce el {what[1]} a {smallest}×{smallest} o menos, o quita capas anteriores que "
            "encogen la imagen.",
        ),
        spec.replace_layer(i, layer.with_params(**{param: smallest})),
    )


def _recurrent_rule(
    spec: NetworkSpec, i: int, layer: LayerSpec, shape: Shape
) -> tuple[Shape, int, int, int]:
    p, t = layer.params, layer.type
    if len(shape) != 2:
        target = _reshape_for_sequence(shape)
        rows = "reading the image's rows as time steps" if len(shape) == 3 else "as a sequence"
        rows_es = (
            "leyendo las filas de la imagen como pasos de tiempo" if len(shape) == 3
            else "como una secuencia"
        )
        raise _error(
            spec,
            i,
            (
                f"{t} reads a sequence (time steps, features) but receives {_fmt_shape(shape)}.",
                f"{t} lee una secuencia (pasos de tiempo, características) pero recibe "
                f"{_fmt_shape(shape)}.",
            ),
            (
                f"Insert a Reshape to {target} before it, {rows}.",
                f"Inserta un Redimensionar a {target} antes, {rows_es}.",
            ),
            spec.insert(i, LayerSpec.create("Reshape", target_shape=target)),
        )
    steps, features = shape
    units = p["units"]
    directions = 2 if p["bidirectional"] else 1
    gates = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}[t]
    # PyTorch keeps separate input and recurrent biases: see param_counts.
    params = parameter_count(layer, shape).total
    macs = directions * steps * gates * units * (features + units)
    out_units = units * directions
    out = (steps, out_units) if p["return_sequences"] else (out_units,)
    return out, params, params, macs


def _embedding_rule(
    spec: NetworkSpec, i: int, layer: LayerSpec, shape: Shape
) -> tuple[Shape, int, int, int]:
    if i != 0 or len(shape) != 1:
        fix = spec.move(i, 0) if i != 0 and len(spec.input_shape) == 1 else None
        raise _error(
            spec,
            i,
            (
                "Embedding reads word ids, so it must be the first layer of a network whose "
                "input is a sequence of token ids.",
                "Embedding lee identificadores de palabras, así que debe ser la primera capa de "
                "una red cuya entrada sea una secuencia de identificadores.",
            ),
            (
                "Move it to the top of the network, or use a text dataset.",
                "Muévela al principio de la red, o usa un conjunto de datos de texto.",
            ),
            fix,
        )
    params = parameter_count(layer, shape).total
    return (shape[0], layer.params["dimension"]), params, params, 0


def _check_output(spec: NetworkSpec, shape: Shape) -> ValidationError | None:
    classes = spec.num_classes
    if shape == (classes,):
        return None
    last = spec.layers[-1] if spec.layers else None
    activation = "softmax" if classes > 1 else "sigmoid"
    new_dense = LayerSpec.create("Dense", units=classes, activation=activation)
    if last is not None and last.type == "Dense":
        index = len(spec.layers) - 1
        fixed = spec.replace_layer(index, last.with_params(units=classes))
        suggestion = (
            f"Give the last Dense layer {classes} units.",
            f"Da a la última capa densa {classes} unidades.",
        )
    else:
        index = len(spec.layers) - 1 if spec.layers else None
        extra = [LayerSpec.create("Flatten")] if len(shape) != 1 else []
        fixed = spec.with_layers([*spec.layers, *extra, new_dense])
        suggestion = (
            f"Add a Dense layer with {classes} units and {activation} at the end.",
            f"Añade al final una capa densa con {classes} unidades y {activation}.",
        )
    return _error(
        spec,
        index,
        (
            f"The network must end with {classes} outputs, one per class, but it ends with "
            f"{_fmt_shape(shape)}.",
            f"La red debe terminar con {classes} salidas, una por clase, pero termina con "
            f"{_fmt_shape(shape)}.",
        ),
        suggestion,
        fixed,
    )


def _check_memory(analysis: Analysis, memory_limit: int | None) -> ValidationError | None:
    limit = memory_limit if memory_limit is not None else physical_memory_bytes() // 2
    needed = analysis.param_bytes * TRAINING_COPIES_PER_PARAM + analysis.activation_bytes * 2
    if needed <= limit:
        return None
    biggest = max(analysis.layers, key=lambda info: info.params, default=None)
    where = f" The largest is layer {biggest.index + 1} ({biggest.layer.type})." if biggest else ""
    return _error(
        analysis.spec,
        biggest.index if biggest else None,
        (
            f"Training this network needs about {needed / 2**30:.1f} GiB, more than the "
            f"{limit / 2**30:.1f} GiB this computer can spare.{where}",
            f"Entrenar esta red necesita unos {es_number(needed / 2**30, '.1f')} GiB, más de "
            f"los {es_number(limit / 2**30, '.1f')} GiB que este ordenador puede dedicar.",
        ),
        (
            "Use fewer units or filters, or add pooling before the Dense layers.",
            "Usa menos unidades o filtros, o añade agrupación antes de las capas densas.",
        ),
    )
