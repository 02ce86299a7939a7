"""Writing the register: a project with its goals and its yearly table, as one change.

The web form and the file import both give a `ProjectData`; `project_problems` says what is
wrong with one (the same rules for both), `project_save` stores it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from mittaristo.core.translation import TranslatedText

from .models import CashFlow, Project

MAX_RATE = Decimal(100)
MAX_LIFE = 200


@dataclass(frozen=True)
class FlowData:
    year: int
    investment: Decimal = Decimal(0)
    operating_costs: Decimal = Decimal(0)
    revenues: Decimal = Decimal(0)


@dataclass
class ProjectData:
    """A project as a form or a file gives it; goals and plan already resolved."""

    code: str
    name: dict
    first_year: int
    last_year: int
    owner_unit: dict = field(default_factory=dict)
    city_investment: Decimal = Decimal(0)
    state_funding: Decimal = Decimal(0)
    eu_funding: Decimal = Decimal(0)
    other_funding: Decimal = Decimal(0)
    private_investment: Decimal = Decimal(0)
    status: str = Project.Status.PLANNED
    decisions: str = ""
    goals: list = field(default_factory=list)  # Goal objects
    plan: object = None  # a Plan or None
    discount_rate: Decimal | None = None
    life_years: int | None = None
    flows: list[FlowData] = field(default_factory=list)

    MONEY = ("city_investment", "state_funding", "eu_funding", "other_funding")
    MONEY += ("private_investment",)


def project_problems(data: ProjectData) -> list[tuple[str, str]]:
    """What is wrong with `data`: (field name, message) pairs; none if it can be stored."""
    problems = []
    if data.first_year > data.last_year:
        problems.append(("last_year", _("the last budget year is before the first")))
    for name in ProjectData.MONEY:
        if getattr(data, name) < 0:
            problems.append((name, _("an amount of money cannot be negative here")))
    if data.discount_rate is not None and not 0 <= data.discount_rate <= MAX_RATE:
        problems.append(("discount_rate", _("the discount rate is a percentage from 0 to 100")))
    if data.life_years is not None and not 1 <= data.life_years <= MAX_LIFE:
        problems.append(
            ("life_years", _("the life is from 1 to %(most)s years") % {"most": MAX_LIFE})
        )
    if (data.discount_rate is None) != (data.life_years is None) and data.flows:
        problems.append(
            (
                "discount_rate" if data.discount_rate is None else "life_years",
                _("a calculation needs both a discount rate and a life in years"),
            )
        )
    years = [flow.year for flow in data.flows]
    if len(set(years)) != len(years):
        problems.append(("flows", _("a year is in the table twice")))
    for flow in data.flows:
        if min(flow.investment, flow.operating_costs, flow.revenues) < 0:
            problems.append(
                ("flows", _("the table's amounts are positive: costs and revenues apart"))
            )
            break
    return problems


@transaction.atomic
def project_save(
    *, organisation, data: ProjectData, project: Project | None = None, example: bool = False
) -> Project:
    """Create the project (or change `project`, or the organisation's project of the same
    code) from `data`: its fields, goals and yearly table, which replaces the one before."""
    if project is None:
        project = Project.objects.filter(organisation=organisation, code=data.code).first()
    if project is None:
        project = Project(organisation=organisation)
    project.code = data.code
    project.name = TranslatedText(data.name)
    project.owner_unit = TranslatedText(data.owner_unit)
    for name in (
        "first_year",
        "last_year",
        *ProjectData.MONEY,
        "status",
        "decisions",
        "plan",
        "discount_rate",
        "life_years",
    ):
        setattr(project, name, getattr(data, name))
    project.is_example = example or (project.pk is not None and project.is_example)
    project.full_clean(exclude=["goals"])
    project.save()
    project.goals.set(data.goals)
    project.cash_flows.all().delete()
    CashFlow.objects.bulk_create(
        CashFlow(
            project=project,
            year=flow.year,
            investment=flow.investment,
            operating_costs=flow.operating_costs,
            revenues=flow.revenues,
        )
        for flow in sorted(data.flows, key=lambda flow: flow.year)
    )
    return project
