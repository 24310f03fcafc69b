"""The Draw pane's explanations: each method's heat map follows the drawing, the weights and the
class asked about; Grad-CAM is greyed out where it cannot work; maps for an older drawing never
show."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import torch
from draw_helpers import DRAWINGS, mouse_drawing, trained_cnn_mnist
from PySide6.QtCore import QPointF, Qt

from playground.core.explain.attribution import METHODS, caption, explain
from playground.core.network.build import build_model, model_from_weights
from playground.core.teaching.templates import TEMPLATES
from playground.gui.background import background
from playground.gui.document import Document
from playground.gui.draw.draw_pane import DrawPane
from playground.gui.draw.session import LiveSession
from playground.gui.training.worker import TrainingRunner

MAP_TIMEOUT = 20_000  # the first map also imports captum in the pool


def make_pane(qtbot, name: str, weights: dict | None) -> DrawPane:
    document = Document()
    document.load_template(TEMPLATES[name])
    if weights is not None:
        document.weights, document.weights_spec = weights, document.spec
    pane = DrawPane(LiveSession(document, TrainingRunner()))
    pane.resize(1000, 360)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    qtbot.waitUntil(lambda: pane.session.data is not None or bool(pane.session.data_error),
                    timeout=30_000)
    return pane


@pytest.fixture
def pane(qtbot) -> Iterator[DrawPane]:
    _spec, state = trained_cnn_mnist()
    widget = make_pane(qtbot, "cnn-mnist", state)
    qtbot.waitUntil(lambda: widget.session.ready, timeout=10_000)
    yield widget
    background().cancel(owner=widget.explainer)


def wait_for_map(qtbot, pane: DrawPane, method: str, target: int | None = None) -> None:
    """Until the overlay shows ``method``'s map for the drawing now on the pad."""
    def shown() -> bool:
        a = pane.explainer.attribution
        return (pane.explainer.current and a is not None and a.method == method
                and (target is None or a.target == target))

    qtbot.waitUntil(shown, timeout=MAP_TIMEOUT)


def expected_values(pane: DrawPane, target: int, method: str, layer: int | None = None):
    """The core's map for the pane's input, computed here on a model of our own."""
    network = pane.session.answering_network()
    assert network is not None and network.normalize is not None
    batch = torch.from_numpy(pane.current_input).reshape(1, 1, 28, 28)
    x = network.normalize(batch).reshape(network.spec.input_shape)
    black = network.normalize(torch.zeros_like(batch)).reshape(network.spec.input_shape)
    model = model_from_weights(network.spec, network.state)
    return explain(model, x, target, method, layer, baseline=black).values


@pytest.mark.parametrize("method", METHODS)
def test_each_method_maps_the_drawing_on_the_input_view_and_the_pad(qtbot, pane, method) -> None:
    computing: list[bool] = []
    pane.explainer.computingChanged.connect(computing.append)
    controls = pane.explainer.controls
    assert controls.method == "" and not controls.caption_label.isVisibleTo(pane)
    controls.choose(method)
    assert controls.caption_label.text() == str(caption(method))
    assert controls.layer_box.isVisibleTo(pane) == (method == "gradcam")
    mouse_drawing(pane.pad, DRAWINGS["seven"], live=True)
    wait_for_map(qtbot, pane, method)
    attribution = pane.explainer.attribution
    assert attribution.target == pane.bars.top_class == 7 and pane.bars.explained == 7
    overlay = pane.input_view.overlay
    assert overlay is not None and overlay.shape == (28, 28, 4) and overlay[..., 3].max() > 0
    assert pane.pad.overlay is not None
    image, rect = pane.pad.overlay
    assert image.width() == 28 and 0 < rect.width() <= 280 * 28 / 20
    np.testing.assert_allclose(attribution.values, expected_values(pane, 7, method),
                               rtol=1e-4, atol=1e-5)
    if method == "occlusion":  # the slow one says so while it runs
        assert True in computing
    assert not pane.explainer.computing and controls.status_label.text() == ""
    assert controls.caption_label.text() == "Why 7? " + str(caption(method))


def test_the_explanation_is_computed_on_a_model_of_its_own(qtbot, pane) -> None:
    pane.explainer.controls.choose("saliency")
    mouse_drawing(pane.pad, DRAWINGS["one"])
    wait_for_map(qtbot, pane, "saliency")
    _spec, state, model = pane.explainer._cache._entry
    assert model is not pane.session.predictor._model
    assert state is pane.session.answering_network().state
    own = model.state_dict()
    assert all(own[k].data_ptr() != v.data_ptr() for k, v in state.items())


def test_clicking_a_bar_explains_that_class_and_clicking_again_goes_back(qtbot, pane) -> None:
    pane.explainer.controls.choose("integrated_gradients")
    mouse_drawing(pane.pad, DRAWINGS["seven"])
    wait_for_map(qtbot, pane, "integrated_gradients", target=7)
    plot = pane.bars.plot
    box = plot.getPlotItem().getViewBox()

    def click_row(row: int) -> None:
        point = plot.mapFromScene(box.mapViewToScene(QPointF(0.3, row)))
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=point)

    click_row(3)
    wait_for_map(qtbot, pane, "integrated_gradients", target=3)
    assert pane.bars.explained == 3 and pane.bars.top_class == 7
    assert pane.explainer.controls.caption_label.text().startswith("Why 3? ")
    np.testing.assert_allclose(pane.explainer.attribution.values,
                               expected_values(pane, 3, "integrated_gradients"),
                               rtol=1e-4, atol=1e-5)
    click_row(3)
    wait_for_map(qtbot, pane, "integrated_gradients", target=7)


def test_gradcam_uses_the_chosen_convolution(qtbot, pane) -> None:
    controls = pane.explainer.controls
    controls.choose("gradcam")
    assert [controls.layer_box.itemData(i) for i in range(controls.layer_box.count())] == [0, 2]
    assert controls.layer_box.currentData() == 2  # the last convolution by default
    mouse_drawing(pane.pad, DRAWINGS["zero"])
    wait_for_map(qtbot, pane, "gradcam")
    assert pane.explainer.attribution.layer == 2
    controls.layer_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: pane.explainer.current and pane.explainer.attribution.layer == 0,
                    timeout=MAP_TIMEOUT)


def test_a_map_for_a_drawing_wiped_out_meanwhile_never_shows(qtbot, pane) -> None:
    pane.explainer.controls.choose("occlusion")
    with qtbot.waitSignal(pane.bars.probabilitiesShown, timeout=5000):  # then asks for its map
        mouse_drawing(pane.pad, DRAWINGS["four"])
    assert background().pending("explain", owner=pane.explainer)  # occlusion takes a while
    pane.pad.clear()
    background().wait(owner=pane.explainer)
    background().flush()
    assert pane.explainer.attribution is None and pane.input_view.overlay is None
    assert pane.pad.overlay is None and pane.bars.explained is None


def test_new_weights_bring_a_new_map(qtbot, pane) -> None:
    pane.explainer.controls.choose("saliency")
    mouse_drawing(pane.pad, DRAWINGS["seven"])
    wait_for_map(qtbot, pane, "saliency")
    before = pane.explainer.attribution
    document = pane.session.document
    document.weights = build_model(document.spec, seed=3).state_dict()  # as a reset would
    pane.session.refresh()
    qtbot.waitUntil(lambda: pane.explainer.current and pane.explainer.attribution is not before,
                    timeout=MAP_TIMEOUT)
    assert not np.allclose(pane.explainer.attribution.values, before.values)


def test_the_test_image_browser_gets_the_map_too(qtbot, pane) -> None:
    pane.explainer.controls.choose("saliency")
    pane.tabs.setCurrentIndex(pane.browser_tab)
    wait_for_map(qtbot, pane, "saliency")
    overlay = pane.browser.picture.overlay
    assert overlay is not None and overlay.shape == (28, 28, 4)
    assert pane.pad.overlay is None and pane.input_view.overlay is None
    pane.browser.next()
    before = pane.explainer.attribution
    qtbot.waitUntil(lambda: pane.explainer.current and pane.explainer.attribution is not before,
                    timeout=MAP_TIMEOUT)


def test_gradcam_is_greyed_out_with_its_reason_for_a_dense_network(qtbot) -> None:
    spec = TEMPLATES["mlp-mnist"].spec
    pane = make_pane(qtbot, "mlp-mnist", build_model(spec, seed=0).state_dict())
    controls = pane.explainer.controls
    index = controls.method_box.findData("gradcam")
    assert not controls.is_available("gradcam")
    assert controls.method_box.itemData(index, Qt.ItemDataRole.ToolTipRole) == (
        "Grad-CAM needs a convolution layer; this network has none. Use saliency or "
        "Integrated Gradients.")
    assert all(controls.is_available(m) for m in METHODS[:3])
    assert controls.layer_box.count() == 0


def test_a_network_reading_rows_gets_one_stripe_per_row(qtbot) -> None:
    spec = TEMPLATES["rnn-mnist"].spec
    pane = make_pane(qtbot, "rnn-mnist", build_model(spec, seed=0).state_dict())
    qtbot.waitUntil(lambda: pane.session.ready, timeout=10_000)
    assert not pane.explainer.controls.is_available("gradcam")
    pane.explainer.controls.choose("integrated_gradients")
    mouse_drawing(pane.pad, DRAWINGS["seven"])
    wait_for_map(qtbot, pane, "integrated_gradients")
    assert pane.explainer.attribution.values.shape == (28,)
    overlay = pane.input_view.overlay
    assert overlay.shape == (28, 28, 4) and (overlay == overlay[:, :1]).all()  # rows are stripes
    assert overlay[..., 3].max() > 0
    background().cancel(owner=pane.explainer)


def test_the_ready_trained_network_is_explained_while_it_answers(qtbot) -> None:
    from playground.core.inspect import pretrained

    document = Document()
    document.load_template(TEMPLATES["cnn-mnist"])  # no weights: the shipped network answers
    pane = DrawPane(LiveSession(document, TrainingRunner(), ready_trained=True))
    pane.resize(1000, 360)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: pane.session.ready, timeout=30_000)
    assert pane.session.using_ready_trained
    assert pane.session.answering_network().spec == pretrained.SPEC
    pane.explainer.controls.choose("saliency")
    mouse_drawing(pane.pad, DRAWINGS["seven"])
    wait_for_map(qtbot, pane, "saliency", target=pane.bars.top_class)
    assert pane.explainer._cache._entry[0] == pretrained.SPEC
    background().cancel(owner=pane.explainer)
