"""Choosing the language, installing and removing it, decimal input, and the core's messages."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QDoubleSpinBox

from playground.app import create_window
from playground.core.errors import ProjectFileError
from playground.gui import window_questions
from playground.gui.app_settings import LANGUAGE_KEY
from playground.gui.document import Document
from playground.gui.i18n import (
    chosen_language,
    current_language,
    install_language,
    system_language,
    translate_message,
)
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest


@pytest.mark.parametrize(("locale", "language"), [
    ("es_ES", "es"), ("es_MX", "es"), ("en_US", "en"), ("de_DE", "en"),
])
def test_system_language_is_spanish_for_any_spanish_locale(locale: str, language: str) -> None:
    assert system_language(QLocale(locale)) == language


def test_chosen_language_reads_the_setting_and_falls_back_to_the_system() -> None:
    settings = QSettings()
    settings.setValue(LANGUAGE_KEY, "es")
    assert chosen_language() == "es"
    settings.setValue(LANGUAGE_KEY, "en")
    assert chosen_language() == "en"
    for value in ("system", "klingon"):
        settings.setValue(LANGUAGE_KEY, value)
        assert chosen_language() == system_language()


def test_installing_spanish_then_english_switches_every_translation(qapp: QApplication) -> None:
    try:
        assert install_language(qapp, "es") == "es"
        assert current_language() == "es"
        assert QCoreApplication.translate("Menus", "&File") == "&Archivo"
        assert QCoreApplication.translate("Any", "A text nobody translated") == \
            "A text nobody translated"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert buttons.buttons()[0].text() == "Cancelar"  # Qt's own texts, from qtbase_es
        assert QLocale().decimalPoint() == ","
    finally:
        assert install_language(qapp, "en") == "en"
    assert current_language() == "en"
    assert QCoreApplication.translate("Menus", "&File") == "&File"
    assert install_language(qapp, "system") == system_language()
    install_language(qapp, "en")


@pytest.mark.parametrize(("language", "typed"), [("es", "0.5"), ("es", "0,5"),
                                                 ("en", "0,5"), ("en", "0.5")])
def test_decimal_fields_accept_a_comma_and_a_point(qapp, qtbot, language, typed) -> None:
    try:
        install_language(qapp, language)
        spin = QDoubleSpinBox()
        spin.setDecimals(3)
        spin.setRange(0, 100)
        qtbot.addWidget(spin)
        spin.show()
        spin.setFocus()
        spin.lineEdit().selectAll()
        qtbot.keyClicks(spin, typed)
        spin.interpretText()
        assert spin.value() == 0.5
    finally:
        install_language(qapp, "en")


def test_core_messages_are_translated_only_in_spanish(spanish, tmp_path: Path) -> None:
    not_a_project = tmp_path / "notes.nnp"
    not_a_project.write_text("just some text")
    with pytest.raises(ProjectFileError) as opening:
        Document().open(not_a_project)
    assert translate_message(opening.value) == \
        "No se puede abrir 'notes.nnp'. Esto no es un archivo de proyecto (no es un archivo zip)."
    with pytest.raises(ProjectFileError) as saving:
        Document().save(tmp_path / "no such folder" / "net.nnp")
    spanish_text = translate_message(saving.value)
    assert spanish_text.startswith("No se pudo guardar ")
    assert "net.nnp" in spanish_text
    assert "Elige una carpeta que exista." in spanish_text or "Prueba a guardar" in spanish_text
    assert translate_message("A sentence the app never wrote.") == \
        "A sentence the app never wrote."


def test_core_messages_stay_english_in_english(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError) as saving:
        Document().save(tmp_path / "no such folder" / "net.nnp")
    assert translate_message(saving.value) == str(saving.value)


def test_the_window_reports_a_broken_file_in_spanish(
    spanish, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(window_questions.QMessageBox, "warning",
                        lambda _parent, title, text: shown.append((title, text)))
    window = create_window(language="es", restore_layout=False)
    qtbot.addWidget(window)
    broken = tmp_path / "broken.nnp"
    broken.write_bytes(b"not a zip archive at all")
    assert not window.open_path(broken)
    assert shown == [("No se puede abrir el proyecto", "No se puede abrir 'broken.nnp'. Esto no "
                      "es un archivo de proyecto (no es un archivo zip).")]
    assert window.statusBar().currentMessage() == shown[0][1]


def test_a_diverging_run_is_explained_in_spanish(
    spanish, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=300))
    window = create_window(language="es", restore_layout=False)
    qtbot.addWidget(window)
    window.new_from_template("mlp-mnist")
    config = window.document.config
    window.document.config = replace(config, optimizer="sgd", learning_rate=1e6, epochs=1)
    failures = []
    window.training.runner.failed.connect(failures.append)
    window.training.train()
    qtbot.waitUntil(lambda: bool(failures), timeout=60_000)
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=30_000)
    message = window.training.panel.message.text()
    assert message.startswith("La pérdida "), message
    assert "Baja la tasa de aprendizaje (prueba con " in message
