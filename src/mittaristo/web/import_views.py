"""Importing a file from the web: upload, preview, then store (or not).

A file of up to IMPORT_JOB_ROWS rows is stored inside the request; a larger one by the
background worker (observations/imports/jobs.py), whose page shows the stage and the result.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mittaristo.core.roles import role_required
from mittaristo.observations.imports.jobs import import_job_start
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.models import ImportJob
from mittaristo.strategy.models import Indicator
from mittaristo.strategy.roles import can_enter_values

from .forms import ImportConfirmForm, ImportForm

SESSION_KEY = "pending_import"


@role_required(can_enter_values)
def import_upload(request):
    """Upload a file and see its preview; nothing is stored yet."""
    allowed = Indicator.objects.editable_by(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        path = _keep(upload)
        report = import_observations(
            path=path, name=upload.name, user=request.user, dry_run=True, allowed_indicators=allowed
        )
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
        else:
            path.unlink(missing_ok=True)
    return render(request, "web/import.html", _context(request, form, report, ImportConfirmForm()))


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
        )
        request.session.pop(SESSION_KEY, None)
        return redirect("import-job", pk=job.pk)
    report = import_observations(
        path=path,
        name=pending["name"],
        user=request.user,
        dry_run=large,  # a large file is stored only by the job, never in the request
        allowed_indicators=Indicator.objects.editable_by(request.user),
        accept_outliers=pending.get("outliers", "") if confirmed else False,
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


@login_required
def import_job(request, pk):
    """A file being stored by the background worker: its stage, then what it stored.

    Only the person who started it sees it, even if they may no longer import (they should
    still learn what became of their file).
    """
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    return render(request, "web/import_job.html", {"job": job})


def _context(request, form, report, confirm_form=None) -> dict:
    return {
        "form": form,
        "report": report,
        "confirm_form": confirm_form or ImportConfirmForm(),
        # The person's files stored in the background lately: they may have left the page.
        "jobs": ImportJob.objects.filter(user=request.user)[:5],
    }


def _keep(upload) -> Path:
    """Save the upload under a name nobody can guess, keeping its suffix (.csv, .xlsx, .ods)."""
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_urlsafe(16)}{Path(upload.name).suffix.lower()[:6]}"
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    return path
