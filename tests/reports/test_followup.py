"""The follow-up report of the demo's published round, opened as a reader opens it: the PDF's
text and the workbook's cells in each language, against the round's evaluation record."""

import datetime as dt
import io
import shutil
import subprocess
from collections import Counter

import pikepdf
import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from mittaristo.core.formatting import number
from mittaristo.monitoring.attention import NO_VALUES, changes_since, needs_attention
from mittaristo.monitoring.labels import LABELS
from mittaristo.reports.cover import EXAMPLE_NOTE
from mittaristo.reports.document import build
from mittaristo.reports.followup import UNRANKED
from mittaristo.reports.followup_summary import GOALS, STATUS_CHANGES
from mittaristo.reports.source import report_source
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.snapshot import read_snapshot
from mittaristo.strategy.models import Strategy
from mittaristo.web.charts.text import chart_context

from ..conftest import ROOT
from .conftest import pdf_text, squeeze

ARTEFACTS = ROOT / "test-artefacts" / "reports"
LANGUAGES = ["fi", "sv", "en"]


def words(text) -> str:
    return squeeze(str(text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_names_every_aim_goal_and_indicator_with_the_records_values(published, lang):
    body = build("followup", published.strategy, round=published, lang=lang, fmt="pdf")
    text = pdf_text(body)
    record = read_snapshot(published)
    with translation.override(lang):
        for aim in record.aims:
            assert words(aim.name) in text
            for goal in aim.goals:
                assert words(goal.name) in text
                assert words(LABELS[goal.status]) in text
        for indicator in (i for g in record.goals for i in record.indicators_of(g)):
            assert words(indicator.name) in text
            assert words(indicator.sentence) in text, indicator.code
            latest = indicator.latest
            if latest is not None:
                shown = f"{number(latest.value)} {indicator.unit} ({latest.period})"
                assert words(shown) in text, indicator.code
        assert words(published.name) in text
        # Example data is marked on every page (the running footer), the cover included.
        pages = [squeeze(p.extract_text()) for p in PdfReader(io.BytesIO(body)).pages]
        note = words(EXAMPLE_NOTE)
        assert all(note in page for page in pages)
    # The summary is one page; the indicators listed apart are counted there, named in full
    # in the appendix.
    summary, in_full = assert_one_page_summary(pages, record, lang)
    attention = needs_attention(record)
    apart = len(attention.unranked)
    # Counted by reason: the demo's surveys give values to two indicators without targets.
    reasons = Counter(item.reason for item in attention.unranked)
    with translation.override(lang):
        for reason, count in reasons.items():
            assert f"{words(UNRANKED[reason])} ({count})" in summary
        assert reasons[NO_VALUES] > 0
        assert apart > 10 and words(attention.unranked[-1].indicator.name) not in summary
        assert all(words(i.indicator.name) in in_full for i in attention.unranked)
        # Every goal listed names what put it there (T4.3 of the demo is moving away because an
        # indicator without a target is worsening).
        for item in attention.goals[:GOALS]:
            assert item.indicators, item.code
            if item.overridden:
                computed = f"{gettext('computed:')} {LABELS[item.goal.computed_status]}"
                assert words(computed) in summary, item.code
    if lang == "fi":
        keep_a_page(body)


def keep_a_page(body: bytes) -> None:
    """The summary page as PNG, for a person to look at (test-artefacts/reports/)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler's pdftoppm is not installed")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTEFACTS / "followup-fi.pdf"
    source.write_bytes(body)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "2",
            "-l",
            "2",
            "-singlefile",
            str(source),
            str(ARTEFACTS / "followup-fi-summary"),
        ],
        check=True,
    )
    assert (ARTEFACTS / "followup-fi-summary.png").stat().st_size > 10_000


def structure(node, found):
    """Every structure element's type, and each Figure's alternative text, under `node`."""
    kind = node.get("/S")
    if kind is not None:
        found.append((str(kind), str(node.get("/Alt", ""))))
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                structure(kid, found)
    elif isinstance(kids, pikepdf.Dictionary):
        structure(kids, found)
    return found


def test_the_pdf_is_tagged_with_title_language_headings_tables_and_alternative_texts(published):
    body = build("followup", published.strategy, round=published, lang="sv", fmt="pdf")
    pdf = pikepdf.open(io.BytesIO(body))
    record = read_snapshot(published)
    with translation.override("sv"):
        assert str(pdf.docinfo["/Title"]).startswith(
            str(translation.gettext("Strategy follow-up report"))
        )
    assert str(pdf.Root.Lang) == "sv"
    assert pdf.Root.MarkInfo.Marked
    assert pdf.Root.ViewerPreferences.DisplayDocTitle
    found = structure(pdf.Root.StructTreeRoot, [])
    kinds = {kind for kind, _alt in found}
    assert {"/H1", "/H2", "/H3", "/H4", "/Table", "/TH", "/TD"} <= kinds
    figures = [alt for kind, alt in found if kind == "/Figure"]
    # A chart per indicator under each goal, in order, its alternative text the pages' own.
    with translation.override("sv"):
        expected = [
            chart_context(i)["chart_text"]
            for g in record.goals
            for i in record.indicators_of(g)
            if i.latest is not None
        ]
    assert figures == expected and figures


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_workbook_holds_the_records_values_as_numbers(published, lang):
    body = build("followup", published.strategy, round=published, lang=lang, fmt="xlsx")
    book = load_workbook(io.BytesIO(body))
    record = read_snapshot(published)
    with translation.override(lang):
        assert (
            len(book.sheetnames) == 2 + len(record.aims) + 2
        )  # summary, attention, aims, plans, data
        cells = {
            str(c.value)
            for ws in book
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        }
        for aim in record.aims:
            assert str(aim.name) in cells
        for goal in record.goals:
            assert str(goal.name) in cells
        rows = {}
        for ws in book.worksheets[2 : 2 + len(record.aims)]:
            header = next(
                r for r in ws.iter_rows(values_only=True) if r[0] == translation.gettext("Goal")
            )
            start = False
            for row in ws.iter_rows():
                if row[0].value == header[0]:
                    start = True
                    continue
                if start:
                    rows[row[2].value] = dict(zip(header, row, strict=True))
        for indicator in record.indicators.values():
            if not any(indicator.code in g.indicators for g in record.goals):
                continue
            row = rows[str(indicator.name)]
            assert row[translation.gettext("Status")].value == str(LABELS[indicator.status])
            latest = indicator.latest
            value = row[translation.gettext("Latest value")]
            if latest is None:
                assert value.value is None
            else:
                assert value.data_type == "n" and value.value == float(latest.value)
            target = row[translation.gettext("Target")]
            if indicator.target and indicator.target.value is not None:
                assert target.data_type == "n" and target.value == float(indicator.target.value)
        data = book.worksheets[-1]
        values = [r for r in data.iter_rows(min_row=1) if r[2].value and r[3].value is not None]
        figures = [v for i in record.indicators.values() for v in i.values if v.value is not None]
        numeric = [r[3] for r in values if r[3].data_type == "n"]
        assert len(numeric) == len(figures) > 0
        # Example data is said on every sheet.
        note = str(EXAMPLE_NOTE)
        assert all(any(c.value == note for c in ws["A"]) for ws in book)


def test_what_needs_attention_is_monitoring_attentions_list_in_its_order(published):
    body = build("followup", published.strategy, round=published, lang="en", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(body)).worksheets[1]
    record = read_snapshot(published)
    attention = needs_attention(record)
    expected = [str(g.goal.name) for g in attention.goals] + [
        str(i.indicator.name) for i in (*attention.indicators, *attention.unranked)
    ]
    header = next(
        n
        for n, row in enumerate(sheet.iter_rows(values_only=True))
        if row[0] == "Goal or indicator"
    )
    listed = [row[0] for row in list(sheet.iter_rows(values_only=True))[header + 1 :]]
    assert listed == expected and expected
    ratios = [row[2] for row in list(sheet.iter_rows())[header + 1 :] if row[2].value is not None]
    assert all(cell.data_type == "n" for cell in ratios)


def fi(message: str) -> str:
    with translation.override("fi"):
        return translation.gettext(message)


def pages_of(body: bytes) -> list[str]:
    return [squeeze(p.extract_text()) for p in PdfReader(io.BytesIO(body)).pages]


def assert_one_page_summary(pages: list[str], record, lang: str) -> tuple[str, str]:
    """The summary fills the page after the cover, the first aim starts the next, and the
    summary's pointer names the page where its lists stand in full. Returns the summary and
    the appendix from there on."""
    with translation.override(lang):
        heading = translation.gettext("Summary")
        in_full = translation.gettext("Appendix: what needs attention and what changed, in full")
        page = translation.gettext("page")
        first_aim = words(record.aims[0].name)
    summary = pages[1]
    assert summary.startswith(heading + " ")
    assert pages[2].startswith(first_aim + " ")
    where = next(n for n, text in enumerate(pages) if text.startswith(in_full))
    assert f"{page} {where + 1}" in summary
    return summary, " ".join(pages[where:])


def test_with_many_changes_since_the_previous_round_the_summary_still_fits(published):
    """The round made the previous one of a report as of today, every status in it changed."""
    snapshot = published.snapshot
    for goal in (g for aim in snapshot["aims"] for g in aim["goals"]):
        goal["status"] = goal["computed_status"] = "on_track"
    for indicator in snapshot["indicators"].values():
        indicator["status"] = "at_risk" if indicator["status"] == "achieved" else "achieved"
    ReviewRound.objects.filter(pk=published.pk).update(snapshot=snapshot, as_of=dt.date(2025, 1, 1))
    body = build("followup", published.strategy, lang="fi", fmt="pdf")
    source = report_source(published.strategy)
    summary, in_full = assert_one_page_summary(pages_of(body), source.record, "fi")
    changes = changes_since(source.record, source.previous_record)
    more = len(changes.goals) + len(changes.indicators) - STATUS_CHANGES
    assert more > 10
    with translation.override("fi"):
        said = translation.ngettext("and %(counter)s more", "and %(counter)s more", more)
    assert said % {"counter": more} in summary
    last = changes.indicators[-1]
    assert words(last.name.get("fi")) not in summary and words(last.name.get("fi")) in in_full


@pytest.fixture
def fetched_jobs(demo_db, recorded_data, tmp_path):
    """The demo with Heinola's jobs fetched from Statistics Finland's recorded responses."""
    from django.core.management import call_command

    from mittaristo.sources.replay import build as build_replay

    build_replay(recorded_data, tmp_path)
    call_command("fetch", replay=str(tmp_path), indicator="tyopaikat", areas="111")
    return Strategy.objects.current()


def test_the_appendix_gives_a_fetched_figures_licence_and_publication_date(fetched_jobs):
    """Heinola's jobs in 2019 as fetched from Statistics Finland's table 115k (updated
    16.2.2023, CC BY 4.0); the later years are the demo's, the city's own figures."""
    strategy = fetched_jobs
    body = build("followup", strategy, lang="fi", fmt="pdf")
    pages = [squeeze(p.extract_text()) for p in PdfReader(io.BytesIO(body)).pages]
    heading = fi("Appendix: every figure and its source")
    start = next(n for n, page in enumerate(pages) if page.startswith(heading))
    appendix = " ".join(pages[start:])
    columns = ["Indicator", "Area", "Period", "Value", "Status of the value", "Source"]
    for column in (*columns, "Licence", "Published"):
        assert fi(column) in appendix, column
    assert "6 199 työpaikkaa" in appendix and "CC BY 4.0" in appendix
    assert "16.2.2023" in appendix
    assert fi("the city's own figure") in appendix  # the imported demo values

    book = load_workbook(io.BytesIO(build("followup", strategy, lang="fi", fmt="xlsx")))
    rows = list(book.worksheets[-1].iter_rows())
    header = next(n for n, row in enumerate(rows) if row[0].value == fi("Indicator"))
    titles = [cell.value for cell in rows[header]]
    assert titles == [
        fi(t)
        for t in (
            "Indicator",
            "Area",
            "Period",
            "Value",
            "Unit",
            "Status of the value",
            "Source",
            "Licence",
            "Published",
            "Example data",
        )
    ]
    figures = {
        (row[0].value, row[2].value): dict(zip(titles, row, strict=True))
        for row in rows[header + 1 :]
    }
    jobs = figures["Työpaikkojen määrä", "2019"]
    assert jobs[fi("Area")].value == "Heinolan kaupunki" and jobs[fi("Value")].value == 6199
    assert jobs[fi("Licence")].value == "CC BY 4.0"
    source = jobs[fi("Source")].value
    assert "Tilastokeskus" in source and not source.endswith("CC BY 4.0")  # in its own column
    published = jobs[fi("Published")]
    assert published.is_date and published.value.date() == dt.date(2023, 2, 16)
    assert published.number_format == "d.m.yyyy"
    later = figures["Työpaikkojen määrä", "2023"]
    assert later[fi("Licence")].value == fi("the city's own figure")
    assert later[fi("Published")].value is None
