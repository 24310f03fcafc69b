"""The operating system's reasons come from the core's one table, chosen by error number, and
every reason there reads in Spanish, alone and inside the messages that give it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from playground.core import catalogue
from playground.core.files import atomic, autosave
from playground.core.files.os_errors import REASONS_BY_ERRNO, reason_message, reason_sentence


def test_every_reason_of_the_core_table_has_spanish() -> None:
    spanish = catalogue.translations("es")
    assert [r.words for r in REASONS_BY_ERRNO if r.words not in spanish] == []


def test_saves_and_autosaves_are_spanish_for_every_reason() -> None:
    for reason in REASONS_BY_ERRNO:
        for code in reason.codes:
            error = OSError(code, os.strerror(code))
            for message in (atomic._explain(Path("/work/moons.nnp"), error),
                            autosave._explain(Path("/data/autosave"), error)):
                spanish = message.render("es")
                assert spanish != str(message) and "the " not in spanish, str(message)


def test_a_reason_is_chosen_by_its_number_not_by_the_system_s_words() -> None:
    full = OSError(errno.ENOSPC, "Kein Speicherplatz mehr verfügbar")  # a German system
    assert reason_message(full).render("es") == "el disco está lleno"
    assert str(reason_message(full)) == "the disk is full"
    assert reason_sentence(OSError(errno.EACCES, "x")).render("es") == "Permiso denegado"
    unknown = OSError(9999, "Something odd")
    assert reason_message(unknown) == "Something odd"  # kept as the system says it
