"""A survey's rounds in the app: opening and changing one, its public link, closing it early,
its one-time codes (made and downloaded once), storing a closed round's results again, and
making a survey from a shipped template.

Every internal reader may read a round's page; the strategy lead and the administrator act
(surveys/roles.py). The rules are in surveys/rounds.py and surveys/codes.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mittaristo.core.periods import PeriodError
from mittaristo.core.roles import role_required
from mittaristo.observations.services import StoreBusy
from mittaristo.strategy.roles import can_view_internal
from mittaristo.surveys import codes, shipped
from mittaristo.surveys.definition.load import SurveyFileError, load_survey
from mittaristo.surveys.models import Survey, SurveyRound
from mittaristo.surveys.roles import can_manage_surveys
from mittaristo.surveys.rounds import code_counts, round_close, round_save, round_state
from mittaristo.surveys.store import round_results_store

from .survey_admin_forms import CodesForm, RoundForm
from .survey_admin_views import edit_page, organisation, survey_of


def _round(pk) -> SurveyRound:
    return get_object_or_404(
        SurveyRound.objects.select_related("survey"),
        pk=pk,
        survey__organisation=organisation(),
    )


def answer_url(request, survey_round) -> str:
    """The public address respondents open (the answering pages, named `survey-answer`)."""
    try:
        path = reverse("survey-answer", args=[survey_round.pk])
    except NoReverseMatch:
        path = f"/kysely/{survey_round.pk}/"
    return request.build_absolute_uri(path)


def results_url(survey_round) -> str | None:
    """The round's results page, where there is one (`survey-results`)."""
    try:
        return reverse("survey-results", args=[survey_round.pk])
    except NoReverseMatch:
        return None


def _saved(survey_round) -> str:
    return reverse("survey-round", args=[survey_round.pk])


@role_required(can_manage_surveys)
def round_add(request, pk):
    survey = survey_of(pk)
    form = RoundForm(request.POST or None)
    return edit_page(
        request,
        form=form,
        title=_("New round of %(name)s") % {"name": survey.name},
        intro=_(
            "An open round is answered at a public link, by anyone who has it (residents). A "
            "closed round takes a one-time code per respondent (staff, council): make the "
            "codes on the round's page once it is saved."
        ),
        back={"url": reverse("survey", args=[survey.pk]), "name": survey.name},
        save=lambda: _saved(round_save(survey=survey, **form.round_fields())),
        done=_("The round was saved."),
    )


@role_required(can_manage_surveys)
def round_edit(request, pk):
    survey_round = _round(pk)
    form = RoundForm(request.POST or None, survey_round=survey_round)
    return edit_page(
        request,
        form=form,
        title=_("Change the round %(name)s") % {"name": survey_round.name},
        back={"url": _saved(survey_round), "name": survey_round.name},
        save=lambda: _saved(
            round_save(survey=survey_round.survey, survey_round=survey_round, **form.round_fields())
        ),
    )


def _round_page(request, survey_round, codes_form=None, status=200):
    total, used = code_counts(survey_round)
    return render(
        request,
        "web/surveys_round.html",
        {
            "round": survey_round,
            "survey": survey_round.survey,
            "state": round_state(survey_round),
            "responses": survey_round.responses.count(),
            "answer_url": answer_url(request, survey_round),
            "results_url": results_url(survey_round),
            "codes_total": total,
            "codes_used": used,
            "codes_form": codes_form or CodesForm(),
            "can_manage": can_manage_surveys(request.user),
            "now": timezone.now(),
        },
        status=status,
    )


@role_required(can_view_internal)
def round_detail(request, pk):
    return _round_page(request, _round(pk))


@require_POST
@role_required(can_manage_surveys)
def round_close_early(request, pk):
    survey_round = _round(pk)
    try:
        round_close(survey_round=survey_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is closed: no more answers are taken."))
    return redirect(_saved(survey_round))


@require_POST
@role_required(can_manage_surveys)
def round_store(request, pk):
    """Store a closed round's results as its indicators' values again, and say what changed."""
    survey_round = _round(pk)
    try:
        report = round_results_store(survey_round=survey_round, user=request.user)
    except (ValidationError, PeriodError, StoreBusy) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(_saved(survey_round))
    if not report.stored and not report.suppressed:
        messages.info(
            request, _("No question of the survey is bound to an indicator: nothing to store.")
        )
    else:
        messages.success(
            request,
            _(
                "The results were stored: %(created)s values new, %(changed)s changed, "
                "%(unchanged)s unchanged; %(suppressed)s not stored: fewer answers than the "
                "minimum group."
            )
            % {
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "suppressed": len(report.suppressed),
            },
        )
    return redirect(_saved(survey_round))


@require_POST
@role_required(can_manage_surveys)
def round_codes(request, pk):
    """Make the codes and give them at once as a CSV file: the only time they are shown."""
    survey_round = _round(pk)
    form = CodesForm(request.POST)
    if form.is_valid():
        try:
            made = codes.codes_generate(survey_round=survey_round, count=form.cleaned_data["count"])
        except ValidationError as error:  # the round takes no codes (now): say so on its page
            messages.error(request, " ".join(error.messages))
            return redirect(_saved(survey_round))
        else:
            name = f"koodit-{survey_round.survey.code}-{survey_round.pk}.csv"
            response = HttpResponse(codes.codes_csv(made), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
    return _round_page(request, survey_round, form, status=400)


# -- templates ---------------------------------------------------------------------------------


@role_required(can_manage_surveys)
def survey_templates(request):
    owner = organisation()
    found = shipped.templates()
    existing = dict(
        Survey.objects.filter(organisation=owner, code__in=[t.code for t in found]).values_list(
            "code", "pk"
        )
    )
    if request.method == "POST":
        template = shipped.template_named(request.POST.get("template", ""))
        if template is None:
            raise Http404
        if template.code in existing:
            messages.error(request, _("A survey with this template's code exists already."))
            return redirect("survey", existing[template.code])
        return _from_template(request, template, owner)
    return render(
        request,
        "web/surveys_templates.html",
        {"templates": [(t, existing.get(t.code)) for t in found]},
    )


def _from_template(request, template, owner):
    # The survey file's own loader, so a template made in the app is exactly the template
    # loaded with `mittaristo load-survey`.
    try:
        survey = load_survey(template.path, organisation=owner, filename=template.filename)
    except SurveyFileError as error:
        for line in getattr(error, "errors", [str(error)]):
            messages.error(request, line)
        return redirect("survey-templates")
    messages.success(request, _("The survey was made from the template: change it as you need."))
    return redirect("survey", survey.pk)
