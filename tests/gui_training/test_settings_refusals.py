"""A value the training settings refuse is explained beside its field, never changed in silence."""

from __future__ import annotations

from PySide6.QtCore import Qt

from playground.core.training.config import TrainingConfig
from playground.gui import looks
from playground.gui.training.settings_form import SettingsForm


def make_form(qtbot) -> SettingsForm:
    form = SettingsForm(TrainingConfig())
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_a_refused_learning_rate_stays_as_typed_and_says_why(qtbot) -> None:
    form = make_form(qtbot)
    changes: list[TrainingConfig] = []
    form.configChanged.connect(changes.append)
    rate = form.widgets["learning_rate"]
    rate.selectAll()
    qtbot.keyClicks(rate, "1e9")
    qtbot.keyClick(rate, Qt.Key.Key_Return)
    assert rate.text() == "1e9" and looks.LIGHT.error_strong in rate.styleSheet()  # kept, marked
    problem = form.problems["learning_rate"]
    assert problem.isVisibleTo(form)
    assert "Learning rate must be from 0 to 1e+06, not “1e9”." in problem.text()
    assert "too large makes the loss jump or explode" in problem.text()  # the reason
    assert changes == [] and form.config.learning_rate == 0.001
    rate.selectAll()
    qtbot.keyClicks(rate, "0.01")
    qtbot.keyClick(rate, Qt.Key.Key_Return)
    assert form.config.learning_rate == 0.01 and rate.styleSheet() == ""
    assert not problem.isVisibleTo(form)


def test_a_spin_box_says_why_it_takes_back_a_value_out_of_range(qtbot) -> None:
    form = make_form(qtbot)
    epochs = form.widgets["epochs"]
    epochs.setFocus()
    epochs.selectAll()
    qtbot.keyClicks(epochs, "0")
    qtbot.keyClick(epochs, Qt.Key.Key_Return)
    problem = form.problems["epochs"]
    assert problem.isVisibleTo(form)
    assert "Epochs must be from 1 to 100000, not “0”." in problem.text()
    assert form.config.epochs == TrainingConfig().epochs


def test_a_minus_sign_is_refused_with_a_word(qtbot) -> None:
    form = make_form(qtbot)
    batch = form.widgets["batch_size"]
    batch.setFocus()
    batch.selectAll()
    qtbot.keyClicks(batch, "-")
    problem = form.problems["batch_size"]
    assert problem.isVisibleTo(form) and "Batch size must be from 1 to" in problem.text()
