"""The training tests' controller: the panel and curves of mlp-mnist's document, shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from playground.core.teaching.templates import TEMPLATES
from playground.gui.document import Document
from playground.gui.training.controller import TrainingController


@pytest.fixture
def controller(qtbot) -> Iterator[TrainingController]:
    doc = Document()
    doc.load_template(TEMPLATES["mlp-mnist"])
    ctl = TrainingController(doc)
    stopped: list[bool] = []
    # The run ends before its panel closes, as when the window closes: a late progress update
    # must not reach a deleted panel.
    qtbot.addWidget(ctl.panel, before_close_func=lambda _panel: stopped.append(ctl.shutdown()))
    qtbot.addWidget(ctl.curves)
    ctl.panel.show()
    yield ctl
    assert stopped == [True]
