"""The network editor after a live change of language: every text it composed from values (a
card's accessible name, its parameter count, the fix buttons' names, the totals, the input
views, the output's classes) is shown again in the new language, numbers written the new
locale's way, and switching back gives the very same English texts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from playground.app import create_window
from playground.gui.i18n import install_language
from playground.gui.language_switch import switch_language
from playground.gui.main_window import MainWindow
from playground.gui.network_editor import NetworkEditor
from playground.gui.totals import human_bytes


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_language(qapp, "en")
    yield
    install_language(qapp, "en")


@pytest.fixture
def cnn_window(qtbot, english) -> MainWindow:
    """An English window with the CNN template, its last layer removed so that the network
    has a problem to explain (the card's message and its fix buttons)."""
    window = create_window("en", restore_layout=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.new_from_template("cnn-mnist")
    window.document.remove_layer(len(window.document.spec.layers) - 1)
    return window


def editor_texts(editor: NetworkEditor) -> list[str]:
    """Every text the editor composes from values, in a fixed order."""
    texts: list[str] = []
    for card in editor.visible_cards():
        panel = card.error_panel
        texts += [card.accessibleName(), card.accessibleDescription(), card.toolTip(),
                  card.title.text(), card.detail.text(), card.params.text(),
                  card.params.toolTip(), panel.message.text(),
                  panel.fix_button.accessibleName(), panel.fix_button.toolTip(),
                  panel.other_button.accessibleName()]
    footer = editor.footer
    for figure in (footer.params, footer.weights, footer.memory, footer.macs):
        texts += [figure.value.text(), figure.value.accessibleName(), figure.caption.text()]
    texts += [footer.summary.text(), footer.summary.accessibleName(), footer.status.text()]
    block = editor.input_block
    texts += [block.view_combo.itemText(i) for i in range(block.view_combo.count())]
    texts += [block.shape_label.text(), block.shape_label.accessibleName()]
    output = editor.output_block
    texts += [output.classes_label.text(), output.classes_label.accessibleName(),
              output.error_panel.fix_button.accessibleName(),
              output.error_panel.other_button.accessibleName()]
    return texts


def test_cards_speak_spanish_after_a_live_switch(cnn_window: MainWindow) -> None:
    editor = cnn_window.editor
    switch_language(cnn_window, "es")
    assert editor.language == "es"
    cards = editor.visible_cards()
    first, third, last = cards[0], cards[2], cards[-1]
    assert first.accessibleName() == "Capa 1: Conv2D 32×3×3, valid, relu"
    assert first.accessibleDescription() == "Convolución; salida (32, 26, 26); 320 parámetros"
    assert third.params.text() == "18.496 parámetros"  # Spain groups thousands with a point
    assert third.accessibleDescription().endswith("; 18.496 parámetros")
    assert first.params.toolTip() == (
        "32 filtros × (1 canal × 3×3 píxeles) + 32 sesgos (uno por filtro) = 320 parámetros.")
    assert first.error_panel.fix_button.accessibleName() == "Arreglar: Conv2D, capa 1"
    assert first.error_panel.other_button.accessibleName() == "Otro arreglo: Conv2D, capa 1"
    assert cards[1].accessibleDescription() == "Agrupación; salida (32, 13, 13); sin pesos"
    # The card with the problem explains it, and offers its fix, in Spanish.
    assert last.error_panel.isVisibleTo(last)
    assert last.error_panel.message.text().startswith("La red debe terminar con 10 salidas")
    fix = last.error_panel.fix_button
    assert fix.toolTip() == fix.accessibleDescription() == "Da a la última capa densa 10 unidades."


def test_totals_input_and_output_speak_spanish_after_a_live_switch(
        cnn_window: MainWindow) -> None:
    editor = cnn_window.editor
    switch_language(cnn_window, "es")
    footer = editor.footer
    assert footer.params.value.text() == "223.744"
    assert footer.params.value.accessibleName() == "parámetros: 223.744"
    assert footer.weights.value.accessibleName() == "memoria de los pesos: 874,0 KB"
    assert footer.memory.value.accessibleName() == "memoria por muestra: 158,2 KB"
    assert footer.macs.value.accessibleName() == (
        "multiplicaciones-sumas por muestra: 2.629.760")
    assert "<b>874,0&nbsp;KB</b>&nbsp;de&nbsp;pesos" in footer.summary.text()
    assert footer.summary.accessibleName().startswith("parámetros: 223.744, memoria de ")
    assert footer.status.text().startswith("No se puede entrenar: capa 7: La red debe")

    block = editor.input_block
    items = [block.view_combo.itemText(i) for i in range(block.view_combo.count())]
    assert items == ["Imagen (1, 28, 28)", "Lista plana (784,)", "Filas como secuencia (28, 28)"]
    assert block.view_combo.currentIndex() == 0  # the choice is kept
    assert block.shape_label.text() == block.shape_label.accessibleName() == "forma (1, 28, 28)"

    output = editor.output_block
    assert output.classes_label.text() == (
        "10 clases: la última capa debe producir (10,), una puntuación por clase")
    assert output.error_panel.fix_button.accessibleName() == "Arreglar: la salida de la red"
    assert output.error_panel.other_button.accessibleName() == (
        "Otro arreglo: la salida de la red")


def test_bytes_follow_the_language_and_its_numbers(qapp: QApplication, english) -> None:
    assert human_bytes(1000) == "1,000 bytes"
    assert human_bytes(1536) == "1.5 KB"
    install_language(qapp, "es")
    assert human_bytes(1000) == "1.000 bytes"
    assert human_bytes(1536) == "1,5 KB"


def test_switching_back_gives_the_very_same_english(cnn_window: MainWindow) -> None:
    editor = cnn_window.editor
    english = editor_texts(editor)
    assert "Layer 1: Conv2D 32×3×3, valid, relu" in english
    assert "parameters: 223,744" in english
    switch_language(cnn_window, "es")
    spanish = editor_texts(editor)
    switch_language(cnn_window, "en")
    assert editor_texts(editor) == english
    changed = [(en, es) for en, es in zip(english, spanish, strict=True) if en != es]
    assert len(changed) > 40  # nearly every composed text had changed in Spanish


def test_an_edit_after_the_switch_is_shown_in_the_new_language(cnn_window: MainWindow) -> None:
    editor = cnn_window.editor
    switch_language(cnn_window, "es")
    cnn_window.document.set_param(2, "filters", 100)
    third = editor.visible_cards()[2]
    assert third.params.text() == "28.900 parámetros"
    assert third.accessibleName().startswith("Capa 3: Conv2D 100×3×3")
