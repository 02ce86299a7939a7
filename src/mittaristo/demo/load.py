"""The demo: Heinola's strategy with example data, and one user for each role.

Everything here is example data, labelled as such: the targets and plans come from
definitions/heinola-2030-demo.yaml (marked as examples), and the users exist only for trying
the application. Loading twice changes nothing.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mittaristo.core.roles import FINANCE, STRATEGY_LEAD, VIEWER
from mittaristo.demo.finance import demo_finance
from mittaristo.demo.investments import demo_investments
from mittaristo.demo.proposal import demo_proposal
from mittaristo.demo.round import demo_round
from mittaristo.demo.survey import demo_survey
from mittaristo.monitoring.indices import index_values_store, indices_in_order
from mittaristo.observations.imports.service import ImportReport, import_observations
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import LoadReport, strategy_load
from mittaristo.strategy.models import Goal, Indicator

DEFINITIONS = Path(__file__).resolve().parent.parent / "strategy" / "definitions"
DEMO_FILE = DEFINITIONS / "heinola-2030-demo.yaml"
# Values go through the same import as any file: published figures (with their sources in the
# notes), then example values, which are marked as example data.
VALUE_FILES = [
    (DEFINITIONS / "heinola-2030-demo-values-published.csv", False),
    (DEFINITIONS / "heinola-2030-demo-values-example.csv", True),
]
DEMO_PASSWORD = "mittaristo-demo"
ROLE_NAMES = {
    "administrator": _("administrator: everything"),
    "strategy_lead": _("strategy lead: runs review rounds, reads everything internal"),
    "goal_owner": _("goal owner: assesses the goals of the first aim"),
    "data_steward": _("data steward: enters the values of the official statistics"),
    "viewer": _("viewer: reads everything internal"),
    "finance": _("finance: keeps the investment register, reads everything internal"),
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    name: str

    @property
    def group(self) -> str | None:
        """The role group the user belongs to; owners and stewards are named on their objects."""
        return {"strategy_lead": STRATEGY_LEAD, "viewer": VIEWER, "finance": FINANCE}.get(self.role)


DEMO_USERS = [
    DemoUser("admin", "administrator", "Ylläpitäjä (demo)"),
    DemoUser("strategia", "strategy_lead", "Strategiavastaava (demo)"),
    DemoUser("omistaja", "goal_owner", "Tavoitteen omistaja (demo)"),
    DemoUser("tietovastaava", "data_steward", "Tietovastaava (demo)"),
    DemoUser("lukija", "viewer", "Lukija (demo)"),
    DemoUser("talousvastaava", "finance", "Talousvastaava (demo)"),
]


@dataclass
class DemoReport:
    strategy: LoadReport
    imports: list[ImportReport]
    users: list[DemoUser]


@transaction.atomic
def demo_load(*, overwrite_app_changes: bool = False) -> DemoReport:
    """Load the demo; what was changed in the app since its last load is kept (AppChangesError)
    unless `overwrite_app_changes`."""
    report = strategy_load(
        definition=read_definition(DEMO_FILE), overwrite_app_changes=overwrite_app_changes
    )
    report.strategy.organisation.get_or_create_area()
    # An index whose definition the load changed is computed again (its components' values
    # come from `fetch`; `make demo` then runs compute-indices for them all).
    for index in indices_in_order(report.strategy, set(report.changed_indices)):
        index_values_store(indicator=index)
    imports = []
    for path, example in VALUE_FILES:
        # The shipped values are checked by their own tests; a demo loaded again over older
        # demo values must not stop at a value that moved far from them.
        # The demo stands for the installation's operator: a published national figure of a
        # bound indicator goes to its national series, as a fetch would store it.
        result = import_observations(
            path=path,
            strategy=report.strategy,
            example=example,
            accept_outliers=True,
            national=True,
        )
        if not result.ok:
            raise DemoDataError(result.lines())
        imports.append(result)
    # Heinola's published finance figures, from the recorded file with each one's source.
    demo_finance(report.strategy)
    users = {u.username: _demo_user(u) for u in DEMO_USERS}
    strategy = report.strategy
    # The goal owner owns the goals of the first aim; the data steward the official statistics.
    for goal in Goal.objects.filter(aim__strategy=strategy, aim__order=0, owner=None):
        goal.owner = users["omistaja"]
        goal._change_reason = "Demo"
        goal.save()
    for indicator in Indicator.objects.filter(
        strategy=strategy, source_kind="official_statistics", responsible_person=None
    ):
        indicator.responsible_person = users["tietovastaava"]
        indicator._change_reason = "Demo"
        indicator.save()
    # Before the review round, whose snapshot then holds the survey's and the investment
    # register's example values too.
    demo_survey(strategy, lead=users["strategia"])
    register, _indicators = demo_investments(strategy)
    if not register.ok:
        raise DemoDataError(register.lines())
    demo_round(strategy, owner=users["omistaja"], lead=users["strategia"])
    demo_proposal(strategy, owner=users["omistaja"])
    return DemoReport(strategy=report, imports=imports, users=DEMO_USERS)


class DemoDataError(Exception):
    """The shipped demo data does not import: a defect of the project, not of the user."""


def _demo_user(spec: DemoUser):
    User = get_user_model()
    first, _sep, last = spec.name.partition(" ")
    # .example is reserved (RFC 2606): the demo's reminders print on the console and could
    # reach nobody even with a real mail server.
    email = f"{spec.username}@demo.example"
    user, created = User.objects.get_or_create(
        username=spec.username, defaults={"first_name": first, "last_name": last, "email": email}
    )
    if not user.email:  # a demo loaded before the demo people had addresses
        user.email = email
        user.save(update_fields=["email"])
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = spec.role in ("administrator", "strategy_lead")
        user.is_superuser = spec.role == "administrator"
        user.save()
    if spec.group:
        group, _created = Group.objects.get_or_create(name=spec.group)
        user.groups.add(group)
    return user
