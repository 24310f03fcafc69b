"""Results posted from background threads reach living GUI objects and skip deleted ones."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject, QThread

from playground.core.teaching.templates import TEMPLATES
from playground.gui.document import Document
from playground.gui.gui_thread import post_to_gui, prepare_mailbox
from playground.gui.training.controller import TrainingController, finish_device_detection


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[object, bool]] = []

    def take(self, value: object) -> None:
        self.calls.append((value, QThread.currentThread() is self.thread()))


def post_from_a_thread(receiver: QObject, value: object) -> None:
    thread = threading.Thread(target=post_to_gui, args=(receiver, receiver.take, value))
    thread.start()
    thread.join()


def test_a_posted_result_runs_on_the_gui_thread(qtbot) -> None:
    prepare_mailbox()
    receiver = Receiver()
    post_from_a_thread(receiver, 42)
    qtbot.waitUntil(lambda: receiver.calls == [(42, True)], timeout=5000)


def test_a_result_for_a_deleted_object_is_dropped(qtbot) -> None:
    prepare_mailbox()
    receiver, witness = Receiver(), Receiver()
    post_from_a_thread(receiver, "late")
    shiboken6.delete(receiver)  # the pane closed before the GUI thread got to the result
    post_from_a_thread(witness, "after")
    qtbot.waitUntil(lambda: witness.calls == [("after", True)], timeout=5000)
    assert not shiboken6.isValid(receiver)


def test_device_detection_outliving_its_window_is_harmless(qtbot) -> None:
    # The detection thread used to emit the controller's own signal; when the controller had
    # been deleted meanwhile this raised, or crashed the process with a segmentation fault.
    document = Document()
    document.load_template(TEMPLATES["mlp-mnist"])
    controller = TrainingController(document)
    controller.detect_devices()
    assert controller.shutdown()
    for widget in (controller.panel, controller.curves):
        shiboken6.delete(widget)
    shiboken6.delete(controller)
    finish_device_detection()
    witness = Receiver()
    post_from_a_thread(witness, "still working")
    qtbot.waitUntil(lambda: witness.calls == [("still working", True)], timeout=5000)
