"""``python -m playground explain``: a trained project and a picture file give the answer, the
class explained and a PNG of the heat map over the picture; anything it cannot do is one
plain line and exit status 2."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from torchvision.io import decode_png, read_file

from playground.cli import EXIT_BAD_INPUT, main
from playground.core.data.datasets import load_dataset
from playground.core.files.project import Project, save_project
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import Trainer

# torchvision 0.29 announces that its PNG reader moves to another package; it still reads.
pytestmark = pytest.mark.filterwarnings("ignore:The image decoding:DeprecationWarning")


def _trained(folder: Path, name: str, limit: int = 600) -> Path:
    """``name`` trained one epoch on the first ``limit`` bundled digits, saved as a project."""
    template = TEMPLATES[name]
    config = replace(template.config, epochs=1, batch_size=32)
    data = load_dataset("mnist", preprocessing=config.preprocessing, limit=limit)
    result = Trainer(template.spec, config, data).run()
    path = folder / f"{name}.nnp"
    save_project(Project(template.spec, config, weights=result.state_dict), path)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A trained convolutional project, a trained dense one and a photo-like picture of a 7."""
    folder = tmp_path_factory.mktemp("explain")
    data = load_dataset("mnist", limit=20)
    seven = data.test_x[int(np.flatnonzero(data.test_y.numpy() == 7)[0]), 0].numpy()
    picture = folder / "seven.png"  # dark ink on white paper, larger than 28×28
    Image.fromarray(np.uint8(255 - seven * 255)).resize((140, 140), Image.BILINEAR).save(picture)
    return {"cnn": _trained(folder, "cnn-mnist"), "mlp": _trained(folder, "mlp-mnist"),
            "picture": picture}


def cli(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["explain", *map(str, args)], out, err)
    return code, out.getvalue(), err.getvalue()


def _png_shape(path: Path) -> tuple[int, ...]:
    return tuple(decode_png(read_file(str(path))).shape)


@pytest.mark.parametrize("method", ["saliency", "ig", "occlusion", "gradcam"])
def test_every_method_writes_the_picture_with_its_heat_map(files, tmp_path, method) -> None:
    out_png = tmp_path / f"{method}.png"
    code, out, err = cli(files["cnn"], files["picture"], "--method", method, "--out", out_png)
    assert code == 0, err
    assert _png_shape(out_png) == (3, 280, 280)  # 28×28 shown ten times larger
    lines = out.splitlines()
    assert lines[0].startswith("Predicted: ") and "%" in lines[0]
    assert lines[1].startswith("Explained: ") and f"Wrote {out_png}" == lines[2]
    title = {"saliency": "Saliency", "ig": "Integrated Gradients", "occlusion": "Occlusion",
             "gradcam": "Grad-CAM"}[method]
    assert f"with {title}" in lines[1]
    pixels = decode_png(read_file(str(out_png))).numpy()
    assert (pixels[0] != pixels[2]).any(), "the heat map's colours are on the picture"


def test_a_real_process_explains_a_chosen_class_on_a_chosen_layer(files, tmp_path) -> None:
    out_png = tmp_path / "three.png"
    result = subprocess.run(
        [sys.executable, "-m", "playground", "explain", str(files["cnn"]), str(files["picture"]),
         "--method", "gradcam", "--target", "3", "--layer", "1", "--scale", "4",
         "--out", str(out_png)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Explained: 3 (" in result.stdout and "with Grad-CAM" in result.stdout
    assert _png_shape(out_png) == (3, 112, 112)


def test_a_dense_network_explains_with_saliency_but_refuses_gradcam(files, tmp_path) -> None:
    code, _out, err = cli(files["mlp"], files["picture"], "--out", tmp_path / "s.png")
    assert code == 0, err and (tmp_path / "s.png").is_file()
    code, out, err = cli(files["mlp"], files["picture"], "--method", "gradcam",
                         "--out", tmp_path / "g.png")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.strip() == ("error: Grad-CAM needs a convolution layer; this network has none. "
                           "Use saliency or Integrated Gradients.")
    assert not (tmp_path / "g.png").exists()


def test_refusals_are_one_line_with_exit_status_2(files, tmp_path) -> None:
    untrained = tmp_path / "untrained.nnp"
    spec = TEMPLATES["cnn-mnist"].spec
    save_project(Project(spec), untrained)
    spiral = tmp_path / "spiral.nnp"
    toy = TEMPLATES["toy-spiral"]
    save_project(Project(toy.spec, weights=build_model(toy.spec, seed=0).state_dict()), spiral)
    blank = tmp_path / "blank.png"
    Image.new("L", (60, 60), 255).save(blank)
    out_png = tmp_path / "heat.png"
    cases = [
        ((untrained, files["picture"]), "has no trained weights: train it first"),
        ((spiral, files["picture"]), "explain reads a picture as the Draw pane does"),
        ((files["cnn"], blank), "No ink found in blank.png"),
        ((files["cnn"], tmp_path / "missing.png"), "does not exist"),
        ((files["cnn"], files["picture"], "--target", "12"), "--target must be a class from 0"),
        ((files["cnn"], files["picture"], "--method", "gradcam", "--layer", "2"),
         "Layer 2 is not a convolution layer; Grad-CAM can use layers 1, 3"),
        ((files["cnn"], files["picture"], "--steps", "0"), "--steps must be from 1"),
    ]
    for args, message in cases:
        code, out, err = cli(*args, "--out", out_png)
        assert code == EXIT_BAD_INPUT, (args, err)
        assert message in err and err.count("\n") == 1 and "Traceback" not in err, err
        assert out == "" and not out_png.exists()


def test_an_unknown_method_is_refused_by_the_parser(files, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        cli(files["cnn"], files["picture"], "--method", "lime", "--out", tmp_path / "x.png")
    assert stop.value.code == EXIT_BAD_INPUT
    assert "invalid choice: 'lime'" in capsys.readouterr().err
