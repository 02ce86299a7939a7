"""National series: each fetched statistic stored once, read by every indicator bound to it.

A national series is an Indicator that no strategy owns (`strategy` is None), identified by
the canonical form of its binding (`series_key`, strategy.bindings.series_key). An indicator
of an organisation whose binding is fetched from open data points to it (`Indicator.series`);
the fetch stores the values on the series once, and every reader of the organisation's
indicator reads the series' values (`Indicator.data_id`). See docs/organisations.md.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import Count

from .bindings import BindingError, is_fetched, read_binding, series_key
from .data_stamps import renew
from .models import Indicator, Strategy

# What a new series copies from the first indicator bound to it (what the values mean and how
# often they come); what an organisation makes of them (direction, targets) stays its own.
COPIED = ("name", "unit", "frequency", "source_kind", "publication_lag_days", "binding")


def series_of(indicator, *, known: dict | None = None) -> Indicator | None:
    """The national series `indicator`'s binding fetches, created if missing; None for an
    indicator whose binding is empty, broken, or not fetched (a file source, a formula over
    one): its values stay its own. `known` (key → series) saves a query per indicator."""
    try:
        binding = read_binding(indicator.binding)
    except BindingError:
        return None
    if not is_fetched(binding):
        return None
    key = series_key(binding)
    found = known.get(key) if known is not None else None
    if found is None:
        found = Indicator.objects.filter(strategy=None, series_key=key).first()
    if found is None:
        ref = " ".join(sorted({q.ref for q in binding.queries()}))
        found = Indicator.objects.create(
            strategy=None,
            series_key=key,
            code=f"{ref[:48]}#{key[:8]}",
            direction=Indicator.Direction.HIGHER,
            **{name: getattr(indicator, name) for name in COPIED},
        )
    if known is not None:
        known[key] = found
    return found


@transaction.atomic
def indicators_link(*, indicators) -> int:
    """Point each of `indicators` (of strategies) at the national series its binding fetches,
    or at none; returns how many changed. Called when a strategy file is loaded, when an
    indicator is saved in the admin (`indicator_saved`), and by the fetch."""
    known = {s.series_key: s for s in Indicator.objects.filter(strategy=None)}
    changed, strategies = 0, set()
    for indicator in indicators:
        if indicator.strategy_id is None:
            continue
        series = series_of(indicator, known=known)
        series_id = series.pk if series is not None else None
        if series_id != indicator.series_id:
            # An update, not save(): linking is bookkeeping, not a change to the strategy
            # that its history should show.
            Indicator.objects.filter(pk=indicator.pk).update(series_id=series_id)
            indicator.series_id = series_id
            strategies.add(indicator.strategy_id)
            changed += 1
        indicator.series = series
    # No history row, so the organisations' data stamps are renewed here: they read other
    # values now. Once each, in one sorted call (strategy/data_stamps.py: the fetch links
    # indicators of many organisations in one transaction).
    if strategies:
        renew(Strategy.objects.filter(pk__in=strategies).values_list("organisation_id", flat=True))
    return changed


def indicator_saved(*, indicator) -> None:
    """After an indicator of a strategy is saved other than by loading its file (the admin):
    point it at the series its binding fetches now, so that it reads that series' values at
    once rather than its own (empty) ones until the next fetch links it. A series it no longer
    reads stays until the housekeeping removes it (sources/housekeeping.py)."""
    if indicator.strategy_id is not None:
        indicators_link(indicators=[indicator])


def values_hidden(indicator) -> int:
    """How many current values `indicator` holds of its own while it reads a national series
    (entered before it was bound): they are not shown while the binding stands, and show
    again when it is removed; 0 for an indicator that reads its own values."""
    if indicator.series_id is None:
        return 0
    # By the app registry: the observations are the layer above the strategy.
    Observation = apps.get_model("observations", "Observation")
    return Observation.objects.filter(indicator_id=indicator.pk, superseded_at=None).count()


def strategy_values_hidden(strategy) -> dict[str, int]:
    """`values_hidden` of each indicator of `strategy` that has any, by code; one query."""
    Observation = apps.get_model("observations", "Observation")
    found = (
        Observation.objects.filter(
            indicator__strategy=strategy,
            indicator__series__isnull=False,
            superseded_at=None,
        )
        .values_list("indicator__code")
        .annotate(n=Count("id"))
        .order_by("indicator__code")
    )
    return dict(found)


def data_ids(indicator_ids) -> dict[int, int]:
    """Indicator id → the id whose observations hold its values (Indicator.data_id): its
    national series' or its own; one query. Every reader of values goes through it (or
    through data_id on an indicator it has loaded)."""
    ids = {int(i) for i in indicator_ids}
    if not ids:
        return {}
    pairs = Indicator.objects.filter(pk__in=ids).values_list("pk", "series_id")
    return {pk: series_id or pk for pk, series_id in pairs}


def readers_of(mapping: dict[int, int]) -> dict[int, list[int]]:
    """The inverse of `data_ids`: data id → the indicator ids that read it."""
    readers: dict = {}
    for pk, data in sorted(mapping.items()):
        readers.setdefault(data, []).append(pk)
    return readers
