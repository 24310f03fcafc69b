"""Shape inference, parameter counts and validation, without building or training anything.

The editor re-runs this on every keystroke, so it is plain arithmetic over the spec (no torch).
Each layer's shape rule, parameter count and multiply-adds come from its entry in the layer
registry (:mod:`playground.core.network.layer_types`); this module walks the network, turns a
layer's :class:`~playground.core.network.layer_types.base.ShapeProblem` into a validation error
with the repaired network, and checks the whole (its outputs, the memory it needs). Every
problem becomes a :class:`ValidationError` that names the layer, says what is wrong and, where
one exists, carries an automatic :class:`Fix`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from playground.core.messages import Message
from playground.core.network.graph import INPUT
from playground.core.network.layer_types import layer_type
from playground.core.network.layer_types.base import Place, Repair, ShapeProblem, fmt_shape
from playground.core.network.layer_types.convolution import WindowType
from playground.core.network.layer_types.words import Text
from playground.core.network.output_head import output_warnings
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.network.validation import Fix, ValidationError

Shape = tuple[int, ...]
BYTES_PER_VALUE = 4  # float32
# Weights, gradients and two optimizer moments (Adam) per parameter while training.
TRAINING_COPIES_PER_PARAM = 4


@dataclass(frozen=True)
class LayerInfo:
    """What one layer produces for one sample, and what it reads.

    ``input_shape`` is the shape of its first input, the only one for every layer but a merge,
    so code written for a plain column keeps working; ``input_shapes`` and ``inputs`` give all
    of them, for a network that branches.
    """

    index: int
    layer: LayerSpec
    output_shape: Shape
    params: int
    trainable: int
    macs: int  # multiply-adds per sample
    input_shape: Shape = ()  # its first input's shape (the only one, but for a merge)
    input_shapes: tuple[Shape, ...] = ()  # every input's shape, in the order it reads them
    inputs: tuple[int, ...] = ()  # the nodes it reads (INPUT or earlier layers' indices)

    @property
    def non_trainable(self) -> int:
        return self.params - self.trainable

    @property
    def parameter_explanation(self) -> Text:
        """The parameter count as a formula with this layer's numbers (same computation)."""
        return layer_type(self.layer.type).count(self.input_shape, self.layer.params).explanation


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
        """A Keras-style summary: one row per layer, then the totals.

        A network that branches gets a fourth column, "Connected to", naming the nodes each
        layer reads, as Keras's summary of a functional model does; a plain column keeps the
        three columns of a sequential model.
        """
        branching = not self.spec.is_sequential
        rows = [("Layer (type)", "Output Shape", "Param #", "Connected to")]
        rows.append(("input (Input)", fmt_shape(self.spec.input_shape), "0", ""))
        for info in self.layers:
            rows.append((_row_label(info.index, info.layer), fmt_shape(info.output_shape),
                         f"{info.params:,}", self._connected_to(info.inputs)))
        widths = [max(len(r[i]) for r in rows) + 3 for i in range(4)]
        line = "-" * sum(widths[:4] if branching else widths[:3])
        out = [f'Model: "{self.spec.name or "network"}"', line]
        for n, row in enumerate(rows):
            text = row[0].ljust(widths[0]) + row[1].ljust(widths[1]) + row[2].rjust(widths[2])
            if branching:
                text = (text + "   " + row[3]).rstrip()
            out.append(text)
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

    def _connected_to(self, sources: tuple[int, ...]) -> str:
        """The nodes a layer reads, as the table names them: ``input``, ``2 Conv2D``."""
        return ", ".join("input" if s == INPUT else f"{s + 1} {self.spec.layers[s].type}"
                         for s in sources)


def _row_label(index: int, layer: LayerSpec) -> str:
    """A layer's first cell: its number as the editor shows it, its type, its key values."""
    label = f"{index + 1:>2} {layer.type}"
    detail = layer.describe()
    return f"{label} ({detail})" if detail else label


def physical_memory_bytes() -> int:
    """This computer's RAM, or 8 GiB where the platform does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 << 30


def analyse(spec: NetworkSpec, memory_limit: int | None = None) -> Analysis:
    """Infer every layer's output shape and parameter count, stopping at the first problem.

    The layers are walked in their order, which puts every layer after the ones it reads, so
    each layer's inputs are known when it is reached: the network's input for
    :data:`~graph.INPUT`, else an earlier layer's output. A merge gets all of its inputs'
    shapes; every other layer its one input's.
    """
    infos: list[LayerInfo] = []
    produced: dict[int, Shape] = {INPUT: spec.input_shape}
    for index, layer in enumerate(spec.layers):
        sources = spec.inputs_of(index)
        received = tuple(produced[source] for source in sources)
        try:
            shape, params, trainable, macs = _layer_rule(spec, index, layer, received)
        except ValidationError as error:
            return Analysis(spec, tuple(infos), _image_layer_after_flatten(spec, infos, error))
        infos.append(LayerInfo(index, layer, shape, params, trainable, macs, received[0],
                               received, sources))
        produced[index] = shape
    output = infos[-1].output_shape if infos else spec.input_shape
    partial = Analysis(spec, tuple(infos), None)
    error = _check_output(spec, output) or _check_memory(partial, memory_limit)
    warnings = output_warnings(spec, [info.output_shape for info in infos])
    return Analysis(spec, tuple(infos), error, warnings)


def infer_shapes(spec: NetworkSpec, memory_limit: int | None = None) -> Analysis:
    """Like :func:`analyse` but raises the :class:`ValidationError` of an invalid network."""
    return analyse(spec, memory_limit).raise_error()


def _error(
    spec: NetworkSpec,
    index: int | None,
    problem: Message,
    suggestion: Message,
    fix_spec: NetworkSpec | None = None,
) -> ValidationError:
    layer_type = spec.layers[index].type if index is not None else "network"
    fix = Fix(suggestion, fix_spec) if fix_spec is not None else None
    return ValidationError(index, layer_type, problem, suggestion, fix)


def _image_layer_after_flatten(
    spec: NetworkSpec, infos: list[LayerInfo], error: ValidationError
) -> ValidationError:
    """A convolution or pooling placed after the Flatten: the fix a teacher gives first.

    Its own rule can only offer a Reshape back into an image, which builds an odd network (and
    a Dense layer before it then sees a grid). Moving the layer before the Flatten, where the
    data is still an image, is what was meant; the Reshape stays as the second choice.
    """
    i = error.layer_index
    if i is None or not isinstance(layer_type(spec.layers[i].type), WindowType):
        return error
    if not spec.is_sequential:  # a branching network moves layers by their connections
        return error
    flatten = next((info.index for info in infos  # a Flatten (or a Reshape to a flat list)
                    if layer_type(info.layer.type).rearranges and len(info.input_shape) == 3
                    and len(info.output_shape) == 1), None)
    if flatten is None:
        return error
    moved = spec.move(i, flatten)
    if analyse(moved).error is not None:
        return error
    move = Message("Move it before the Flatten (layer {layer}), where the data is still an "
                   "image.", layer=flatten + 1)
    suggestion = move
    if error.fix is not None:
        suggestion = Message("Move it before the Flatten (layer {layer}), where the data is still "
                             "an image. Or: {other}", layer=flatten + 1, other=error.suggestion)
    return ValidationError(i, spec.layers[i].type, error.problem, suggestion, Fix(move, moved),
                           alternative=error.fix)


def _repaired(spec: NetworkSpec, i: int, repair: Repair | None) -> NetworkSpec | None:
    """The network with a layer type's :class:`Repair` applied to layer ``i``.

    A new layer goes on one connection into layer ``i`` (the one it reads, or for a merge the
    input that differs), so in a network that branches the other readers of that input are
    left as they were.
    """
    if repair is None:
        return None
    if repair.kind in ("insert_before", "insert_on_input"):
        source = spec.inputs_of(i)[repair.input if repair.kind == "insert_on_input" else 0]
        return spec.insert_between(source, i, LayerSpec(repair.layer_type, repair.params))
    if repair.kind == "set_params":
        return spec.replace_layer(i, spec.layers[i].with_params(**repair.params))
    if not spec.is_sequential:  # moving a layer to the top would cut its connections
        return None
    return spec.move(i, 0)


def _node_words(source: int) -> Message:
    """A node as the editor names it: the network's input, or a layer numbered from 1."""
    if source == INPUT:
        return Message("the network's input")
    return Message("layer {number}", number=source + 1)


def _suggestion(spec: NetworkSpec, i: int, problem: ShapeProblem) -> Message:
    """What to do, in words: the layer type's own advice, or for a merge's input that differs
    the projection the fix puts on its connection, with its numbers."""
    repair = problem.repair
    if repair is None or repair.kind != "insert_on_input":
        return problem.suggestion
    values = {
        "source": _node_words(spec.inputs_of(i)[repair.input]),
        "type": spec.layers[i].type,
        "number": repair.input + 1,
    }
    if "filters" not in repair.params:  # a Dense layer, for vectors
        return Message("Put a Dense layer with {units} units on the connection from {source} into "
                       "this {type} (a projection), so its input {number} has the shape of the "
                       "first.", units=repair.params["units"], **values)
    stride = repair.params.get("stride", 1)
    if stride > 1:
        return Message("Put a 1×1 Conv2D with {filters} filters and stride {stride} on the "
                       "connection from {source} into this {type} (a projection, as ResNet "
                       "does), so its input {number} has the shape of the first.",
                       filters=repair.params["filters"], stride=stride, **values)
    return Message("Put a 1×1 Conv2D with {filters} filters on the connection from {source} into "
                   "this {type} (a projection, as ResNet does), so its input {number} has the "
                   "shape of the first.", filters=repair.params["filters"], **values)


def _layer_rule(
    spec: NetworkSpec, i: int, layer: LayerSpec, received: tuple[Shape, ...]
) -> tuple[Shape, int, int, int]:
    """(output shape, parameters, trainable parameters, multiply-adds) for one layer, given
    the shapes of the inputs it reads."""
    entry = layer_type(layer.type)
    shape = received[0]
    place = Place(i, spec.input_shape)
    try:
        if entry.merges:
            out = entry.merged_shape(received, layer.params, place)
        else:
            out = entry.output_shape(shape, layer.params, place)
    except ShapeProblem as problem:
        raise _error(
            spec,
            i,
            problem.problem,
            _suggestion(spec, i, problem),
            _repaired(spec, i, problem.repair),
        ) from None
    count = entry.count(shape, layer.params)
    return out, count.total, count.trainable, entry.macs(shape, out, layer.params)


def _check_output(spec: NetworkSpec, shape: Shape) -> ValidationError | None:
    classes = spec.num_classes
    if shape == (classes,):
        return None
    last = spec.layers[-1] if spec.layers else None
    activation = "softmax" if classes > 1 else "sigmoid"
    new_dense = LayerSpec.create("Dense", units=classes, activation=activation)
    if last is not None and layer_type(last.type).sizes_output:
        index = len(spec.layers) - 1
        fixed = spec.replace_layer(index, last.with_params(units=classes))
        suggestion = Message("Give the last Dense layer {classes} units.", classes=classes)
    else:
        index = len(spec.layers) - 1 if spec.layers else None
        extra = [LayerSpec.create("Flatten")] if len(shape) != 1 else []
        fixed = spec.with_layers([*spec.layers, *extra, new_dense])
        suggestion = Message("Add a Dense layer with {classes} units and {activation} at the end.",
                             classes=classes, activation=activation)
    return _error(
        spec,
        index,
        Message("The network must end with {classes} outputs, one per class, but it ends with "
                "{shape}.", classes=classes, shape=fmt_shape(shape)),
        suggestion,
        fixed,
    )


def _check_memory(analysis: Analysis, memory_limit: int | None) -> ValidationError | None:
    limit = memory_limit if memory_limit is not None else physical_memory_bytes() // 2
    needed = analysis.param_bytes * TRAINING_COPIES_PER_PARAM + analysis.activation_bytes * 2
    if needed <= limit:
        return None
    biggest = max(analysis.layers, key=lambda info: info.params, default=None)
    sizes = {"needed": needed / 2**30, "limit": limit / 2**30}
    if biggest is None:
        problem = Message("Training this network needs about {needed:.1f} GiB, more than the "
                          "{limit:.1f} GiB this computer can spare.", **sizes)
    else:
        problem = Message("Training this network needs about {needed:.1f} GiB, more than the "
                          "{limit:.1f} GiB this computer can spare. The largest is layer {layer} "
                          "({type}).", **sizes, layer=biggest.index + 1, type=biggest.layer.type)
    return _error(
        analysis.spec,
        biggest.index if biggest else None,
        problem,
        Message("Use fewer units or filters, or add pooling before the Dense layers."),
    )
