"""The one table of operating-system errors: each number has one meaning in plain words, and
saving says it with the advice that fits a save."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from playground.core.files import atomic
from playground.core.files.os_errors import REASONS_BY_ERRNO, os_reason, reason_words, system_texts

WHERE = "Could not save '/work/moons.nnp'"


def test_every_number_has_one_reason_and_every_reason_its_words() -> None:
    codes = [code for reason in REASONS_BY_ERRNO for code in reason.codes]
    assert len(codes) == len(set(codes))
    assert len({reason.key for reason in REASONS_BY_ERRNO}) == len(REASONS_BY_ERRNO)
    for reason in REASONS_BY_ERRNO:
        assert reason.codes and reason.words == reason.words.lower().rstrip(".")
        assert all(os_reason(OSError(code, "x")) is reason for code in reason.codes)
        assert system_texts(reason)  # what the system says for them, to recognise it


def test_unknown_errors_fall_back_to_the_system_text() -> None:
    assert reason_words(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert reason_words(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    assert reason_words(OSError("no number")) == "no number"
    assert reason_words(ValueError()) == "ValueError"
    assert os_reason(ValueError("x")) is None


@pytest.mark.parametrize(("code", "sentence"), [
    (errno.ENOSPC, "the disk is full. Free some space or save to another drive."),
    (errno.EACCES, "permission denied. Save to a folder you are allowed to write to (for "
                   "example your Documents folder), or close any program that has the file "
                   "open."),
    (errno.EPERM, "permission denied. Save to a folder you are allowed to write to (for "
                  "example your Documents folder), or close any program that has the file "
                  "open."),
    (errno.EROFS, "the drive is read-only. Save to another drive or folder."),
    (errno.ENOENT, "the folder does not exist. Choose an existing folder."),
    (errno.ENOTDIR, "part of the path is a file, not a folder. Choose another location."),
    (errno.EISDIR, "a folder with that name already exists. Choose another file name."),
    (errno.ENAMETOOLONG, "the file name is too long. Choose a shorter name."),
    (errno.EEXIST, "a file with that name already exists. Try saving to another folder."),
    (errno.EIO, "Input/output error. Try saving to another folder."),
])
def test_a_failed_save_says_the_reason_and_what_to_do(code: int, sentence: str) -> None:
    message = str(atomic._explain(Path("/work/moons.nnp"), OSError(code, os.strerror(code))))
    assert message == f"{WHERE}: {sentence}"


def test_no_other_module_of_the_files_wing_maps_error_numbers() -> None:
    """Numbers are only compared in the table (the lock's "someone holds it" aside)."""
    wing = Path(atomic.__file__).parent
    for module in wing.glob("*.py"):
        if module.name == "os_errors.py":
            continue
        text = module.read_text()
        compared = [line for line in text.splitlines()
                    if "errno in" in line or "errno ==" in line or "code in (" in line]
        assert compared in ([], ["        if exc.errno in (errno.EAGAIN, errno.EACCES):"]), (
            module.name, compared)
