"""Spanish for the core's messages (errors, training failures), which are written in English.

The core has no Qt and no notion of the interface language, so the GUI translates the messages
it shows: each entry pairs a regular expression matching one English message *template* with
its Spanish, where ``{name}`` brings back what the expression captured (file names, numbers,
layer names). A message no pattern matches is shown as it is, in English.
"""

from __future__ import annotations

import re

# (English pattern, Spanish template): each pattern matches one whole sentence of a core
# message, and ``{name}`` in the Spanish brings back the group of that name. Messages are
# translated sentence by sentence, so a long message whose sentences all appear here comes out
# entirely in Spanish; an unknown sentence stays in English next to the translated ones.
# Covered: opening and saving projects, training failures (divergence, out of memory, errors),
# loss/output mismatches, data that does not fit the input, missing or failed downloads, and
# the user's own image folders and CSV tables.
MESSAGE_TEMPLATES: list[tuple[str, str]] = [
    # -- saving (core.atomic) -----------------------------------------------------------------
    (r"Could not save (?P<p>.+): the disk is full\.",
     "No se pudo guardar {p}: el disco está lleno."),
    (r"Free some space or save to another drive\.",
     "Libera espacio o guarda en otra unidad."),
    (r"Could not save (?P<p>.+): permission denied\.",
     "No se pudo guardar {p}: permiso denegado."),
    (r"Save to a folder you are allowed to write to \(for example your Documents folder\), or "
     r"close any program that has the file open\.",
     "Guarda en una carpeta en la que puedas escribir (por ejemplo, tu carpeta Documentos) o "
     "cierra cualquier programa que tenga el archivo abierto."),
    (r"Could not save (?P<p>.+): the drive is read-only\.",
     "No se pudo guardar {p}: la unidad es de solo lectura."),
    (r"Save to another drive or folder\.", "Guarda en otra unidad o carpeta."),
    (r"Could not save (?P<p>.+): the folder does not exist\.",
     "No se pudo guardar {p}: la carpeta no existe."),
    (r"Choose an existing folder\.", "Elige una carpeta que exista."),
    (r"Could not save (?P<p>.+): part of the path is a file, not a folder\.",
     "No se pudo guardar {p}: parte de la ruta es un archivo, no una carpeta."),
    (r"Choose another location\.", "Elige otra ubicación."),
    (r"Could not save (?P<p>.+): a folder with that name already exists\.",
     "No se pudo guardar {p}: ya existe una carpeta con ese nombre."),
    (r"Choose another file name\.", "Elige otro nombre de archivo."),
    (r"Could not save (?P<p>.+): the file name is too long\.",
     "No se pudo guardar {p}: el nombre del archivo es demasiado largo."),
    (r"Choose a shorter name\.", "Elige un nombre más corto."),
    (r"Could not save (?P<p>.+?): (?P<why>.+)\.", "No se pudo guardar {p}: {why}."),
    (r"Try saving to another folder\.", "Prueba a guardar en otra carpeta."),
    # -- opening projects (core.project) ------------------------------------------------------
    (r"Cannot open (?P<f>'.+'|\".+\")\.", "No se puede abrir {f}."),
    (r"The file does not exist\.", "El archivo no existe."),
    (r"It is not a regular file\.", "No es un archivo normal."),
    (r"This is not a project file \(it is not a zip archive\)\.",
     "Esto no es un archivo de proyecto (no es un archivo zip)."),
    (r"The project file is incomplete \(the archive is cut short\); it was probably not copied "
     r"or downloaded completely\.",
     "El archivo de proyecto está incompleto (el archivo zip está cortado); probablemente no se "
     "copió o descargó del todo."),
    (r"The project file is damaged \((?P<why>.+)\)\.",
     "El archivo de proyecto está dañado ({why})."),
    (r"The project file could not be read \((?P<why>.+)\)\.",
     "No se pudo leer el archivo de proyecto ({why})."),
    (r"The project file is incomplete or damaged \((?P<why>.+)\)\.",
     "El archivo de proyecto está incompleto o dañado ({why})."),
    (r"The project file is too large to open\.",
     "El archivo de proyecto es demasiado grande para abrirlo."),
    (r"The archive has (?P<n>\d+) entries; it is not a project file\.",
     "El archivo zip tiene {n} entradas; no es un archivo de proyecto."),
    (r"The archive has no (?P<f>\S+); it is not a project file\.",
     "El archivo zip no contiene {f}; no es un archivo de proyecto."),
    (r"This is not a Neural Network Playground project \((?P<detail>.+)\)\.",
     "Esto no es un proyecto de Neural Network Playground ({detail})."),
    (r"This project was made by a newer version of the app \(project format (?P<v>\d+); this "
     r"app reads up to (?P<n>\d+)\)\.",
     "Este proyecto se hizo con una versión más nueva de la aplicación (formato de proyecto {v}; "
     "esta aplicación lee hasta el {n})."),
    (r"Update the app to open it\.", "Actualiza la aplicación para abrirlo."),
    (r"(?P<f>\S+) is not valid JSON: (?P<why>.+)", "{f} no es JSON válido: {why}"),
    (r"(?P<f>\S+) is not UTF-8 text; the file is damaged\.",
     "{f} no es texto UTF-8; el archivo está dañado."),
    (r"The project's network is invalid: (?P<why>.+)", "La red del proyecto no es válida: {why}"),
    (r"The project's training settings are invalid: (?P<why>.+)",
     "Los ajustes de entrenamiento del proyecto no son válidos: {why}"),
    (r"(?P<f>\S+) is not a valid safetensors file \((?P<why>.+)\); the weights are damaged\.",
     "{f} no es un archivo safetensors válido ({why}); los pesos están dañados."),
    (r"(?P<f>\S+) is missing tensor (?P<t>.+) that this network needs; the weights do not "
     r"belong to this network\.",
     "A {f} le falta el tensor {t} que esta red necesita; los pesos no son de esta red."),
    (r"(?P<f>\S+) has tensor (?P<t>.+) that this network does not have; the weights do not "
     r"belong to this network\.",
     "{f} tiene el tensor {t}, que esta red no tiene; los pesos no son de esta red."),
    (r"Cannot save: the project has no valid network\.",
     "No se puede guardar: el proyecto no tiene una red válida."),
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
    (r"The (?P<dev>\S+) ran out of memory while training\.",
     "El dispositivo {dev} se quedó sin memoria durante el entrenamiento."),
    (r"Use a smaller batch size or a smaller network\.",
     "Usa un tamaño de lote más pequeño o una red más pequeña."),
    (r"Training stopped with an error: (?P<why>.+)",
     "El entrenamiento se detuvo por un error: {why}"),
    (r"Check the network and the training settings; details are in the log\.",
     "Revisa la red y los ajustes de entrenamiento; los detalles están en el registro."),
    (r"Check the network and the dataset\.", "Revisa la red y el conjunto de datos."),
    (r"Cross-entropy needs one output per class \(at least 2\); this network has 1\.",
     "La entropía cruzada necesita una salida por clase (al menos 2); esta red tiene 1."),
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
    # -- data (core.datasets, core.downloads, core.image_folder, core.table_data) -------------
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
    (r"The file (?P<f>.+) does not exist\.", "El archivo {f} no existe."),
    (r"Cannot read (?P<f>.+) \((?P<why>.+)\)\.", "No se puede leer {f} ({why})."),
    (r"(?P<f>.+) has a header but no data rows\.",
     "{f} tiene una fila de encabezado pero ninguna fila de datos."),
    (r"(?P<f>.+) is empty\.", "{f} está vacío."),
    (r"There is no column named (?P<c>.+) \(columns: (?P<have>.+)\)\.",
     "No hay ninguna columna llamada {c} (columnas: {have})."),
    (r"There are only (?P<n>\d+) samples: too few to keep some apart for testing\.",
     "Solo hay {n} muestras: demasiado pocas para apartar algunas para la prueba."),
    (r"Add more \(at least a few per class\)\.", "Añade más (al menos unas cuantas por clase)."),
]

_COMPILED: list[tuple[re.Pattern[str], str]] = []


def _compiled() -> list[tuple[re.Pattern[str], str]]:
    if len(_COMPILED) != len(MESSAGE_TEMPLATES):
        _COMPILED[:] = [(re.compile(p, re.DOTALL), s) for p, s in MESSAGE_TEMPLATES]
    return _COMPILED


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z¿¡'\"])")


def _spanish_sentence(sentence: str) -> str | None:
    for pattern, spanish in _compiled():
        match = pattern.fullmatch(sentence)
        if match is not None:
            return spanish.format(**match.groupdict())
    return None


def spanish_message(text: str) -> str | None:
    """The Spanish for an English core message, or None when none of its sentences is known."""
    sentences = SENTENCE_END.split(text.strip())
    translated = [_spanish_sentence(s) for s in sentences]
    if all(t is None for t in translated):
        return None
    return " ".join(t if t is not None else s for s, t in zip(sentences, translated, strict=True))
