"""Translation test set-up: private settings, and Spanish installed only for the test using it.

The Spanish translator is application-wide; the ``spanish`` fixture removes it afterwards so
every other test keeps seeing the English the code is written in.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from playground.gui.i18n import install_language


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[str]:
    """The interface in Spanish for one test, then back to English."""
    yield install_language(qapp, "es")
    install_language(qapp, "en")
