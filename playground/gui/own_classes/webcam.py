"""Whether a webcam could be used, and what to tell the user about it.

Taking pictures from a webcam needs Qt Multimedia (in PySide6-Addons, not in the
PySide6-Essentials the app is built on) or OpenCV. Neither comes with the app, so the pane's
Webcam button stays disabled and says plainly what is missing and how to get it; finding the
modules only looks for them (``importlib.util.find_spec``), it never imports them.
"""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import QCoreApplication

__all__ = ["available_backend", "note", "short_note"]


def tr(text: str) -> str:
    return QCoreApplication.translate("OwnClassesWebcam", text)


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing, or a broken install
        return False


def available_backend() -> str | None:
    """``"Qt Multimedia"`` or ``"OpenCV"`` when one is installed, else None."""
    if _installed("PySide6.QtMultimedia"):
        return "Qt Multimedia"
    if _installed("cv2"):
        return "OpenCV"
    return None


def note() -> str:
    """What the disabled Webcam button means, in plain words."""
    found = available_backend()
    if found is None:
        return tr("A webcam needs Qt Multimedia, which PySide6-Essentials leaves out, or OpenCV. "
                  "To get one, run: pip install PySide6-Addons (or: pip install opencv-python). "
                  "Until then, take photos and add them with Pictures….")
    return tr("{0} is installed, but this version of the app does not take pictures from a "
              "webcam: take photos and add them with Pictures….").format(found)


def short_note() -> str:
    """The note in a few words, beside the button (the whole note is its tooltip)."""
    if available_backend() is None:
        return tr("Webcam: pip install PySide6-Addons or opencv-python")
    return tr("Webcam pictures: not in this version")
