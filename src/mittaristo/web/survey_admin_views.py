"""Managing surveys in the app: the list of surveys, a survey's page, and editing its
questionnaire (sections, questions with choices, bindings to indicators).

Every internal reader may read; the strategy lead and the administrator edit
(surveys/roles.py). The rules are the services' (surveys/editing.py): a view parses the form,
calls the service and puts its ValidationError back on the form. Rounds, codes and the shipped
templates are in web/survey_round_views.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mittaristo.core.roles import current_organisation, role_required
from mittaristo.strategy.roles import can_view_internal
from mittaristo.surveys import copying, editing
from mittaristo.surveys.models import Answer, Binding, Question, Section, Survey
from mittaristo.surveys.roles import can_manage_surveys
from mittaristo.surveys.rounds import round_state, survey_rows, with_counts

from .survey_admin_forms import (
    BindingForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
    choice_formset,
)


def organisation():
    """The organisation whose surveys the app manages: the request's (web/organisations.py),
    with or without a strategy; 404 when the request is about none."""
    found = current_organisation()
    if found is None:
        raise Http404
    return found


def survey_of(pk) -> Survey:
    return get_object_or_404(Survey, pk=pk, organisation=organisation())


def _part(model, pk, path, *related):
    """A part of one of the organisation's surveys, by its id."""
    return get_object_or_404(
        model.objects.select_related(*related), pk=pk, **{path: organisation()}
    )


def edit_page(request, *, form, title, back, save, formset=None, intro="", done=None):
    """The form (GET), or the saved object's page (POST, valid, accepted by the service)."""
    if request.method == "POST":
        valid = form.is_valid()
        valid = (formset is None or formset.is_valid()) and valid
        if valid:
            try:
                saved = save()
            except ValidationError as error:
                form.add_errors(error)
            else:
                messages.success(request, done or _("Saved."))
                return redirect(saved)
    return render(
        request,
        "web/surveys_edit.html",
        {"form": form, "formset": formset, "title": title, "intro": intro, "back": back},
    )


def _back(survey):
    return {"url": reverse("survey", args=[survey.pk]), "name": survey.name}


# -- reading -----------------------------------------------------------------------------------


@role_required(can_view_internal)
def survey_list(request):
    return render(
        request,
        "web/surveys.html",
        {"rows": survey_rows(organisation()), "can_manage": can_manage_surveys(request.user)},
    )


@role_required(can_view_internal)
def survey_detail(request, pk):
    survey = survey_of(pk)
    questions = Question.objects.prefetch_related(
        "choices",
        Prefetch("bindings", queryset=Binding.objects.select_related("indicator", "choice")),
    )
    sections = survey.sections.prefetch_related(Prefetch("questions", queryset=questions))
    now = timezone.now()
    rounds = [(r, round_state(r, now)) for r in with_counts(survey.rounds.all())]
    answered = set(
        Answer.objects.filter(question__section__survey=survey)
        .values_list("question", flat=True)
        .distinct()
    )
    return render(
        request,
        "web/surveys_survey.html",
        {
            "survey": survey,
            "sections": sections,
            "rounds": rounds,
            "answered": answered,
            "can_manage": can_manage_surveys(request.user),
        },
    )


# -- the survey --------------------------------------------------------------------------------


@role_required(can_manage_surveys)
def survey_add(request):
    owner = organisation()
    form = SurveyForm(request.POST or None)
    return edit_page(
        request,
        form=form,
        title=_("New survey"),
        intro=_(
            "Give the survey a code and a name; add its sections and questions on its page. "
            "A survey can also be made from a template."
        ),
        back={"url": reverse("surveys"), "name": _("Surveys")},
        save=lambda: reverse(
            "survey",
            args=[
                editing.survey_create(
                    organisation=owner, code=form.cleaned_data["code"], **form.texts()
                ).pk
            ],
        ),
        done=_("The survey was created: add its sections and questions."),
    )


@role_required(can_manage_surveys)
def survey_edit(request, pk):
    survey = survey_of(pk)
    form = SurveyForm(request.POST or None, survey=survey)
    return edit_page(
        request,
        form=form,
        title=_("Change the name and description of %(name)s") % {"name": survey.name},
        back=_back(survey),
        save=lambda: _saved(editing.survey_change(survey=survey, **form.texts())),
    )


@require_POST
@role_required(can_manage_surveys)
def survey_copy(request, pk):
    copy = copying.survey_copy(survey=survey_of(pk))
    messages.success(
        request,
        _("The survey was copied as %(code)s, without rounds or answers.") % {"code": copy.code},
    )
    return redirect("survey", copy.pk)


@role_required(can_manage_surveys)
def survey_delete(request, pk):
    survey = survey_of(pk)
    return delete_page(
        request,
        what=_("the survey %(name)s") % {"name": survey.name},
        back=_back(survey),
        refusal=copying.delete_refusal(survey),
        delete=lambda: copying.survey_delete(survey=survey),
        done=_("The survey was deleted."),
        after=reverse("surveys"),
    )


def _saved(obj) -> str:
    """The page to return to after a save: the survey's, at the saved part."""
    if isinstance(obj, Survey):
        return reverse("survey", args=[obj.pk])
    if isinstance(obj, Section):
        return reverse("survey", args=[obj.survey_id]) + f"#section-{obj.pk}"
    if isinstance(obj, Question):
        return reverse("survey", args=[obj.section.survey_id]) + f"#question-{obj.pk}"
    return reverse("survey", args=[obj.question.section.survey_id]) + f"#question-{obj.question_id}"


# -- sections ----------------------------------------------------------------------------------


@role_required(can_manage_surveys)
def section_add(request, pk):
    survey = survey_of(pk)
    form = SectionForm(request.POST or None)
    return edit_page(
        request,
        form=form,
        title=_("New section of %(name)s") % {"name": survey.name},
        back=_back(survey),
        save=lambda: _saved(editing.section_save(survey=survey, **form.texts())),
    )


@role_required(can_manage_surveys)
def section_edit(request, pk):
    section = _part(Section, pk, "survey__organisation", "survey")
    form = SectionForm(request.POST or None, part=section)
    return edit_page(
        request,
        form=form,
        title=_("Change the section %(name)s") % {"name": section.title},
        back=_back(section.survey),
        save=lambda: _saved(
            editing.section_save(survey=section.survey, section=section, **form.texts())
        ),
    )


def _step(request) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


@require_POST
@role_required(can_manage_surveys)
def section_move(request, pk):
    section = _part(Section, pk, "survey__organisation", "survey")
    editing.section_move(section=section, step=_step(request))
    return redirect(_saved(section))


def delete_page(request, *, what, back, refusal, delete, done, after=None):
    """Confirm (GET), then delete (POST) and go to `after` (else back); a refusal is shown
    instead of the button."""
    if request.method == "POST" and not refusal:
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back["url"])
        messages.success(request, done)
        return redirect(after or back["url"])
    return render(
        request,
        "web/surveys_delete.html",
        {"what": what, "back": back, "refusal": refusal},
    )


@role_required(can_manage_surveys)
def section_delete(request, pk):
    section = _part(Section, pk, "survey__organisation", "survey")
    count = section.questions.count()
    answered = Answer.objects.filter(question__section=section).exists()
    return delete_page(
        request,
        what=_("the section %(name)s and its %(count)s questions")
        % {"name": section.title, "count": count},
        back=_back(section.survey),
        refusal=_(
            "The section has questions that have been answered: it cannot be deleted, or "
            "those answers would be lost."
        )
        if answered
        else "",
        delete=lambda: editing.section_delete(section=section),
        done=_("The section was deleted."),
    )


# -- questions ---------------------------------------------------------------------------------


def _question_page(request, *, survey, section, question=None, title):
    form = QuestionForm(request.POST or None, survey=survey, question=question)
    formset = choice_formset(request.POST or None, question=question)

    def save():
        saved = editing.question_save(
            section=section,
            question=question,
            fields=form.question_fields(),
            choices=formset.edits(),
        )
        return _saved(saved)

    return edit_page(
        request,
        form=form,
        formset=formset,
        title=title,
        intro=_(
            "The question's code stays with its answers. Choices: fill in a row for each; "
            "more rows appear after saving. The order number sets their order."
        ),
        back=_back(survey),
        save=save,
    )


@role_required(can_manage_surveys)
def question_add(request, pk):
    section = _part(Section, pk, "survey__organisation", "survey")
    return _question_page(
        request,
        survey=section.survey,
        section=section,
        title=_("New question in %(name)s") % {"name": section.title},
    )


@role_required(can_manage_surveys)
def question_edit(request, pk):
    question = _part(Question, pk, "section__survey__organisation", "section__survey")
    return _question_page(
        request,
        survey=question.section.survey,
        section=question.section,
        question=question,
        title=_("Change the question %(code)s") % {"code": question.code},
    )


@require_POST
@role_required(can_manage_surveys)
def question_move(request, pk):
    question = _part(Question, pk, "section__survey__organisation", "section")
    editing.question_move(question=question, step=_step(request))
    return redirect(_saved(question))


@role_required(can_manage_surveys)
def question_delete(request, pk):
    question = _part(Question, pk, "section__survey__organisation", "section__survey")
    return delete_page(
        request,
        what=_("the question %(code)s") % {"code": question.code},
        back=_back(question.section.survey),
        refusal=_(
            "The question has answers: it cannot be deleted, or they would be lost. Change "
            "its text, or leave it out of the next survey."
        )
        if editing.has_answers(question)
        else "",
        delete=lambda: editing.question_delete(question=question),
        done=_("The question was deleted."),
    )


# -- bindings ----------------------------------------------------------------------------------


def _binding_page(request, *, question, binding=None, title):
    form = BindingForm(request.POST or None, question=question, binding=binding)

    def save():
        data = form.cleaned_data
        saved = editing.binding_save(
            question=question,
            binding=binding,
            indicator=data["indicator"],
            rule=data["rule"],
            level=data["level"],
            choice=data["choice"],
        )
        return _saved(saved)

    return edit_page(
        request,
        form=form,
        title=title,
        intro=_(
            "When a round's results are stored, this question's result by the rule becomes "
            "the indicator's value for the round's period."
        ),
        back=_back(question.section.survey),
        save=save,
    )


@role_required(can_manage_surveys)
def binding_add(request, pk):
    question = _part(Question, pk, "section__survey__organisation", "section__survey")
    return _binding_page(
        request,
        question=question,
        title=_("Bind the question %(code)s to an indicator") % {"code": question.code},
    )


def _binding(pk):
    return _part(
        Binding, pk, "question__section__survey__organisation", "question__section__survey"
    )


@role_required(can_manage_surveys)
def binding_edit(request, pk):
    binding = _binding(pk)
    return _binding_page(
        request,
        question=binding.question,
        binding=binding,
        title=_("Change the binding of %(code)s") % {"code": binding.question.code},
    )


@role_required(can_manage_surveys)
def binding_delete(request, pk):
    binding = _binding(pk)
    return delete_page(
        request,
        what=_("the binding of %(code)s to %(indicator)s")
        % {"code": binding.question.code, "indicator": binding.indicator.name},
        back=_back(binding.question.section.survey),
        refusal="",
        delete=lambda: editing.binding_delete(binding=binding),
        done=_("The binding was removed. Values already stored stay."),
    )
