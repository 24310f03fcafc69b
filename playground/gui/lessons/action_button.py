"""The button of one of a lesson step's actions ("Insert Dropout 0.25 before the Dense layer")."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)


class ActionButton(QPushButton):
    """A step's action button whose label wraps onto more lines in a narrow column.

    A plain button is as wide as its label, and a label such as "Insert Dropout 0.25 before
    the Dense layer" in presentation mode's large type would widen the lesson's column past
    what a 1280-pixel screen leaves beside the editor. The label is drawn by a word-wrapping
    child; ``text()`` still gives it, for accessibility and tests.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.label = QLabel(text, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setForegroundRole(QPalette.ColorRole.ButtonText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _frame(self) -> QSize:
        """What the style adds around a button's label (asked about a label wider than any
        least button width, which the style would report instead)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        label = QSize(200, self.label.fontMetrics().height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option,
                                             label, self) - label

    def _one_line_height(self) -> int:
        return super().sizeHint().height()

    def _height_now(self) -> int:
        """As high as the label needs at the present width: a tight column must not squeeze
        a wrapped label back to one line (not every layout asks for the height for a width)."""
        return self.heightForWidth(self.width()) if self.width() > 0 else self._one_line_height()

    def sizeHint(self) -> QSize:
        frame, metrics = self._frame(), self.label.fontMetrics()
        return QSize(metrics.horizontalAdvance(self.text()) + frame.width() + 2, self._height_now())

    def minimumSizeHint(self) -> QSize:
        """As narrow as the longest word."""
        frame, metrics = self._frame(), self.label.fontMetrics()
        widest = max((metrics.horizontalAdvance(w) for w in self.text().split()), default=0)
        return QSize(widest + frame.width() + 2, self._height_now())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        frame = self._frame()
        lines = self.label.heightForWidth(max(width - frame.width(), 1))
        return max(self._one_line_height(), lines + frame.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the height follows the width (see _height_now)
        frame = self._frame()
        self.label.setGeometry(self.rect().adjusted(frame.width() // 2, frame.height() // 2,
                                                    -(frame.width() // 2),
                                                    -(frame.height() // 2)))

    def paintEvent(self, event: QPaintEvent) -> None:
        """The button without its text: the label draws it, wrapped."""
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
