"""Project files (``.nnp``): a network, how to train it, its training history and its weights.

A project is a zip archive with a fixed, tiny set of members:

``project.json``
    The description: network (:meth:`NetworkSpec.to_dict`), training configuration
    (:meth:`TrainingConfig.to_dict`), dataset options, the history of runs, the lesson the
    project belongs to and which weight files are present.
``weights.safetensors`` / ``best.safetensors`` (optional)
    The model's current state dict and the best one seen in training, as safetensors.
``own_classes/cc/iiii.png`` (optional, format 2)
    The user's own classes: sample ``i`` of class ``c`` as an 8-bit grey 28×28 PNG; the class
    names and counts are the ``own_classes`` index in ``project.json``
    (:mod:`playground.core.data.own_classes_png`). Each PNG's header is checked before it is
    decoded, and their number, size and names are checked with the other members.

Why it is built this way: in a classroom, project files are passed around by e-mail and USB
stick, so opening one must be safe even if it was crafted to attack. Therefore

* nothing is ever unpickled: no ``pickle``, no ``torch.load``; tensors are read only with
  :func:`safetensors.torch.load`, which parses a JSON header and raw numbers, and the JSON with
  the standard library;
* the archive is inspected before anything in it is read: only the known member names are
  accepted (anything else, such as ``data.pkl`` or ``../evil``, is refused and never opened),
  declared sizes and compression ratios are checked against limits, and members are read with a
  bounded read, so a zip bomb or a lying header cannot exhaust memory;
* the central directory is measured before :mod:`zipfile` parses it, so a tiny file cannot
  declare millions of entries;
* every weight tensor is checked against the network in the same file (its name, shape and
  kind of number, from the model built on the "meta" device) before the project is returned,
  so weights that belong to another network are refused at the door, naming the layer, and
  never fail later in the middle of a view;
* every problem, whatever library detects it, reaches the caller as one
  :class:`~playground.core.errors.ProjectFileError` with a message in plain words, and a project
  is either loaded completely or not at all.

Saving is atomic (:func:`playground.core.files.atomic.atomic_write_bytes`): an interrupted save
leaves
the previous file intact. The format is versioned by ``schema_version``; older files are brought
up to date by the :data:`MIGRATIONS` table, newer ones are refused with a request to update the
app. Run histories are plain JSON; Python's :mod:`json` writes floats with ``repr`` precision,
so learning curves come back bit for bit.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import safetensors.torch
import torch

from playground import __version__
from playground.core.data.own_classes import OwnClasses, OwnClassesError
from playground.core.data.own_classes_png import samples_from_members, samples_to_members
from playground.core.errors import (
    PlaygroundError,
    ProjectFileError,
    SpecError,
    TrainingError,
    shorten,
)
from playground.core.files.archive import (
    BEST_WEIGHTS_FILE,
    MEMBER_LIMITS,
    PROJECT_JSON,
    WEIGHTS_FILE,
    check_central_directory,
    check_entries,
    is_sample_member,
    member_limit,
    ratio_too_high,
    read_member,
    size_text,
)
from playground.core.files.atomic import atomic_write_bytes
from playground.core.files.os_errors import reason_message, reason_sentence
from playground.core.messages import N_, Message
from playground.core.network.build import node_names
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

__all__ = [
    "ALLOWED_DTYPES",
    "MIGRATIONS",
    "PROJECT_FORMAT",
    "PROJECT_SUFFIX",
    "SCHEMA_VERSION",
    "ExpectedShapes",
    "Project",
    "WeightsMismatchError",
    "load_project",
    "model_layout",
    "project_from_bytes",
    "project_to_bytes",
    "save_project",
]

PROJECT_FORMAT = "nn-playground-project"
SCHEMA_VERSION = 2
MAX_SCHEMA_VERSION = 1_000_000  # larger is no version any app will write: a damaged file
PROJECT_SUFFIX = ".nnp"

#: Deeper JSON than this is not something the app writes; refusing it early keeps later code
#: (validation, error messages, re-saving) away from recursion limits.
MAX_JSON_DEPTH = 64

#: Tensor types a project may contain: floating point and integers (BatchNorm's counter is int64).
ALLOWED_DTYPES: frozenset[torch.dtype] = frozenset(
    {
        torch.float16,
        torch.bfloat16,
        torch.float32,
        torch.float64,
        torch.uint8,
        torch.int8,
        torch.int16,
        torch.int32,
        torch.int64,
    }
)

#: Maps a network to the state-dict entries its model has: name -> (shape, dtype).
ExpectedShapes = Callable[[NetworkSpec], Mapping[str, tuple[tuple[int, ...], torch.dtype]]]

# A fixed timestamp makes saving the same project twice produce identical bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_TOP_LEVEL_KEYS = frozenset(
    {
        "format",
        "schema_version",
        "app_version",
        "name",
        "spec",
        "training",
        "dataset",
        "history",
        "lesson",
        "weights",
        "own_classes",
    }
)
_WEIGHT_SLOTS: dict[str, str] = {"current": WEIGHTS_FILE, "best": BEST_WEIGHTS_FILE}


@dataclass(eq=False)
class Project:
    """Everything the app saves about one piece of work.

    ``history`` holds one plain-JSON record per training run (its configuration, per-epoch
    metric lists, final metrics); ``weights`` and ``best_weights`` are state dicts;
    ``own_classes`` the user's own classes, if the project has any.
    ``eq=False`` because comparing state dicts with ``==`` is ambiguous for tensors.
    """

    spec: NetworkSpec
    training: TrainingConfig = field(default_factory=TrainingConfig)
    dataset_options: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    weights: dict[str, torch.Tensor] | None = field(default=None, repr=False)
    best_weights: dict[str, torch.Tensor] | None = field(default=None, repr=False)
    lesson: str | None = None
    name: str = ""
    own_classes: OwnClasses | None = field(default=None, repr=False)

    @property
    def dataset(self) -> str:
        """The dataset's name; the network description is the single source of truth for it."""
        return self.spec.dataset


# --------------------------------------------------------------------------------------------
# Migrations


def _migrate_v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (files without ``schema_version``) called the training configuration
    ``config``; version 1 calls it ``training``."""
    data = dict(data)
    if "config" in data:
        if "training" in data:
            raise ProjectFileError(
                "The project file has both 'config' and 'training'; it is damaged."
            )
        data["training"] = data.pop("config")
    data["schema_version"] = 1
    return data


def _migrate_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 may hold the user's own classes (``own_classes``); a version-1 file has none,
    so it reads as it is. The version is raised so an older app refuses a file with classes
    by asking for an update, not with a puzzling "unexpected field"."""
    return {**data, "schema_version": 2}


#: ``MIGRATIONS[v]`` turns a version-``v`` project.json dict into version ``v + 1``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _migrate_v0_to_v1, 1: _migrate_v1_to_v2,
}


# --------------------------------------------------------------------------------------------
# Saving


#: Why a state dict cannot be saved, for the weights and the best weights: one whole sentence
#: each, so a translation can say "the best weights" as its grammar wants.
_CANNOT_SAVE_UNNAMED: dict[str, str] = {
    "weights": N_("Cannot save the weights: {key} is not a named tensor."),
    "best weights": N_("Cannot save the best weights: {key} is not a named tensor."),
}
_CANNOT_SAVE_TYPE: dict[str, str] = {
    "weights": N_("Cannot save the weights: tensor {tensor} has type {type}, which a project "
                  "file cannot hold (only floating-point and integer tensors)."),
    "best weights": N_("Cannot save the best weights: tensor {tensor} has type {type}, which a "
                       "project file cannot hold (only floating-point and integer tensors)."),
}


def _state_dict_bytes(what: str, weights: Mapping[str, torch.Tensor]) -> bytes:
    tensors: dict[str, torch.Tensor] = {}
    for key, tensor in weights.items():
        if not isinstance(key, str) or not isinstance(tensor, torch.Tensor):
            raise ProjectFileError(_CANNOT_SAVE_UNNAMED[what], key=shorten(key))
        if tensor.dtype not in ALLOWED_DTYPES:
            raise ProjectFileError(_CANNOT_SAVE_TYPE[what], tensor=repr(key),
                                   type=str(tensor.dtype))
        # A private, contiguous CPU copy: safetensors refuses tensors that share memory.
        tensors[key] = tensor.detach().to("cpu", copy=True).contiguous()
    return safetensors.torch.save(tensors)


def _manifest(project: Project) -> dict[str, Any]:
    if not isinstance(project.spec, NetworkSpec):
        raise ProjectFileError("Cannot save: the project has no valid network.")
    if not isinstance(project.training, TrainingConfig):
        raise ProjectFileError("Cannot save: the project has no valid training configuration.")
    if not isinstance(project.history, list) or not all(
        isinstance(run, dict) for run in project.history
    ):
        raise ProjectFileError("Cannot save: the training history must be a list of records.")
    if project.lesson is not None and not isinstance(project.lesson, str):
        raise ProjectFileError("Cannot save: the lesson must be text.")
    return {
        "format": PROJECT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "name": str(project.name),
        "spec": project.spec.to_dict(),
        "training": project.training.to_dict(),
        "dataset": {"name": project.dataset, "options": dict(project.dataset_options)},
        "history": project.history,
        "lesson": project.lesson,
        "weights": {
            "current": WEIGHTS_FILE if project.weights is not None else None,
            "best": BEST_WEIGHTS_FILE if project.best_weights is not None else None,
        },
    }


def _write_archive(members: dict[str, bytes], stored: set[str]) -> tuple[bytes, set[str]]:
    """Zip ``members`` (deflated unless named in ``stored``); return the archive and the names
    whose compression ratio is above what :func:`load_project` accepts."""
    buffer = io.BytesIO()
    too_compressed: set[str] = set()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
            if ratio_too_high(info):
                too_compressed.add(name)
    return buffer.getvalue(), too_compressed


def project_to_bytes(project: Project) -> bytes:
    """The ``.nnp`` archive for ``project``, as bytes.

    Raises :class:`ProjectFileError` if the project cannot be represented: history values that
    are not JSON, tensors of unsupported types, or members beyond the size limits.
    """
    manifest = _manifest(project)
    samples: dict[str, bytes] = {}
    if project.own_classes is not None:
        if not isinstance(project.own_classes, OwnClasses):
            raise ProjectFileError("Cannot save: the project's own classes are not valid.")
        manifest["own_classes"], samples = samples_to_members(project.own_classes)
    if not _json_depth_ok(manifest):
        raise ProjectFileError(
            "Cannot save: the history or dataset options are nested more than {depth} levels "
            "deep, which a project file may not hold.", depth=MAX_JSON_DEPTH,
        )
    try:
        text = json.dumps(manifest, ensure_ascii=False, indent=1)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ProjectFileError(
            "Cannot save: the history or dataset options contain a value that is not plain "
            "data ({detail}).", detail=str(exc),
        ) from exc
    members = {PROJECT_JSON: text.encode("utf-8")}
    if project.weights is not None:
        members[WEIGHTS_FILE] = _state_dict_bytes("weights", project.weights)
    if project.best_weights is not None:
        members[BEST_WEIGHTS_FILE] = _state_dict_bytes("best weights", project.best_weights)
    for name, data in members.items():
        if len(data) > member_limit(name):
            advice = (N_("Clear some of the training history.") if name == PROJECT_JSON
                      else N_("Use a smaller network."))
            raise ProjectFileError(
                "Cannot save: {file} would be {size}, more than the {limit} a project file may "
                "hold. {advice}", file=name, size=size_text(len(data)),
                limit=size_text(MEMBER_LIMITS[name]), advice=Message(advice),
            )
    # Weights that are mostly zeros deflate extremely well; store those uncompressed so the
    # zip-bomb check never refuses a file this app wrote. PNGs are compressed already.
    members.update(samples)
    data, too_compressed = _write_archive(members, set(samples))
    if too_compressed:
        data, _ = _write_archive(members, too_compressed | set(samples))
    return data


def save_project(project: Project, path: str | os.PathLike[str]) -> None:
    """Save ``project`` to ``path`` atomically: on any failure the old file is left untouched.

    Raises :class:`ProjectFileError` with a plain-words message (disk full, permission denied...).
    """
    atomic_write_bytes(path, project_to_bytes(project))


# --------------------------------------------------------------------------------------------
# Loading: project.json


def _json_depth_ok(value: Any) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return False
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return True


_TOO_DEEP = N_("{file} is nested too deeply to be a project file.")


def _parse_json(data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProjectFileError(
            "{file} is not UTF-8 text; the file is damaged.", file=PROJECT_JSON) from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise ProjectFileError(_TOO_DEEP, file=PROJECT_JSON) from None
    except json.JSONDecodeError as exc:
        raise ProjectFileError(
            "{file} is not valid JSON: {problem} (line {line}, column {column}).",
            file=PROJECT_JSON, problem=exc.msg, line=exc.lineno, column=exc.colno,
        ) from None
    except ValueError:  # Python refuses to read whole numbers of more than 4300 digits
        raise ProjectFileError(
            "{file} holds a number too long to read (thousands of digits); the file is "
            "damaged.", file=PROJECT_JSON,
        ) from None
    if not _json_depth_ok(value):
        raise ProjectFileError(_TOO_DEEP, file=PROJECT_JSON)
    return value


def _plain_reason(exc: Exception) -> Message:
    """What a library's exception means for a value read from a file, in plain words."""
    if isinstance(exc, OverflowError):
        return Message("a number too large to use")
    if isinstance(exc, RecursionError):
        return Message("values nested too deeply")
    return Message("a value of the wrong kind")


def _check_version(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ProjectFileError(
            "The project's schema_version must be a whole number, not {value}.",
            value=shorten(version),
        )
    if version > MAX_SCHEMA_VERSION:  # no app will ever write this: the file is damaged
        raise ProjectFileError(
            "The project's schema_version {value} is not a real version; the file is damaged.",
            value=shorten(version),
        )
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            "This project was made by a newer version of the app (project format {version}; "
            "this app reads up to {known}). Update the app to open it.",
            version=str(version), known=str(SCHEMA_VERSION),
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def _expect(condition: bool, message: Message) -> None:
    if not condition:
        raise ProjectFileError(message)


def _parse_manifest(value: Any) -> tuple[Project, dict[str, Any]]:
    """Build the project (without weights or own classes) from project.json; return it and what
    it lists of the other members: the weight slots, and the own classes' index (or None)."""
    _expect(isinstance(value, dict), Message("{file} must hold a JSON object.", file=PROJECT_JSON))
    data: dict[str, Any] = value
    if data.get("format") != PROJECT_FORMAT:
        raise ProjectFileError(
            "This is not a Neural Network Playground project (format {found}, expected "
            "{expected}).", found=shorten(data.get("format")), expected=repr(PROJECT_FORMAT),
        )
    data = _check_version(data)
    unknown = sorted(set(data) - _TOP_LEVEL_KEYS)
    if unknown:
        raise ProjectFileError("{file} has an unexpected field {field}.", file=PROJECT_JSON,
                               field=shorten(unknown[0]))
    _expect("spec" in data, Message("{file} has no network ('spec').", file=PROJECT_JSON))
    try:
        spec = NetworkSpec.from_dict(data["spec"])
    except SpecError as exc:
        raise ProjectFileError("The project's network is invalid: {problem}",
                               problem=exc.message) from None
    except Exception as exc:  # e.g. OverflowError for a 400-digit number
        raise ProjectFileError("The project's network contains an invalid value ({reason}).",
                               reason=_plain_reason(exc)) from None
    try:
        training = TrainingConfig.from_dict(data.get("training", {}))
    except TrainingError as exc:
        raise ProjectFileError("The project's training settings are invalid: {problem}",
                               problem=exc.message) from None
    except Exception as exc:
        raise ProjectFileError(
            "The project's training settings contain an invalid value ({reason}).",
            reason=_plain_reason(exc),
        ) from None

    app_version = data.get("app_version", "")
    _expect(isinstance(app_version, str), Message("The project's app_version must be text."))
    name = data.get("name", "")
    _expect(isinstance(name, str), Message("The project's name must be text."))
    lesson = data.get("lesson")
    _expect(lesson is None or isinstance(lesson, str),
            Message("The project's lesson must be text."))

    dataset = data.get("dataset", {"name": spec.dataset, "options": {}})
    _expect(
        isinstance(dataset, dict) and set(dataset) <= {"name", "options"},
        Message("The project's 'dataset' must be an object with 'name' and 'options'."),
    )
    dataset_name = dataset.get("name", spec.dataset)
    _expect(
        dataset_name == spec.dataset,
        Message("The project's dataset {dataset} does not match its network's dataset "
                "{network_dataset}; the file is damaged.", dataset=shorten(dataset_name),
                network_dataset=shorten(spec.dataset)),
    )
    options = dataset.get("options", {})
    _expect(isinstance(options, dict),
            Message("The project's dataset options must be an object."))

    history = data.get("history", [])
    _expect(
        isinstance(history, list) and all(isinstance(run, dict) for run in history),
        Message("The project's training history must be a list of run records."),
    )

    slots = data.get("weights", {"current": None, "best": None})
    _expect(
        isinstance(slots, dict) and set(slots) <= set(_WEIGHT_SLOTS),
        Message("The project's 'weights' must be an object with 'current' and 'best'."),
    )
    wanted: dict[str, Any] = {"own_classes": data.get("own_classes")}
    for slot, filename in _WEIGHT_SLOTS.items():
        listed = slots.get(slot)
        _expect(
            listed is None or listed == filename,
            Message("The project's weights.{slot} must be {file} or null, not {value}.",
                    slot=slot, file=repr(filename), value=shorten(listed)),
        )
        wanted[slot] = listed
    project = Project(
        spec=spec,
        training=training,
        dataset_options=options,
        history=history,
        lesson=lesson,
        name=name,
    )
    return project, wanted


# --------------------------------------------------------------------------------------------
# Loading: weights


def _parse_weights(name: str, data: bytes) -> dict[str, torch.Tensor]:
    try:
        tensors = safetensors.torch.load(data)
    except Exception as exc:
        raise ProjectFileError(
            "{file} is not a valid safetensors file ({detail}); the weights are damaged.",
            file=name, detail=str(exc)[:120],
        ) from None
    result: dict[str, torch.Tensor] = {}
    for key, tensor in tensors.items():
        if tensor.dtype not in ALLOWED_DTYPES:
            raise ProjectFileError(
                "{file}: tensor {tensor} has type {type}; a project may only hold floating-point "
                "and integer tensors.", file=name, tensor=shorten(key, 60), type=str(tensor.dtype),
            )
        result[key] = tensor
    return result


class WeightsMismatchError(ProjectFileError):
    """The file's weights do not fit the network in the same file.

    The network, settings and runs may be perfectly good: the window can offer to open the
    file without its weights (``load_project(path, weights=False)``) and train it again.
    """


#: How the student knows each weight file, as the subject of a sentence.
_WEIGHT_NAMES: dict[str, str] = {
    WEIGHTS_FILE: N_("The weights"), BEST_WEIGHTS_FILE: N_("The best weights"),
}

#: The last sentences of every refusal: why, and what to do.
_MISMATCH_FIX = N_(
    "They were saved for a different network, so nothing was opened. To use this network, "
    "open the file without its weights and train it again."
)


def model_layout(spec: NetworkSpec) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    """The state-dict layout of ``spec``'s model (see
    :func:`playground.core.network.build.model_layout`: built on the meta device, no values,
    the global random generator untouched)."""
    from playground.core.network.build import model_layout as layout

    return layout(spec)


def _layer_of(spec: NetworkSpec, key: str) -> Message | None:
    """"layer 3 (Dense)" for a tensor of the editor's third layer, else None: ``layers.2.…`` in
    a column, ``dense_1.…`` (the layer's node name) in a network that branches."""
    parts = key.split(".")
    if len(parts) >= 3 and parts[0] == "layers" and parts[1].isdigit():
        index = int(parts[1])
    elif not spec.is_sequential and parts[0] in (names := node_names(spec)):
        index = names.index(parts[0])
    else:
        return None
    if index >= len(spec.layers):
        return None
    return Message("layer {number} ({type})", number=index + 1, type=spec.layers[index].type)


def _same_kind(a: torch.dtype, b: torch.dtype) -> bool:
    """Both floating point, or both whole numbers: a value of one converts into the other."""
    return a.is_floating_point == b.is_floating_point


def _mismatch(template: str, name: str, **values: Any) -> WeightsMismatchError:
    """The refusal of weight file ``name``: ``template`` names the file's weights
    (``{weights}``), says what does not fit and ends with the fix (``{fix}``)."""
    return WeightsMismatchError(template, weights=Message(_WEIGHT_NAMES[name]), file=name,
                                fix=Message(_MISMATCH_FIX), **values)


def _check_weights(
    name: str,
    tensors: Mapping[str, torch.Tensor],
    expected: Mapping[str, tuple[tuple[int, ...], torch.dtype]],
    spec: NetworkSpec,
) -> dict[str, torch.Tensor]:
    """``tensors`` in model order, checked name by name against ``expected``.

    Every tensor the model has must be there with its exact shape, and nothing else may be:
    a file with extra tensors was written for another network even if the rest fits, and
    loading it would fail later, far from the cause. Floating-point tensors of another width
    (a float16 file) are converted to the model's type; floats where the model keeps whole
    numbers (BatchNorm's counter), or the other way round, are refused. Raises
    :class:`WeightsMismatchError` naming the layer as the editor shows it and both shapes.
    """
    checked: dict[str, torch.Tensor] = {}
    for key, (shape, dtype) in expected.items():
        layer = _layer_of(spec, key)
        place, needer = ((layer, Message("the layer")) if layer
                         else (Message("the network"), Message("the network")))
        if key not in tensors:
            raise _mismatch(
                N_("{weights} do not fit {place}: {needer} needs a tensor {tensor} that {file} "
                   "does not have. {fix}"),
                name, place=place, needer=needer, tensor=repr(key),
            )
        tensor = tensors[key]
        if tuple(tensor.shape) != tuple(shape):
            raise _mismatch(
                N_("{weights} do not fit {place}: tensor {tensor} has shape {shape}, but "
                   "{needer} needs {needed}. {fix}"),
                name, place=place, needer=needer, tensor=repr(key),
                shape=str(tuple(tensor.shape)), needed=str(tuple(shape)),
            )
        if not _same_kind(tensor.dtype, dtype):
            raise _mismatch(
                N_("{weights} do not fit {place}: tensor {tensor} has type {type}, but {needer} "
                   "needs {needed}. {fix}"),
                name, place=place, needer=needer, tensor=repr(key), type=str(tensor.dtype),
                needed=str(dtype),
            )
        checked[key] = tensor if tensor.dtype == dtype else tensor.to(dtype)
    extra = [key for key in tensors if key not in expected]
    if extra:
        key = extra[0]
        layer = _layer_of(spec, key)
        if layer is not None:
            raise _mismatch(
                N_("{weights} do not fit {place}: {file} has a tensor {tensor} that the layer "
                   "does not have. {fix}"),
                name, place=layer, tensor=shorten(key, 60),
            )
        raise _mismatch(
            N_("{weights} do not fit this network: {file} has a tensor {tensor} that belongs to "
               "none of its layers. {fix}"),
            name, tensor=shorten(key, 60),
        )
    return checked


def _library_detail(exc: BaseException) -> str:
    """A library's own words for an unexpected failure, kept as they are (a programmer's clue
    inside the sentence for the student): its type and the start of its message."""
    return f"{type(exc).__name__}: {str(exc)[:120]}"


def _expected_for(
    spec: NetworkSpec, expected_shapes: ExpectedShapes
) -> Mapping[str, tuple[tuple[int, ...], torch.dtype]]:
    try:
        return expected_shapes(spec)
    except PlaygroundError as exc:
        raise ProjectFileError(
            "The project's network cannot be built, so its weights cannot be checked: {problem}",
            problem=exc.message,
        ) from exc
    except Exception as exc:
        raise ProjectFileError(
            "The project's network cannot be built, so its weights cannot be checked "
            "({detail}).", detail=_library_detail(exc),
        ) from exc


# --------------------------------------------------------------------------------------------
# Loading: entry points


def _read_own_classes(
    archive: zipfile.ZipFile, members: Mapping[str, zipfile.ZipInfo], index: Any
) -> OwnClasses | None:
    """The own classes the manifest's ``index`` lists, read from their checked PNG members."""
    samples = [name for name in members if is_sample_member(name)]
    if index is None:
        if samples:
            raise ProjectFileError(
                "The archive contains {file} but {manifest} does not list it; the file is "
                "damaged.", file=samples[0], manifest=PROJECT_JSON,
            )
        return None
    try:
        return samples_from_members(index, samples, lambda n: read_member(archive, members[n]))
    except OwnClassesError as exc:
        raise ProjectFileError("The project's own classes are damaged: {problem}",
                               problem=exc.message) from None


def _load_archive(stream: IO[bytes], expected_shapes: ExpectedShapes, weights: bool) -> Project:
    check_central_directory(stream)
    stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        members = check_entries(archive)
        project, wanted = _parse_manifest(_parse_json(read_member(archive, members[PROJECT_JSON])))
        for slot, filename in _WEIGHT_SLOTS.items():
            if wanted[slot] is None and filename in members:
                raise ProjectFileError(
                    "The archive contains {file} but {manifest} does not list it; the file is "
                    "damaged.", file=filename, manifest=PROJECT_JSON,
                )
            if wanted[slot] is not None and filename not in members:
                raise ProjectFileError(
                    "{manifest} lists {file} but the archive does not contain it; the file is "
                    "incomplete.", file=filename, manifest=PROJECT_JSON,
                )
        project.own_classes = _read_own_classes(archive, members, wanted["own_classes"])
        found: dict[str, dict[str, torch.Tensor]] = {}
        for filename in _WEIGHT_SLOTS.values():
            if weights and filename in members:
                found[filename] = _parse_weights(filename, read_member(archive, members[filename]))
    if found:
        expected = _expected_for(project.spec, expected_shapes)
        # Checked before anything is returned: a caller replaces its project only with one
        # that loaded completely. safetensors stores tensors sorted by type and size; they
        # come back in model order.
        found = {
            filename: _check_weights(filename, tensors, expected, project.spec)
            for filename, tensors in found.items()
        }
    project.weights = found.get(WEIGHTS_FILE)
    project.best_weights = found.get(BEST_WEIGHTS_FILE)
    return project


_DAMAGED = N_("The project file is damaged ({detail}).")


def _load_safely(stream: IO[bytes], expected_shapes: ExpectedShapes, weights: bool) -> Project:
    """Run the loader, turning anything a library raises into :class:`ProjectFileError`."""
    try:
        return _load_archive(stream, expected_shapes, weights)
    except ProjectFileError:
        raise
    except zipfile.BadZipFile as exc:
        message = str(exc)
        if message == "File is not a zip file":
            stream.seek(0)
            if stream.read(4) == b"PK\x03\x04":
                raise ProjectFileError(
                    "The project file is incomplete (the archive is cut short); it was probably "
                    "not copied or downloaded completely."
                ) from None
            raise ProjectFileError(
                "This is not a project file (it is not a zip archive)."
            ) from None
        raise ProjectFileError(_DAMAGED, detail=message) from None
    except RecursionError:
        raise ProjectFileError("The project file is nested too deeply to open.") from None
    except MemoryError:
        raise ProjectFileError("The project file is too large to open.") from None
    except OSError as exc:
        raise ProjectFileError("The project file could not be read ({reason}).",
                               reason=reason_message(exc)) from None
    except (EOFError, struct.error) as exc:
        raise ProjectFileError("The project file is incomplete or damaged ({detail}).",
                               detail=type(exc).__name__) from None
    except Exception as exc:
        raise ProjectFileError(_DAMAGED, detail=_library_detail(exc)) from None


def project_from_bytes(
    data: bytes | bytearray | memoryview,
    expected_shapes: ExpectedShapes = model_layout,
    *,
    weights: bool = True,
) -> Project:
    """Read a project from the bytes of a ``.nnp`` file; see :func:`load_project`."""
    return _load_safely(io.BytesIO(bytes(data)), expected_shapes, weights)


_CANNOT_OPEN = N_("Cannot open {name}. {problem}")


def load_project(
    path: str | os.PathLike[str],
    expected_shapes: ExpectedShapes = model_layout,
    *,
    weights: bool = True,
) -> Project:
    """Open the ``.nnp`` file at ``path``; never runs code from it.

    Every weight tensor is checked against the network in the same file before the project is
    returned: ``expected_shapes`` gives the model's state-dict layout (name -> (shape, dtype);
    by default :func:`model_layout`), and weights that do not match it exactly are refused
    with :class:`WeightsMismatchError`, naming the layer and both shapes. So a caller that
    replaces its open project only after this returns never ends up with weights that fail
    later. ``weights=False`` opens the network, settings and runs and leaves the weights out
    (the way to use a network whose weights were refused). Every problem raises
    :class:`ProjectFileError` whose message starts with the file's name and says what is wrong.
    """
    file = Path(path)
    try:
        if not file.is_file():
            if not file.exists():
                raise ProjectFileError("The file does not exist.")
            raise ProjectFileError("It is not a regular file.")
        with open(file, "rb") as stream:
            return _load_safely(stream, expected_shapes, weights)
    except ProjectFileError as exc:
        raise type(exc)(_CANNOT_OPEN, name=repr(file.name), problem=exc.message) \
            from exc.__cause__
    except OSError as exc:
        raise ProjectFileError("Cannot open {name}. {reason}.", name=repr(file.name),
                               reason=reason_sentence(exc)) from exc
