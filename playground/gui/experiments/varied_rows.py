"""The dialog's own question: a list of varied settings, and how their values are tried.

Several settings make the question the parallel coordinates answer (which values do the best
runs share?). With lists of values, the runs are every combination, or a search that picks
some of them; a range can only be searched, so one range makes the whole experiment a search.
Each row is checked by the engine as it is edited (alone, with the open network), its message
under it; what only the whole set can refuse (too many runs) is the dialog's to say.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from playground.core.errors import PlaygroundError
from playground.core.experiments.definition import Experiment
from playground.core.experiments.settings import ExperimentError, setting_label
from playground.core.experiments.varied import VariedSetting
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui.experiments.varied_row import VariedRow

__all__ = ["MAX_ROWS", "VariedRows"]

MAX_ROWS = 5  # more settings than this make more runs than a lesson has time for
MOST_HEIGHT = 330  # px of rows shown before they scroll (two rows, on a 768-pixel screen)
# What "Add setting" proposes next: the lesson's questions first, then the rest in order.
PREFERRED = ("learning_rate", "activation", "batch_size", "depth", "dropout", "optimizer")


class _RowsArea(QScrollArea):
    """Scrolls the rows once there are more than fit: as tall as they are, up to
    :data:`MOST_HEIGHT`, and never shorter than one row."""

    def sizeHint(self) -> QSize:
        content = self.widget().sizeHint()
        return QSize(content.width() + self._bar(), min(content.height(), MOST_HEIGHT))

    def minimumSizeHint(self) -> QSize:
        """As wide as the widest row (never cut at the side), one row high."""
        rows = self.widget().findChildren(VariedRow)
        first = rows[0].sizeHint().height() if rows else 0
        return QSize(self.widget().minimumSizeHint().width() + self._bar(),
                     min(first, MOST_HEIGHT))

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)


class VariedRows(QWidget):
    """The rows, "Add setting", and every combination or a search of so many runs."""

    changed = Signal()  # a row, the plan or the number of search runs changed

    def __init__(self, spec: NetworkSpec, config: TrainingConfig, names: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variedRows")
        self.spec, self.config, self.names = spec, config, names
        self.rows: list[VariedRow] = []
        self.valid: tuple[VariedSetting, ...] | None = None  # the rows, when all are right
        self.problem: ExperimentError | None = None  # else the first row's problem, numbered
        self.holder = QWidget()
        self.holder_layout = QVBoxLayout(self.holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.holder_layout.addStretch(1)
        self.area = _RowsArea(objectName="variedRowsArea")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the rows' fields
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(self.holder)
        self.area.setAccessibleName(self.tr("Settings to vary"))
        self.add_button = QPushButton(self.tr("&Add setting"), objectName="addSetting")
        self.add_button.setToolTip(self.tr("Vary one more setting: the runs try the "
                                           "combinations of all of them"))
        self.add_button.clicked.connect(lambda _c=False: self.add_row())
        self.every = QRadioButton(self.tr("Every combination"), objectName="gridMode")
        self.every.setChecked(True)
        self.search = QRadioButton(self.tr("Search for the best in"), objectName="searchMode")
        self.search.setToolTip(self.tr("A search tries so many points and goes on where the "
                                       "results are best; a range can only be searched"))
        group = QButtonGroup(self)
        group.addButton(self.every)
        group.addButton(self.search)
        self.trials = QSpinBox(objectName="searchRuns", minimum=1, maximum=100, value=6)
        self.trials.setSuffix(self.tr(" runs"))
        self.trials.setAccessibleName(self.tr("Number of search runs"))
        plan = QHBoxLayout()
        plan.setContentsMargins(0, 0, 0, 0)
        for widget in (self.add_button, self.every, self.search, self.trials):
            plan.addWidget(widget)
        plan.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area, 1)
        layout.addLayout(plan)
        self.search.toggled.connect(self._plan_changed)
        self.trials.valueChanged.connect(self._plan_changed)
        self.add_row("learning_rate" if "learning_rate" in names else names[0])

    # -- rows ----------------------------------------------------------------------------------
    def add_row(self, name: str | None = None) -> VariedRow | None:
        """Add a row for ``name`` (default: a setting no row varies yet) and focus it."""
        if len(self.rows) >= MAX_ROWS:
            return None
        if name is None:
            used = {row.name for row in self.rows}
            unused = [n for n in (*PREFERRED, *self.names) if n in self.names and n not in used]
            name = unused[0] if unused else self.names[0]
        row = VariedRow(self.spec, self.config, self.names, name, self.holder)
        row.changed.connect(self.check)
        row.reshaped.connect(self._fit)
        row.reshaped.connect(self._order_tabs)
        row.removeRequested.connect(self.remove_row)
        self.holder_layout.insertWidget(len(self.rows), row)
        if self.holder.isVisible():
            row.show()  # now, not on the next turn of the events
        self.rows.append(row)
        self._renumber()
        self.check()
        self._fit()
        if self.isVisible():
            row.setting.setFocus()
            self.area.ensureWidgetVisible(row)
        return row

    def remove_row(self, row: VariedRow) -> None:
        """Remove ``row`` (the last one stays: an experiment varies something)."""
        if len(self.rows) <= 1 or row not in self.rows:
            return
        index = self.rows.index(row)
        self.rows.remove(row)
        self.holder_layout.removeWidget(row)
        row.hide()
        row.setParent(None)  # out of the dialog now; deleted when the event loop gets to it
        row.deleteLater()
        self._renumber()
        self.check()
        self._fit()
        self.rows[min(index, len(self.rows) - 1)].setting.setFocus()

    def _fit(self) -> None:
        """Once the new rows are laid out (the next turn of the event loop), let the dialog
        grow to show them, within the screen; it never shrinks under the student's hand."""
        QTimer.singleShot(0, self, self.fit)

    def fit(self) -> None:
        """Grow the window (a dialog) to show every row, as far as the screen allows."""
        top = self.window()
        if top is self or not top.isVisible():
            return
        self.holder.adjustSize()
        widget: QWidget | None = self.area  # every size up to the window is asked afresh
        while widget is not None and widget is not top:
            widget.updateGeometry()
            widget = widget.parentWidget()
        top.layout().activate()
        wanted = max(top.sizeHint().height(), top.heightForWidth(top.width()))
        room = top.screen().availableGeometry().height() - 60  # the title bar
        if top.height() < wanted:
            top.resize(top.width(), min(wanted, room))

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.set_number(number)
            row.remove_button.setEnabled(len(self.rows) > 1)
        self.add_button.setEnabled(len(self.rows) < MAX_ROWS)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes down the rows in order, then to "Add setting" and the plan: a row added
        (or a row's new choices) would otherwise come last, after the dialog's buttons."""
        chain = [w for row in self.rows for w in row.tab_chain()]
        chain += [self.add_button, self.every, self.search, self.trials]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    # -- checking --------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return "search" if self.search.isChecked() else "grid"

    def check(self) -> tuple[VariedSetting, ...] | None:
        """Check every row, each message under its row; the varied settings when all are
        right (also kept in :attr:`valid`), else None."""
        ranged = any(row.is_range for row in self.rows)
        if ranged:
            self.search.setChecked(True)
        self.every.setEnabled(not ranged)
        self.every.setToolTip(self.tr("A range can only be searched") if ranged else
                              self.tr("Train one run for each combination of the values"))
        found: list[VariedSetting] = []
        seen: set[str] = set()
        self.problem = None
        for row in self.rows:
            try:
                varied = row.varied()
                if varied.name in seen:
                    raise ExperimentError("{setting} is varied twice.",
                                          setting=setting_label(varied.name, self.spec))
                alone = varied.kind == "range"
                Experiment(self.spec, self.config, (varied,), mode="search" if alone else "grid",
                           trials=1 if alone else 0)
            except PlaygroundError as exc:
                row.show_error(exc)
                if self.problem is None:
                    self.problem = ExperimentError("Setting {number}: {problem}",
                                                   number=row.number, problem=exc.message)
                continue
            row.show_error(None)
            seen.add(varied.name)
            found.append(varied)
        self.valid = tuple(found) if len(found) == len(self.rows) else None
        self.trials.setEnabled(self.search.isChecked())
        self.changed.emit()
        return self.valid

    def varied(self) -> tuple[VariedSetting, ...]:
        """The varied settings; if a row is wrong, each says its own problem under it and the
        first one's is raised (an ``ExperimentError`` naming its row)."""
        found = self.check()
        if found is None:
            assert self.problem is not None
            raise self.problem
        return found

    def _plan_changed(self) -> None:
        self.trials.setEnabled(self.search.isChecked())
        self.changed.emit()
