"""A chart's Vega-Lite specification drawn as SVG on the server, for documents (the reports).

The same specification the page draws in the browser (specs.py) is converted offline by
vl-convert, with the numbers and months of the document's language, at a fixed width (a page
of paper has no container to fill). The SVG gets a <title>: the chart's text alternative.
A document shows it as an image (`chart_img`): an <img> whose `alt` is that text, which a
tagged PDF takes as the figure's alternative text. No Django here.

Why an image and why simplified: WeasyPrint parses and styles every element of an inline SVG
as part of the HTML, and draws each SVG element as its own PDF operation, an opacity or a
centred text as its own PDF group. vl-convert's SVG is written for the browser: a group per
mark and axis, ARIA labels, empty background paths, a <line> per grid line and tick. Drawn
from an image and simplified (`simplify`) the same chart costs WeasyPrint about half as much
(docs/performance.md, "Reports").
"""

import base64
import contextlib
import contextvars
import functools
import html
import json
import re
import xml.etree.ElementTree as ET
from concurrent.futures import Future, ThreadPoolExecutor

import vl_convert

# The document's language → the locale of d3's number and time formats.
LOCALES = {"fi": "fi-FI", "sv": "sv-SE", "en": "en-US"}
WIDTH = 560  # px: the text width of an A4 page with 2 cm margins, less the axis
_OPENING = re.compile(r"<svg\b[^>]*>")
NS = "http://www.w3.org/2000/svg"
_SVG = f"{{{NS}}}"
# Attributes that only a browser uses (ARIA for the page's own chart, hit testing, classes).
_UNDRAWN = {"class", "role", "pointer-events"}
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}(?:e-?\d+)?")
_TRANSLATE = re.compile(r"translate\((-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)\)")
_EMPTY_PATHS = {"", "M0,0h0v0h0Z"}
_LINE_STYLE = {"stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "opacity"}


def chart_svg(spec: dict, *, lang: str, title: str = "", width: int = WIDTH) -> str:
    """The chart as an SVG document, titled `title` (else the spec's description)."""
    drawn = dict(spec, width=width) if spec.get("width") == "container" else spec
    svg = _convert(json.dumps(drawn, sort_keys=True, default=str), LOCALES.get(lang, "fi-FI"))
    text = _text(spec, title)
    opening = _OPENING.search(svg)
    if opening is None:  # vl-convert always writes one; never hand on something else
        raise ValueError("vl-convert gave no <svg> element")
    head = opening.group(0)[:-1] + ' role="img">'
    return f"{svg[: opening.start()]}{head}<title>{html.escape(text)}</title>{svg[opening.end() :]}"


def chart_img(spec: dict, *, lang: str, title: str = "", width: int = WIDTH) -> str:
    """The chart as an <img> of its SVG, its `alt` the text alternative: a data: address, or
    inside `drawn_aside` an address of the document's own (`Aside`)."""
    alt = html.escape(_text(spec, title), quote=True)
    aside = _ASIDE.get()
    if aside is not None:
        return f'<img src="{aside.add(spec, lang=lang, title=title, width=width)}" alt="{alt}">'
    svg = chart_svg(spec, lang=lang, title=title, width=width)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{alt}">'


class Aside:
    """A document's charts converted on two threads of their own while the document is read.

    vl-convert runs outside Python's lock, so on the second core it converts the charts
    while WeasyPrint parses and styles the HTML; WeasyPrint asks for each image by its address
    (`chart:N`, reports/document.py) only when it builds the boxes, and waits for what is not
    done yet."""

    SCHEME = "chart"

    def __init__(self):
        self.futures: list[Future] = []

    def add(self, spec: dict, **how) -> str:
        self.futures.append(_POOL.submit(chart_svg, spec, **how))
        return f"{self.SCHEME}:{len(self.futures) - 1}"

    def svg(self, address: str) -> bytes:
        """The SVG of the chart at `address`; KeyError for an address it did not give."""
        number = address.removeprefix(f"{self.SCHEME}:")
        if not number.isdigit() or int(number) >= len(self.futures):
            raise KeyError(address)
        return self.futures[int(number)].result().encode("utf-8")


_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vl-convert")
_ASIDE: contextvars.ContextVar[Aside | None] = contextvars.ContextVar("aside", default=None)


@contextlib.contextmanager
def drawn_aside():
    """Within it, `chart_img` hands each conversion to the threads and gives an address of
    the returned Aside; the caller reads the images from it (`Aside.svg`)."""
    aside = Aside()
    token = _ASIDE.set(aside)
    try:
        yield aside
    finally:
        _ASIDE.reset(token)
        for future in aside.futures:
            future.cancel()  # a document given up: no conversion left waiting for nobody


def _text(spec: dict, title: str) -> str:
    return title or spec.get("description") or ""


@functools.lru_cache(maxsize=512)  # a chart is the same for every report that shows it
def _convert(spec_json: str, locale: str) -> str:
    svg = vl_convert.vegalite_to_svg(
        json.loads(spec_json), format_locale=locale, time_format_locale=locale
    )
    return simplify(svg)


def simplify(svg: str) -> str:
    """vl-convert's SVG with what draws nothing taken away, drawing the same picture.

    Gone: the browser's attributes (ARIA, classes, hit testing), empty and invisible paths,
    groups that carry no attribute (their children take their place), `opacity="1"`. Merged:
    a run of equally styled <line>s placed by `translate` (grid lines, ticks) into one <path>.
    Rounded: coordinates to 1/100 px. An unstroked shape's opacity becomes its fill-opacity
    (the same picture for a shape with no stroke, without a PDF transparency group)."""
    ET.register_namespace("", NS)
    root = ET.fromstring(svg)
    _clean(root, stroked=False)
    return ET.tostring(root, encoding="unicode")


def _clean(node, *, stroked: bool) -> None:
    for name in [n for n in node.attrib if n in _UNDRAWN or n.startswith("aria-")]:
        del node.attrib[name]
    if node.get("opacity") == "1":
        del node.attrib["opacity"]
    for name in ("transform", "d"):
        if name in node.attrib:
            node.set(name, _LONG_NUMBER.sub(_rounded, node.get(name)))
    stroked = stroked or node.get("stroke", "none") != "none"
    kept = []
    for child in list(node):
        drawn = _drawn(child)  # before _clean takes away the class that tells
        _clean(child, stroked=stroked)
        tag = child.tag.removeprefix(_SVG)
        if not drawn:
            continue
        if tag == "g" and not _meaningful(child.attrib):
            kept.extend(child)  # a bare group: its children in its place
        elif tag == "g" and len(child) == 0:
            continue
        else:
            unstroked = not stroked and not _has_stroke(child)
            if tag in ("path", "rect") and "opacity" in child.attrib and unstroked:
                child.set("fill-opacity", child.attrib.pop("opacity"))
            kept.append(child)
    node[:] = _merged_lines(kept)


def _rounded(match) -> str:
    return f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")


def _drawn(node) -> bool:
    """False for an element that draws nothing: a hidden or empty path, or a group's
    background or foreground path without paint of its own."""
    if node.tag != f"{_SVG}path":
        return True
    if node.get("display") == "none" or node.get("d", "") in _EMPTY_PATHS:
        return False
    layer = set(node.get("class", "").split()) & {"background", "foreground"}
    return not (layer and "fill" not in node.attrib and "stroke" not in node.attrib)


def _meaningful(attrib) -> bool:
    return any(v != "translate(0,0)" if k == "transform" else True for k, v in attrib.items())


def _has_stroke(node) -> bool:
    return node.get("stroke", "none") != "none"


def _mergeable(node) -> bool:
    return (
        node.tag == f"{_SVG}line"
        and set(node.attrib) <= {"transform", "x2", "y2"} | _LINE_STYLE
        and _TRANSLATE.fullmatch(node.get("transform", "translate(0,0)")) is not None
    )


def _style(node) -> tuple:
    return tuple(sorted((k, v) for k, v in node.attrib.items() if k in _LINE_STYLE))


def _merged_lines(nodes: list) -> list:
    merged, run = [], []
    for node in [*nodes, None]:
        if node is not None and _mergeable(node) and (not run or _style(run[0]) == _style(node)):
            run.append(node)
            continue
        if len(run) > 1:
            merged.append(_path_of(run))
        else:
            merged.extend(run)
        run = [node] if node is not None and _mergeable(node) else []
        if node is not None and not run:
            merged.append(node)
    return merged


def _path_of(lines: list):
    """One <path> drawing the same segments as `lines` (each `translate(x,y)` to x2, y2)."""
    moves = []
    for line in lines:
        x, y = _TRANSLATE.fullmatch(line.get("transform", "translate(0,0)")).groups()
        dx, dy = line.get("x2", "0"), line.get("y2", "0")
        moves.append(f"M{_number(x)},{_number(y)}l{_number(dx)},{_number(dy)}")
    path = ET.Element(f"{_SVG}path", dict(_style(lines[0])))
    path.set("d", "".join(moves))
    return path


def _number(text: str) -> str:
    return f"{float(text):.2f}".rstrip("0").rstrip(".")
