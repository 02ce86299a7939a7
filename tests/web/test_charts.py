"""The chart builders: Vega-Lite specifications of a time series and of peers, and their pages."""

import json
from decimal import Decimal

from mittaristo.web.charts.specs import time_series_spec


def test_a_time_series_is_a_line_with_points_and_a_target_rule():
    spec = time_series_spec(
        [
            {"period": "2023", "value": Decimal("6080")},
            {"period": "2021", "value": Decimal("6000.5")},
        ],
        title="Mittari: Testikunta",
        unit="persons",
        target={"value": Decimal("6200"), "label": "Target 2030: 6,200"},
        description="Line chart of Mittari",
    )
    assert spec["$schema"].endswith("/vega-lite/v6.json")
    assert spec["title"] == "Mittari: Testikunta"
    assert spec["description"] == "Line chart of Mittari"
    # Oldest first, decimals as plain JSON numbers.
    assert spec["data"]["values"] == [
        {"period": "2021", "value": 6000.5},
        {"period": "2023", "value": 6080.0},
    ]
    line, points, rule, label = spec["layer"]
    assert line["mark"]["type"] == "line"
    # Periods in the order of their codes (no "sort": None), so that the years milestones
    # and the forecast add in other layers fall into place.
    assert line["encoding"]["x"] == {
        "field": "period",
        "type": "ordinal",
        "title": None,
        "axis": {"labelAngle": 0},
    }
    assert line["encoding"]["y"]["scale"] == {"zero": False}
    assert line["encoding"]["y"]["title"] == "persons"
    assert points["mark"]["type"] == "point"
    assert rule["mark"]["type"] == "rule" and rule["mark"]["strokeDash"] == [6, 4]
    assert rule["data"]["values"] == [{"target": 6200.0}]
    assert label["mark"]["type"] == "text"
    assert label["data"]["values"] == [{"target": 6200.0, "label": "Target 2030: 6,200"}]
    json.dumps(spec)  # the page puts it in a json_script


def test_without_a_target_there_is_no_rule_and_missing_values_stay_missing():
    spec = time_series_spec(
        [{"period": "2022", "value": None}, {"period": "2023", "value": 5}], title="T", unit=""
    )
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point"]
    assert spec["data"]["values"][0] == {"period": "2022", "value": None}
    assert spec["layer"][0]["encoding"]["y"]["title"] is None
    assert spec["description"] == "T"


def test_the_entry_page_embeds_the_chart_for_the_browser(client, steward, minimal_strategy):
    from mittaristo.core.models import Area
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert

    indicator = minimal_strategy.indicators.get(code="mittari")
    area = Area.objects.for_organisation(minimal_strategy.organisation)
    observations_upsert(
        rows=[
            ObservationRow(
                indicator_id=indicator.pk,
                area_id=area.pk,
                period=parse_period("2022"),
                value=Decimal("6050"),
                status="final",
            )
        ],
        source_kind="import",
        source_ref="values.csv",
    )
    client.force_login(steward)
    html = client.get(f"/app/syotto/{indicator.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<figure class="chart" data-vega-spec-id="values-chart-spec"' in html
    assert '<script id="values-chart-spec" type="application/json">' in html
    assert '"label": "Target 2030: 6,200"' in html
    for asset in ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "vega-interpreter.js"]:
        assert f'<script src="/static/vendor/vega/{asset}"></script>' in html
    assert "cdn" not in html.lower()


def test_the_indicator_chart_adds_the_forecast_the_target_year_and_milestones():
    from mittaristo.web.charts.specs import NUMBER_FORMAT, TARGET_COLOUR, Words

    words = Words(period="kausi", value="arvo", milestone="välitavoite", target="tavoite")
    spec = time_series_spec(
        [{"period": "2022", "value": "10"}, {"period": "2024", "value": "12.5"}],
        unit="%",
        words=words,
        target={"year": 2030, "value": "20", "label": "Tavoite 2030: 20"},
        milestones=[{"year": 2027, "value": "15"}],
        forecast={
            "year": 2030,
            "value": 18.0,
            "low": 16.0,
            "high": 20.5,
            "from_year": 2024,
            "from_value": 12.5,
        },
        description="Mittari 2022–2024",
    )
    assert "title" not in spec  # the page's figcaption names it
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["line", "point", "area", "line", "rule", "text", "point"]
    band = spec["layer"][2]["data"]["values"]
    # The forecast starts at the latest value and ends in its interval at the target year.
    assert band == [
        {"period": "2024", "low": 12.5, "high": 12.5, "value": 12.5},
        {"period": "2030", "low": 16.0, "high": 20.5, "value": 18.0},
    ]
    assert spec["layer"][3]["mark"]["strokeDash"] == [4, 3]
    diamonds = spec["layer"][6]
    assert diamonds["data"]["values"] == [
        {"period": "2030", "value": 20.0, "label": "tavoite"},
        {"period": "2027", "value": 15.0, "label": "välitavoite"},
    ]
    assert diamonds["encoding"]["color"]["scale"]["domain"] == ["tavoite", "välitavoite"]
    assert diamonds["encoding"]["color"]["scale"]["range"][0] == TARGET_COLOUR
    # Shape as well as colour tells them apart.
    assert diamonds["encoding"]["shape"]["scale"] == {
        "domain": ["tavoite", "välitavoite"],
        "range": ["diamond", "square"],
    }
    # The reader's words in the tooltips, one number format everywhere.
    tooltip = spec["layer"][1]["encoding"]["tooltip"]
    assert tooltip[0]["title"] == "kausi"
    assert tooltip[1] == {
        "field": "value",
        "type": "quantitative",
        "title": "%",
        "format": NUMBER_FORMAT,
    }
    assert diamonds["encoding"]["tooltip"][2]["format"] == NUMBER_FORMAT
    json.dumps(spec)


def test_milestones_without_a_target_year_have_a_legend_of_their_own():
    spec = time_series_spec(
        [{"period": "2022", "value": 1}],
        target={"value": 3, "label": "Target: 3"},
        milestones=[{"year": 2025, "value": 2}],
    )
    diamonds = spec["layer"][-1]
    assert diamonds["data"]["values"] == [{"period": "2025", "value": 2.0, "label": "milestone"}]
    assert diamonds["encoding"]["color"]["scale"]["domain"] == ["milestone"]
    # No forecast without a forecast value.
    spec = time_series_spec(
        [{"period": "2022", "value": 1}],
        forecast={"year": 2030, "value": None, "low": None, "high": None},
    )
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point"]


def test_peer_bars_mark_the_area_itself_and_share_the_number_format():
    from mittaristo.web.charts.specs import (
        LINE_COLOUR,
        NUMBER_FORMAT,
        TARGET_COLOUR,
        Words,
        peers_spec,
    )

    spec = peers_spec(
        [{"name": "Kunta 098", "value": Decimal("7000")}, {"name": "Heinola", "value": "6230"}],
        highlight="Heinola",
        words=Words(value="arvo"),
        description="Heinola and its peers in 2023",
    )
    assert spec["description"] == "Heinola and its peers in 2023"
    assert spec["data"]["values"] == [
        {"name": "Kunta 098", "value": 7000.0, "own": False},
        {"name": "Heinola", "value": 6230.0, "own": True},
    ]
    assert spec["encoding"]["x"]["title"] == "arvo"  # no unit: the word for a value
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["color"]["scale"]["range"] == [TARGET_COLOUR, LINE_COLOUR]
    assert spec["encoding"]["tooltip"][1]["format"] == NUMBER_FORMAT
    assert spec["config"] == time_series_spec([], title="T")["config"]


def test_the_specifications_are_built_without_django():
    import subprocess
    import sys

    code = (
        "import sys; import mittaristo.web.charts.specs as s; "
        "s.time_series_spec([{'period': '2022', 'value': 1}]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
