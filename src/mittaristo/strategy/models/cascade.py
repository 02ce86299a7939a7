"""The cascade: programmes, plans, budgets and operating plans, and their goals."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mittaristo.core.translation import TranslatedTextField

from .base import DECIMAL, Strategy, history
from .indicators import Goal, Indicator


class Plan(models.Model):
    """A level of the cascade: a programme, plan or roadmap, an annual budget, an operating plan."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("programme")
        PLAN = "plan", _("plan")
        ROADMAP = "roadmap", _("roadmap")
        BUDGET = "budget", _("annual budget")
        OPERATING_PLAN = "operating_plan", _("operating plan")

    # How deep each kind stands below the strategy (the seed's cascade).
    LEVELS = {"programme": 1, "plan": 1, "roadmap": 1, "budget": 2, "operating_plan": 3}

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="plans"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    owner_unit = TranslatedTextField(_("owning unit"), blank=True)
    is_example = models.BooleanField(_("example"), default=False)
    history = history()

    class Meta:
        ordering = ["order"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="plan_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def level(self) -> int:
        return self.LEVELS[self.kind]

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"


class PlanGoal(models.Model):
    """A goal of a plan: goal, indicator and target level, linked to the strategy goal it serves."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = TranslatedTextField(_("name"))
    serves = models.ForeignKey(
        Goal, verbose_name=_("strategy goal"), on_delete=models.PROTECT, related_name="plan_goals"
    )
    parent_goal = models.ForeignKey(
        "self",
        verbose_name=_("goal of the parent plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_goals",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_goals",
    )
    target_value = models.DecimalField(_("target level"), null=True, blank=True, **DECIMAL)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["order"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_goal_code")]

    def __str__(self):
        return f"{self.code} {self.name}"
