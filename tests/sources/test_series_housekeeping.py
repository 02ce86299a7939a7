"""A binding set or changed in the admin links the indicator to its national series at once;
a series no indicator reads any more is marked by the nightly housekeeping and removed, with
its values, after settings.SERIES_UNREAD_KEEP_DAYS (docs/organisations.md)."""

import datetime as dt
import io
import json
import re
from decimal import Decimal

import lxml.html
import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from mittaristo.core.periods import parse_period
from mittaristo.jobs import queue
from mittaristo.observations.models import Observation, YearlyPack
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.sources.models import FetchCheck
from mittaristo.strategy.models import Indicator

from .test_fetch import BINDING, answer, service, use_service  # noqa: F401 (answer: the fixture)
from .test_shared_series import BINDING_YAML, _load

pytestmark = pytest.mark.django_db


@pytest.fixture
def helsinki_and_espoo(tmp_path, answer, monkeypatch):  # noqa: F811
    """Helsinki's "mittari" bound to the population (fetched); Espoo's bound to nothing."""
    use_service(monkeypatch, service(answer))
    helsinki = _load(tmp_path, "091", "Helsinki")
    espoo = _load(tmp_path, "049", "Espoo", binding="")
    call_command("fetch")
    return helsinki.indicators.get(code="mittari"), espoo.indicators.get(code="mittari")


def admin_save(client, indicator, binding: dict) -> None:
    """The indicator's change form in the admin, as the page has it, with `binding` typed in."""
    url = f"/admin/strategy/indicator/{indicator.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = lxml.html.fromstring(page.content).get_element_by_id("indicator_form")
    data = dict(form.form_values())
    data["binding"] = json.dumps(binding)
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode())
    indicator.refresh_from_db()


def test_a_binding_set_in_the_admin_reads_the_national_series_at_once(
    helsinki_and_espoo, admin_client
):
    ours, theirs = helsinki_and_espoo
    assert ours.series_id is not None and theirs.series_id is None
    admin_save(admin_client, theirs, BINDING)
    assert theirs.series_id == ours.series_id  # linked on save, not at the next fetch
    page = admin_client.get("/espoo/app/mittarit/mittari/", HTTP_ACCEPT_LANGUAGE="en")
    assert "325" in page.content.decode()  # Espoo's population, from the series, no fetch
    admin_save(admin_client, theirs, {})  # the binding taken away: its own values again
    assert theirs.series_id is None


def test_a_series_nobody_reads_is_removed_after_the_days_with_its_values(
    helsinki_and_espoo, admin_client, settings
):
    settings.SERIES_UNREAD_KEEP_DAYS = 30
    ours, _theirs = helsinki_and_espoo
    old = ours.series_id
    assert Observation.objects.filter(indicator_id=old).count() == 3
    YearlyPack.objects.get_or_create(indicator_id=old)
    assert FetchCheck.objects.filter(indicator_id=old).exists()
    admin_save(admin_client, ours, {**BINDING, "table": "11rf.px"})  # another statistic
    new = ours.series_id
    assert new not in (None, old)

    def housekeeping():
        return queue.run_inline("jobs.housekeeping")

    assert housekeeping().endswith("1 national series unread, 0 removed")
    series = Indicator.objects.get(pk=old)
    assert series.unread_since is not None
    assert Indicator.objects.get(pk=new).unread_since is None  # read by Helsinki
    assert housekeeping().endswith("0 national series unread, 0 removed")  # marked once
    # Read again (the binding put back) before the days are out: the mark goes.
    admin_save(admin_client, ours, BINDING)
    assert ours.series_id == old
    housekeeping()
    assert Indicator.objects.get(pk=old).unread_since is None
    assert Indicator.objects.get(pk=new).unread_since is not None  # now the unread one
    # Unread for the days, unless linked again: removed, with its values, pack and checks.
    admin_save(admin_client, ours, {**BINDING, "table": "11rf.px"})
    housekeeping()
    almost = timezone.now() - dt.timedelta(days=29, hours=23)
    Indicator.objects.filter(pk=old).update(unread_since=almost)
    assert housekeeping().endswith("0 national series unread, 0 removed")  # not yet
    ago = timezone.now() - dt.timedelta(days=30, hours=1)
    Indicator.objects.filter(pk=old).update(unread_since=ago)
    assert housekeeping().endswith("0 national series unread, 1 removed")
    assert not Indicator.objects.filter(pk=old).exists()
    assert not Observation.objects.filter(indicator_id=old).exists()
    assert not YearlyPack.objects.filter(indicator_id=old).exists()
    assert not FetchCheck.objects.filter(indicator_id=old).exists()
    assert Indicator.objects.filter(pk=new, unread_since=None).exists()
    ours.refresh_from_db()
    assert ours.series_id == new


def test_a_national_series_binding_is_not_changed_in_the_admin(helsinki_and_espoo, admin_client):
    """The series is named by its binding: the admin shows it, and a post cannot change it."""
    ours, _theirs = helsinki_and_espoo
    series = Indicator.objects.get(pk=ours.series_id)
    url = f"/admin/strategy/indicator/{series.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    form = lxml.html.fromstring(page.content).get_element_by_id("indicator_form")
    data = dict(form.form_values())
    assert "binding" not in data and "code" not in data and "strategy" not in data
    data.update(binding=json.dumps({**BINDING, "table": "11rf.px"}), code="toinen")
    assert admin_client.post(url, data).status_code == 302
    series.refresh_from_db()
    assert series.binding == BINDING and series.code != "toinen" and series.strategy_id is None


def test_binding_an_indicator_with_values_of_its_own_says_they_are_hidden(
    helsinki_and_espoo, admin_client
):
    """Values a steward entered before the binding are not shown while it stands: the admin
    says so when the binding is saved, and they show again when it is removed."""
    _ours, theirs = helsinki_and_espoo
    area = theirs.strategy.organisation.get_or_create_area()
    years = ["2021", "2022"]
    rows = [ObservationRow(theirs.pk, area.pk, parse_period(y), Decimal("7")) for y in years]
    observations_upsert(rows=rows, source_kind="manual")
    url = f"/admin/strategy/indicator/{theirs.pk}/change/"
    form = lxml.html.fromstring(admin_client.get(url).content).get_element_by_id("indicator_form")
    data = {**dict(form.form_values()), "binding": json.dumps(BINDING)}
    page = admin_client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "This indicator has 2 values of its own" in page.content.decode()
    theirs.refresh_from_db()
    assert theirs.series_id is not None
    # Saved again with the binding removed: nothing hidden, nothing said.
    data = {**dict(form.form_values()), "binding": json.dumps({})}
    page = admin_client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "values of its own" not in page.content.decode()
    theirs.refresh_from_db()
    assert theirs.series_id is None


def test_loading_a_file_that_binds_an_indicator_with_values_of_its_own_warns(tmp_path):
    """The same as the admin's warning, for a binding added by loading the strategy file:
    `load-strategy` names the indicator and how many of its values are hidden."""
    espoo = _load(tmp_path, "049", "Espoo", binding="")
    mittari = espoo.indicators.get(code="mittari")
    area = espoo.organisation.get_or_create_area()
    rows = [
        ObservationRow(mittari.pk, area.pk, parse_period(year), Decimal("7"))
        for year in ("2020", "2021", "2022")
    ]
    observations_upsert(rows=rows, source_kind="manual")
    before = Observation.objects.count()
    bound = tmp_path / "bound" / "049.yaml"
    bound.parent.mkdir()
    bound.write_text(
        (tmp_path / "049.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "    source_kind: official_statistics\n",
            "    source_kind: official_statistics\n" + BINDING_YAML,
            1,
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    with translation.override("en"):
        call_command("load-strategy", str(bound), stdout=out)
    said = out.getvalue()
    assert "Warning: indicator mittari has 3 values of its own" in said, said
    mittari.refresh_from_db()
    assert mittari.series_id is not None
    assert Observation.objects.count() == before  # hidden, not removed
    out = io.StringIO()
    with translation.override("en"):
        call_command("load-strategy", str(tmp_path / "049.yaml"), stdout=out)
    assert "values of its own" not in out.getvalue()  # unbound again: they show


def test_the_admin_lists_the_national_series_with_how_many_organisations_read_each(
    helsinki_and_espoo, admin_client
):
    """For the operator of many organisations: the indicators' list filtered to the national
    series, each with the number of organisations reading it and since when it is unread."""
    ours, theirs = helsinki_and_espoo

    def listed(national: str) -> list[tuple[str, str]]:
        page = admin_client.get(f"/admin/strategy/indicator/?national={national}")
        assert page.status_code == 200
        rows = lxml.html.fromstring(page.content).xpath('//table[@id="result_list"]/tbody/tr')
        cell = './/*[contains(@class, "field-{}")]'
        return [
            (
                row.xpath(cell.format("code"))[0].text_content(),
                row.xpath(cell.format("readers"))[0].text_content(),
            )
            for row in rows
        ]

    series = Indicator.objects.get(pk=ours.series_id)
    assert listed("yes") == [(series.code, "1")]  # Helsinki's; Espoo's is bound to none
    admin_save(admin_client, theirs, BINDING)
    assert listed("yes") == [(series.code, "2")]
    # The two organisations' own indicators, with the admin's mark for nothing.
    assert listed("no") == [("mittari", "-"), ("mittari", "-")]
