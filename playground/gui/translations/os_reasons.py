"""The operating system's reasons for a failed file operation, in Spanish.

The core says what an OS error means with the words of its one table
(:data:`playground.core.files.os_errors.OS_REASONS`: "the disk is full"), and some of its
messages quote the system's own text for the same error number ("No space left on device").
Both are translated here from that table: one Spanish phrase per reason, so a new reason in
the core needs one line here and nothing else. The core's sentences that can hold a reason
("Cannot write to x: {reason}.") are repeated once per English form of each reason.
"""

from __future__ import annotations

import re

from playground.core.files.os_errors import OS_REASONS as CORE_REASONS
from playground.core.files.os_errors import system_texts

#: Spanish for each reason of the core's table, by its English words.
SPANISH: dict[str, str] = {
    "the disk is full": "el disco está lleno",
    "permission denied": "permiso denegado",
    "the operation is not permitted": "operación no permitida",
    "the drive is read-only": "la unidad es de solo lectura",
    "the file or folder does not exist": "no existe el archivo o la carpeta",
    "part of the path is a file, not a folder": "parte de la ruta es un archivo, no una carpeta",
    "it is a folder": "es una carpeta",
    "the file name is too long": "el nombre del archivo es demasiado largo",
    "a file with that name already exists": "ya existe un archivo con ese nombre",
}



def _english_forms() -> dict[str, str]:
    """Every English form of every reason (the table's words, then the system's texts, each
    once whatever its case: the patterns ignore case) -> its Spanish."""
    forms: dict[str, str] = {}
    for reason in CORE_REASONS:
        for english in (reason.words, *system_texts(reason)):
            if english.lower() not in {known.lower() for known in forms}:
                forms[english] = SPANISH[reason.words]
    return forms


OS_REASONS: dict[str, str] = _english_forms()


def for_each_os_reason(pattern: str, spanish: str) -> list[tuple[str, str]]:
    """``(pattern, spanish)`` once per known reason, each put where both say ``{reason}``."""
    return [
        (pattern.replace("{reason}", f"(?i:{re.escape(en)})"), spanish.replace("{reason}", es))
        for en, es in OS_REASONS.items()
    ]


# A reason standing as a sentence of its own ("Cannot open 'x'. Permission denied.").
OS_REASON_SENTENCES: list[tuple[str, str]] = [
    (rf"(?i:{re.escape(en)})\.", f"{es[0].upper()}{es[1:]}.") for en, es in OS_REASONS.items()
]
