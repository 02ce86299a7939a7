"""Keeping text that a spreadsheet program would run as a formula from being run.

A cell beginning with =, +, -, @, a tab or a carriage return is taken by Excel and LibreOffice
as a formula when a CSV file is opened (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`). OWASP's rule:
in CSV, put an apostrophe before such text; in XLSX, write it as a text cell (see
observations/exports.py). Only text is touched: a number written by the export stays a number.

`csv_text` and `csv_read` are each other's inverse for every text, so an exported CSV file
imports back exactly: the apostrophe is also doubled before text that already begins with an
apostrophe followed by one of these characters (or another apostrophe), and removed only there.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = (*FORMULA_STARTS, "'")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet program could take this text for a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """The text as a CSV cell that no spreadsheet program runs."""
    if starts_formula(text) or (text.startswith("'") and text[1:].startswith(_QUOTED)):
        return "'" + text
    return text


def csv_read(text: str) -> str:
    """The text `csv_text` was given, from the cell it wrote (other text comes back as it is)."""
    if text.startswith("'") and text[1:].startswith(_QUOTED):
        return text[1:]
    return text
