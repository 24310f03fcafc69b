"""Messages about hostile input stay short and plain: they name the problem, not the payload.

A 12 KB layer type or a 400-digit number used to be echoed in full, burying the sentence that
says what is wrong; deep nesting and non-UTF-8 bytes surfaced as Python's own words ("maximum
recursion depth exceeded", "'utf-8' codec can't decode").
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from playground.core.errors import PlaygroundError, shorten
from playground.core.files.project import Project, project_from_bytes, project_to_bytes
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig

HUGE_TEXT = "Dense" * 2400  # 12 KB
HUGE_NUMBER = 10**399  # 400 digits
SPIRAL = TEMPLATES["toy-spiral"].spec
PYTHON_WORDS = ("recursion", "codec", "decode", "sys.set_int_max_str_digits", "Error")


def spec_json(**changes: Any) -> str:
    return json.dumps({**json.loads(SPIRAL.to_json()), **changes})


def layer_json(layer: Any) -> str:
    return spec_json(layers=[layer])


def project_with(**changes: Any) -> bytes:
    with zipfile.ZipFile(io.BytesIO(project_to_bytes(Project(spec=SPIRAL)))) as archive:
        manifest = json.loads(archive.read("project.json"))
    return archive_of(json.dumps({**manifest, **changes}).encode())


def archive_of(manifest: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.json", manifest)
    return buffer.getvalue()


def message_of(make: Callable[[], Any]) -> str:
    with pytest.raises(PlaygroundError) as caught:
        make()
    return str(caught.value)


HOSTILE: dict[str, tuple[Callable[[], Any], str]] = {
    "layer type": (lambda: LayerSpec.create(HUGE_TEXT), "Unknown layer type"),
    "parameter name": (lambda: LayerSpec.create("Dense", **{HUGE_TEXT: 1}), "no parameter"),
    "choice": (lambda: LayerSpec.create("Dense", activation=HUGE_TEXT), "activation must be"),
    "huge units": (lambda: LayerSpec.create("Dense", units=HUGE_NUMBER), "a 400-digit number"),
    "huge rate": (lambda: LayerSpec.create("Dropout", rate=HUGE_NUMBER), "finite number"),
    "long list": (lambda: LayerSpec.create("Dense", units=list(range(10_000))), "whole number"),
    "json layer type": (lambda: NetworkSpec.from_json(layer_json({"type": HUGE_TEXT})),
                        "Unknown layer type"),
    "json layer field": (lambda: NetworkSpec.from_json(layer_json({"type": "Dense",
                                                                   HUGE_TEXT: 1})),
                         "unexpected field"),
    "json units": (lambda: NetworkSpec.from_json(layer_json(
        {"type": "Dense", "params": {"units": HUGE_NUMBER}})), "a 400-digit number"),
    "json format": (lambda: NetworkSpec.from_json(spec_json(format=HUGE_TEXT)),
                    "Not a network description"),
    "json version": (lambda: NetworkSpec.from_json(spec_json(version=HUGE_NUMBER)),
                     "not supported"),
    "json classes": (lambda: NetworkSpec.from_json(spec_json(output={"classes": HUGE_NUMBER})),
                     "number of outputs"),
    "json shape": (lambda: NetworkSpec.from_json(spec_json(input={"shape": HUGE_TEXT,
                                                                  "dataset": "x"})),
                   "input shape"),
    "json digits": (lambda: NetworkSpec.from_json('{"n": ' + "9" * 5000 + "}"),
                    "number too long to read"),
    "json nested": (lambda: NetworkSpec.from_json("[" * 100_000 + "]" * 100_000),
                    "nested too deeply to be a network description"),
    "json not text": (lambda: NetworkSpec.from_json(b"\xff\xfe\xfa{}"), "not text"),
    "project layer type": (lambda: project_from_bytes(project_with(spec=json.loads(
        layer_json({"type": HUGE_TEXT})))), "Unknown layer type"),
    "project format": (lambda: project_from_bytes(project_with(format=HUGE_TEXT)),
                       "not a Neural Network Playground project"),
    "project field": (lambda: project_from_bytes(project_with(**{HUGE_TEXT: 1})),
                      "unexpected field"),
    "project version": (lambda: project_from_bytes(project_with(schema_version=HUGE_NUMBER)),
                        "not a real version"),
    "project dataset": (lambda: project_from_bytes(project_with(
        dataset={"name": HUGE_TEXT, "options": {}})), "does not match"),
    "project weights": (lambda: project_from_bytes(project_with(
        weights={"current": HUGE_TEXT, "best": None})), "weights.current"),
    "project digits": (lambda: project_from_bytes(archive_of(b'{"n": ' + b"9" * 5000 + b"}")),
                       "number too long to read"),
    "project nested": (lambda: project_from_bytes(archive_of(b"[" * 100_000 + b"]" * 100_000)),
                       "nested too deeply"),
    "project not text": (lambda: project_from_bytes(archive_of(b"\xff\xfe\xfa")),
                         "not UTF-8 text"),
    "project training number": (lambda: project_from_bytes(project_with(
        training={"epochs": HUGE_NUMBER})), "training settings"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_input_gets_a_short_plain_message(case: str) -> None:
    make, problem = HOSTILE[case]
    message = message_of(make)
    assert problem in message
    assert len(message) < 260 if "Known types" in message else len(message) < 200, message
    assert not any(word in message for word in PYTHON_WORDS), message


TRAINING: dict[str, tuple[dict[str, Any], str]] = {
    "optimizer": ({"optimizer": HUGE_TEXT}, "optimizer must be one of"),
    "option name": ({HUGE_TEXT: 1}, "Unknown training option"),
    "epochs": ({"epochs": HUGE_NUMBER}, "epochs must be between"),
    "learning rate": ({"learning_rate": HUGE_TEXT}, "learning_rate must be a number"),
    "batch size": ({"batch_size": list(range(10_000))}, "batch_size must be a number"),
}


@pytest.mark.parametrize("case", TRAINING)
def test_hostile_training_settings_get_a_short_plain_message(case: str) -> None:
    settings, problem = TRAINING[case]
    message = message_of(lambda: TrainingConfig.from_dict(settings))
    assert problem in message and len(message) < 200, message


def test_shorten_keeps_short_values_and_marks_cut_ones() -> None:
    assert shorten("Dense") == "'Dense'"
    assert shorten(HUGE_TEXT) == repr(HUGE_TEXT[:40])[:-1] + "…'"
    assert shorten(64) == "64" and shorten(True) == "True" and shorten(None) == "None"
    assert shorten(HUGE_NUMBER) == "a 400-digit number"
    assert shorten(-(10**5000)) == "a 5001-digit number"  # more digits than Python will print
    assert shorten(list(range(10_000))) == "[0, 1, 2, 3, ...]"
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    assert len(shorten(nested)) <= 41

    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert "Hostile" in shorten(Hostile())  # never raises
