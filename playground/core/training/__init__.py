"""The training wing: one loop for the command line, the tests and the GUI's worker.

It owns the loop and its control (pause, step, stop, learning rate: :mod:`loop`), every setting
with its checked range (:mod:`config`), the events a run emits and the result it returns
(:mod:`events`, :mod:`result`), how a loss meets the network's output (:mod:`objective`),
evaluation (:mod:`evaluation`), the words for what changed between runs (:mod:`compare`), CPU
thread counts (:mod:`threads`) and a run caught mid-way for crash recovery (:mod:`checkpoint`).
It builds on the network and data wings and knows nothing of inspection, files or lessons.
"""
