"""Network descriptions: what the user built, as plain data that round-trips through JSON.

A :class:`NetworkSpec` is immutable; every edit returns a new spec. That makes undo trivial in the
GUI (keep the old one) and lets the same description be validated, built, saved and exported
without any of those steps changing it. Reading a spec accepts only layer types and parameters
from the catalogue, with values of the right kind and range, so a file can never smuggle in
anything else.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from playground.core.errors import SpecError, shorten
from playground.core.messages import Message
from playground.core.network import graph
from playground.core.network.layers import LAYER_TYPES, ParamDef

SPEC_FORMAT = "nn-playground-network"
SPEC_VERSION = 2  # 2: layers may name their inputs (a network that branches); 1 is read as is
READABLE_VERSIONS = (1, 2)
MAX_LAYERS = 1024  # a thousand-node graph opens; more is a hostile or broken file
MAX_SHAPE_RANK = 4
MAX_DIM = 1 << 20


def _coerce_param(layer: str, p: ParamDef, value: Any) -> Any:
    """Check one parameter value against its definition and return it in canonical form."""
    where = f"{layer}.{p.name}"  # as the file spells it (Dense.units), in every language
    if p.kind == "bool":
        if not isinstance(value, bool):
            raise SpecError("{name} must be true or false, not {value}.", name=where,
                            value=shorten(value))
        return value
    if p.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise SpecError("{name} must be a whole number, not {value}.", name=where,
                                value=shorten(value))
    elif p.kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SpecError("{name} must be a number, not {value}.", name=where,
                            value=shorten(value))
        try:
            number = float(value)
        except OverflowError:  # a whole number with hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            raise SpecError("{name} must be a finite number, not {value}.", name=where,
                            value=shorten(value))
        value = number
    elif p.kind == "choice":
        if value not in p.choices:
            raise SpecError("{name} must be one of {choices}, not {value}.", name=where,
                            choices=", ".join(p.choices), value=shorten(value))
        return value
    elif p.kind == "shape":
        return _coerce_shape(where, value)
    if p.minimum is not None and value < p.minimum:
        raise SpecError("{name} must be at least {minimum:g}, not {value}.", name=where,
                        minimum=p.minimum, value=shorten(value))
    if p.maximum is not None and value > p.maximum:
        raise SpecError("{name} must be at most {maximum:g}, not {value}.", name=where,
                        maximum=p.maximum, value=shorten(value))
    return value


def _coerce_shape(where: str | Message, value: Any) -> tuple[int, ...]:
    """``value`` as a shape; ``where`` names it in messages (a parameter, or the input shape)."""
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= MAX_SHAPE_RANK:
        raise SpecError("{name} must be a list of 1 to {most} sizes, not {value}.", name=where,
                        most=MAX_SHAPE_RANK, value=shorten(value))
    dims = []
    for d in value:
        if isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= MAX_DIM:
            raise SpecError("{name} sizes must be whole numbers from 1 to {most:d}, not {value}.",
                            name=where, most=MAX_DIM, value=shorten(d))
        dims.append(d)
    return tuple(dims)


@dataclass(frozen=True)
class LayerSpec:
    """One layer: a catalogue type and a complete set of its parameters."""

    type: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.type, str) or self.type not in LAYER_TYPES:
            raise SpecError("Unknown layer type {name}. Known types: {known}.",
                            name=shorten(self.type), known=", ".join(LAYER_TYPES))
        definition = LAYER_TYPES[self.type]
        if not isinstance(self.params, Mapping):
            raise SpecError("{type} parameters must be a mapping, not {value}.", type=self.type,
                            value=shorten(self.params))
        unknown = set(self.params) - {p.name for p in definition.params}
        if unknown:
            first = sorted(unknown, key=str)[0]
            raise SpecError("{type} has no parameter {name}.", type=self.type,
                            name=shorten(first))
        full = definition.defaults()
        for name, value in self.params.items():
            full[name] = _coerce_param(self.type, definition.param(name), value)
        object.__setattr__(self, "params", full)

    @classmethod
    def create(cls, type_: str, **params: Any) -> LayerSpec:
        return cls(type_, params)

    def with_params(self, **changes: Any) -> LayerSpec:
        return LayerSpec(self.type, {**self.params, **changes})

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    def to_dict(self) -> dict[str, Any]:
        params = {k: list(v) if isinstance(v, tuple) else v for k, v in self.params.items()}
        return {"type": self.type, "params": params}

    @classmethod
    def from_dict(cls, data: Any) -> LayerSpec:
        if not isinstance(data, Mapping) or not isinstance(data.get("type"), str):
            raise SpecError("A layer must be an object with a 'type', not {value}.",
                            value=shorten(data))
        extra = set(data) - {"type", "params"}
        if extra:
            raise SpecError("A layer has unexpected field {name}.",
                            name=shorten(sorted(extra, key=str)[0]))
        return cls(data["type"], data.get("params", {}))

    def describe(self, number: Callable[[float, str], str] = format) -> str:
        """The layer's key parameters in a few characters, for tables and cards.

        ``number(value, spec)`` writes decimals; the GUI passes one that follows the reader's
        language (a Dropout of 0,5 in Spanish).
        """
        return LAYER_TYPES[self.type].describe(self.params, number)


@dataclass(frozen=True)
class NetworkSpec:
    """A network: what goes in (shape, dataset), the layers, how they connect, the outputs.

    ``input_shape`` excludes the batch and is channels-first for images (``(1, 28, 28)``);
    ``(28, 28)`` reads an image as 28 time steps of 28 values, ``(784,)`` as a flat vector.
    ``num_classes`` is the size the last layer must produce (1 for a regression target).
    ``inputs`` gives, for each layer, the nodes it reads (:data:`~graph.INPUT` for the
    network's input, else an earlier layer's index); it is ``()`` for a plain column, where
    each layer reads the one before (see :mod:`playground.core.network.graph`). The last layer
    is the output.
    """

    input_shape: tuple[int, ...]
    dataset: str
    num_classes: int
    layers: tuple[LayerSpec, ...] = ()
    name: str = ""
    inputs: graph.Inputs = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "input_shape",
                           _coerce_shape(Message("input shape"), self.input_shape))
        if not isinstance(self.dataset, str) or not self.dataset:
            raise SpecError("The network's dataset must be a non-empty name.")
        n = self.num_classes
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 100_000:
            raise SpecError("The number of outputs must be a whole number ≥ 1, not {value}.",
                            value=shorten(n))
        layers = tuple(self.layers)
        if len(layers) > MAX_LAYERS:
            raise SpecError("A network may have at most {most} layers.", most=MAX_LAYERS)
        if not all(isinstance(layer, LayerSpec) for layer in layers):
            raise SpecError("Every layer must be a LayerSpec.")
        object.__setattr__(self, "layers", layers)
        if not isinstance(self.name, str):
            raise SpecError("The network's name must be text.")
        object.__setattr__(self, "inputs", graph.canonical(self.inputs, len(layers), self._arity))

    def _arity(self, index: int) -> tuple[int, int]:
        """How many inputs layer ``index`` takes: two or more for a merge, else one."""
        if LAYER_TYPES[self.layers[index].type].merges:
            return 2, graph.MAX_INPUTS_PER_LAYER
        return 1, 1

    # -- connections -----------------------------------------------------------------------------
    @property
    def is_sequential(self) -> bool:
        """Whether the network is a plain column (each layer reads the one before)."""
        return not self.inputs

    @property
    def connections(self) -> graph.Inputs:
        """Every layer's inputs, the column's included."""
        return self.inputs or graph.column(len(self.layers))

    def inputs_of(self, index: int) -> tuple[int, ...]:
        """The nodes layer ``index`` reads (:data:`~graph.INPUT` is the network's input)."""
        return self.inputs[index] if self.inputs else (index - 1,)

    def _with(self, layers: list[LayerSpec], inputs: graph.Inputs) -> NetworkSpec:
        return replace(self, layers=tuple(layers), inputs=inputs)

    # Edits: each returns a new spec so callers can keep the old one for undo.
    def with_layers(self, layers: Iterable[LayerSpec]) -> NetworkSpec:
        """The network with these layers. A network that branches keeps its connections when
        the count is the same, and continues its output when layers are added at the end."""
        layers = tuple(layers)
        if self.is_sequential or len(layers) == len(self.layers):
            return replace(self, layers=layers)
        old = len(self.layers)
        if len(layers) > old and layers[:old] == self.layers:
            chain = tuple((i - 1,) for i in range(old, len(layers)))
            return replace(self, layers=layers, inputs=self.inputs + chain)
        for index in range(old):
            if layers == self.layers[:index] + self.layers[index + 1:]:
                return self.remove(index)
        raise SpecError("The layers of a network that branches change one at a time.")

    def insert(self, index: int, layer: LayerSpec) -> NetworkSpec:
        layers = list(self.layers)
        layers.insert(index, layer)
        if self.is_sequential:
            return self._with(layers, ())
        return self._with(layers, graph.inserted(self.inputs, index))

    def remove(self, index: int) -> NetworkSpec:
        layers = list(self.layers)
        del layers[index]
        if self.is_sequential:
            return self._with(layers, ())
        return self._with(layers, graph.removed(self.inputs, index, self._merges))

    def _merges(self, index: int) -> bool:
        return bool(LAYER_TYPES[self.layers[index].type].merges)

    def insert_between(self, source: int, target: int, layer: LayerSpec) -> NetworkSpec:
        """``layer`` on the one connection from ``source`` (a layer's index, or
        :data:`~graph.INPUT`) to layer ``target``: it goes just before ``target``, which reads
        it instead of ``source``; every other reader of ``source`` is left as it was (a
        projection on a skip connection changes only the path into the merge)."""
        inputs = graph.inserted_on(self.connections, source, target)
        layers = list(self.layers)
        layers.insert(target, layer)
        return self._with(layers, inputs)

    def replace_layer(self, index: int, layer: LayerSpec) -> NetworkSpec:
        layers = list(self.layers)
        layers[index] = layer
        return self._with(layers, self.inputs)

    def move(self, source: int, destination: int) -> NetworkSpec:
        if not self.is_sequential:
            raise SpecError("In a network that branches, a layer is moved by changing what it "
                            "reads, not its place in the list.")
        layers = list(self.layers)
        layer = layers.pop(source)
        layers.insert(destination, layer)
        return self._with(layers, ())

    def add_skip(self, first: int, last: int, merge: LayerSpec) -> NetworkSpec:
        """A skip connection around layers ``first``..``last``: ``merge`` (an Add) after
        ``last`` adds what the run received to what it produced (a residual block)."""
        inputs, at = graph.skip_around(self.connections, first, last)
        layers = list(self.layers)
        layers.insert(at, merge)
        return self._with(layers, inputs)

    def add_branch(self, first: int, last: int, branch: LayerSpec,
                   merge: LayerSpec) -> NetworkSpec:
        """A parallel branch beside layers ``first``..``last``: ``branch`` reads what the run
        reads, and ``merge`` joins the run's output and the branch's."""
        inputs, at_branch, at_merge = graph.parallel_branch(self.connections, first, last)
        layers = list(self.layers)
        layers.insert(at_branch, branch)
        layers.insert(at_merge, merge)
        return self._with(layers, inputs)

    def connect(self, source: int, target: int) -> NetworkSpec:
        """Layer ``target`` (a merge) reads ``source`` too."""
        return self._with(list(self.layers), graph.connected(self.connections, source, target))

    def disconnect(self, source: int, target: int) -> NetworkSpec:
        """Layer ``target`` no longer reads ``source`` (refused if it would lead nowhere)."""
        return self._with(list(self.layers),
                          graph.disconnected(self.connections, source, target))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": SPEC_FORMAT,
            "version": SPEC_VERSION,
            "name": self.name,
            "input": {"shape": list(self.input_shape), "dataset": self.dataset},
            "output": {"classes": self.num_classes},
            "layers": [
                {**layer.to_dict(), "inputs": [_node_name(s) for s in self.inputs[i]]}
                if self.inputs else layer.to_dict()
                for i, layer in enumerate(self.layers)
            ],
        }

    @classmethod
    def from_dict(cls, data: Any) -> NetworkSpec:
        if not isinstance(data, Mapping):
            raise SpecError("A network description must be a JSON object.")
        if data.get("format", SPEC_FORMAT) != SPEC_FORMAT:
            raise SpecError("Not a network description (format {format}).",
                            format=shorten(data.get("format")))
        version = data.get("version", SPEC_VERSION)
        if isinstance(version, bool) or version not in READABLE_VERSIONS:
            raise SpecError(
                "Network description version {version} is not supported; this app reads version "
                "{supported}. Update the app to open it.",
                version=shorten(version), supported=SPEC_VERSION,
            )
        inp, out, layers = data.get("input"), data.get("output"), data.get("layers", [])
        if not isinstance(inp, Mapping) or not isinstance(out, Mapping):
            raise SpecError("A network description needs 'input' and 'output' objects.")
        if not isinstance(layers, list):
            raise SpecError("A network's 'layers' must be a list.")
        if len(layers) > MAX_LAYERS:
            raise SpecError("A network may have at most {most} layers.", most=MAX_LAYERS)
        inputs = _read_inputs(layers) if version >= 2 else ()
        return cls(
            input_shape=inp.get("shape"),  # type: ignore[arg-type]
            dataset=inp.get("dataset"),  # type: ignore[arg-type]
            num_classes=out.get("classes"),  # type: ignore[arg-type]
            # Version 1 had no connections: a layer naming some there is an unexpected field.
            layers=tuple(LayerSpec.from_dict(_without_inputs(item) if version >= 2 else item)
                         for item in layers),
            name=data.get("name", ""),
            inputs=inputs,
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> NetworkSpec:
        """Read a network description; every way the text can be wrong is a :class:`SpecError`
        in plain words (never Python's own "maximum recursion depth exceeded")."""
        return cls.from_dict(_parse_json(text))


def _node_name(source: int) -> str | int:
    """A connection as a file writes it: ``"input"`` for the network's input, else the layer's
    index (counted from 0)."""
    return "input" if source == graph.INPUT else source


def _without_inputs(item: Any) -> Any:
    if isinstance(item, Mapping) and "inputs" in item:
        return {k: v for k, v in item.items() if k != "inputs"}
    return item


def _read_inputs(layers: list[Any]) -> graph.Inputs:
    """The connections a version-2 file names (``()`` when no layer names any: a column)."""
    named = [isinstance(item, Mapping) and "inputs" in item for item in layers]
    if not any(named):
        return ()
    if not all(named):
        raise SpecError("Either every layer names its inputs or none does.")
    inputs = []
    for index, item in enumerate(layers):
        entry = item["inputs"]
        if not isinstance(entry, list):
            raise SpecError("Layer {number}'s inputs must be a list, not {value}.",
                            number=index + 1, value=shorten(entry))
        inputs.append(tuple(graph.INPUT if s == "input" else s for s in entry))
    return tuple(inputs)


def _parse_json(text: str | bytes) -> Any:
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpecError(
                "The network description is not text (it is not UTF-8); it is probably not a "
                "network description file."
            ) from None
    if not isinstance(text, str):
        raise SpecError("A network description must be JSON text.")
    try:
        return json.loads(text)
    except RecursionError:
        raise SpecError(
            "The network description is nested too deeply to be a network description."
        ) from None
    except json.JSONDecodeError as exc:
        raise SpecError(
            "The network description is not valid JSON: {reason} (line {line:d}, column "
            "{column:d}).",
            reason=exc.msg, line=exc.lineno, column=exc.colno,
        ) from None
    except ValueError:  # Python refuses to read whole numbers of more than 4300 digits
        raise SpecError(
            "The network description holds a number too long to read (thousands of digits)."
        ) from None
