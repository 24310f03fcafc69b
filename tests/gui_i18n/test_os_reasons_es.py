"""Spanish for the operating system's reasons comes from the core's one table: every reason
there has Spanish, whether a message says it in the core's words or in the system's."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from playground.core.files import atomic, autosave
from playground.core.files.os_errors import OS_REASONS, system_texts
from playground.gui.i18n import translate_message
from playground.gui.translations.os_reasons import SPANISH


def test_every_reason_of_the_core_table_has_spanish() -> None:
    assert set(SPANISH) == {reason.words for reason in OS_REASONS}


def test_saves_and_autosaves_are_spanish_for_every_reason(spanish) -> None:
    for reason in OS_REASONS:
        for code in reason.codes:
            error = OSError(code, os.strerror(code))
            for message in (atomic._explain(Path("/work/moons.nnp"), error),
                            autosave._explain(Path("/data/autosave"), error)):
                translated = translate_message(message)
                assert translated != message and "the " not in translated, message


def test_the_system_text_of_a_reason_reads_as_its_spanish(spanish) -> None:
    full = next(reason for reason in OS_REASONS if errno.ENOSPC in reason.codes)
    for text in system_texts(full):
        assert translate_message(f"The project file could not be read ({text}).") == (
            "No se pudo leer el archivo de proyecto (el disco está lleno).")
    assert translate_message("Cannot open 'a.nnp'. Permission denied.") == (
        "No se puede abrir 'a.nnp'. Permiso denegado.")
