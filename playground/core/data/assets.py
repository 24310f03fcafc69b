"""Where the app's bundled files are: the checkout, the packaged app, or an installed wheel.

The code reads its data (the bundled MNIST, the sentences, the lessons) and its window icon
from ``assets/`` and ``packaging/icons/`` beside the package. That holds in a checkout
(``make run``) and in the PyInstaller build, which keeps the same layout. A wheel cannot put
files beside ``site-packages/playground``, so ``pyproject.toml`` installs them as data files
under ``<prefix>/share/nn-playground/``; they are looked for there when they are not beside the
package.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[3]
SHARE = Path("share") / "nn-playground"


def installed_roots() -> list[Path]:
    """Where a wheel's data files land: the environment's prefix, then the user's."""
    roots = [Path(sysconfig.get_paths()["data"]), Path(sys.prefix)]
    user_base = getattr(site, "USER_BASE", None)
    if user_base:
        roots.append(Path(user_base))
    return [root / SHARE for root in dict.fromkeys(roots)]


def bundled_file(*parts: str, roots: list[Path] | None = None) -> Path:
    """``assets/...`` or ``packaging/icons/...`` wherever this installation keeps it.

    ``parts`` start with "assets" or "icons", e.g. ``bundled_file("assets", "lessons")``.
    When the file is nowhere, the path beside the package is returned, so a message about it
    names the place a checkout would have it.
    """
    beside = SOURCE_ROOT / ("packaging" if parts[0] == "icons" else "") / Path(*parts)
    if beside.exists():
        return beside
    for root in installed_roots() if roots is None else roots:
        candidate = root / Path(*parts)
        if candidate.exists():
            return candidate
    return beside
