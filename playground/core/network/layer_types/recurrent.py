"""Layer types for sequences: the recurrent layers (SimpleRNN, LSTM, GRU) and Embedding."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
from playground.core.network.layer_types.dense import units_param
from playground.core.network.layer_types.params import ParamDef
from playground.core.network.layer_types.words import Text, en_count, es_count

if TYPE_CHECKING:
    from torch import nn

RECURRENT_SOURCE = '''\
class Recurrent(nn.Module):
    """A recurrent layer (RNN, LSTM or GRU) over (batch, time, features), like Keras' layers.

    Without ``return_sequences`` it returns only the final state; a bidirectional layer joins
    the final states of the forward and the backward reading.
    """

    def __init__(self, rnn: nn.RNNBase, return_sequences: bool) -> None:
        super().__init__()
        self.rnn = rnn
        self.return_sequences = return_sequences

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outputs, state = self.rnn(x)
        if self.return_sequences:
            return outputs  # one output per time step
        hidden = state[0] if isinstance(state, tuple) else state  # an LSTM also returns its cell
        return torch.cat(tuple(hidden), dim=-1) if hidden.shape[0] > 1 else hidden[0]'''

TOKEN_EMBEDDING_SOURCE = '''\
class TokenEmbedding(nn.Embedding):
    """An embedding that accepts token ids stored as floats (the data sets are float tensors)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.long())'''


def sequence_shape_for(shape: Shape) -> Shape:
    """Rows as time steps: (C, H, W) -> (C*H, W); a square vector becomes its rows."""
    if len(shape) == 3:
        return (shape[0] * shape[1], shape[2])
    n = shape[0]
    side = math.isqrt(n)
    return (side, side) if side * side == n else (n, 1)


@dataclass(frozen=True)
class RecurrentType(LayerType):
    """A layer that reads (time steps, features) one step at a time with ``gates`` weight sets.

    ``torch_name`` is the ``torch.nn`` class it becomes; ``keras_biases`` is true when Keras'
    version keeps two bias vectors per gate as PyTorch does (GRU's ``reset_after``).
    """

    gates: int = 1
    torch_name: str = "RNN"
    keras_biases: bool = False

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        flags = [f for f in ("return_sequences", "bidirectional") if params[f]]
        return ", ".join([str(params["units"]), *flags])

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        if len(shape) != 2:
            t, target = self.name, sequence_shape_for(shape)
            image = len(shape) == 3
            rows = "reading the image's rows as time steps" if image else "as a sequence"
            rows_es = (
                "leyendo las filas de la imagen como pasos de tiempo" if image
                else "como una secuencia"
            )
            raise ShapeProblem(
                Text(
                    f"{t} reads a sequence (time steps, features) but receives "
                    f"{fmt_shape(shape)}.",
                    f"{t} lee una secuencia (pasos de tiempo, características) pero recibe "
                    f"{fmt_shape(shape)}.",
                ),
                Text(
                    f"Insert a Reshape to {target} before it, {rows}.",
                    f"Inserta un Redimensionar a {target} antes, {rows_es}.",
                ),
                Repair("insert_before", "Reshape", {"target_shape": target}),
            )
        out_units = params["units"] * (2 if params["bidirectional"] else 1)
        return (shape[0], out_units) if params["return_sequences"] else (out_units,)

    def count(self, shape: Shape, params: Params) -> ParameterCount:
        # PyTorch keeps separate input and recurrent biases, Keras' SimpleRNN and LSTM one.
        features, units, bidirectional = shape[1], params["units"], params["bidirectional"]
        gates, en, es = self.gates, en_count, es_count
        directions = 2 if bidirectional else 1
        per_direction = gates * units * (features + units + 2)
        total = directions * per_direction
        inner_en = f"{en(units)} units × ({en(features)} inputs + {en(units)} units + 2 biases)"
        inner_es = (f"{es(units)} unidades × ({es(features)} entradas + {es(units)} unidades "
                    "+ 2 sesgos)")  # fmt: skip
        if gates > 1:
            inner_en, inner_es = f"{gates} gates × {inner_en}", f"{gates} puertas × {inner_es}"
        if bidirectional:
            formula_en = (f"{inner_en} = {en(per_direction)} per direction × 2 directions = "
                          f"{en(total)} parameters.")  # fmt: skip
            formula_es = (f"{inner_es} = {es(per_direction)} por dirección × 2 direcciones = "
                          f"{es(total)} parámetros.")  # fmt: skip
        else:
            formula_en = f"{inner_en} = {en(total)} parameters."
            formula_es = f"{inner_es} = {es(total)} parámetros."
        keras = self._keras_note(units, bidirectional)
        return ParameterCount(
            total, total, Text(f"{formula_en} {keras.en}", f"{formula_es} {keras.es}")
        )

    def _keras_note(self, units: int, bidirectional: bool) -> Text:
        """How the count compares with the Keras layer of the same name."""
        if self.keras_biases:
            return Text(
                f"Keras' {self.name} also keeps two bias vectors per gate (reset_after, its "
                "default), so the count is the same as in Keras.",
                f"La {self.name} de Keras también guarda dos vectores de sesgo por puerta "
                "(reset_after, su opción por defecto), así que la cuenta coincide con la de "
                "Keras.",
            )
        gates, directions = self.gates, 2 if bidirectional else 1
        extra = gates * units * directions
        both = (" × 2 directions", " × 2 direcciones") if bidirectional else ("", "")
        factor = f"{gates} × " if gates > 1 else ""
        return Text(
            f"PyTorch keeps two bias vectors (input and recurrent) where Keras keeps one, so "
            f"this is {factor}{en_count(units)}{both[0]} = {en_count(extra)} more than Keras' "
            f"{self.name}.",
            f"PyTorch guarda dos vectores de sesgo (de entrada y recurrente) donde Keras guarda "
            f"uno, así que son {factor}{es_count(units)}{both[1]} = {es_count(extra)} más que "
            f"la {self.name} de Keras.",
        )

    def macs(self, shape: Shape, output: Shape, params: Params) -> int:
        steps, features = shape
        units = params["units"]
        directions = 2 if params["bidirectional"] else 1
        return directions * steps * self.gates * units * (features + units)

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from playground.core.network.layer_types.modules import Recurrent

        return [Recurrent(self.name, shape[1], params["units"], params["return_sequences"],
                          params["bidirectional"])]  # fmt: skip

    def module_source(self, module: nn.Module) -> str | None:
        from playground.core.network.layer_types.modules import Recurrent

        if type(module) is not Recurrent:
            return None
        rnn = module.rnn
        both = ", bidirectional=True" if rnn.bidirectional else ""
        inner = (f"nn.{self.torch_name}({rnn.input_size}, {rnn.hidden_size}, "
                 f"batch_first=True{both})")  # fmt: skip
        return f"Recurrent({inner}, return_sequences={module.return_sequences})"


class EmbeddingType(LayerType):
    """A learned vector per token id; it reads the network's input, so it comes first."""

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        return f"{params['vocabulary']}→{params['dimension']}"

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        if place.index != 0 or len(shape) != 1:
            movable = place.index != 0 and len(place.network_input) == 1
            raise ShapeProblem(
                Text(
                    "Embedding reads word ids, so it must be the first layer of a network whose "
                    "input is a sequence of token ids.",
                    "Embedding lee identificadores de palabras, así que debe ser la primera capa "
                    "de una red cuya entrada sea una secuencia de identificadores.",
                ),
                Text(
                    "Move it to the top of the network, or use a text dataset.",
                    "Muévela al principio de la red, o usa un conjunto de datos de texto.",
                ),
                Repair("move_to_top") if movable else None,
            )
        return (shape[0], params["dimension"])

    def count(self, shape: Shape, params: Params) -> ParameterCount:
        vocabulary, dimension = params["vocabulary"], params["dimension"]
        total = vocabulary * dimension
        en, es = en_count, es_count
        return ParameterCount(total, total, Text(
            f"{en(vocabulary)} words × {en(dimension)} numbers per word = {en(total)} "
            "parameters.",
            f"{es(vocabulary)} palabras × {es(dimension)} números por palabra = {es(total)} "
            "parámetros.",
        ))  # fmt: skip

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from playground.core.network.layer_types.modules import TokenEmbedding

        return [TokenEmbedding(params["vocabulary"], params["dimension"])]

    def module_source(self, module: nn.Module) -> str | None:
        from playground.core.network.layer_types.modules import TokenEmbedding

        if type(module) is not TokenEmbedding:
            return None
        return f"TokenEmbedding({module.num_embeddings}, {module.embedding_dim})"


_RECURRENT_FLAGS = (
    ParamDef(
        "return_sequences",
        "bool",
        False,
        Text("Return sequences", "Devolver secuencias"),
        Text(
            "Output one vector per time step (to feed another recurrent layer) instead of only "
            "the last one.",
            "Devuelve un vector por cada paso de tiempo (para alimentar otra capa recurrente) en "
            "lugar de solo el último.",
        ),
    ),
    ParamDef(
        "bidirectional",
        "bool",
        False,
        Text("Bidirectional", "Bidireccional"),
        Text(
            "Read the sequence forwards and backwards and join both readings (twice the outputs).",
            "Lee la secuencia hacia delante y hacia atrás y une ambas lecturas (el doble de "
            "salidas).",
        ),
    ),
)

_RECURRENT_UNITS = Text(
    "Size of the memory vector the layer carries from one time step to the next.",
    "Tamaño del vector de memoria que la capa lleva de un paso de tiempo al siguiente.",
)


SIMPLE_RNN = RecurrentType(
    "SimpleRNN",
    "recurrent",
    Text("SimpleRNN", "RNN simple"),
    Text(
        "A simple recurrent layer reads a sequence one step at a time and keeps a memory "
        "vector that mixes each new step with what it saw before. It forgets long-range "
        "context quickly. PyTorch's version keeps two bias vectors, so it has units more "
        "parameters than Keras' SimpleRNN (2×units when bidirectional).",
        "Una capa recurrente simple lee una secuencia paso a paso y guarda un vector de "
        "memoria que mezcla cada paso nuevo con lo visto antes. Olvida pronto el contexto "
        "lejano. La versión de PyTorch guarda dos vectores de sesgo, por lo que tiene "
        "unidades parámetros más que la SimpleRNN de Keras (2×unidades si es "
        "bidireccional).",
    ),
    (units_param(64, _RECURRENT_UNITS), *_RECURRENT_FLAGS),
    icon="loop_1",
    weighted=True,
    recurrent=True,
    export_helpers={"Recurrent": RECURRENT_SOURCE},
    gates=1,
    torch_name="RNN",
)

LSTM = RecurrentType(
    "LSTM",
    "recurrent",
    Text("LSTM", "LSTM"),
    Text(
        "An LSTM is a recurrent layer with gates that decide what to remember, what to "
        "forget and what to output, so it keeps information over long sequences. "
        "PyTorch's LSTM keeps two bias vectors, so it has 4×units more parameters than "
        "Keras' version (8×units when bidirectional).",
        "Una LSTM es una capa recurrente con puertas que deciden qué recordar, qué olvidar "
        "y qué sacar, así conserva información a lo largo de secuencias largas. La LSTM de "
        "PyTorch guarda dos vectores de sesgo, por lo que tiene 4×unidades parámetros más "
        "que la de Keras (8×unidades si es bidireccional).",
    ),
    (units_param(64, _RECURRENT_UNITS), *_RECURRENT_FLAGS),
    icon="loop_3",
    weighted=True,
    recurrent=True,
    export_helpers={"Recurrent": RECURRENT_SOURCE},
    gates=4,
    torch_name="LSTM",
)

GRU = RecurrentType(
    "GRU",
    "recurrent",
    Text("GRU", "GRU"),
    Text(
        "A GRU is a lighter cousin of the LSTM: two gates instead of three, fewer weights, "
        "and usually similar results. Like Keras' GRU, it keeps two bias vectors, so both "
        "count the same parameters.",
        "Una GRU es una prima más ligera de la LSTM: dos puertas en lugar de tres, menos "
        "pesos y, normalmente, resultados parecidos. Como la GRU de Keras, guarda dos "
        "vectores de sesgo, así que las dos tienen los mismos parámetros.",
    ),
    (units_param(64, _RECURRENT_UNITS), *_RECURRENT_FLAGS),
    icon="loop_2",
    weighted=True,
    recurrent=True,
    export_helpers={"Recurrent": RECURRENT_SOURCE},
    gates=3,
    torch_name="GRU",
    keras_biases=True,
)

EMBEDDING = EmbeddingType(
    "Embedding",
    "recurrent",
    Text("Embedding", "Embedding"),
    Text(
        "An embedding turns each word number into a learned vector, so words used alike "
        "end up with similar vectors. It must be the first layer and reads token ids.",
        "Un embedding convierte el número de cada palabra en un vector aprendido, de modo "
        "que palabras usadas de forma parecida acaban con vectores parecidos. Debe ser la "
        "primera capa y lee identificadores de palabras.",
    ),
    (
        ParamDef(
            "vocabulary",
            "int",
            1000,
            Text("Vocabulary", "Vocabulario"),
            Text(
                "How many different words (token ids) there are.",
                "Cuántas palabras distintas (identificadores) hay.",
            ),
            2,
            1_000_000,
        ),
        ParamDef(
            "dimension",
            "int",
            16,
            Text("Dimension", "Dimensión"),
            Text(
                "Length of the vector learned for each word.",
                "Longitud del vector que se aprende para cada palabra.",
            ),
            1,
            4096,
        ),
    ),
    icon="embedding",
    weighted=True,
    export_helpers={"TokenEmbedding": TOKEN_EMBEDDING_SOURCE},
)
