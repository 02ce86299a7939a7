"""The statutory warning signs on the economy aim's goal pages, from stored figures."""

from decimal import Decimal

import pytest
from django.utils import translation

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
                loans.data_id,
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


def test_a_figure_without_a_confirmed_table_is_cannot_tell_and_named(admin_client, demo_db):
    # Only the group's loans have a confirmed open-data table (sources/kuntatalous.py
    # SIGN_SOURCES); the tax rate, the annual margin and the relative indebtedness do not, so
    # their criteria are "cannot tell", never "not met", though the loans are known.
    store([("111", 2020, 6000), ("SSS", 2020, 4000)])
    html = page(admin_client)
    row_2020 = html.split("in 2020</caption>")[1].split("</table>")[0]
    tax = "above the weighted average of all municipalities"
    assert tax in row_2020
    after_tax = row_2020.split(tax)[1]
    assert after_tax.split("</tr>")[0].endswith(
        "</th><td>no figure</td><td>no figure</td><td>cannot tell</td>"
        "<td>kuntalaki 118 § 3 mom. (410/2015)</td>"
    )
    assert row_2020.count("<td>cannot tell</td>") >= 3
    # The section names the figures it cannot fetch yet, whatever is stored.
    note = html.split('class="finance-unconfirmed">')[1].split("</p>")[0]
    assert note.startswith("Not fetched, because no open-data table of them has been confirmed")
    for figure in ("the income tax rate", "the group&#x27;s calculated loan-servicing cover"):
        assert figure in note
    assert "the group&#x27;s loans per resident" not in note  # the confirmed one is fetched


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


def test_the_public_page_shows_the_figures_known_when_the_round_was_published(client, demo_db):
    from mittaristo.reviews.models import ReviewRound

    review = ReviewRound.objects.published().get()
    # Stored now, after the round was published: not on its public page.
    store([("111", 2020, 6000), ("SSS", 2020, 4000)])
    html = page(client, "/tavoitteet/T4.1/")
    assert 'id="finance-signs-heading"' in html
    assert "2019: criteria of law 410/2015" in html  # the demo's published 2019 figure
    assert "in 2020</caption>" not in html
    # The same figures as known before a round published later are on that round's page.
    later = ReviewRound.objects.create(
        strategy=review.strategy,
        name="Later",
        as_of=review.as_of,
        state=ReviewRound.State.PUBLISHED,
        published_at=review.published_at.replace(year=review.published_at.year + 5),
        snapshot=review.snapshot,
    )
    html = page(client, f"/kierrokset/{later.pk}/tavoitteet/T4.1/")
    row_2020 = html.split("in 2020</caption>")[1].split("</table>")[0]
    assert "<td>6,000</td><td>6,000</td><td>met</td>" in row_2020


def test_the_public_page_of_an_unpublished_round_is_not_served(client, demo_db):
    from mittaristo.reviews.models import ReviewRound

    review = ReviewRound.objects.published().get()
    draft = ReviewRound.objects.create(
        strategy=review.strategy,
        name="Draft",
        as_of=review.as_of,
        state=ReviewRound.State.OPEN,
        snapshot=review.snapshot,
    )
    response = client.get(f"/kierrokset/{draft.pk}/tavoitteet/T4.1/")
    assert response.status_code == 404


def test_the_deficit_deadline_in_words():
    from mittaristo import finance
    from mittaristo.web.finance_signs import _row

    # A deficit from 2019 on: to be covered by the statements of 2019 + 1 + 4 = 2024; in 2025
    # it is overdue (110 § 3 mom.); with the 110 a § extension, 2019 + 1 + 6 = 2026.
    signs = finance.warning_signs(
        {y: finance.Figures(accumulated_surplus=-100) for y in range(2019, 2026)}, {}
    )
    criterion = signs[-1].deficit_not_covered
    with translation.override("en"):
        row = _row(criterion, signs[-1].rules, {})
        before = _row(signs[4].deficit_not_covered, signs[4].rules, {})
    assert row.limit == "by the statements of 2024 (2026 if extended under 110 a §)"
    assert row.value == "100" and row.met == "met"
    assert row.section == "kuntalaki 118 § 2 mom., 110 § 3 mom."
    assert row.rule.startswith("The deficit in the municipality's balance sheet was not covered")
    assert before.met == "not met"  # 2023


def test_a_surplus_has_no_deadline_and_a_missing_figure_is_said():
    from mittaristo import finance
    from mittaristo.web.finance_signs import _row

    signs = finance.warning_signs({2019: finance.Figures(accumulated_surplus=5)}, {})
    with translation.override("en"):
        covered = _row(signs[0].deficit_not_covered, signs[0].rules, {})
        tax = _row(signs[0].key_figures[1], signs[0].rules, {})
    assert (covered.value, covered.limit, covered.met) == ("0", "", "not met")
    # 410/2015: one percentage point, in the singular; no rate and no average stored.
    assert tax.rule.startswith("The income tax rate is at least one percentage point above")
    assert (tax.value, tax.limit, tax.met) == ("no figure", "no figure", "cannot tell")


def test_a_ratio_is_shown_with_two_decimals():
    from mittaristo import finance
    from mittaristo.web.finance_signs import _row

    # 2021, 175/2019: annual margin 2 of depreciation 3 → 66.666…% (under 80: met), shown 66.67.
    signs = finance.warning_signs(
        {2021: finance.Figures(group_annual_margin=2, group_depreciation=3)}, {}
    )
    with translation.override("en"):
        row = _row(signs[0].key_figures[0], signs[0].rules, {})
    assert (row.value, row.limit, row.met) == ("66.67", "80", "met")
    assert row.rule == "The group's annual margin is under 80 % of its depreciation"
