"""Which activation really produces a network's outputs, looking past layers that keep the values.

The loss must know whether the outputs are raw scores, probabilities (softmax, sigmoid) or
log-probabilities (log_softmax): cross-entropy on probabilities softmaxes twice and trains badly.
A student often ends a classifier with ``Dense(10, softmax)`` followed by a Dropout or a Reshape,
so looking only at the very last layer would call that output "linear". This module walks back
from the end over the layers that leave the values as they are and finds the activation that
made them; it also lists squashing activations (softmax, log_softmax, sigmoid) that are *not*
the output's, because value-changing layers follow them.

Pure spec arithmetic (no torch): the editor's validation and the model builder share it. The
misplaced activations become warnings (they do not stop training) in the same form as validation
errors, with an automatic fix the editor offers as one undoable step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from playground.core.errors import SpecError
from playground.core.messages import Message
from playground.core.network import graph
from playground.core.network.graph import Inputs
from playground.core.network.layer_types import layer_type
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.network.validation import Fix, ValidationError

Shape = tuple[int, ...]

# Which layers hand the output layer's values on unchanged is each layer type's ``keeps_values``
# (the registry says why for each: Dropout is the identity when predicting, Flatten and Reshape
# keep the numbers and their order, a "linear" Activation applies nothing); every other layer
# changes the values.

# Activations that turn scores into probabilities (or log-probabilities); a loss treats their
# outputs specially, so they must be the last thing that changes the values.
SQUASHING = ("softmax", "log_softmax", "sigmoid")
# Softmax-like activations are normalised over a whole axis: moved through a Flatten or Reshape
# they only stay one distribution over the classes if they were applied to a flat vector.
_OVER_AN_AXIS = ("softmax", "log_softmax")
def keeps_values(layer: LayerSpec) -> bool:
    """Whether ``layer`` hands its input's values on unchanged at the end of a network."""
    return layer_type(layer.type).keeps_values(layer.params)


@dataclass(frozen=True)
class OutputActivation:
    """The activation that produces the network's outputs and the layer that applies it.

    ``name`` is ``"linear"`` (with ``layer_index`` ``None``) when the outputs are raw scores.
    """

    name: str = "linear"
    layer_index: int | None = None

    @property
    def squashing(self) -> bool:
        return self.name in SQUASHING


def find_output_activation(
    layers: Sequence[LayerSpec], output_shapes: Sequence[Shape], inputs: Inputs = ()
) -> OutputActivation:
    """Walk back from the last layer over value-keeping layers to the output's activation.

    ``output_shapes[i]`` is layer ``i``'s output shape (needed because a softmax over one axis of
    a grid, flattened afterwards, is not one distribution over the classes). ``inputs`` are the
    network's connections (``()`` for a plain column): the walk follows what each layer reads,
    which in a network that branches need not be the layer listed before it. A merge changes
    the values, so an output that is a merge is raw scores.
    """
    reading = inputs or graph.column(len(layers))
    reshaped = False
    index = len(layers) - 1
    while index != graph.INPUT:
        layer = layers[index]
        if keeps_values(layer):
            reshaped = reshaped or layer_type(layer.type).rearranges
            index = reading[index][0]  # a value-keeping layer reads one input
            continue
        activation = layer.params.get("activation")
        if activation is None or activation == "linear":
            return OutputActivation()
        if reshaped and activation in _OVER_AN_AXIS and len(output_shapes[index]) != 1:
            return OutputActivation()
        return OutputActivation(str(activation), index)
    return OutputActivation()


def downstream(inputs: Inputs, index: int) -> list[int]:
    """The layers that depend on layer ``index`` (read it, or read one that does), in order."""
    found: set[int] = set()
    for later in range(index + 1, len(inputs)):
        if any(source == index or source in found for source in inputs[later]):
            found.add(later)
    return sorted(found)


@dataclass(frozen=True)
class MisplacedSquash:
    """A softmax, log_softmax or sigmoid whose values later layers change.

    ``hidden`` is true when a layer with weights follows (the activation sits inside the network);
    otherwise only weightless layers (BatchNorm, pooling, another activation) change its outputs
    before the end, so the student meant it for the output.
    """

    layer_index: int
    activation: str
    changed_by: int  # the first later layer that changes its values
    hidden: bool


def misplaced_squashing(
    layers: Sequence[LayerSpec], output_shapes: Sequence[Shape], inputs: Inputs = ()
) -> list[MisplacedSquash]:
    """Squashing activations that are not the output's because value-changing layers follow.

    A sigmoid inside the network (a Dense layer follows) is an ordinary hidden activation and is
    not listed; a softmax or log_softmax there is, since it crushes the values into a
    distribution that later layers can hardly use. "Follow" means depend on it through the
    connections (``inputs``, ``()`` for a plain column), not merely come later in the list.
    """
    reading = inputs or graph.column(len(layers))
    output = find_output_activation(layers, output_shapes, inputs)
    found = []
    for index, layer in enumerate(layers):
        activation = layer.params.get("activation")
        if activation not in SQUASHING or index == output.layer_index:
            continue
        later = downstream(reading, index)
        changed_by = next((after for after in later if not keeps_values(layers[after])), None)
        if changed_by is None:  # only Flatten/Reshape/Dropout after a softmax over a grid
            changed_by = len(layers) - 1
        # Weights after it make it a hidden activation.
        hidden = any(layer_type(layers[after].type).weighted for after in later)
        if hidden and activation == "sigmoid":
            continue
        found.append(MisplacedSquash(index, str(activation), changed_by, hidden))
    return found


# What each squashing activation turns values into, said inside the warnings' sentences.
_WHAT = {
    "softmax": Message("probabilities that add up to 1"),
    "log_softmax": Message("log-probabilities"),
    "sigmoid": Message("values between 0 and 1"),
}


def output_warnings(
    spec: NetworkSpec, output_shapes: Sequence[Shape]
) -> tuple[ValidationError, ...]:
    """One warning, with its fix, per squashing activation that is not the network's output."""
    warnings = []
    for found in misplaced_squashing(spec.layers, output_shapes, spec.inputs):
        if found.hidden:
            warnings.append(_hidden_warning(spec, found))
        else:
            warnings.append(_not_last_warning(spec, output_shapes, found))
    bent = None if warnings else _bent_scores_warning(spec, output_shapes)  # one fix at a time
    if bent is not None:
        warnings.append(bent)
    return tuple(warnings)


def _bent_scores_warning(
    spec: NetworkSpec, output_shapes: Sequence[Shape]
) -> ValidationError | None:
    """A classifier whose class scores pass through relu, tanh or the like before the loss.

    The network still trains, so this is a warning, but badly: relu turns every negative score
    into 0 (a class whose score stays there gets no gradient and is never learned), tanh and
    the others cap the scores, so the softmax the loss applies can never be sure. A regression
    network (one output) may well want such an output, so it is left alone.
    """
    if spec.num_classes < 2:
        return None
    output = find_output_activation(spec.layers, output_shapes, spec.inputs)
    act, index = output.name, output.layer_index
    if index is None or output.squashing:
        return None
    fixed, _ = _without_activation(spec, index)
    return _warning(
        spec,
        index,
        Message("The class scores go through {act} before the loss: it bends them (relu turns "
                "every negative score into 0, and a class stuck there is never learned), so the "
                "network cannot say clearly which class it sees.", act=act),
        Message("Make the last layer linear (cross-entropy applies the softmax itself), or end "
                "with softmax."),
        fixed,
    )


def _without_activation(spec: NetworkSpec, index: int) -> tuple[NetworkSpec, bool]:
    """The network with layer ``index``'s activation taken away, and whether the layer itself
    went: an Activation layer is removed (what read it reads its input), any other layer made
    linear. In a network that branches, an Activation whose removal would leave a merge with
    one input stays, made linear."""
    layer = spec.layers[index]
    if layer_type(layer.type).standalone_activation:
        try:
            return spec.remove(index), True
        except SpecError:
            pass
    return spec.replace_layer(index, layer.with_params(activation="linear")), False


def _warning(
    spec: NetworkSpec, index: int, problem: Message, suggestion: Message, fixed: NetworkSpec,
) -> ValidationError:
    return ValidationError(index, spec.layers[index].type, problem, suggestion,
                           Fix(suggestion, fixed))


def _hidden_warning(spec: NetworkSpec, found: MisplacedSquash) -> ValidationError:
    act, index = found.activation, found.layer_index
    what = _WHAT[act]
    layer = spec.layers[index]
    return _warning(
        spec,
        index,
        Message("{act} inside the network squeezes this layer's values into {what}, so the "
                "layers after it get tiny, nearly equal numbers and learn slowly.",
                act=act, what=what),
        Message("Use relu here and keep {act} for the last layer only.", act=act),
        spec.replace_layer(index, layer.with_params(activation="relu")),
    )


def _not_last_warning(
    spec: NetworkSpec, output_shapes: Sequence[Shape], found: MisplacedSquash
) -> ValidationError:
    act, index = found.activation, found.layer_index
    what = _WHAT[act]
    later = spec.layers[found.changed_by]
    if keeps_values(later):  # a softmax over one axis of a grid, then flattened
        problem = Message(
            "Its {act} works over one axis of its {shape} output, so after the {type} the "
            "outputs are not {what} over all the classes.",
            act=act, shape=str(output_shapes[index]), type=later.type, what=what)
    else:
        problem = Message(
            "Its {act} is not the network's output: layer {layer} ({type}) changes the values "
            "after it, so the outputs are no longer {what} and the loss cannot use the scores "
            "before the {act}.",
            act=act, layer=found.changed_by + 1, type=later.type, what=what)
    edited, removed = _without_activation(spec, index)
    shapes = list(output_shapes)
    if removed:  # the layer itself went (the other shapes are unchanged)
        del shapes[index]
    ends_squashed = find_output_activation(edited.layers, shapes, edited.inputs).squashing
    if ends_squashed:
        fixed = edited
        suggestion = Message("Remove this {act}: the network already ends with its own "
                             "activation.", act=act)
    else:
        fixed = edited.insert(len(edited.layers), LayerSpec.create("Activation", activation=act))
        if removed:
            suggestion = Message("Move this Activation layer to the end of the network.")
        else:
            suggestion = Message("Move the {act} to the end: this layer loses it and an "
                                 "Activation layer with {act} goes last.", act=act)
    return _warning(spec, index, problem, suggestion, fixed)
