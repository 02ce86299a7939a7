"""The register of areas: every municipality and region with its names, and each
municipality's region, from Sotkanet's list of regions; size classes from population.

Peer groups need both: "the same region" needs each municipality's region, "the same size
class" its size class. Fetching creates areas as the sources name them, without either.
"""

from collections import Counter
from decimal import Decimal

from django.db import transaction

from mittaristo.core.models import Area
from mittaristo.evaluation.peers import size_class
from mittaristo.observations.models import Observation

KINDS = ("municipality", "region", "country", "wellbeing_county")


@transaction.atomic
def areas_register(regions) -> Counter:
    """Create or rename the areas of `regions` (sotkanet.parse_regions), link municipalities
    to their region. Returns counts: created, renamed, linked (region set or changed)."""
    report = Counter()
    existing = {(a.kind, a.code): a for a in Area.objects.all()}
    kept = [r for r in regions.values() if r.kind in KINDS]
    new, renamed = [], []
    for region in kept:
        name = {lang: text for lang, text in region.name.items() if text}
        area = existing.get((region.kind, region.code))
        if area is None:
            area = Area(kind=region.kind, code=region.code, name=name)
            existing[(region.kind, region.code)] = area
            new.append(area)
        elif dict(area.name) != name:
            area.name = name
            renamed.append(area)
    Area.objects.bulk_create(new)
    Area.objects.bulk_update(renamed, ["name"])
    by_id = {r.id: existing[(r.kind, r.code)] for r in kept}
    linked = []
    for region in kept:
        if region.kind != "municipality":
            continue
        parents = {
            by_id[i] for i in region.member_of if i in by_id and by_id[i].kind == Area.Kind.REGION
        }
        area = by_id[region.id]
        if len(parents) == 1:
            (parent,) = parents
            if area.region_id != parent.pk:
                area.region = parent
                linked.append(area)
    Area.objects.bulk_update(linked, ["region"])
    report.update(created=len(new), renamed=len(renamed), linked=len(linked))
    return report


def _latest(indicator) -> dict:
    """Area id → the latest yearly total value of `indicator`."""
    latest = {}
    rows = (
        Observation.objects.current()
        .filter(
            indicator_id=indicator.data_id,  # a bound indicator's: its national series'
            breakdown="",
            period_kind="year",
            value__isnull=False,
        )
        .order_by("area_id", "period")
        .values_list("area_id", "value")
    )
    for area_id, value in rows:
        latest[area_id] = value  # ordered by period: the last one stays
    return latest


@transaction.atomic
def areas_classify(population, jobs=None) -> Counter:
    """Set each municipality's population and size class from its latest yearly total of the
    indicator `population`, and its jobs from `jobs` (optional). Returns counts: classified,
    unchanged, without a value."""
    people = _latest(population)
    work = _latest(jobs) if jobs is not None else {}
    report, changed = Counter(), []
    for area in Area.objects.municipalities():
        value = people.get(area.pk)
        if value is None:
            report["without a value"] += 1
            continue
        facts = {
            "size_class": size_class(Decimal(value)),
            "population": int(value),
            "jobs": int(work[area.pk]) if area.pk in work else area.jobs,
        }
        if all(getattr(area, name) == new for name, new in facts.items()):
            report["unchanged"] += 1
        else:
            for name, new in facts.items():
                setattr(area, name, new)
            changed.append(area)
    Area.objects.bulk_update(changed, ["size_class", "population", "jobs"])
    report["classified"] = len(changed)
    return report
