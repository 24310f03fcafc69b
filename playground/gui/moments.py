"""When a snapshot of the weights was taken, in words: shared by the panes that show one.

The Inside panes' scrubber and the Draw pane both say which weights they show ("end of epoch
2"); they are separate window features, so the wording lives here, outside both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from playground.core.inspect.snapshots import Snapshot


def moment_text(snapshot: Snapshot) -> str:
    """When a snapshot was taken, in words ("end of epoch 2")."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("Scrubber", text)

    if snapshot.epoch == 0:
        return tr("before training")
    if snapshot.epoch_end:
        return tr("end of epoch {0}").format(snapshot.epoch)
    return tr("epoch {0}, batch {1}").format(snapshot.epoch, snapshot.batch)
