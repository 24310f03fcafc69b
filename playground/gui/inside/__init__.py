"""Inside the network: filters, feature maps, weight images, layer health and decision boundary.

Every pane here draws recorded snapshots (CPU copies taken by the training thread) or the
document's weights, never the model being trained, and redraws on its own timer only when it is
visible and what it shows has changed. :func:`playground.gui.inside.install.install` adds the
"Inside" dock to a main window.
"""
