"""Spanish for the core's messages (errors, training failures), which are written in English.

The core has no Qt and no notion of the interface language, so the GUI translates the messages
it shows: each entry pairs a regular expression matching one English message *template* with
its Spanish, where ``{name}`` brings back what the expression captured (file names, numbers,
layer names). A message no pattern matches is shown as it is, in English.
"""

from __future__ import annotations

import re

# The name of a training setting or dataset option (epochs, batch_size, augment_scale, noise...).
_OPTION = r"(?P<name>[a-z][a-z0-9_]*)"

# The operating system's reasons (``strerror``) that the core puts inside its own sentences.
_OS_REASONS: dict[str, str] = {
    "No such file or directory": "no existe el archivo o la carpeta",
    "Not a directory": "parte de la ruta es un archivo, no una carpeta",
    "Is a directory": "es una carpeta",
    "Permission denied": "permiso denegado",
    "Operation not permitted": "operación no permitida",
    "Read-only file system": "la unidad es de solo lectura",
    "No space left on device": "el disco está lleno",
    "File exists": "ya existe un archivo con ese nombre",
    "File name too long": "el nombre del archivo es demasiado largo",
}


def _for_each_os_reason(pattern: str, spanish: str) -> list[tuple[str, str]]:
    """``(pattern, spanish)`` once per known reason, each put where both say ``{reason}``."""
    return [
        (pattern.replace("{reason}", f"(?i:{re.escape(en)})"), spanish.replace("{reason}", es))
        for en, es in _OS_REASONS.items()
    ]


# (English pattern, Spanish template): each pattern matches one whole sentence of a core
# message, and ``{name}`` in the Spanish brings back the group of that name. Messages are
# translated sentence by sentence, so a long message whose sentences all appear here comes out
# entirely in Spanish; an unknown sentence stays in English next to the translated ones.
# Covered: opening and saving projects (including damaged, unsafe or foreign archives and
# weights that do not fit), autosaving, training failures (divergence, out of memory, errors),
# loss/output mismatches, training settings and dataset options out of range, augmentation,
# weights sent to the live predictor from another network, exports, data that does not fit the
# input, missing, failed, cancelled or damaged downloads, the user's own image folders and CSV
# tables, pictures opened on the drawing pad, and the operating system's common reasons
# (permission denied, not a directory, ...). Left in English: messages only a programmer or a
# hand-edited file can cause (network descriptions, lessons, command-line usage).
MESSAGE_TEMPLATES: list[tuple[str, str]] = [
    # -- saving (core.atomic, core.autosave) --------------------------------------------------
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
    (r"Cannot autosave into (?P<f>.+): the disk is full\.",
     "No se puede guardar automáticamente en {f}: el disco está lleno."),
    (r"Free some space on it\.", "Libera espacio en él."),
    (r"Cannot autosave into (?P<f>.+): the folder is read-only\.",
     "No se puede guardar automáticamente en {f}: la carpeta es de solo lectura."),
    (r"Ask for write access to it\.", "Pide permiso para escribir en ella."),
    *_for_each_os_reason(r"Cannot autosave into (?P<f>.+): {reason}\.",
                         "No se puede guardar automáticamente en {f}: {reason}."),
    (r"Cannot autosave into (?P<f>.+): (?P<why>.+)\.",
     "No se puede guardar automáticamente en {f}: {why}."),
    # -- opening projects (core.project, core.project_archive) ---------------------------------
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
    (r"The project file is nested too deeply to open\.",
     "El archivo de proyecto tiene demasiados niveles anidados para abrirlo."),
    (r"The archive has (?P<n>\d+) entries; it is not a project file\.",
     "El archivo zip tiene {n} entradas; no es un archivo de proyecto."),
    (r"The archive has (?P<n>\d+) entries; a project file has at most (?P<most>\d+)\.",
     "El archivo zip tiene {n} entradas; un archivo de proyecto tiene como máximo {most}."),
    (r"It is not a project file\.", "No es un archivo de proyecto."),
    (r"The archive's table of contents is too large for a project file\.",
     "El índice del archivo zip es demasiado grande para un archivo de proyecto."),
    (r"The archive contains an unsafe entry (?P<e>.+) \(a backslash path\)\.",
     "El archivo zip contiene una entrada peligrosa {e} (una ruta con barras invertidas)."),
    (r"The archive contains an unsafe entry (?P<e>.+) \(an absolute path\)\.",
     "El archivo zip contiene una entrada peligrosa {e} (una ruta absoluta)."),
    (r"The archive contains an unsafe entry (?P<e>.+) \(a '\.\.' path that points outside\)\.",
     "El archivo zip contiene una entrada peligrosa {e} (una ruta con '..' que apunta fuera)."),
    (r"The archive contains an unsafe entry (?P<e>.+) \(a NUL character\)\.",
     "El archivo zip contiene una entrada peligrosa {e} (un carácter NUL)."),
    (r"The archive contains an unexpected entry (?P<e>.+); a project file holds only "
     r"(?P<names>.+)\.",
     "El archivo zip contiene una entrada inesperada {e}; un archivo de proyecto solo contiene "
     "{names}."),
    (r"It was not opened\.", "No se abrió."),
    (r"The archive contains (?P<e>.+) twice; it is damaged\.",
     "El archivo zip contiene {e} dos veces; está dañado."),
    (r"The archive contains (?P<f>\S+) but (?P<j>\S+) does not list it; the file is damaged\.",
     "El archivo zip contiene {f}, pero {j} no lo incluye; el archivo está dañado."),
    (r"(?P<j>\S+) lists (?P<f>\S+) but the archive does not contain it; the file is "
     r"incomplete\.",
     "{j} incluye {f}, pero el archivo zip no lo contiene; el archivo está incompleto."),
    (r"(?P<f>\S+) is encrypted; project files are never encrypted\.",
     "{f} está cifrado; los archivos de proyecto nunca están cifrados."),
    (r"(?P<f>\S+) uses an unsupported compression method \((?P<m>.+)\)\.",
     "{f} usa un método de compresión no admitido ({m})."),
    (r"(?P<f>\S+) declares (?P<size>.+) of data, more than the (?P<limit>.+) a project file "
     r"may hold; it was not opened\.",
     "{f} declara {size} de datos, más de los {limit} que puede contener un archivo de "
     "proyecto; no se abrió."),
    (r"(?P<f>\S+) is compressed more than (?P<r>\d+):1 \((?P<packed>.+) expanding to "
     r"(?P<size>.+)\); this looks like a zip bomb, so it was not opened\.",
     "{f} está comprimido más de {r}:1 ({packed} que se expanden a {size}); parece una bomba "
     "zip, así que no se abrió."),
    (r"(?P<f>\S+) does not have the size the archive declares; the file is damaged\.",
     "{f} no tiene el tamaño que declara el archivo zip; el archivo está dañado."),
    (r"The archive has no (?P<f>\S+); it is not a project file\.",
     "El archivo zip no contiene {f}; no es un archivo de proyecto."),
    (r"This is not a Neural Network Playground project \(format (?P<got>.+), expected "
     r"(?P<want>.+)\)\.",
     "Esto no es un proyecto de Neural Network Playground (formato {got}; se esperaba {want})."),
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
    (r"(?P<f>\S+) is nested too deeply to be a project file\.",
     "{f} tiene demasiados niveles anidados para ser un archivo de proyecto."),
    (r"(?P<f>\S+) must hold a JSON object\.", "{f} debe contener un objeto JSON."),
    (r"(?P<f>\S+) has an unexpected field (?P<k>.+)\.", "{f} tiene un campo inesperado: {k}."),
    (r"(?P<f>\S+) has no network \('spec'\)\.", "{f} no tiene ninguna red ('spec')."),
    (r"The project file has both 'config' and 'training'; it is damaged\.",
     "El archivo de proyecto tiene a la vez 'config' y 'training'; está dañado."),
    (r"The project's schema_version must be a whole number, not (?P<v>.+)\.",
     "El schema_version del proyecto debe ser un número entero, no {v}."),
    (r"The project's network is invalid: (?P<why>.+)", "La red del proyecto no es válida: {why}"),
    (r"The project's training settings are invalid: (?P<why>.+)",
     "Los ajustes de entrenamiento del proyecto no son válidos: {why}"),
    (r"The project's network contains an invalid value \((?P<why>.+)\)\.",
     "La red del proyecto contiene un valor no válido ({why})."),
    (r"The project's training settings contain an invalid value \((?P<why>.+)\)\.",
     "Los ajustes de entrenamiento del proyecto contienen un valor no válido ({why})."),
    (r"The project's (?P<k>\w+) must be text\.", "El campo {k} del proyecto debe ser texto."),
    (r"The project's 'dataset' must be an object with 'name' and 'options'\.",
     "El campo 'dataset' del proyecto debe ser un objeto con 'name' y 'options'."),
    (r"The project's dataset (?P<a>.+) does not match its network's dataset (?P<b>.+); the "
     r"file is damaged\.",
     "El conjunto de datos del proyecto, {a}, no coincide con el de su red, {b}; el archivo "
     "está dañado."),
    (r"The project's dataset options must be an object\.",
     "Las opciones del conjunto de datos del proyecto deben ser un objeto."),
    (r"The project's training history must be a list of run records\.",
     "El historial de entrenamiento del proyecto debe ser una lista de registros de "
     "entrenamientos."),
    (r"The project's 'weights' must be an object with 'current' and 'best'\.",
     "El campo 'weights' del proyecto debe ser un objeto con 'current' y 'best'."),
    (r"The project's weights\.(?P<slot>\w+) must be (?P<f>.+) or null, not (?P<v>.+)\.",
     "El campo weights.{slot} del proyecto debe ser {f} o null, no {v}."),
    (r"The project's network cannot be built, so its weights cannot be checked "
     r"\((?P<why>.+)\)\.",
     "La red del proyecto no se puede construir, así que no se pueden comprobar sus pesos "
     "({why})."),
    (r"The project's network cannot be built, so its weights cannot be checked: (?P<why>.+)",
     "La red del proyecto no se puede construir, así que no se pueden comprobar sus pesos: "
     "{why}"),
    (r"(?P<f>\S+) is not a valid safetensors file \((?P<why>.+)\); the weights are damaged\.",
     "{f} no es un archivo safetensors válido ({why}); los pesos están dañados."),
    (r"(?P<f>\S+) is missing tensor (?P<t>.+) that this network needs; the weights do not "
     r"belong to this network\.",
     "A {f} le falta el tensor {t} que esta red necesita; los pesos no son de esta red."),
    (r"(?P<f>\S+) has tensor (?P<t>.+) that this network does not have; the weights do not "
     r"belong to this network\.",
     "{f} tiene el tensor {t}, que esta red no tiene; los pesos no son de esta red."),
    (r"(?P<f>\S+): tensor (?P<t>.+) has shape (?P<got>\(.*\)) but this network needs "
     r"(?P<want>\(.*\)); the weights do not belong to this network\.",
     "{f}: el tensor {t} tiene la forma {got}, pero esta red necesita {want}; los pesos no son "
     "de esta red."),
    (r"(?P<f>\S+): tensor (?P<t>.+) has type (?P<got>\S+) but this network needs "
     r"(?P<want>\S+)\.",
     "{f}: el tensor {t} es de tipo {got}, pero esta red necesita {want}."),
    (r"(?P<f>\S+): tensor (?P<t>.+) has type (?P<got>\S+); a project may only hold "
     r"floating-point and integer tensors\.",
     "{f}: el tensor {t} es de tipo {got}; un proyecto solo puede contener tensores de números "
     "decimales o enteros."),
    # -- saving projects (core.project) -------------------------------------------------------
    (r"Cannot save: the project has no valid network\.",
     "No se puede guardar: el proyecto no tiene una red válida."),
    (r"Cannot save: the project has no valid training configuration\.",
     "No se puede guardar: el proyecto no tiene unos ajustes de entrenamiento válidos."),
    (r"Cannot save: the training history must be a list of records\.",
     "No se puede guardar: el historial de entrenamiento debe ser una lista de registros."),
    (r"Cannot save: the lesson must be text\.",
     "No se puede guardar: la lección debe ser texto."),
    (r"Cannot save: the history or dataset options are nested more than (?P<n>\d+) levels "
     r"deep, which a project file may not hold\.",
     "No se puede guardar: el historial o las opciones del conjunto de datos tienen más de {n} "
     "niveles anidados, y un archivo de proyecto no puede contenerlos."),
    (r"Cannot save: the history or dataset options contain a value that is not plain data "
     r"\((?P<why>.+)\)\.",
     "No se puede guardar: el historial o las opciones del conjunto de datos contienen un valor "
     "que no es un dato simple ({why})."),
    (r"Cannot save: (?P<f>\S+) would be (?P<size>.+), more than the (?P<limit>.+) a project "
     r"file may hold\.",
     "No se puede guardar: {f} ocuparía {size}, más de los {limit} que puede contener un "
     "archivo de proyecto."),
    (r"Clear some of the training history\.", "Borra parte del historial de entrenamiento."),
    (r"Use a smaller network\.", "Usa una red más pequeña."),
    (r"Cannot save the weights: tensor (?P<t>.+) has type (?P<got>\S+), which a project file "
     r"cannot hold \(only floating-point and integer tensors\)\.",
     "No se pueden guardar los pesos: el tensor {t} es de tipo {got}, que un archivo de "
     "proyecto no puede contener (solo tensores de números decimales o enteros)."),
    (r"Cannot save the best weights: tensor (?P<t>.+) has type (?P<got>\S+), which a project "
     r"file cannot hold \(only floating-point and integer tensors\)\.",
     "No se pueden guardar los mejores pesos: el tensor {t} es de tipo {got}, que un archivo de "
     "proyecto no puede contener (solo tensores de números decimales o enteros)."),
    (r"Cannot save the weights: (?P<k>.+) is not a named tensor\.",
     "No se pueden guardar los pesos: {k} no es un tensor con nombre."),
    (r"Cannot save the best weights: (?P<k>.+) is not a named tensor\.",
     "No se pueden guardar los mejores pesos: {k} no es un tensor con nombre."),
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
    (r"There are no training samples left after the validation split\.",
     "No quedan muestras de entrenamiento después de apartar las de validación."),
    # -- training settings and dataset options (core.config, core.augment, the datasets) ------
    (_OPTION + r" must be between (?P<low>\S+) and (?P<high>\S+), not (?P<v>.+)\.",
     "{name} debe estar entre {low} y {high}, no {v}."),
    (_OPTION + r" must be a number, not (?P<v>.+)\.",
     "{name} debe ser un número, no {v}."),
    (_OPTION + r" must be a whole number, not (?P<v>.+)\.",
     "{name} debe ser un número entero, no {v}."),
    (_OPTION + r" must be a whole number of at least (?P<low>\S+), not (?P<v>.+)\.",
     "{name} debe ser un número entero de al menos {low}, no {v}."),
    (_OPTION + r" must be a whole number from (?P<low>\S+) to (?P<high>\S+), not (?P<v>.+)\.",
     "{name} debe ser un número entero de {low} a {high}, no {v}."),
    (_OPTION + r" must be a number from (?P<low>\S+) to (?P<high>\S+), not (?P<v>.+)\.",
     "{name} debe ser un número de {low} a {high}, no {v}."),
    (_OPTION + r" must be finite, not (?P<v>.+)\.",
     "{name} debe ser un número finito, no {v}."),
    (_OPTION + r" must be greater than (?P<low>\S+)\.",
     "{name} debe ser mayor que {low}."),
    (_OPTION + r" must be true or false, not (?P<v>.+)\.",
     "{name} debe ser true o false, no {v}."),
    (_OPTION + r" must be one of (?P<allowed>.+), not (?P<v>.+)\.",
     "{name} debe ser una de estas opciones: {allowed}; no {v}."),
    (_OPTION + r" must be one of (?P<allowed>.+)\.",
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
    # -- exports (core.export, core.export_data, core.export_pytorch) -------------------------
    (r"Unknown export format (?P<fmt>.+)\.", "Formato de exportación desconocido: {fmt}."),
    (r"Formats: (?P<formats>.+)\.", "Formatos: {formats}."),
    (r"--with-weights needs trained weights, and this network has none\.",
     "--with-weights necesita pesos entrenados, y esta red no tiene."),
    (r"--with-weights needs trained weights, and (?P<name>.+) has none\.",
     "--with-weights necesita pesos entrenados, y {name} no tiene."),
    (r"Exporting safetensors needs trained weights, and this network has none\.",
     "Exportar a safetensors necesita pesos entrenados, y esta red no tiene."),
    (r"Exporting safetensors needs trained weights, and (?P<name>.+) has none\.",
     "Exportar a safetensors necesita pesos entrenados, y {name} no tiene."),
    (r"Train it first \(in the app, or with (?P<cmd>'.+')\) and export the saved project\.",
     "Entrénala primero (en la aplicación, o con {cmd}) y exporta el proyecto guardado."),
    (r"The saved weights do not fit this network \(missing (?P<t>.+)\)\.",
     "Los pesos guardados no encajan con esta red (falta {t})."),
    (r"The saved weights do not fit this network \(unexpected (?P<t>.+)\)\.",
     "Los pesos guardados no encajan con esta red (sobra {t})."),
    (r"The saved weights do not fit this network \((?P<t>.+) is (?P<got>\(.*\)), the network "
     r"needs (?P<want>\(.*\))\)\.",
     "Los pesos guardados no encajan con esta red ({t} tiene la forma {got}; la red necesita "
     "{want})."),
    *_for_each_os_reason(r"Cannot write to (?P<out>.+): {reason}\.",
                         "No se puede escribir en {out}: {reason}."),
    (r"Cannot write to (?P<out>.+): (?P<why>.+)\.", "No se puede escribir en {out}: {why}."),
    *_for_each_os_reason(r"Cannot write (?P<p>.+): {reason}\.",
                         "No se puede escribir el archivo {p}: {reason}."),
    (r"Cannot write (?P<p>.+): (?P<why>.+)\.", "No se puede escribir el archivo {p}: {why}."),
    (r"The ONNX export failed: (?P<why>.+)", "La exportación a ONNX falló: {why}"),
    (r"(?P<title>.+) asks for a number, not a class; exporting regression networks as a "
     r"training script is not supported yet\.",
     "{title} pide un número, no una clase; todavía no se pueden exportar redes de regresión "
     "como script de entrenamiento."),
    (r"Export it as onnx or safetensors instead\.", "Expórtala como onnx o safetensors."),
    (r"Cannot write a (?P<kind>\S+) module as code yet\.",
     "Todavía no se puede escribir un módulo {kind} como código."),
    (r"The network reads (?P<a>.+) but (?P<d>.+) gives (?P<b>.+); change the network's input "
     r"before exporting\.",
     "La red lee {a}, pero {d} da {b}; cambia la entrada de la red antes de exportar."),
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
    *_for_each_os_reason(r"Cannot create the data folder (?P<f>.+) \({reason}\)\.",
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
    *_for_each_os_reason(r"Cannot read the folder (?P<root>.+) \({reason}\)\.",
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
    *_for_each_os_reason(r"Cannot read (?P<f>.+) \({reason}\)\.",
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
    # -- the operating system's reason as a sentence of its own ("Cannot open 'x'. Reason.") --
    *[(rf"(?i:{re.escape(en)})\.", f"{es[0].upper()}{es[1:]}.") for en, es in _OS_REASONS.items()],
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
