"""Data entry: a data steward enters and corrects the values of their own indicators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from mittaristo.core.formatting import number
from mittaristo.core.models import Area
from mittaristo.core.periods import PeriodError, parse_period
from mittaristo.core.roles import can_edit_indicator, current_organisation, role_required
from mittaristo.observations.models import Observation
from mittaristo.observations.services import StoreBusy, observations_upsert
from mittaristo.strategy.models import Indicator
from mittaristo.strategy.roles import can_view_internal

from .charts.specs import time_series_spec
from .charts.text import chart_description, chart_words, target_label
from .forms import EntryForm


def _indicator_for(user, pk) -> Indicator:
    """The indicator, if `user` may enter its values (404 if there is none, else 403)."""
    indicator = get_object_or_404(
        Indicator.objects.of(current_organisation()).select_related("strategy__organisation"),
        pk=pk,
    )
    if not can_edit_indicator(user, indicator):
        raise PermissionDenied
    return indicator


@role_required(can_view_internal)
def entry_list(request):
    """The indicators whose values the user enters, with the latest value of each."""
    indicators = Observation.objects.with_latest_value(
        Indicator.objects.of(current_organisation())
        .editable_by(request.user)
        .select_related("strategy__organisation")
        .order_by("strategy__code", "order", "code")
    )
    return render(request, "web/entry_list.html", {"indicators": indicators})


@role_required(can_view_internal)
def entry_indicator(request, pk):
    """One indicator: its targets and values, and the form to enter or correct a value."""
    indicator = _indicator_for(request.user, pk)
    # Stored if missing: the form offers it as the area to enter values for.
    own_area = indicator.strategy.organisation.get_or_create_area()
    form = EntryForm(request.POST or None, indicator=indicator, initial={"area": own_area})
    if form.is_valid():
        row = form.row()
        try:
            report = observations_upsert(
                rows=[row], source_kind="manual", source_ref="web form", user=request.user
            )
        except StoreBusy as busy:  # an import of this indicator is storing: nothing stored
            messages.error(request, str(busy))
            return redirect("entry-indicator", pk=indicator.pk)
        messages.success(request, _outcome(report, row, form.cleaned_data["area"]))
        return redirect("entry-indicator", pk=indicator.pk)
    targets = list(indicator.targets.prefetch_related("milestones"))
    values = list(
        Observation.objects.current().series(indicator, own_area).select_related("recorded_by")
    )
    context = {
        "indicator": indicator,
        "form": form,
        "own_area": own_area,
        "targets": targets,
        "values": values,
        "chart": _chart(indicator, own_area, values, targets[-1] if targets else None),
    }
    return render(request, "web/entry_indicator.html", context)


@role_required(can_view_internal)
def entry_history(request, pk, area_pk, period):
    """Every version of one value, newest first."""
    indicator = _indicator_for(request.user, pk)
    area = get_object_or_404(Area, pk=area_pk)
    try:
        period = parse_period(period).code
    except PeriodError:
        raise Http404 from None
    versions = Observation.objects.versions(indicator, area, period).select_related("recorded_by")
    context = {"indicator": indicator, "area": area, "period": period, "versions": versions}
    return render(request, "web/entry_history.html", context)


def _chart(indicator, area, values, target) -> dict | None:
    """The values over time with the last target level, or None when there is nothing to draw."""
    if not any(o.value is not None for o in values):
        return None
    rows = [{"period": o.period, "value": o.value} for o in reversed(values)]
    title = gettext("%(indicator)s: %(area)s") % {"indicator": indicator.name, "area": area.name}
    unit = str(indicator.unit)
    target_line = milestones = None
    if target is not None:
        label = target_label(target.year, target.value)
        target_line = {"year": target.year, "value": target.value, "label": label}
        milestones = [{"year": m.year, "value": m.value} for m in target.milestones.all()]
    description = chart_description(title, rows, unit=unit, target=target_line)
    spec = time_series_spec(
        rows,
        title=title,
        unit=unit,
        words=chart_words(),
        target=target_line,
        milestones=milestones or (),
        frequency=indicator.frequency,
        description=description,
    )
    return {"spec": spec, "rows": rows, "caption": title}


def _outcome(report, row, area) -> str:
    names = {"period": row.period.code, "area": area.name, "value": number(row.value)}
    if report.created:
        return gettext("Stored %(value)s for %(period)s, %(area)s.") % names
    if report.changed:
        return (
            gettext(
                "Changed the value for %(period)s, %(area)s to %(value)s. "
                "The earlier value is kept in its history."
            )
            % names
        )
    return (
        gettext("The value for %(period)s, %(area)s was already stored; nothing changed.") % names
    )
