"""A project or a lesson handed over by the desktop as a file-open event (macOS Finder) opens
in the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from playground.core.files.project import Project, save_project
from playground.core.network.build import build_model
from playground.core.teaching.lessons import LESSONS_DIR
from playground.core.teaching.templates import TEMPLATES
from playground.gui import file_open


def test_a_file_open_event_opens_the_project(window, tmp_path: Path) -> None:
    window.new_from_template("toy-spiral")
    saved = window.document.save(tmp_path / "spiral.nnp")
    window.new_from_template("mlp-mnist")
    app = QApplication.instance()
    handler = file_open.install(app)
    assert file_open.install(app) is handler  # installed once
    QCoreApplication.sendEvent(app, QFileOpenEvent(str(saved)))
    assert window.document.path == saved
    assert window.document.spec == TEMPLATES["toy-spiral"].spec
    assert handler.opened[-1] == str(saved)


def test_a_file_open_event_opens_a_lesson_file(window, tmp_path: Path) -> None:
    """A double-clicked lesson opens as Lessons ▸ Open Lesson File does (only projects did)."""
    lesson = tmp_path / "first.json"
    lesson.write_bytes((LESSONS_DIR / "01-first-network.json").read_bytes())
    handler = file_open.install(QApplication.instance())
    QCoreApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(lesson)))
    session = window.features["lessons"].session
    assert session is not None and session.lesson.id == "first-network"
    assert handler.opened[-1] == str(lesson)


def test_other_files_are_left_alone(window, tmp_path: Path) -> None:
    handler = file_open.install(QApplication.instance())
    before = window.document.spec
    picture = tmp_path / "digit.png"
    picture.write_bytes(b"not used")
    QCoreApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(picture)))
    assert window.document.spec == before and str(picture) not in handler.opened


def _spiral(units: int) -> Any:
    spec = TEMPLATES["toy-spiral"].spec
    return spec.replace_layer(0, spec.layers[0].with_params(units=units))


def test_a_file_whose_weights_do_not_fit_leaves_the_open_project_as_it_was(
    window, answers, tmp_path: Path
) -> None:
    """Opening checks every tensor before anything is replaced: the refused file is reported
    in plain words (layer, tensor, both shapes, what to do) and the open project keeps its
    network, weights, runs, file name, unsaved change and undo history."""
    good_spec = _spiral(16)
    weights = dict(build_model(good_spec, seed=1).state_dict())
    best = dict(build_model(good_spec, seed=2).state_dict())
    good = tmp_path / "good.nnp"
    save_project(Project(spec=good_spec, weights=weights, best_weights=best,
                         history=[{"status": "completed"}]), good)
    assert window.open_path(good)
    doc = window.document
    doc.append_layer("Dropout")  # an unsaved, undoable change
    before = (doc.spec, doc.weights, doc.best_weights, doc.weights_spec, doc.history,
              doc.config, doc.path, doc.dirty, doc.undo_stack.count(), doc.undo_stack.index())
    assert doc.weights is not None and doc.dirty and doc.undo_stack.count() == 1

    bad = tmp_path / "other.nnp"  # the network of one file with the weights of another
    save_project(Project(spec=_spiral(9), weights=weights), bad)
    changes: list[str] = []
    doc.replaced.connect(lambda: changes.append("replaced"))
    doc.specChanged.connect(lambda _spec: changes.append("spec"))
    doc.pathChanged.connect(lambda _path: changes.append("path"))
    doc.dirtyChanged.connect(lambda _dirty: changes.append("dirty"))

    offered: list[str] = []
    window.ask_open_without_weights = lambda message: offered.append(str(message)) or False
    assert not window.open_path(bad)  # the student declines to open it without its weights
    after = (doc.spec, doc.weights, doc.best_weights, doc.weights_spec, doc.history,
             doc.config, doc.path, doc.dirty, doc.undo_stack.count(), doc.undo_stack.index())
    assert all(a is b or a == b for a, b in zip(before, after, strict=True))
    assert doc.weights is before[1] and doc.best_weights is before[2]
    assert changes == [] and answers.errors == []
    assert offered == [
        "Cannot open 'other.nnp'. The weights do not fit layer 1 (Dense): tensor "
        "'layers.0.0.weight' has shape (16, 2), but the layer needs (9, 2). They were saved "
        "for a different network, so nothing was opened. To use this network, open the file "
        "without its weights and train it again."
    ]
    doc.undo_stack.undo()  # the undo history still works on the project that stayed
    assert doc.spec == good_spec and not doc.dirty


def test_the_network_of_a_refused_file_opens_without_its_weights(window, tmp_path: Path) -> None:
    """Accepting the offer opens the file's network, settings and runs; the weights left out
    are a difference from the file, so the project shows unsaved changes."""
    bad = tmp_path / "other.nnp"
    save_project(Project(spec=_spiral(9), weights=dict(build_model(_spiral(16)).state_dict()),
                         history=[{"status": "completed"}]), bad)
    window.ask_open_without_weights = lambda _message: True
    assert window.open_path(bad)
    doc = window.document
    assert doc.spec == _spiral(9) and doc.path == bad and doc.dirty
    assert doc.weights is None and doc.weights_spec is None
    assert doc.history == [{"status": "completed"}]
