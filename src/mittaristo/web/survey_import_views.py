"""Importing a round's answers collected in another tool: upload, preview, then store (or not).

One page does the three steps, as the observation import does on three (web/import_views.py):
the uploaded file is kept (web/uploads.py) and checked with nothing stored; the preview shows
how many responses and answers it holds, or every problem; storing reads the kept file again
(surveys/answer_import/service.py), all or nothing. The strategy lead and the administrator
import; the survey's answers are theirs to run.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mittaristo.core.roles import is_strategy_lead, role_required
from mittaristo.surveys.answer_import.service import import_answers
from mittaristo.surveys.models import Question, SurveyRound

from .forms import ImportForm
from .survey_admin_views import organisation
from .uploads import upload_keep

SESSION_KEY = "pending_survey_import"


class AnswerFileForm(ImportForm):
    """The observation import's file field (suffix and size checked), with its own help."""

    file = forms.FileField(
        label=gettext_lazy("File (CSV, XLSX or ODS)"),
        help_text=gettext_lazy(
            "One row per respondent, one column per question, headed by the question's code; "
            "optionally a column 'language' (fi, sv or en)."
        ),
    )


@role_required(is_strategy_lead)
def survey_import(request, pk):
    survey_round = get_object_or_404(
        SurveyRound.objects.select_related("survey"), pk=pk, survey__organisation=organisation()
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "store":
        return _store(request, survey_round)
    if action == "cancel":
        if _forget(request):
            messages.info(request, _("The file was removed; nothing was stored."))
        return redirect("survey-import", pk=pk)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = AnswerFileForm(*data, refused=getattr(request, "upload_refused", None))
    report = None
    if form.is_valid():
        _forget(request)  # a new upload replaces the file waiting before
        upload = form.cleaned_data["file"]
        path = upload_keep(upload)
        try:
            report = import_answers(
                path=path, name=upload.name, survey_round=survey_round, dry_run=True
            )
        finally:
            if report is None or not report.ok or not report.rows:
                path.unlink(missing_ok=True)
        if report.ok and report.rows:
            request.session[SESSION_KEY] = {
                "path": str(path),
                "name": upload.name,
                "round": survey_round.pk,
            }
    return _page(request, survey_round, form, report)


def _store(request, survey_round):
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("round") != survey_round.pk:
        return redirect("survey-import", pk=survey_round.pk)
    path = Path(pending["path"])
    if not path.is_file():
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _("The file is no longer waiting; upload it again."))
        return redirect("survey-import", pk=survey_round.pk)
    report = import_answers(path=path, name=pending["name"], survey_round=survey_round)
    _forget(request)
    if not report.ok:  # imported meanwhile, or the questionnaire changed since the preview
        return _page(request, survey_round, AnswerFileForm(), report)
    messages.success(request, report.summary())
    return redirect("survey-import", pk=survey_round.pk)


def _forget(request) -> bool:
    """Remove the file waiting in this session, if any; whether there was one."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        Path(pending["path"]).unlink(missing_ok=True)
    return bool(pending)


def _page(request, survey_round, form, report):
    questions = Question.objects.filter(section__survey=survey_round.survey).order_by(
        "section__order", "order", "pk"
    )
    per_question = []
    if report is not None and report.ok:
        per_question = [(q, report.per_question.get(q.code, 0)) for q in questions]
    context = {
        "round": survey_round,
        "form": form,
        "report": report,
        "questions": questions,
        "per_question": per_question,
        "is_open": survey_round.is_open(),
    }
    return render(request, "web/survey_import.html", context)
