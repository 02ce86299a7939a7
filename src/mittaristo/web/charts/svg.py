"""A chart's Vega-Lite specification drawn as SVG on the server, for documents (the reports).

The same specification the page draws in the browser (specs.py) is converted offline by
vl-convert, with the numbers and months of the document's language, at a fixed width (a page
of paper has no container to fill). The SVG gets a <title>: the chart's text alternative,
which a tagged PDF takes as the figure's alternative text. No Django here.
"""

import functools
import html
import json
import re

import vl_convert

# The document's language → the locale of d3's number and time formats.
LOCALES = {"fi": "fi-FI", "sv": "sv-SE", "en": "en-US"}
WIDTH = 560  # px: the text width of an A4 page with 2 cm margins, less the axis
_OPENING = re.compile(r"<svg\b[^>]*>")


def chart_svg(spec: dict, *, lang: str, title: str = "", width: int = WIDTH) -> str:
    """The chart as an SVG document, titled `title` (else the spec's description)."""
    drawn = dict(spec, width=width) if spec.get("width") == "container" else spec
    svg = _convert(json.dumps(drawn, sort_keys=True, default=str), LOCALES.get(lang, "fi-FI"))
    text = title or spec.get("description") or ""
    opening = _OPENING.search(svg)
    if opening is None:  # vl-convert always writes one; never hand on something else
        raise ValueError("vl-convert gave no <svg> element")
    head = opening.group(0)[:-1] + ' role="img">'
    return f"{svg[: opening.start()]}{head}<title>{html.escape(text)}</title>{svg[opening.end() :]}"


@functools.lru_cache(maxsize=512)  # a chart is the same for every report that shows it
def _convert(spec_json: str, locale: str) -> str:
    return vl_convert.vegalite_to_svg(
        json.loads(spec_json), format_locale=locale, time_format_locale=locale
    )
