"""The files wing: what is written to disk and read back, safely.

It owns the ``.nnp`` project file with its versions and migrations (:mod:`project`), the
archive's safety checks made before anything is read (:mod:`archive`), autosaves in the user data
folder (:mod:`autosave`), atomic writes that only ever replace regular files (:mod:`atomic`)
and the one table that says what an operating-system error means (:mod:`os_errors`). Weights
are safetensors, checked against the network they come with before a project is handed out;
nothing here unpickles.
"""
