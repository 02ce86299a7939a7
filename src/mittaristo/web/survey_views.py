"""The respondent's pages of a survey round: public, no login.

The landing page (what the survey is, how long it takes, what is stored; the code of a closed
round), one page per section, and the thank-you page. Answers are kept in the session
(web/survey_session.py) until "send" stores them all at once (surveys/answering.py).

An open round of a one-section survey is answered on its landing page, in one POST, without a
session: the random submission key is written into the form when the page is made, so that
sending the same page twice stores one answer. That is the common resident survey, and the path
that takes the load of a public round (bench/survey_load.py). Outside the round's window every
page says it is not open and stores nothing. The code travels only in
a POST body, never in an address; the views mark POST data sensitive so that an error report
mailed to ADMINS shows neither the code nor the answers.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from mittaristo.core.logs import posts_not_logged
from mittaristo.core.translation import CONTENT_LANGUAGES, FALLBACK_LANGUAGE
from mittaristo.surveys.answering import (
    Outcome,
    Window,
    code_digest,
    estimated_minutes,
    response_store,
    round_for_answering,
    round_heading,
    window,
)
from mittaristo.surveys.models import Response, SurveyRound

from .organisations import address_organisation
from .shared_pages import first_visit, shared_page
from .survey_forms import CodeForm, SectionForm
from .survey_session import Answering, new_submission_key
from .throttle import CodeThrottle, client_address


def _round(request, pk: int) -> SurveyRound:
    """The round, under the bare address or its own organisation's; 404 under another's
    (/other/kysely/<id>/ must not pass as the other organisation's survey)."""
    found = round_for_answering(pk)
    here = address_organisation(request)
    if found is None or (here is not None and found.survey.organisation_id != here.pk):
        raise Http404
    return found


def _not_open(request, survey_round, when):
    """The page every answering page gives outside the round's window."""
    return render(request, "web/survey_not_open.html", {"round": survey_round, "window": str(when)})


# A submission key as new_submission_key makes it (secrets.token_urlsafe(24)).
KEY_FORM = re.compile(r"[A-Za-z0-9_-]{32}")


def _on_one_page(survey_round) -> bool:
    """Whether the round is answered on one page without a session: open, one section."""
    return survey_round.access == SurveyRound.Access.OPEN and len(survey_round.questionnaire) == 1


def _language() -> str:
    language = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return language if language in CONTENT_LANGUAGES else FALLBACK_LANGUAGE


@posts_not_logged
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def survey_start(request, pk):
    """The round's landing page; a closed round's code is typed and checked here."""
    survey_round = _round(request, pk)
    when = window(survey_round)
    if when != Window.OPEN:
        return _not_open(request, survey_round, when)
    answering = Answering(request.session, pk)
    form = None
    if survey_round.access == SurveyRound.Access.CODES:
        form = CodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            digest = _checked_code(request, survey_round, form)
            if digest:
                answering.begin(digest)
                return redirect("survey-answer-section", pk=pk, number=1)
    sections = survey_round.questionnaire
    one_page = _on_one_page(survey_round)
    context = {
        "round": survey_round,
        "survey": survey_round.survey,
        "sections": len(sections),
        "questions": sum(len(s.questions.all()) for s in sections),
        "minutes": estimated_minutes(survey_round),
        "form": form,
        "begun": False if one_page else answering.begun,
        "min_group": settings.SURVEY_MIN_GROUP,
        # The one page's questions, under what is said above them.
        "answer_form": SectionForm(section=sections[0]) if one_page else None,
        "section": sections[0] if one_page else None,
        "key": new_submission_key() if one_page else None,
    }
    if one_page and first_visit(request):
        context["key"] = KEY_MARK
        fill = {KEY_MARK: new_submission_key()}
        return shared_page(request, _shown(survey_round), "web/survey_start.html", context, fill)
    return render(request, "web/survey_start.html", context)


KEY_MARK = "submission-key-of-this-visitor-77c2"


def _shown(survey_round) -> tuple:
    """What a shared answering page shows of the round and its survey (web/shared_pages.py):
    the questionnaire changes with the survey's `changed`; the round's fields are read."""
    r = survey_round
    return ("survey", r.pk, r.survey.changed, r.name, r.opens, r.closes, r.access, r.is_example)


def _checked_code(request, survey_round, form) -> str | None:
    """The digest of the typed code if it lets the respondent in; else an error on the form
    (the same for an unknown, a used and another round's code) and a failure counted."""
    throttle = CodeThrottle(client_address(request))
    minutes = throttle.refusal()
    if minutes is not None:
        message = _("Too many wrong codes. Try again in %(minutes)d min.")
        form.add_error("code", message % {"minutes": minutes})
        return None
    digest = code_digest(survey_round, form.cleaned_data["code"])
    if digest is None:
        throttle.failed()
        message = _(
            "This code is not valid. Check that you typed it as it is in your invitation. "
            "A code can be used only once."
        )
        form.add_error("code", message)
    return digest


@posts_not_logged
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def survey_section(request, pk, number):
    """One section's questions; "previous", "next" and, on the last, "send"."""
    survey_round = _round(request, pk)
    sections = survey_round.questionnaire
    if not 1 <= number <= len(sections):
        raise Http404
    if _on_one_page(survey_round):
        return _one_page(request, survey_round)
    posted_key = request.POST.get("key", "") if request.method == "POST" else ""
    if posted_key and _received(survey_round, posted_key):
        return redirect("survey-answer-thanks", pk=pk)  # sent already: back and send again
    when = window(survey_round)
    if when != Window.OPEN:
        return _not_open(request, survey_round, when)
    answering = Answering(request.session, pk)
    if not answering.begun:
        if survey_round.access == SurveyRound.Access.CODES:
            return redirect("survey-answer", pk=pk)  # the code first
        answering.begin()  # an open round: answering begins on any of its pages
    section = sections[number - 1]
    if request.method == "POST":
        form = SectionForm(request.POST, section=section)
        answering.keep(section.pk, form.kept())
        action = request.POST.get("action")
        if action == "previous" and number > 1:
            return redirect("survey-answer-section", pk=pk, number=number - 1)
        if form.is_valid():
            if number < len(sections):
                return redirect("survey-answer-section", pk=pk, number=number + 1)
            if action == "send":
                return _send(request, survey_round, sections, answering)
    else:
        form = SectionForm(initial=_initial(answering.kept(section.pk)), section=section)
    return render(
        request,
        "web/survey_section.html",
        {
            "round": survey_round,
            "survey": survey_round.survey,
            "section": section,
            "number": number,
            "count": len(sections),
            "form": form,
            "key": answering.key,
            "last": number == len(sections),
        },
    )


def _one_page(request, survey_round):
    """The one page of an open one-section round: no session; the key comes with the form."""
    posted_key = request.POST.get("key", "")
    key = posted_key if KEY_FORM.fullmatch(posted_key) else new_submission_key()
    section = survey_round.questionnaire[0]
    if request.method == "POST":
        form = SectionForm(request.POST, section=section)
        if form.is_valid() and request.POST.get("action") == "send":
            return _stored(request, survey_round, form.answers(), key=key, digest=None)
    else:
        form = SectionForm(section=section)
    return render(
        request,
        "web/survey_section.html",
        {
            "round": survey_round,
            "survey": survey_round.survey,
            "section": section,
            "number": 1,
            "count": 1,
            "form": form,
            "key": key,
            "last": True,
        },
    )


def _initial(kept: dict[str, list[str]] | None) -> dict:
    """What the session kept for a page, as its form's initial values (no errors shown)."""
    return {
        name: values if len(values) != 1 else values[0] for name, values in (kept or {}).items()
    }


def _send(request, survey_round, sections, answering):
    """Every section's kept answers checked again (a page may have been skipped by its
    address), then stored at once; the session's code and answers forgotten."""
    answers = []
    for number, section in enumerate(sections, start=1):
        kept = MultiValueDict(answering.kept(section.pk) or {})
        form = SectionForm(kept, section=section)
        if not form.is_valid():
            messages.error(request, _("Some answers on this page are missing or not valid."))
            return redirect("survey-answer-section", pk=survey_round.pk, number=number)
        answers += form.answers()
    key, digest = answering.key, answering.digest
    answering.end()
    return _stored(request, survey_round, answers, key=key, digest=digest)


def _stored(request, survey_round, answers, *, key, digest):
    """Store one respondent's answers; the thank-you page, or why nothing was stored."""
    outcome = response_store(
        survey_round=survey_round,
        submission_key=key,
        answers=answers,
        language=_language(),
        digest=digest,
    )
    if outcome == Outcome.NOT_OPEN:
        if _received(survey_round, key):  # sent before it closed, and now once more
            return redirect("survey-answer-thanks", pk=survey_round.pk)
        return _not_open(request, survey_round, window(survey_round))
    if outcome == Outcome.CODE_REFUSED:
        messages.error(request, _("This code has already been used. Nothing was stored."))
        return redirect("survey-answer", pk=survey_round.pk)
    return redirect("survey-answer-thanks", pk=survey_round.pk)


def _received(survey_round, key: str) -> bool:
    return Response.objects.filter(round=survey_round, submission_key=key[:64]).exists()


@require_http_methods(["GET"])
def survey_thanks(request, pk):
    """The thank-you page, also for a submission sent twice (stored once)."""
    here = address_organisation(request)
    if (
        here is not None
        and not SurveyRound.objects.filter(pk=pk, survey__organisation=here).exists()
    ):
        raise Http404
    if first_visit(request):
        # It shows the survey's name only: kept by the round alone, read when not kept.
        key = ("thanks", pk)
        return shared_page(request, key, "web/survey_thanks.html", lambda: _thanks(pk))
    return render(request, "web/survey_thanks.html", _thanks(pk))


def _thanks(pk: int) -> dict:
    survey_round = round_heading(pk)
    if survey_round is None:
        raise Http404
    return {"round": survey_round, "survey": survey_round.survey}
