"""Changes of the own classes as undoable steps of the document, and the network that fits them.

Why it works this way: the own classes are part of the project's design (see
:mod:`playground.gui.commands`), so adding a drawing, renaming or removing a class, or starting
a new set of classes is ``Document.edit`` with the new classes, one undo step, like a change of
a layer. A change of the number of classes must change the network's outputs in the same step
(three classes need three outputs): :func:`classes_edit` resizes the output layer with it, so
undo puts classes and network back together.

Nothing here imports torch or builds a widget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from playground.core.data.inputs import switch_dataset
from playground.core.data.own_classes import OWN_CLASSES_NAME, SHAPE
from playground.core.network.layer_types import layer_type
from playground.core.network.shapes import analyse

if TYPE_CHECKING:
    from playground.core.data.own_classes import OwnClasses
    from playground.core.messages import Message
    from playground.core.network.spec import NetworkSpec
    from playground.core.training.config import TrainingConfig
    from playground.gui.document import Document

__all__ = ["classes_edit", "fed_by_classes", "own_network"]

INPUT_SHAPE = (1, *SHAPE)


def fed_by_classes(spec: NetworkSpec, count: int) -> NetworkSpec:
    """``spec`` reading own-class pictures (28×28 grey, in the view it reads them: image or flat)
    with ``count`` outputs: the last layer, when it is a Dense layer, gets ``count`` units."""
    spec = switch_dataset(spec, OWN_CLASSES_NAME, input_shape=INPUT_SHAPE, num_classes=count,
                          kind="image")
    last = spec.layers[-1] if spec.layers else None
    if last is not None and layer_type(last.type).sizes_output and \
            last.params.get("units") != count:
        spec = spec.replace_layer(len(spec.layers) - 1, last.with_params(units=count))
    return spec


def own_network(spec: NetworkSpec, count: int) -> NetworkSpec | None:
    """The user's network made to learn ``count`` own classes, or None when it cannot (no
    layers, or a network that does not read 28×28 grey pictures or end in a Dense layer)."""
    if not spec.layers or not layer_type(spec.layers[-1].type).sizes_output:
        return None
    fed = fed_by_classes(spec, count)
    return fed if analyse(fed).error is None else None


def classes_edit(document: Document, own: OwnClasses, text: str | Message, *,
                 spec: NetworkSpec | None = None, config: TrainingConfig | None = None,
                 dataset_options: dict | None = None) -> bool:  # fmt: skip
    """Put ``own`` (and ``spec``/``config`` when given) in the document as one undoable step.

    While the network learns the own classes, its outputs follow their number. False when
    nothing changed or the step was refused (a run kept going).
    """
    network = spec if spec is not None else document.spec
    if network.dataset == OWN_CLASSES_NAME and network.num_classes != len(own) and len(own):
        network = fed_by_classes(network, len(own))
    return document.edit(text, spec=network if network != document.spec else None,
                         config=config, dataset_options=dataset_options, own_classes=own)
