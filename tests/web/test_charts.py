"""The chart builder: a Vega-Lite specification of a time series with its target."""

import json
from decimal import Decimal

from mittaristo.web.charts import time_series_spec


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
    assert line["encoding"]["x"] == {
        "field": "period",
        "type": "ordinal",
        "title": None,
        "sort": None,
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
