"""The one undoable command: replace the project's design with a new one.

A project's *design* is what the student edits: the network, the training settings, the
dataset's options and the user's own classes (their drawn or dropped samples). All four are
immutable values, so every edit (add a layer, change the learning rate, switch the dataset, add a
drawing to a class, a lesson step that does all of it) is "old design -> new design" and undo
just puts the old one back. One command class keeps undo correct by
construction instead of one hand-written inverse per kind of edit.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

if TYPE_CHECKING:
    from playground.core.data.own_classes import OwnClasses

MERGEABLE_ID = 1


def _frozen(options: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(options))


@dataclass(frozen=True)
class Design:
    """The part of a project that edits change and undo puts back.

    Runs, weights, the file name and where the student is in a lesson are not part of it:
    they come from training and from files, and no edit takes them back. ``own_classes`` (the
    user's classes and samples, or None) is immutable and shares its untouched samples with the
    design before, so keeping every state on the undo stack costs a few tuples per step.
    """

    spec: NetworkSpec
    config: TrainingConfig = field(default_factory=TrainingConfig)
    dataset_options: Mapping[str, Any] = field(default_factory=lambda: _frozen({}))
    own_classes: OwnClasses | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "dataset_options", _frozen(self.dataset_options))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Design) and (self.spec, self.config) == (
            other.spec, other.config) and dict(self.dataset_options) == dict(
            other.dataset_options) and _same_classes(self.own_classes, other.own_classes)

    def __hash__(self) -> int:
        return hash((self.spec, self.config))

    def changed_parts(self, other: Design) -> frozenset[str]:
        """Which of "network", "settings", "data" and "classes" (the own classes) differ between
        the two designs."""
        parts = set()
        if self.spec != other.spec:
            parts.add("network")
        if self.config != other.config:
            parts.add("settings")
        if dict(self.dataset_options) != dict(other.dataset_options):
            parts.add("data")
        if not _same_classes(self.own_classes, other.own_classes):
            parts.add("classes")
        return frozenset(parts)


def _same_classes(a: OwnClasses | None, b: OwnClasses | None) -> bool:
    """Equal own classes: the same object (the usual case), or equal names and samples."""
    return a is b or (a is not None and b is not None and a == b)


class DesignHolder(Protocol):
    """What a command needs of the document: its design and selection, and a way to set both.

    The document implements it; naming only this keeps the commands free of the document
    module (which creates them), so each can be read and tested on its own.
    """

    @property
    def design(self) -> Design: ...

    @property
    def selected(self) -> int: ...

    def apply_design(self, design: Design, select: int) -> None: ...


class DesignCommand(QUndoCommand):
    """Swap the document's design; remembers which layer was selected before and after.

    Commands with the same ``merge_key`` pushed one after another merge into a single undo
    step, so dragging a spin box from 8 to 32 undoes in one go; a merge that returns to the
    original design makes the command obsolete and it disappears from the stack.
    """

    def __init__(
        self,
        document: DesignHolder,
        new_design: Design,
        text: str | Message,
        select: int | None = None,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__()
        # A Message names the step again in another language (see retranslate_commands).
        self.message = text
        self.setText(_render(text))
        self._document = document
        self.old_design = document.design
        self.new_design = new_design
        self.select_before = document.selected
        self.select_after = document.selected if select is None else select
        self.merge_key = merge_key

    def id(self) -> int:
        return MERGEABLE_ID if self.merge_key is not None else -1

    def redo(self) -> None:
        self._document.apply_design(self.new_design, self.select_after)

    def undo(self) -> None:
        self._document.apply_design(self.old_design, self.select_before)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DesignCommand) or other.merge_key != self.merge_key:
            return False
        self.new_design = other.new_design
        self.select_after = other.select_after
        self.message = other.message
        self.setText(other.text())
        if self.new_design == self.old_design:
            self.setObsolete(True)
        return True


def _render(text: str | Message) -> str:
    from playground.gui.i18n import translate_message  # the language of the moment

    return translate_message(text)


def retranslate_commands(stack: QUndoStack) -> None:
    """Name every undo step again in the interface's language (after a change of language)."""
    for index in range(stack.count()):
        command = stack.command(index)
        if isinstance(command, DesignCommand):
            command.setText(_render(command.message))
