"""Training, inspection and lesson messages carry a template and values: the English stays as it
was, and the Spanish comes from the catalogue with the numbers written as Spain writes them."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from playground.core.errors import TrainingError
from playground.core.inspect.health import overfitting
from playground.core.messages import Message
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.lessons import Lesson, LessonError, LessonState, apply_action
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.events import Failed
from playground.core.training.loop import TrainingData, train
from playground.core.training.stuck import check

SPIRAL = TEMPLATES["toy-spiral"].spec.dataset


def _blob_data() -> TrainingData:
    """Two classes of 2D points, enough for a few batches."""
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(64, 2, generator=generator)
    y = (x[:, 0] > 0).long()
    return SimpleNamespace(train_x=x, train_y=y, test_x=x[:16], test_y=y[:16])


def test_a_diverged_run_names_the_rate_to_try_in_spanish() -> None:
    spec = NetworkSpec((2,), SPIRAL, 2, (LayerSpec.create("Dense", units=8, activation="relu"),
                                     LayerSpec.create("Dense", units=2, activation="softmax")))
    config = TrainingConfig(optimizer="sgd", learning_rate=1e6, epochs=2, batch_size=8,
                            validation_split=0.0, device="cpu")
    failures: list[Failed] = []
    result = train(spec, config, _blob_data(),
                   on_event=lambda e: failures.append(e) if isinstance(e, Failed) else None)
    assert result.status == "diverged" and failures
    (failed,) = failures
    assert isinstance(failed.explanation, Message) and isinstance(failed.suggestion, Message)
    assert str(failed.suggestion) == "Lower the learning rate (try 0.05)."
    assert failed.suggestion.render("es") == "Baja la tasa de aprendizaje (prueba con 0,05)."
    assert "pushed the weights too far" in str(failed.explanation)
    assert "empujó los pesos demasiado lejos" in failed.explanation.render("es")
    # The run's record keeps the English, as every record does.
    assert result.metrics()["message"] == str(result.message)
    assert "(try 0.05)" in result.metrics()["message"]


def test_the_suggested_rate_is_written_with_a_decimal_comma() -> None:
    from playground.core.training.loop import DIVERGED_EXPLODED, DIVERGED_SUGGESTION

    suggestion = Message(DIVERGED_SUGGESTION, lr=0.001)
    assert str(suggestion) == "Lower the learning rate (try 0.001)."
    assert suggestion.render("es") == "Baja la tasa de aprendizaje (prueba con 0,001)."
    exploded = Message(DIVERGED_EXPLODED, first=2.3, last=math.pi * 1e5)
    assert str(exploded).startswith("The loss exploded from 2.3 to 3.14e+05:")
    assert exploded.render("es").startswith("La pérdida se disparó de 2,3 a 3,14e+05:")


@pytest.mark.parametrize(("changes", "english", "spanish"), [
    ({"epochs": 0}, "epochs must be between 1 and", "epochs debe estar entre 1 y"),
    ({"batch_size": 0}, "batch_size must be between 1 and", "batch_size debe estar entre 1 y"),
    ({"epochs": 2.5}, "epochs must be a whole number, not 2.5.",
     "epochs debe ser un número entero, no 2.5."),
])  # fmt: skip
def test_an_invalid_training_setting_in_both_languages(changes, english, spanish) -> None:
    with pytest.raises(TrainingError) as caught:
        TrainingConfig(**changes)
    assert english in str(caught.value)
    assert spanish in caught.value.message.render("es")


def test_a_stuck_run_says_so_in_spanish() -> None:
    stuck = check(np.array([60, 40]), np.array([50, 50]), accuracy=0.51)
    assert stuck is not None
    message = stuck.message(learning_rate=0.01)
    assert str(message) == (
        "The accuracy is 51%, no better than guessing among 2 classes: the network is not "
        "learning. Lower the learning rate (try 0.001) and train again from fresh weights.")
    assert message.render("es") == (
        "La exactitud es 51%, no mejor que adivinar entre 2 clases: la red no está aprendiendo. "
        "Baja la tasa de aprendizaje (prueba con 0,001) y vuelve a entrenar con pesos nuevos.")


def test_a_health_warning_in_spanish() -> None:
    history = {"epoch": [1, 2, 3, 4], "train_loss": [1.0, 0.8, 0.6, 0.5],
               "val_loss": [1.0, 0.7, 0.75, 0.8]}
    verdict = overfitting(history)
    assert verdict is not None and verdict.active
    assert "has risen for 2 epochs" in str(verdict.text)
    assert "the best weights were at epoch 2" in str(verdict.text)
    spanish = verdict.text.render("es")
    assert "ha subido durante 2 épocas" in spanish and "época 2" in spanish


def test_a_lesson_engine_message_in_spanish() -> None:
    start = LessonState(NetworkSpec((2,), SPIRAL, 2, (
        LayerSpec.create("Dense", units=2, activation="softmax"),)), TrainingConfig(), {})
    lesson = Lesson.from_dict({
        "format": "nn-playground-lesson", "version": 1, "id": "x",
        "title": {"en": "T", "es": "T"}, "intro": {"en": "I", "es": "I"},
        "start": {"template": "toy-spiral"},
        "steps": [{"text": {"en": "x", "es": "x"}, "actions": [
            {"label": {"en": "R", "es": "R"}, "do": [{"op": "remove_layer", "layer": 4}]}]}]})
    with pytest.raises(LessonError) as caught:
        apply_action(start, start, lesson.steps[0].actions[0])
    assert str(caught.value) == (
        "This step changes layer 4, but the network has 1 layers. Undo your own changes or "
        "start the lesson again.")
    assert caught.value.message.render("es") == (
        "Este paso cambia la capa 4, pero la red tiene 1 capas. Deshaz tus propios cambios o "
        "vuelve a empezar la lección.")


def test_a_lesson_wrapping_a_training_error_renders_both_in_spanish() -> None:
    data = {
        "format": "nn-playground-lesson", "version": 1, "id": "x",
        "title": {"en": "T", "es": "T"}, "intro": {"en": "I", "es": "I"},
        "start": {"template": "toy-spiral", "config": {"learning_rate": -1}},
        "steps": [{"text": {"en": "x", "es": "x"}}]}
    with pytest.raises(LessonError) as caught:
        Lesson.from_dict(data)
    assert str(caught.value).startswith("start.config: learning_rate must be between")
    assert caught.value.message.render("es").startswith(
        "start.config: learning_rate debe estar entre")
