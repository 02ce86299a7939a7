"""Indicators, the goals they serve, change factors, and targets with their milestones."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mittaristo.core.formatting import number
from mittaristo.core.numbers import plausible_range
from mittaristo.core.translation import TranslatedTextField
from mittaristo.strategy.bindings import BindingError, read_binding

from .base import DECIMAL, Aim, Grouping, Strategy, StrategyPart, history


class IndicatorQuerySet(models.QuerySet):
    def of(self, organisation):
        """Those of `organisation`'s strategies (none for None): the scope of every internal
        lookup (docs/organisations.md)."""
        return self.filter(strategy__organisation=organisation)

    def editable_by(self, user):
        """The indicators whose values `user` enters: their own; a superuser's are all."""
        if not user.is_authenticated:
            return self.none()
        # The values of an indicator that reads a national series are fetched, for everyone:
        # nobody enters or imports them (docs/organisations.md).
        own = self.filter(series__isnull=True, strategy__isnull=False)
        if user.is_superuser:
            return own
        return own.filter(responsible_person=user)


class Indicator(StrategyPart):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        RANGE = "range", _("within a range")

    class Compare(models.TextChoices):
        LEVEL = "level", _("level")
        PER_RESIDENT = "per_resident", _("per 1,000 residents")
        CHANGE = "change", _("change a year")

    class Frequency(models.TextChoices):
        YEARLY = "yearly", _("yearly")
        QUARTERLY = "quarterly", _("quarterly")
        MONTHLY = "monthly", _("monthly")
        SURVEY_ROUND = "survey_round", _("survey round")
        IRREGULAR = "irregular", _("irregular")

    class SourceKind(models.TextChoices):
        OFFICIAL_STATISTICS = "official_statistics", _("official statistics")
        SURVEY = "survey", _("survey")
        SELF_ASSESSMENT = "self_assessment", _("self-assessment")
        STUDY = "study", _("study")
        COMPOSITE_INDEX = "composite_index", _("composite index")
        CALCULATION = "calculation", _("calculation")

    # None for a national series: the one shared store of a fetched statistic, owned by no
    # organisation, which every organisation's indicator bound to that statistic reads
    # (`series` below; strategy/shared.py, docs/organisations.md).
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    series = models.ForeignKey(
        "self",
        verbose_name=_("national series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bound",
        help_text=_("The shared store of the statistic this indicator's binding fetches."),
    )
    # A national series' identity: the SHA-256 of its binding's canonical form
    # (strategy.bindings.series_key); empty for every indicator of a strategy.
    series_key = models.CharField(_("series key"), max_length=64, blank=True, default="")
    # A national series that no indicator reads: since when. The nightly housekeeping sets and
    # clears it, and removes the series with its values once unread long enough
    # (sources/housekeeping.py, docs/organisations.md).
    unread_since = models.DateTimeField(_("unread since"), null=True, blank=True, editable=False)
    unit = TranslatedTextField(_("unit"), blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    range_min = models.DecimalField(_("range from"), null=True, blank=True, **DECIMAL)
    range_max = models.DecimalField(_("range to"), null=True, blank=True, **DECIMAL)
    compare = models.CharField(
        _("compared with peers as"),
        max_length=20,
        choices=Compare.choices,
        default=Compare.LEVEL,
        help_text=_("Counts compare per 1,000 residents or by growth; rates and shares by level."),
    )
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    source_kind = models.CharField(_("kind of source"), max_length=30, choices=SourceKind.choices)
    method = TranslatedTextField(_("method"), blank=True, multiline=True)
    natural_limit = models.DecimalField(
        _("natural limit"),
        null=True,
        blank=True,
        help_text=_("A bound the value cannot pass, such as 100 for a percentage share."),
        **DECIMAL,
    )
    publication_lag_days = models.PositiveSmallIntegerField(
        _("publication lag (days)"),
        null=True,
        blank=True,
        help_text=_("How long after the end of a period its value is normally published."),
    )
    # Where the values come from in open data: the source module and its query, or a formula
    # over other series (see docs/data-sources.md). Empty for values entered or imported.
    binding = models.JSONField(_("open-data binding"), default=dict, blank=True)
    # A composite index's definition (the `index:` block of its entry in the strategy file),
    # as the pure engine reads it (mittaristo.indices, docs/indices.md), plus `reference`, the
    # kind of area its values are normalised against. Empty for every other indicator.
    index = models.JSONField(_("index definition"), default=dict, blank=True)
    responsible_unit = TranslatedTextField(_("responsible unit"), blank=True)
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = history()

    objects = IndicatorQuerySet.as_manager()

    class Meta(StrategyPart.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="indicator_code"),
            models.UniqueConstraint(
                fields=["series_key"],
                condition=models.Q(strategy__isnull=True),
                name="national_series_key",
            ),
        ]

    @property
    def data_id(self) -> int:
        """The id whose observations hold this indicator's values: its national series', when
        its binding fetches a statistic that is stored once for everyone, else its own."""
        return self.series_id or self.pk

    @property
    def is_national(self) -> bool:
        """A national series (no organisation's strategy owns it)."""
        return self.strategy_id is None

    @property
    def release(self):
        """The publication calendar entry of its binding (evaluation.age.Release), or None.

        The file loader refuses a bad entry; one broken since (by hand in the admin) counts as
        none, so the due date falls back to frequency + lag and `mittaristo fetch` names it.
        """
        try:
            binding = read_binding(self.binding)
        except BindingError:
            return None
        return binding.release if binding else None

    def is_editable_by(self, user) -> bool:
        """Whether `user` may enter and correct this indicator's values."""
        if self.series_id is not None or self.strategy_id is None:
            return False  # fetched into the national series: see editable_by
        return user.is_authenticated and (
            user.is_superuser or self.responsible_person_id == user.pk
        )

    def plausible_range(self, known_values):
        """Where a new value may fall without asking for confirmation (None: anywhere).

        The indicator's own range when it has one, else the known values of the series when
        there are at least three; either widened by half its span on each side, so only
        values far off (a slipped decimal point, a wrong unit) ask "are you sure?".
        """
        if self.range_min is not None and self.range_max is not None:
            return plausible_range([self.range_min, self.range_max])
        known_values = [v for v in known_values if v is not None]
        if len(known_values) < 3:
            return None
        return plausible_range(known_values)

    def target_level(self, target, *, horizon_end=None):
        """What progress toward `target` (a Target or None) is judged against, and by when: the
        target's level, or for a range indicator its band (low, high): the target's own, else
        this indicator's range by the end of the strategy's horizon; (None, None) for neither."""
        if self.direction == self.Direction.RANGE:
            if target is not None and target.value_high is not None:
                return (target.value, target.value_high), target.year
            if self.range_min is not None and self.range_max is not None:
                year = target.year if target is not None else horizon_end
                return (self.range_min, self.range_max), year
            return None, None
        if target is None:
            return None, None
        return target.value, target.year

    def target_for(self, year: int, *, as_of=None):
        """The target for `year`, as it stands now or as it stood on the date `as_of`."""
        if as_of is None:
            return self.targets.filter(year=year).first()
        return Target.history.as_of(as_of).filter(indicator_id=self.pk, year=year).first()


class Goal(StrategyPart):
    aim = models.ForeignKey(
        Aim, verbose_name=_("strategic aim"), on_delete=models.CASCADE, related_name="goals"
    )
    # A sub-goal's goal above it (of the same aim), at any depth; None for a goal of the aim.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("goal above"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subgoals",
    )
    grouping = models.ForeignKey(
        Grouping,
        verbose_name=_("grouping"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    owner_unit = TranslatedTextField(_("owning unit"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goal owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    indicators = models.ManyToManyField(
        Indicator,
        verbose_name=_("indicators"),
        through="GoalIndicator",
        related_name="goals",
        blank=True,
    )
    history = history()

    class Meta(StrategyPart.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [models.UniqueConstraint(fields=["aim", "code"], name="goal_code")]

    def clean(self):
        """A sub-goal stands below a goal of the same aim, never below itself (the file's
        nesting guarantees both; this guards an edit in the admin)."""
        super().clean()
        if self.parent_id is None:
            return
        if self.parent.aim_id != self.aim_id:
            raise ValidationError({"parent": _("The goal above must belong to the same aim.")})
        seen, current = set(), self.parent
        while current is not None and current.pk not in seen:
            if current.pk == self.pk:
                raise ValidationError({"parent": _("A goal cannot stand below itself.")})
            seen.add(current.pk)
            current = current.parent

    @property
    def depth(self) -> int:
        """1 for a goal of its aim, 2 for its sub-goal, and so on (one query a level)."""
        depth, current, seen = 1, self.parent, set()
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            depth, current = depth + 1, current.parent
        return depth


class GoalIndicator(models.Model):
    """An indicator named for a goal (an indicator may serve several goals)."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="goal_indicators"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.DecimalField(_("weight"), default=1, **DECIMAL)
    history = history()

    class Meta:
        ordering = ["order"]
        verbose_name = _("indicator of a goal")
        verbose_name_plural = _("indicators of goals")
        constraints = [
            models.UniqueConstraint(fields=["goal", "indicator"], name="goal_indicator_unique")
        ]

    def __str__(self):
        return f"{self.goal.code} → {self.indicator.code}"


class ChangeFactor(StrategyPart):
    """A change factor of the operating environment, linked to what it bears on."""

    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="change_factors",
    )
    goals = models.ManyToManyField(
        Goal,
        verbose_name=_("goals"),
        through="ChangeFactorGoal",
        related_name="change_factors",
        blank=True,
    )
    indicators = models.ManyToManyField(
        Indicator,
        verbose_name=_("indicators"),
        through="ChangeFactorIndicator",
        related_name="change_factors",
        blank=True,
    )
    history = history()

    class Meta(StrategyPart.Meta):
        verbose_name = _("change factor")
        verbose_name_plural = _("change factors")
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="factor_code")]


class ChangeFactorGoal(models.Model):
    change_factor = models.ForeignKey(
        ChangeFactor, verbose_name=_("change factor"), on_delete=models.CASCADE, related_name="+"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="+"
    )
    history = history()

    class Meta:
        verbose_name = _("goal of a change factor")
        verbose_name_plural = _("goals of change factors")
        constraints = [
            models.UniqueConstraint(fields=["change_factor", "goal"], name="factor_goal_unique")
        ]

    def __str__(self):
        return f"{self.change_factor.code} → {self.goal.code}"


class ChangeFactorIndicator(models.Model):
    change_factor = models.ForeignKey(
        ChangeFactor, verbose_name=_("change factor"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    history = history()

    class Meta:
        verbose_name = _("indicator of a change factor")
        verbose_name_plural = _("indicators of change factors")
        constraints = [
            models.UniqueConstraint(
                fields=["change_factor", "indicator"], name="factor_indicator_unique"
            )
        ]

    def __str__(self):
        return f"{self.change_factor.code} → {self.indicator.code}"


class Target(models.Model):
    """An indicator's target level for a year, with its baseline, milestones and tolerance."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("target year"))
    value = models.DecimalField(_("target level"), **DECIMAL)
    value_high = models.DecimalField(
        _("upper edge of the target band"),
        null=True,
        blank=True,
        help_text=_(
            "For an indicator within a range: the band runs from the target level to this."
        ),
        **DECIMAL,
    )
    cumulative_from = models.PositiveSmallIntegerField(
        _("total counted from"),
        null=True,
        blank=True,
        help_text=_(
            "The target is a total of the yearly values from this year to the target year."
        ),
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(_("baseline value"), null=True, blank=True, **DECIMAL)
    tolerance = models.DecimalField(
        _("tolerance"),
        null=True,
        blank=True,
        help_text=_("How far from the path the value may be before 'at risk' turns 'off track'."),
        **DECIMAL,
    )
    note = TranslatedTextField(_("note"), blank=True, multiline=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Example data, not decided by the city.")
    )
    history = history()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_year_unique")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {number(self.value)}"

    def clean(self):
        """The same rules as the strategy file: a band only for a range indicator, and a
        total over years that starts no later than its target year."""
        errors = {}
        if self.value_high is not None and self.indicator.direction != "range":
            errors["value_high"] = _("Only an indicator within a range has a band.")
        if self.value_high is not None and self.cumulative_from is not None:
            errors["cumulative_from"] = _("A band cannot be a total over years.")
        elif self.cumulative_from is not None and self.cumulative_from > self.year:
            errors["cumulative_from"] = _("A total must start no later than its target year.")
        if errors:
            raise ValidationError(errors)


class Milestone(models.Model):
    """An intermediate level on the way to a target."""

    target = models.ForeignKey(
        Target, verbose_name=_("target level"), on_delete=models.CASCADE, related_name="milestones"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), **DECIMAL)
    history = history()

    class Meta:
        ordering = ["year"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="milestone_year_unique")
        ]

    def __str__(self):
        return f"{self.year}: {number(self.value)}"
