"""Importing a file from the web: upload, preview, then store (or not).

A file of up to IMPORT_JOB_ROWS rows is stored inside the request; a larger one by the
background worker (observations/imports/jobs.py), whose page shows the stage and the result.
"""

import io
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.roles import current_organisation, role_required
from mittaristo.observations.imports.jobs import import_job_start
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.imports.template import write_template
from mittaristo.observations.models import ImportJob
from mittaristo.strategy.models import Indicator, Strategy
from mittaristo.strategy.roles import can_enter_values

from .forms import ImportConfirmForm, ImportForm
from .uploads import upload_keep

SESSION_KEY = "pending_import"


@role_required(can_enter_values)
def import_upload(request):
    """Upload a file and see its preview; nothing is stored yet."""
    allowed = Indicator.objects.of(current_organisation()).editable_by(request.user)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    refused = getattr(request, "upload_refused", None)  # after reading: web/uploads.py
    form = ImportForm(*data, refused=refused)
    report = None
    if form.is_valid():
        _forget(request)  # a new upload replaces the file waiting before
        upload = form.cleaned_data["file"]
        path = upload_keep(upload)
        try:
            report = import_observations(
                path=path,
                name=upload.name,
                user=request.user,
                dry_run=True,
                allowed_indicators=allowed,
                organisation=current_organisation(),
            )
        finally:
            if report is None or not report.ok:  # nothing to store: nothing to keep
                path.unlink(missing_ok=True)
        if report.ok:
            # The outliers seen here are the ones a confirmation on this page confirms.
            request.session[SESSION_KEY] = {
                "path": str(path),
                "name": upload.name,
                "outliers": report.outlier_digest,
                "rows": report.rows,
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
            }
    return render(request, "web/import.html", _context(request, form, report, ImportConfirmForm()))


@role_required(can_enter_values)
def import_template(request):
    """The import template (XLSX): the indicators whose values this person enters, in the
    strategy in force, with its own area and the periods due (observations/imports/template.py).
    """
    indicators = Indicator.objects.of(current_organisation()).editable_by(request.user)
    strategy = Strategy.objects.of(current_organisation()).current()
    if strategy is not None:
        indicators = indicators.filter(strategy=strategy)
        # The template names the own area; the import finds only a stored one (as entry does).
        strategy.organisation.get_or_create_area()
    today = timezone.localdate()
    buffer = io.BytesIO()
    write_template(indicators, today=today, out=buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = _("import-template")
    response["Content-Disposition"] = f'attachment; filename="{name}-{today.isoformat()}.xlsx"'
    return response


@role_required(can_enter_values)
def import_store(request):
    """Store the file whose preview the same person just saw, its outliers once confirmed.

    Without the confirmation that they are right, values far from what is expected store
    nothing: the preview comes back saying why, and the file keeps waiting.
    """
    if request.method != "POST":
        return redirect("import-upload")
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return redirect("import-upload")
    path = Path(pending["path"])
    if not path.is_file():
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _("The file is no longer waiting; upload it again."))
        return redirect("import-upload")
    confirm_form = ImportConfirmForm(request.POST)
    confirmed = confirm_form.is_valid() and confirm_form.cleaned_data["accept_outliers"]
    large = pending.get("rows", 0) > settings.IMPORT_JOB_ROWS
    if large and (confirmed or not pending.get("outliers")):
        job = import_job_start(
            path=path,
            name=pending["name"],
            user=request.user,
            preview=pending,
            accept_outliers=pending.get("outliers", "") if confirmed else "",
            language=request.LANGUAGE_CODE,
            organisation=current_organisation(),
        )
        request.session.pop(SESSION_KEY, None)
        return redirect("import-job", pk=job.pk)
    report = import_observations(
        path=path,
        name=pending["name"],
        user=request.user,
        dry_run=large,  # a large file is stored only by the job, never in the request
        allowed_indicators=Indicator.objects.of(current_organisation()).editable_by(request.user),
        accept_outliers=pending.get("outliers", "") if confirmed else False,
        organisation=current_organisation(),
    )
    if large and report.ok and not report.needs_confirmation:
        # The values far from what is expected are gone since the preview: show it anew.
        request.session[SESSION_KEY] = {**pending, "outliers": report.outlier_digest}
        return render(request, "web/import.html", _context(request, ImportForm(), report))
    if report.ok and report.needs_confirmation:
        # What is confirmed next is what this page now lists (the values may have moved since).
        request.session[SESSION_KEY] = {**pending, "outliers": report.outlier_digest}
        if confirmed:
            why = _(
                "Nothing was stored: the values far from what is expected are no longer those "
                "you confirmed. Check them again; if they are right, tick the box and store."
            )
        else:
            why = _(
                "Nothing was stored: the values far from what is expected are not confirmed. "
                "Check them; if they are right, tick the box and store again."
            )
        confirm_form = ImportConfirmForm(data={})  # unticked: a confirmation is for one list
        confirm_form.is_valid()
        confirm_form.add_error("accept_outliers", why)
        context = _context(request, ImportForm(), report, confirm_form)
        return render(request, "web/import.html", context)
    request.session.pop(SESSION_KEY, None)
    path.unlink(missing_ok=True)
    if report.ok:
        messages.success(request, report.summary())
    else:  # the data changed since the preview in a way that now makes rows wrong
        messages.error(request, " ".join(str(p) for p in report.problems[:5]))
    return redirect("import-upload")


@role_required(can_enter_values)
def import_cancel(request):
    """Forget the file waiting to be stored, and remove it."""
    if request.method == "POST" and _forget(request):
        messages.info(request, _("The file was removed; nothing was stored."))
    return redirect("import-upload")


def _forget(request) -> bool:
    """Remove the file waiting in this session, if any; whether there was one."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        Path(pending["path"]).unlink(missing_ok=True)
    return bool(pending)


@login_required
def import_job(request, pk):
    """A file being stored by the background worker: its stage, then what it stored.

    Only the person who started it sees it, even if they may no longer import (they should
    still learn what became of their file), and only within the organisation it was started
    in (docs/organisations.md).
    """
    job = get_object_or_404(
        ImportJob.objects.filter(organisation=current_organisation()),
        pk=pk,
        user=request.user,
    )
    return render(request, "web/import_job.html", {"job": job})


def _context(request, form, report, confirm_form=None) -> dict:
    return {
        "form": form,
        "report": report,
        "confirm_form": confirm_form or ImportConfirmForm(),
        # The person's files stored in the background lately: they may have left the page.
        "jobs": ImportJob.objects.filter(user=request.user, organisation=current_organisation())[
            :5
        ],
    }
