"""What an experiment can vary, and how one value of it changes the network or its training.

A setting is named as a student would name it in a sentence, and as the command line spells it:

* any training setting of :class:`~playground.core.training.config.TrainingConfig` but the
  seed (repeats vary that): ``learning_rate`` (or ``lr``), ``batch_size``, ``optimizer``...;
* one parameter of one layer, numbered from 1 as the ``summary`` command numbers them:
  ``layer:3:units``, ``layer:3:activation``, ``layer:4:rate`` (a Dropout's rate);
* three changes to the hidden layers of a plain column of layers, the seed's own experiments:
  ``depth`` (how many hidden Dense layers: the last one is copied, or the last ones dropped),
  ``dropout`` (a Dropout of this rate after each hidden Dense layer; 0 removes them) and
  ``activation`` (every hidden layer's activation function).

Values are checked by the network and the configuration themselves, so a refused value reads
exactly as it would in the editor or a project file.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from typing import Any

from playground.core.errors import PlaygroundError, shorten
from playground.core.messages import N_, Message
from playground.core.network.layer_types.dense import DENSE
from playground.core.network.layer_types.elementwise import DROPOUT
from playground.core.network.layers import LAYER_TYPES
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import CHOICES, RANGES, TrainingConfig


class ExperimentError(PlaygroundError):
    """An experiment that cannot run as described: an unknown setting, a refused value."""


TRAINING_FIELDS: dict[str, Any] = {
    f.name: f.default for f in fields(TrainingConfig) if f.default is not MISSING
}
# The repeats vary the seed; a run's own target would end runs early (the experiment has one).
NOT_VARIED = ("seed", "target_accuracy")
NETWORK_SETTINGS = ("depth", "dropout", "activation")
ALIASES = {"lr": "learning_rate", "batch": "batch_size"}
MAX_DEPTH = 32

LABELS: dict[str, str] = {
    "learning_rate": N_("learning rate"), "batch_size": N_("batch size"),
    "epochs": N_("epochs"), "optimizer": N_("optimizer"), "momentum": N_("momentum"),
    "nesterov": N_("Nesterov momentum"), "weight_decay": N_("weight decay"),
    "validation_split": N_("validation split"), "loss": N_("loss function"),
    "init": N_("initialisation"), "init_std": N_("initial weight spread"),
    "device": N_("device"), "preprocessing": N_("preprocessing"),
    "early_stopping_patience": N_("early stopping patience"),
    "keep_best": N_("keep the best weights"), "augment": N_("augmentation"),
    "augment_shift": N_("augmentation shift"), "augment_rotation": N_("augmentation rotation"),
    "augment_scale": N_("augmentation zoom"), "augment_shear": N_("augmentation slant"),
    "augment_elastic": N_("augmentation bending"),
    "augment_thickness": N_("augmentation stroke thickness"),
    "augment_outline": N_("augmentation outlines"),
    "augment_outline_width": N_("augmentation outline width"),
    "frozen_layers": N_("frozen layers"), "target_accuracy": N_("target accuracy"),
    "depth": N_("hidden layers"), "dropout": N_("dropout"),
    "activation": N_("hidden activation"),
}


@dataclass(frozen=True)
class SettingKind:
    """What values a setting takes: ``int``, ``float``, ``bool`` or ``choice`` (named values)."""

    kind: str
    choices: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "float")


def canonical_name(name: str) -> str:
    """``lr`` → ``learning_rate``, ``batch-size`` → ``batch_size``; layer settings as given."""
    if not isinstance(name, str):
        raise ExperimentError("A setting's name must be text, not {value}.", value=shorten(name))
    name = name.strip()
    if name.startswith("layer:"):
        return name
    name = name.replace("-", "_")
    return ALIASES.get(name, name)


def _layer_setting(name: str, spec: NetworkSpec) -> tuple[int, str]:
    """(0-based index, parameter) of ``layer:K:param``; refused in plain words otherwise."""
    parts = name.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        raise ExperimentError("{name} is not a layer setting: write layer:NUMBER:PARAMETER, as "
                              "layer:3:units.", name=shorten(name))
    number, param = int(parts[1]), parts[2]
    if not 1 <= number <= len(spec.layers):
        raise ExperimentError("There is no layer {number}: the network has {count} layers, "
                              "numbered from 1 as the summary numbers them.", number=number,
                              count=len(spec.layers))
    layer = spec.layers[number - 1]
    names = [p.name for p in LAYER_TYPES[layer.type].params if p.kind != "shape"]
    if param not in names:
        raise ExperimentError("Layer {number} ({type}) has no setting {name} to vary; it has: "
                              "{names}.", number=number, type=layer.type, name=shorten(param),
                              names=", ".join(names) or "-")
    return number - 1, param


def setting_kind(name: str, spec: NetworkSpec) -> SettingKind:
    """The values ``name`` takes in ``spec``'s experiments; an unknown setting is refused."""
    name = canonical_name(name)
    if name.startswith("layer:"):
        index, param = _layer_setting(name, spec)
        p = LAYER_TYPES[spec.layers[index].type].param(param)
        if p.kind == "choice":
            return SettingKind("choice", tuple(p.choices))
        if p.kind == "bool":
            return SettingKind("bool", (False, True))
        return SettingKind(p.kind, (), p.minimum, p.maximum)
    if name == "depth":
        return SettingKind("int", (), 1, MAX_DEPTH)
    if name == "dropout":
        return SettingKind("float", (), 0.0, 0.95)
    if name == "activation":
        return SettingKind("choice", tuple(LAYER_TYPES["Dense"].param("activation").choices))
    if name in TRAINING_FIELDS and name not in NOT_VARIED:
        default = TRAINING_FIELDS[name]
        if name in CHOICES:
            return SettingKind("choice", CHOICES[name])
        if isinstance(default, bool):
            return SettingKind("bool", (False, True))
        low, high = RANGES[name]
        return SettingKind("int" if isinstance(default, int) else "float", (), low, high)
    varied = ", ".join(n for n in TRAINING_FIELDS if n not in NOT_VARIED)
    raise ExperimentError("Unknown setting {name}. An experiment varies a training setting "
                          "({names}), depth, dropout, activation, or one layer's parameter, as "
                          "layer:3:units.", name=shorten(name), names=varied)


def available_settings(spec: NetworkSpec) -> list[str]:
    """Every setting an experiment on ``spec`` can vary, for a picker: the training settings,
    the hidden-layer changes that fit this network, then each layer's parameters."""
    names = [n for n in TRAINING_FIELDS if n not in NOT_VARIED]
    for name in NETWORK_SETTINGS:
        try:
            apply_values(spec, TrainingConfig(), {name: setting_default(name)})
        except PlaygroundError:
            continue
        names.append(name)
    for index, layer in enumerate(spec.layers):
        names += [f"layer:{index + 1}:{p.name}" for p in LAYER_TYPES[layer.type].params
                  if p.kind != "shape"]
    return names


def setting_default(name: str) -> Any:
    """A value every network that has the setting accepts (to test whether it has it)."""
    return {"depth": 1, "dropout": 0.0, "activation": "relu"}.get(name)


def setting_label(name: str, spec: NetworkSpec | None = None) -> Message:
    """How a sentence or a table heading names the setting ("learning rate", "layer 3: Units")."""
    name = canonical_name(name)
    if name.startswith("layer:") and spec is not None:
        index, param = _layer_setting(name, spec)
        label = LAYER_TYPES[spec.layers[index].type].param(param).label
        return Message("layer {number}: {parameter}", number=index + 1, parameter=label)
    return Message(LABELS.get(name, name))  # a setting added later reads as its name


def parse_value(name: str, spec: NetworkSpec, text: str) -> Any:
    """A value typed on the command line as the setting takes it: 32 for a batch size, 0.001
    for a learning rate, true for a switch, a name for a choice (the network or the
    configuration says if the name is not one of theirs)."""
    kind = setting_kind(name, spec)
    text = text.strip()
    if kind.kind == "bool":
        words = {"true": True, "yes": True, "on": True, "1": True,
                 "false": False, "no": False, "off": False, "0": False}
        if text.lower() not in words:
            raise ExperimentError("{setting} is on or off: give true or false, not {value}.",
                                  setting=setting_label(name, spec), value=shorten(text))
        return words[text.lower()]
    if kind.kind == "choice":
        return text
    try:
        number = float(text)
    except ValueError:
        raise ExperimentError("{setting} takes numbers; {value} is not one.",
                              setting=setting_label(name, spec), value=shorten(text)) from None
    if kind.kind == "int":
        if not number.is_integer():
            raise ExperimentError("{setting} takes whole numbers, not {value}.",
                                  setting=setting_label(name, spec), value=shorten(text))
        return int(number)
    return number


# -- applying values ---------------------------------------------------------------------------
def _hidden_blocks(spec: NetworkSpec, setting: str) -> tuple[list[LayerSpec], list[list[LayerSpec]],
                                                             list[LayerSpec]]:
    """(layers before the first hidden Dense layer, one block per hidden Dense layer: the layer
    and the ones after it up to the next Dense, the output Dense layer and what follows it)."""
    if not spec.is_sequential:
        raise ExperimentError("{setting} changes a plain column of layers; this network "
                              "branches.", setting=setting_label(setting))
    dense = [i for i, layer in enumerate(spec.layers) if layer.type == DENSE.name]
    if len(dense) < 2:
        raise ExperimentError("{setting} needs a hidden Dense layer (a Dense layer before the "
                              "output); this network has none.", setting=setting_label(setting))
    layers = list(spec.layers)
    blocks = [layers[a:b] for a, b in itertools.pairwise(dense)]
    return layers[: dense[0]], blocks, layers[dense[-1]:]


def _set_depth(spec: NetworkSpec, depth: int) -> NetworkSpec:
    head, blocks, tail = _hidden_blocks(spec, "depth")
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise ExperimentError("{setting} must be a whole number from 1 to {high}, not {value}.",
                              setting=setting_label("depth"), high=MAX_DEPTH,
                              value=shorten(depth))
    blocks = blocks[:depth] + [blocks[-1]] * (depth - len(blocks))
    return spec.with_layers([*head, *(layer for block in blocks for layer in block), *tail])


def _set_dropout(spec: NetworkSpec, rate: float) -> NetworkSpec:
    head, blocks, tail = _hidden_blocks(spec, "dropout")
    changed = []
    for block in blocks:
        has = len(block) > 1 and block[1].type == DROPOUT.name
        rest = block[2:] if has else block[1:]
        dropout = [block[1].with_params(rate=rate) if has else LayerSpec(DROPOUT.name,
                                                                         {"rate": rate})]
        changed.append([block[0], *(dropout if rate else []), *rest])
    return spec.with_layers([*head, *(layer for block in changed for layer in block), *tail])


def _set_activation(spec: NetworkSpec, activation: str) -> NetworkSpec:
    layers = list(spec.layers)
    found = False
    for index, layer in enumerate(layers[:-1]):
        if "activation" in layer.params:
            layers[index] = layer.with_params(activation=activation)
            found = True
    if not found:
        raise ExperimentError("{setting}: no layer before the output has an activation.",
                              setting=setting_label("activation"))
    return spec.with_layers(layers)


def apply_values(spec: NetworkSpec, config: TrainingConfig,
                 values: Mapping[str, Any]) -> tuple[NetworkSpec, TrainingConfig]:
    """``spec`` and ``config`` with ``values`` ({setting: value}) in force.

    Layer settings first (their numbers are the base network's), then the hidden activation,
    the depth (copies carry the changes) and the dropout. A refused value raises the network's
    or the configuration's own error; a network whose shapes no longer fit, its shape error.
    """
    training: dict[str, Any] = {}
    for raw, value in values.items():
        name = canonical_name(raw)
        if name.startswith("layer:"):
            index, param = _layer_setting(name, spec)
            spec = spec.replace_layer(index, spec.layers[index].with_params(**{param: value}))
        elif name not in NETWORK_SETTINGS:
            setting_kind(name, spec)  # refuses unknown names
            training[name] = value
    if "activation" in values:
        spec = _set_activation(spec, values["activation"])
    if "depth" in values:
        spec = _set_depth(spec, values["depth"])
    if "dropout" in values:
        spec = _set_dropout(spec, values["dropout"])
    if training:
        config = TrainingConfig.from_dict({**config.to_dict(), **training})
    analysis = analyse(spec)
    if analysis.error is not None:
        raise analysis.error
    return spec, config
