"""The mid-term evaluation and the statistical overview as documents: the same content as their
pages, framed with a cover (reports/framed.py), as a tagged PDF and as a workbook."""

import io
import shutil
import subprocess

import pikepdf
import pytest
from django.utils import translation
from openpyxl import load_workbook

from mittaristo.reports import midterm, overview
from mittaristo.reports.cover import EXAMPLE_NOTE
from mittaristo.reports.document import build

from ..conftest import ROOT
from .conftest import pdf_text, squeeze
from .test_followup import structure

ARTEFACTS = ROOT / "test-artefacts" / "reports"
LANGUAGES = ("fi", "sv", "en")


def keep_page(body: bytes, name: str) -> None:
    """A page of the document as PNG, for a person to look at (test-artefacts/reports/)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler's pdftoppm is not installed")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTEFACTS / f"{name}.pdf"
    source.write_bytes(body)
    target = ARTEFACTS / f"{name}-page2"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "2", "-l", "2", "-singlefile", source, target],
        check=True,
    )
    assert target.with_suffix(".png").stat().st_size > 10_000


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_mid_term_pdf_names_every_aim_goal_and_indicator(published, lang):
    body = build("midterm", published.strategy, round=published, lang=lang, fmt="pdf")
    text = pdf_text(body)
    content = midterm.content(published.strategy, round=published, lang=lang)
    with translation.override(lang):
        assert squeeze(str(translation.gettext("Mid-term evaluation"))) in text
        assert squeeze(str(EXAMPLE_NOTE)) in text
    names = [aim.name for aim in content.aims]
    names += [goal.name for aim in content.aims for goal in aim.goals]
    names += [row.name for row in content.rows]
    assert names and [n for n in names if squeeze(n) not in text] == []
    for proposal in content.proposals:
        assert squeeze(proposal.reason_label) in text
    if lang == "fi":
        keep_page(body, "midterm-fi")


@pytest.mark.parametrize("kind", ["midterm", "overview"])
def test_the_documents_are_tagged_with_title_language_headings_and_alternative_texts(
    published, kind
):
    body = build(kind, published.strategy, round=published, lang="en", fmt="pdf")
    pdf = pikepdf.open(io.BytesIO(body))
    title = {"midterm": "Mid-term evaluation", "overview": "Statistical overview"}[kind]
    assert str(pdf.docinfo["/Title"]).startswith(title)
    assert str(pdf.Root.Lang) == "en"
    assert pdf.Root.MarkInfo.Marked
    found = structure(pdf.Root.StructTreeRoot, [])
    kinds = {k for k, _alt in found}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= kinds
    figures = [alt for k, alt in found if k == "/Figure"]
    assert figures and all(alt.strip() for alt in figures)
    if kind == "overview":
        keep_page(body, "overview-en")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_mid_term_workbook_holds_the_contents_numbers_as_numbers(published, lang):
    book = load_workbook(
        io.BytesIO(build("midterm", published.strategy, round=published, lang=lang, fmt="xlsx"))
    )
    content = midterm.content(published.strategy, round=published, lang=lang)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    with translation.override(lang):
        header_at = next(
            n for n, row in enumerate(rows) if row and translation.gettext("Now") in row
        )
        header = rows[header_at]
        now = header.index(translation.gettext("Now"))
        code = header.index(translation.gettext("Code"))
        assert any(str(EXAMPLE_NOTE) in str(row[0]) for row in rows[:header_at])
    by_code = {row[code]: row for row in rows[header_at + 1 :]}
    checked = 0
    for row in content.rows:
        if row.now is None:
            continue
        cell = by_code[row.code][now]
        assert isinstance(cell, (int, float)) and cell == pytest.approx(float(row.now))
        checked += 1
    assert checked


def test_the_overview_workbook_holds_the_figures_as_numbers(published):
    body = build("overview", published.strategy, round=published, lang="fi", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    content = overview.content(published.strategy, round=published, lang="fi")
    numbers = [
        cell
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, (int, float))
    ]
    expected = [
        value
        for topic in content.topics
        for figure in topic.figures
        for line in figure.lines
        for value in line.values
        if value is not None
    ]
    assert expected and sorted(numbers) == sorted(float(v) for v in expected)
