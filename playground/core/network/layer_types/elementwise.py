"""Layer types that work value by value, without mixing positions: Activation, Dropout and
BatchNorm."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from playground.core.network.layer_types.activations import activation_param
from playground.core.network.layer_types.base import (
    LayerType,
    ParameterCount,
    Params,
    Place,
    Shape,
)
from playground.core.network.layer_types.params import ParamDef
from playground.core.network.layer_types.words import Text

if TYPE_CHECKING:
    from torch import nn

SEQUENCE_BATCH_NORM_SOURCE = '''\
class SequenceBatchNorm(nn.BatchNorm1d):
    """Batch normalisation of each feature of a (batch, time, features) sequence.

    BatchNorm1d wants the features on axis 1, so the sequence is transposed around it.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.transpose(1, 2)).transpose(1, 2)'''


class ActivationType(LayerType):
    """A function applied to every value; "linear" applies none."""

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        return str(params["activation"])

    def keeps_values(self, params: Params) -> bool:
        return bool(params["activation"] == "linear")

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        return shape

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        return []  # the activation itself is added by build()


class DropoutType(LayerType):
    """Random values switched off while training; the identity when predicting."""

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        return number(params["rate"], "g")

    def keeps_values(self, params: Params) -> bool:
        return True

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        return shape

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from torch import nn

        return [nn.Dropout(params["rate"])]

    def module_source(self, module: nn.Module) -> str | None:
        return f"nn.Dropout({module.p})" if type(module).__name__ == "Dropout" else None


class BatchNormType(LayerType):
    """Each feature (image channel, sequence feature or vector value) rescaled over the batch."""

    @staticmethod
    def _features(shape: Shape) -> int:
        return shape[0] if len(shape) != 2 else shape[1]

    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        return shape

    def count(self, shape: Shape, params: Params) -> ParameterCount:
        features = self._features(shape)
        total, half = 4 * features, 2 * features
        return ParameterCount(
            total,
            half,
            Text(
                "{features} features × 4 = {total} parameters: a learned scale and shift per "
                "feature ({half}, trained) and a running mean and variance per feature ({half}, "
                "not trained, counted as Keras does).",
                features=features,
                total=total,
                half=half,
            ),
        )

    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        from torch import nn

        from playground.core.network.layer_types.modules import SequenceBatchNorm

        if len(shape) == 3:
            return [nn.BatchNorm2d(shape[0])]
        if len(shape) == 2:
            return [SequenceBatchNorm(shape[1])]
        return [nn.BatchNorm1d(shape[0])]

    def module_source(self, module: nn.Module) -> str | None:
        name = type(module).__name__
        if name == "SequenceBatchNorm":
            return f"SequenceBatchNorm({module.num_features})"
        if name in ("BatchNorm1d", "BatchNorm2d"):
            return f"nn.{name}({module.num_features})"
        return None


ACTIVATION = ActivationType(
    "Activation",
    "core",
    Text("Activation"),
    Text(
        "A standalone activation applies a function to every value without any weights, "
        "for example after BatchNorm.",
    ),
    (activation_param("relu"),),
    icon="activation",
    pixelwise=True,
    standalone_activation=True,
)

DROPOUT = DropoutType(
    "Dropout",
    "regularisation",
    Text("Dropout"),
    Text(
        "During training, Dropout switches off a random share of the values at each step, "
        "so the network cannot rely on any single neuron. This fights overfitting. It does "
        "nothing at test time.",
    ),
    (
        ParamDef(
            "rate",
            "float",
            0.5,
            Text("Rate"),
            Text("Share of values switched off at each training step (0 to 0.95)."),
            0.0,
            0.95,
        ),
    ),
    icon="dropout",
    pixelwise=True,
    backprop="pass",
)

BATCH_NORM = BatchNormType(
    "BatchNorm",
    "regularisation",
    Text("BatchNorm"),
    Text(
        "Batch normalisation rescales each feature to mean 0 and spread 1 over the batch, "
        "then learns its own scale and shift. Deep networks train faster and more stably "
        "with it.",
    ),
    icon="batch_norm",
    pixelwise=True,
    export_helpers={"SequenceBatchNorm": SEQUENCE_BATCH_NORM_SOURCE},
)
