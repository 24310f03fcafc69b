"""The layer catalogue: every layer type a network may contain, its parameters and explanations.

This is the single source of truth the rest of the app is generated from: the spec reader refuses
types that are not here (so a file can never name arbitrary code), the GUI builds its palette and
inspector forms from :data:`LAYER_TYPES`, and the explanations shown as tooltips live beside the
parameters they explain, in English and Spanish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ParamKind = Literal["int", "float", "bool", "choice", "shape"]
Family = Literal["core", "convolution", "pooling", "recurrent", "regularisation"]

ACTIVATIONS: tuple[str, ...] = (
    "relu",
    "sigmoid",
    "tanh",
    "leaky_relu",
    "elu",
    "gelu",
    "softmax",
    "log_softmax",
    "linear",
)


@dataclass(frozen=True)
class Text:
    """A short text in the two languages the app speaks."""

    en: str
    es: str

    def get(self, language: str = "en") -> str:
        return self.es if language.startswith("es") else self.en


def es_number(value: float, spec: str) -> str:
    """``format(value, spec)`` with a decimal comma, as the app's Spanish texts write numbers.

    The Spanish texts (lessons, verdicts, validation messages) follow Spain's conventions:
    0,25 and 11.252, never 0.25 and 11,252, which a Spanish reader would misread.
    """
    return format(value, spec).translate(str.maketrans({".": ",", ",": "."}))


ACTIVATION_EXPLANATIONS: dict[str, Text] = {
    "relu": Text(
        "ReLU keeps positive values and turns negatives into zero. Simple and fast, it is the "
        "usual choice for hidden layers because its gradient does not fade for positive inputs.",
        "ReLU deja pasar los valores positivos y convierte los negativos en cero. Es sencilla y "
        "rápida, y es la opción habitual en capas ocultas porque su gradiente no se apaga con "
        "entradas positivas.",
    ),
    "sigmoid": Text(
        "Sigmoid squeezes any number into the range 0 to 1, like a probability. In deep hidden "
        "layers it learns slowly because its gradient is tiny for large inputs.",
        "La sigmoide comprime cualquier número al rango de 0 a 1, como una probabilidad. En capas "
        "ocultas profundas aprende despacio porque su gradiente es diminuto con entradas grandes.",
    ),
    "tanh": Text(
        "Tanh squeezes numbers into -1 to 1 and is centred on zero, which often helps small "
        "networks such as those on the 2D toy datasets.",
        "Tanh comprime los números al rango de -1 a 1 y está centrada en cero, lo que suele ayudar "
        "a redes pequeñas como las de los conjuntos de juguete en 2D.",
    ),
    "leaky_relu": Text(
        "Leaky ReLU is ReLU that lets a small slope (0.01) through for negative values, so a "
        "neuron can never go completely silent.",
        "Leaky ReLU es una ReLU que deja pasar una pendiente pequeña (0,01) para valores "
        "negativos, así una neurona nunca queda callada del todo.",
    ),
    "elu": Text(
        "ELU behaves like ReLU for positive values and curves smoothly towards -1 for negative "
        "ones, which keeps average outputs closer to zero.",
        "ELU se comporta como ReLU con valores positivos y se curva suavemente hacia -1 con los "
        "negativos, lo que mantiene la media de las salidas más cerca de cero.",
    ),
    "gelu": Text(
        "GELU is a smooth version of ReLU that weighs each input by how likely it is to be "
        "positive. Modern transformer models use it.",
        "GELU es una versión suave de ReLU que pondera cada entrada según la probabilidad de que "
        "sea positiva. La usan los modelos transformer modernos.",
    ),
    "softmax": Text(
        "Softmax turns a list of scores into probabilities that add up to 1. Use it on the last "
        "layer of a classifier: the largest probability is the predicted class.",
        "Softmax convierte una lista de puntuaciones en probabilidades que suman 1. Úsala en la "
        "última capa de un clasificador: la probabilidad mayor es la clase predicha.",
    ),
    "log_softmax": Text(
        "Log-softmax gives the logarithm of softmax's probabilities: numbers of 0 or below, where "
        "0 means certain. It is what the negative log-likelihood (NLL) loss expects; the app "
        "shows exp() of these values as probabilities, which add up to 1.",
        "Log-softmax da el logaritmo de las probabilidades de softmax: números iguales o menores "
        "que 0, donde 0 significa certeza. Es lo que espera la pérdida de log-verosimilitud "
        "negativa (NLL); la aplicación muestra como probabilidades el exp() de estos valores, "
        "que suman 1.",
    ),
    "linear": Text(
        "Linear means no activation: the layer's weighted sum passes through unchanged. Stacking "
        "linear layers alone can only ever draw straight lines.",
        "Lineal significa sin activación: la suma ponderada de la capa pasa tal cual. Apilar solo "
        "capas lineales únicamente puede trazar líneas rectas.",
    ),
}


@dataclass(frozen=True)
class ParamDef:
    """One parameter of a layer type: its kind, default, allowed range and labels."""

    name: str
    kind: ParamKind
    default: Any
    label: Text
    help: Text
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayerType:
    """A kind of layer the user can place in a network."""

    name: str
    family: Family
    title: Text
    explanation: Text
    params: tuple[ParamDef, ...] = ()

    def param(self, name: str) -> ParamDef:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}


def _activation(default: str) -> ParamDef:
    return ParamDef(
        "activation",
        "choice",
        default,
        Text("Activation", "Activación"),
        Text(
            "The function applied to each output of the layer.",
            "La función que se aplica a cada salida de la capa.",
        ),
        choices=ACTIVATIONS,
    )


def _units(default: int, help_: Text) -> ParamDef:
    return ParamDef("units", "int", default, Text("Units", "Unidades"), help_, 1, 65536)


_RECURRENT_FLAGS = (
    ParamDef(
        "return_sequences",
        "bool",
        False,
        Text("Return sequences", "Devolver secuencias"),
        Text(
            "Output one vector per time step (to feed another recurrent layer) instead of only "
            "the last one.",
            "Devuelve un vector por cada paso de tiempo (para alimentar otra capa recurrente) en "
            "lugar de solo el último.",
        ),
    ),
    ParamDef(
        "bidirectional",
        "bool",
        False,
        Text("Bidirectional", "Bidireccional"),
        Text(
            "Read the sequence forwards and backwards and join both readings (twice the outputs).",
            "Lee la secuencia hacia delante y hacia atrás y une ambas lecturas (el doble de "
            "salidas).",
        ),
    ),
)

_RECURRENT_UNITS = Text(
    "Size of the memory vector the layer carries from one time step to the next.",
    "Tamaño del vector de memoria que la capa lleva de un paso de tiempo al siguiente.",
)


def _pool_params() -> tuple[ParamDef, ...]:
    return (
        ParamDef(
            "pool_size",
            "int",
            2,
            Text("Pool size", "Tamaño de la ventana"),
            Text(
                "Side of the square window summarised into one value.",
                "Lado de la ventana cuadrada que se resume en un solo valor.",
            ),
            1,
            64,
        ),
        ParamDef(
            "stride",
            "int",
            0,
            Text("Stride", "Paso"),
            Text(
                "How far the window moves each step; 0 means the same as the pool size.",
                "Cuánto se desplaza la ventana en cada paso; 0 significa igual que el tamaño de "
                "la ventana.",
            ),
            0,
            64,
        ),
    )


LAYER_TYPES: dict[str, LayerType] = {
    t.name: t
    for t in (
        LayerType(
            "Dense",
            "core",
            Text("Dense", "Densa"),
            Text(
                "A fully connected layer: every output neuron looks at every input value, "
                "multiplies each by a weight, adds them up with a bias and applies an activation.",
                "Una capa totalmente conectada: cada neurona de salida mira todos los valores de "
                "entrada, multiplica cada uno por un peso, los suma con un sesgo y aplica una "
                "activación.",
            ),
            (
                _units(
                    64,
                    Text(
                        "Number of neurons, and so of output values.",
                        "Número de neuronas, y por tanto de valores de salida.",
                    ),
                ),
                _activation("relu"),
                ParamDef(
                    "use_bias",
                    "bool",
                    True,
                    Text("Use bias", "Usar sesgo"),
                    Text(
                        "Add a learned constant to each neuron's sum.",
                        "Suma una constante aprendida a cada neurona.",
                    ),
                ),
            ),
        ),
        LayerType(
            "Conv2D",
            "convolution",
            Text("Conv2D", "Conv2D"),
            Text(
                "A convolution slides small filters over the image. Each filter learns to "
                "respond to one local pattern (an edge, a curve) wherever it appears, and makes "
                "one feature map.",
                "Una convolución desliza filtros pequeños sobre la imagen. Cada filtro aprende a "
                "responder a un patrón local (un borde, una curva) allí donde aparezca, y produce "
                "un mapa de características.",
            ),
            (
                ParamDef(
                    "filters",
                    "int",
                    8,
                    Text("Filters", "Filtros"),
                    Text(
                        "How many patterns to learn; each gives one output channel.",
                        "Cuántos patrones aprender; cada uno da un canal de salida.",
                    ),
                    1,
                    1024,
                ),
                ParamDef(
                    "kernel_size",
                    "int",
                    3,
                    Text("Kernel size", "Tamaño del filtro"),
                    Text(
                        "Side of each square filter, in pixels.",
                        "Lado de cada filtro cuadrado, en píxeles.",
                    ),
                    1,
                    31,
                ),
                ParamDef(
                    "stride",
                    "int",
                    1,
                    Text("Stride", "Paso"),
                    Text(
                        "How many pixels the filter moves each step; 2 halves the image.",
                        "Cuántos píxeles avanza el filtro en cada paso; 2 reduce la imagen a la "
                        "mitad.",
                    ),
                    1,
                    16,
                ),
                ParamDef(
                    "padding",
                    "choice",
                    "valid",
                    Text("Padding", "Relleno"),
                    Text(
                        "'valid' uses only real pixels, so the image shrinks; 'same' pads the "
                        "border with zeros so it keeps its size.",
                        "'valid' usa solo píxeles reales, así que la imagen encoge; 'same' rellena "
                        "el borde con ceros para que conserve su tamaño.",
                    ),
                    choices=("valid", "same"),
                ),
                _activation("relu"),
            ),
        ),
        LayerType(
            "MaxPool2D",
            "pooling",
            Text("MaxPool2D", "MaxPool2D"),
            Text(
                "Max pooling keeps the largest value of each small window, shrinking the feature "
                "maps while keeping the strongest responses.",
                "El max pooling se queda con el valor mayor de cada ventana pequeña: reduce los "
                "mapas de características y conserva las respuestas más fuertes.",
            ),
            _pool_params(),
        ),
        LayerType(
            "AvgPool2D",
            "pooling",
            Text("AvgPool2D", "AvgPool2D"),
            Text(
                "Average pooling replaces each small window by its mean, shrinking the feature "
                "maps smoothly.",
                "El average pooling sustituye cada ventana pequeña por su media y reduce los mapas "
                "de características de forma suave.",
            ),
            _pool_params(),
        ),
        LayerType(
            "Flatten",
            "core",
            Text("Flatten", "Aplanar"),
            Text(
                "Flatten lays an image or a stack of feature maps out as one long list of numbers, "
                "so Dense layers can read it. It has no weights.",
                "Aplanar coloca una imagen o una pila de mapas de características en una sola "
                "lista larga de números, para que las capas densas puedan leerla. No tiene pesos.",
            ),
        ),
        LayerType(
            "Reshape",
            "core",
            Text("Reshape", "Redimensionar"),
            Text(
                "Reshape arranges the same numbers in a new shape, for example a list of 784 "
                "values as a 28×28 image, or an image as 28 rows read one after another.",
                "Redimensionar ordena los mismos números con otra forma, por ejemplo una lista de "
                "784 valores como una imagen de 28×28, o una imagen como 28 filas leídas una tras "
                "otra.",
            ),
            (
                ParamDef(
                    "target_shape",
                    "shape",
                    (1, 28, 28),
                    Text("Target shape", "Forma de destino"),
                    Text(
                        "The new shape, without the batch; it must hold as many values as the "
                        "input.",
                        "La nueva forma, sin el lote; debe contener tantos valores como la "
                        "entrada.",
                    ),
                ),
            ),
        ),
        LayerType(
            "Activation",
            "core",
            Text("Activation", "Activación"),
            Text(
                "A standalone activation applies a function to every value without any weights, "
                "for example after BatchNorm.",
                "Una activación independiente aplica una función a cada valor sin pesos, por "
                "ejemplo después de BatchNorm.",
            ),
            (_activation("relu"),),
        ),
        LayerType(
            "Dropout",
            "regularisation",
            Text("Dropout", "Dropout"),
            Text(
                "During training, Dropout switches off a random share of the values at each step, "
                "so the network cannot rely on any single neuron. This fights overfitting. It does "
                "nothing at test time.",
                "Durante el entrenamiento, Dropout apaga al azar una parte de los valores en cada "
                "paso, para que la red no dependa de ninguna neurona concreta. Así combate el "
                "sobreajuste. No hace nada al evaluar.",
            ),
            (
                ParamDef(
                    "rate",
                    "float",
                    0.5,
                    Text("Rate", "Tasa"),
                    Text(
                        "Share of values switched off at each training step (0 to 0.95).",
                        "Proporción de valores apagados en cada paso de entrenamiento (0 a 0,95).",
                    ),
                    0.0,
                    0.95,
                ),
            ),
        ),
        LayerType(
            "BatchNorm",
            "regularisation",
            Text("BatchNorm", "BatchNorm"),
            Text(
                "Batch normalisation rescales each feature to mean 0 and spread 1 over the batch, "
                "then learns its own scale and shift. Deep networks train faster and more stably "
                "with it.",
                "La normalización por lotes reescala cada característica a media 0 y dispersión 1 "
                "dentro del lote, y luego aprende su propia escala y desplazamiento. Las redes "
                "profundas entrenan más rápido y de forma más estable con ella.",
            ),
        ),
        LayerType(
            "SimpleRNN",
            "recurrent",
            Text("SimpleRNN", "RNN simple"),
            Text(
                "A simple recurrent layer reads a sequence one step at a time and keeps a memory "
                "vector that mixes each new step with what it saw before. It forgets long-range "
                "context quickly. PyTorch's version keeps two bias vectors, so it has units more "
                "parameters than Keras' SimpleRNN (2×units when bidirectional).",
                "Una capa recurrente simple lee una secuencia paso a paso y guarda un vector de "
                "memoria que mezcla cada paso nuevo con lo visto antes. Olvida pronto el contexto "
                "lejano. La versión de PyTorch guarda dos vectores de sesgo, por lo que tiene "
                "unidades parámetros más que la SimpleRNN de Keras (2×unidades si es "
                "bidireccional).",
            ),
            (_units(64, _RECURRENT_UNITS), *_RECURRENT_FLAGS),
        ),
        LayerType(
            "LSTM",
            "recurrent",
            Text("LSTM", "LSTM"),
            Text(
                "An LSTM is a recurrent layer with gates that decide what to remember, what to "
                "forget and what to output, so it keeps information over long sequences. "
                "PyTorch's LSTM keeps two bias vectors, so it has 4×units more parameters than "
                "Keras' version (8×units when bidirectional).",
                "Una LSTM es una capa recurrente con puertas que deciden qué recordar, qué olvidar "
                "y qué sacar, así conserva información a lo largo de secuencias largas. La LSTM de "
                "PyTorch guarda dos vectores de sesgo, por lo que tiene 4×unidades parámetros más "
                "que la de Keras (8×unidades si es bidireccional).",
            ),
            (_units(64, _RECURRENT_UNITS), *_RECURRENT_FLAGS),
        ),
        LayerType(
            "GRU",
            "recurrent",
            Text("GRU", "GRU"),
            Text(
                "A GRU is a lighter cousin of the LSTM: two gates instead of three, fewer weights, "
                "and usually similar results. Like Keras' GRU, it keeps two bias vectors, so both "
                "count the same parameters.",
                "Una GRU es una prima más ligera de la LSTM: dos puertas en lugar de tres, menos "
                "pesos y, normalmente, resultados parecidos. Como la GRU de Keras, guarda dos "
                "vectores de sesgo, así que las dos tienen los mismos parámetros.",
            ),
            (_units(64, _RECURRENT_UNITS), *_RECURRENT_FLAGS),
        ),
        LayerType(
            "Embedding",
            "recurrent",
            Text("Embedding", "Embedding"),
            Text(
                "An embedding turns each word number into a learned vector, so words used alike "
                "end up with similar vectors. It must be the first layer and reads token ids.",
                "Un embedding convierte el número de cada palabra en un vector aprendido, de modo "
                "que palabras usadas de forma parecida acaban con vectores parecidos. Debe ser la "
                "primera capa y lee identificadores de palabras.",
            ),
            (
                ParamDef(
                    "vocabulary",
                    "int",
                    1000,
                    Text("Vocabulary", "Vocabulario"),
                    Text(
                        "How many different words (token ids) there are.",
                        "Cuántas palabras distintas (identificadores) hay.",
                    ),
                    2,
                    1_000_000,
                ),
                ParamDef(
                    "dimension",
                    "int",
                    16,
                    Text("Dimension", "Dimensión"),
                    Text(
                        "Length of the vector learned for each word.",
                        "Longitud del vector que se aprende para cada palabra.",
                    ),
                    1,
                    4096,
                ),
            ),
        ),
    )
}

FAMILY_TITLES: dict[str, Text] = {
    "core": Text("Core", "Básicas"),
    "convolution": Text("Convolution", "Convolución"),
    "pooling": Text("Pooling", "Agrupación"),
    "recurrent": Text("Recurrent", "Recurrentes"),
    "regularisation": Text("Regularisation", "Regularización"),
}


def layer_type(name: str) -> LayerType:
    """The catalogue entry for ``name``; raises ``KeyError`` for a type not in the catalogue."""
    return LAYER_TYPES[name]
