"""Spanish for the core's messages about training, its settings and the data.

See :mod:`playground.gui.translations.messages` for how the patterns are matched.
"""

from __future__ import annotations

from playground.gui.translations.os_reasons import for_each_os_reason

# The name of a training setting or dataset option (epochs, batch_size, augment_scale, noise...).
OPTION = r"(?P<name>[a-z][a-z0-9_]*)"

TRAINING_MESSAGES: list[tuple[str, str]] = [
    # -- training (core.training, core.objective) ---------------------------------------------
    (r"The loss became NaN \(not a number\): each step pushed the weights too far, so the "
     r"network got worse instead of better\.",
     "La pérdida se volvió NaN (no es un número): cada paso empujó los pesos demasiado lejos, "
     "así que la red empeoró en vez de mejorar."),
    (r"The loss became infinite: each step pushed the weights too far, so the network got "
     r"worse instead of better\.",
     "La pérdida se volvió infinita: cada paso empujó los pesos demasiado lejos, así que la red "
     "empeoró en vez de mejorar."),
    (r"The loss exploded from (?P<a>\S+) to (?P<b>\S+): each step pushed the weights too far, "
     r"so the network got worse instead of better\.",
     "La pérdida se disparó de {a} a {b}: cada paso empujó los pesos demasiado lejos, así que la "
     "red empeoró en vez de mejorar."),
    (r"Lower the learning rate \(try (?P<lr>\S+)\)\.",
     "Baja la tasa de aprendizaje (prueba con {lr})."),
    (r"The network answers class (?P<label>\d+) for (?P<share>\S+) of the examples, whatever "
     r"they show: it is not learning \(accuracy (?P<acc>\S+), guessing gives (?P<chance>\S+)\)\.",
     "La red responde la clase {label} en el {share} de los ejemplos, muestren lo que muestren: "
     "no está aprendiendo (precisión {acc}; adivinando se logra {chance})."),
    (r"The accuracy is (?P<acc>\S+), no better than guessing among (?P<n>\d+) classes: the "
     r"network is not learning\.",
     "La precisión es {acc}, no mejor que adivinar entre {n} clases: la red no está "
     "aprendiendo."),
    (r"Lower the learning rate \(try (?P<lr>\S+)\) and train again from fresh weights\.",
     "Baja la tasa de aprendizaje (prueba con {lr}) y vuelve a entrenar con pesos nuevos."),
    (r"The (?P<dev>\S+) ran out of memory while training\.",
     "El dispositivo {dev} se quedó sin memoria durante el entrenamiento."),
    (r"Use a smaller batch size or a smaller network\.",
     "Usa un tamaño de lote más pequeño o una red más pequeña."),
    (r"Training stopped with an error: (?P<why>.+)",
     "El entrenamiento se detuvo por un error: {why}"),
    (r"Check the network and the training settings; details are in the log: (?P<path>.+)\.",
     "Revisa la red y los ajustes de entrenamiento; los detalles están en el registro: {path}."),
    (r"Check the network and the training settings; details are in the error output "
     r"\(stderr\)\.",
     "Revisa la red y los ajustes de entrenamiento; los detalles están en la salida de errores "
     "(stderr)."),
    # The wording of runs recorded before the message named the log file (a project's history).
    (r"Check the network and the training settings; details are in the log\.",
     "Revisa la red y los ajustes de entrenamiento; los detalles están en el registro."),
    (r"Check the network and the dataset\.", "Revisa la red y el conjunto de datos."),
    (r"Cross-entropy needs one output per class \(at least 2\); this network has 1\.",
     "La entropía cruzada necesita una salida por clase (al menos 2); esta red tiene 1."),
    (r"Negative log-likelihood \(NLL\) needs one output per class \(at least 2\); this network "
     r"has 1\.",
     "La log-verosimilitud negativa (NLL) necesita una salida por clase (al menos 2); esta red "
     "tiene 1."),
    (r"NLL expects log-probabilities, but the network's output activation is (?P<act>\w+)\.",
     "NLL espera log-probabilidades, pero la activación de salida de la red es {act}."),
    (r"Set the last layer's activation to log_softmax, or choose cross-entropy, which takes raw "
     r"scores or softmax\.",
     "Pon log_softmax como activación de la última capa, o elige la entropía cruzada, que acepta "
     "puntuaciones sin activación o softmax."),
    (r"Mean squared error compares the outputs with 0s and a 1, but log_softmax gives "
     r"log-probabilities \(0 or below\), so the right class can never reach 1\.",
     "El error cuadrático medio compara las salidas con ceros y un uno, pero log_softmax da "
     "log-probabilidades (0 o menos), así que la clase correcta nunca puede llegar a 1."),
    (r"Use softmax on the last layer, or choose the nll loss for log_softmax\.",
     "Usa softmax en la última capa, o elige la pérdida nll para log_softmax."),
    (r"Use binary cross-entropy with a sigmoid output, or give the last layer more units\.",
     "Usa la entropía cruzada binaria con una salida sigmoide, o dale más unidades a la última "
     "capa."),
    (r"This dataset asks for a number, not a class: use the mse \(mean squared error\) loss\.",
     "Este conjunto de datos pide un número, no una clase: usa la pérdida mse (error cuadrático "
     "medio)."),
    (r"The last layer uses sigmoid, but cross-entropy compares classes against each other: "
     r"sigmoid squeezes every score into 0\.\.1 on its own, so the class scores barely differ "
     r"and learning is slow\.",
     "La última capa usa sigmoide, pero la entropía cruzada compara las clases entre sí: la "
     "sigmoide comprime cada puntuación a 0..1 por separado, así que las puntuaciones apenas se "
     "diferencian y el aprendizaje es lento."),
    (r"Use softmax \(or linear\) on the last layer\.",
     "Usa softmax (o linear) en la última capa."),
    (r"The last layer uses (?P<act>\S+); cross-entropy expects raw scores or softmax "
     r"probabilities\.",
     "La última capa usa {act}; la entropía cruzada espera puntuaciones sin procesar o "
     "probabilidades softmax."),
    (r"Binary cross-entropy expects probabilities between 0 and 1, but the last layer uses "
     r"(?P<act>\S+)\.",
     "La entropía cruzada binaria espera probabilidades entre 0 y 1, pero la última capa usa "
     "{act}."),
    (r"Use sigmoid on the last layer\.", "Usa sigmoid en la última capa."),
    (r"Augmentation moves, turns and zooms images, but this dataset's samples have the shape "
     r"(?P<s>.+)\.",
     "El aumento desplaza, gira y amplía imágenes, pero las muestras de este conjunto de datos "
     "tienen la forma {s}."),
    (r"Turn augmentation off for it\.", "Desactiva el aumento para este conjunto."),
    (r"There are no training samples left after the validation split\.",
     "No quedan muestras de entrenamiento después de apartar las de validación."),
    # -- training settings and dataset options (core.config, core.augment, the datasets) ------
    (OPTION + r" must be between (?P<low>\S+) and (?P<high>\S+), not (?P<v>.+)\.",
     "{name} debe estar entre {low} y {high}, no {v}."),
    (OPTION + r" must be a number, not (?P<v>.+)\.",
     "{name} debe ser un número, no {v}."),
    (OPTION + r" must be a whole number, not (?P<v>.+)\.",
     "{name} debe ser un número entero, no {v}."),
    (OPTION + r" must be a whole number of at least (?P<low>\S+), not (?P<v>.+)\.",
     "{name} debe ser un número entero de al menos {low}, no {v}."),
    (OPTION + r" must be a whole number from (?P<low>\S+) to (?P<high>\S+), not (?P<v>.+)\.",
     "{name} debe ser un número entero de {low} a {high}, no {v}."),
    (OPTION + r" must be a number from (?P<low>\S+) to (?P<high>\S+), not (?P<v>.+)\.",
     "{name} debe ser un número de {low} a {high}, no {v}."),
    (OPTION + r" must be finite, not (?P<v>.+)\.",
     "{name} debe ser un número finito, no {v}."),
    (OPTION + r" must be greater than (?P<low>\S+)\.",
     "{name} debe ser mayor que {low}."),
    (OPTION + r" must be true or false, not (?P<v>.+)\.",
     "{name} debe ser true o false, no {v}."),
    (OPTION + r" must be one of (?P<allowed>.+), not (?P<v>.+)\.",
     "{name} debe ser una de estas opciones: {allowed}; no {v}."),
    (OPTION + r" must be one of (?P<allowed>.+)\.",
     "{name} debe ser una de estas opciones: {allowed}."),
    (r"Unknown training option (?P<k>.+)\.", "Opción de entrenamiento desconocida: {k}."),
    (r"Augmentation works on images, but each sample has the shape (?P<s>.+)\.",
     "El aumento funciona con imágenes, pero cada muestra tiene la forma {s}."),
    (r"Turn augmentation off for this dataset\.",
     "Desactiva el aumento para este conjunto de datos."),
    (r"The augmentation shift must be a number, not (?P<v>.+)\.",
     "El desplazamiento del aumento debe ser un número, no {v}."),
    (r"The augmentation shift must be between (?P<low>\S+) and (?P<high>\S+), not (?P<v>.+)\.",
     "El desplazamiento del aumento debe estar entre {low} y {high}, no {v}."),
    (r"The augmentation rotation must be a number, not (?P<v>.+)\.",
     "El giro del aumento debe ser un número, no {v}."),
    (r"The augmentation rotation must be between (?P<low>\S+) and (?P<high>\S+), not "
     r"(?P<v>.+)\.",
     "El giro del aumento debe estar entre {low} y {high}, no {v}."),
    (r"The augmentation scale must be a number, not (?P<v>.+)\.",
     "La escala del aumento debe ser un número, no {v}."),
    (r"The augmentation scale must be between (?P<low>\S+) and (?P<high>\S+), not (?P<v>.+)\.",
     "La escala del aumento debe estar entre {low} y {high}, no {v}."),
    (r"The augmentation shear must be a number, not (?P<v>.+)\.",
     "La inclinación del aumento debe ser un número, no {v}."),
    (r"The augmentation shear must be between (?P<low>\S+) and (?P<high>\S+), not "
     r"(?P<v>.+)\.",
     "La inclinación del aumento debe estar entre {low} y {high}, no {v}."),
    (r"The augmentation elastic distortion must be a number, not (?P<v>.+)\.",
     "La deformación elástica del aumento debe ser un número, no {v}."),
    (r"The augmentation elastic distortion must be between (?P<low>\S+) and (?P<high>\S+), not "
     r"(?P<v>.+)\.",
     "La deformación elástica del aumento debe estar entre {low} y {high}, no {v}."),
    (r"The augmentation outline share must be a number, not (?P<v>.+)\.",
     "La proporción de contornos del aumento debe ser un número, no {v}."),
    (r"The augmentation outline share must be between (?P<low>\S+) and (?P<high>\S+), not "
     r"(?P<v>.+)\.",
     "La proporción de contornos del aumento debe estar entre {low} y {high}, no {v}."),
    (r"The augmentation thickness must be a whole number from 0 to (?P<high>\S+), not "
     r"(?P<v>.+)\.",
     "El grosor del trazo del aumento debe ser un número entero de 0 a {high}, no {v}."),
    (r"The scale range must satisfy 0\.1 ≤ low ≤ high ≤ 10, not (?P<v>.+)\.",
     "El rango de escala debe cumplir 0.1 ≤ mínimo ≤ máximo ≤ 10, no {v}."),
    (r"Cannot augment samples of shape (?P<a>.+) as images of shape (?P<b>.+)\.",
     "No se pueden aumentar muestras de forma {a} como imágenes de forma {b}."),
    # -- weights from another network (core.live_predict) -------------------------------------
    (r"These weights belong to a different network \(no tensor (?P<t>.+)\)\.",
     "Estos pesos son de otra red (falta el tensor {t})."),
    (r"These weights belong to a different network \(an extra tensor (?P<t>.+)\)\.",
     "Estos pesos son de otra red (sobra el tensor {t})."),
    (r"These weights belong to a different network: (?P<t>.+) has shape (?P<got>.+) but this "
     r"network needs (?P<want>\(.*\))\.",
     "Estos pesos son de otra red: {t} tiene la forma {got}, pero esta red necesita {want}."),
    (r"Predict with the network they were trained for, or train this one\.",
     "Predice con la red con la que se entrenaron, o entrena esta."),
]

DATA_MESSAGES: list[tuple[str, str]] = [
    # -- data (core.datasets, core.downloads, core.image_folder, core.table_data) -------------
    # Why a file of the user's image folder was left out (shown after its path and a colon).
    (r"is not inside a class folder; only sub-folders are classes",
     "no está dentro de una carpeta de clase; solo las subcarpetas son clases"),
    (r"is not an image file; skipped", "no es un archivo de imagen; se omite"),
    (r"has no usable images; this class is left out",
     "no tiene imágenes que se puedan usar; esta clase se deja fuera"),
    (r"over the (?P<n>[\d,.]+) limit", "supera el límite de {n}"),
    (r"cannot be read as an image \((?P<why>.+)\); skipped",
     "no se puede leer como imagen ({why}); se omite"),
    (r"Each sample of the data has (?P<have>\d+) values \((?P<sample>.+?)\), but the network's "
     r"input shape (?P<wanted>.+) needs (?P<want>\d+)\.",
     "Cada muestra de los datos tiene {have} valores ({sample}), pero la forma de entrada de la "
     "red {wanted} necesita {want}."),
    (r"Set the input shape to (?P<sample>\S+), or to any shape with (?P<have>\d+) values in "
     r"total\.",
     "Pon la forma de entrada {sample}, o cualquier forma con {have} valores en total."),
    (r"(?P<title>.+) is not on this computer \(looked in (?P<root>.+)\)\.",
     "{title} no está en este ordenador (se buscó en {root})."),
    (r"To get it, connect to the internet and download it \(about (?P<size>.+)\); it is kept "
     r"for next time\.",
     "Para tenerlo, conéctate a internet y descárgalo (unos {size}); se guarda para la próxima "
     "vez."),
    (r"On Debian or Ubuntu, installing the package dataset-fashion-mnist also works\.",
     "En Debian o Ubuntu también sirve instalar el paquete dataset-fashion-mnist."),
    (r"The download did not work \((?P<why>.+)\)\.", "La descarga no funcionó ({why})."),
    (r"The bundled 'mnist' dataset \(10,000 digits\) works offline in the meantime\.",
     "Mientras tanto, el conjunto 'mnist' incluido (10.000 dígitos) funciona sin conexión."),
    (r"Could not download (?P<title>.+?) \((?P<why>.+)\)\.",
     "No se pudo descargar {title} ({why})."),
    (r"Check that this computer is connected to the internet and try again; anything already "
     r"downloaded is kept and the download resumes from there\.",
     "Comprueba que este ordenador está conectado a internet y vuelve a intentarlo; lo ya "
     "descargado se conserva y la descarga sigue desde ahí."),
    (r"The bundled 'mnist' dataset works without a network\.",
     "El conjunto 'mnist' incluido funciona sin conexión."),
    (r"The download of (?P<title>.+?) failed verification: (?P<why>.+)\.",
     "La descarga de {title} no pasó la verificación: {why}."),
    (r"Try again later; if it keeps failing, the mirror is serving a broken copy\.",
     "Vuelve a intentarlo más tarde; si sigue fallando, el servidor está dando una copia rota."),
    (r"The bundled 'mnist' dataset works without a network in the meantime\.",
     "Mientras tanto, el conjunto 'mnist' incluido funciona sin conexión."),
    (r"The download of (?P<f>.+) was cancelled after (?P<n>[\d,.]+) bytes\.",
     "La descarga de {f} se canceló después de {n} bytes."),
    (r"What was downloaded is kept; downloading again resumes from there\.",
     "Lo ya descargado se conserva; si vuelves a descargar, sigue desde ahí."),
    (r"(?P<name>.+) cannot be downloaded; these can: (?P<known>.+)\.",
     "{name} no se puede descargar; estos sí: {known}."),
    *for_each_os_reason(r"Cannot create the data folder (?P<f>.+) \({reason}\)\.",
                         "No se puede crear la carpeta de datos {f} ({reason})."),
    (r"Cannot create the data folder (?P<f>.+) \((?P<why>.+)\)\.",
     "No se puede crear la carpeta de datos {f} ({why})."),
    (r"Choose another data folder \(NN_PLAYGROUND_DATA\)\.",
     "Elige otra carpeta de datos (NN_PLAYGROUND_DATA)."),
    (r"The archive (?P<a>.+) contains an unsafe entry (?P<e>.+) \(an absolute path, '\.\.', or "
     r"a link\); nothing was unpacked\.",
     "El archivo {a} contiene una entrada peligrosa {e} (una ruta absoluta, '..' o un enlace); "
     "no se descomprimió nada."),
    (r"The archive (?P<a>.+) unpacks to more than (?P<size>.+); refused\.",
     "El archivo {a} ocupa más de {size} al descomprimirlo; se rechazó."),
    (r"The archive (?P<a>.+) does not contain the folder (?P<d>.+)\.",
     "El archivo {a} no contiene la carpeta {d}."),
    (r"The archive (?P<a>.+) cannot be unpacked \((?P<why>.+)\); it was deleted\.",
     "El archivo {a} no se puede descomprimir ({why}); se ha borrado."),
    (r"(?P<f>.+) passed its checksum but cannot be unpacked \((?P<why>.+)\); it was deleted\.",
     "{f} pasó la suma de comprobación, pero no se puede descomprimir ({why}); se ha borrado."),
    (r"The dataset files in (?P<f>.+) do not match each other \((?P<part>\S+): images "
     r"(?P<shape>\(.*\)), (?P<n>\d+) labels\)\.",
     "Los archivos de datos de {f} no coinciden entre sí ({part}: imágenes {shape}, {n} "
     "etiquetas)."),
    (r"Reinstall or download them again\.", "Reinstálalos o vuelve a descargarlos."),
    (r"The dataset file (?P<f>.+) is damaged \(not an IDX file of the expected kind\)\.",
     "El archivo de datos {f} está dañado (no es un archivo IDX del tipo esperado)."),
    (r"The dataset file (?P<f>.+) is damaged \((?P<n>-?\d+) bytes of data for shape "
     r"(?P<shape>\(.*\))\)\.",
     "El archivo de datos {f} está dañado ({n} bytes de datos para la forma {shape})."),
    (r"The dataset file (?P<f>.+) is damaged \(cannot be unpacked: (?P<why>.+)\)\.",
     "El archivo de datos {f} está dañado (no se puede descomprimir: {why})."),
    (r"The bundled MNIST file (?P<f>.+) is missing or damaged \((?P<why>.+)\)\.",
     "Falta el archivo MNIST incluido {f} o está dañado ({why})."),
    (r"Reinstall the app, or rebuild the file with (?P<script>\S+)\.",
     "Reinstala la aplicación o vuelve a crear el archivo con {script}."),
    (r"The bundled sentences file (?P<f>.+) is missing or damaged \((?P<why>.+)\)\.",
     "Falta el archivo de frases incluido {f} o está dañado ({why})."),
    (r"Reinstall the app, or rebuild it with (?P<script>\S+)\.",
     "Reinstala la aplicación o vuelve a crearlo con {script}."),
    (r"Unknown dataset (?P<name>.+?)\.", "Conjunto de datos desconocido: {name}."),
    (r"Known datasets: (?P<known>.+); or your own data as 'folder:<path>' or 'csv:<path>'\.",
     "Conjuntos conocidos: {known}; o tus propios datos como 'folder:<ruta>' o 'csv:<ruta>'."),
    (r"The dataset file (?P<f>.+) is damaged \((?P<why>.+)\)\.",
     "El archivo de datos {f} está dañado ({why})."),
    (r"Reinstall or download it again\.", "Reinstálalo o vuelve a descargarlo."),
    (r"Download it again\.", "Vuelve a descargarlo."),
    (r"The folder (?P<root>.+) does not exist\.", "La carpeta {root} no existe."),
    (r"Choose a folder that has one sub-folder per class, each holding that class's images\.",
     "Elige una carpeta con una subcarpeta por clase, cada una con las imágenes de esa clase."),
    (r"The folder (?P<root>.+) needs at least two class sub-folders with images; found "
     r"(?P<found>.+)\.",
     "La carpeta {root} necesita al menos dos subcarpetas de clase con imágenes; se encontraron "
     "{found}."),
    (r"Put each class's images in its own sub-folder\.",
     "Pon las imágenes de cada clase en su propia subcarpeta."),
    *for_each_os_reason(r"Cannot read the folder (?P<root>.+) \({reason}\)\.",
                         "No se puede leer la carpeta {root} ({reason})."),
    (r"Cannot read the folder (?P<root>.+) \((?P<why>.+)\)\.",
     "No se puede leer la carpeta {root} ({why})."),
    (r"The image size must be a whole number, not (?P<v>.+)\.",
     "El tamaño de imagen debe ser un número entero, no {v}."),
    (r"The image size must be (?P<low>\d+) to (?P<high>\d+) pixels, not (?P<v>.+)\.",
     "El tamaño de imagen debe estar entre {low} y {high} píxeles, no {v}."),
    (r"channels must be 1 \(grey\) or 3 \(colour\), not (?P<v>.+)\.",
     "channels debe ser 1 (gris) o 3 (color), no {v}."),
    (r"The file (?P<f>.+) does not exist\.", "El archivo {f} no existe."),
    *for_each_os_reason(r"Cannot read (?P<f>.+) \({reason}\)\.",
                         "No se puede leer {f} ({reason})."),
    (r"Cannot read (?P<f>.+) \((?P<why>.+)\)\.", "No se puede leer {f} ({why})."),
    (r"(?P<f>.+) is over (?P<mb>[\d,.]+) MB; use a smaller file\.",
     "{f} ocupa más de {mb} MB; usa un archivo más pequeño."),
    (r"(?P<f>.+) has more than (?P<n>[\d,.]+) rows\.", "{f} tiene más de {n} filas."),
    (r"(?P<f>.+) has only one column \(read with delimiter (?P<sep>.+)\); it needs at least one "
     r"feature column and one label column\.",
     "{f} solo tiene una columna (leída con el separador {sep}); necesita al menos una columna "
     "de características y una columna de etiquetas."),
    (r"(?P<f>.+) has a header but no data rows\.",
     "{f} tiene una fila de encabezado pero ninguna fila de datos."),
    (r"(?P<f>.+) is empty\.", "{f} está vacío."),
    (r"There is no column named (?P<c>.+) \(columns: no header row\)\.",
     "No hay ninguna columna llamada {c} (la tabla no tiene fila de encabezado)."),
    (r"There is no column named (?P<c>.+) \(columns: (?P<have>.+)\)\.",
     "No hay ninguna columna llamada {c} (columnas: {have})."),
    (r"Column (?P<i>-?\d+) does not exist: the table has (?P<n>\d+) columns \(0 to "
     r"(?P<last>\d+), or -1 for the last\)\.",
     "La columna {i} no existe: la tabla tiene {n} columnas (de 0 a {last}, o -1 para la "
     "última)."),
    (r"Line (?P<line>\d+) of (?P<f>.+) has (?P<have>\d+) values but the table has (?P<n>\d+) "
     r"columns\.",
     "La línea {line} de {f} tiene {have} valores, pero la tabla tiene {n} columnas."),
    (r"Every row needs one value per column\.", "Cada fila necesita un valor por columna."),
    (r"Line (?P<line>\d+), column (?P<c>'.*') of (?P<f>.+) has a missing value "
     r"\((?P<cell>.*)\)\.",
     "A la línea {line} de {f} le falta un valor en la columna {c} ({cell})."),
    (r"Fill it in or delete the row\.", "Rellénalo o borra la fila."),
    (r"Line (?P<line>\d+), column (?P<c>'.*') of (?P<f>.+) holds (?P<cell>.+), which is not a "
     r"number\.",
     "En la línea {line} de {f}, la columna {c} contiene {cell}, que no es un número."),
    (r"Feature columns must be numeric\.",
     "Las columnas de características deben contener números."),
    (r"Line (?P<line>\d+), label column (?P<c>'.*') of (?P<f>.+) has no label\.",
     "En la línea {line} de {f}, la columna de etiquetas {c} está vacía."),
    (r"The label column (?P<c>'.*') of (?P<f>.+) holds decimal numbers such as (?P<x>.+)\.",
     "La columna de etiquetas {c} de {f} contiene números decimales, como {x}."),
    (r"Labels must be classes: whole numbers or words\.",
     "Las etiquetas deben ser clases: números enteros o palabras."),
    (r"The label column (?P<c>'.*') of (?P<f>.+) has only one class \((?P<only>.*)\)\.",
     "La columna de etiquetas {c} de {f} solo tiene una clase ({only})."),
    (r"A classifier needs examples of at least two classes\.",
     "Un clasificador necesita ejemplos de al menos dos clases."),
    (r"The label column (?P<c>'.*') of (?P<f>.+) has (?P<n>[\d,.]+) different values; at most "
     r"(?P<most>[\d,.]+) classes are supported\.",
     "La columna de etiquetas {c} de {f} tiene {n} valores distintos; se admiten como máximo "
     "{most} clases."),
    (r"Is it the right column\?", "¿Es la columna correcta?"),
    (r"There are only (?P<n>\d+) samples: too few to keep some apart for testing\.",
     "Solo hay {n} muestras: demasiado pocas para apartar algunas para la prueba."),
    (r"Add more \(at least a few per class\)\.", "Añade más (al menos unas cuantas por clase)."),
]

PICTURE_MESSAGES: list[tuple[str, str]] = [
    # -- pictures opened on the drawing pad (core.digits) -------------------------------------
    (r"The picture (?P<p>.+) does not exist\.", "La imagen {p} no existe."),
    (r"(?P<p>.+) is a folder, not a picture\.", "{p} es una carpeta, no una imagen."),
    (r"The picture (?P<p>.+) cannot be opened: permission denied\.",
     "No se puede abrir la imagen {p}: permiso denegado."),
    (r"(?P<name>.+) is not a picture this app can read\.",
     "{name} no es una imagen que esta aplicación pueda leer."),
    (r"Use a PNG or JPEG file \(looked at (?P<p>.+)\)\.",
     "Usa un archivo PNG o JPEG (archivo revisado: {p})."),
    (r"The picture (?P<p>.+) is too large to open safely\.",
     "La imagen {p} es demasiado grande para abrirla con seguridad."),
    (r"Use a smaller picture\.", "Usa una imagen más pequeña."),
    (r"The picture (?P<p>.+) is damaged and cannot be read \((?P<why>.+)\)\.",
     "La imagen {p} está dañada y no se puede leer ({why})."),
    (r"The picture (?P<p>.+) has no pixels\.", "La imagen {p} no tiene píxeles."),
]
