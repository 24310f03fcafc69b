"""Training in the window: the worker thread, the controls, the live curves and results."""
