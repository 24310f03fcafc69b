"""The editor's footer: what the whole network costs, and whether it can be trained.

Students compare networks by these numbers (an MLP's 55,050 parameters against a CNN's few
thousand), so they sit always in view, large, below the layers. The status line says in plain
words why an invalid network cannot be trained; the training panel reads the same
``Document.can_train``.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.core.messages import Message
from playground.core.network.shapes import Analysis
from playground.gui import looks
from playground.gui.i18n import translate_message
from playground.gui.layer_card import in_language
from playground.gui.numbers import number


def human_bytes(n: int) -> str:
    """1536 -> '1.5 KB' (binary units, as file managers show them), in the interface's
    language and number conventions ("1,5 KB", "1.000 bytes" in Spain)."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            if unit == "bytes":
                return translate_message(Message("{n} bytes", n=n))
            return f"{number(size, '.1f')} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


class _Caption(QLabel):
    """A caption on one line when there is room, wrapped when the window is narrow."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        looks.set_style(self, "color: {hint};")

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self.text()) + 4
        return QSize(width, self.heightForWidth(width))


class _Figure(QWidget):
    """A big number with a small caption under it."""

    def __init__(self, name: str, caption: str, tooltip: str) -> None:
        super().__init__()
        self.value = QLabel()
        self.value.setObjectName(name)
        font = self.value.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.value.setFont(font)
        self.caption = _Caption(caption)  # wraps on a 1024-pixel projector
        label = self.caption
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(label)
        self.setToolTip(tooltip)

    def set_value(self, text: str) -> None:
        self.value.setText(text)
        self.value.setAccessibleName(f"{self.caption.text()}: {text}")


class TotalsFooter(QFrame):
    """Total parameters, memory and multiply-adds per sample, and the "can train" line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalsFooter")
        looks.set_style(self, "QFrame#totalsFooter {{ background: {base};"
                              " border-top: 1px solid {mid}; }}")
        self.params = _Figure(
            "footerParams", self.tr("parameters"),
            self.tr("Numbers the network learns: every weight and bias of every layer"),
        )
        self.weights = _Figure(
            "footerWeights", self.tr("memory for weights"),
            self.tr("Space the parameters take as 32-bit numbers (training needs about four "
                    "times this, for gradients and the optimizer)"),
        )
        self.memory = _Figure(
            "footerMemory", self.tr("memory per sample"),
            self.tr("Space the input and every layer's output take for one sample in a "
                    "forward pass"),
        )
        self.macs = _Figure(
            "footerMacs", self.tr("multiply-adds per sample"),
            self.tr("How much arithmetic one forward pass of one sample needs"),
        )
        self.status = QLabel()
        self.status.setObjectName("trainStatus")
        self.status.setWordWrap(True)
        self._ready = False
        # Presentation mode's large type would give the four figures half the editor: there
        # they are one wrapped sentence instead (see set_compact).
        self.summary = QLabel(objectName="footerSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.hide()
        self.compact = False
        # The analysis shown and its language, shown again by retranslate() after a switch.
        self.language = "en"
        self._analysis: Analysis | None = None
        self._figures = QWidget()
        figures = QHBoxLayout(self._figures)
        figures.setContentsMargins(0, 0, 0, 0)
        figures.setSpacing(28)
        for figure in (self.params, self.weights, self.memory, self.macs):
            figures.addWidget(figure, 0, Qt.AlignmentFlag.AlignTop)
        figures.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        layout.setSpacing(6)
        layout.addWidget(self._figures)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        self._layout = layout

    def set_compact(self, on: bool) -> None:
        """The figures as one wrapped line, and no "Ready to train" (the status bar says it);
        a problem is still shown here, where it belongs."""
        self.compact = on
        self._figures.setVisible(not on)
        self.summary.setVisible(on)
        self.status.setVisible(not (on and self._ready))
        self._layout.setContentsMargins(*((16, 4, 16, 4) if on else (20, 8, 20, 8)))

    def _show_summary(self) -> None:
        values = [figure.value.text() for figure in
                  (self.params, self.weights, self.memory, self.macs)]
        captions = [self.params.caption.text(), self.tr("for weights"), self.tr("per sample"),
                    self.tr("multiply-adds")]
        parts = [f"<b>{escape(value)}</b> {escape(caption)}".replace(" ", "&nbsp;")
                 for value, caption in zip(values, captions, strict=True)]
        self.summary.setText(" · ".join(parts))
        self.summary.setAccessibleName(
            ", ".join(figure.value.accessibleName() for figure in
                      (self.params, self.weights, self.memory, self.macs)))

    def retranslate(self) -> None:
        """The same totals in the new ``language`` (set just before this call): the figures'
        accessible names, the one-line summary and the status are composed from values."""
        if self._analysis is not None:
            self.show_analysis(self._analysis, self.language)

    def show_analysis(self, analysis: Analysis, language: str = "en") -> None:
        self._analysis, self.language = analysis, language
        self.params.set_value(number(analysis.total_params, ","))
        partial = len(analysis.layers) < len(analysis.spec.layers)
        self.params.caption.setText(
            self.tr("parameters so far") if partial else self.tr("parameters")
        )
        self.weights.set_value(human_bytes(analysis.param_bytes))
        self.memory.set_value(human_bytes(analysis.activation_bytes))
        self.macs.set_value(number(analysis.macs, ","))
        error = analysis.error
        if not analysis.spec.layers:
            text = self.tr("Can't train yet: the network has no layers. Add some from the palette.")
            colour = "hint"
        elif error is None and analysis.warnings:  # it trains, but not as the student means
            warning = analysis.warnings[0]
            problem = in_language(warning.problem, language)
            text = (self.tr("Trains, but check: {problem}").format(problem=problem)
                    if warning.layer_index is None else
                    self.tr("Trains, but check layer {n}: {problem}").format(
                        n=warning.layer_index + 1, problem=problem))
            colour = "warning"
        elif error is None:
            text, colour = self.tr("✓ Ready to train"), "ok"
        else:
            problem = in_language(error.problem, language)
            text = (self.tr("Can't train: {problem}").format(problem=problem)
                    if error.layer_index is None else
                    self.tr("Can't train: layer {n}: {problem}").format(
                        n=error.layer_index + 1, problem=problem))
            colour = "error"
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self._ready = colour == "ok"
        self._show_summary()
        self.set_compact(self.compact)
        looks.set_style(self.status, "color: {" + colour + "}; font-weight: bold;")
