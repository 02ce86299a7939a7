"""The investment register's fixtures: the finance role, the two indicators in the small
strategy, and a register file written as a person would."""

import pytest
from django.contrib.auth.models import Group

from mittaristo.core.roles import FINANCE

HEADER = (
    "koodi;nimi;yksikkö;alkuvuosi;loppuvuosi;kaupungin osuus;valtio;eu;muu rahoitus;"
    "yksityinen investointi;tila;päätökset;tavoitteet;suunnitelma;laskentakorko;pitoaika;"
    "vuosi;investointi;käyttökulut;tuotot"
)


@pytest.fixture
def finance_user(db, django_user_model):
    """Financial services: keeps the investment register."""
    user = django_user_model.objects.create_user("talous", password="finance-password-1")
    user.groups.add(Group.objects.get_or_create(name=FINANCE)[0])
    return user


@pytest.fixture
def register_indicators(minimal_strategy):
    """The strategy's two indicators of growth investments (as Heinola's file names them)."""
    made = {}
    for code, unit in (("vipuvaikutus", "kerroin"), ("investointilaskelmat", "%")):
        indicator = minimal_strategy.indicators.get(code="mittari")
        indicator.pk = indicator.id = None
        indicator.code, indicator.unit = code, {"fi": unit}
        indicator.frequency, indicator.source_kind = "irregular", "calculation"
        indicator.save()
        made[code] = indicator
    return made


@pytest.fixture
def register_file(tmp_path):
    """write(*rows) → the path of a CSV file with the register's Finnish header and `rows`."""

    def write(*rows, name="investoinnit.csv", header=HEADER):
        path = tmp_path / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        return path

    return write
