"""CSV that a researcher can open safely in a spreadsheet.

A volunteer types their own name, phone and answers, and the researcher opens the file in Excel
or LibreOffice, where a cell that begins with = + - @ (or a tab or carriage return, which some
programs skip before looking) is read as a formula: "=HYPERLINK(...)" could send the sheet's
contents elsewhere when clicked. Every such cell is prefixed with a single quote, which makes it
text (OWASP's advice for CSV injection). A phone number written "+47 ..." therefore shows with a
leading quote: the price of never running what someone typed.

The file is UTF-8 with a byte-order mark, because Excel reads a CSV without one in the
machine's legacy code page and turns æ, ø and å into nonsense. Cells are separated by
semicolons, because Norwegian Excel uses the comma as its decimal sign and therefore the
semicolon as its list separator: a double-clicked file then opens in columns. (A "sep=;" first
line would say so too, but Excel then ignores the byte-order mark.) LibreOffice asks, and
offers the semicolon.
"""

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
DELIMITER = ";"
# What a spreadsheet may take as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value) -> str:
    """One value as text a spreadsheet shows and never runs."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """A whole file: the byte-order mark, the header row and one row per item, every cell
    neutralised, lines ending in CRLF as RFC 4180 has them."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")
