"""The data's messages reach a Spanish reader in Spanish, with their values in Spanish form.

Each problem is raised through the real code path (a missing dataset, a broken CSV line, a
cancelled download, a folder without classes, an augmentation setting out of range). The error
carries a template and its values: ``str(error)`` stays the English the command line and the
logs have always shown, and ``error.message.render("es")`` is the Spanish with the same values,
numbers written as Spain writes them (0,5 and 1.234).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.core.data import downloads
from playground.core.data.augment import Augmentation
from playground.core.data.datasets import dataset_info, load_dataset
from playground.core.data.downloads import DownloadCancelled, download_dataset
from playground.core.data.image_folder import FolderProblem, read_image_folder
from playground.core.data.registry import DATASET_NAMES
from playground.core.data.tables import DataFileError, read_table
from playground.core.errors import DatasetUnavailable, TrainingError
from playground.core.messages import Message, render


def test_an_unknown_dataset_is_named_in_spanish() -> None:
    with pytest.raises(DatasetUnavailable) as err:
        dataset_info("no-such-set")
    assert str(err.value).startswith("Unknown dataset 'no-such-set'. Known datasets: mnist")
    spanish = err.value.message.render("es")
    assert spanish.startswith("Conjunto de datos desconocido: 'no-such-set'. Conjuntos conocidos:")
    assert "'folder:<ruta>'" in spanish


def test_a_missing_download_says_where_it_looked_with_the_title_in_spanish(
        tmp_path: Path) -> None:
    with pytest.raises(DatasetUnavailable) as err:
        load_dataset("fashion-mnist", data_root=tmp_path, system_dirs={"fashion-mnist": tmp_path})
    english = str(err.value)
    assert english.startswith("Fashion-MNIST (70,000 clothing images) is not on this computer")
    assert "dataset-fashion-mnist" in english and "(10,000 digits)" in english
    spanish = err.value.message.render("es")
    assert f"no está en este ordenador (se buscó en {tmp_path})" in spanish
    assert "unos 30 MB" in spanish and "(10.000 dígitos)" in spanish
    assert "not on this computer" not in spanish


def test_a_broken_csv_line_is_reported_with_its_line_and_column(tmp_path: Path) -> None:
    table = tmp_path / "plants.csv"
    table.write_text("height,width,kind\n1.5,2,a\n2.5,abc,b\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_table(table)
    assert str(err.value) == ("Line 3, column 'width' of plants.csv holds 'abc', which is not a "
                              "number. Feature columns must be numeric.")
    assert err.value.message.render("es") == (
        "En la línea 3 de plants.csv, la columna 'width' contiene 'abc', que no es un número. "
        "Las columnas de características deben contener números.")


def test_a_short_csv_row_counts_in_spanish(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b,c\n1,2,x\n1,2\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_table(table)
    assert "Line 3 of t.csv has 2 values but the table has 3 columns." in str(err.value)
    assert err.value.message.render("es").startswith(
        "La línea 3 de t.csv tiene 2 valores, pero la tabla tiene 3 columnas.")


def test_a_cancelled_download_keeps_its_bytes_and_says_so_in_spanish(tmp_path: Path) -> None:
    first = downloads.plan("mnist-full").files[0]
    folder = tmp_path / downloads.plan("mnist-full").folder
    folder.mkdir(parents=True)
    (folder / f"{first.name}.part").write_bytes(b"\0" * 1234)
    with pytest.raises(DownloadCancelled) as err:  # cancelled before any connection is made
        download_dataset("mnist-full", tmp_path, cancel=lambda: True,
                         mirrors=["http://127.0.0.1:9/"])
    assert str(err.value) == (
        f"The download of {first.name} was cancelled after 1,234 bytes. What was downloaded is "
        "kept; downloading again resumes from there.")
    assert err.value.message.render("es") == (
        f"La descarga de {first.name} se canceló después de 1.234 bytes. Lo ya descargado se "
        "conserva; si vuelves a descargar, sigue desde ahí.")


def test_a_folder_without_two_classes_names_what_it_found_in_spanish(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "cats").mkdir()
    Image.new("L", (8, 8), 255).save(tmp_path / "cats" / "one.png")
    (tmp_path / "cats" / "notes.txt").write_text("not a picture", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_image_folder(tmp_path)
    assert str(err.value) == (
        f"The folder {tmp_path} needs at least two class sub-folders with images; found cats (1). "
        "Put each class's images in its own sub-folder.")
    assert err.value.message.render("es") == (
        f"La carpeta {tmp_path} necesita al menos dos subcarpetas de clase con imágenes; se "
        "encontraron cats (1). Pon las imágenes de cada clase en su propia subcarpeta.")


def test_files_left_out_of_a_folder_carry_their_reason_as_a_message(tmp_path: Path) -> None:
    from playground.core.data.image_folder import scan_image_folder

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "notes.txt").write_text("x", encoding="utf-8")
    report = scan_image_folder(tmp_path)
    problems = {p.path: p for p in report.problems}
    assert isinstance(problems["a/notes.txt"], FolderProblem)
    reason = problems["a/notes.txt"].message
    assert isinstance(reason, Message) and str(reason) == "is not an image file; skipped"
    assert render(reason, "es") == "no es un archivo de imagen; se omite"
    assert "a/notes.txt: no es un archivo de imagen; se omite" in report.summary("es")
    assert "a/notes.txt: is not an image file; skipped" in report.summary()


@pytest.mark.parametrize(("setting", "value", "english", "spanish"), [
    ("scale", 0.75, "The augmentation scale must be between 0 and 0.5, not 0.75.",
     "La escala del aumento debe estar entre 0 y 0,5, no 0,75."),
    ("outline_width", 0.125,
     "The augmentation outline width must be 0 or at least 0.25 pixels, not 0.125.",
     "El grosor del contorno del aumento debe ser 0 o al menos 0,25 píxeles, no 0,125."),
    ("shift", 20.5, "The augmentation shift must be between 0 and 16, not 20.5.",
     "El desplazamiento del aumento debe estar entre 0 y 16, no 20,5."),
])
def test_augmentation_out_of_range_writes_decimals_the_spanish_way(
        setting: str, value: float, english: str, spanish: str) -> None:
    with pytest.raises(TrainingError) as err:
        Augmentation((1, 28, 28), **{setting: value})
    assert str(err.value) == english
    assert err.value.message.render("es") == spanish
    mexican = err.value.message.render("es", "es_MX")  # Mexico writes 0.5, as English does
    assert str(value) in mexican and f"{value}".replace(".", ",") not in mexican


def test_registry_texts_are_english_marked_for_the_catalogue_and_read_in_spanish() -> None:
    info = dataset_info("fashion-mnist")
    assert str(info.description).startswith("70,000 small grey photos")
    assert render(info.description, "es").startswith("70.000 fotos pequeñas en gris")
    assert render(info.title, "es") != "" and "Trouser" in info.class_names
    assert render("Trouser", "es") != "Trouser"
    for name in DATASET_NAMES:
        described = dataset_info(name).description
        assert isinstance(described, Message)
        assert render(described, "es") != str(described), name


def test_your_own_table_is_titled_in_the_reader_s_language(tmp_path: Path) -> None:
    table = tmp_path / "iris.csv"
    table.write_text("a,b,kind\n1,2,x\n3,4,y\n", encoding="utf-8")
    info = dataset_info(f"csv:{table}")
    assert str(info.title) == "iris.csv (your table)"
    assert render(info.title, "es") == "iris.csv (tu tabla)"
    assert render(info.description, "es") == f"Tus propios datos de {table}."
