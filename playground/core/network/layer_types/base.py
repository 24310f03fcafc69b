"""What a layer type is: its parameters, its words, and every rule the app applies to it.

A :class:`LayerType` holds a layer's whole story in one object, as a Keras layer class does: the
parameters with their defaults and limits, the explanations shown as tooltips, the shape rule,
the parameter count written out as a sum, the PyTorch modules it becomes, the code the exported
script writes for them, the glyph the GUI draws and which inspection views can show it. The rest
of the app asks the entry instead of comparing type names, so a new layer type is one new entry.

This module is plain Python: torch is imported only inside :meth:`LayerType.build` and the export
methods, so the editor can validate a network without loading it. A shape rule cannot import the
spec (the spec reads this catalogue), so it reports a problem with a :class:`Repair` described as
data and :mod:`playground.core.network.shapes` turns that into the edited network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from playground.core.network.layer_types.activations import activation_source, make_activation
from playground.core.network.layer_types.params import ParamDef
from playground.core.network.layer_types.words import Text

if TYPE_CHECKING:
    from torch import nn

Family = Literal["core", "convolution", "pooling", "recurrent", "regularisation", "merge"]
Shape = tuple[int, ...]
Params = Mapping[str, Any]
# What backpropagation written out by hand can follow: Dense layers, and layers that pass values.
BackpropRole = Literal["", "dense", "pass"]

FAMILY_TITLES: dict[str, Text] = {
    "core": Text("Core"),
    "convolution": Text("Convolution"),
    "pooling": Text("Pooling"),
    "recurrent": Text("Recurrent"),
    "regularisation": Text("Regularisation"),
    "merge": Text("Merge"),
}
# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
FAMILY_COLOURS: dict[str, str] = {
    "core": "#0072B2",  # blue
    "convolution": "#E69F00",  # orange
    "pooling": "#009E73",  # bluish green
    "recurrent": "#CC79A7",  # reddish purple
    "regularisation": "#6A5ACD",  # slate blue-violet
    "merge": "#D55E00",  # vermillion
}


@dataclass(frozen=True)
class ParameterCount:
    """A layer's parameters (``trainable`` of them learned by the optimizer) and why."""

    total: int
    trainable: int
    explanation: Text


NO_PARAMETERS = ParameterCount(
    0,
    0,
    Text("No weights: this layer has nothing to learn (0 parameters)."),
)


@dataclass(frozen=True)
class Place:
    """Where a layer sits: its position and the network's input shape (some rules need them)."""

    index: int
    network_input: Shape


@dataclass(frozen=True)
class Repair:
    """An automatic repair of a shape problem, as data.

    ``insert_before``: put a ``layer_type`` layer with ``params`` just before the layer (on
    the connection into it); ``set_params``: give the layer these ``params``; ``move_to_top``:
    make it the first layer; ``insert_on_input``: put the new layer on the connection into
    this merge layer's input number ``input`` (counted from 0, in the order it reads them),
    and nowhere else.
    """

    kind: Literal["insert_before", "set_params", "move_to_top", "insert_on_input"]
    layer_type: str = ""
    params: Params = field(default_factory=dict)
    input: int = 0


class ShapeProblem(Exception):
    """A layer cannot take the shape it receives: what is wrong, what to do, maybe a repair.

    ``problem`` and ``suggestion`` are :class:`Text` templates with their values (a kind of
    :class:`~playground.core.messages.Message`), rendered in the reader's language.
    """

    def __init__(self, problem: Text, suggestion: Text, repair: Repair | None = None) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.suggestion = suggestion
        self.repair = repair


def fmt_shape(shape: Shape) -> str:
    """A per-sample shape written with the batch axis, as Keras prints it: ``(None, 28, 28)``."""
    return "(None, " + ", ".join(map(str, shape)) + ")"


@dataclass(frozen=True)
class LayerType:
    """A kind of layer the user can place in a network; subclasses give each kind its rules.

    The flags say what the rest of the app may assume: ``weighted`` layers mix values through
    learned weights (a squashing activation before one is a hidden one), ``rearranges`` layers
    lay the same values out in another shape, ``pixelwise`` layers leave each input value where
    it is (a Dense layer after only these still sees the image), ``sizes_output`` marks the layer
    whose units the output check may change, ``standalone_activation`` the weightless
    activation layer. ``has_filters`` and ``has_unit_weights`` name the inspection views that can
    draw the layer's weights (filters as pictures; a unit's incoming weights as the input image),
    ``recurrent`` layers can show their state at every time step, and ``backprop`` says what the
    hand-written backpropagation does with the layer. ``merges`` marks a layer that reads two or
    more inputs and combines them (:meth:`merged_shape`). ``icon`` is the glyph the GUI draws.
    """

    name: str
    family: Family
    title: Text
    explanation: Text
    params: tuple[ParamDef, ...] = ()
    icon: str = ""
    weighted: bool = False
    rearranges: bool = False
    pixelwise: bool = False
    sizes_output: bool = False
    standalone_activation: bool = False
    has_filters: bool = False
    has_unit_weights: bool = False
    recurrent: bool = False
    backprop: BackpropRole = ""
    # A merge layer reads two or more inputs (Add, Concatenate); every other layer reads one.
    merges: bool = False
    # Source of the helper classes (name -> code) the exported script needs for this layer.
    export_helpers: Mapping[str, str] = field(default_factory=dict)

    # -- catalogue ------------------------------------------------------------------------------
    def param(self, name: str) -> ParamDef:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    @property
    def colour(self) -> str:
        """The family's colour as ``#rrggbb`` (the GUI paints the icon and card with it)."""
        return FAMILY_COLOURS[self.family]

    def describe(self, params: Params, number: Callable[[float, str], str] = format) -> str:
        """The key parameters in a few characters, for tables and cards ("" when none matter)."""
        return ""

    def keeps_values(self, params: Params) -> bool:
        """Whether the layer hands its input's values on unchanged at the end of a network."""
        return False

    # -- arithmetic -----------------------------------------------------------------------------
    def output_shape(self, shape: Shape, params: Params, place: Place) -> Shape:
        """The shape one sample has after this layer; raises :class:`ShapeProblem` if it cannot
        take ``shape``."""
        raise NotImplementedError(self.name)

    def merged_shape(self, shapes: Sequence[Shape], params: Params, place: Place) -> Shape:
        """A merge layer's output for these input shapes (in the order it reads them); raises
        :class:`ShapeProblem` if it cannot merge them. Only merge layers have one."""
        raise NotImplementedError(self.name)

    def count(self, shape: Shape, params: Params) -> ParameterCount:
        """The parameters when the layer receives ``shape`` (which it accepts), with the sum."""
        return NO_PARAMETERS

    def macs(self, shape: Shape, output: Shape, params: Params) -> int:
        """Multiply-adds per sample from ``shape`` to ``output``."""
        return 0

    # -- PyTorch --------------------------------------------------------------------------------
    def modules(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        """The modules that compute the layer, before its activation (see :meth:`build`)."""
        raise NotImplementedError(self.name)

    def build(self, shape: Shape, output: Shape, params: Params) -> list[nn.Module]:
        """Every module of the layer in order: its own, then its ``activation`` parameter's."""
        built = self.modules(shape, output, params)
        activation = params.get("activation")
        if activation is not None:
            module = make_activation(activation, len(output))
            if module is not None:
                built.append(module)
        return built

    def module_source(self, module: nn.Module) -> str | None:
        """The Python expression that constructs ``module`` (one of this layer's), or ``None``."""
        return None

    def export_source(self, module: nn.Module) -> str | None:
        """What the exported script writes for ``module``: the layer's own or an activation."""
        return self.module_source(module) or activation_source(module)

    def helpers_used(self, modules: Sequence[nn.Module]) -> list[str]:
        """The names of :attr:`export_helpers` that ``modules`` use."""
        used = {type(m).__name__ for m in modules}
        return [name for name in self.export_helpers if name in used]
