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
from .survey_admin_views import organisation


def _round(pk):
    return get_object_or_404(
        SurveyRound.objects.select_related("survey"), pk=pk, survey__organisation=organisation()
    )


@role_required(can_run_rounds)
def survey_results(request, pk):
    survey_round = _round(pk)
    result = round_results(survey_round)
    methods = set()
    questions = []
    for q in result.questions:
        methods |= texts.methods_used(q)
        questions.append(texts.question_words(q, result.min_group))
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
