"""One way a whole project comes into the document (a file, an autosave, crash recovery, the
window rebuilt in another language): ``Document.restore``, with the same signals each time."""

from __future__ import annotations

from pathlib import Path

from playground.core.files.project import Project
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.gui.commands import Design, DesignCommand
from playground.gui.document import Document

SPIRAL = TEMPLATES["toy-spiral"]


def spiral_project() -> Project:
    return Project(
        spec=SPIRAL.spec, training=TrainingConfig(epochs=7), dataset_options={"noise": 0.2},
        history=[{"status": "completed"}], weights=dict(build_model(SPIRAL.spec).state_dict()),
        best_weights=dict(build_model(SPIRAL.spec).state_dict()), lesson="spirals",
    )


def test_every_part_is_in_place_before_the_views_are_told(qtbot) -> None:
    doc = Document()
    doc.append_layer("Dense")
    project = spiral_project()
    seen: list[tuple[str, object]] = []
    doc.replaced.connect(lambda: seen.append(
        ("replaced", (doc.spec, doc.config, doc.history, doc.weights, doc.lesson, doc.path))))
    doc.pathChanged.connect(lambda path: seen.append(("path", path)))
    doc.dirtyChanged.connect(lambda dirty: seen.append(("dirty", dirty)))

    doc.restore(project, path=Path("/work/spiral.nnp"))

    # (Clearing the undo history of the edited project reports it clean first.)
    assert seen[-3:] == [
        ("replaced", (SPIRAL.spec, project.training, project.history, project.weights,
                      "spirals", Path("/work/spiral.nnp"))),
        ("path", Path("/work/spiral.nnp")),
        ("dirty", False),
    ]
    assert doc.weights_spec == SPIRAL.spec and doc.best_weights is project.best_weights
    assert doc.dataset_options == {"noise": 0.2} and doc.selected == -1
    assert doc.undo_stack.count() == 0 and not doc.dirty


def test_restored_work_is_unsaved_and_keeps_its_selection(qtbot) -> None:
    doc = Document()
    dirty: list[bool] = []
    doc.dirtyChanged.connect(dirty.append)
    doc.restore(spiral_project(), path=None, dirty=True, select=1)
    assert dirty == [False, True] and doc.dirty and doc.path is None and doc.selected == 1


def test_weights_of_an_earlier_network_stay_out_of_the_saved_file(qtbot, tmp_path: Path) -> None:
    """The language switch carries weights trained for an earlier version of the network:
    they stay "not fitting", so saving leaves them out instead of writing a file that would be
    refused when opened."""
    from playground.core.files.project import load_project

    project = spiral_project()
    earlier = SPIRAL.spec.replace_layer(0, SPIRAL.spec.layers[0].with_params(units=5))
    doc = Document()
    doc.restore(project, weights_for=earlier)
    assert doc.weights is project.weights and doc.weights_spec == earlier
    saved = load_project(doc.save(tmp_path / "spiral.nnp"))
    assert saved.weights is None and doc.weights is None


def test_commands_need_only_the_network_and_selection_of_what_they_edit(qtbot) -> None:
    """A command works on anything holding a network (the document is one): it does not
    import the document."""

    class Holder:
        def __init__(self) -> None:
            self.design, self.selected = Design(SPIRAL.spec, SPIRAL.config), -1

        def apply_design(self, design, select: int) -> None:  # type: ignore[no-untyped-def]
            self.design, self.selected = design, select

    holder = Holder()
    removed = Design(SPIRAL.spec.remove(0), SPIRAL.config)
    command = DesignCommand(holder, removed, "Remove Dense", 0)
    command.redo()
    assert holder.design == removed and holder.selected == 0
    command.undo()
    assert holder.design.spec == SPIRAL.spec and holder.selected == -1
