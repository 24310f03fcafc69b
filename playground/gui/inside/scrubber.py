"""The time scrubber: pick any recorded moment of the run, or follow the newest one live.

The slider runs over the recorder's snapshots. While "Live" is on it jumps to each new snapshot;
moving the slider back turns it off, and the choice stays on the same moment (epoch and batch)
even when the recorder thins old snapshots and their indices shift. Play replays the run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from playground.gui.moments import moment_text

if TYPE_CHECKING:
    from playground.core.inspect.snapshots import Snapshot

PLAY_INTERVAL_MS = 400


class Scrubber(QWidget):
    """Slider, Play, Live and a caption; ``index`` is the chosen snapshot (-1: none)."""

    moved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insideScrubber")
        self.setAccessibleName(self.tr("Time scrubber"))
        self.play_button = QToolButton(objectName="scrubberPlayButton", checkable=True)
        self.play_button.setText(self.tr("▶ Play"))
        self.play_button.setAccessibleName(self.tr("Replay the run"))
        self.play_button.setToolTip(self.tr("Replay the recorded moments of the run"))
        self.play_button.toggled.connect(self._play_toggled)
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="scrubberSlider")
        self.slider.setAccessibleName(self.tr("Moment of the run"))
        self.slider.setToolTip(self.tr("Drag to see the network as it was at that moment"))
        self.slider.setRange(0, 0)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._slid)
        self.live_button = QToolButton(objectName="scrubberLiveButton", checkable=True)
        self.live_button.setText(self.tr("Live"))
        self.live_button.setAccessibleName(self.tr("Follow the newest snapshot"))
        self.live_button.setToolTip(self.tr("Always show the newest moment"))
        self.live_button.setChecked(True)
        self.live_button.toggled.connect(self._live_toggled)
        self.caption = QLabel(objectName="scrubberCaption")
        self.caption.setAccessibleName(self.tr("Moment shown"))
        self.caption.setMinimumWidth(220)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.live_button)
        layout.addWidget(self.caption)
        self._snapshots: tuple[Snapshot, ...] = ()
        self._moment: tuple[int, int] | None = None  # (epoch, batch) chosen when not live
        self._timer = QTimer(self, interval=PLAY_INTERVAL_MS)
        self._timer.timeout.connect(self._advance)
        self.set_snapshots((), self.tr("No run recorded yet"))

    @property
    def live(self) -> bool:
        return self.live_button.isChecked()

    @property
    def index(self) -> int:
        return self.slider.value() if self._snapshots else -1

    @property
    def snapshots(self) -> tuple[Snapshot, ...]:
        return self._snapshots

    @property
    def count(self) -> int:
        return len(self._snapshots)

    def follow_newest(self) -> None:
        """Turn "Live" on without jumping now: the next list of snapshots starts at its newest."""
        self.play_button.setChecked(False)
        self.live_button.blockSignals(True)
        self.live_button.setChecked(True)
        self.live_button.blockSignals(False)

    def set_snapshots(self, snapshots: tuple[Snapshot, ...], empty_text: str = "") -> None:
        """New list of snapshots: keep the chosen moment, or go to the newest when live."""
        self._snapshots = snapshots
        self.slider.blockSignals(True)
        self.slider.setEnabled(bool(snapshots))
        self.play_button.setEnabled(len(snapshots) > 1)
        self.slider.setRange(0, max(0, len(snapshots) - 1))
        if snapshots:
            target = len(snapshots) - 1
            if not self.live and self._moment is not None:
                moments = [(s.epoch, s.batch) for s in snapshots]
                target = moments.index(self._moment) if self._moment in moments else \
                    min(range(len(moments)), key=lambda i: abs(moments[i][0] - self._moment[0]))
            self.slider.setValue(target)
        self.slider.blockSignals(False)
        self._caption(empty_text)

    def select(self, index: int) -> None:
        """Show snapshot ``index`` (negative counts from the newest); live only on the newest."""
        if not self._snapshots:
            return
        index = index % len(self._snapshots)
        self.slider.setValue(index)
        self._slid(index)

    def retranslate(self) -> None:
        """After a change of language: the composed caption of the chosen moment (the empty
        list's caption is a whole catalogue text, already replaced)."""
        if self._snapshots:
            self._caption("")

    # -- internals --------------------------------------------------------------------------------
    def _slid(self, value: int) -> None:
        if not self._snapshots:
            return
        newest = value == len(self._snapshots) - 1
        if self.live != newest and not self._timer.isActive():
            self.live_button.blockSignals(True)
            self.live_button.setChecked(newest)
            self.live_button.blockSignals(False)
        chosen = self._snapshots[value]
        self._moment = (chosen.epoch, chosen.batch)
        self._caption("")
        self.moved.emit()

    def _live_toggled(self, on: bool) -> None:
        if on and self._snapshots:
            self.select(-1)

    def _play_toggled(self, on: bool) -> None:
        if on:
            self.live_button.setChecked(False)
            if self.index >= self.count - 1:
                self.select(0)
            self._timer.start()
        else:
            self._timer.stop()

    def _advance(self) -> None:
        if self.index >= self.count - 1:
            self.play_button.setChecked(False)
            return
        self.select(self.index + 1)

    def _caption(self, empty_text: str) -> None:
        if not self._snapshots:
            self.caption.setText(empty_text)
            return
        moment = moment_text(self._snapshots[self.slider.value()])
        self.caption.setText(self.tr("{0} ({1} of {2})").format(
            moment, self.slider.value() + 1, len(self._snapshots)))
