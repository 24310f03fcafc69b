"""Qt's own dialogs speak the interface language too (Qt's translations, and ours where Qt's
Spanish catalogue lacks a text)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFileDialog

from playground.gui.i18n import install_language
from playground.gui.retranslate import shown_texts


def file_dialog_texts(qtbot, qapp: QApplication, language: str) -> list[str]:
    install_language(qapp, language)
    dialog = QFileDialog(None, "Open")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's, as on Linux
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [text for _owner, text in shown_texts(dialog)]
    dialog.close()
    return texts


def test_the_file_dialog_has_no_english_left_in_spanish(qtbot, qapp) -> None:
    try:
        english = file_dialog_texts(qtbot, qapp, "en")
        spanish = file_dialog_texts(qtbot, qapp, "es")
    finally:
        install_language(qapp, "en")
    assert "&Look in:" in english and "&Buscar en:" in spanish
    assert "Files of &type:" in english and "Archivos de &tipo:" in spanish
    assert len(english) == len(spanish) > 20
    # Only what is not language stays the same: the window title given, the folder shown.
    unchanged = [e for e, s in zip(english, spanish, strict=True) if e == s]
    assert all(text == "Open" or "/" in text for text in unchanged), unchanged
