"""Downloading reports: a review round's (internal), a published round's (public, through the
one public gate web/published.py), and as of a date (internal, from the overview page)."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from mittaristo.core.roles import current_organisation, role_required
from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.roles import can_view_internal
from mittaristo.web.forms import RoundOrDateForm
from mittaristo.web.published import published_round
from mittaristo.web.strategy_views import current_strategy

from .document import FORMATS, LANGUAGES, cached_file, filename
from .kinds import KINDS


def _checked(kind, lang, fmt) -> None:
    if kind not in KINDS or lang not in LANGUAGES or fmt not in FORMATS:
        raise Http404


def _file(strategy, kind, lang, fmt, *, round=None, as_of=None) -> HttpResponse:
    body = cached_file(kind, strategy, round=round, as_of=as_of, lang=lang, fmt=fmt)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = filename(kind, strategy, round=round, as_of=as_of, lang=lang, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(can_view_internal)
def round_report(request, pk, kind, lang, fmt):
    """A review round's report, published or not (a draft says so on its cover)."""
    _checked(kind, lang, fmt)
    review = get_object_or_404(
        ReviewRound.objects.of(current_organisation()).select_related("strategy"), pk=pk
    )
    return _file(review.strategy, kind, lang, fmt, round=review)


def public_round_report(request, pk, kind, lang, fmt):
    """A published round's report, for anyone: 404 for a round that is not published."""
    _checked(kind, lang, fmt)
    review = published_round(pk)
    return _file(review.strategy, kind, lang, fmt, round=review)


@role_required(can_view_internal)
def dated_report(request, kind):
    """?ajankohta=2026-03-31 or 31.3.2026 (default: today; `as_of`, the old name, is read too)
    &lang=fi&format=pdf: the current strategy's report with the figures as known on a date.
    The date is read by the pages' own form (web/forms.RoundOrDateForm); a wrong one is
    answered 400 with the form's words."""
    lang = request.GET.get("lang") or (get_language() or "fi").split("-")[0]
    fmt = request.GET.get("format", "pdf")
    _checked(kind, lang, fmt)
    strategy = current_strategy()
    form = RoundOrDateForm(request.GET)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return HttpResponseBadRequest(" ".join(errors), content_type="text/plain; charset=utf-8")
    _round, as_of = form.chosen()
    return _file(strategy, kind, lang, fmt, as_of=as_of)
