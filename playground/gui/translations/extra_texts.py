"""Texts shown on screen that the code does not spell where it shows them.

pyqtgraph passes the words of its own plot menus (right-click on a plot) through
``QCoreApplication.translate``, and Qt's file dialog has two texts its own Spanish catalogue
lacks. Marking them here puts them in the catalogue, where translators find them.
"""

from playground.core.messages import N_

# pyqtgraph's plot menus.
PYQTGRAPH_TEXTS = (
    N_('Export...'),
    N_('View All'),
    N_('Mouse Mode'),
    N_('3 button'),
    N_('1 button'),
    N_('ViewBox options'),
    N_('axis'),
    N_('Plot Options'),
    N_('Transforms'),
    N_('Downsample'),
    N_('Average'),
    N_('Alpha'),
    N_('Grid'),
    N_('Points'),
    N_('Manual'),
    N_('Auto'),
    N_('Visible Data Only'),
    N_('Auto Pan Only'),
    N_('Mouse Enabled'),
    N_('Link Axis:'),
    N_('Invert Axis'),
    N_('Log X'),
    N_('Log Y'),
    N_('Show X Grid'),
    N_('Show Y Grid'),
    N_('Opacity'),
)

# Qt's file dialog: texts Qt's own Spanish catalogue (qtbase) lacks since they gained their
# keyboard accelerators; every other text of Qt's dialogs comes from qtbase.
QT_TEXTS = (
    N_("&Look in:"),
    N_("Files of &type:"),
)
