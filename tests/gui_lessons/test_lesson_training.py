"""A lesson's Train button runs a real (short) training, and lesson 2's numbers equal autograd's."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import Qt

from playground.core.inspect.backprop_steps import load_examples


def click_action(qtbot, lessons, label: str) -> None:
    button = next(b for b in lessons.panel.action_buttons if b.text() == label)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_train_button_trains_and_the_boundary_shows_the_trained_network(make_window,
                                                                        qtbot) -> None:
    window, lessons = make_window()
    lessons.open_lesson("decision-boundaries")  # 250 generated training points: a short run
    window.training.panel.settings.widgets["epochs"].setValue(4)
    view = lessons.panel.current_view
    qtbot.waitUntil(lambda: view.probabilities is not None, timeout=10_000)
    untrained = view.probabilities.copy()
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000) as finished:
        click_action(qtbot, lessons, "Train")
        assert window.training.runner.running
        # While it trains, an action that changes the network is refused, and says why.
        lessons.session.next()
        before = window.document.spec
        click_action(qtbot, lessons, "Remove the hidden layer")
        assert lessons.panel.message.text().startswith("Stop the training first")
        assert window.document.spec == before
        lessons.session.back()
    result = finished.args[0]
    assert result.status == "completed" and len(result.history["train_loss"]) == 4
    assert len(window.document.history) == 1
    assert window.document.weights_spec == window.document.spec
    qtbot.waitUntil(lambda: "Trained weights" in view.note.text(), timeout=10_000)
    assert not np.allclose(view.probabilities, untrained)


def test_an_action_that_does_not_fit_changes_nothing_and_says_why(make_window, qtbot) -> None:
    window, lessons = make_window()
    lessons.open_lesson("decision-boundaries")
    doc = window.document
    spirals = next(i for i, s in enumerate(lessons.session.lesson.steps)
                   if any(a.label.en == "Use two hidden layers of 16" for a in s.actions))
    lessons.session.go_to(spirals)
    doc.remove_layer(0)
    doc.remove_layer(0)  # the student emptied the network
    config = doc.config
    click_action(qtbot, lessons, "Use two hidden layers of 16")
    assert "the network has 0 layers" in lessons.panel.message.text()
    assert doc.spec.layers == () and doc.config == config
    click_action(qtbot, lessons, "Switch to the spirals")  # goes back to the start first
    assert doc.spec.dataset == "toy-spiral" and len(doc.spec.layers) == 2
    doc.undo_stack.undo()  # a whole action is one undo step
    assert doc.spec.layers == ()


@pytest.mark.parametrize("example", [11])
def test_backprop_view_numbers_equal_autograd(make_window, qtbot, example) -> None:
    window, lessons = make_window()
    lessons.open_lesson("backpropagation")
    view = lessons.panel.current_view
    view.example.setValue(example)
    qtbot.waitUntil(lambda: view.trace is not None, timeout=10_000)
    trace, doc = view.trace, window.document

    from playground.core.network.build import build_model

    config = doc.config
    model = build_model(doc.spec, seed=config.seed, init=config.init,
                        init_std=config.init_std).double()
    x, y = load_examples(doc.spec, config, example + 1)
    sample = torch.from_numpy(x[example]).reshape(1, 1, 28, 28)
    logits = model.forward_logits(sample)
    loss = F.cross_entropy(logits, torch.tensor([int(y[example])]))
    loss.backward()
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]

    assert trace.target == int(y[example]) and trace.loss == pytest.approx(loss.item())
    np.testing.assert_allclose(trace.probabilities, torch.softmax(logits[0], 0).detach(),
                               atol=1e-12)
    for layer, linear in zip(trace.layers, linears, strict=True):
        np.testing.assert_allclose(layer.grad_weight, linear.weight.grad, atol=1e-12)
        np.testing.assert_allclose(layer.grad_bias, linear.bias.grad, atol=1e-12)
    # The tables show the same numbers the student reads.
    table = view.outputs
    assert table.rowCount() == 10
    target_row = [table.item(trace.target, c).text() for c in range(5)]
    assert target_row[3] == "1"
    assert float(target_row[2]) == pytest.approx(trace.probabilities[trace.target], abs=1e-4)
    assert float(target_row[4]) == pytest.approx(trace.output_error[trace.target], abs=1e-4)
    assert view.gradients.rowCount() == 2
    assert view.gradients.item(0, 1).text() == "32 × 784"
    assert f"loss {trace.loss:.4f} → {view.loss_after:.4f}" in view.summary.text()
    assert view.loss_after < trace.loss


def test_an_action_changing_the_learning_rate_updates_the_numbers(make_window, qtbot) -> None:
    window, lessons = make_window()
    lessons.open_lesson("backpropagation")
    session = lessons.session
    session.go_to(len(session.lesson.steps) - 1)
    view = lessons.panel.current_view
    qtbot.waitUntil(lambda: view.trace is not None, timeout=10_000)
    draws, small_step = view.draws, view.loss_after
    click_action(qtbot, lessons, "Set the learning rate to 0.5")
    assert window.document.config.learning_rate == 0.5
    assert window.training.panel.settings.widgets["learning_rate"].text() == "0.5"
    qtbot.waitUntil(lambda: view.draws > draws, timeout=5000)
    assert view.loss_after != small_step and "learning rate 0.5" in view.summary.text()


def test_a_step_that_only_changes_settings_is_undone_in_one_step(make_window, qtbot) -> None:
    """Backpropagation's "learning rate 0.5" touches no layer: it is still one undo step, and
    undo puts the form back too."""
    window, lessons = make_window()
    lessons.open_lesson("backpropagation")
    doc = window.document
    step = next(i for i, s in enumerate(lessons.session.lesson.steps)
                if any(e.args.get("changes") == {"learning_rate": 0.5}
                       for a in s.actions for e in a.edits))
    lessons.session.go_to(step)
    before = doc.config
    label = next(a.label.en for a in lessons.session.step.actions
                 if any(e.args.get("changes") == {"learning_rate": 0.5} for e in a.edits))
    click_action(qtbot, lessons, label)
    assert doc.config.learning_rate == 0.5 and doc.config != before
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.config == before
    assert window.training.panel.settings.config == before
