"""Numbers follow the interface language: 55.050 parámetros, 97,7 %, 0,001 in Spanish."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from playground.app import create_window
from playground.gui.i18n import install_language
from playground.gui.numbers import localized, number


def test_english_keeps_pythons_separators(qapp) -> None:
    assert number(55050, ",") == "55,050"
    assert number(0.9771, ".1%") == "97.7%"
    assert localized("{0:,} of {1:.2f}", 1234567, 0.5) == "1,234,567 of 0.50"


def test_spanish_swaps_the_point_and_the_comma(spanish) -> None:
    assert number(55050, ",") == "55.050"
    assert number(0.9771, ".1%") == "97,7%"
    assert number(np.float32(1.5e-4), ".2e") == "1,50e-04"
    assert localized("{0:,} de {1:.2f}", 1234567, 0.5) == "1.234.567 de 0,50"
    assert localized("{n} {word}", n=3, word="capas") == "3 capas"  # non-numbers untouched
    assert localized("{0}", True) == "True"  # a flag is not a number


def test_the_spanish_window_writes_numbers_the_spanish_way(spanish, qtbot) -> None:
    window = create_window(language="es", restore_layout=False)
    qtbot.addWidget(window)
    window.new_from_template("mlp-mnist")
    assert window.editor.footer.params.value.text() == "55.050"
    card = window.editor.cards[1]  # Dense(64) after Flatten
    assert card.params.text() == "50.240 parámetros"
    window.document.insert_layer(2, "Dropout")
    assert window.editor.cards[2].detail.text() == "0,5"
    rate = window.training.panel.settings.widgets["learning_rate"]
    rate.set_value(0.0015)
    assert rate.text() == "0,0015"
    assert rate.value() == 0.0015  # read back whichever separator it shows

    curves = window.training.curves
    curves.reset(batches_per_epoch=10, epochs=2)
    curves.add_epoch(1, 0.5, 0.625, 0.875, 0.75)
    readout = curves.describe_at(1.0)
    assert "pérdida de validación 0,6250" in readout
    assert "exactitud de entrenamiento 0,8750" in readout
    assert "loss" not in readout and "accuracy" not in readout


def test_plot_axes_write_their_ticks_the_spanish_way(spanish) -> None:
    axis = pg.AxisItem("bottom")
    assert axis.tickStrings([0.5, 1.0, 1.5], 1.0, 0.5) == ["0,5", "1,0", "1,5"]
    install_language(QApplication.instance(), "en")
    assert axis.tickStrings([0.5, 1.0, 1.5], 1.0, 0.5) == ["0.5", "1.0", "1.5"]
