"""Spanish for the core's messages about files: saving, autosaving, opening and exporting.

See :mod:`playground.gui.translations.messages` for how the patterns are matched.
"""

from __future__ import annotations

from playground.gui.translations.os_reasons import for_each_os_reason

PROJECT_FILE_MESSAGES: list[tuple[str, str]] = [
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
    (r"Could not save (?P<p>.+): it is a device, not a regular file\.",
     "No se pudo guardar {p}: es un dispositivo, no un archivo normal."),
    (r"Could not save (?P<p>.+): it is a named pipe \(FIFO\), not a regular file\.",
     "No se pudo guardar {p}: es una tubería con nombre (FIFO), no un archivo normal."),
    (r"Could not save (?P<p>.+): it is a socket, not a regular file\.",
     "No se pudo guardar {p}: es un socket, no un archivo normal."),
    (r"Could not save (?P<p>.+): it is a link that leads back to itself\.",
     "No se pudo guardar {p}: es un enlace que lleva de vuelta a sí mismo."),
    (r"Could not save (?P<p>.+): it is not a regular file\.",
     "No se pudo guardar {p}: no es un archivo normal."),
    (r"Could not save (?P<p>.+): the file is read-only\.",
     "No se pudo guardar {p}: el archivo es de solo lectura."),
    (r"Save it under another name \(Save As\), or make the file writable\.",
     "Guárdalo con otro nombre (Guardar como) o haz que el archivo se pueda modificar."),
    *for_each_os_reason(r"Could not save (?P<p>.+): {reason}\.",
                         "No se pudo guardar {p}: {reason}."),
    (r"Could not save (?P<p>.+?): (?P<why>.+)\.", "No se pudo guardar {p}: {why}."),
    (r"Try saving to another folder\.", "Prueba a guardar en otra carpeta."),
    (r"Cannot autosave into (?P<f>.+): the disk is full\.",
     "No se puede guardar automáticamente en {f}: el disco está lleno."),
    (r"Free some space on it\.", "Libera espacio en él."),
    (r"Cannot autosave into (?P<f>.+): the folder is read-only\.",
     "No se puede guardar automáticamente en {f}: la carpeta es de solo lectura."),
    (r"Ask for write access to it\.", "Pide permiso para escribir en ella."),
    *for_each_os_reason(r"Cannot autosave into (?P<f>.+): {reason}\.",
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
    *for_each_os_reason(r"The project file could not be read \({reason}\)\.",
                         "No se pudo leer el archivo de proyecto ({reason})."),
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
    (r"(?P<f>\S+) holds a number too long to read \(thousands of digits\); the file is "
     r"damaged\.",
     "{f} contiene un número demasiado largo para leerlo (miles de cifras); el archivo está "
     "dañado."),
    (r"(?P<f>\S+) is not UTF-8 text; the file is damaged\.",
     "{f} no es texto UTF-8; el archivo está dañado."),
    (r"(?P<f>\S+) is nested too deeply to be a project file\.",
     "{f} tiene demasiados niveles anidados para ser un archivo de proyecto."),
    (r"(?P<f>\S+) must hold a JSON object\.", "{f} debe contener un objeto JSON."),
    (r"(?P<f>\S+) has an unexpected field (?P<k>.+)\.", "{f} tiene un campo inesperado: {k}."),
    (r"(?P<f>\S+) has no network \('spec'\)\.", "{f} no tiene ninguna red ('spec')."),
    (r"The project file has both 'config' and 'training'; it is damaged\.",
     "El archivo de proyecto tiene a la vez 'config' y 'training'; está dañado."),
    (r"The project's schema_version a (?P<n>\d+)-digit number is not a real version; the file "
     r"is damaged\.",
     "El schema_version del proyecto, un número de {n} cifras, no es una versión real; el "
     "archivo está dañado."),
    (r"The project's schema_version (?P<v>.+) is not a real version; the file is damaged\.",
     "El schema_version del proyecto, {v}, no es una versión real; el archivo está dañado."),
    (r"The project's schema_version must be a whole number, not (?P<v>.+)\.",
     "El schema_version del proyecto debe ser un número entero, no {v}."),
    (r"The project's network is invalid: (?P<why>.+)", "La red del proyecto no es válida: {why}"),
    (r"The project's training settings are invalid: (?P<why>.+)",
     "Los ajustes de entrenamiento del proyecto no son válidos: {why}"),
    *[(rf"The project's {en} contains? an invalid value \({reason}\)\.",
       f"{es} contiene{'n' if plural else ''} un valor no válido ({reason_es}).")
      for en, es, plural in (
          ("network", "La red del proyecto", False),
          ("training settings", "Los ajustes de entrenamiento del proyecto", True))
      for reason, reason_es in (
          ("a number too large to use", "un número demasiado grande para usarlo"),
          ("values nested too deeply", "valores con demasiados niveles anidados"),
          ("a value of the wrong kind", "un valor de un tipo que no corresponde"))],
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
    # weights that do not fit the file's own network (core.files.project._check_weights)
    *[pair
      for en, es in (("best weights", "Los mejores pesos"), ("weights", "Los pesos"))
      for place, lugar, needer, necesita in (
          (r"layer (?P<n>\d+) \((?P<kind>\w+)\)", "la capa {n} ({kind})", "the layer",
           "la capa"),
          (r"the network", "la red", "the network", "la red"))
      for pair in (
          (rf"The {en} do not fit {place}: tensor (?P<t>.+) has shape (?P<got>\(.*\)), but "
           rf"{needer} needs (?P<want>\(.*\))\.",
           f"{es} no encajan con {lugar}: el tensor {{t}} tiene la forma {{got}}, pero "
           f"{necesita} necesita {{want}}."),
          (rf"The {en} do not fit {place}: tensor (?P<t>.+) has type (?P<got>\S+), but "
           rf"{needer} needs (?P<want>\S+)\.",
           f"{es} no encajan con {lugar}: el tensor {{t}} es de tipo {{got}}, pero "
           f"{necesita} necesita {{want}}."),
          (rf"The {en} do not fit {place}: {needer} needs a tensor (?P<t>.+) that (?P<f>\S+) "
           r"does not have\.",
           f"{es} no encajan con {lugar}: {necesita} necesita un tensor {{t}} que {{f}} no "
           "tiene."),
      )],
    *[pair
      for en, es in (("best weights", "Los mejores pesos"), ("weights", "Los pesos"))
      for pair in (
          (rf"The {en} do not fit layer (?P<n>\d+) \((?P<kind>\w+)\): (?P<f>\S+) has a tensor "
           r"(?P<t>.+) that the layer does not have\.",
           f"{es} no encajan con la capa {{n}} ({{kind}}): {{f}} tiene un tensor {{t}} que la "
           "capa no tiene."),
          (rf"The {en} do not fit this network: (?P<f>\S+) has a tensor (?P<t>.+) that "
           r"belongs to none of its layers\.",
           f"{es} no encajan con esta red: {{f}} tiene un tensor {{t}} que no pertenece a "
           "ninguna de sus capas."),
      )],
    (r"They were saved for a different network, so nothing was opened\.",
     "Se guardaron para otra red, así que no se abrió nada."),
    (r"To use this network, open the file without its weights and train it again\.",
     "Para usar esta red, abre el archivo sin sus pesos y vuelve a entrenarla."),
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
]

EXPORT_MESSAGES: list[tuple[str, str]] = [
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
    *for_each_os_reason(r"Cannot write to (?P<out>.+): {reason}\.",
                         "No se puede escribir en {out}: {reason}."),
    (r"Cannot write to (?P<out>.+): (?P<why>.+)\.", "No se puede escribir en {out}: {why}."),
    *for_each_os_reason(r"Cannot write (?P<p>.+): {reason}\.",
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
]
