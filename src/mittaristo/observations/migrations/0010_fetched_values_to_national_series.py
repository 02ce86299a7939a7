"""Fetched values move from each organisation's bound indicator to the national series.

Every indicator whose binding is fetched from open data gets its national series (created
once per statistic, strategy.shared) and points to it. Its fetched rows (source "fetch"), the
superseded versions too, move to the series with their vintage and provenance unchanged. Where
several indicators (of several organisations) bind the same statistic, their histories of each
value are merged into one: every version in the order it was recorded, a version that repeats
the one before it (the same value fetched again by another organisation) dropped, each one
superseded when the next was recorded, the last one current. Values typed or imported by hand
for a bound indicator stay on it (docs/organisations.md). The packs are rebuilt on next read.
"""

from django.db import migrations

from mittaristo.strategy.bindings import BindingError, is_fetched, read_binding, series_key

FETCH = "fetch"
COPIED = ("name", "unit", "frequency", "source_kind", "publication_lag_days", "binding")


def forwards(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    Observation = apps.get_model("observations", "Observation")
    YearlyPack = apps.get_model("observations", "YearlyPack")
    groups: dict = {}
    for indicator in Indicator.objects.filter(strategy__isnull=False).exclude(binding={}):
        try:
            binding = read_binding(indicator.binding)
        except BindingError:
            continue
        if is_fetched(binding):
            groups.setdefault(series_key(binding), (binding, []))[1].append(indicator)
    touched = set()
    for key, (binding, indicators) in groups.items():
        indicators.sort(key=lambda i: i.pk)
        series = Indicator.objects.filter(strategy=None, series_key=key).first()
        if series is None:
            first = indicators[0]
            ref = " ".join(sorted({q.ref for q in binding.queries()}))
            series = Indicator.objects.create(
                strategy=None,
                series_key=key,
                code=f"{ref[:48]}#{key[:8]}",
                direction="higher",
                **{name: getattr(first, name) for name in COPIED},
            )
        ids = [i.pk for i in indicators]
        Indicator.objects.filter(pk__in=ids).update(series=series)
        fetched = Observation.objects.filter(indicator_id__in=ids, source_kind=FETCH)
        holders = set(fetched.values_list("indicator_id", flat=True).distinct())
        if len(holders) <= 1 and not Observation.objects.filter(indicator_id=series.pk).exists():
            fetched.update(indicator_id=series.pk)  # one organisation: nothing to merge
        else:
            _merge(Observation, fetched, series.pk)
        touched |= set(ids) | {series.pk}
    YearlyPack.objects.filter(indicator_id__in=touched).delete()


def _merge(Observation, fetched, series_id):
    """One history per value out of several organisations' (see the module docstring)."""
    versions: dict = {}
    for row in fetched.order_by("recorded_at", "pk").iterator(chunk_size=5000):
        versions.setdefault((row.area_id, row.period, row.breakdown), []).append(row)
    for rows in versions.values():
        kept = []
        for row in rows:
            if kept and (kept[-1].value, kept[-1].status, kept[-1].note) == (
                row.value,
                row.status,
                row.note,
            ):
                row.delete()  # the same value fetched again for another organisation
                continue
            kept.append(row)
        for row, following in zip(kept, kept[1:] + [None], strict=True):
            row.indicator_id = series_id
            row.superseded_at = following.recorded_at if following is not None else None
        # Supersede all first, then make the last current: the unique index of current values
        # must never see two at once.
        for row in kept:
            row.superseded_at = row.superseded_at or row.recorded_at
            row.save(update_fields=["indicator_id", "superseded_at"])
        kept[-1].superseded_at = None
        kept[-1].save(update_fields=["superseded_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("observations", "0009_importjob_organisation"),
        ("strategy", "0011_indicator_national_series"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
