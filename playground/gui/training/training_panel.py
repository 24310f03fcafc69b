"""The training panel: the settings, the Train/Pause/Step/Stop/Reset buttons and the progress.

It shows state and forwards clicks; the :class:`TrainingController` decides what they do. When the
open network has trained weights, a choice under the buttons says what the next run starts
from: those weights, or the seed's fresh ones; Train never goes on from them unseen. The
progress read-out (epoch and batch bars, elapsed time, time left, samples per second) is
computed from the engine's own progress events, so it costs nothing extra per batch.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from playground.core.training.config import TrainingConfig
from playground.gui import looks
from playground.gui.numbers import localized
from playground.gui.training.settings_form import SettingsForm

FRAME_PX = 2  # the scroll area's frame, each side


def format_seconds(seconds: float) -> str:
    whole = max(0, round(seconds))
    minutes, secs = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainingPanel(QWidget):
    """Settings, controls and progress for training the open network."""

    trainClicked = Signal()
    pauseClicked = Signal()
    stepClicked = Signal()
    stopClicked = Signal()
    resetClicked = Signal()
    startChoiceChanged = Signal(str)  # "continue" or "fresh", when the user picks one
    retranslated = Signal()  # the language changed: the controller shows its message again

    def __init__(self, config: TrainingConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        tr = self.tr
        self.settings = SettingsForm(config)

        def button(name: str, text: str, tip: str, signal: Signal) -> QPushButton:
            b = QPushButton(text, objectName=name)
            b.setAccessibleName(text.replace("&", ""))
            b.setToolTip(tip)
            b.clicked.connect(signal)
            return b

        self.train_button = button("trainButton", tr("Train"),
                                   tr("Start training, or go on from where it paused (Space)"),
                                   self.trainClicked)
        self.pause_button = button("pauseButton", tr("Pause"), tr("Pause after this batch (Space)"),
                                   self.pauseClicked)
        self.step_button = button("stepButton", tr("Step"),
                                  tr("Train exactly one batch, then pause (→)"), self.stepClicked)
        self.stop_button = button("stopButton", tr("Stop"),
                                  tr("End the run and evaluate on the test set"), self.stopClicked)
        self.reset_button = button("resetButton", tr("Reset weights"),
                                   tr("Start again from the initial weights of this seed (R)"),
                                   self.resetClicked)
        buttons = QGridLayout()
        buttons.addWidget(self.train_button, 0, 0)
        buttons.addWidget(self.pause_button, 0, 1)
        buttons.addWidget(self.step_button, 0, 2)
        buttons.addWidget(self.stop_button, 1, 0, 1, 2)
        buttons.addWidget(self.reset_button, 1, 2)
        buttons.addWidget(self._make_start_choice(), 2, 0, 1, 3)
        self.tools = QHBoxLayout()  # buttons features add (add_tool_button)
        self.tools.setContentsMargins(0, 0, 0, 0)
        buttons.addLayout(self.tools, 3, 0, 1, 3)

        self.epoch_bar = QProgressBar(objectName="epochProgress")
        self.epoch_bar.setAccessibleName(tr("Epochs done"))
        self.batch_bar = QProgressBar(objectName="batchProgress")
        self.batch_bar.setAccessibleName(tr("Batches done in this epoch"))
        self.timing = QLabel(objectName="trainingTiming")
        self.timing.setAccessibleName(tr("Elapsed time, time left and speed"))
        self.message = QLabel(objectName="trainingMessage")
        self.message.setAccessibleName(tr("Training message"))
        self.message.setWordWrap(True)
        progress = QFormLayout()
        progress.addRow(tr("Epochs"), self.epoch_bar)
        progress.addRow(tr("Batches"), self.batch_bar)
        progress.addRow(self.timing)
        progress.addRow(self.message)

        controls_box = QGroupBox(tr("Run"))
        controls_box.setLayout(buttons)
        progress_box = QGroupBox(tr("Progress"))
        progress_box.setLayout(progress)
        settings_box = QGroupBox(tr("Settings"))
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addWidget(self.settings)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(controls_box)
        layout.addWidget(progress_box)
        layout.addWidget(settings_box)
        layout.addStretch(1)
        scroll = QScrollArea(objectName="trainingPanelScroll")
        scroll.setAccessibleName(tr("Training controls and settings"))
        # Not a Tab stop of its own: Tab goes through the fields inside, and it scrolls to them.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self._scroll = scroll
        self._content = inner
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._start_offer: tuple[bool, int | None, int] = (False, None, 0)
        self._progress: tuple[int, int, int, float, float] | None = None
        self.show_state(running=False, paused=False, can_train=True)

    def add_tool_button(self, action: QAction) -> QPushButton:
        """A button under the Run buttons that triggers ``action`` and follows its text, tip
        and state: how a feature offers another way to train here (an experiment) without
        the panel knowing of it."""
        button = _ActionButton(action, self.tools.parentWidget())
        self.tools.addWidget(button)
        return button

    def retranslate(self) -> None:
        """After a change of language: the start choice and the timing, composed from values
        kept here; the message is the controller's to compose (see :attr:`retranslated`)."""
        self.show_start_choice(*self._start_offer)
        if self._progress is not None and self.timing.text():
            self._show_timing(*self._progress)
        self.retranslated.emit()

    def _make_start_choice(self) -> QWidget:
        """The "next run starts from" radio buttons, hidden until there are trained weights."""
        tr = self.tr
        box = QWidget(objectName="startChoice")
        box.setAccessibleName(tr("What the next run starts from"))
        self.continue_radio = QRadioButton(objectName="continueFromTrained")
        self.continue_radio.setToolTip(tr(
            "Go on training the weights the last run left, for more epochs or with a new "
            "learning rate. The run is recorded as a continuation, and Compare Runs does not set "
            "it against runs that started from fresh weights."))
        self.fresh_radio = QRadioButton(objectName="startFromFresh")
        self.fresh_radio.setToolTip(tr(
            "Start from the seed's initial weights, as a first run does, so the runs compare "
            "like for like. The trained weights are replaced when the run ends."))
        self.continue_radio.setChecked(True)
        group = QButtonGroup(box)
        group.addButton(self.continue_radio)
        group.addButton(self.fresh_radio)
        group.buttonToggled.connect(self._start_choice_toggled)
        self._start_group = group
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(QLabel(tr("Next run starts from:")))
        layout.addWidget(self.continue_radio)
        layout.addWidget(self.fresh_radio)
        self.start_choice_box = box
        box.hide()
        return box

    @property
    def start_choice(self) -> str:
        """"continue" or "fresh": what Train does when there are trained weights."""
        return "fresh" if self.fresh_radio.isChecked() else "continue"

    def set_start_choice(self, choice: str) -> None:
        """Show a remembered choice (without announcing it as the user's new pick)."""
        radio = self.fresh_radio if choice == "fresh" else self.continue_radio
        self._start_group.blockSignals(True)
        try:
            radio.setChecked(True)
        finally:
            self._start_group.blockSignals(False)

    def show_start_choice(self, trained: bool, run: int | None, seed: int) -> None:
        """Offer the choice when the open network has trained weights (``run``: the run that
        trained them, when known); the seed is the one a fresh start would use."""
        self._start_offer = (trained, run, seed)
        self.continue_radio.setText(self.tr("the trained weights of run {0}").format(run)
                                    if run is not None else self.tr("the trained weights"))
        self.fresh_radio.setText(self.tr("fresh weights (seed {0})").format(seed))
        self.start_choice_box.setVisible(trained)

    def _start_choice_toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self.startChoiceChanged.emit(self.start_choice)

    def natural_width(self) -> int:
        """The width the controls want, with room for the vertical scroll bar.

        The scroll area's own size hint does not follow its content (it stays put when the
        fonts grow in presentation mode), so the content is asked directly.
        """
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return self._content.sizeHint().width() + scrollbar + 2 * FRAME_PX

    def show_state(self, running: bool, paused: bool, can_train: bool) -> None:
        """Enable the buttons and settings that apply now, without moving the panel.

        Disabling the focused setting when a run starts sends the focus to the next enabled
        field far below, and the scroll area follows it, pushing Progress out of view; so the
        scroll position is kept, and the focus goes to Pause, which Space and Enter then press.
        """
        bar = self._scroll.verticalScrollBar()
        kept = bar.value()
        focus = QApplication.focusWidget()
        focus_here = focus is not None and self.isAncestorOf(focus)
        self.pause_button.setEnabled(running and not paused)
        self.train_button.setEnabled(can_train and (not running or paused))
        self.train_button.setText(self.tr("Resume") if running and paused else self.tr("Train"))
        self.step_button.setEnabled(can_train)
        self.stop_button.setEnabled(running)
        self.reset_button.setEnabled(not running)
        self.start_choice_box.setEnabled(not running)
        if focus_here and running and not paused:
            self.pause_button.setFocus()
        self.settings.lock_during_run(running)
        bar.setValue(kept)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        looks.set_style(self.message, "color: {error}; font-weight: bold;" if error else "")

    def clear_run(self) -> None:
        """Forget the last run's progress, timing and message (another project was opened)."""
        self.start_progress(1, 1)
        self.show_message("")

    def start_progress(self, epochs: int, batches_per_epoch: int) -> None:
        self.epoch_bar.setRange(0, epochs)
        self.epoch_bar.setValue(0)
        self.batch_bar.setRange(0, batches_per_epoch)
        self.batch_bar.setValue(0)
        self.timing.setText("")
        self._progress = None

    def show_progress(self, epoch: int, batch: int, batches_per_epoch: int, elapsed: float,
                      samples_per_second: float) -> None:
        self.epoch_bar.setValue(epoch - 1)
        self.batch_bar.setMaximum(batches_per_epoch)
        self.batch_bar.setValue(batch)
        self._progress = (epoch, batch, batches_per_epoch, elapsed, samples_per_second)
        self._show_timing(*self._progress)

    def _show_timing(self, epoch: int, batch: int, batches_per_epoch: int, elapsed: float,
                     samples_per_second: float) -> None:
        epochs = self.epoch_bar.maximum()
        done = (epoch - 1) + batch / max(batches_per_epoch, 1)
        left = elapsed / done * (epochs - done) if done > 0 else 0.0
        self.timing.setText(localized(self.tr("{0} elapsed · {1} left · {2:,.0f} samples/s"),
                                      format_seconds(elapsed), format_seconds(left),
                                      samples_per_second))

    def epoch_done(self, epoch: int) -> None:
        self.epoch_bar.setValue(epoch)


class _ActionButton(QPushButton):
    """A push button standing for a ``QAction`` (a tool button would look unlike its
    neighbours): a click triggers it; its text, tip, enabled and shown state are the action's."""

    def __init__(self, action: QAction, parent: QWidget | None) -> None:
        name = action.objectName()
        super().__init__(parent, objectName=f"{name}Button" if name else "")
        self._action = action
        self.clicked.connect(lambda _checked=False: self._action.trigger())
        action.changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        action = self._action
        self.setText(action.text())
        self.setAccessibleName(action.text().replace("&", ""))
        self.setToolTip(action.toolTip())
        self.setEnabled(action.isEnabled())
        self.setVisible(action.isVisible())
