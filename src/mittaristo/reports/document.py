"""A report as a file: its content rendered as a tagged PDF (WeasyPrint) or a workbook.

The PDF is PDF/UA-1: the document's title and language, headings and tables tagged (with
header cells), every chart an SVG image whose `alt` is its alternative text
(web/charts/svg.py). A published round's files never change, and a report as of a date
changes only with the data, so the views keep what they built in the cache (`cached_file`).
"""

from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from mittaristo.web.cache import data_version
from mittaristo.web.charts.svg import Aside, drawn_aside

from .kinds import KINDS
from .workbook import write_workbook

LANGUAGES = ("fi", "sv", "en")
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TIMEOUT = 7 * 24 * 60 * 60


def build(kind: str, strategy, *, round=None, as_of=None, lang: str, fmt: str) -> bytes:
    """The report `kind` of `strategy` for `round` or as of `as_of`, in `lang`, as `fmt`."""
    module = KINDS[kind]
    with translation.override(lang):
        content = module.content(strategy, round=round, as_of=as_of, lang=lang)
        if fmt == "xlsx":
            return write_workbook(module.sheets(content), lang=lang)
        # The charts are converted on other threads while WeasyPrint reads the HTML.
        with drawn_aside() as charts:
            html = render_to_string(module.TEMPLATE, {"c": content, "document": True})
            return pdf(html, charts=charts)


def pdf(html: str, *, charts: Aside | None = None) -> bytes:
    # The stylesheet is a file, not a <style> in the template: no template holds inline style
    # (the pages' content security policy, tests/web/test_security.py).
    stylesheet = CSS(filename=finders.find("css/report.css"))
    document = HTML(string=html, url_fetcher=_Fetcher(charts))
    try:
        return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as error:  # a BaseException: no view or worker would catch it
        raise RuntimeError(str(error)) from error.__cause__


class _Fetcher(URLFetcher):
    """What a report may load: its charts (`chart:N`, from `charts`) and data: addresses;
    nothing from the file system or the network, whatever a text in the report says."""

    def __init__(self, charts: Aside | None):
        super().__init__(allowed_protocols={"data"})
        self.charts = charts

    def fetch(self, url, headers=None):
        if self.charts is not None and url.startswith(f"{Aside.SCHEME}:"):
            try:
                body = self.charts.svg(url)
            except Exception as error:  # WeasyPrint would leave the chart out and go on
                raise FatalURLFetchingError(f"chart {url} could not be drawn") from error
            return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/svg+xml"})
        return super().fetch(url, headers)


def filename(kind: str, strategy, *, round=None, as_of=None, lang: str, fmt: str) -> str:
    """e.g. seurantaraportti-heinola-2030-2026-11-29-fi.pdf (a round's by its date)."""
    day = round.as_of if round is not None else (as_of or timezone.localdate())
    with translation.override(lang):
        name = slugify(str(KINDS[kind].FILENAME)) or kind
    return f"{name}-{slugify(strategy.code)}-{day.isoformat()}-{lang}.{fmt}"


def cached_file(kind: str, strategy, *, round=None, as_of=None, lang: str, fmt: str) -> bytes:
    """`build`, kept in the reports' cache where the file cannot change unseen: a published
    round's for good, a report as of a date per data version (web/cache.py). A round still
    open is built each time (its assessments are not in the data version)."""
    key = file_key(kind, strategy, round=round, as_of=as_of, lang=lang, fmt=fmt)
    if key is None:
        return build(kind, strategy, round=round, lang=lang, fmt=fmt)
    found = report_cache().get(key)
    if found is None:
        found = build(kind, strategy, round=round, as_of=as_of, lang=lang, fmt=fmt)
        report_cache().set(key, found, TIMEOUT)
    return found


def file_key(kind: str, strategy, *, round=None, as_of=None, lang: str, fmt: str) -> str | None:
    """The file's key in the reports' cache; None for a round not published (never kept)."""
    if round is not None and not round.is_published:
        return None
    if round is not None:
        stamp = round.published_at.timestamp()
        return f"mittaristo:report:{kind}:{lang}:{fmt}:round:{round.pk}:{stamp}"
    today = timezone.localdate()
    day = min(as_of or today, today)
    version = data_version(strategy, today=today)
    return f"mittaristo:report:{kind}:{lang}:{fmt}:{strategy.pk}:{day}:{version}"


def report_cache():
    """Where the files are kept (settings REPORT_CACHE_URL): one cache that every web process
    and the worker share, so a file built by one (reports/prebuild.py) serves all."""
    return caches["reports"]
