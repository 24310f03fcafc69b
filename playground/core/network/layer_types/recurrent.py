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
from playground.core.network.layer_types.words import Text

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
            target = sequence_shape_for(shape)
            problem = Text(
                "{name} reads a sequence (time steps, features) but receives {shape}.",
                name=self.name,
                shape=fmt_shape(shape),
            )
            if len(shape) == 3:
                suggestion = Text(
                    "Insert a Reshape to {target} before it, reading the image's rows as time "
                    "steps.",
                    target=target,
                )
            else:
                suggestion = Text(
                    "Insert a Reshape to {target} before it, as a sequence.", target=target
                )
            raise ShapeProblem(
                problem, suggestion, Repair("insert_before", "Reshape", {"target_shape": target})
            )
        out_units = params["units"] * (2 if params["bidirectional"] else 1)
        return (shape[0], out_units) if params["return_sequences"] else (out_units,)

    def count(self, shape: Shape, params: Params) -> ParameterCount:
        # PyTorch keeps separate input and recurrent biases, Keras' SimpleRNN and LSTM one.
        features, units, bidirectional = shape[1], params["units"], params["bidirectional"]
        gates, directions = self.gates, 2 if bidirectional else 1
        per_direction = gates * units * (features + units + 2)
        total = directions * per_direction
        values = {
            "gates": gates,
            "units": units,
            "features": features,
            "per_direction": per_direction,
            "total": total,
            "note": self._keras_note(units, bidirectional),
        }
        if gates > 1 and bidirectional:
            text = Text(
                "{gates} gates × {units} units × ({features} inputs + {units} units + 2 biases) = "
                "{per_direction} per direction × 2 directions = {total} parameters. {note}",
                **values,
            )
        elif gates > 1:
            text = Text(
                "{gates} gates × {units} units × ({features} inputs + {units} units + 2 biases) = "
                "{total} parameters. {note}",
                **values,
            )
        elif bidirectional:
            text = Text(
                "{units} units × ({features} inputs + {units} units + 2 biases) = "
                "{per_direction} per direction × 2 directions = {total} parameters. {note}",
                **values,
            )
        else:
            text = Text(
                "{units} units × ({features} inputs + {units} units + 2 biases) = {total} "
                "parameters. {note}",
                **values,
            )
        return ParameterCount(total, total, text)

    def _keras_note(self, units: int, bidirectional: bool) -> Text:
        """How the count compares with the Keras layer of the same name."""
        if self.keras_biases:
            return Text(
                "Keras' {name} also keeps two bias vectors per gate (reset_after, its default), "
                "so the count is the same as in Keras.",
                name=self.name,
            )
        gates = self.gates
        values = {
            "name": self.name,
            "gates": gates,
            "units": units,
            "extra": gates * units * (2 if bidirectional else 1),
        }
        if gates > 1 and bidirectional:
            return Text(
                "PyTorch keeps two bias vectors (input and recurrent) where Keras keeps one, so "
                "this is {gates} × {units} × 2 directions = {extra} more than Keras' {name}.",
                **values,
            )
        if gates > 1:
            return Text(
                "PyTorch keeps two bias vectors (input and recurrent) where Keras keeps one, so "
                "this is {gates} × {units} = {extra} more than Keras' {name}.",
                **values,
            )
        if bidirectional:
            return Text(
                "PyTorch keeps two bias vectors (input and recurrent) where Keras keeps one, so "
                "this is {units} × 2 directions = {extra} more than Keras' {name}.",
                **values,
            )
        return Text(
            "PyTorch keeps two bias vectors (input and recurrent) where Keras keeps one, so "
            "this is {units} = {extra} more than Keras' {name}.",
            **values,
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
                ),
                Text("Move it to the top of the network, or use a text dataset."),
                Repair("move_to_top") if movable else None,
            )
        return (shape[0], params["dimension"])

    def count(self, shape: Shape, params: Params) -> ParameterCount:
        vocabulary, dimension = params["vocabulary"], params["dimension"]
        total = vocabulary * dimension
        return ParameterCount(
            total,
            total,
            Text(
                "{vocabulary} words × {dimension} numbers per word = {total} parameters.",
                vocabulary=vocabulary,
                dimension=dimension,
                total=total,
            ),
        )

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
        Text("Return sequences"),
        Text(
            "Output one vector per time step (to feed another recurrent layer) instead of only "
            "the last one.",
        ),
    ),
    ParamDef(
        "bidirectional",
        "bool",
        False,
        Text("Bidirectional"),
        Text(
            "Read the sequence forwards and backwards and join both readings (twice the outputs).",
        ),
    ),
)

_RECURRENT_UNITS = Text(
    "Size of the memory vector the layer carries from one time step to the next.",
)


SIMPLE_RNN = RecurrentType(
    "SimpleRNN",
    "recurrent",
    Text("SimpleRNN"),
    Text(
        "A simple recurrent layer reads a sequence one step at a time and keeps a memory "
        "vector that mixes each new step with what it saw before. It forgets long-range "
        "context quickly. PyTorch's version keeps two bias vectors, so it has units more "
        "parameters than Keras' SimpleRNN (2×units when bidirectional).",
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
    Text("LSTM"),
    Text(
        "An LSTM is a recurrent layer with gates that decide what to remember, what to "
        "forget and what to output, so it keeps information over long sequences. "
        "PyTorch's LSTM keeps two bias vectors, so it has 4×units more parameters than "
        "Keras' version (8×units when bidirectional).",
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
    Text("GRU"),
    Text(
        "A GRU is a lighter cousin of the LSTM: two gates instead of three, fewer weights, "
        "and usually similar results. Like Keras' GRU, it keeps two bias vectors, so both "
        "count the same parameters.",
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
    Text("Embedding"),
    Text(
        "An embedding turns each word number into a learned vector, so words used alike "
        "end up with similar vectors. It must be the first layer and reads token ids.",
    ),
    (
        ParamDef(
            "vocabulary",
            "int",
            1000,
            Text("Vocabulary"),
            Text("How many different words (token ids) there are."),
            2,
            1_000_000,
        ),
        ParamDef(
            "dimension",
            "int",
            16,
            Text("Dimension"),
            Text("Length of the vector learned for each word."),
            1,
            4096,
        ),
    ),
    icon="embedding",
    weighted=True,
    export_helpers={"TokenEmbedding": TOKEN_EMBEDDING_SOURCE},
)
