"""A number a field refuses stays as typed, marked, with the reason beside it, until it is fixed.

Qt's spin boxes put the last value back when the field is left or Enter is pressed, and drop a
minus sign where the minimum is 0 or more, so "-5" became 5 without a word. The inspector and the
training settings keep the typed text instead: the layer or the configuration keeps its last
valid value meanwhile, and typing a valid number (or Escape, or undo) ends the refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.core.network.layers import LAYER_TYPES
from playground.core.training.config import RANGES, TrainingConfig
from playground.gui import looks
from playground.gui.document import Document
from playground.gui.i18n import install_language
from playground.gui.inspector import Inspector
from playground.gui.training.settings_form import SettingsForm

NUMERIC_PARAMS = [(type_name, p.name) for type_name, layer_type in LAYER_TYPES.items()
                  for p in layer_type.params if p.kind in ("int", "float")]
# Every numeric field of the form is enabled with these (momentum, σ and augmentation).
ALL_ENABLED = TrainingConfig(optimizer="sgd", init="normal", augment=True)
# Every numeric setting but the two typed as free text (their own test: test_settings_refusals).
# The learning rate and weight decay have fields of their own (tested above); the frozen layers
# are set by "start from what the digits network learned", not typed in the form. The target
# accuracy is typed as a percentage (its own test: test_target_accuracy_form).
FORM_SPINS = [name for name in RANGES
              if name not in ("learning_rate", "weight_decay", "frozen_layers", "target_accuracy")]

REFUSED = looks.LIGHT.error_strong  # the border of a field holding a refused value


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[str]:
    """The interface (and its numbers) in Spanish for one test, then back to English."""
    yield install_language(qapp, "es")
    install_language(qapp, "en")


@pytest.fixture
def window(qtbot) -> QWidget:
    """An active window with one field in it, the one to Tab to after the form's last field."""
    host = QWidget()
    QVBoxLayout(host).addWidget(QLineEdit(objectName="elsewhere"))
    host.resize(340, 700)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    return host


def put_in(window: QWidget, widget: QWidget) -> None:
    """Show ``widget`` above the window's other field."""
    window.layout().insertWidget(0, widget)
    widget.show()
    assert widget.isVisible()


def make_inspector(window: QWidget, type_name: str, language: str = "en") -> Inspector:
    inspector = Inspector(Document(), language)
    put_in(window, inspector)
    inspector.document.append_layer(type_name)
    inspector.document.select(0)
    return inspector


def make_form(window: QWidget, config: TrainingConfig | None = None) -> SettingsForm:
    form = SettingsForm(config or TrainingConfig())
    put_in(window, form)
    return form


def type_over(qtbot, box: QSpinBox | QDoubleSpinBox, text: str) -> None:
    """Focus ``box``, select what it shows and type ``text`` key by key, as a person does."""
    qtbot.waitUntil(box.isVisible)  # a form built while shown shows its rows a moment later
    assert box.isEnabled()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    qtbot.keyClicks(box, text)


def leave(qtbot, box: QWidget) -> None:
    """Tab to the next field (for a form's last field, the one after the form)."""
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not box.hasFocus())


def marked(box: QWidget, colour: str) -> bool:
    return colour.lower() in box.styleSheet().lower()


def below_and_above(box: QSpinBox | QDoubleSpinBox) -> tuple[str, str]:
    """A text just below ``box``'s minimum, and one just above its maximum."""
    below = "0" if box.minimum() == 1 else str(int(box.minimum()) - 1)
    return below, str(int(box.maximum()) + 1)


def check_kept(qtbot, box: QSpinBox | QDoubleSpinBox, problem: QLabel, text: str,
               colour: str, stored: Callable[[], float]) -> None:
    """``text`` typed into ``box`` stays through Enter and Tab, marked and explained, and what
    ``stored`` reads (the layer's or the configuration's value) is never its number.

    Digits are applied as they are typed, so "65537" passes through 6553, a valid value, which
    is what the field and the layer then keep; "0" or "-1" leave the old value alone.
    """
    before = stored()
    type_over(qtbot, box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.text() == text and problem.isVisible(), text
    assert f"not “{text}”" in problem.text() and marked(box, colour)
    leave(qtbot, box)
    assert box.text() == text and problem.isVisible()
    assert stored() == box.value() and box.minimum() <= stored() <= box.maximum()
    if text.startswith(("0", "-")):
        assert stored() == before
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # the last valid value again
    assert box.value() == stored() and not problem.isVisible()
    assert box.styleSheet() == ""


# -- the inspector -----------------------------------------------------------------------------
def test_units_keep_a_typed_zero_through_enter_and_focus_out(qtbot, window) -> None:
    inspector = make_inspector(window, "Dense")
    doc = inspector.document
    units, problem = inspector.editors["units"], inspector.problems["units"]
    type_over(qtbot, units, "0")
    qtbot.keyClick(units, Qt.Key.Key_Return)
    assert units.text() == "0" and units.value() == 64  # kept; the valid value is still 64
    assert problem.isVisible() and marked(units, REFUSED)
    assert problem.text().startswith("Units must be from 1 to 65536, not “0”.")
    assert doc.spec.layers[0]["units"] == 64
    leave(qtbot, units)
    assert units.text() == "0" and problem.isVisible() and marked(units, REFUSED)
    assert doc.spec.layers[0]["units"] == 64
    type_over(qtbot, units, "48")  # a valid number: applied, the reason and the mark go
    assert doc.spec.layers[0]["units"] == 48
    assert not problem.isVisible() and units.styleSheet() == ""
    leave(qtbot, units)
    assert units.text() == "48" and not problem.isVisible()


def test_minus_five_stays_minus_five_and_never_becomes_five(qtbot, window) -> None:
    inspector = make_inspector(window, "Dense")
    doc = inspector.document
    units, problem = inspector.editors["units"], inspector.problems["units"]
    seen: list[int] = []
    doc.specChanged.connect(lambda *_a: seen.append(doc.spec.layers[0]["units"]))
    type_over(qtbot, units, "-5")
    assert units.text() == "-5"  # the minus sign is not dropped
    assert "must be from 1 to 65536, not “-5”." in problem.text()  # said at once: no digit helps
    assert problem.isVisible()
    qtbot.keyClick(units, Qt.Key.Key_Return)
    leave(qtbot, units)
    assert units.text() == "-5" and doc.spec.layers[0]["units"] == 64 and 5 not in seen


def test_escape_gives_back_the_last_valid_value(qtbot, window) -> None:
    inspector = make_inspector(window, "Dense")
    units, problem = inspector.editors["units"], inspector.problems["units"]
    type_over(qtbot, units, "100000")
    assert units.text() == "100000" and problem.isVisible()
    qtbot.keyClick(units, Qt.Key.Key_Escape)
    assert units.text() == str(inspector.document.spec.layers[0]["units"])
    assert not problem.isVisible() and units.styleSheet() == ""


def test_undo_replaces_a_refused_text_with_the_value_it_restores(qtbot, window) -> None:
    inspector = make_inspector(window, "Dense")
    doc = inspector.document
    units, problem = inspector.editors["units"], inspector.problems["units"]
    type_over(qtbot, units, "48")
    qtbot.keyClick(units, Qt.Key.Key_Return)
    type_over(qtbot, units, "0")
    qtbot.keyClick(units, Qt.Key.Key_Return)
    assert units.text() == "0" and problem.isVisible()
    doc.undo_stack.undo()
    assert doc.spec.layers[0]["units"] == 64 and units.text() == "64"
    assert not problem.isVisible() and units.styleSheet() == ""


@pytest.mark.parametrize(("type_name", "name"), NUMERIC_PARAMS)
def test_every_numeric_field_of_the_inspector_keeps_what_it_refuses(qtbot, window, type_name: str,
                                                                    name: str) -> None:
    inspector = make_inspector(window, type_name)
    layers = inspector.document.spec
    box, problem = inspector.editors[name], inspector.problems[name]
    for text in below_and_above(box):
        check_kept(qtbot, box, problem, text, REFUSED,
                   lambda: inspector.document.spec.layers[0][name])
    assert layers.layers[0][name] == LAYER_TYPES[type_name].param(name).default


def test_the_inspector_says_why_in_spanish(qtbot, spanish, window) -> None:
    inspector = make_inspector(window, "Dropout", "es")
    rate, problem = inspector.editors["rate"], inspector.problems["rate"]
    type_over(qtbot, rate, "1.5")  # the point becomes Spain's decimal comma as it is typed
    qtbot.keyClick(rate, Qt.Key.Key_Return)
    assert rate.text() == "1,5" and inspector.document.spec.layers[0]["rate"] == 0.5
    assert problem.text().startswith("Tasa debe estar entre 0 y 0,95, no «1,5».")
    type_over(qtbot, rate, "0,25")
    assert inspector.document.spec.layers[0]["rate"] == 0.25
    assert not problem.isVisible()


# -- the training settings --------------------------------------------------------------------
def test_epochs_keep_a_typed_zero_and_the_config_keeps_its_value(qtbot, window) -> None:
    form = make_form(window)
    changes: list[TrainingConfig] = []
    form.configChanged.connect(changes.append)
    epochs, problem = form.widgets["epochs"], form.problems["epochs"]
    before = form.config.epochs
    type_over(qtbot, epochs, "0")
    qtbot.keyClick(epochs, Qt.Key.Key_Return)
    assert epochs.text() == "0" and problem.isVisible() and marked(epochs, REFUSED)
    assert problem.text().startswith("Epochs must be from 1 to 100000, not “0”.")
    leave(qtbot, epochs)
    assert epochs.text() == "0" and problem.isVisible()
    assert form.config.epochs == before and changes == []
    type_over(qtbot, epochs, "7")
    assert form.config.epochs == 7 and changes[-1].epochs == 7
    assert not problem.isVisible() and epochs.styleSheet() == ""


def test_batch_size_keeps_minus_five_and_never_takes_five(qtbot, window) -> None:
    form = make_form(window)
    changes: list[TrainingConfig] = []
    form.configChanged.connect(changes.append)
    batch, problem = form.widgets["batch_size"], form.problems["batch_size"]
    type_over(qtbot, batch, "-5")
    assert batch.text() == "-5" and problem.isVisible()
    assert problem.text().startswith("Batch size must be from 1 to 65536, not “-5”.")
    qtbot.keyClick(batch, Qt.Key.Key_Return)
    leave(qtbot, batch)
    assert batch.text() == "-5" and changes == [] and form.config.batch_size == 32
    type_over(qtbot, batch, "99999999")  # above the maximum: kept as well
    qtbot.keyClick(batch, Qt.Key.Key_Return)
    assert batch.text() == "99999999" and "not “99999999”" in problem.text()
    assert all(c.batch_size <= 65536 for c in changes)


def test_a_new_config_replaces_a_refused_text(qtbot, window) -> None:
    form = make_form(window)
    epochs, problem = form.widgets["epochs"], form.problems["epochs"]
    type_over(qtbot, epochs, "0")
    qtbot.keyClick(epochs, Qt.Key.Key_Return)
    form.set_config(form.config)  # the same value, set by the program
    assert epochs.text() == str(form.config.epochs) and not problem.isVisible()
    assert epochs.styleSheet() == ""


def test_the_seed_names_its_own_range(qtbot, window) -> None:
    form = make_form(window)
    seed = form.widgets["seed"]
    type_over(qtbot, seed, "3000000000")
    assert "Seed must be from 0 to 2147483647, not “3000000000”." in form.problems["seed"].text()


@pytest.mark.parametrize("name", FORM_SPINS)
def test_every_numeric_field_of_the_form_keeps_what_it_refuses(qtbot, window, name: str) -> None:
    form = make_form(window, ALL_ENABLED)
    box, problem = form.widgets[name], form.problems[name]
    assert isinstance(box, (QSpinBox, QDoubleSpinBox)) and box.isEnabled()
    for text in below_and_above(box):
        check_kept(qtbot, box, problem, text, REFUSED, lambda: getattr(form.config, name))


def test_the_form_says_why_in_spanish(qtbot, spanish, window) -> None:
    form = make_form(window)
    epochs, problem = form.widgets["epochs"], form.problems["epochs"]
    assert isinstance(problem, QLabel)
    type_over(qtbot, epochs, "0")
    qtbot.keyClick(epochs, Qt.Key.Key_Return)
    assert epochs.text() == "0"
    assert problem.text().startswith("Épocas debe estar entre 1 y 100000, no «0».")
    split = form.widgets["validation_split"]
    type_over(qtbot, split, "1.5")
    qtbot.keyClick(split, Qt.Key.Key_Return)
    assert split.text() == "1,5" and form.config.validation_split == 0.1
    assert form.problems["validation_split"].text().startswith(
        "Parte para validación debe estar entre 0 y 0,9, no «1,5».")
