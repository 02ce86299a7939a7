"""A page's chart drawn as SVG for a document: titled with its text alternative, in the
document's number format, every text escaped."""

import base64
import io

import pikepdf
import pytest
import vl_convert
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image, ImageChops

from mittaristo.reports.document import pdf
from mittaristo.web.charts import svg as svg_module
from mittaristo.web.charts.specs import time_series_spec
from mittaristo.web.charts.svg import chart_img, chart_svg, drawn_aside

from .test_followup import structure


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
    assert "chart-canvas" in page and "data:image/svg+xml" not in page
    assert '<img src="data:image/svg+xml;base64,' in document and "chart-canvas" not in document
    assert 'alt="Työpaikat: 6 230,5 → 6 199"' in document
    assert '<th scope="row">2021</th>' in document


def test_a_document_shows_the_chart_as_an_image_whose_alt_is_the_text_alternative():
    img = chart_img(spec('Työ "paikat" <b>'), lang="fi")
    assert img.startswith('<img src="data:image/svg+xml;base64,')
    assert 'alt="Työ &quot;paikat&quot; &lt;b&gt;: 6 230,5 → 6 199"' in img
    drawn = base64.b64decode(img.split("base64,")[1].split('"')[0]).decode()
    assert drawn.startswith("<svg") and "<b>" not in drawn


def test_the_simplified_svg_draws_the_same_picture_with_fewer_elements():
    """What WeasyPrint draws (docs/performance.md): the browser's attributes, empty paths and
    bare groups gone, grid lines and ticks one path per axis; pixel for pixel the same."""
    original = vl_convert.vegalite_to_svg(spec(), format_locale="fi-FI")
    simple = svg_module.simplify(original)
    assert simple.count("<") < original.count("<") / 2
    assert "aria-" not in simple and "<line" not in simple.split("<text")[0]
    before, after = (
        Image.open(io.BytesIO(vl_convert.svg_to_png(s, scale=2))).convert("RGB")
        for s in (original, simple)
    )
    assert before.size == after.size
    differing = ImageChops.difference(before, after).convert("L").point(lambda v: v > 40)
    assert sum(differing.histogram()[1:]) <= before.size[0] * before.size[1] // 10_000


def test_a_documents_charts_come_from_the_threads_and_nothing_from_the_file_system(
    tmp_path, caplog
):
    context = {"chart_id": "c", "spec": spec(), "caption": "Työpaikat", "document": True}
    picture = tmp_path / "picture.svg"
    picture.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/>'
        "</svg>"
    )
    with translation.override("fi"), drawn_aside() as charts:
        chart = render_to_string("web/_chart.html", context)
        assert '<img src="chart:0" alt="Työpaikat: 6 230,5 → 6 199">' in chart
        html = (
            '<html lang="fi"><head><title>Raportti</title></head><body>'
            f'{chart}<img src="{picture.as_uri()}" alt="Tiedosto"></body></html>'
        )
        document = pikepdf.open(io.BytesIO(pdf(html, charts=charts)))
    found = structure(document.Root.StructTreeRoot, [])
    assert [alt for kind, alt in found if kind == "/Figure"][0] == "Työpaikat: 6 230,5 → 6 199"
    assert f"URI uses disallowed protocol: {picture.as_uri()}" in caplog.text


def test_a_chart_that_cannot_be_drawn_stops_the_document(monkeypatch):
    def broken(spec_json, locale):
        raise ValueError("vl-convert failed")

    monkeypatch.setattr(svg_module, "_convert", broken)
    context = {"chart_id": "c", "spec": spec(), "caption": "Työpaikat", "document": True}
    with translation.override("fi"), drawn_aside() as charts:
        html = f'<html lang="fi"><body>{render_to_string("web/_chart.html", context)}</body></html>'
        with pytest.raises(RuntimeError, match="chart:0"):
            pdf(html, charts=charts)
