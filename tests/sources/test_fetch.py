"""`mittaristo fetch`: stores; a re-run changes nothing; a failure leaves the data as it was."""

import json
from decimal import Decimal

import httpx
import pytest
from django.core.management import call_command

from mittaristo.core.models import Area
from mittaristo.observations.models import Observation
from mittaristo.sources import fetching
from mittaristo.sources.http import Client
from mittaristo.sources.management.commands import fetch as fetch_command
from mittaristo.sources.models import FetchRecord

META = {
    "title": "11re",
    "variables": [
        {
            "code": "alue_23_20260101",
            "text": "Alue",
            "values": ["KU049", "KU091", "KU092"],
            "valueTexts": ["Espoo", "Helsinki", "Vantaa"],
        },
        {
            "code": "ikaryhma_10_20180101",
            "text": "Ikä",
            "values": ["SSS"],
            "valueTexts": ["Yhteensä"],
            "elimination": True,
        },
        {
            "code": "timeperiod_y",
            "text": "Vuosi",
            "values": ["2025"],
            "valueTexts": ["2025"],
            "time": True,
        },
        {
            "code": "contentscode",
            "text": "Tiedot",
            "values": ["vaerak-vaesto"],
            "valueTexts": ["Väestö 31.12."],
        },
    ],
}
BINDING = {
    "source": "statfin",
    "table": "11re.px",
    "contents": ["vaerak-vaesto"],
    "select": {"Ikä": ["SSS"]},
}


@pytest.fixture
def answer(recorded_data):
    path = recorded_data / "statfin" / "markusl_statfin-mcp" / "api-query-three-cities.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def bound(minimal_strategy):
    indicator = minimal_strategy.indicators.get(code="mittari")
    indicator.binding = BINDING
    indicator.save()
    return indicator


def use_service(monkeypatch, handler):
    """Route the command's HTTP to `handler` (never the network)."""

    def make_clients(**kwargs):
        transport = httpx.MockTransport(handler)
        return fetching.Clients(
            pxweb=Client(transport=transport), sotkanet=Client(transport=transport)
        )

    monkeypatch.setattr(fetch_command, "make_clients", make_clients)


def service(answer, *, post=None, get=None):
    def handler(request):
        if request.method == "GET":
            return get(request) if get else httpx.Response(200, json=META)
        return post(request) if post else httpx.Response(200, json=answer)

    return handler


def snapshot():
    return (
        sorted(
            Observation.objects.values_list(
                "indicator_id", "area_id", "period", "value", "superseded_at"
            )
        ),
        Area.objects.count(),
        FetchRecord.objects.count(),
    )


def test_fetch_stores_then_rerun_changes_nothing(bound, answer, monkeypatch, capsys):
    use_service(monkeypatch, service(answer))
    call_command("fetch")
    out = capsys.readouterr().out
    assert "mittari: 3 created, 0 changed, 0 unchanged" in out
    helsinki = Area.objects.get(kind="municipality", code="091")
    assert str(helsinki.name) == "Helsinki"  # created from the source's labels
    value = Observation.objects.current().get(indicator__bound=bound, area=helsinki, period="2025")
    assert value.value == Decimal("694392")
    assert value.source_kind == "fetch"
    assert str(value.vintage) == "2026-04-01"  # the table's own last-updated date
    record = FetchRecord.for_source_ref(value.source_ref)
    assert record.sources == "statfin:11re.px"
    assert record.licence == "CC BY 4.0" and "Statistics Finland" in record.attribution
    assert record.table_updated == "2026-04-01T05:00:00Z"
    assert [r["method"] for r in record.requests] == ["GET", "POST"]
    assert record.requests[1]["body"]["query"][0]["code"] == "alue_23_20260101"
    before = snapshot()
    call_command("fetch")
    assert "mittari: 0 created, 0 changed, 3 unchanged" in capsys.readouterr().out
    assert snapshot() == before


def _failing(kind, answer):
    if kind == "timeout":

        def post(request):
            raise httpx.ReadTimeout("timed out", request=request)

        return service(answer, post=post), "no answer in time"
    if kind == "http":
        return service(
            answer, post=lambda r: httpx.Response(500, text="Internal error")
        ), "HTTP 500"
    if kind == "not json":
        return service(answer, post=lambda r: httpx.Response(200, text="<html>")), "not JSON"
    if kind == "malformed":
        broken = dict(answer, value=[1, 2])
        return service(
            answer, post=lambda r: httpx.Response(200, json=broken)
        ), "2 entries for 3 cells"
    if kind == "changed code":
        changed = json.loads(json.dumps(answer).replace("alue_23_20260101", "alue_24_20270101"))
        return service(
            answer, post=lambda r: httpx.Response(200, json=changed)
        ), "lacks the variables"
    if kind == "missing area":
        meta = json.loads(json.dumps(META).replace("KU092", "KU093"))
        return service(
            answer, get=lambda r: httpx.Response(200, json=meta)
        ), "lacks the areas ['KU093']"
    if kind == "dot value":
        dotted = dict(answer, value=[325716, ".", 252956])
        return service(
            answer, post=lambda r: httpx.Response(200, json=dotted)
        ), "'.' is not a number"
    if kind == "metadata changed":
        meta = json.loads(json.dumps(META, ensure_ascii=False).replace('"Ikä"', '"Ikäluokka"'))
        return service(answer, get=lambda r: httpx.Response(200, json=meta)), "no variable 'Ikä'"
    raise AssertionError(kind)


KINDS = [
    "timeout",
    "http",
    "not json",
    "malformed",
    "changed code",
    "missing area",
    "dot value",
    "metadata changed",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_failure_leaves_the_data_as_it_was(kind, bound, answer, monkeypatch, capsys):
    use_service(monkeypatch, service(answer))
    call_command("fetch")
    capsys.readouterr()
    before = snapshot()
    handler, message = _failing(kind, answer)
    use_service(monkeypatch, handler)
    with pytest.raises(SystemExit) as exit_:
        call_command("fetch")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "mittari: FAILED, stored values unchanged" in err
    assert message in err
    assert "11re.px" in err  # where: the table
    assert snapshot() == before


def test_interruption_leaves_the_data_as_it_was(bound, answer, monkeypatch, capsys):
    use_service(monkeypatch, service(answer))
    call_command("fetch")
    before = snapshot()
    changed = dict(answer, value=[1, 2, 3])
    use_service(monkeypatch, service(answer, post=lambda r: httpx.Response(200, json=changed)))

    def interrupted(**kwargs):
        raise KeyboardInterrupt

    # Interrupted in the middle of storing: the transaction is rolled back.
    monkeypatch.setattr("mittaristo.sources.services.observations_upsert", interrupted)
    with pytest.raises(SystemExit) as exit_:
        call_command("fetch")
    assert exit_.value.code == 130
    assert "Interrupted while fetching mittari" in capsys.readouterr().err
    assert snapshot() == before


def test_replay_loads_heinola_jobs(recorded_data, tmp_path, capsys, db):
    from mittaristo.sources.replay import build
    from mittaristo.strategy.definition import read_definition
    from mittaristo.strategy.definition.load import strategy_load
    from tests.conftest import DEFINITIONS

    strategy_load(definition=read_definition(DEFINITIONS / "heinola-2030.yaml"))
    build(recorded_data, tmp_path)
    call_command("fetch", replay=str(tmp_path), indicator="tyopaikat")
    assert "tyopaikat: 310 created, 0 changed, 0 unchanged" in capsys.readouterr().out
    heinola = Observation.objects.current().get(
        indicator__bound__code="tyopaikat", area__kind="municipality", area__code="111"
    )
    assert (heinola.period, heinola.value) == ("2019", Decimal("6199"))
    country = Observation.objects.current().get(
        indicator__bound__code="tyopaikat", area__kind="country"
    )
    assert country.value == Decimal("2373526")
    assert Area.objects.municipalities().count() == 309
    call_command("fetch", replay=str(tmp_path), indicator="tyopaikat")
    assert "tyopaikat: 0 created, 0 changed, 310 unchanged" in capsys.readouterr().out


def test_replay_without_a_recording_says_which_request(recorded_data, tmp_path, capsys, db):
    from mittaristo.strategy.definition import read_definition
    from mittaristo.strategy.definition.load import strategy_load
    from tests.conftest import DEFINITIONS

    strategy_load(definition=read_definition(DEFINITIONS / "heinola-2030.yaml"))
    with pytest.raises(SystemExit):
        call_command("fetch", replay=str(tmp_path), indicator="yopymiset")
    assert "no recorded response for GET https://pxdata.stat.fi" in capsys.readouterr().err


def test_replay_for_chosen_areas(recorded_data, tmp_path, capsys, db):
    from mittaristo.sources.replay import build
    from mittaristo.strategy.definition import read_definition
    from mittaristo.strategy.definition.load import strategy_load
    from tests.conftest import DEFINITIONS

    strategy_load(definition=read_definition(DEFINITIONS / "heinola-2030.yaml"))
    build(recorded_data, tmp_path)
    call_command("fetch", replay=str(tmp_path), indicator="tyopaikat", areas="111,091")
    assert "tyopaikat: 2 created" in capsys.readouterr().out
    stored = Observation.objects.current().filter(indicator__bound__code="tyopaikat")
    assert sorted(o.area.code for o in stored) == ["091", "111"]


def test_interruption_while_fetching_leaves_the_data_as_it_was(bound, answer, monkeypatch, capsys):
    use_service(monkeypatch, service(answer))
    call_command("fetch")
    before = snapshot()

    def post(request):
        raise KeyboardInterrupt

    use_service(monkeypatch, service(answer, post=post))
    with pytest.raises(SystemExit) as exit_:
        call_command("fetch")
    assert exit_.value.code == 130
    assert "Run the command again to resume" in capsys.readouterr().err
    assert snapshot() == before
