"""Observations: one value of one indicator, for one area and period, with its whole history.

A value is never overwritten. A revised value is a new row that becomes current; the old row
gets `superseded_at` and stays, so "what did we know on 1.3.2025?" is a query (`known_on`).
Deleting is a recorded act too: a row marked `is_deletion` becomes current, with no value.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from mittaristo.core.formatting import number
from mittaristo.core.models import Area
from mittaristo.strategy.models import DECIMAL, Indicator, Organisation


class ObservationQuerySet(models.QuerySet):
    def with_latest_value(self, indicators):
        """`indicators` (a queryset) annotated with latest_value and latest_period: the newest
        current value (the total) in each one's strategy's own municipality, in one query
        however many indicators there are."""
        latest = (
            self.current()
            .filter(
                # A bound indicator's values are its national series' (strategy/shared.py).
                indicator=Coalesce(models.OuterRef("series_id"), models.OuterRef("pk")),
                breakdown="",
                # The strategy's own area, as Organisation.area finds it.
                area__kind=Organisation.AREA_KIND,
                area__code=models.OuterRef("strategy__organisation__code"),
            )
            .order_by("-period_start", "-recorded_at")
        )
        return indicators.annotate(
            latest_value=models.Subquery(latest.values("value")[:1]),
            latest_period=models.Subquery(latest.values("period")[:1]),
        )

    def current(self):
        """The value each indicator, area, period and breakdown has now."""
        return self.filter(superseded_at__isnull=True, is_deletion=False)

    def known_on(self, moment):
        """The values as they were known at `moment` (a timezone-aware datetime)."""
        return self.filter(
            Q(superseded_at__isnull=True) | Q(superseded_at__gt=moment),
            recorded_at__lte=moment,
            is_deletion=False,
        )

    def for_area(self, area):
        return self.filter(area=area)

    def latest_periods(self) -> dict[tuple[int, int], str]:
        """(indicator id, area id) → the latest period with a current total value.

        So that "no data yet for 2025" is never confused with "off track": evaluation asks
        this before judging a year.
        """
        rows = (
            self.current()
            .filter(breakdown="")
            .values("indicator_id", "area_id")
            .annotate(latest=models.Max("period_start"))
        )
        starts = {(r["indicator_id"], r["area_id"]): r["latest"] for r in rows}
        if not starts:
            return {}
        matches = self.current().filter(breakdown="", period_start__in=set(starts.values()))
        result = {}
        for indicator_id, area_id, period, start in matches.values_list(
            "indicator_id", "area_id", "period", "period_start"
        ):
            if starts.get((indicator_id, area_id)) == start:
                result[(indicator_id, area_id)] = period
        return result

    def series(self, indicator, area, breakdown=""):
        """One indicator's values in one area (a bound one's: its national series'), newest
        period first."""
        return self.filter(indicator_id=indicator.data_id, area=area, breakdown=breakdown).order_by(
            "-period_start", "period"
        )

    def versions(self, indicator, area, period: str, breakdown=""):
        """Every version of one value (a bound indicator's: of its national series'), the
        superseded and deletions too, newest first."""
        return self.filter(
            indicator_id=indicator.data_id, area=area, period=period, breakdown=breakdown
        ).order_by("-recorded_at", "-pk")


class Observation(models.Model):
    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("provisional")
        FINAL = "final", _("final")
        ESTIMATE = "estimate", _("estimate")

    class SourceKind(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        IMPORT = "import", _("imported from a file")
        FETCH = "fetch", _("fetched from a data source")
        SURVEY = "survey", _("a survey's result")
        INDEX = "index", _("computed as a composite index")
        INVESTMENTS = "investments", _("computed from the investment register")
        API = "api", _("sent by a system through the API")

    # No database-level foreign keys on these two: PostgreSQL checks them row by row, which
    # doubled the time of a million-row import (docs/performance.md). Every write resolves the
    # ids from the database in the same transaction (observations_upsert), and deleting an
    # indicator or area goes through the ORM, where PROTECT still refuses it.
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="observations",
        db_constraint=False,
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="observations",
        db_constraint=False,
    )
    period = models.CharField(_("period"), max_length=30)
    period_kind = models.CharField(_("kind of period"), max_length=20)
    period_start = models.DateField(_("period starts"))
    breakdown = models.CharField(
        _("breakdown"),
        max_length=200,
        blank=True,
        default="",
        help_text=_('Empty for the total; else e.g. "sukupuoli=naiset;ika=15-64".'),
    )
    value = models.DecimalField(_("value"), null=True, blank=True, **DECIMAL)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FINAL
    )
    note = models.TextField(_("note"), blank=True, default="")
    vintage = models.DateField(_("published"), null=True, blank=True)
    is_late = models.BooleanField(
        _("late"), default=False, help_text=_("Arrived after a later period already had a value.")
    )
    is_deletion = models.BooleanField(_("deletion"), default=False)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Example data for trying out Mittaristo.")
    )
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    source_ref = models.CharField(_("source detail"), max_length=300, blank=True, default="")
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    superseded_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "breakdown"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_observation",
            ),
        ]
        # No further index: the unique one above serves lookups by indicator and area, and
        # each extra index slowed the bulk COPY (docs/performance.md).

    def __str__(self):
        return f"{self.indicator.code} {self.area.key} {self.period}: {number(self.value)}"


class ImportRun(models.Model):
    """One stored import of a file: who brought which file when, and what it did."""

    file_name = models.CharField(_("file"), max_length=300)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("imported"))
    created = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.file_name} {self.recorded_at:%Y-%m-%d %H:%M}"


class ImportJob(models.Model):
    """A file stored by the background worker: the stage it has reached, then its outcome.

    The web page stores a file of more than IMPORT_JOB_ROWS rows this way (imports/jobs.py), so
    that no request has to outlast it; the person sees the stage and the result on the job's
    page and may leave it meanwhile.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting for the worker")
        READING = "reading", _("reading and checking the file")
        STORING = "storing", _("comparing with the stored values and storing")
        STORED = "stored", _("stored")
        REFUSED = "refused", _("nothing was stored")
        FAILED = "failed", _("failed: nothing was stored")

    STAGES = (State.WAITING, State.READING, State.STORING)
    FINISHED = (State.STORED, State.REFUSED, State.FAILED)

    file_name = models.CharField(_("file"), max_length=300)
    # The upload, removed when the job ends.
    path = models.CharField(_("uploaded file"), max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Whose internal pages it was started on: it stores that organisation's indicators only,
    # and is shown there only (docs/organisations.md).
    organisation = models.ForeignKey(
        "strategy.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The language of the messages in `report`.
    language = models.CharField(_("language"), max_length=10, default="")
    # The digest of the outliers the person accepted in the preview.
    accept_outliers = models.CharField(
        _("accepted outliers"), max_length=64, blank=True, default=""
    )
    # Rows, created, changed, unchanged as previewed.
    preview = models.JSONField(_("preview"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    # Counts, summary and problems of the outcome.
    report = models.JSONField(_("outcome"), default=dict)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(_("taken up by the worker"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"{self.file_name} {self.state}"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def stages(self) -> list[tuple[str, bool]]:
        """The stages of an unfinished job in order: (label, whether it is the current one)."""
        return [(stage.label, stage == self.state) for stage in self.STAGES]


class YearlyPack(models.Model):
    """A cache of one indicator's current yearly totals for every area, packed for reading fast.

    National evaluation reads millions of values; one packed row per indicator reads in a
    fraction of the time that the observation rows take (docs/performance.md). The observations
    stay the truth: every write bumps `version` in its own transaction (observations.services),
    and a pack whose `built_version` lags behind is rebuilt by the next reader (packs.py).
    """

    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("indicator"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    version = models.PositiveBigIntegerField(_("data version"), default=0)
    built_version = models.BigIntegerField(_("packed from data version"), default=-1)
    data = models.BinaryField(_("packed values"), default=b"")

    class Meta:
        verbose_name = _("packed yearly values")
        verbose_name_plural = _("packed yearly values")

    def __str__(self):
        return f"{self.indicator_id} v{self.version}"
