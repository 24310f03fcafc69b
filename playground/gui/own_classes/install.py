"""The Own classes feature: Data ▸ New Own Classes…, the Own classes pane, keys 1..9, and the
image-folder actions, wired to the window through its host.

The pane goes to the bottom area beside the Draw pane's group (not behind it): a student draws
on the pad and presses the class's key, and sees the sample join its row at once. It starts
hidden, and shows itself when the project has own classes (made, imported or opened).

The feature knows the pad only through the host's ``inputDrawn`` (the newest drawing, prepared
as the network reads it) and the Draw pane's dock by name (keys 1..9 work while the pad has
the focus); it imports no other feature. Whatever the document holds is shown: edits, undo,
redo and another project all arrive as the document's ``ownClassesChanged`` or ``replaced``.
The check of the classes and the recommended settings are worked out on the background pool
(the newest request wins); the blocking problems, which only count samples, are shown at once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from playground.core.data.own_classes import (
    OWN_CLASSES_NAME,
    current_own_classes,
    set_current_own_classes,
)
from playground.core.data.own_classes_check import check_blocking
from playground.gui.background import background
from playground.gui.host import WindowHost
from playground.gui.own_classes.class_row import KEYED_CLASSES
from playground.gui.own_classes.jobs import Review, mode_of, review
from playground.gui.own_classes.panel import OwnClassesPane
from playground.gui.own_classes.samples import SampleActions
from playground.gui.own_classes.workflow import ClassesWorkflow

__all__ = ["DOCK_NAME", "OwnClassesFeature"]

DOCK_NAME = "ownClassesDock"
DRAW_DOCK = "drawDock"
WIDTH_SHARE = 0.5  # of the window's width, the first time the pane is shown beside the pad
HEIGHT = 430  # pixels the bottom panes get then (at most HEIGHT_SHARE of the window's height)
HEIGHT_SHARE = 0.55


def tr(text: str) -> str:
    return QCoreApplication.translate("OwnClasses", text)


class OwnClassesFeature(QObject):
    """The pane, its actions and keys in one window (see the module docstring)."""

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window_widget())
        self.setObjectName("ownClassesFeature")
        self.host = host
        self.document = doc = host.document
        self.pane = OwnClassesPane()
        self.samples = SampleActions(host, self.pane)
        self.workflow = ClassesWorkflow(host, self.pane, self.show_pane)
        self.dock = host.add_pane(
            self.pane, tr("Own Classes"), DOCK_NAME, Qt.DockWidgetArea.BottomDockWidgetArea,
            view_toggle=True, toggle_text=tr("&Own Classes"),
            toggle_tip=tr("Show your own classes: their samples, and how to train on them"))
        self.dock.hide()  # shown when the project has own classes
        self.new_action = self._action("newOwnClassesAction", tr("New &Own Classes…"),
                                       tr("Teach the network classes of your own: name them, "
                                          "then draw, paste or drop examples"),
                                       self.workflow.new_classes)
        self.export_action = self._action("exportOwnClassesAction",
                                          tr("Export Own Classes as Image Folder…"),
                                          tr("Save your classes as folders of pictures"),
                                          self.workflow.export_folder)
        self.import_action = self._action("importOwnClassesAction",
                                          tr("Import Own Classes from Image Folder…"),
                                          tr("Make classes of a folder with one sub-folder of "
                                             "pictures per class"),
                                          self.workflow.import_folder)
        # The data feature makes this menu; whichever feature comes first makes it.
        host.add_menu("data", tr("&Data"), before="training").addSeparator()
        for action in (self.new_action, self.import_action, self.export_action):
            host.add_action("data", action)
        self.shortcuts: list[QShortcut] = []
        self._add_keys(self.pane)
        self._sized = False  # the pane got its first size beside the pad
        doc.ownClassesChanged.connect(lambda _own: self.refresh())
        doc.specChanged.connect(lambda _spec: self.refresh())
        doc.configChanged.connect(lambda _config: self.refresh())
        doc.replaced.connect(self._replaced)
        host.after_layout(self._after_layout)
        host.on_close(self._closed)
        self.refresh()

    def _action(self, name: str, text: str, tip: str, slot: object) -> QAction:
        action = QAction(text, self.host.window_widget())
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def _add_keys(self, widget: QWidget) -> None:
        """Keys 1..9 add the pad's drawing to classes 1..9 while ``widget`` has the focus."""
        for index in range(KEYED_CLASSES):
            shortcut = QShortcut(QKeySequence(str(index + 1)), widget)
            shortcut.setObjectName(f"addDrawingKey{index + 1}")
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda i=index: self.samples.add_drawing(i))
            self.shortcuts.append(shortcut)

    def _after_layout(self) -> None:
        draw = self.host.pane(DRAW_DOCK)
        if draw is not None:
            self._add_keys(draw)
        if self.document.own_classes is None:
            self.dock.hide()
        self.refresh()

    # -- following the document ----------------------------------------------------------------
    def refresh(self) -> None:
        """Show the document's classes, start and guidance (cheap; the check runs pooled)."""
        doc = self.document
        own = doc.own_classes
        self.pane.show_classes(own)
        self.pane.start.show_mode(mode_of(doc.spec, doc.config))
        learning = own is not None and doc.spec.dataset == OWN_CLASSES_NAME
        for shortcut in self.shortcuts:
            index = int(shortcut.objectName().removeprefix("addDrawingKey")) - 1
            shortcut.setEnabled(learning and index < len(own))  # type: ignore[arg-type]
        self.export_action.setEnabled(own is not None and own.total > 0)
        if own is None:
            self.pane.show_problems(())
            self.pane.start.show_reasons(())
            return
        self.pane.show_problems(check_blocking(own))  # at once; the whole check follows
        mode, seed = mode_of(doc.spec, doc.config), doc.config.seed
        background().submit(lambda job: review(own, mode, seed, job), owner=self,
                            key="review", name="own-classes-review",
                            on_result=self._reviewed)  # fmt: skip

    def _reviewed(self, result: Review) -> None:
        doc = self.document
        if result.own is doc.own_classes and result.mode == mode_of(doc.spec, doc.config):
            self.pane.show_problems(result.problems)
            self.pane.start.show_reasons(result.reasons)

    def _replaced(self) -> None:
        self.pane.show_message("")
        self.refresh()
        if self.document.own_classes is not None:
            self.show_pane()
        else:
            self.dock.hide()

    def show_pane(self) -> None:
        """Show the pane and the Draw pane's pad beside it."""
        draw = self.host.pane(DRAW_DOCK)
        if draw is not None:
            draw.show()
            draw.raise_()
        self.dock.show()
        self.dock.raise_()
        if not self._sized and not self.dock.isFloating():
            self._sized = True  # once: afterwards the panes keep the sizes the user gives them
            QTimer.singleShot(0, self, self._size_dock)  # once the shown dock has its place

    def _size_dock(self) -> None:
        """The pane's first size: half the window's width beside the pad, and taller bottom
        panes (the rows of samples want the height more than the editor above them)."""
        window = self.host.window_widget()
        window.resizeDocks([self.dock], [round(window.width() * WIDTH_SHARE)],
                           Qt.Orientation.Horizontal)
        window.resizeDocks([self.dock], [min(HEIGHT, round(window.height() * HEIGHT_SHARE))],
                           Qt.Orientation.Vertical)

    def _closed(self) -> None:
        own = self.document.own_classes
        if own is not None and current_own_classes() is own:
            set_current_own_classes(None)  # the window that held them is gone
