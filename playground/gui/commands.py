"""The one undoable command: replace the network description with a new one.

Specs are immutable, so every edit (add, remove, move, change a parameter, apply a fix, change
the input) is "old spec -> new spec" and undo just puts the old one back. One command class
keeps undo correct by construction instead of one hand-written inverse per kind of edit.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from playground.core.network.spec import NetworkSpec

if TYPE_CHECKING:
    from playground.gui.document import Document

MERGEABLE_ID = 1


class SpecCommand(QUndoCommand):
    """Swap the document's spec; remembers which layer was selected before and after.

    Commands with the same ``merge_key`` pushed one after another merge into a single undo
    step, so dragging a spin box from 8 to 32 undoes in one go; a merge that returns to the
    original spec makes the command obsolete and it disappears from the stack.
    """

    def __init__(
        self,
        document: Document,
        new_spec: NetworkSpec,
        text: str,
        select: int | None = None,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self._document = document
        self.old_spec = document.spec
        self.new_spec = new_spec
        self.select_before = document.selected
        self.select_after = document.selected if select is None else select
        self.merge_key = merge_key

    def id(self) -> int:
        return MERGEABLE_ID if self.merge_key is not None else -1

    def redo(self) -> None:
        self._document.apply_spec(self.new_spec, self.select_after)

    def undo(self) -> None:
        self._document.apply_spec(self.old_spec, self.select_before)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SpecCommand) or other.merge_key != self.merge_key:
            return False
        self.new_spec = other.new_spec
        self.select_after = other.select_after
        self.setText(other.text())
        if self.new_spec == self.old_spec:
            self.setObsolete(True)
        return True
