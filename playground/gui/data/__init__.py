"""Data in the window: the dataset chooser with previews, downloads, and the user's own data.

:func:`install` adds the Data menu and the training panel's Choose… button to a main window.
"""

from playground.gui.data.install import install

__all__ = ["install"]
