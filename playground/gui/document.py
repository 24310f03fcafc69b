"""The open project: its design (network, training settings, data options, own classes), runs,
weights, lesson, file, undo history and selection.

This is the one copy of the project's state in the window. Every view (palette, editor,
inspector, training settings, title bar) reads from here and edits through here, and every
edit of the design, whether of the network, a training setting, the dataset, the user's own
classes or a whole lesson step, is one undoable :class:`~playground.gui.commands.DesignCommand`.
``changed`` says which parts changed ("network", "settings", "data", "classes"; "project" when
another project came in); the narrower signals (``specChanged``, ``configChanged``,
``ownClassesChanged``...) are emitted with it for views that watch one part.

The own classes are the dataset ``"own-classes"`` means: whenever they change (an edit, an undo,
another project) they are made current (``set_current_own_classes``) before any view hears of
it, so everything that loads the network's dataset by name reads the classes as they are now.
A class without samples stops training like an invalid network does (:attr:`train_blocker`).

The analysis (shapes, parameter counts, the first problem) is recomputed once per network change
and shared by all views. Nothing here imports torch at start-up: reading and writing ``.nnp``
files does, when the user opens or saves one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from playground.core.data.inputs import switch_dataset
from playground.core.data.own_classes import OWN_CLASSES_NAME, set_current_own_classes
from playground.core.data.own_classes_check import check_blocking
from playground.core.messages import Message
from playground.core.network.layers import LAYER_TYPES
from playground.core.network.shapes import Analysis, analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.network.validation import ValidationError
from playground.core.training.config import TrainingConfig
from playground.gui.commands import Design, DesignCommand
from playground.gui.inputs import empty_network

if TYPE_CHECKING:
    from playground.core.data.own_classes import OwnClasses
    from playground.core.teaching.templates import Template


class WholeProject(Protocol):
    """What :meth:`Document.restore` reads of a project. A loaded
    :class:`~playground.core.files.project.Project` is one; so is any record of the same
    fields (the window rebuilt in another language carries one without importing torch).
    Its ``own_classes``, when it has that field, are the user's classes (None: none)."""

    @property
    def spec(self) -> NetworkSpec: ...

    @property
    def training(self) -> TrainingConfig: ...

    @property
    def dataset_options(self) -> dict[str, Any]: ...

    @property
    def history(self) -> list[dict[str, Any]]: ...

    @property
    def lesson(self) -> str | None: ...

    @property
    def weights(self) -> dict[str, Any] | None: ...

    @property
    def best_weights(self) -> dict[str, Any] | None: ...


class Document(QObject):
    """One project being edited. ``selected`` is the selected layer's index, or -1."""

    changed = Signal(object)  # frozenset of "network", "settings", "data", "project"
    specChanged = Signal(object)  # NetworkSpec
    configChanged = Signal(object)  # TrainingConfig
    analysisChanged = Signal(object)  # Analysis
    selectionChanged = Signal(int)
    dirtyChanged = Signal(bool)
    pathChanged = Signal(object)  # Path | None
    replaced = Signal()  # a different project was loaded: views reset themselves
    ownClassesChanged = Signal(object)  # OwnClasses | None, edited, undone or loaded

    def __init__(self, spec: NetworkSpec | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._design = Design(spec if spec is not None else empty_network())
        self._analysis = analyse(self._design.spec)
        self._selected = -1
        self._merge_session = 0
        self.path: Path | None = None
        # What was loaded with the project and is kept when saving it again.
        self.history: list[dict[str, Any]] = []
        self.lesson: str | None = None
        self.weights: dict[str, Any] | None = None
        self.best_weights: dict[str, Any] | None = None
        self.weights_spec: NetworkSpec | None = None  # the network the weights belong to
        self._blocker_for: OwnClasses | None = None  # the classes _blocker was found for
        self._blocker: ValidationError | None = None
        self._shown_blocker: ValidationError | None = None  # as views last heard of it
        # Asked before every edit; returning False drops it (e.g. the user keeps a run going).
        # Edits must be refused here, before they reach the undo stack: undoing from a
        # specChanged slot would run inside QUndoStack.push and undo the previous step.
        self.edit_guard: Callable[[], bool] | None = None

    def _clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)

    # -- state ---------------------------------------------------------------------------------
    @property
    def design(self) -> Design:
        return self._design

    @property
    def spec(self) -> NetworkSpec:
        return self._design.spec

    @property
    def config(self) -> TrainingConfig:
        return self._design.config

    @config.setter
    def config(self, config: TrainingConfig) -> None:
        """Assigning the settings is an undoable edit, like typing them in the form."""
        self.edit(Message("Change training settings"), config=config)

    @property
    def dataset_options(self) -> dict[str, Any]:
        """A copy: change them with :meth:`edit` (or by assigning), so undo can put them back."""
        return dict(self._design.dataset_options)

    @dataset_options.setter
    def dataset_options(self, options: dict[str, Any]) -> None:
        self.edit(Message("Change data options"), dataset_options=options)

    @property
    def own_classes(self) -> OwnClasses | None:
        """The user's own classes (change them with :meth:`edit`, so undo can put them back)."""
        return self._design.own_classes

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
        return self.train_blocker is None and bool(self._design.spec.layers)

    @property
    def train_blocker(self) -> ValidationError | None:
        """The problem that stops training, or None; the editor shows it in plain words.

        Besides an invalid network, own classes that cannot be trained on (a class without
        samples, fewer than two classes) stop training, with the reason in the same words.
        """
        return self._analysis.error or self._classes_blocker()

    def _classes_blocker(self) -> ValidationError | None:
        """The first problem of the own classes that blocks training, when the network learns
        them (cheap: it counts samples; the same object is returned while nothing changed)."""
        own = self._design.own_classes
        if own is None or self._design.spec.dataset != OWN_CLASSES_NAME:
            return None
        if self._blocker_for is not own:
            problems = check_blocking(own)
            self._blocker_for = own
            self._blocker = ValidationError(
                None, "", problems[0].message,
                Message("Add samples in the Own classes pane.")) if problems else None
        return self._blocker

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return self._design.spec.name or self.tr("Untitled")

    def selected_layer(self) -> LayerSpec | None:
        layers = self._design.spec.layers
        return layers[self._selected] if 0 <= self._selected < len(layers) else None

    def select(self, index: int) -> None:
        index = index if 0 <= index < len(self._design.spec.layers) else -1
        if index != self._selected:
            self._selected = index
            self.selectionChanged.emit(index)

    def apply_design(self, design: Design, select: int) -> None:
        """Make ``design`` current (used by the undo commands; views edit through the methods)."""
        parts = self._design.changed_parts(design)
        self._design = design
        self._announce(parts, select)

    def _announce(self, parts: frozenset[str], select: int) -> None:
        classes = "classes" in parts or "project" in parts
        if classes:  # before any view hears of it: loading "own-classes" reads these
            set_current_own_classes(self._design.own_classes)
        blocker, shown = self._classes_blocker(), self._shown_blocker
        self._shown_blocker = blocker
        if "network" in parts:
            self._analysis = analyse(self._design.spec)
            self.specChanged.emit(self._design.spec)
            self.analysisChanged.emit(self._analysis)
            self._selected = -2  # force the signal: the layer at the index may be a new one
        elif blocker is not shown:
            self.analysisChanged.emit(self._analysis)  # can_train changed: views say so
        if "settings" in parts:
            self.configChanged.emit(self._design.config)
        if classes:
            self.ownClassesChanged.emit(self._design.own_classes)
        self.select(select)
        if parts:
            self.changed.emit(parts)

    # -- edits: each one undoable step ---------------------------------------------------------
    def edit(
        self, text: str | Message, *, spec: NetworkSpec | None = None,
        config: TrainingConfig | None = None, dataset_options: dict[str, Any] | None = None,
        select: int | None = None, merge_key: Hashable | None = None,
        own_classes: OwnClasses | None = None,
    ) -> bool:
        """Change any part of the design as one undoable step; False if nothing changed or the
        change was refused.

        A change of the network or of the data asks :attr:`edit_guard` first (a run in progress
        must stop); a change of settings or of the own classes alone does not (the learning rate
        may change during a run, and a run keeps the samples it loaded).
        """
        current = self._design
        new = Design(
            spec if spec is not None else current.spec,
            config if config is not None else current.config,
            dataset_options if dataset_options is not None else current.dataset_options,
            own_classes if own_classes is not None else current.own_classes,
        )
        parts = current.changed_parts(new)
        if not parts:
            return False
        if parts - {"settings", "classes"} and self.edit_guard is not None and \
                not self.edit_guard():
            return False
        self.undo_stack.push(DesignCommand(self, new, text, select, merge_key))
        return True

    def edit_settings(self, config: TrainingConfig) -> bool:
        """A training setting typed in the form: one undo step per field being edited (typing
        a number digit by digit merges into one step, as a layer parameter does)."""
        old = self.config.to_dict()
        fields = tuple(sorted(k for k, v in config.to_dict().items() if old.get(k) != v))
        key = ("settings", self._merge_session, fields)
        return self.edit(Message("Change training settings"), config=config, merge_key=key)

    def _push(
        self, spec: NetworkSpec, text: str | Message, select: int | None = None,
        merge_key: Hashable | None = None,
    ) -> None:
        self.edit(text, spec=spec, select=select, merge_key=merge_key)

    def mark_modified(self) -> None:
        """Flag a change that is not an undoable edit (training settings, new weights)."""
        self.undo_stack.resetClean()

    def insert_layer(self, index: int, layer: LayerSpec | str) -> None:
        layer = LayerSpec.create(layer) if isinstance(layer, str) else layer
        index = max(0, min(index, len(self._design.spec.layers)))
        self._push(self._design.spec.insert(index, layer), Message("Add {type}", type=layer.type),
                   index)

    def append_layer(self, layer: LayerSpec | str) -> None:
        self.insert_layer(len(self._design.spec.layers), layer)

    def remove_layer(self, index: int) -> None:
        layers = self._design.spec.layers
        if 0 <= index < len(layers):
            after = min(index, len(layers) - 2)
            self._push(self._design.spec.remove(index),
                       Message("Remove {type}", type=layers[index].type), after)

    def duplicate_layer(self, index: int) -> None:
        if 0 <= index < len(self._design.spec.layers):
            self.insert_layer(index + 1, self._design.spec.layers[index])

    def move_layer(self, source: int, destination: int) -> None:
        n = len(self._design.spec.layers)
        if 0 <= source < n and 0 <= destination < n and source != destination:
            text = Message("Move {type}", type=self._design.spec.layers[source].type)
            self._push(self._design.spec.move(source, destination), text, destination)

    # -- edits of a network that branches: each raises SpecError (changing nothing) when the
    # -- network refuses it, so the editor can say why in words --------------------------------
    def add_skip(self, first: int, last: int, merge: str = "Add") -> None:
        """A skip connection around layers ``first``..``last`` (a residual block): ``merge``
        after ``last`` adds what the run received to what it produced. Selects the merge."""
        spec = self._design.spec.add_skip(first, last, LayerSpec.create(merge))
        self._push(spec, Message("Add skip connection"), last + 1)

    def add_branch(self, first: int, last: int, merge: str = "Add") -> None:
        """A parallel branch beside layers ``first``..``last``: a copy of layer ``first``
        reading what the run reads, joined to the run by ``merge``. Selects the branch."""
        spec = self._design.spec
        branch = spec.layers[first]
        self._push(spec.add_branch(first, last, branch, LayerSpec.create(merge)),
                   Message("Add parallel branch"), last + 1)

    def connect(self, source: int, target: int) -> None:
        """Layer ``target`` (a merge) reads ``source`` too (``-1``: the network's input)."""
        spec = self._design.spec.connect(source, target)
        self._push(spec, Message("Connect to {type}", type=spec.layers[target].type), target)

    def disconnect(self, source: int, target: int) -> None:
        """Layer ``target`` no longer reads ``source``."""
        spec = self._design.spec.disconnect(source, target)
        self._push(spec, Message("Disconnect from {type}", type=spec.layers[target].type),
                   target)

    def set_param(self, index: int, name: str, value: Any) -> None:
        """Change one parameter; consecutive changes of the same one merge into one step.

        Raises :class:`~playground.core.errors.SpecError` for a value out of range.
        """
        layer = self._design.spec.layers[index]
        new = layer.with_params(**{name: value})
        label = LAYER_TYPES[layer.type].param(name).label  # a Message: named in any language
        key = ("param", self._merge_session, index, name)
        text = Message("Change {setting} of {type}", setting=label, type=layer.type)
        self._push(self._design.spec.replace_layer(index, new), text, index, key)

    def end_merge(self) -> None:
        """The user finished an edit (left the field): the next change starts a new undo step."""
        self._merge_session += 1

    def apply_fix(self, layer_index: int | None = None, alternative: bool = False) -> bool:
        """Apply the core's automatic fix for the current problem, as one undoable step.

        With no problem that stops training, ``layer_index`` picks the warning of that layer
        (a card's own Fix it button); the Edit menu's Fix Problem takes the first warning.
        ``alternative`` applies the second choice instead (a card's Other fix button).
        """
        error = self._analysis.error
        if error is None:
            warnings = [w for w in self._analysis.warnings if w.fix is not None]
            if layer_index is not None:
                warnings = [w for w in warnings if w.layer_index == layer_index]
            error = warnings[0] if warnings else None
        fix = error.alternative if alternative and error is not None else (
            error.fix if error is not None else None)
        if error is None or fix is None:
            return False
        select = error.layer_index if error.layer_index is not None else self._selected
        fixed = fix.apply()
        self._push(fixed, Message("Fix: {fix}", fix=fix.description),
                   min(select, len(fixed.layers) - 1))
        return True

    def set_input_shape(self, shape: tuple[int, ...]) -> None:
        self._push(replace(self._design.spec, input_shape=tuple(shape)),
                   Message("Change input view"))

    def set_dataset(self, name: str) -> None:
        if name != self._design.spec.dataset:
            self._push(switch_dataset(self._design.spec, name),
                       Message("Use dataset {name}", name=name))

    # -- whole projects ------------------------------------------------------------------------
    def restore(
        self, project: WholeProject, *, path: Path | None = None, dirty: bool = False,
        weights_for: NetworkSpec | None = None, select: int = -1,
    ) -> None:
        """Make ``project`` the open project: the one way a whole project comes in, whether
        from its file, an autosave, crash recovery or the window rebuilt in another language.

        Everything is set before ``replaced`` is emitted, so every view sees the whole project
        at once (network, settings, runs, lesson, weights); the undo history starts again.
        ``path`` is the project's own file (None: never saved); ``dirty`` marks it as holding
        changes that file does not have (restored work). ``weights_for`` is the network the
        weights were trained for when that is not the project's (weights of an earlier
        version of the network stay "not fitting", so saving leaves them out). ``select`` is
        the layer to select afterwards. Signals: ``specChanged``, ``analysisChanged``,
        ``selectionChanged``, ``replaced``, ``pathChanged``, then ``dirtyChanged(False)``, and
        ``dirtyChanged(True)`` after it when ``dirty``.

        Callers load and check first (:func:`~playground.core.files.project.load_project`
        refuses weights that do not fit): nothing here can fail half way.
        """
        weights_spec = None
        if project.weights is not None:
            weights_spec = weights_for if weights_for is not None else project.spec
        self._replace(
            project.spec, project.training, project.dataset_options, path,
            history=list(project.history), lesson=project.lesson, weights=project.weights,
            best_weights=project.best_weights, weights_spec=weights_spec,
            own_classes=getattr(project, "own_classes", None),
        )
        if dirty:
            self.mark_modified()
        if 0 <= select < len(self._design.spec.layers):
            self.select(select)

    def reset(
        self, spec: NetworkSpec, config: TrainingConfig | None = None,
        options: dict[str, Any] | None = None, path: Path | None = None,
    ) -> None:
        """Start a fresh project from a network (a template, a lesson's start, a new dataset):
        no runs, no weights, the undo history empty and nothing modified. Whole projects come
        in through :meth:`restore`."""
        self._replace(
            spec, config or TrainingConfig(), options or {}, path, history=[], lesson=None,
            weights=None, best_weights=None, weights_spec=None, own_classes=None,
        )

    def _replace(
        self, spec: NetworkSpec, config: TrainingConfig, options: dict[str, Any],
        path: Path | None, *, history: list[dict[str, Any]], lesson: str | None,
        weights: dict[str, Any] | None, best_weights: dict[str, Any] | None,
        weights_spec: NetworkSpec | None, own_classes: OwnClasses | None,
    ) -> None:
        """Put every part of a project in place, then tell the views (see :meth:`restore`)."""
        self._design = Design(spec, config, options, own_classes)
        self.history, self.lesson = history, lesson
        self.weights, self.best_weights = weights, best_weights
        self.weights_spec = weights_spec
        self.path = path
        self.undo_stack.clear()
        self._announce(frozenset({"network", "settings", "data", "project"}), -1)
        self.replaced.emit()
        self.pathChanged.emit(path)
        self.dirtyChanged.emit(False)

    def new_empty(self, dataset: str = "mnist") -> None:
        self.reset(empty_network(dataset))

    def load_template(self, template: Template) -> None:
        self.reset(template.spec, template.config, template.dataset_options)

    def open(self, path: str | Path, *, weights: bool = True) -> None:
        """Load a ``.nnp`` project; raises ``ProjectFileError`` and then changes nothing.

        The file is read and every weight checked against its network before anything here is
        touched, so a refused file leaves the open project, its undo history and its file name
        as they were. ``weights=False`` opens the network, settings and runs without the
        weights (for a file whose weights were refused).
        """
        from playground.core.files.project import load_project

        path = Path(path)
        self.restore(load_project(path, weights=weights), path=path)

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
        keep = self.weights_spec == self._design.spec
        project = Project(
            spec=self._design.spec,
            training=self.config,
            dataset_options=dict(self.dataset_options),
            history=list(self.history),
            weights=self.weights if keep else None,
            best_weights=self.best_weights if keep else None,
            lesson=self.lesson,
            name=self._design.spec.name,
            own_classes=self._design.own_classes,
        )
        save_project(project, target)
        if not keep:
            self.weights = self.best_weights = self.weights_spec = None
        self.undo_stack.setClean()
        if target != self.path:
            self.path = target
            self.pathChanged.emit(target)
        return target
