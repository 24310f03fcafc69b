"""Spanish for the core's messages (errors, training failures), which are written in English.

The core has no Qt and no notion of the interface language, so the GUI translates the messages
it shows: each entry pairs a regular expression matching one English message *template* with
its Spanish, where ``{name}`` brings back what the expression captured (file names, numbers,
layer names). A message no pattern matches is shown as it is, in English.
"""

from __future__ import annotations

import re

from playground.gui.translations.data_messages import (
    DATA_MESSAGES,
    PICTURE_MESSAGES,
    TRAINING_MESSAGES,
)
from playground.gui.translations.file_messages import EXPORT_MESSAGES, PROJECT_FILE_MESSAGES
from playground.gui.translations.os_reasons import OS_REASON_SENTENCES

# (English pattern, Spanish template): each pattern matches one whole sentence of a core
# message, and ``{name}`` in the Spanish brings back the group of that name. Messages are
# translated sentence by sentence, so a long message whose sentences all appear here comes out
# entirely in Spanish; an unknown sentence stays in English next to the translated ones.
# Covered: opening and saving projects (including damaged, unsafe or foreign archives and
# weights that do not fit), autosaving, training failures (divergence, out of memory, errors),
# loss/output mismatches, training settings and dataset options out of range, augmentation,
# weights sent to the live predictor from another network, exports, data that does not fit the
# input, missing, failed, cancelled or damaged downloads, the user's own image folders and CSV
# tables, pictures opened on the drawing pad, and the operating system's common reasons
# (permission denied, not a directory, ...). Left in English: messages only a programmer or a
# hand-edited file can cause (network descriptions, lessons, command-line usage).
# The first pattern that matches a sentence wins, so within each family specific patterns come
# before general ones, and the families keep this order.
MESSAGE_TEMPLATES: list[tuple[str, str]] = [
    *PROJECT_FILE_MESSAGES, *TRAINING_MESSAGES, *EXPORT_MESSAGES, *DATA_MESSAGES,
    *PICTURE_MESSAGES, *OS_REASON_SENTENCES,
]

_COMPILED: list[tuple[re.Pattern[str], str]] = []


def _compiled() -> list[tuple[re.Pattern[str], str]]:
    if len(_COMPILED) != len(MESSAGE_TEMPLATES):
        _COMPILED[:] = [(re.compile(p, re.DOTALL), s) for p, s in MESSAGE_TEMPLATES]
    return _COMPILED


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z¿¡'\"])")


def _spanish_sentence(sentence: str) -> str | None:
    for pattern, spanish in _compiled():
        match = pattern.fullmatch(sentence)
        if match is not None:
            return spanish.format(**match.groupdict())
    return None


def spanish_message(text: str) -> str | None:
    """The Spanish for an English core message, or None when none of its sentences is known."""
    sentences = SENTENCE_END.split(text.strip())
    translated = [_spanish_sentence(s) for s in sentences]
    if all(t is None for t in translated):
        return None
    return " ".join(t if t is not None else s for s, t in zip(sentences, translated, strict=True))
