"""The engine: networks, data, training, inspection, files, export and lessons, without Qt.

Each concept is a wing (a sub-package) and dependencies run one way::

    network  <-  data  <-  training  <-  {inspect, files, export, teaching}

:mod:`errors` sits at the root, below every wing: the one family of errors a user can cause,
each with a message that names the problem and the fix. So does :mod:`logs`, which sets up the
application's rotating log file; modules only call ``logging.getLogger(__name__)``.
``pyproject.toml``'s import-linter contracts keep the layering, and keep Qt out.
"""
