"""Importing a file from the web: upload, preview, then store (or not)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mittaristo.core.roles import can_enter_values, role_required
from mittaristo.observations.imports.service import import_observations
from mittaristo.strategy.models import Indicator

from .forms import ImportForm

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
            request.session[SESSION_KEY] = {"path": str(path), "name": upload.name}
        else:
            path.unlink(missing_ok=True)
    return render(request, "web/import.html", {"form": form, "report": report})


@role_required(can_enter_values)
def import_store(request):
    """Store the file whose preview the same person just saw."""
    if request.method != "POST":
        return redirect("import-upload")
    pending = request.session.pop(SESSION_KEY, None)
    if not pending:
        return redirect("import-upload")
    path = Path(pending["path"])
    if not path.is_file():
        messages.error(request, _("The file is no longer waiting; upload it again."))
        return redirect("import-upload")
    report = import_observations(
        path=path,
        name=pending["name"],
        user=request.user,
        allowed_indicators=Indicator.objects.editable_by(request.user),
    )
    path.unlink(missing_ok=True)
    if report.ok:
        messages.success(request, report.summary())
    else:  # the data changed since the preview in a way that now makes rows wrong
        messages.error(request, " ".join(str(p) for p in report.problems[:5]))
    return redirect("import-upload")


def _keep(upload) -> Path:
    """Save the upload under a name nobody can guess, keeping its suffix (.csv, .xlsx, .ods)."""
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_urlsafe(16)}{Path(upload.name).suffix.lower()[:6]}"
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    return path
