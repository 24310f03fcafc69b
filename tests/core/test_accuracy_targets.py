"""The accuracy each template must reach on the bundled MNIST (8,500 train / 1,500 test digits).

Full runs of the command line, as a user would type them; together about half a minute here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground.cli import main


@pytest.mark.slow
@pytest.mark.parametrize(
    ("template", "epochs", "target"),
    # cnn-mnist trains drawing-robust, which needs its template's 12 epochs to reach 97%.
    [("mlp-mnist", 5, 0.90), ("cnn-mnist", 12, 0.97), ("rnn-mnist", 5, 0.90)],
)
def test_template_reaches_its_target(
    tmp_path: Path, template: str, epochs: int, target: float
) -> None:
    metrics = tmp_path / "metrics.json"
    # Every training digit, as the course's code trains (the templates keep 10% for validation).
    code = main(["train", template, "--epochs", str(epochs), "--validation-split", "0", "--quiet",
                 "--metrics-json", str(metrics)])
    assert code == 0
    data = json.loads(metrics.read_text())
    assert data["epochs"] == epochs
    assert data["test_accuracy"] >= target, data["test_accuracy"]
