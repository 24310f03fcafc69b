"""Ready-made networks: each a spec, a training configuration and a short description.

They are the starting points of the lessons (the first MLP, the network written "by hand", the
LeNet-like CNN on Fashion-MNIST, an LSTM reading rows, a decision boundary on the spiral) and the
models the benchmarks and tests train.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.core.config import TrainingConfig
from playground.core.layers import Text
from playground.core.spec import LayerSpec, NetworkSpec

L = LayerSpec.create


@dataclass(frozen=True)
class Template:
    name: str
    description: Text
    spec: NetworkSpec
    config: TrainingConfig
    dataset_options: dict[str, Any] = field(default_factory=dict)

    @property
    def dataset(self) -> str:
        return self.spec.dataset


def _mlp() -> Template:
    return Template(
        "mlp-mnist",
        Text(
            "The classic first network: 784 → 64 → 64 → 10 on handwritten digits, Adam.",
            "La primera red clásica: 784 → 64 → 64 → 10 sobre dígitos escritos a mano, Adam.",
        ),
        NetworkSpec(
            (1, 28, 28),
            "mnist",
            10,
            (
                L("Flatten"),
                L("Dense", units=64, activation="relu"),
                L("Dense", units=64, activation="relu"),
                L("Dense", units=10, activation="softmax"),
            ),
            "mlp-mnist",
        ),
        TrainingConfig(loss="cross_entropy", optimizer="adam", learning_rate=1e-3, batch_size=32,
                       epochs=5),
    )


def _scratch() -> Template:
    return Template(
        "scratch-mnist",
        Text(
            "The network written by hand: 784 → 32 → 10 on black-and-white digits, plain SGD "
            "one example at a time.",
            "La red escrita a mano: 784 → 32 → 10 sobre dígitos en blanco y negro, SGD simple "
            "de ejemplo en ejemplo.",
        ),
        NetworkSpec(
            (1, 28, 28),
            "mnist",
            10,
            (
                L("Flatten"),
                L("Dense", units=32, activation="relu"),
                L("Dense", units=10, activation="softmax"),
            ),
            "scratch-mnist",
        ),
        TrainingConfig(optimizer="sgd", learning_rate=0.05, batch_size=1, epochs=3,
                       preprocessing="binarize", init="normal", init_std=0.1),
    )


def _cnn_fashion() -> Template:
    return Template(
        "cnn-fashion",
        Text(
            "A LeNet-like CNN on Fashion-MNIST clothes: two 5×5 convolutions with pooling, SGD "
            "0.04 in batches of 20, keeping the best weights.",
            "Una CNN al estilo LeNet sobre ropa de Fashion-MNIST: dos convoluciones 5×5 con "
            "agrupación, SGD 0,04 en lotes de 20, guardando los mejores pesos.",
        ),
        NetworkSpec(
            (1, 28, 28),
            "fashion-mnist",
            10,
            (
                L("Conv2D", filters=6, kernel_size=5, activation="relu"),
                L("MaxPool2D", pool_size=2),
                L("Conv2D", filters=10, kernel_size=5, activation="relu"),
                L("MaxPool2D", pool_size=2),
                L("Flatten"),
                L("Dense", units=56, activation="relu"),
                L("Dense", units=10, activation="softmax"),
            ),
            "cnn-fashion",
        ),
        TrainingConfig(optimizer="sgd", learning_rate=0.04, batch_size=20, epochs=15,
                       validation_split=0.2, keep_best=True),
    )


def _cnn_mnist() -> Template:
    return Template(
        "cnn-mnist",
        Text(
            "A stronger small CNN for digits: 32 and 64 filters, pooling, Dropout and a "
            "128-unit Dense layer.",
            "Una CNN pequeña y más potente para dígitos: 32 y 64 filtros, agrupación, Dropout y "
            "una capa densa de 128 unidades.",
        ),
        NetworkSpec(
            (1, 28, 28),
            "mnist",
            10,
            (
                L("Conv2D", filters=32, kernel_size=3, activation="relu"),
                L("MaxPool2D", pool_size=2),
                L("Conv2D", filters=64, kernel_size=3, activation="relu"),
                L("MaxPool2D", pool_size=2),
                L("Flatten"),
                L("Dropout", rate=0.25),
                L("Dense", units=128, activation="relu"),
                L("Dense", units=10, activation="softmax"),
            ),
            "cnn-mnist",
        ),
        TrainingConfig(optimizer="adam", learning_rate=1e-3, batch_size=64, epochs=5),
    )


def _rnn_mnist() -> Template:
    return Template(
        "rnn-mnist",
        Text(
            "An LSTM that reads each digit row by row, 28 time steps of 28 pixels.",
            "Una LSTM que lee cada dígito fila a fila: 28 pasos de tiempo de 28 píxeles.",
        ),
        NetworkSpec(
            (28, 28),
            "mnist",
            10,
            (
                L("LSTM", units=64),
                L("Dense", units=10, activation="softmax"),
            ),
            "rnn-mnist",
        ),
        TrainingConfig(optimizer="adam", learning_rate=2e-3, batch_size=32, epochs=5),
    )


def _toy_spiral() -> Template:
    return Template(
        "toy-spiral",
        Text(
            "A small tanh network that learns to separate two interleaved spirals in 2D.",
            "Una red pequeña con tanh que aprende a separar dos espirales entrelazadas en 2D.",
        ),
        NetworkSpec(
            (2,),
            "toy-spiral",
            2,
            (
                L("Dense", units=16, activation="tanh"),
                L("Dense", units=16, activation="tanh"),
                L("Dense", units=2, activation="softmax"),
            ),
            "toy-spiral",
        ),
        TrainingConfig(optimizer="adam", learning_rate=0.03, batch_size=10, epochs=300,
                       validation_split=0.0),
        {"noise": 0.0, "train_ratio": 0.5, "samples": 500},
    )


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (_mlp(), _scratch(), _cnn_fashion(), _cnn_mnist(), _rnn_mnist(), _toy_spiral())
}


def template(name: str) -> Template:
    """The template called ``name``; ``KeyError`` if there is none."""
    return TEMPLATES[name]
