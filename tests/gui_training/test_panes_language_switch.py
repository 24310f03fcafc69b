"""After a short run, a live change of language reaches every text the run's panes composed.

The training panel, the curves, the results, Compare Runs and every Inside view compose texts
from values ("fresh weights (seed 0)", "Export Filters as a picture", the test accuracy with
its caption). Switched live to Spanish they show those texts in Spanish, with the same numbers
(in the Spanish way of writing them); switched back they show exactly the English they showed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from playground.gui.i18n import install_language
from playground.gui.inside.inside_pane import InsidePane
from playground.gui.language_switch import switch_language
from playground.gui.main_window import MainWindow
from playground.gui.retranslate import shown_texts
from tests.gui_training.trained_window import trained_window


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_language(qapp, "en")
    yield
    install_language(qapp, "en")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def measured_again(qtbot, inside: InsidePane) -> None:
    """Wait for the health check the pane started (it runs in the background)."""
    previous = inside.health.report
    qtbot.waitUntil(lambda: inside.health.report is not None
                    and inside.health.report is not previous, timeout=30_000)


def trained(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """An English window on cnn-mnist after one short epoch, every Inside view drawn."""
    window = trained_window(qtbot, monkeypatch, "cnn-mnist")
    inside = window.features["inside"].pane
    doc = window.document
    inside.samples.request(doc.spec, doc.config, dict(doc.dataset_options))
    qtbot.waitUntil(lambda: inside.samples.data is not None, timeout=30_000)
    previous = inside.health.report
    inside.refresh_all()
    qtbot.waitUntil(lambda: inside.health.report is not previous, timeout=30_000)
    # The learned space loads a larger slice of samples of its own, then maps them (only
    # while it is the tab shown).
    shown = inside.tabs.currentWidget()
    window.features["inside"].dock.raise_()
    inside.tabs.setCurrentWidget(inside.learned_space)
    qtbot.waitUntil(lambda: inside.learned_space.projection is not None, timeout=60_000)
    inside.tabs.setCurrentWidget(shown)
    inside.filters.canvas._hovered(0, 0)  # the first filter enlarged, as pointing at it does
    draw = window.features["draw"]
    draw.dock.show()
    draw.dock.raise_()
    qtbot.waitUntil(lambda: draw.session.ready, timeout=60_000)
    draw.pane.tabs.setCurrentIndex(draw.pane.browser_tab)  # a test image and its verdict
    qtbot.waitUntil(lambda: draw.pane.browser.verdict is not None, timeout=30_000)
    return window


def panes(window: MainWindow) -> list[QWidget]:
    training = window.training
    return [training.panel, training.curves, training.results, training.compare,
            window.features["inside"].pane, window.features["draw"].pane]


def texts(window: MainWindow) -> list[str]:
    return [text for pane in panes(window) for _owner, text in shown_texts(pane)]


def test_a_live_switch_shows_the_run_s_panes_in_the_new_language_and_back(
        qtbot, english, monkeypatch: pytest.MonkeyPatch) -> None:
    window = trained(qtbot, monkeypatch)
    training, inside = window.training, window.features["inside"].pane
    results = training.results
    english_texts = texts(window)
    accuracy = results.accuracy_label.accessibleDescription()
    loss = results.loss_label.accessibleDescription()
    summary = results.summary_label.text()
    assert accuracy.startswith("Test accuracy: ") and loss.startswith("Test loss: ")

    switch_language(window, "es")
    measured_again(qtbot, inside)

    # The Inside views: the names composed from their titles, notes and choices.
    assert inside.filters.png_button.accessibleName() == "Exportar Filtros como imagen"
    assert inside.feature_maps.png_button.accessibleName() == (
        "Exportar Mapas de características como imagen")
    canvas = inside.feature_maps.canvas
    assert canvas.graphics.accessibleName() == "Mapas de características: las imágenes"
    assert canvas.zoom.accessibleName() == "Mapas de características: mapa ampliado"
    assert canvas.zoom.graphics.accessibleName() == "Mapas de características: mapa ampliado"
    assert inside.health.graphics.accessibleName() == "Histogramas de cada capa: las imágenes"
    assert inside.boundary.units.zoom.accessibleName() == "Cada unidad oculta: mapa ampliado"
    assert inside.filters.note.text().startswith("Fin de la época 1: ")  # the run's last state
    assert re.fullmatch(r"fin de la época 1 \(\d+ de \d+\)", inside.scrubber.caption.text())
    assert inside.filters.canvas.zoom.caption.text().startswith("Capa 1 Conv2D")
    combo = inside.filters.channel_combo
    assert combo.itemText(combo.count() - 1) == f"Canal de entrada {combo.count() - 1}"
    for view in (inside.confusion.matrix_view, results.confusion_view):
        title = view.getPlotItem().titleLabel.text
        assert title.startswith("Matriz de confusión") and "haz clic" in title, title

    # The Draw pane: which weights answer, the test image shown and the verdict on it.
    draw = window.features["draw"].pane
    assert draw.weights_label.text() == "Pesos entrenados"
    assert draw.browser.position_label.text().startswith("Imagen de prueba 1 de ")
    assert draw.browser.truth_label.text().startswith("Es: ")
    assert draw.browser.verdict_label.text()[2:].startswith(("Acierto", "Fallo"))
    assert draw.bars.confidence_label.text().endswith(" de seguridad")

    # The results keep their numbers, written the Spanish way, under Spanish captions.
    es_accuracy = results.accuracy_label.accessibleDescription()
    es_loss = results.loss_label.accessibleDescription()
    assert es_accuracy.startswith("Exactitud en prueba: ")
    assert es_loss.startswith("Pérdida en prueba: ")
    assert digits(es_accuracy) == digits(accuracy) and digits(es_loss) == digits(loss)
    assert "Exactitud en prueba" in results.accuracy_label.text()
    assert "nunca vistas al entrenar" in results.summary_label.text()
    assert digits(results.summary_label.text()) == digits(summary)
    assert results.tabs.tabText(0).startswith("Mal clasificadas (")

    # The training panel, its message and Compare Runs.
    assert training.panel.fresh_radio.text() == "pesos nuevos (semilla 0)"
    assert training.panel.message.text().startswith("Fin de la ejecución (")
    assert training.compare.run_list.item(0).toolTip().startswith("Ejecución 1")
    assert not any("Test accuracy" in text or "Export " in text for text in texts(window))

    switch_language(window, "en")
    measured_again(qtbot, inside)
    assert results.accuracy_label.accessibleDescription() == accuracy
    assert results.loss_label.accessibleDescription() == loss
    assert texts(window) == english_texts
