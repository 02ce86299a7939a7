"""Data entry: a data steward enters and corrects the values of their own indicators only."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.models import Observation
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Indicator

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def indicator(minimal_strategy):
    return Indicator.objects.get(strategy=minimal_strategy, code="mittari")


@pytest.fixture
def own_area(minimal_strategy):
    return minimal_strategy.organisation.get_or_create_area()


@pytest.fixture
def steward_client(client, steward):
    client.force_login(steward)
    return client


def page(indicator):
    return f"/app/syotto/{indicator.pk}/"


def enter(client, indicator, area, period, value, **extra):
    data = {"area": area.pk, "period": period, "value": value, "status": "final", "note": ""}
    return client.post(page(indicator), {**data, **extra}, follow=True, **EN)


def store(indicator, area, values, status="final"):
    rows = [
        ObservationRow(
            indicator_id=indicator.pk,
            area_id=area.pk,
            period=parse_period(period),
            value=Decimal(value),
            status=status,
        )
        for period, value in values.items()
    ]
    observations_upsert(rows=rows, source_kind="import", source_ref="values.csv")


def text(response) -> str:
    """The page's visible text, tags dropped and spaces collapsed, for reading sentences."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


# Logging in


def test_anonymous_users_are_sent_to_log_in_and_come_back(client, steward):
    response = client.get("/app/syotto/")
    assert response.status_code == 302
    assert response.url == "/app/login/?next=/app/syotto/"
    login = client.get(response.url, **EN).content.decode()
    assert '<label for="id_username">' in login and '<label for="id_password">' in login
    response = client.post(
        "/app/login/",
        {"username": "tietovastaava", "password": "steward-password-1", "next": "/app/syotto/"},
    )
    assert response.url == "/app/syotto/"
    assert "Mittari" in client.get("/app/syotto/", **EN).content.decode()


def test_a_wrong_password_is_announced(client, steward):
    response = client.post("/app/login/", {"username": "tietovastaava", "password": "wrong"}, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Please enter a correct username and password" in html


def test_logging_in_without_next_leads_to_the_internal_overview(client, steward):
    response = client.post(
        "/app/login/", {"username": "tietovastaava", "password": "steward-password-1"}
    )
    assert response.url == "/app/"
    assert client.get(response.url).status_code == 200


# The list


def test_the_list_shows_only_the_users_own_indicators(
    steward_client, steward, outsider, minimal_strategy, indicator, own_area
):
    Indicator.objects.create(
        strategy=minimal_strategy,
        code="toinen",
        name={"fi": "Toisen mittari", "en": "Someone else's indicator"},
        direction="higher",
        frequency="yearly",
        source_kind="survey",
        responsible_person=outsider,
    )
    store(indicator, own_area, {"2022": "6050", "2023": "6100"})
    html = text(steward_client.get("/app/syotto/", **EN))
    assert "Mittari persons 6,100 2023" in html
    assert "Toisen mittari" not in html and "Someone else" not in html
    assert (
        f'href="/app/syotto/{indicator.pk}/"' in steward_client.get("/app/syotto/").content.decode()
    )


def test_the_list_of_a_viewer_responsible_for_nothing_says_so(client, viewer, minimal_strategy):
    client.force_login(viewer)
    response = client.get("/app/syotto/", **EN)
    assert "You are not responsible for any indicator." in text(response)
    assert "Mittari " not in text(response)
    assert not re.search(r'href="/app/syotto/\d', response.content.decode())


def test_a_superuser_sees_every_indicator(client, admin_user, steward, indicator):
    client.force_login(admin_user)
    assert "Mittari" in client.get("/app/syotto/", **EN).content.decode()
    assert client.get(page(indicator), **EN).status_code == 200


def test_the_list_costs_the_same_queries_for_one_and_for_many_indicators(
    steward_client, steward, minimal_strategy, indicator, own_area
):
    store(indicator, own_area, {"2022": "6050"})
    steward_client.get("/app/syotto/", **EN)  # the process reads the organisations once
    with CaptureQueriesContext(connection) as one:
        assert "6,050" in steward_client.get("/app/syotto/", **EN).content.decode()
    for i in range(6):
        extra = Indicator.objects.create(
            strategy=minimal_strategy,
            code=f"lisa{i}",
            name={"fi": f"Lisämittari {i}"},
            direction="higher",
            frequency="yearly",
            source_kind="official_statistics",
            responsible_person=steward,
        )
        store(extra, own_area, {"2021": "1", "2022": f"{i}00"})
    with CaptureQueriesContext(connection) as many:
        html = text(steward_client.get("/app/syotto/", **EN))
    assert "Lisämittari 5 500 2022" in html
    assert len(one) == len(many)


# The entry page


def test_the_page_shows_unit_target_milestones_and_previous_values(
    steward_client, indicator, own_area
):
    store(indicator, own_area, {"2022": "6050", "2023": "6080"}, status="provisional")
    response = steward_client.get(page(indicator), **EN)
    html = response.content.decode()
    words = text(response)
    assert '<h1><span lang="fi">Mittari</span></h1>' in html  # only in Finnish: marked
    assert "Unit persons" in words
    assert "Target for 2030" in words and "6,200 persons" in words
    assert "Baseline 6,000 persons (2021)" in words
    assert "2026: 6,100 persons" in words
    assert "2023 6,080 provisional" in words and "2022 6,050 provisional" in words
    assert words.index("2023 6,080") < words.index("2022 6,050")
    # Every input has its label; the area defaults to the organisation's municipality.
    for name in ["area", "period", "value", "status", "note"]:
        assert f'<label for="id_{name}">' in html
    assert "Value (persons)" in html
    assert f'<option value="{own_area.pk}" selected>' in html
    assert "example-label" not in html


def test_example_targets_are_labelled(steward_client, indicator):
    indicator.targets.update(is_example=True)
    html = steward_client.get(page(indicator), **EN).content.decode()
    assert '<span class="example-label">example</span>' in html


def test_the_municipality_area_is_created_when_missing(steward_client, indicator):
    assert not Area.objects.filter(code="999").exists()
    steward_client.get(page(indicator))
    area = Area.objects.get(kind="municipality", code="999")
    assert str(area.name) == "Testikunta"


def test_entering_a_value_stores_a_manual_version_by_the_user(
    steward_client, steward, indicator, own_area
):
    response = enter(steward_client, indicator, own_area, "2023", "6 100", note="Tilasto 2024")
    assert response.redirect_chain == [(page(indicator), 302)]
    assert "Stored 6,100 for 2023, Testikunta." in text(response)
    observation = Observation.objects.get(indicator=indicator)
    assert observation.value == Decimal("6100")
    assert observation.period == "2023" and observation.area == own_area
    assert observation.source_kind == "manual" and observation.source_ref == "web form"
    assert observation.recorded_by == steward
    assert observation.note == "Tilasto 2024" and observation.status == "final"
    assert "2023 6,100 final Tilasto 2024" in text(response)


@pytest.mark.parametrize(
    ("written", "stored"),
    [("1 234,5", "1234.5"), ("1\u00a0234,5", "1234.5"), ("−3", "-3"), ("12,5 %", "12.5")],
)
def test_finnish_number_formats_are_accepted(steward_client, indicator, own_area, written, stored):
    enter(steward_client, indicator, own_area, "2023", written)
    assert Observation.objects.get(indicator=indicator).value == Decimal(stored)


def test_something_not_a_number_is_refused(steward_client, indicator, own_area):
    response = enter(steward_client, indicator, own_area, "2023", "noin 6000")
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Enter a number, for example 1 234,5." in html
    assert 'aria-describedby="id_value_error"' in html and 'id="id_value_error"' in html
    assert not Observation.objects.exists()


def test_the_form_stores_the_own_area_if_missing_and_offers_it_first(steward_client, indicator):
    assert not Area.objects.exists()
    html = steward_client.get(page(indicator), **EN).content.decode()
    own = Area.objects.get()  # the organisation's municipality, 999, so values can be entered
    assert (own.kind, own.code) == ("municipality", "999")
    assert f'<option value="{own.pk}" selected>' in html


def test_a_number_that_reads_two_ways_is_refused_with_both_readings(
    steward_client, indicator, own_area
):
    # "6.241": 6,241 with a decimal point, or 6 241 with a thousands point. The form guesses
    # neither; "6,241" with the Finnish decimal comma is 6.241 and stored.
    response = enter(steward_client, indicator, own_area, "2023", "6.241")
    assert (
        '"6.241" can be read in two ways: write 6,241 if the point marks decimals, '
        "or 6 241 if it separates thousands."
    ) in text(response)
    assert not Observation.objects.exists()
    enter(steward_client, indicator, own_area, "2023", "6,241", confirm="on")
    assert Observation.objects.get(indicator=indicator).value == Decimal("6.241")


def test_a_period_of_the_wrong_kind_is_refused_and_nothing_is_stored(
    steward_client, indicator, own_area
):
    response = enter(steward_client, indicator, own_area, "2023Q1", "6100")
    words = text(response)
    assert "The period does not suit the indicator's frequency (yearly)." in words
    assert "Accepted forms: 2024." in words
    assert not Observation.objects.exists()
    words = text(enter(steward_client, indicator, own_area, "ensi vuonna", "6100"))
    assert "This is not a period. Accepted forms: 2024." in words
    assert not Observation.objects.exists()


def test_correcting_a_value_keeps_the_old_version_and_the_history_lists_both(
    steward_client, steward, indicator, own_area
):
    enter(steward_client, indicator, own_area, "2023", "6100", status="provisional")
    response = enter(steward_client, indicator, own_area, "2023", "6 110", note="korjattu")
    assert "Changed the value for 2023, Testikunta to 6,110." in text(response)
    old, new = Observation.objects.filter(indicator=indicator).order_by("pk")
    assert (old.value, old.status) == (Decimal("6100"), "provisional")
    assert old.superseded_at is not None
    assert (new.value, new.note, new.superseded_at) == (Decimal("6110"), "korjattu", None)
    assert list(Observation.objects.current().values_list("value", flat=True)) == [6110]

    again = enter(steward_client, indicator, own_area, "2023", "6110", note="korjattu")
    assert "already stored; nothing changed" in text(again)
    assert Observation.objects.count() == 2

    history = f"/app/syotto/{indicator.pk}/historia/{own_area.pk}/2023/"
    assert f'href="{history}"' in again.content.decode()
    words = text(steward_client.get(history, **EN))
    assert "History of the value for 2023, Testikunta" in words
    assert "6,110 final korjattu Tiina Tieto entered by hand (web form) current" in words
    assert "6,100 provisional Tiina Tieto entered by hand (web form) replaced" in words
    assert words.index("6,110 final") < words.index("6,100 provisional")


def test_the_history_shows_deletions(steward_client, steward, indicator, own_area):
    from mittaristo.observations.services import observation_delete

    store(indicator, own_area, {"2022": "6050"})
    observation_delete(observation=Observation.objects.get(), user=steward, reason="väärä kunta")
    words = text(
        steward_client.get(f"/app/syotto/{indicator.pk}/historia/{own_area.pk}/2022/", **EN)
    )
    assert "deleted final väärä kunta Tiina Tieto" in words
    assert "6,050 final" in words and "imported from a file (values.csv) replaced" in words


def test_an_implausible_value_asks_for_confirmation(steward_client, indicator, own_area):
    store(indicator, own_area, {"2020": "6000", "2021": "6100", "2022": "6050"})
    response = enter(steward_client, indicator, own_area, "2023", "61000")
    html = response.content.decode()
    assert "61,000 is far from what is expected (5,950 … 6,150)." in text(response)
    assert 'type="checkbox" name="confirm"' in html and '<label for="id_confirm">' in html
    assert not Observation.objects.filter(period="2023").exists()

    response = enter(steward_client, indicator, own_area, "2023", "61000", confirm="on")
    assert "Stored 61,000 for 2023" in text(response)
    assert Observation.objects.get(period="2023").value == Decimal("61000")


def test_a_plausible_value_needs_no_confirmation(steward_client, indicator, own_area):
    store(indicator, own_area, {"2020": "6000", "2021": "6100", "2022": "6050"})
    enter(steward_client, indicator, own_area, "2023", "6140")
    assert Observation.objects.get(period="2023").value == Decimal("6140")


def test_the_indicators_own_range_sets_what_is_plausible(steward_client, indicator, own_area):
    Indicator.objects.filter(pk=indicator.pk).update(range_min=0, range_max=100)
    enter(steward_client, indicator, own_area, "2022", "140")
    assert Observation.objects.filter(period="2022").exists()
    response = enter(steward_client, indicator, own_area, "2023", "160")
    assert "160 is far from what is expected (−50 … 150)." in text(response)
    assert not Observation.objects.filter(period="2023").exists()


# Who may enter


def test_an_outsider_may_not_see_or_change_the_indicator(
    client, outsider, steward, indicator, own_area
):
    store(indicator, own_area, {"2022": "6050"})
    client.force_login(outsider)
    assert client.get(page(indicator)).status_code == 403
    response = client.post(
        page(indicator),
        {"area": own_area.pk, "period": "2022", "value": "1", "status": "final"},
    )
    assert response.status_code == 403
    assert client.get(f"/app/syotto/{indicator.pk}/historia/{own_area.pk}/2022/").status_code == 403
    assert list(Observation.objects.values_list("value", "superseded_at")) == [(6050, None)]


def test_anonymous_posts_change_nothing(client, steward, indicator, own_area):
    response = client.post(
        page(indicator), {"area": own_area.pk, "period": "2022", "value": "1", "status": "final"}
    )
    assert response.status_code == 302 and response.url.startswith("/app/login/")
    assert not Observation.objects.exists()


def test_the_pages_speak_finnish_by_default(steward_client, indicator):
    html = steward_client.get(page(indicator)).content.decode()
    assert '<html lang="fi">' in html
