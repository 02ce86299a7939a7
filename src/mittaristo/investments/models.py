"""The investment register: the city's projects, their funding, and the yearly cash flows of
their investment calculation.

Amounts are euros (decimals); the discount rate is a percentage (3.5 means 3.5 % a year).
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mittaristo.core.translation import TranslatedTextField
from mittaristo.strategy.models import Goal, Organisation, Plan

EUROS = {"max_digits": 16, "decimal_places": 2, "default": Decimal(0)}
ZERO = MinValueValidator(Decimal(0))
YEARS = [MinValueValidator(1900), MaxValueValidator(2200)]


class ProjectQuerySet(models.QuerySet):
    def for_year(self, year: int):
        """The projects whose budget years include `year`."""
        return self.filter(first_year__lte=year, last_year__gte=year)

    def with_calculation(self):
        """The projects that have an investment calculation (Project.has_calculation)."""
        return self.filter(
            discount_rate__isnull=False, life_years__isnull=False, cash_flows__isnull=False
        ).distinct()


class Project(models.Model):
    """An investment project of the city, with its funding and what it is expected to bring."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DECIDED = "decided", _("decided")
        UNDER_WAY = "under_way", _("under way")
        DONE = "done", _("done")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="investment_projects",
    )
    code = models.SlugField(_("code"), max_length=60)
    name = TranslatedTextField(_("name"))
    owner_unit = TranslatedTextField(_("owning unit"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first budget year"), validators=YEARS)
    last_year = models.PositiveSmallIntegerField(_("last budget year"), validators=YEARS)
    city_investment = models.DecimalField(
        _("the city's own investment (€)"), validators=[ZERO], **EUROS
    )
    state_funding = models.DecimalField(_("state funding (€)"), validators=[ZERO], **EUROS)
    eu_funding = models.DecimalField(_("EU funding (€)"), validators=[ZERO], **EUROS)
    other_funding = models.DecimalField(_("other external funding (€)"), validators=[ZERO], **EUROS)
    private_investment = models.DecimalField(
        _("expected private investment (€)"), validators=[ZERO], **EUROS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    decisions = models.TextField(_("decision references"), blank=True, default="")
    goals = models.ManyToManyField(
        Goal, verbose_name=_("strategy goals served"), blank=True, related_name="investments"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("budget or plan served"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="investments",
    )
    discount_rate = models.DecimalField(
        _("discount rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[ZERO, MaxValueValidator(Decimal(100))],
    )
    life_years = models.PositiveSmallIntegerField(
        _("life (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Example data for trying out Mittaristo.")
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["first_year", "code"]
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="investment_project_code"
            ),
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="investment_project_years",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def external_funding(self) -> Decimal:
        return self.state_funding + self.eu_funding + self.other_funding

    @property
    def total_investment(self) -> Decimal:
        """What the project costs: the city's own share and the external funding."""
        return self.city_investment + self.external_funding

    @property
    def years(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def has_calculation(self, flows=None) -> bool:
        """Whether the project has an investment calculation: a discount rate, a life and at
        least one year of cash flows (`flows`: its rows, when already read)."""
        if self.discount_rate is None or self.life_years is None:
            return False
        return bool(flows) if flows is not None else self.cash_flows.exists()


class CashFlow(models.Model):
    """One year of a project's calculation: what is invested, what running it costs, and the
    revenues or savings it brings."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="cash_flows"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    investment = models.DecimalField(_("investment (€)"), validators=[ZERO], **EUROS)
    operating_costs = models.DecimalField(_("operating costs (€)"), validators=[ZERO], **EUROS)
    revenues = models.DecimalField(_("revenues or savings (€)"), validators=[ZERO], **EUROS)

    class Meta:
        ordering = ["year"]
        verbose_name = _("cash flow of a year")
        verbose_name_plural = _("cash flows")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="investment_cash_flow_year")
        ]

    def __str__(self):
        return f"{self.project.code} {self.year}"

    @property
    def net(self) -> Decimal:
        """The year's net cash flow: revenues less investment and operating costs."""
        return self.revenues - self.investment - self.operating_costs
