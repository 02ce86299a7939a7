"""The demo's example register: five projects of Heinola labelled as examples on every page
they show, and the two indicators with example values."""

import re
from decimal import Decimal

import pytest

from mittaristo.investments.models import Project
from mittaristo.observations.models import Observation

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_example_register_and_the_indicators_have_values(demo_db):
    projects = Project.objects.all()
    assert projects.count() == 5 and all(p.is_example for p in projects)
    assert projects.with_calculation().count() == 3
    values = Observation.objects.current().filter(
        indicator__code__in=["vipuvaikutus", "investointilaskelmat"]
    )
    assert values.exists() and all(v.is_example for v in values)
    # 2024 (see docs/investments.md): the harbour and the schools. City 2 400 000 + 1 100 000;
    # external 1 500 000 + 300 000; private 6 000 000: (1 800 000 + 6 000 000) / 3 500 000
    # = 2.2286 → 2.23; both cost over 1 000 000 € and have a calculation: 100 %.
    first = {v.indicator.code: v.value for v in values.filter(period="2024")}
    assert first == {"vipuvaikutus": Decimal("2.23"), "investointilaskelmat": 100}


def test_the_example_label_shows_on_the_pages(demo_db, client):
    client.login(username="talousvastaava", password="mittaristo-demo")
    for url in ("/app/investoinnit/", "/app/investoinnit/hanke/satama-alue/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        labels = re.findall(
            r'<span class="example-label">([^<]*)</span>', response.content.decode()
        )
        assert labels and set(labels) == {"example"}
