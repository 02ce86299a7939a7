"""`mittaristo report`: a file for a round or a date, and a plain message, never a traceback."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook


def report(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_a_rounds_workbook_and_a_dated_pdf(published, tmp_path):
    book = tmp_path / "raportti.xlsx"
    said = report(
        "followup",
        "--strategy",
        published.strategy.code,
        "--round",
        str(published.pk),
        "--lang",
        "sv",
        "--format",
        "xlsx",
        "--out",
        str(book),
    )
    assert str(book) in said
    assert load_workbook(book).sheetnames[0]
    pdf = tmp_path / "raportti.pdf"
    report(
        "followup",
        "--strategy",
        published.strategy.code,
        "--as-of",
        "1.6.2025",
        "--format",
        "pdf",
        "--out",
        str(pdf),
    )
    assert pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["followup", "--strategy", "helsinki"],
            "no strategy 'helsinki' (there are: heinola-2030)",
        ),
        (["followup", "--strategy", "heinola-2030", "--round", "9999"], "no review round '9999'"),
        (["followup", "--strategy", "heinola-2030", "--round", "x"], "no review round 'x'"),
        (["followup", "--strategy", "heinola-2030", "--as-of", "31.2.2025"], "is not a date"),
        (["followup", "--strategy", "heinola-2030", "--as-of", "eilen"], "is not a date"),
    ],
)
def test_clear_errors(published, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        report(*args, "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("kind", ["midterm", "overview"])
def test_the_mid_term_evaluation_and_the_overview_are_written_too(published, tmp_path, kind):
    book = tmp_path / f"{kind}.xlsx"
    report(
        kind,
        "--strategy",
        "heinola-2030",
        "--round",
        str(published.pk),
        "--lang",
        "sv",
        "--format",
        "xlsx",
        "--out",
        str(book),
    )
    assert book.read_bytes().startswith(b"PK")  # a zip: the workbook


def test_an_unwritable_file_is_a_message(published, tmp_path):
    with pytest.raises(CommandError, match="cannot write"):
        report(
            "followup",
            "--strategy",
            "heinola-2030",
            "--format",
            "xlsx",
            "--out",
            str(tmp_path / "missing" / "x.xlsx"),
        )
