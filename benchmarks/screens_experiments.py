"""A picture of the Experiments pane after a finished learning-rate experiment.

Runs the lesson's learning-rate preset (four values, two seeds each) on ``mlp-mnist`` with a
few hundred samples per run, from Training ▸ New Experiment… as a student would, waits for the
end, and saves the whole window at 1280×800 and the pane on its own. Prints how long the
experiment took and the table's rows, so a change in either shows in the output.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/screens_experiments.py --out /tmp/s

Settings, data caches, studies and logs go to temporary folders: the user's own are never
touched.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox
from screen_session import TEMP, private_settings, settle, wait_until  # noqa: F401  (first)

from playground.app import features
from playground.core.teaching.templates import TEMPLATES
from playground.gui.experiments import ExperimentsFeature
from playground.gui.main_window import MainWindow


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/screens-experiments"))
    parser.add_argument("--language", default="en")
    parser.add_argument("--samples", type=int, default=600)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    private_settings("screens-experiments")
    from playground.gui.i18n import install_language

    language = install_language(app, args.language)
    MainWindow.ask_unsaved_changes = lambda self: QMessageBox.StandardButton.Discard
    ExperimentsFeature.sample_limit = args.samples
    window = MainWindow(language=language, restore_layout=False,
                        features=(*features(), ("experiments", ExperimentsFeature)))
    window.document.load_template(TEMPLATES["mlp-mnist"])
    window.document.config = replace(window.document.config, epochs=args.epochs)
    window.resize(1280, 800)
    window.show()
    settle(app)
    feature = window.features["experiments"]
    window.actions_by_name["newExperimentAction"].trigger()
    dialog = feature.dialog
    dialog.preset_buttons["learning-rate"].click()
    dialog.repeats.setValue(2)
    settle(app, 0.2)
    dialog.grab().save(str(args.out / f"experiment-dialog-{language}.png"))
    started = time.perf_counter()
    dialog.start_button.click()
    if not wait_until(app, lambda: feature.result is not None, 600):
        raise SystemExit("the experiment did not finish")
    print(f"experiment: {len(feature.result.records)} runs in "
          f"{time.perf_counter() - started:.1f} s")
    feature.dock.raise_()
    settle(app)
    table = feature.pane.table
    for row in range(table.rowCount()):
        print("  " + " | ".join(table.item(row, c).text() for c in range(table.columnCount())))
    bar = feature.pane.conclusion.verticalScrollBar()
    print(f"conclusion scroll range: {bar.maximum()} (visible: {bar.isVisible()})")
    window_png = args.out / f"experiments-window-{language}.png"
    pane_png = args.out / f"experiments-pane-{language}.png"
    window.grab().save(str(window_png))
    feature.dock.grab().save(str(pane_png))
    print(window_png)
    print(pane_png)
    window.close()
    settle(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
