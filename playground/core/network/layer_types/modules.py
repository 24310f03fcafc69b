"""The PyTorch modules some layer types need beyond ``torch.nn``: reshape, sequence batch norm,
recurrent layers that behave like Keras', and an embedding that reads float token ids.

Only the layer types' builders import this module (inside their ``modules`` methods), so the
catalogue itself stays free of torch.
"""

from __future__ import annotations

from typing import ClassVar

import torch
from torch import nn

Shape = tuple[int, ...]


class Reshape(nn.Module):
    """Rearrange each sample to ``target`` (the batch axis is kept)."""

    def __init__(self, target: Shape) -> None:
        super().__init__()
        self.target = tuple(target)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.target)

    def extra_repr(self) -> str:
        return f"target={self.target}"


class SequenceBatchNorm(nn.BatchNorm1d):
    """Batch normalisation of each feature of a (batch, time, features) sequence."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.transpose(1, 2)).transpose(1, 2)


class Recurrent(nn.Module):
    """SimpleRNN, LSTM or GRU over (batch, time, features), batch first like Keras.

    Without ``return_sequences`` it returns the final state; a bidirectional layer joins the
    forward reading's final state with the backward reading's, as Keras does.
    """

    KINDS: ClassVar[dict[str, type[nn.RNNBase]]] = {
        "SimpleRNN": nn.RNN,
        "LSTM": nn.LSTM,
        "GRU": nn.GRU,
    }

    def __init__(
        self, kind: str, features: int, units: int, return_sequences: bool, bidirectional: bool
    ) -> None:
        super().__init__()
        self.rnn = self.KINDS[kind](features, units, batch_first=True, bidirectional=bidirectional)
        self.return_sequences = return_sequences

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outputs, state = self.rnn(x)
        if self.return_sequences:
            return outputs
        hidden = state[0] if isinstance(state, tuple) else state
        return torch.cat(tuple(hidden), dim=-1) if hidden.shape[0] > 1 else hidden[0]


class TokenEmbedding(nn.Embedding):
    """An embedding that accepts token ids stored as floats (datasets are float tensors)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.long())


class Merge(nn.Module):
    """Joins its inputs: added, multiplied, or concatenated along one axis (of the batch's
    tensor, so ``dim=1`` is the channels of images)."""

    def __init__(self, how: str, dim: int = 1) -> None:
        super().__init__()
        self.how, self.dim = how, dim

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        if self.how == "concatenate":
            return torch.cat(inputs, dim=self.dim)
        result = inputs[0]
        for more in inputs[1:]:
            result = result + more if self.how == "add" else result * more
        return result

    def extra_repr(self) -> str:
        return f"how={self.how!r}, dim={self.dim}"
