"""The statutory warning signs on the economy aim's goal pages, from stored figures."""

from decimal import Decimal

import pytest

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Indicator

pytestmark = pytest.mark.django_db

URL = "/app/tavoitteet/T4.1/"  # Velkamäärän vähentäminen, aim "Kestävä talous"


def store(rows):
    loans = Indicator.objects.get(code="konsernin-velat-per-asukas")
    heinola = Area.objects.get(kind="municipality", code="111")
    country, _ = Area.objects.get_or_create(kind="country", code="SSS", defaults={"name": {}})
    observations_upsert(
        rows=[
            ObservationRow(
                loans.pk,
                (heinola if whose == "111" else country).pk,
                parse_period(str(year)),
                Decimal(value),
            )
            for whose, year, value in rows
        ],
        source_kind="import",
    )


def page(client, url=URL):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_the_loans_criterion_on_both_sides_of_its_limit(admin_client, demo_db):
    # 410/2015: loans per resident at least 1.5 × the country's. 2020: 4,000 × 1.5 = 6,000,
    # Heinola 6,000 exactly at it → met. 2019: the same limit, Heinola 5,999 → not met.
    store([("111", 2019, 5999), ("SSS", 2019, 4000), ("111", 2020, 6000), ("SSS", 2020, 4000)])
    html = page(admin_client)
    assert 'id="finance-signs-heading"' in html
    assert "<caption>The criteria of 118 § 3 mom. in 2020</caption>" in html
    assert '<th scope="col">Limit</th>' in html
    rule = (
        "The group&#x27;s loans per resident exceed the average of all municipalities&#x27; "
        "groups by at least 50 %"
    )
    row_2020 = html.split("in 2020</caption>")[1].split("</table>")[0]
    row_2019 = html.split("in 2019</caption>")[1].split("</table>")[0]
    assert f"{rule}</th><td>6,000</td><td>6,000</td><td>met</td>" in row_2020
    assert f"{rule}</th><td>5,999</td><td>6,000</td><td>not met</td>" in row_2019
    assert "kuntalaki 118 § 3 mom. (410/2015)" in row_2020
    # The other criteria cannot be told, and say which figure is missing.
    assert "Missing: the group&#x27;s annual margin." in row_2020
    assert "Missing: the income tax rate; the weighted average income tax rate" in row_2020
    # Two years running: 2019 not met, so not met whatever the rest (cannot tell is not no,
    # but one "not met" settles it).
    assert "(two years running)</th><td></td><td></td><td>not met</td>" in row_2020
    # The 110 § deadline cannot be told without the municipality's own balance sheet.
    assert "Missing: the accumulated surplus (deficit) in the municipality" in row_2020


def test_later_years_use_the_2019_law_and_are_marked_unconfirmed(admin_client, demo_db):
    store([("111", 2023, 9000), ("SSS", 2023, 4000)])
    html = page(admin_client)
    part = html.split("2023: criteria of law 175/2019")[1].split("</table>")[0]
    assert "Not confirmed offline:" in part
    # 175/2019 compares loans and lease liabilities: the stored loans are not that figure.
    assert "Missing: the group&#x27;s loans and lease liabilities per resident;" in part
    assert "under 80 % of its depreciation" in part


def test_example_values_are_not_judged(admin_client, demo_db):
    # The demo's example values of 2020–2024 are left out; the real 2019 figure is used.
    html = page(admin_client)
    assert "2019: criteria of law 410/2015" in html
    assert "2020: criteria of law" not in html


def test_a_goal_of_another_aim_has_no_section(admin_client, demo_db):
    html = page(admin_client, "/app/tavoitteet/T1.1/")
    assert "finance-signs-heading" not in html
