"""The files wing: what is written to disk and read back, safely.

It owns the ``.nnp`` project file with its versions and migrations (:mod:`project`), the
archive's safety checks made before anything is read (:mod:`archive`), autosaves in the user data
folder (:mod:`autosave`) and atomic writes that only ever replace regular files
(:mod:`atomic`). Weights are safetensors; nothing here unpickles.
"""
