"""The "Inside" pane: the time scrubber on top, one tab per way of looking inside the network.

It decides what the views draw and when. What: the snapshot chosen on the scrubber while the
latest run's recorder belongs to the network being edited; otherwise the document's trained
weights, or the initial weights a run would start from. When: on a timer that runs only while
the pane is shown, and only the visible tab redraws, and only when its key (state, samples,
options) changed, so a hidden pane costs nothing; while a run trains, a visible one redraws at
most once a second. Progress events are never listened to.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from playground.core.data.registry import OWN_CLASSES_NAME
from playground.gui.inside.base import InsideView
from playground.gui.inside.boundary_view import BoundaryView
from playground.gui.inside.confusion_history_view import ConfusionHistoryView
from playground.gui.inside.feature_maps_view import FeatureMapsView
from playground.gui.inside.filters_view import FiltersView
from playground.gui.inside.health_view import HealthView
from playground.gui.inside.learned_space_view import LearnedSpaceView
from playground.gui.inside.samples import SampleStore
from playground.gui.inside.scrubber import Scrubber
from playground.gui.inside.state import (
    EpochRecord,
    InsideState,
    ViewContext,
    initial_state,
    state_from_weights,
)
from playground.gui.inside.weight_images_view import WeightImagesView
from playground.gui.moments import moment_text

if TYPE_CHECKING:
    from playground.core.inspect.snapshots import Snapshot, SnapshotRecorder
    from playground.gui.document import Document
    from playground.gui.training.worker import TrainingRunner

REDRAW_MS = 250  # how often the timer looks for a change while the pane is shown
RUN_REDRAW_S = 1.0  # while a run trains, the live view redraws at most this often


class InsidePane(QWidget):
    """Scrubber and tabs (filters, feature maps, weight images, health, boundary, confusion)."""

    def __init__(self, document: Document, runner: TrainingRunner, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insidePane")
        self.setAccessibleName(self.tr("Inside the network"))
        self.document, self.runner, self.language = document, runner, language
        self.samples = SampleStore(self)
        self.scrubber = Scrubber()
        self.filters = FiltersView()
        self.feature_maps = FeatureMapsView()
        self.weight_images = WeightImagesView()
        self.health = HealthView()
        self.boundary = BoundaryView()
        self.confusion = ConfusionHistoryView()
        self.learned_space = LearnedSpaceView(lambda: dict(document.dataset_options))
        self.tabs = QTabWidget(objectName="insideTabs")
        self.tabs.setAccessibleName(self.tr("Ways of looking inside the network"))
        for view, title in self._titles():
            self.tabs.addTab(view, title)
            view.set_title(title)
            view.changed.connect(self.refresh)
        self.tabs.tabBar().setAccessibleName(self.tr("Ways of looking inside the network"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.scrubber)
        layout.addWidget(self.tabs, 1)

        self.recorder: SnapshotRecorder | None = None
        self.history: list[EpochRecord] = []
        self._recorder_version = -1
        self._state: InsideState | None = None
        self._state_key: Any = None
        self._state_label: Callable[[], str] | None = None  # the state's label, in words now
        self._saved_history: list[EpochRecord] = []  # epochs behind the document's weights
        self._last_live_draw = 0.0
        self._first_samples_seen = False
        self.timer = QTimer(self, interval=REDRAW_MS)
        self.timer.timeout.connect(self._tick)

        runner.runningChanged.connect(self._running_changed)
        runner.snapshotTaken.connect(self._snapshot_taken)
        runner.epochEnded.connect(self._epoch_ended)
        document.replaced.connect(self._document_replaced)
        document.ownClassesChanged.connect(lambda _own: self.refresh())  # new samples to show
        self.samples.changed.connect(self._tick)
        self.scrubber.moved.connect(self.refresh)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def _titles(self) -> tuple[tuple[InsideView, str], ...]:
        """Each view and its tab's title, in the interface's language of the moment."""
        return ((self.filters, self.tr("Filters")),
                (self.feature_maps, self.tr("Feature maps")),
                (self.weight_images, self.tr("Weight images")),
                (self.health, self.tr("Health")),
                (self.boundary, self.tr("Boundary")),
                (self.confusion, self.tr("Confusion")),
                (self.learned_space, self.tr("Learned space")))

    def retranslate(self) -> None:
        """After a change of language (``language`` is the new one already): the views' names,
        the shown state's label, and every view that has drawn draws again now, so no tab,
        shown or not, keeps a note or a row title in the old language. The views' keys hold the
        language, so none of them is skipped as unchanged; the weights and the run stay."""
        for view, title in self._titles():
            view.set_title(title)
        if self._state is not None and self._state_label is not None:
            self._state.label = self._state_label()
        drawn = [view for view in self.views if view.drawn]
        if drawn:  # a pane never drawn has nothing to say again (nor asks for samples)
            context = self.context()
            for view in drawn:
                view.refresh(context)

    @property
    def views(self) -> list[InsideView]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]

    @property
    def training_now(self) -> bool:
        """A run is going and not paused (a paused run leaves the processor to the views)."""
        return self.runner.running and not self.runner.paused

    # -- events: cheap, they only remember what changed ------------------------------------------
    def _running_changed(self, running: bool) -> None:
        if running:
            self.recorder = self.runner.recorder
            self.history = []
            self._recorder_version = -1
            self.scrubber.follow_newest()
            # The first second shows the weights the run starts from; then the live view begins.
            self._last_live_draw = time.monotonic()

    def _snapshot_taken(self, _snapshot: Snapshot) -> None:
        self.recorder = self.runner.recorder

    def _epoch_ended(self, event: Any) -> None:
        self.history.append(EpochRecord(event.epoch, event.train_loss, event.val_loss))

    def _document_replaced(self) -> None:
        self.recorder = None
        self.history = []
        self._recorder_version = -1

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.set_on_screen(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.set_on_screen(False)

    def set_on_screen(self, shown: bool) -> None:
        """Start or stop the redraw timer (connected to the dock's ``visibilityChanged``).

        A dock behind another one's tab keeps ``isVisible()``, so the dock's own signal says
        when its tab is chosen or left.
        """
        if shown:
            self.timer.start()
            QTimer.singleShot(0, self._tick)
        else:
            self.timer.stop()

    def on_screen(self) -> bool:
        """Shown and not covered (a dock tab behind another one is covered)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    # -- redrawing -------------------------------------------------------------------------------
    def _tick(self) -> None:
        """The timer: follow the run, but while it trains at most once per ``RUN_REDRAW_S``.

        The training thread shares the interpreter with this one, so every redraw during a run
        costs it a little; a slower live view keeps that cost small. Newly loaded samples and the
        pane coming on screen wait for the same beat. What the user does (moving the scrubber,
        changing tab or option) redraws at once through :meth:`refresh`.
        """
        now = time.monotonic()
        if self.training_now and now - self._last_live_draw < RUN_REDRAW_S:
            return
        if self.refresh():
            self._last_live_draw = now

    def refresh(self, force: bool = False) -> bool:
        """Redraw the visible tab if what it shows changed; True if it drew."""
        if not force and not self.on_screen():
            return False
        view = self.tabs.currentWidget()
        if not isinstance(view, InsideView):
            return False
        doc = self.document
        if doc.can_train and not self._first_samples_seen:
            # The first load of samples imports torch in the background; importing it here
            # instead (or waiting for that import) would freeze the window for a second or two.
            self._request_samples()
            if self.samples.loading:
                view.show_note(self.samples.message)
                return False
            self._first_samples_seen = True
        return view.refresh(self.context())

    def refresh_all(self) -> None:
        """Draw every tab now, visible or not (for exporting and tests)."""
        context = self.context()
        for view in self.views:
            view.refresh(context)

    def _request_samples(self) -> None:
        doc = self.document
        own = doc.own_classes if doc.spec.dataset == OWN_CLASSES_NAME else None
        self.samples.request(doc.spec, doc.config, dict(doc.dataset_options), own)

    def _run_recorder(self) -> SnapshotRecorder | None:
        """The latest run's recorder, if it recorded the network now in the editor."""
        recorder = self.recorder
        if recorder is None or recorder.spec != self.document.spec or len(recorder) == 0:
            return None
        return recorder

    def _sync_scrubber(self) -> SnapshotRecorder | None:
        recorder = self._run_recorder()
        if recorder is None:
            if self.scrubber.count or self._recorder_version != -2:
                self._recorder_version = -2
                self.scrubber.set_snapshots((), self.tr(
                    "Train the network to record how it changes; showing its current weights."))
        elif recorder.version != self._recorder_version:
            self._recorder_version = recorder.version
            self.scrubber.set_snapshots(recorder.snapshots)
        return recorder

    def context(self) -> ViewContext:
        """What the views draw now (the state is rebuilt only when its source changed)."""
        doc = self.document
        recorder = self._sync_scrubber()
        message = ""
        confusion, confusion_label = None, ""
        history: list[EpochRecord] = []
        if not doc.can_train:
            state = None
            message = self.tr("Build a valid network (see the editor) to look inside it.")
        elif recorder is not None and self.scrubber.index >= 0:
            snapshots, index = self.scrubber.snapshots, self.scrubber.index
            snapshot = snapshots[min(index, len(snapshots) - 1)]
            state = self._state_for(
                ("run", id(snapshot)), lambda label: InsideState(doc.spec, snapshot, label),
                lambda: moment_text(snapshot).capitalize())
            for earlier in reversed(snapshots[: index + 1]):
                if earlier.confusion is not None:
                    confusion, confusion_label = earlier.confusion, moment_text(earlier)
                    break
            epoch = snapshot.epoch
            history = [r for r in self.history
                       if r.epoch < epoch or (snapshot.epoch_end and r.epoch == epoch)]
        else:
            state, message = self._document_state()
            history = list(self._saved_history) if state is not None else []
        if doc.can_train:
            self._request_samples()
        return ViewContext(
            state, self.samples.data, self.samples.serial, self.samples.message, message,
            self.language, tuple(history), confusion, confusion_label, doc.config,
            self.training_now)

    def _document_state(self) -> tuple[InsideState | None, str]:
        doc = self.document
        spec, config = doc.spec, doc.config
        weights = doc.weights if doc.weights is not None and doc.weights_spec == spec else None
        if weights is not None:
            key = ("weights", id(weights), spec)
            if key != self._state_key:
                self._saved_history = self._history_of_weights()
            return self._state_for(key, lambda label: state_from_weights(spec, weights, label),
                                   lambda: self.tr("Trained weights")), ""
        self._saved_history = []
        # During a run its weights move on at once: show them from the first snapshot.
        if self.runner.running:
            message = self.tr("Waiting for the first snapshot of the run…")
            previous = self._state
            return (previous if previous is not None and previous.spec == spec else None), message
        key = ("initial", spec, config.seed, config.init, config.init_std)
        return self._state_for(key, lambda label: initial_state(spec, config, label),
                               lambda: self.tr("Initial weights (seed {0}), before "
                                               "training").format(config.seed)), ""

    def _history_of_weights(self) -> list[EpochRecord]:
        """The epochs of the run that trained the document's weights, from the project's runs."""
        from playground.core.network.spec import NetworkSpec

        doc = self.document
        for record in reversed(doc.history):
            try:
                same = NetworkSpec.from_dict(record["spec"]) == doc.spec
            except Exception:  # a record from an older or damaged file: not this network's
                same = False
            if same and isinstance(record.get("history"), dict):
                h = record["history"]
                return [EpochRecord(int(e), float(t), None if v is None else float(v))
                        for e, t, v in zip(h.get("epoch") or [], h.get("train_loss") or [],
                                           h.get("val_loss") or [], strict=False)]
        return []

    def _state_for(self, key: Any, make: Callable[[str], InsideState],
                   label: Callable[[], str]) -> InsideState:
        """The state for ``key``, made with ``label()`` unless it is the one shown; ``label``
        is kept to name it again after a change of language."""
        if key != self._state_key or self._state is None:
            self._state, self._state_key = make(label()), key
            self._state_label = label
        return self._state
