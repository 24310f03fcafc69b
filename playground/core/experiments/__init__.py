"""The experiments wing: many training runs that answer one question, run by themselves.

A student asks "what does the learning rate change?" once, instead of training six networks by
hand. An experiment (:mod:`definition`) is a base network and training, the settings to vary
(:mod:`settings` names them: a training setting, a layer's parameter, the depth, dropout, the
hidden activation; :mod:`varied` holds their values: a grid, a choice or a range) and a plan:
every combination, or a search. The first-network lesson's six experiments are ready-made
(:mod:`presets`). Optuna runs the study (:mod:`runner`): its grid and TPE samplers, the median
pruner, and a storage (:mod:`storage`: SQLite beside the project, or any database URL) that
survives a crash and that several processes, or computers, share; :mod:`planning` decides
what is left and queues it so that no run is done twice, and :mod:`trial_run` trains one run
(with the target stop any single run can use too). Each run's history and result are kept
with its trial (:mod:`records`); :mod:`summary` turns the runs into a table, mean ± spread
over seeds, and :mod:`conclusion` into a plain paragraph in the reader's language;
:mod:`reading` reads a study back, as it stands, for a process that does not run it.

This wing sits above every other: it trains (training), loads data (data) and starts from the
templates (teaching); nothing below it imports it.
"""
