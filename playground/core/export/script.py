"""Write a network and its training as one standalone, readable PyTorch script (``train.py``).

Why generated source and not a pickled model or a spec read back at run time: the script is
meant to be studied. A student who outgrows the app should find every layer written out as the
``nn.Module`` they would write by hand, and the training loop top to bottom, with nothing from
this package left to import.

The model's code is generated from the modules :func:`~playground.core.network.build.build_model`
really builds, each written by its layer type's registry entry, not from the spec a second
time, so the two cannot drift apart: the script's ``Net`` has the same modules in the same order,
hence the same state-dict keys (weights move freely between the app and the script) and, built
after ``torch.manual_seed(seed)``, the same initial weights. A plain column is one
``nn.Sequential`` block per layer in ``self.layers``; a network that branches gets one named
sub-module per layer (``self.conv2d_1``, the names the app gives its weights) and a ``forward``
written as a person would (``x3 = x2 + x1``): the merges, which hold no weights, are the
operation itself rather than a module.
Everything that decides how training behaves (preprocessing, the validation split, the seeds,
how the loss meets the output activation, the fused optimizers) is written to match
:mod:`playground.core.training.loop`, so one process with the same seed retraces the app's run.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from torch import nn

from playground.core.data.datasets import dataset_info
from playground.core.export import script_data as data
from playground.core.export import script_template as tpl
from playground.core.export.script_data import LINE, ExportError
from playground.core.network.build import PlaygroundNet, build_model, node_names
from playground.core.network.graph import INPUT
from playground.core.network.layer_types import export_helpers, layer_type
from playground.core.network.shapes import Analysis, infer_shapes
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.core.training.objective import Objective

__all__ = ["ExportError", "render_training_script"]


# -- the network ----------------------------------------------------------------------------------
def module_source(layer: LayerSpec, module: nn.Module) -> str:
    """The Python expression that constructs ``module``, one of the modules ``layer`` built."""
    source = layer_type(layer.type).export_source(module)
    if source is None:
        raise ExportError("Cannot write a {kind} module as code yet.", kind=type(module).__name__)
    return source


def _helpers(modules: list[nn.Module]) -> list[str]:
    """The helper classes (Reshape, Recurrent, ...) the written modules use, in a fixed order."""
    used = {type(m).__name__ for module in modules for m in module.modules()}
    return [source for name, source in export_helpers().items() if name in used]


def _shape(shape: tuple[int, ...]) -> str:
    return "(N, " + ", ".join(map(str, shape)) + ")"


def _block_lines(
    index: int, analysis: Analysis, modules: list[str], spec: NetworkSpec, head: str = ""
) -> list[str]:
    """One layer's block with a comment above it: ``nn.Sequential(...),`` inside the column's
    ``nn.ModuleList`` (16 spaces in), or ``head`` (``self.conv2d_1 = ``) 8 spaces in."""
    info = analysis.layers[index]
    detail = info.layer.describe()
    label = f"{info.layer.type} ({detail})" if detail else info.layer.type
    before = _input_shape(spec, analysis, index)
    comment = f"{index + 1}. {label}: {tuple(before)} -> {tuple(info.output_shape)}"
    if info.params:
        comment += f", {info.params:,} parameters"
    pad, end = (" " * 8, "") if head else (" " * 16, ",")
    lines = [f"{pad}# {line}" for line in textwrap.wrap(comment, LINE - len(pad) - 2)]
    one_line = f"{pad}{head}nn.Sequential({', '.join(modules)}){end}"
    if len(one_line) <= LINE:
        return [*lines, one_line]
    lines.append(f"{pad}{head}nn.Sequential(")
    for m in modules:
        if len(f"{pad}    {m},") <= LINE:
            lines.append(f"{pad}    {m},")
        else:  # Name(arguments) -> the arguments on a line of their own
            name, args = m.split("(", 1)
            lines += [f"{pad}    {name}(", f"{pad}        {args[:-1]}", f"{pad}    ),"]
    return [*lines, f"{pad}){end}"]


def _input_shape(spec: NetworkSpec, analysis: Analysis, index: int) -> tuple[int, ...]:
    """The shape layer ``index`` reads (its first input's, for a merge)."""
    source = spec.inputs_of(index)[0]
    return spec.input_shape if source == INPUT else analysis.layers[source].output_shape


_RESULTS = {
    "softmax": "probabilities that add up to 1",
    "log_softmax": "log-probabilities (their exp adds up to 1)",
    "sigmoid": "values in 0..1",
}


def _forward_lines(model: PlaygroundNet, analysis: Analysis) -> list[str]:
    """``forward``'s body: one line per layer, and ``return_logits`` skipping the output's
    squashing activation (found past Dropout, Flatten or Reshape layers, as the app does)."""
    act = model.output_activation
    squash = model.squash_position
    lines, position = [], 0
    for i, block in enumerate(model.layers):
        out = _shape(analysis.layers[i].output_shape)
        layer = analysis.layers[i].layer
        name = f"{layer.type} ({layer.describe()})" if layer.describe() else layer.type
        last_module = position + len(block) - 1
        position += len(block)
        if squash != last_module:
            lines.append(f"x = self.layers[{i}](x)  # {name} -> {out}")
            continue
        for j in range(len(block) - 1):
            lines.append(f"x = self.layers[{i}][{j}](x)  # {layer.type} -> {out}: class scores")
        apply = f"self.layers[{i}][{len(block) - 1}](x)  # {act}: {_RESULTS[act]}"
        if i == len(model.layers) - 1:
            return [
                *lines,
                "if return_logits:",
                f'    return x  # the scores before the {act}, called "logits"',
                f"return {apply}",
            ]
        lines += [
            f'if not return_logits:  # with it: the scores before the {act}, called "logits"',
            f"    x = {apply}",
        ]
    return [*lines, "return x"]


def _model_source(spec: NetworkSpec, config: TrainingConfig) -> str:
    model = build_model(spec)
    analysis = infer_shapes(spec)
    if spec.is_sequential:
        init, forward, written = _column_source(spec, model, analysis)
    else:
        init, forward, written = _graph_source(spec, model, analysis)
    act = model.output_activation
    if model.squash_position is not None:
        doc = [f'"""The network\'s output, after the final {act}.', "",
               f"With ``return_logits`` it skips the {act} and returns the scores: the",
               "loss is computed on them when LOSS_ON_LOGITS is true.", '"""']  # fmt: skip
    else:
        doc = ['"""The network\'s output (no softmax or sigmoid at the end: these are scores)."""']
    title = spec.name or "network"
    helpers = _helpers(written)
    lines = ["\n\n\n".join(helpers), "", ""] if helpers else []
    lines += [
        "class Net(nn.Module):",
        f'    """{title}: {len(spec.layers)} layers, {analysis.total_params:,} parameters.',
        "",
        *(f"    {line}" for line in textwrap.wrap(_about(spec, model), LINE - 4)),
        '    """',
        "",
        "    def __init__(self) -> None:",
        "        super().__init__()",
        *init,
        "",
        "    def forward(self, x: torch.Tensor, return_logits: bool = False) -> torch.Tensor:",
        *(f"        {line}" if line else "" for line in doc),
        *(f"        {line}" for line in forward),
    ]
    if config.init != "default":
        lines += ["", "", *_init_source(config).splitlines()]
    return "\n".join(lines)


def _about(spec: NetworkSpec, model: PlaygroundNet) -> str:
    """The docstring's sentence on how the weights are named (the app's names)."""
    first_key = next(iter(model.state_dict()), "")
    if spec.is_sequential:
        about = ("``self.layers[i]`` is layer i + 1 in the editor, so the weights have the app's "
                 "names")
        if not first_key:
            return about + "."
        index = int(first_key.split(".")[1])
        kind = spec.layers[index].type
        return about + f": ``{first_key}`` belongs to layer {index + 1} ({kind})."
    about = ("The network branches: each layer is a sub-module named after its type and how "
             "many layers of that type come before it, as the app names its weights, and "
             "``forward`` passes each layer the outputs it reads (``x3`` is layer 3's)")
    if not first_key:
        return about + "."
    name = first_key.split(".")[0]
    index = node_names(spec).index(name)
    return about + f"; ``{first_key}`` belongs to layer {index + 1} ({spec.layers[index].type})."


def _column_source(
    spec: NetworkSpec, model: PlaygroundNet, analysis: Analysis
) -> tuple[list[str], list[str], list[nn.Module]]:
    """``__init__``'s lines, ``forward``'s and the modules written, for a plain column."""
    blocks: list[str] = []
    written: list[nn.Module] = []
    for i, block in enumerate(model.layers):
        modules = [module_source(spec.layers[i], m) for m in block]
        blocks += _block_lines(i, analysis, modules, spec)
        written += list(block)
    init = ["        self.layers = nn.ModuleList(", "            [", *blocks, "            ]",
            "        )"]  # fmt: skip
    return init, _forward_lines(model, analysis), written


def _graph_source(
    spec: NetworkSpec, model: PlaygroundNet, analysis: Analysis
) -> tuple[list[str], list[str], list[nn.Module]]:
    """``__init__``'s lines, ``forward``'s and the modules written, for a network that branches.

    Every layer but the merges is a named sub-module; a merge is written as the operation it is
    (``x3 + x1``, ``torch.cat(...)``), since it has no weights. ``x{n}`` is layer n's output.
    """
    init: list[str] = []
    forward: list[str] = []
    written: list[nn.Module] = []
    names = node_names(spec)
    act = model.output_activation
    last = len(spec.layers) - 1
    for i, block in enumerate(model.layers):
        layer = spec.layers[i]
        sources = [_var(s) for s in spec.inputs_of(i)]
        out = _shape(analysis.layers[i].output_shape)
        label = f"{layer.type} ({layer.describe()})" if layer.describe() else layer.type
        comment = f"{i + 1}. {label} -> {out}"
        if layer_type(layer.type).merges:
            forward += _line(f"{_var(i)} = {_merge_source(sources, block)}", comment)
            continue
        modules = [module_source(layer, m) for m in block]
        init += _block_lines(i, analysis, modules, spec, head=f"self.{names[i]} = ")
        written += list(block)
        if i != model.squash_layer:
            forward += _line(f"{_var(i)} = self.{names[i]}({sources[0]})", comment)
            continue
        value = sources[0]
        for j in range(len(block) - 1):
            forward += _line(f"{_var(i)} = self.{names[i]}[{j}]({value})",
                             f"{i + 1}. {layer.type} -> {out}: class scores")
            value = _var(i)
        apply = f"self.{names[i]}[{len(block) - 1}]({value})"
        if i == last:
            forward += ["if return_logits:",
                        f'    return {value}  # the scores before the {act}, called "logits"',
                        f"return {apply}  # {act}: {_RESULTS[act]}"]  # fmt: skip
            return init, forward, written
        forward += [
            f'if not return_logits:  # with it: the scores before the {act}, called "logits"',
            f"    {_var(i)} = {apply}  # {act}: {_RESULTS[act]}",
        ]
    return init, [*forward, f"return {_var(last)}"], written


def _var(node: int) -> str:
    """The name ``forward`` gives a node's output: ``x`` for the input, ``x3`` for layer 3."""
    return "x" if node == INPUT else f"x{node + 1}"


def _line(code: str, comment: str) -> list[str]:
    """``code  # comment``, or the comment on a line of its own above when that is too long."""
    if len(f"        {code}  # {comment}") <= LINE:
        return [f"{code}  # {comment}"]
    return [f"# {line}" for line in textwrap.wrap(comment, LINE - 10)] + [code]


def _merge_source(sources: list[str], block: nn.Module) -> str:
    """A merge layer as the expression it computes from its inputs' variables."""
    merge: Any = next(iter(block.children()))
    if merge.how == "concatenate":
        return f"torch.cat([{', '.join(sources)}], dim={merge.dim})"
    return (" + " if merge.how == "add" else " * ").join(sources)


def _init_source(config: TrainingConfig) -> str:
    call = {
        "xavier": ("Xavier (Glorot) uniform", "nn.init.xavier_uniform_(param)"),
        "he": ("He (Kaiming) uniform", 'nn.init.kaiming_uniform_(param, nonlinearity="relu")'),
        "normal": ("Normal (cfg.init_std)", "nn.init.normal_(param, 0.0, cfg.init_std)"),
    }[config.init]
    return f'''\
def initialise(model: nn.Module, cfg: Config) -> None:
    """{call[0]} initial weights, as chosen in the app; biases start at zero."""
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d, nn.Embedding)):
            continue  # these keep PyTorch's own starting values
        for name, param in module.named_parameters(recurse=False):
            if name.startswith("bias"):
                nn.init.zeros_(param)
            elif param.dim() >= 2:
                {call[1]}'''


# -- the loss -------------------------------------------------------------------------------------
def _loss_source(objective: Objective) -> str:
    act, name = objective.output_activation, objective.loss_name
    if objective.num_classes == 1:
        target = ["target = targets.to(outputs.dtype).reshape(outputs.shape)  # 0 or 1"]
    else:
        target = [
            "# The right answers as a 1 for the right class and 0 for the others (one-hot).",
            "target = F.one_hot(targets, NUM_CLASSES).to(outputs.dtype)",
        ]
    if name == "nll":
        body = ["return F.nll_loss(outputs, targets)"]
        doc = ("Mean negative log-likelihood of a batch: minus the log-probability the network "
               "gives the right answer.")
        why = ("The last layer ends in log_softmax, so its outputs are log-probabilities: the "
               "negative log-likelihood (NLLLoss) takes them as they are.")
    elif name == "cross_entropy":
        body = ["return F.cross_entropy(outputs, targets)"]
        doc = "Mean cross-entropy of a batch: how surprised the network is by the right answers."
        if act == "log_softmax":
            why = ("The last layer ends in log_softmax. Cross-entropy applies its own log-softmax, "
                   "which leaves log-probabilities unchanged, so the loss is the same on the "
                   "scores before the log_softmax (the logits), where it is computed.")
        elif objective.uses_logits:
            why = ("The last layer ends in softmax and cross-entropy applies its own log-softmax, "
                   "so the loss is computed on the scores before the softmax (the logits): "
                   "softmaxing twice would train badly, and log-softmax in one step is stable.")
        elif act == "linear":
            why = "The last layer has no activation: its outputs are the scores it wants."
        else:
            why = f"The last layer uses {act}; cross-entropy treats its outputs as class scores."
    elif name == "mse":
        body = [*target, "return F.mse_loss(outputs, target)"]
        doc = "Mean squared difference between the outputs and the right answers."
        why = f"Mean squared error compares the network's outputs ({act}) with 0s and a 1."
    else:
        doc = "Mean binary cross-entropy of a batch: one yes/no question per output."
        if objective.uses_logits or act == "linear":
            body = [*target, "return F.binary_cross_entropy_with_logits(outputs, target)"]
            why = ("Binary cross-entropy with logits applies the sigmoid itself, in a numerically "
                   "stable way, so it gets the scores before the last layer's sigmoid."
                   if act == "sigmoid" else "The last layer has no activation, so binary "
                   "cross-entropy with logits applies the sigmoid to its outputs itself.")
        else:
            back = (["outputs = outputs.exp()  # log-probabilities back to probabilities"]
                    if act == "log_softmax" else [])
            body = [*target, *back,
                    "outputs = outputs.clamp(1e-7, 1 - 1e-7)  # log(0) is -infinity",
                    "return F.binary_cross_entropy(outputs, target)"]
            why = f"Binary cross-entropy on the last layer's {act} outputs."
            if act == "log_softmax":
                why += " They are log-probabilities, so their exp() gives the probabilities."
    if objective.num_classes > 1:
        predict_doc, predict_body = "the class with the highest score", "outputs.argmax(dim=1)"
    else:
        threshold = 0.0 if (objective.uses_logits or name == "binary_cross_entropy") else 0.5
        if act == "sigmoid" and not objective.uses_logits:
            threshold = 0.5
        predict_doc = f"class 1 where the output is above {threshold}"
        predict_body = f"(outputs.reshape(-1) > {threshold}).long()"
    comment = [*_wrap(why), *(line for w in objective.warnings() for line in _wrap("Note: " + w))]
    return "\n".join([
        *comment,
        f"LOSS_ON_LOGITS = {objective.uses_logits}",
        "",
        "",
        "def compute_loss(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:",
        *_docstring(doc),
        *(f"    {line}" for line in body),
        "",
        "",
        "def predict(outputs: torch.Tensor) -> torch.Tensor:",
        f'    """The predicted class of each sample: {predict_doc}."""',
        f"    return {predict_body}",
    ])  # fmt: skip


def _docstring(text: str, pad: str = "    ") -> list[str]:
    """A one-line docstring, or its text wrapped over several lines when it is too long."""
    if len(f'{pad}"""{text}"""') <= LINE:
        return [f'{pad}"""{text}"""']
    body = textwrap.wrap(text, LINE - len(pad) - 3)  # the first line starts with """
    return [f'{pad}"""{body[0]}', *(f"{pad}{line}" for line in body[1:]), f'{pad}"""']


def _wrap(text: str, width: int = LINE - 2) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(f"# {line}")
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, f"# {line}"] if line else lines


# -- the whole script -----------------------------------------------------------------------------
AUGMENTATION_LEFT_OUT = (
    "Not written out: the app trained this network with image augmentation (each training "
    "image moved, turned, zoomed and, with the drawing-robust settings, slanted, bent, thickened "
    "or outlined anew every epoch); this script trains on the images as they are, so it matches "
    "the app's runs with augmentation off."
)

def render_training_script(
    spec: NetworkSpec,
    config: TrainingConfig,
    dataset_options: dict[str, Any] | None = None,
    description: str = "",
) -> str:
    """The source of ``train.py`` for ``spec`` trained with ``config`` on ``spec.dataset``.

    Raises :class:`ExportError` (or another :class:`PlaygroundError`) when the network is invalid,
    the loss cannot train it, or the dataset cannot feed it.
    """
    options = dict(dataset_options or {})
    analysis = infer_shapes(spec)
    info = dataset_info(spec.dataset)
    if math.prod(info.input_shape) != math.prod(spec.input_shape):
        raise ExportError(
            "The network reads {shape} but {dataset} gives {data_shape}; change the network's "
            "input before exporting.", shape=str(spec.input_shape), dataset=spec.dataset,
            data_shape=str(info.input_shape),
        )
    data.check_exportable(info)
    model = build_model(spec)
    objective = Objective(config.loss, model.output_activation, spec.num_classes)
    downloads = data.downloads(info)
    description = description or (
        f"A network of {len(spec.layers)} layers ({analysis.total_params:,} parameters) built in "
        f"the app, trained on {info.title}."
    )
    if config.augment:
        # The app's batched image augmentation is not written out: say so where the script
        # promises to train exactly like the app, rather than train differently in silence.
        description += " " + AUGMENTATION_LEFT_OUT
    needs = "torch, numpy and safetensors" + (" (and torchvision to download the data)"
                                              if downloads else "")  # fmt: skip
    init_call = "\n    initialise(model, cfg)" if config.init != "default" else ""
    return tpl.SCRIPT.substitute(
        title=spec.name or "network",
        description=textwrap.fill(description, LINE),
        needs=needs,
        extra_imports="import gzip\n" if info.name in ("mnist-full", "fashion-mnist") else "",
        input_shape=repr(tuple(spec.input_shape)),
        input_comment=data.input_comment(spec.input_shape),
        num_classes=spec.num_classes,
        config=data.config_source(config, info),
        data=data.data_source(info, config, options),
        model=_model_source(spec, config),
        init_call=init_call,
        loss=_loss_source(objective),
        load_data=data.LOAD_DATA_DOWNLOAD if downloads else data.LOAD_DATA,
        data_option=data.DATA_OPTION if downloads else "",
        data_name=', "data"' if downloads else "",
    )
