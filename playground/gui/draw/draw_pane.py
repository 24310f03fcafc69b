"""The Draw pane: draw a digit (or open, paste, browse, click a point) and see the answer.

Tabs chosen by the dataset: the drawing pad for 28×28 grey pictures (digits, clothes), the
test-set browser for any picture dataset, the plane for the 2D toy sets. Below them, shared by
every tab, the network's answer: its input as it sees it, the top class in large type and one
probability bar per class, with which weights made the prediction.

Every change of the drawing prepares the canvas the MNIST way (``core.digits``), shows the
28×28 result, emits :attr:`DrawPane.inputChanged` with it (the "Inside the network" view shows
its feature maps) and submits it for prediction. The prediction runs from a zero-delay timer:
segments arriving in one burst of events are predicted once, for the newest drawing only.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QLabel,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.digits import ImageFileError, prepare_digit
from playground.gui import looks
from playground.gui.draw.bars import ProbabilityBars
from playground.gui.draw.browser import TestSetBrowser, described_button
from playground.gui.draw.explain_overlay import ExplainOverlay
from playground.gui.draw.input_view import InputView
from playground.gui.draw.pad import DEFAULT_BRUSH, MAX_BRUSH, MIN_BRUSH, DrawingPad
from playground.gui.draw.pictures import picture_from_file, picture_from_mime
from playground.gui.draw.session import DIGITS, IMAGES, PLANE, LiveSession
from playground.gui.draw.toy_point import ToyPlane
from playground.gui.i18n import translate_message

if TYPE_CHECKING:
    from playground.core.data.digits import PreparedDigit
    from playground.core.inspect.live_predict import Prediction

WIDE_RATIO = 1.25  # wider than this (a floating or bottom dock): answer beside the tabs


def _in_dock(widget: QWidget) -> bool:
    """Whether ``widget`` is inside a dock (directly, or in the scroll area a dock gives it)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent is not None


class DrawPane(QWidget):
    """The pad, the browser and the plane over one :class:`LiveSession`."""

    inputChanged = Signal(object)  # np.ndarray: the network's input picture, values in [0, 1]

    def __init__(self, session: LiveSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawPane")
        self.setAccessibleName(self.tr("Draw a digit"))
        self.setAcceptDrops(True)
        self.session = session
        self.current_input: np.ndarray | None = None  # the pad's prepared 28×28 drawing
        self.prepared: PreparedDigit | None = None  # and how it was cut from the canvas
        self.prediction: Prediction | None = None  # the newest prediction shown
        self._mode = ""

        self.pad = DrawingPad()
        self.pad.inkChanged.connect(self._drawing_changed)
        self.clear_button = described_button("clearPadButton", self.tr("Clear"),
                                             self.tr("Clear the pad (Esc)"), self.pad.clear)
        self.undo_button = described_button("undoStrokeButton", self.tr("Undo"),
                                            self.tr("Take back the last stroke (Ctrl+Z)"),
                                            self.pad.undo)
        self.open_button = described_button("openImageButton", self.tr("Open…"),
                                            self.tr("Open a picture of a digit (PNG, JPEG)"),
                                            self.open_image)
        self.paste_button = described_button("pasteImageButton", self.tr("Paste"),
                                             self.tr("Paste a picture from the clipboard"),
                                             self.paste)
        self.brush_slider = QSlider(Qt.Orientation.Horizontal)
        self.brush_slider.setObjectName("brushSizeSlider")
        self.brush_slider.setAccessibleName(self.tr("Brush size"))
        self.brush_slider.setToolTip(self.tr("Brush size"))
        self.brush_slider.setRange(int(MIN_BRUSH), int(MAX_BRUSH))
        self.brush_slider.setValue(int(DEFAULT_BRUSH))
        self.brush_slider.valueChanged.connect(self.pad.set_brush_size)
        self.status_label = QLabel("")
        self._report: Callable[[], str] | None = None  # how a composed report was made
        self.status_label.setObjectName("drawStatus")
        self.status_label.setWordWrap(True)
        self.status_label.hide()

        self.brush_label = QLabel(self.tr("Brush"))
        self.brush_label.setBuddy(self.brush_slider)
        self.controls = QGridLayout()
        self.controls.setContentsMargins(0, 0, 0, 0)
        draw_page = QWidget()
        draw_page.setObjectName("drawPage")
        page_layout = QVBoxLayout(draw_page)
        page_layout.setContentsMargins(4, 4, 4, 4)
        self.draw_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.draw_layout.addWidget(self.pad, 1)
        self.draw_layout.addLayout(self.controls)
        page_layout.addLayout(self.draw_layout, 1)
        page_layout.addWidget(self.status_label)

        self.browser = TestSetBrowser()
        self._pending_sample: int | None = None  # a test picture to open once data is loaded
        self.browser.sampleChosen.connect(lambda _sample: self.predict_current())
        self.plane = ToyPlane()
        self.plane.pointChosen.connect(lambda _x, _y: self.predict_current())

        self.tabs = QTabWidget()
        self.tabs.setObjectName("drawTabs")
        self.tabs.setAccessibleName(self.tr("Ways to give the network an input"))
        self.tabs.tabBar().setAccessibleName(self.tr("Ways to give the network an input"))
        self.draw_tab = self.tabs.addTab(draw_page, self.tr("Draw"))
        self.browser_tab = self.tabs.addTab(self.browser, self.tr("Test images"))
        self.plane_tab = self.tabs.addTab(self.plane, self.tr("Plane"))
        self.tabs.currentChanged.connect(lambda _i: self.predict_current())

        self.input_view = InputView(side=112)  # 4 screen pixels a pixel: the grid shows
        input_caption = QLabel(self.tr("Network input"))
        input_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.input_box = QWidget()
        input_layout = QVBoxLayout(self.input_box)
        input_layout.setContentsMargins(0, 0, 0, 0)
        input_layout.setSpacing(1)
        input_layout.addWidget(self.input_view)
        input_layout.addWidget(input_caption)
        self.bars = ProbabilityBars()
        self.bars.header.insertWidget(0, self.input_box)
        self.weights_label = QLabel("")
        self.weights_label.setObjectName("weightsSource")
        self.weights_label.setWordWrap(True)
        looks.set_style(self.weights_label, "color: {muted};")
        results = QWidget()
        results.setObjectName("drawResults")
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(4, 0, 4, 4)
        results_layout.addWidget(self.bars, 1)
        # Why it answers so: a heat map over the input view and the drawing (explain_overlay).
        self.explainer = ExplainOverlay(session, self.bars, self.pad,
                                        (self.input_view, self.browser.picture), self)
        results_layout.addWidget(self.explainer.controls)
        results_layout.addWidget(self.weights_label)

        self.layout_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.layout_box.setContentsMargins(0, 0, 0, 0)
        self.layout_box.addWidget(self.tabs, 2)
        self.layout_box.addWidget(results, 3)
        self.wide: bool | None = None
        self.follow_size = True  # arrange by the pane's shape (see place())
        self.set_wide(True)
        # Tab goes from the pad through its tools, then to the answer, as the eye reads them.
        order = (self.pad, self.clear_button, self.undo_button, self.open_button,
                 self.paste_button, self.brush_slider, self.bars.plot,
                 self.explainer.controls.method_box, self.explainer.controls.layer_box)
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

        self._predict_timer = QTimer(self)
        self._predict_timer.setSingleShot(True)
        self._predict_timer.setInterval(0)
        self._predict_timer.timeout.connect(self._run_prediction)
        session.changed.connect(self._session_changed)
        self._session_changed()

    # -- following the session -------------------------------------------------------------------
    def _session_changed(self) -> None:
        s = self.session
        mode = s.mode
        self.tabs.setTabVisible(self.browser_tab, mode in (DIGITS, IMAGES))
        self.tabs.setTabVisible(self.plane_tab, mode == PLANE)
        if mode != self._mode:
            self._mode = mode
            tab = {IMAGES: self.browser_tab, PLANE: self.plane_tab}.get(mode, self.draw_tab)
            self.tabs.setCurrentIndex(tab)
        drawing = mode == DIGITS
        self.pad.setEnabled(drawing)
        self.pad.set_hint(self._drawing_hint(s.class_names) if drawing else (
            self.tr("The network's input is not a 28×28 image, so it cannot read drawings. "
                    "Look at the test images instead.") if mode == IMAGES else s.hint))
        for button in (self.clear_button, self.undo_button, self.open_button,
                       self.paste_button, self.brush_slider):
            button.setEnabled(drawing)
        self.bars.set_classes(s.class_names)
        self.browser.set_data(s.data if mode in (DIGITS, IMAGES) else None, s.class_names)
        self.plane.set_data(s.data if mode == PLANE else None)
        self.plane.set_boundary(s.boundary() if mode == PLANE else None)
        self.weights_label.setText(s.weights_text)
        self.explainer.controls.setVisible(mode in (DIGITS, IMAGES))
        self.explainer.network_changed()
        self._open_pending_sample()
        self.predict_current()

    def _drawing_hint(self, class_names: tuple[str, ...]) -> str:
        """What to draw: a digit for a digit set, else a few of the classes and a warning that
        a network trained on photos (of clothes) reads drawings poorly."""
        if tuple(class_names) == tuple(str(d) for d in range(10)):
            return self.tr("Draw a digit here")
        shown = ", ".join(class_names[:3])  # already in the interface language
        return self.tr("Draw one of its classes here ({0}…). It learned from photos, so a "
                       "drawing may puzzle it.").format(shown)

    def predict_current(self) -> None:
        """Predict whatever the visible tab shows (after a change of weights, tab or input)."""
        s = self.session
        tab = self.tabs.currentIndex()
        self.input_box.setVisible(tab == self.draw_tab)
        if tab == self.draw_tab and self.current_input is not None and s.ready:
            s.submit(self.current_input)
            self._predict_timer.start()
            return
        self.prediction = None
        if not s.ready:
            self.bars.clear(s.hint)
            self.browser.show_verdict(None)
            self.explainer.clear()
            return
        if tab == self.browser_tab and self.browser.current() is not None:
            self._show(s.predict(self.browser.current()))
        elif tab == self.plane_tab and self.plane.chosen is not None:
            self._show(s.predict(np.asarray(self.plane.chosen, np.float32)))
        else:
            self.bars.clear(self.tr("Draw a digit on the pad.") if tab == self.draw_tab
                            else self.tr("Click on the plane to classify a point."))
            self.explainer.clear()

    def _show(self, prediction: Prediction | None) -> None:
        if prediction is None:
            return
        self.prediction = prediction
        self.bars.show_probabilities(prediction.probabilities)
        self.bars.set_message("")
        tab, sample = self.tabs.currentIndex(), self.browser.current()
        if tab == self.browser_tab:
            self.browser.show_verdict(prediction.label)
        if tab == self.draw_tab and self.prepared is not None:
            self.explainer.show_drawing(self.prepared, self.input_view, prediction.probabilities)
        elif tab == self.browser_tab and sample is not None:
            self.explainer.show_sample(sample, self.browser.picture, prediction.probabilities)
        else:
            self.explainer.clear()

    # -- the pad ---------------------------------------------------------------------------------
    def _drawing_changed(self) -> None:
        prepared = prepare_digit(self.pad.canvas_array())
        self.status_label.hide()
        self.prepared = None if prepared.empty else prepared
        if prepared.empty:
            self.current_input = None
            self.input_view.set_picture(None)
            self.session.cancel()
            self._predict_timer.stop()
            self.predict_current()
            return
        self.current_input = prepared.image
        self.input_view.set_picture(prepared.image)
        self.inputChanged.emit(prepared.image)
        if self.tabs.currentIndex() == self.draw_tab:
            self.predict_current()

    def _run_prediction(self) -> None:
        self._show(self.session.run_pending())

    def show_picture(self, picture: np.ndarray, rect: QRectF | None = None) -> None:
        """Put a picture's ink (float in [0, 1], bright on dark) into the pad and predict it.

        Without ``rect`` (canvas pixels) it is fitted to the pad. Scripts use it to show a
        digit, e.g. ``pane.show_picture(mnist_digit_28x28)`` for a screenshot.
        """
        self.tabs.setCurrentIndex(self.draw_tab)
        self.pad.stamp(picture, rect)

    # -- other inputs ----------------------------------------------------------------------------
    def show_test_sample(self, index: int) -> None:
        """Open test sample ``index`` in the test-image browser (a picture picked in a gallery
        of the results or on the map of the learned space): its answer and its explanation
        show below. Before the pane's data has loaded, it opens once the data is there."""
        self._pending_sample = index
        self._open_pending_sample()

    def _open_pending_sample(self) -> None:
        index = self._pending_sample
        if index is None or self.browser.count() == 0:
            return
        self._pending_sample = None
        if self.tabs.isTabVisible(self.browser_tab):
            self.tabs.setCurrentIndex(self.browser_tab)
            self.browser.show_index(index)

    def ask_image_path(self) -> str | None:
        """Which picture to open (replaced in tests)."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a Picture of a Digit"), str(Path.home()),
            self.tr("Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)"))
        return path or None

    def open_image(self, path: str | Path | None = None) -> bool:
        path = path or self.ask_image_path()
        if not path:
            return False
        try:
            picture = picture_from_file(path)
        except ImageFileError as exc:
            self.report(lambda exc=exc: translate_message(exc))
            return False
        name = Path(path).name
        return self._use_picture(picture, lambda: self.tr("Opened {0}").format(name))

    def paste(self) -> bool:
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData()
        try:
            picture = picture_from_mime(mime, clipboard.image() if mime and mime.hasImage()
                                        else None)
        except ImageFileError as exc:
            self.report(lambda exc=exc: translate_message(exc))
            return False
        return self._use_picture(picture, self.tr("Pasted a picture"))

    def _use_picture(self, picture: np.ndarray, done: str | Callable[[], str]) -> bool:
        if not (picture > 0).any():
            self.report(self.tr("No ink found in that picture: it looks blank. Use a picture of "
                                "one digit, dark on light or light on dark."))
            return False
        self.show_picture(picture)
        self.report(done, error=False)
        return True

    def report(self, message: str | Callable[[], str], error: bool = True) -> None:
        """Say how opening, pasting or dropping a picture went; a message composed from values
        is given as a function, to be composed again after a change of language (a whole
        catalogue text is replaced without it)."""
        self._report = message if callable(message) else None
        self.status_label.setText(message() if callable(message) else message)
        looks.set_style(self.status_label, "color: {error};" if error else "")
        self.status_label.show()

    def retranslate(self) -> None:
        """After a change of language: the session's hints and weights, the prediction, and
        a composed report, in the new language (the pad's drawing and the picture stay)."""
        self.session.retranslate()
        self.explainer.retranslate()
        self._session_changed()
        if self._report is not None and not self.status_label.isHidden():
            self.status_label.setText(self._report())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self.session.mode == DIGITS and (mime.hasImage() or mime.hasUrls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        try:
            picture = picture_from_mime(event.mimeData())
        except ImageFileError as exc:
            self.report(lambda exc=exc: translate_message(exc))
            return
        event.acceptProposedAction()
        self._use_picture(picture, self.tr("Dropped a picture"))

    # -- showing ---------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Start the session when first shown; in a dock, only once its tab is selected (the
        dock's ``visibilityChanged``), since a dock behind another tab counts as shown."""
        super().showEvent(event)
        if not _in_dock(self):
            self.session.activate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.follow_size:
            self.set_wide(event.size().width() > WIDE_RATIO * event.size().height())

    def place(self, area: Qt.DockWidgetArea | None) -> None:
        """Arrange for a dock area: side by side at the top or bottom, stacked at the sides,
        and by its own shape when floating (``None``).

        Deciding by the area, not by the size, keeps the wide arrangement's minimum width from
        forcing a side column wider than it is.
        """
        self.follow_size = area is None
        if area is None:
            self.set_wide(self.width() > WIDE_RATIO * self.height())
        else:
            self.set_wide(area in (Qt.DockWidgetArea.TopDockWidgetArea,
                                   Qt.DockWidgetArea.BottomDockWidgetArea))

    def set_wide(self, wide: bool) -> None:
        """Arrange for a wide, low dock (side by side) or a tall, narrow one (stacked)."""
        if wide == self.wide:
            return
        self.wide = wide
        ltr, ttb = QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom
        self.layout_box.setDirection(ltr if wide else ttb)
        self.layout_box.setStretch(0, 2 if wide else 3)
        self.layout_box.setStretch(1, 3 if wide else 2)
        self.draw_layout.setDirection(ltr if wide else ttb)
        self.bars.set_wide(wide)
        grid = self.controls
        widgets = (self.clear_button, self.undo_button, self.open_button, self.paste_button)
        for widget in (*widgets, self.brush_label, self.brush_slider):
            grid.removeWidget(widget)
        if wide:  # a column beside the pad
            for row, widget in enumerate(widgets):
                grid.addWidget(widget, row, 0)
            grid.addWidget(self.brush_label, len(widgets), 0)
            grid.addWidget(self.brush_slider, len(widgets) + 1, 0)
            grid.setRowStretch(len(widgets) + 2, 1)
        else:  # rows under the pad
            for column, widget in enumerate(widgets):
                grid.addWidget(widget, 0, column)
            grid.addWidget(self.brush_label, 1, 0)
            grid.addWidget(self.brush_slider, 1, 1, 1, len(widgets) - 1)
            grid.setRowStretch(len(widgets) + 2, 0)
