"""The operating system's reasons for a failed file operation, in Spanish.

The core puts ``strerror`` ("Permission denied", "Not a directory"...) inside its own sentences
("Cannot write to x: Permission denied.") and sometimes as a sentence of its own; each pattern
that can hold one is repeated here once per known reason.
"""

from __future__ import annotations

import re

# The operating system's reasons (``strerror``) that the core puts inside its own sentences.
OS_REASONS: dict[str, str] = {
    "No such file or directory": "no existe el archivo o la carpeta",
    "Not a directory": "parte de la ruta es un archivo, no una carpeta",
    "Is a directory": "es una carpeta",
    "Permission denied": "permiso denegado",
    "Operation not permitted": "operación no permitida",
    "Read-only file system": "la unidad es de solo lectura",
    "No space left on device": "el disco está lleno",
    "File exists": "ya existe un archivo con ese nombre",
    "File name too long": "el nombre del archivo es demasiado largo",
}


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
