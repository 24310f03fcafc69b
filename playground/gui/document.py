"""The open project: its network, training settings, undo history, file and selection.

Every view (palette, editor, inspector, title bar) reads from here and edits through here, and
every edit goes through the undo stack as a :class:`SpecCommand`. The analysis (shapes,
parameter counts, the first problem) is recomputed on each change, once, and shared by all
views. Nothing here imports torch at start-up: reading and writing ``.nnp`` files does, when
the user opens or saves one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from playground.core.network.layers import LAYER_TYPES
from playground.core.network.shapes import Analysis, analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui.commands import SpecCommand
from playground.gui.i18n import current_language
from playground.gui.inputs import empty_network, switch_dataset

if TYPE_CHECKING:
    from playground.core.network.validation import ValidationError
    from playground.core.teaching.templates import Template


class Document(QObject):
    """One project being edited. ``selected`` is the selected layer's index, or -1."""

    specChanged = Signal(object)  # NetworkSpec
    analysisChanged = Signal(object)  # Analysis
    selectionChanged = Signal(int)
    dirtyChanged = Signal(bool)
    pathChanged = Signal(object)  # Path | None
    replaced = Signal()  # a different project was loaded: views reset themselves

    def __init__(self, spec: NetworkSpec | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._spec = spec if spec is not None else empty_network()
        self._analysis = analyse(self._spec)
        self._selected = -1
        self._merge_session = 0
        self.config = TrainingConfig()
        self.dataset_options: dict[str, Any] = {}
        self.path: Path | None = None
        # What was loaded with the project and is kept when saving it again.
        self.history: list[dict[str, Any]] = []
        self.lesson: str | None = None
        self.weights: dict[str, Any] | None = None
        self.best_weights: dict[str, Any] | None = None
        self.weights_spec: NetworkSpec | None = None  # the network the weights belong to
        # Asked before every edit; returning False drops it (e.g. the user keeps a run going).
        # Edits must be refused here, before they reach the undo stack: undoing from a
        # specChanged slot would run inside QUndoStack.push and undo the previous step.
        self.edit_guard: Callable[[], bool] | None = None

    def _clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)

    # -- state ---------------------------------------------------------------------------------
    @property
    def spec(self) -> NetworkSpec:
        return self._spec

    @property
    def analysis(self) -> Analysis:
        return self._analysis

    @property
    def selected(self) -> int:
        return self._selected

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def can_train(self) -> bool:
        """Only a valid network with at least one layer can be built and trained."""
        return self.train_blocker is None and bool(self._spec.layers)

    @property
    def train_blocker(self) -> ValidationError | None:
        """The problem that stops training, or None; the editor shows it in plain words."""
        return self._analysis.error

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return self._spec.name or self.tr("Untitled")

    def selected_layer(self) -> LayerSpec | None:
        layers = self._spec.layers
        return layers[self._selected] if 0 <= self._selected < len(layers) else None

    def select(self, index: int) -> None:
        index = index if 0 <= index < len(self._spec.layers) else -1
        if index != self._selected:
            self._selected = index
            self.selectionChanged.emit(index)

    def apply_spec(self, spec: NetworkSpec, select: int) -> None:
        """Make ``spec`` current (used by the undo commands; views edit through the methods)."""
        self._spec = spec
        self._analysis = analyse(spec)
        self.specChanged.emit(spec)
        self.analysisChanged.emit(self._analysis)
        self._selected = -2  # force the signal: the layer at the index may be a new one
        self.select(select)

    # -- edits: each one undoable step ---------------------------------------------------------
    def _push(
        self, spec: NetworkSpec, text: str, select: int | None = None,
        merge_key: Hashable | None = None,
    ) -> None:
        if spec == self._spec or (self.edit_guard is not None and not self.edit_guard()):
            return
        self.undo_stack.push(SpecCommand(self, spec, text, select, merge_key))

    def mark_modified(self) -> None:
        """Flag a change that is not an undoable edit (training settings, new weights)."""
        self.undo_stack.resetClean()

    def insert_layer(self, index: int, layer: LayerSpec | str) -> None:
        layer = LayerSpec.create(layer) if isinstance(layer, str) else layer
        index = max(0, min(index, len(self._spec.layers)))
        self._push(self._spec.insert(index, layer), self.tr("Add {0}").format(layer.type), index)

    def append_layer(self, layer: LayerSpec | str) -> None:
        self.insert_layer(len(self._spec.layers), layer)

    def remove_layer(self, index: int) -> None:
        layers = self._spec.layers
        if 0 <= index < len(layers):
            after = min(index, len(layers) - 2)
            self._push(self._spec.remove(index),
                       self.tr("Remove {0}").format(layers[index].type), after)

    def duplicate_layer(self, index: int) -> None:
        if 0 <= index < len(self._spec.layers):
            self.insert_layer(index + 1, self._spec.layers[index])

    def move_layer(self, source: int, destination: int) -> None:
        n = len(self._spec.layers)
        if 0 <= source < n and 0 <= destination < n and source != destination:
            text = self.tr("Move {0}").format(self._spec.layers[source].type)
            self._push(self._spec.move(source, destination), text, destination)

    def set_param(self, index: int, name: str, value: Any) -> None:
        """Change one parameter; consecutive changes of the same one merge into one step.

        Raises :class:`~playground.core.errors.SpecError` for a value out of range.
        """
        layer = self._spec.layers[index]
        new = layer.with_params(**{name: value})
        label = LAYER_TYPES[layer.type].param(name).label.get(current_language())
        key = ("param", self._merge_session, index, name)
        text = self.tr("Change {0} of {1}").format(label, layer.type)
        self._push(self._spec.replace_layer(index, new), text, index, key)

    def end_merge(self) -> None:
        """The user finished an edit (left the field): the next change starts a new undo step."""
        self._merge_session += 1

    def apply_fix(self, layer_index: int | None = None) -> bool:
        """Apply the core's automatic fix for the current problem, as one undoable step.

        With no problem that stops training, ``layer_index`` picks the warning of that layer
        (a card's own Fix it button); the Edit menu's Fix Problem takes the first warning.
        """
        error = self._analysis.error
        if error is None:
            warnings = [w for w in self._analysis.warnings if w.fix is not None]
            if layer_index is not None:
                warnings = [w for w in warnings if w.layer_index == layer_index]
            error = warnings[0] if warnings else None
        if error is None or error.fix is None:
            return False
        select = error.layer_index if error.layer_index is not None else self._selected
        fixed = error.fix.apply()
        description = error.fix.description_es if current_language() == "es" \
            else error.fix.description
        self._push(fixed, self.tr("Fix: {0}").format(description),
                   min(select, len(fixed.layers) - 1))
        return True

    def set_input_shape(self, shape: tuple[int, ...]) -> None:
        self._push(replace(self._spec, input_shape=tuple(shape)), self.tr("Change input view"))

    def set_dataset(self, name: str) -> None:
        if name != self._spec.dataset:
            self._push(switch_dataset(self._spec, name), self.tr("Use dataset {0}").format(name))

    # -- whole projects ------------------------------------------------------------------------
    def reset(
        self, spec: NetworkSpec, config: TrainingConfig | None = None,
        options: dict[str, Any] | None = None, path: Path | None = None,
        project: Any = None,
    ) -> None:
        """Replace the whole project; the undo history starts again, unmodified.

        ``project`` (a loaded ``core.project.Project``) brings its runs, lesson and weights,
        set before ``replaced`` is emitted so every view sees the whole project at once.
        """
        self.config = config or TrainingConfig()
        self.dataset_options = dict(options or {})
        self.history, self.lesson = [], None
        self.weights = self.best_weights = self.weights_spec = None
        if project is not None:
            self.history, self.lesson = list(project.history), project.lesson
            self.weights, self.best_weights = project.weights, project.best_weights
            self.weights_spec = project.spec if project.weights is not None else None
        self.path = path
        self.undo_stack.clear()
        self.apply_spec(spec, -1)
        self.replaced.emit()
        self.pathChanged.emit(path)
        self.dirtyChanged.emit(False)

    def new_empty(self, dataset: str = "mnist") -> None:
        self.reset(empty_network(dataset))

    def load_template(self, template: Template) -> None:
        self.reset(template.spec, template.config, template.dataset_options)

    def open(self, path: str | Path) -> None:
        """Load a ``.nnp`` project; raises ``ProjectFileError`` and then changes nothing."""
        from playground.core.files.project import load_project

        path = Path(path)
        project = load_project(path)
        self.reset(project.spec, project.training, project.dataset_options, path, project)

    def save(self, path: str | Path | None = None) -> Path:
        """Write the project (atomically) and mark it unmodified; raises ``ProjectFileError``.

        Trained weights are written only while the network is still the one they were trained
        for: after an edit they would not fit it, and a file that cannot be opened is worse
        than one that needs training again.
        """
        from playground.core.files.project import Project, save_project

        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("save() needs a path for a project never saved before")
        keep = self.weights_spec == self._spec
        project = Project(
            spec=self._spec,
            training=self.config,
            dataset_options=dict(self.dataset_options),
            history=list(self.history),
            weights=self.weights if keep else None,
            best_weights=self.best_weights if keep else None,
            lesson=self.lesson,
            name=self._spec.name,
        )
        save_project(project, target)
        if not keep:
            self.weights = self.best_weights = self.weights_spec = None
        self.undo_stack.setClean()
        if target != self.path:
            self.path = target
            self.pathChanged.emit(target)
        return target
