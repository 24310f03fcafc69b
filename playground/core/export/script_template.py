"""The fixed text of the exported ``train.py``, with ``$placeholders`` for the generated parts.

Why a Python module and not a ``.py.txt`` file: it is packaged and found like any other module,
and the parts a student reads most (the data, the loop, DistributedDataParallel) are kept here
as one readable piece of code instead of being scattered through the generator. The generator
(:mod:`playground.core.export.script`) fills in what depends on the network and the dataset:
the configuration's values, the data loader, the ``Net`` class, the loss.

The text uses :class:`string.Template` (``$name``), because the script itself is full of the
braces that ``str.format`` would need escaped.
"""

from __future__ import annotations

from string import Template

SCRIPT = Template('''\
#!/usr/bin/env python3
"""$title: a PyTorch training script exported from Neural Network Playground.

$description

Everything the app does to train this network is written out below, top to bottom:

1. Config: every training setting, with the values the app used;
2. the data: loading, preprocessing and the validation split, exactly as in the app;
3. Net: the network, one block per layer of the editor (the weights have the app's names);
4. the loss and the optimizer;
5. training, evaluation on the test set, and saving the weights with safetensors.

Run it with ``python train.py`` (``--help`` lists the options; ``--epochs 1 --limit 2000`` is a
quick try). It runs unchanged on several processes or GPUs with DistributedDataParallel:
``torchrun --nproc_per_node=2 train.py``. In one process and with the same seed it trains
exactly like the app.

Needs: $needs.
"""

from __future__ import annotations

import argparse
import gc
${extra_imports}import json
import math
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch import nn
from torch.nn.parallel import DistributedDataParallel

HERE = Path(__file__).resolve().parent
INPUT_SHAPE = $input_shape  # $input_comment
NUM_CLASSES = $num_classes


# ----------------------------------------------------------------------------------------------
# 1. The configuration


$config


# ----------------------------------------------------------------------------------------------
# 2. The data


$data


def split(
    x: torch.Tensor, y: torch.Tensor, fraction: float, seed: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Hold out a random ``fraction`` of the training samples for validation (as the app does).

    The network never trains on them, so their loss shows whether it learns the task or only
    memorises its training samples (overfitting).
    """
    n_val = round(len(x) * fraction)
    if n_val == 0:
        return x, y, x[:0], y[:0]
    perm = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    val, train = perm[:n_val], perm[n_val:]
    return x[train], y[train], x[val], y[val]


# ----------------------------------------------------------------------------------------------
# 3. The network


$model


def count_parameters(model: nn.Module) -> int:
    """Weights and biases plus BatchNorm's running statistics, counted as the app (and Keras) do."""
    buffers = sum(b.numel() for name, b in model.named_buffers() if "num_batches" not in name)
    return sum(p.numel() for p in model.parameters()) + buffers


def make_model(cfg: Config, init_weights: Path | None = None) -> Net:
    """The network with the app's initial weights, or with saved weights when the file exists."""
    torch.manual_seed(cfg.seed)  # the same seed gives the same initial weights as in the app
    model = Net()$init_call
    if init_weights is not None and init_weights.is_file():
        # safetensors holds only numbers and names: loading it never runs code (unlike pickle).
        model.load_state_dict(load_file(init_weights))
    return model


# ----------------------------------------------------------------------------------------------
# 4. The loss and the optimizer


$loss


def frozen_blocks(model: nn.Module, cfg: Config) -> list[nn.Module]:
    """The first ``frozen_layers`` layers (transfer learning): they keep their starting weights.

    As in the app, their weights do not train and they stay in evaluation mode while the rest
    trains (BatchNorm keeps its learned statistics, Dropout keeps everything).
    """
    count = getattr(cfg, "frozen_layers", 0)
    if not count:
        return []
    layers = getattr(model, "layers", None)
    if layers is None:
        print("frozen_layers works on a plain column of layers only: every layer trains.")
        return []
    return list(layers)[:count]


def make_optimizer(model: nn.Module, cfg: Config) -> torch.optim.Optimizer:
    """The optimizer the app uses, with the same settings, for the weights that train.

    The frozen layers' weights are left out (see ``frozen_blocks``), as the app leaves them out.
    ``fused`` kernels update all the weights in one call, which makes a small network train much
    faster; they exist on the CPU and on CUDA GPUs.
    """
    for block in frozen_blocks(model, cfg):
        block.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    fused = {"fused": True} if params and params[0].device.type in ("cpu", "cuda") else {}
    lr, wd = cfg.learning_rate, cfg.weight_decay
    if cfg.optimizer == "sgd":
        nesterov = cfg.nesterov and cfg.momentum > 0
        return torch.optim.SGD(
            params, lr=lr, momentum=cfg.momentum, nesterov=nesterov, weight_decay=wd, **fused
        )
    if cfg.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd, **fused)
    if cfg.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd, **fused)
    if cfg.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, momentum=cfg.momentum, weight_decay=wd)
    if cfg.optimizer == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, weight_decay=wd, **fused)
    raise ValueError(f"Unknown optimizer {cfg.optimizer!r}.")


# ----------------------------------------------------------------------------------------------
# 5. Training and evaluation


def train_one_epoch(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    x: torch.Tensor,
    y: torch.Tensor,
    cfg: Config,
    shuffle: torch.Generator,
    rank: int,
    world_size: int,
) -> tuple[float, float]:
    """One pass over the training samples in shuffled batches: (mean batch loss, accuracy).

    Every process draws the same shuffle. With several processes each takes every world_size-th
    sample of it (DistributedSampler does the same), and DistributedDataParallel averages the
    gradients of all processes, so one step learns from world_size × batch_size samples.
    """
    order = torch.randperm(len(x), generator=shuffle)
    if world_size > 1:
        share = math.ceil(len(order) / world_size)
        order = torch.cat([order, order[: share * world_size - len(order)]])  # equal shares
        order = order[rank::world_size]
    order = order.to(x.device)
    xs, ys = x[order], y[order]
    batch_size = min(cfg.batch_size, len(xs))
    model.train()  # Dropout drops, BatchNorm uses the batch's statistics
    for block in frozen_blocks(getattr(model, "module", model), cfg):
        block.eval()  # frozen layers keep their learned statistics
    losses = []
    correct = torch.zeros((), dtype=torch.int64, device=x.device)
    for start in range(0, len(xs), batch_size):
        xb, yb = xs[start : start + batch_size], ys[start : start + batch_size]
        outputs = model(xb, return_logits=LOSS_ON_LOGITS)
        loss = compute_loss(outputs, yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # the gradient of the loss with respect to every weight
        optimizer.step()  # move every weight a little against its gradient
        losses.append(loss.detach())
        correct += (predict(outputs.detach()) == yb).sum()
    # Numbers are read back from the device once per epoch: once per batch would be slower.
    totals = torch.stack(
        [
            torch.stack(losses).double().sum(),
            correct.double(),
            torch.tensor(len(losses), dtype=torch.float64, device=x.device),
            torch.tensor(len(xs), dtype=torch.float64, device=x.device),
        ]
    )
    if world_size > 1:
        dist.all_reduce(totals)  # add up the numbers of every process
    loss_sum, right, batches, samples = totals.tolist()
    return loss_sum / batches, right / samples


@torch.no_grad()
def evaluate(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch_size: int = 1024
) -> tuple[float, float]:
    """(mean loss, accuracy) on samples the network does not train on, in large batches."""
    model.eval()  # Dropout off, BatchNorm uses its running statistics
    total_loss, correct = 0.0, 0
    for start in range(0, len(x), batch_size):
        xb, yb = x[start : start + batch_size], y[start : start + batch_size]
        outputs = model(xb, return_logits=LOSS_ON_LOGITS)
        total_loss += float(compute_loss(outputs, yb).double()) * len(xb)
        correct += int((predict(outputs) == yb).sum())
    model.train()
    n = max(len(x), 1)
    return total_loss / n, correct / n


def reached_target(
    model: nn.Module, record: dict[str, float], test_x: torch.Tensor, test_y: torch.Tensor,
    cfg: Config,
) -> str:
    """Why to stop after this epoch if it reached ``cfg.target_accuracy``, else "" (as the app).

    The validation accuracy decides. Without a validation split the test accuracy does,
    measured after each epoch only for this, which makes the final test accuracy a little
    optimistic: the test set chose when to stop.
    """
    if not cfg.target_accuracy:
        return ""
    if "val_accuracy" in record:
        accuracy, measured = record["val_accuracy"], "validation"
    else:
        accuracy, measured = evaluate(model, test_x, test_y)[1], "test"
    if accuracy < cfg.target_accuracy:
        return ""
    return (f"Reached the target {cfg.target_accuracy:.1%} at epoch {record['epoch']}: "
            f"{measured} accuracy {accuracy:.2%}.")


def print_epoch(record: dict[str, float], epochs: int) -> None:
    """One line per epoch, like the app's command line."""
    parts = [f"epoch {record['epoch']}/{epochs}", f"loss {record['train_loss']:.4f}",
             f"accuracy {record['train_accuracy']:.2%}"]
    if "val_loss" in record:
        parts += [f"val_loss {record['val_loss']:.4f}",
                  f"val_accuracy {record['val_accuracy']:.2%}"]
    parts.append(f"{record['seconds']:.1f}s")
    print(" - ".join(parts), flush=True)


def pick_device(name: str, local_rank: int, world_size: int) -> torch.device:
    """The training device: with "auto" a GPU if there is one; under torchrun one per process."""
    mps = torch.backends.mps.is_available() and world_size == 1
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "mps" if mps else "cpu"
    if name == "cuda" and torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
        return torch.device("cuda", local_rank)
    return torch.device("mps" if name == "mps" and mps else "cpu")


def run(cfg: Config, args: argparse.Namespace, rank: int, world_size: int,
        device: torch.device) -> None:
    """Build, train, evaluate and save; only rank 0 prints, evaluates and saves."""
    main_process = rank == 0
    model = make_model(cfg, args.init_weights).to(device)
    if main_process:
        if args.init_weights.is_file():
            print(f"Starting from the weights in {args.init_weights}")
        print(f"params: {count_parameters(model)}", flush=True)
    if cfg.epochs == 0:
        return

    # The whole data set sits on the training device as tensors: it is small enough, and
    # slicing batches out of a tensor is much faster than a DataLoader for small networks.
$load_data
    train_x, train_y, val_x, val_y = split(train_x, train_y, cfg.validation_split, cfg.seed)
    train_x, train_y, val_x, val_y, test_x, test_y = (
        t.to(device) for t in (train_x, train_y, val_x, val_y, test_x, test_y)
    )
    if main_process:
        print(f"Training on {len(train_x):,} samples ({len(val_x):,} for validation) on "
              f"{device}, {world_size} process(es).", flush=True)

    # With several processes, DistributedDataParallel keeps one copy of the network per process
    # and averages their gradients during backward(), so all copies take the same steps.
    trained = model
    if world_size > 1:
        device_ids = [device.index] if device.type == "cuda" else None
        trained = DistributedDataParallel(model, device_ids=device_ids)
    optimizer = make_optimizer(model, cfg)
    torch.manual_seed(cfg.seed + rank)  # Dropout draws its random masks from this generator
    shuffle = torch.Generator().manual_seed(cfg.seed + 1)  # the same shuffles on every process

    history: list[dict[str, float]] = []
    best_loss, best_state, bad_epochs = math.inf, None, 0
    started = time.perf_counter()
    for epoch in range(1, cfg.epochs + 1):
        epoch_start = time.perf_counter()
        train_loss, train_accuracy = train_one_epoch(
            trained, optimizer, train_x, train_y, cfg, shuffle, rank, world_size
        )
        record = {"epoch": epoch, "train_loss": train_loss, "train_accuracy": train_accuracy,
                  "seconds": time.perf_counter() - epoch_start}
        history.append(record)
        if not math.isfinite(train_loss):
            if main_process:
                print("The loss became NaN or infinite: lower the learning rate.")
            break
        why = ""  # the reason to stop before the last epoch, if any
        if main_process:
            if len(val_x):
                record["val_loss"], record["val_accuracy"] = evaluate(model, val_x, val_y)
            print_epoch(record, cfg.epochs)
            if len(val_x) and (cfg.keep_best or cfg.early_stopping_patience):
                if record["val_loss"] < best_loss:
                    best_loss, bad_epochs = record["val_loss"], 0
                    if cfg.keep_best:
                        best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
                else:
                    bad_epochs += 1
                    if 0 < cfg.early_stopping_patience <= bad_epochs:
                        why = f"Stopped early: no better validation loss for {bad_epochs} epochs."
            why = reached_target(model, record, test_x, test_y, cfg) or why
        stop = bool(why)
        if world_size > 1:  # only rank 0 knows whether to stop: it tells the others
            flag = torch.tensor([float(stop)], device=device)
            dist.broadcast(flag, src=0)
            stop = bool(flag.item())
        if stop:
            if main_process:
                print(why)
            break
    seconds = time.perf_counter() - started
    if not main_process:
        return

    if best_state is not None:
        model.load_state_dict(best_state)  # keep_best: the epoch with the lowest validation loss
    test_loss, test_accuracy = evaluate(model, test_x, test_y)
    print(f"test_loss: {test_loss:.4f}")
    print(f"test_accuracy: {test_accuracy:.4f}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    # The same names and shapes as the app's weights, so the app can load this file.
    weights = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    save_file(weights, args.out / "model.safetensors")
    metrics = {"test_loss": test_loss, "test_accuracy": test_accuracy,
               "params": count_parameters(model), "epochs": len(history), "seconds": seconds,
               "world_size": world_size, "device": str(device), "history": history,
               "config": asdict(cfg)}
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    print(f"Saved {args.out / 'model.safetensors'} and metrics.json")


def parse_args() -> tuple[Config, argparse.Namespace]:
    """Config() with the options given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, help="passes over the data (0: only build the net)")
    parser.add_argument("--batch-size", type=int, help="samples per step and process")
    parser.add_argument("--lr", type=float, dest="learning_rate", help="learning rate")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--limit", type=int, help="use only the first N training and test samples")
    parser.add_argument("--device", help="auto, cpu, cuda or mps")
    parser.add_argument("--target-accuracy", type=float,
                        help="stop at this validation accuracy, e.g. 0.97 (0: never)")$data_option
    parser.add_argument("--init-weights", type=Path, default=HERE / "initial.safetensors",
                        help="start from these weights if the file exists (default: "
                        "initial.safetensors beside this script)")
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder for model.safetensors and metrics.json (default: here)")
    args = parser.parse_args()
    names = ("epochs", "batch_size", "learning_rate", "seed", "limit", "device",
             "target_accuracy"$data_name)
    changes = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    return replace(Config(), **changes), args


def main() -> None:
    cfg, args = parse_args()
    # torchrun starts one copy of this script per process and tells each one who it is.
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    device = pick_device(cfg.device, int(os.environ.get("LOCAL_RANK", "0")), world_size)
    if world_size > 1:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    try:
        run(cfg, args, rank, world_size, device)
        if world_size > 1:
            # Free the DistributedDataParallel wrapper (it holds on to the process group) now:
            # left to the interpreter's exit, it can outlive the group and gloo then aborts.
            gc.collect()
            dist.barrier()  # the others wait until rank 0 has saved, then all leave together
    finally:
        if world_size > 1:
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
''')
