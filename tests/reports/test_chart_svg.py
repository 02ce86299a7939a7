"""A page's chart drawn as SVG for a document: titled with its text alternative, in the
document's number format, every text escaped."""

from django.template.loader import render_to_string
from django.utils import translation

from mittaristo.web.charts.specs import time_series_spec
from mittaristo.web.charts.svg import chart_svg


def spec(name="Työpaikat"):
    return time_series_spec(
        [{"period": "2021", "value": "6230.5"}, {"period": "2023", "value": "6199"}],
        unit="työpaikkaa",
        description=f"{name}: 6 230,5 → 6 199",
        target={"year": 2030, "value": "6400", "label": "Tavoite 2030: 6 400"},
    )


def test_the_svg_is_titled_with_the_text_alternative_and_uses_the_languages_numbers():
    svg = chart_svg(spec(), lang="fi")
    assert svg.startswith("<svg") and "<title>Työpaikat: 6 230,5 → 6 199</title>" in svg
    assert 'role="img"' in svg
    assert "6 200" in svg.replace("\u00a0", " ") or "6 150" in svg.replace("\u00a0", " ")
    assert "6,200" in chart_svg(spec(), lang="en") or "6,150" in chart_svg(spec(), lang="en")


def test_no_markup_gets_through_a_name():
    svg = chart_svg(spec('<script>alert("x")</script>'), lang="fi")
    assert "<script" not in svg


def test_the_pages_chart_include_draws_svg_in_a_document_and_a_canvas_on_a_page():
    context = {
        "chart_id": "c",
        "spec": spec(),
        "caption": "Työpaikat",
        "rows": [{"period": "2021", "value": "6230.5"}],
        "unit": "työpaikkaa",
    }
    with translation.override("fi"):
        page = render_to_string("web/_chart.html", context)
        document = render_to_string("web/_chart.html", context | {"document": True})
    assert "chart-canvas" in page and "<svg" not in page
    assert "<svg" in document and "chart-canvas" not in document
    assert '<th scope="row">2021</th>' in document
