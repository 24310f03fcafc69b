"""How many parameters a layer has, and the same count written out as a formula a student can check.

The count and its explanation come from one computation, so the sentence shown beside a layer
("784 inputs × 64 units + 64 biases = 50,240 parameters") can never disagree with the number in
the summary. Counts follow what :mod:`playground.core.network.build` creates in PyTorch: the
recurrent
layers keep two bias vectors per gate (input and recurrent), which Keras' SimpleRNN and LSTM do
not, and BatchNorm counts its running statistics as non-trainable parameters, as Keras does.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.core.network.layers import Text, es_number
from playground.core.network.spec import LayerSpec

Shape = tuple[int, ...]

_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


@dataclass(frozen=True)
class ParameterCount:
    """A layer's parameters (``trainable`` of them learned by the optimizer) and why."""

    total: int
    trainable: int
    explanation: Text


NO_PARAMETERS = ParameterCount(
    0,
    0,
    Text(
        "No weights: this layer has nothing to learn (0 parameters).",
        "Sin pesos: esta capa no tiene nada que aprender (0 parámetros).",
    ),
)


def _en(n: int) -> str:
    return f"{n:,}"


def _es(n: int) -> str:
    return es_number(n, ",")


def _word(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def parameter_count(layer: LayerSpec, in_shape: Shape) -> ParameterCount:
    """The parameters of ``layer`` when it receives one sample of ``in_shape``.

    The caller has checked that the layer accepts ``in_shape`` (see :mod:`shapes`).
    """
    p, t = layer.params, layer.type
    if t == "Dense":
        return _dense(in_shape[0], p["units"], p["use_bias"])
    if t == "Conv2D":
        return _conv(in_shape[0], p["filters"], p["kernel_size"])
    if t == "BatchNorm":
        return _batch_norm(in_shape[0] if len(in_shape) != 2 else in_shape[1])
    if t in _GATES:
        return _recurrent(t, in_shape[1], p["units"], p["bidirectional"])
    if t == "Embedding":
        vocabulary, dimension = p["vocabulary"], p["dimension"]
        total = vocabulary * dimension
        return ParameterCount(total, total, Text(
            f"{_en(vocabulary)} words × {_en(dimension)} numbers per word = {_en(total)} "
            "parameters.",
            f"{_es(vocabulary)} palabras × {_es(dimension)} números por palabra = {_es(total)} "
            "parámetros.",
        ))  # fmt: skip
    return NO_PARAMETERS


def _dense(inputs: int, units: int, bias: bool) -> ParameterCount:
    total = inputs * units + (units if bias else 0)
    if bias:
        text = Text(
            f"{_en(inputs)} inputs × {_en(units)} units + {_en(units)} biases (one per unit) = "
            f"{_en(total)} parameters.",
            f"{_es(inputs)} entradas × {_es(units)} unidades + {_es(units)} sesgos (uno por "
            f"unidad) = {_es(total)} parámetros.",
        )
    else:
        text = Text(
            f"{_en(inputs)} inputs × {_en(units)} units = {_en(total)} parameters (no biases).",
            f"{_es(inputs)} entradas × {_es(units)} unidades = {_es(total)} parámetros (sin "
            "sesgos).",
        )
    return ParameterCount(total, total, text)


def _conv(channels: int, filters: int, k: int) -> ParameterCount:
    total = filters * channels * k * k + filters
    return ParameterCount(total, total, Text(
        f"{_en(filters)} filters × ({_en(channels)} {_word(channels, 'channel', 'channels')} × "
        f"{k}×{k} pixels) + {_en(filters)} biases (one per filter) = {_en(total)} parameters.",
        f"{_es(filters)} filtros × ({_es(channels)} {_word(channels, 'canal', 'canales')} × "
        f"{k}×{k} píxeles) + {_es(filters)} sesgos (uno por filtro) = {_es(total)} parámetros.",
    ))  # fmt: skip


def _batch_norm(features: int) -> ParameterCount:
    total, half = 4 * features, 2 * features
    return ParameterCount(total, half, Text(
        f"{_en(features)} features × 4 = {_en(total)} parameters: a learned scale and shift per "
        f"feature ({_en(half)}, trained) and a running mean and variance per feature "
        f"({_en(half)}, not trained, counted as Keras does).",
        f"{_es(features)} características × 4 = {_es(total)} parámetros: una escala y un "
        f"desplazamiento aprendidos por característica ({_es(half)}, entrenables) y una media y "
        f"una varianza acumuladas por característica ({_es(half)}, no entrenables, contadas "
        "como en Keras).",
    ))  # fmt: skip


def _recurrent(kind: str, features: int, units: int, bidirectional: bool) -> ParameterCount:
    gates = _GATES[kind]
    directions = 2 if bidirectional else 1
    per_direction = gates * units * (features + units + 2)
    total = directions * per_direction
    inner_en = f"{_en(units)} units × ({_en(features)} inputs + {_en(units)} units + 2 biases)"
    inner_es = (f"{_es(units)} unidades × ({_es(features)} entradas + {_es(units)} unidades + 2 "
                "sesgos)")  # fmt: skip
    if gates > 1:
        inner_en, inner_es = f"{gates} gates × {inner_en}", f"{gates} puertas × {inner_es}"
    if bidirectional:
        formula_en = (f"{inner_en} = {_en(per_direction)} per direction × 2 directions = "
                      f"{_en(total)} parameters.")  # fmt: skip
        formula_es = (f"{inner_es} = {_es(per_direction)} por dirección × 2 direcciones = "
                      f"{_es(total)} parámetros.")  # fmt: skip
    else:
        formula_en = f"{inner_en} = {_en(total)} parameters."
        formula_es = f"{inner_es} = {_es(total)} parámetros."
    if kind == "GRU":
        keras = (
            "Keras' GRU also keeps two bias vectors per gate (reset_after, its default), so the "
            "count is the same as in Keras.",
            "La GRU de Keras también guarda dos vectores de sesgo por puerta (reset_after, su "
            "opción por defecto), así que la cuenta coincide con la de Keras.",
        )
    else:
        extra = gates * units * directions
        both = (" × 2 directions", " × 2 direcciones") if bidirectional else ("", "")
        factor = f"{gates} × " if gates > 1 else ""
        keras = (
            f"PyTorch keeps two bias vectors (input and recurrent) where Keras keeps one, so "
            f"this is {factor}{_en(units)}{both[0]} = {_en(extra)} more than Keras' {kind}.",
            f"PyTorch guarda dos vectores de sesgo (de entrada y recurrente) donde Keras guarda "
            f"uno, así que son {factor}{_es(units)}{both[1]} = {_es(extra)} más que la {kind} de "
            "Keras.",
        )
    return ParameterCount(
        total, total, Text(f"{formula_en} {keras[0]}", f"{formula_es} {keras[1]}")
    )
