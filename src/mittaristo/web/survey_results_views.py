"""A survey round's results, their download and the moderation of open-text answers: for the
strategy lead and the administrator (core/roles.py `can_run_rounds`). What is shown and hidden
is decided by surveys/results.py; the words by surveys/texts.py."""

import io

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mittaristo.core.roles import can_run_rounds, role_required
from mittaristo.surveys import export, moderation, texts
from mittaristo.surveys.models import SurveyRound
from mittaristo.surveys.results import round_results

from .export_views import CONTENT_TYPES


def _round(pk):
    return get_object_or_404(SurveyRound.objects.select_related("survey"), pk=pk)


@role_required(can_run_rounds)
def survey_results(request, pk):
    survey_round = _round(pk)
    result = round_results(survey_round)
    methods = set()
    questions = []
    for q in result.questions:
        methods |= _methods(q)
        questions.append(_question_view(q, result.min_group))
    return render(
        request,
        "web/survey_results.html",
        {
            "round": survey_round,
            "result": result,
            "rate": texts.rate_text(result.response_rate),
            "questions": questions,
            "methods": [texts.method_name(m) for m in sorted(methods)],
            "hidden_round": texts.hidden_text("few_answers", result.min_group)
            if result.hidden
            else "",
            "min_group": result.min_group,
        },
    )


def _methods(q):
    estimates = []
    if q.figures is not None:
        estimates += [q.figures.mean] + [s.estimate for s in q.figures.shares]
        estimates += [s.comparison for s in q.figures.shares]
    estimates += [q.mean_comparison]
    for b in q.bindings:
        estimates += [b.estimate, b.comparison]
    return {e.method for e in estimates if e is not None}


def _question_view(q, minimum):
    """Plain words for the template: no figure is formatted there."""
    view = {
        "q": q,
        "rate": texts.rate_text(q.response_rate),
        "hidden": texts.hidden_text(q.hidden, minimum) if q.hidden else "",
        "mean": texts.estimate_text(q.figures.mean) if q.figures else "",
        "mean_change": texts.difference_text(q.mean_comparison),
        "distribution": [],
        "bindings": [
            {
                "binding": b.binding,
                "text": texts.estimate_text(b.estimate),
                "change": texts.difference_text(b.comparison),
            }
            for b in q.bindings
        ],
        "breakdowns": [],
    }
    shares = {s.key: s for s in q.figures.shares} if q.figures else {}
    total = sum(s.count or 0 for s in q.distribution)
    for s in q.distribution:
        share = shares.get(s.key)
        view["distribution"].append(
            {
                "label": s.label,
                "count": s.count,
                "hidden": texts.hidden_text(s.hidden, minimum) if s.hidden else "",
                "share": texts.estimate_text(share.estimate)
                if share
                else (f"{round(100 * s.count / total)} %" if s.count is not None and total else ""),
                "change": texts.difference_text(share.comparison) if share else "",
            }
        )
    for breakdown in q.breakdowns:
        groups = []
        for g in breakdown.groups:
            figures = []
            if g.figures is not None:
                if g.figures.mean is not None:
                    figures.append(texts.estimate_text(g.figures.mean))
                figures += [
                    f"{s.label}: {texts.estimate_text(s.estimate)}" for s in g.figures.shares
                ]
            groups.append(
                {
                    "label": g.label if g.label is not None else _("no answer"),
                    "n": g.n,
                    "hidden": texts.hidden_text(g.hidden, minimum) if g.hidden else "",
                    "figures": figures,
                }
            )
        view["breakdowns"].append({"background": breakdown.background, "groups": groups})
    return view


@role_required(can_run_rounds)
def survey_results_download(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    survey_round = _round(pk)
    result = round_results(survey_round)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        export.write_xlsx(result, buffer)
        body = buffer.getvalue()
    else:
        text = io.StringIO()
        export.write_csv(result, text)
        body = "\ufeff" + text.getvalue()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"{survey_round.survey.code}-{survey_round.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(can_run_rounds)
def survey_moderation(request, pk):
    survey_round = _round(pk)
    waiting = list(moderation.awaiting(survey_round))
    return render(
        request,
        "web/survey_moderation.html",
        {"round": survey_round, "waiting": waiting, "min_group": settings.SURVEY_MIN_GROUP},
    )


@require_POST
@role_required(can_run_rounds)
def survey_moderation_decide(request, pk, answer):
    survey_round = _round(pk)
    if moderation.moderation_decide(survey_round, answer, request.POST.get("decision", "")):
        messages.success(request, _("Decided: the next answer awaits."))
    else:
        messages.info(request, _("That answer was decided already."))
    return redirect("survey-moderation", survey_round.pk)
