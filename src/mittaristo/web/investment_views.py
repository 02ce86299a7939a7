"""The investment register's pages: the list with the two indicators by year, a project with
its calculation, adding and changing a project, importing a file, storing the indicators.

Everyone who reads the internal application reads the register; the finance role and the
strategy lead (core/roles.can_manage_investments) change it. The calculation is computed by
mittaristo.finance through investments/calculation.py; the rules of a project are
investments/services.py's, the same for the form and the file.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mittaristo.core.roles import can_manage_investments, role_required
from mittaristo.investments.calculation import project_calculation, project_leverage
from mittaristo.investments.imports import HEADERS, busy_text, import_register
from mittaristo.investments.indicators import (
    IndicatorMissing,
    investment_indicators_store,
    register_years,
    years_figures,
)
from mittaristo.investments.models import Project
from mittaristo.investments.services import project_problems, project_save
from mittaristo.strategy.roles import can_view_internal

from .charts.text import sensitivity_chart
from .investment_forms import FlowFormSet, ProjectForm, RegisterFileForm, flow_initial
from .strategy_views import current_strategy
from .uploads import upload_keep

SESSION_KEY = "pending_investment_import"


def _projects(strategy):
    return Project.objects.filter(organisation=strategy.organisation)


@role_required(can_view_internal)
def investment_list(request):
    strategy = current_strategy()
    projects = list(_projects(strategy).prefetch_related("cash_flows"))
    rows = [(p, project_leverage(p), p.has_calculation(list(p.cash_flows.all()))) for p in projects]
    years = register_years(strategy.organisation, until=timezone.localdate().year)
    context = {
        "rows": rows,
        "figures": years_figures(organisation=strategy.organisation, years=years),
        "can_manage": can_manage_investments(request.user),
        "any_example": any(p.is_example for p in projects),
        "threshold": settings.INVESTMENT_CALCULATION_THRESHOLD,
    }
    return render(request, "web/investments.html", context)


@role_required(can_view_internal)
def investment_detail(request, code):
    strategy = current_strategy()
    project = get_object_or_404(
        _projects(strategy).select_related("plan").prefetch_related("goals", "cash_flows"),
        code=code,
    )
    flows = list(project.cash_flows.all())
    calculation = project_calculation(project, flows)
    context = {
        "project": project,
        "flows": flows,
        "calculation": calculation,
        "sensitivity": zip(calculation.rates, calculation.sensitivity, strict=True)
        if calculation
        else (),
        "sensitivity_chart": sensitivity_chart(calculation),
        "leverage": project_leverage(project),
        "can_manage": can_manage_investments(request.user),
    }
    return render(request, "web/investment.html", context)


@role_required(can_manage_investments)
def investment_add(request):
    return _form_page(request, current_strategy(), None)


@role_required(can_manage_investments)
def investment_edit(request, code):
    strategy = current_strategy()
    project = get_object_or_404(_projects(strategy), code=code)
    return _form_page(request, strategy, project)


def _form_page(request, strategy, project):
    data = request.POST if request.method == "POST" else None
    form = ProjectForm(data, strategy=strategy, project=project)
    flows = FlowFormSet(data, initial=flow_initial(project), prefix="flows")
    # The project's own rules are checked even when a row of the table is wrong, so that
    # every problem shows at once.
    if data is not None and form.is_valid():
        made = form.project_data([f.flow() for f in flows.forms if f.is_valid() and f.flow()])
        problems = project_problems(made)
        for name, message in problems:
            form.add_error(name if name in form.fields else None, message)
        if not problems and flows.is_valid():
            saved = project_save(organisation=strategy.organisation, data=made, project=project)
            messages.success(request, _("The project was saved."))
            return redirect("investment", code=saved.code)
    context = {"form": form, "flows": flows, "project": project}
    return render(request, "web/investment_form.html", context)


@role_required(can_manage_investments)
def investment_import(request):
    strategy = current_strategy()
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "store":
        return _store(request, strategy)
    if action == "cancel":
        if _forget(request):
            messages.info(request, _("The file was removed; nothing was stored."))
        return redirect("investment-import")
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = RegisterFileForm(*data, refused=getattr(request, "upload_refused", None))
    report = None
    if form.is_valid():
        _forget(request)  # a new upload replaces the file waiting before
        upload = form.cleaned_data["file"]
        path = upload_keep(upload)
        try:
            report = import_register(path=path, name=upload.name, strategy=strategy, dry_run=True)
        finally:
            if report is None or not report.ok or not report.projects:
                path.unlink(missing_ok=True)
        if report.ok and report.projects:
            request.session[SESSION_KEY] = {"path": str(path), "name": upload.name}
    return _import_page(request, form, report)


def _store(request, strategy):
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return redirect("investment-import")
    path = Path(pending["path"])
    if not path.is_file():
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _("The file is no longer waiting; upload it again."))
        return redirect("investment-import")
    report = import_register(path=path, name=pending["name"], strategy=strategy)
    if report.busy:  # another import is storing: the file keeps waiting, to be stored again
        messages.error(request, busy_text())
        preview = import_register(path=path, name=pending["name"], strategy=strategy, dry_run=True)
        return _import_page(request, RegisterFileForm(), preview)
    _forget(request)
    if not report.ok:  # the strategy's goals or plans changed since the preview
        return _import_page(request, RegisterFileForm(), report)
    messages.success(request, report.summary())
    return redirect("investments")


def _forget(request) -> bool:
    """Remove the file waiting in this session, if any; whether there was one."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        Path(pending["path"]).unlink(missing_ok=True)
    return bool(pending)


def _import_page(request, form, report):
    context = {"form": form, "report": report, "headers": HEADERS}
    return render(request, "web/investment_import.html", context)


@require_POST
@role_required(can_manage_investments)
def investment_indicators(request):
    strategy = current_strategy()
    try:
        report = investment_indicators_store(strategy=strategy, user=request.user)
    except IndicatorMissing as error:
        messages.error(
            request, _("The strategy has no indicator %(codes)s.") % {"codes": str(error)}
        )
        return redirect("investments")
    upsert = report.upsert
    messages.success(
        request,
        _(
            "The indicators were computed for %(years)s years: %(created)s values new, "
            "%(changed)s changed, %(unchanged)s unchanged."
        )
        % {
            "years": len(report.figures),
            "created": upsert.created,
            "changed": upsert.changed,
            "unchanged": upsert.unchanged,
        },
    )
    return redirect("investments")
