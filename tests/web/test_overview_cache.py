"""The overview's cache (web/cache.py): served from it when nothing changed, and never
stale: each thing the evaluation reads, changed, shows on the very next request.

The small test strategy: indicator "mittari" (higher is better, target 6 200 in 2030 from
6 000 in 2021) under goal T1; with 6 030 in 2022 and 6 060 in 2023 it is on track.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.monitoring.records import evaluation_record
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Goal, Target
from mittaristo.web.cache import cached_record, current_version, data_version

pytestmark = pytest.mark.django_db


def store(strategy, values):
    indicator = strategy.indicators.get(code="mittari")
    area = strategy.organisation.get_or_create_area()
    rows = [
        ObservationRow(indicator.pk, area.pk, parse_period(p), Decimal(v))
        for p, v in values.items()
    ]
    observations_upsert(rows=rows, source_kind="manual")


def goal_status(client, code="T1", language="en") -> str:
    """The status class of a goal's card on the overview."""
    html = client.get("/app/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    found = re.search(rf'status-card-(\w+)">\s*<h4><a href="/app/tavoitteet/{code}/">', html)
    assert found, html
    return found.group(1)


@pytest.fixture
def on_track(minimal_strategy):
    store(minimal_strategy, {"2022": "6030", "2023": "6060"})
    return minimal_strategy


def test_the_second_request_comes_from_the_cache(admin_client, on_track):
    with CaptureQueriesContext(connection) as first:
        one = admin_client.get("/app/").content.decode()
    with CaptureQueriesContext(connection) as second:
        two = admin_client.get("/app/").content.decode()
    article = re.compile(r"<article.*</article>", re.S)
    assert article.search(one).group() == article.search(two).group()
    assert 'status-card-on_track">' in two
    # Neither the structure nor the series nor the targets are read again.
    assert len(second) < len(first) - 5
    assert not any(
        "observations_observation" in q["sql"] and "period" in q["sql"]
        for q in second.captured_queries
    )


def test_a_new_value_shows_at_once(admin_client, on_track):
    assert goal_status(admin_client) == "on_track"
    store(on_track, {"2024": "5800"})  # falling: away from the target
    assert goal_status(admin_client) == "moving_away"


def test_a_revised_value_shows_at_once(admin_client, on_track):
    assert goal_status(admin_client) == "on_track"
    store(on_track, {"2023": "5900"})  # the same period, revised
    assert goal_status(admin_client) == "moving_away"


def test_a_changed_target_shows_at_once(admin_client, on_track):
    assert goal_status(admin_client) == "on_track"
    target = Target.objects.get(indicator__code="mittari")
    target.value = Decimal("9000")  # needs far more than +0.5 % a year
    target.save()
    assert goal_status(admin_client) == "off_track"


def test_changed_thresholds_show_at_once(admin_client, on_track):
    assert goal_status(admin_client) == "on_track"
    on_track.thresholds = {"on_track": 1.5, "at_risk": 1.2}  # the ratio is 1.37: at risk
    on_track.save()
    assert goal_status(admin_client) == "at_risk"


def test_a_moved_indicator_shows_at_once(admin_client, on_track):
    assert goal_status(admin_client, "T2") == "no_data"
    link = Goal.objects.get(code="T1").goal_indicators.get()
    link.goal = Goal.objects.get(code="T2")
    link.save()
    assert goal_status(admin_client, "T2") == "on_track"
    assert goal_status(admin_client, "T1") == "no_data"


def test_a_renamed_goal_shows_at_once(admin_client, on_track):
    admin_client.get("/app/")
    goal = Goal.objects.get(code="T1")
    goal.name = {"fi": "Uusi nimi", "en": "New name"}
    goal.save()
    assert ">Uusi nimi</a></h4>" in admin_client.get("/app/").content.decode()


def test_lateness_follows_the_date(admin_client, on_track, monkeypatch):
    store(on_track, {"2024": "6090", "2025": "6120"})  # 2026's value is due in September 2027
    assert 'class="late"' not in admin_client.get("/app/").content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2027, 10, 1))
    assert 'class="late"' in admin_client.get("/app/").content.decode()


def test_each_language_has_its_own_copy(admin_client, on_track):
    finnish = admin_client.get("/app/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    english = admin_client.get("/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Strategiset päämäärät ja tavoitteet" in finnish
    assert "Strategic aims and goals" in english
    assert "henkeä" in finnish and "persons" in english


def test_the_version_changes_with_the_date_and_not_otherwise(on_track):
    day = dt.date(2025, 1, 1)
    assert data_version(on_track, today=day) == data_version(on_track, today=day)
    assert data_version(on_track, today=day) != data_version(on_track, today=dt.date(2025, 1, 2))


def test_values_of_other_areas_do_not_change_the_version(on_track):
    day = dt.date(2025, 1, 1)
    before = data_version(on_track, today=day)
    other = Area.objects.create(kind=Area.Kind.MUNICIPALITY, code="998", name={"fi": "Muu"})
    after_new_area = data_version(on_track, today=day)
    assert after_new_area != before  # a new area might be the own one: counted
    indicator = on_track.indicators.get(code="mittari")
    observations_upsert(
        rows=[ObservationRow(indicator.pk, other.pk, parse_period("2023"), Decimal("1"))],
        source_kind="manual",
    )
    assert data_version(on_track, today=day) == after_new_area


def test_the_cached_record_is_the_record(on_track):
    from django.core.cache import cache

    first = cached_record(on_track)
    again = cached_record(on_track)
    assert again is first  # read once per process and version, then shared
    assert again == evaluation_record(on_track, today=again.evaluated_on)
    # The cache keeps the record's JSON, never a pickled object.
    stored = cache.get(f"mittaristo:record:{data_version(on_track, today=again.evaluated_on)}")
    assert isinstance(stored, str) and stored.startswith('{"version":5,')
    store(on_track, {"2024": "5800"})
    newer = cached_record(on_track)
    assert newer is not first and newer.goals[0].status == "moving_away"


def test_the_pages_leave_the_shared_record_as_it_was(admin_client, on_track):
    """The record is shared by the requests of a process: no page may change it."""
    shared = cached_record(on_track)
    before = shared.model_dump_json()
    for url in ["/app/", "/app/tavoitteet/T1/", "/app/mittarit/mittari/", "/app/tehtavat/"]:
        assert admin_client.get(url).status_code == 200
    assert cached_record(on_track) is shared
    assert shared.model_dump_json() == before


def test_the_goal_page_shows_a_new_value_at_once(admin_client, on_track):
    def status():
        html = admin_client.get("/app/tavoitteet/T1/").content.decode()
        return re.search(r'<p class="status-line"><span class="status status-(\w+)"', html)[1]

    assert status() == "on_track"
    store(on_track, {"2024": "5800"})
    assert status() == "moving_away"


def test_the_goal_page_shows_its_owner_as_now(admin_client, on_track, django_user_model):
    owner = django_user_model.objects.create_user("omistaja", first_name="Olli", last_name="O")
    goal = Goal.objects.get(code="T1")
    goal.owner = owner
    goal.save()
    assert "Olli O" in admin_client.get("/app/tavoitteet/T1/").content.decode()
    owner.first_name = "Oona"  # people are not in the data version
    owner.save()
    assert "Oona O" in admin_client.get("/app/tavoitteet/T1/").content.decode()


def publish(strategy, user, name="Tilinpäätös 2023"):
    from mittaristo.reviews.services import (
        assessment_approve,
        assessment_save,
        assessment_submit,
        round_open,
        round_publish,
    )

    review = round_open(strategy=strategy, name=name, as_of=timezone.localdate(), user=user)
    for assessment in review.assessments.all():
        assessment_save(assessment=assessment, user=user, commentary="Selvä.")
        assessment_submit(assessment=assessment, user=user)
        assessment_approve(assessment=assessment, user=user)
    round_publish(review=review, user=user)
    return review


def test_a_published_round_shows_at_once(admin_client, admin_user, on_track):
    from mittaristo.reviews.services import round_open

    def latest_round():
        html = admin_client.get("/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        return re.search(r'<p class="latest-round">(.*?)</p>', html, re.S)[1]

    assert "No review has been published yet." in latest_round()
    round_open(strategy=on_track, name="Avoin", as_of=dt.date(2024, 3, 31), user=admin_user)
    assert "No review has been published yet." in latest_round()  # open rounds do not show
    review = publish(on_track, admin_user)
    # The round's name, written in Finnish, is marked so on the English page.
    assert f'href="/app/kierrokset/{review.pk}/" lang="fi">Tilinpäätös 2023</a>' in latest_round()


def test_the_overview_names_what_changed_since_the_latest_round(admin_client, admin_user, on_track):
    def changes():
        html = admin_client.get("/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        found = re.search(r'<section class="changes".*?</section>', html, re.S)
        if found is None:
            return None
        text = re.sub(r"</?span[^>]*>", "", found[0])  # inline marks (lang="fi") join the text
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()

    assert changes() is None  # nothing published yet
    publish(on_track, admin_user)
    assert changes() == (
        "Changes since Tilinpäätös 2023 "
        "No goal or indicator has changed status since Tilinpäätös 2023."
    )
    store(on_track, {"2024": "5800"})  # falling: moving away from the target
    assert changes() == (
        "Changes since Tilinpäätös 2023 "
        "Goal Tavoite : ✓ on track → ↘ moving away "
        "Indicator Mittari : ✓ on track → ↘ moving away"
    )


def test_the_current_strategy_and_its_version_in_one_query(on_track, django_assert_num_queries):
    day = dt.date(2025, 1, 1)
    with django_assert_num_queries(1):
        pk, version = current_version(today=day)
    assert (pk, version) == (on_track.pk, data_version(on_track, today=day))


def test_the_goal_pages_indicator_rows_show_a_new_value_at_once(admin_client, on_track):
    def latest():
        html = admin_client.get("/app/tavoitteet/T1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        return re.search(r'<td>([^<]*) <span class="period">\((\d{4})\)</span></td>', html).groups()

    assert latest() == ("6,060", "2023")
    assert latest() == ("6,060", "2023")  # from the cache
    store(on_track, {"2024": "6090"})
    assert latest() == ("6,090", "2024")


def test_the_indicator_page_shows_a_new_value_at_once(admin_client, on_track):
    def periods():
        html = admin_client.get("/app/mittarit/mittari/", HTTP_ACCEPT_LANGUAGE="en").content
        return re.findall(r'<tr><th scope="row">(\d{4})</th>', html.decode())

    assert periods() == ["2022", "2023"]
    assert periods() == ["2022", "2023"]  # from the cache
    store(on_track, {"2024": "6090"})
    assert periods() == ["2022", "2023", "2024"]


def test_clearing_the_cache_forgets_the_shared_record(on_track):
    from django.core.cache import cache

    first = cached_record(on_track)
    cache.clear()  # as after an upgrade (docs/operations.md)
    assert cached_record(on_track) is not first
