"""The mid-term evaluation's page: every goal and indicator as the record has it, the targets
proposed for refinement with their reasons, and the refinements decided after its date."""

import datetime as dt
import html as htmllib
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from mittaristo.core.formatting import number, target_level
from mittaristo.core.periods import parse_period
from mittaristo.monitoring.refinement import baseline
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.services import round_open
from mittaristo.strategy.models import Strategy, Target
from mittaristo.strategy.services import Decision, TargetEdit, target_change
from mittaristo.web.cache import cached_record

pytestmark = pytest.mark.django_db

PAGE = "/app/valiarviointi/"


def get(client, query=""):
    response = client.get(PAGE + query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def table_rows(html: str) -> dict[str, list[str]]:
    """The indicator tables' rows: the row's header → its cells as text."""
    rows = {}
    for table in re.findall(r'<table class="midterm-indicators">(.*?)</table>', html, re.S):
        for header, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
            texts = [
                re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
            ]
            rows[htmllib.unescape(re.sub(r"<[^>]+>", "", header))] = [
                htmllib.unescape(t).strip() for t in texts
            ]
    return rows


def test_every_goal_and_indicator_with_baseline_now_and_target_as_the_record_has_them(
    admin_client, demo_db
):
    html = get(admin_client)
    record = cached_record(Strategy.objects.current())
    rows = table_rows(html)
    checked = 0
    with translation.override("en"):
        for goal in record.goals:
            assert f"{goal.code} {goal.name}" in htmllib.unescape(html)
            for indicator in record.indicators_of(goal):
                header = str(indicator.name) + (f" ({indicator.unit})" if indicator.unit else "")
                base, now, target, status = rows[header]
                latest = indicator.latest
                if latest is None:
                    assert now == "—"
                else:
                    assert now.startswith(f"{latest.period}: {number(latest.value)}")
                    # The base year's value at the same point of the year as the latest (the
                    # spring round beside the spring round).
                    base_value = baseline(indicator)
                    assert base_value is not None, indicator.code
                    assert base.startswith(f"{base_value.period}: {number(base_value.value)}")
                if indicator.target is None or indicator.target.value is None:
                    assert target == "—"
                else:
                    level = target_level(indicator.target)
                    assert target.startswith(f"{indicator.target.year}: {level}")
                checked += 1
    assert checked == sum(len(g.indicators) for g in record.goals) > 15
    # Jobs, by hand: 6,199 in 2019, 6,230 in 2023 (the demo's example), 6,400 by 2030 (example).
    assert rows["Number of jobs (jobs)"][:3] == [
        "2019: 6,199",
        "2023: 6,230 example",
        "2030: 6,400 example",
    ]
    assert "The pace so far is 43 % of the pace needed." in html
    assert "Compared: the average growth a year since 2019 with the growth a year needed" in html
    assert "Forecast 2030: 6,319 (95 % interval 5,887–6,750); chance of reaching" in html
    assert html.count('class="chart"') >= 10  # a chart for each indicator with values
    assert "This evaluation contains example data" in html


def test_the_proposals_with_their_reasons_and_room_for_the_decision(admin_client, demo_db):
    html = htmllib.unescape(get(admin_client))
    proposals = re.search(r'<table class="midterm-proposals">(.*?)</table>', html, re.S).group(1)
    assert (
        '<th scope="row">Number of jobs</th><td>T2.2</td><td>off track</td><td>The pace since '
        "2019 is 43 % of the pace needed to reach the target (6,400) by 2030.</td>"
    ) in proposals
    assert (
        "moving away</td><td>The value has moved away from the target (6,500 by 2030) since 2019."
        in proposals
    )
    assert (
        "without a target</td><td>The indicator has no target level, so its progress" in proposals
    )
    assert proposals.count("not yet decided") == proposals.count("<tr>") - 1
    # Honest about the demo: it has no decided refinements.
    assert "No refinement decided after" in html


def store(strategy, values, *, when):
    indicator = strategy.indicators.get(code="mittari")
    area = strategy.organisation.get_or_create_area()
    rows = [
        ObservationRow(indicator.pk, area.pk, parse_period(p), Decimal(v))
        for p, v in values.items()
    ]
    observations_upsert(rows=rows, source_kind="manual", when=when)


def moment(text):
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def test_an_achieved_target_refined_after_the_mid_term_shows_with_its_decision(
    client, minimal_strategy, strategy_lead
):
    store(
        minimal_strategy,
        {"2021": "6000", "2023": "6150", "2024": "6250"},
        when=moment("2025-03-01T12:00"),
    )
    target = Target.objects.get()
    target_change(
        target=target,
        edit=TargetEdit(year=2030, value=Decimal(6600), value_high=None, milestones={}),
        decision=Decision(dt.date(2025, 9, 1), "Väliarviointi", "Kv 1.9.2025 § 7"),
        user=strategy_lead,
    )
    client.force_login(strategy_lead)
    html = htmllib.unescape(get(client, "?paiva=30.6.2025"))
    # As known then: the target before the refinement, already reached.
    assert table_rows(html)["Mittari (persons)"][:3] == [
        "2021: 6,000",
        "2024: 6,250",
        "2030: 6,200",
    ]
    assert (
        "already achieved</td><td>The latest value (2024: 6,250) already reaches the target "
        'for 2030 (6,200).</td><td class="decision">Kv 1.9.2025 § 7</td>'
    ) in html
    section = html.split('id="mt-refinements-heading"')[1]
    assert (
        "Refinements decided after 6/30/2025" in html
        or "Refinements decided after Jun 30, 2025" in html
    )
    assert "Decision Kv 1.9.2025 § 7" in section and "Väliarviointi" in section
    assert '6,200</span> → <span class="after">6,600' in section
    # Before the decision was taken it is not yet a refinement of that date's evaluation.
    later = htmllib.unescape(get(client, f"?paiva={timezone.localdate():%d.%m.%Y}"))
    assert "No refinement decided after" in later
    assert "2030: 6,600" in later


def test_an_off_track_target_and_a_goal_without_indicators(client, minimal_strategy, viewer):
    store(minimal_strategy, {"2021": "6000", "2024": "6010"}, when=moment("2025-03-01T12:00"))
    client.force_login(viewer)
    html = htmllib.unescape(get(client))
    assert "off track</td><td>The pace since 2021 is" in html
    assert 'T2 <span lang="fi">Toinen tavoite</span>' in html
    assert "This goal has no indicators." in html


def test_without_a_target_it_is_proposed_to_set_one(client, minimal_strategy, viewer):
    Target.objects.all().delete()
    client.force_login(viewer)
    html = htmllib.unescape(get(client))
    assert "without a target</td><td>The indicator has no target level and no values yet." in html


def test_the_latest_mid_term_round_is_the_default_and_a_round_can_be_chosen(
    client, minimal_strategy, strategy_lead
):
    store(minimal_strategy, {"2021": "6000", "2023": "6100"}, when=moment("2024-03-01T12:00"))
    other = round_open(
        strategy=minimal_strategy,
        name="Tilinpäätös 2023",
        as_of=dt.date(2024, 3, 31),
        user=strategy_lead,
    )
    round_open(
        strategy=minimal_strategy,
        name="Väliarviointi 2024",
        kind=ReviewRound.Kind.MID_TERM,
        as_of=dt.date(2024, 6, 30),
        user=strategy_lead,
    )
    client.force_login(strategy_lead)
    assert (
        'Review round <span lang="fi">Väliarviointi 2024</span>, figures as known on'
        in htmllib.unescape(get(client))
    )
    chosen = htmllib.unescape(get(client, f"?kierros={other.pk}"))
    assert 'Review round <span lang="fi">Tilinpäätös 2023</span>, figures as known on' in chosen
    round_page = client.get(f"/app/kierrokset/{other.pk}/").content.decode()
    assert f'href="/app/valiarviointi/?kierros={other.pk}"' in round_page


def test_a_wrong_or_future_date_is_said_and_the_default_shown(client, minimal_strategy, viewer):
    client.force_login(viewer)
    assert "Write the date as 31.12.2024." in htmllib.unescape(get(client, "?paiva=huomenna"))
    future = f"?paiva={timezone.localdate() + dt.timedelta(days=2):%d.%m.%Y}"
    assert "The date cannot be in the future." in get(client, future)


def test_who_may_see_it(client, minimal_strategy, outsider):
    assert client.get(PAGE).status_code == 302
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 403
