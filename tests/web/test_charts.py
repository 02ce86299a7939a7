"""The chart builders: Vega-Lite specifications of a time series and of peers, and their pages."""

import json
from decimal import Decimal

import pytest

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
        frequency="yearly",
        description="Line chart of Mittari",
    )
    assert spec["$schema"].endswith("/vega-lite/v6.json")
    assert spec["title"] == "Mittari: Testikunta"
    assert spec["description"] == "Line chart of Mittari"
    # Oldest first, decimals as plain JSON numbers, each at its year on the time axis. 2022 is
    # missing: the yearly series (spacing one year) breaks there, so 2023 starts a new run.
    assert spec["data"]["values"] == [
        {"period": "2021", "year": 2021, "value": 6000.5, "run": 0},
        {"period": "2023", "year": 2023, "value": 6080.0, "run": 1},
    ]
    line, points, rule, label = spec["layer"]
    assert line["mark"]["type"] == "line"
    assert line["encoding"]["detail"] == {"field": "run", "type": "nominal"}
    # Years at their true distances: a quantitative axis, whole-year ticks written "2024" (d3's
    # "d": no thousands separator, which Finnish would write as "2 024").
    assert line["encoding"]["x"] == {
        "field": "year",
        "type": "quantitative",
        "title": None,
        "scale": {"domain": [2021, 2023], "nice": False, "zero": False, "padding": 16},
        "axis": {
            "format": "d",
            "tickMinStep": 1,
            "labelAngle": 0,
            "grid": False,
            # Fewer ticks on a phone's narrow chart, and labels never drawn on each other.
            "tickCount": {"expr": "max(2, floor(width / 70))"},
            "labelOverlap": "greedy",
            "labelFlush": True,
        },
    }
    assert line["encoding"]["y"]["scale"] == {"zero": False}
    assert line["encoding"]["y"]["title"] == "persons"
    assert points["mark"]["type"] == "point"
    assert rule["mark"]["type"] == "rule" and rule["mark"]["strokeDash"] == [6, 4]
    assert rule["data"]["values"] == [{"target": 6200.0}]
    assert label["mark"]["type"] == "text"
    assert label["data"]["values"] == [{"target": 6200.0, "label": "Target 2030: 6,200"}]
    assert label["mark"]["limit"] == {"expr": "width - 8"}  # cut with "…" at the chart's edge
    json.dumps(spec)  # the page puts it in a json_script


def test_without_a_target_there_is_no_rule_and_missing_values_stay_missing():
    spec = time_series_spec(
        [
            {"period": "2021", "value": 4},
            {"period": "2022", "value": None},
            {"period": "2023", "value": 5},
            {"period": "2024", "value": 6},
        ],
        title="T",
        unit="",
    )
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point"]
    # A period stored without a value is left out, and the line breaks there: 2021 alone
    # (its point only), 2023–2024 joined.
    assert [(r["period"], r["run"]) for r in spec["data"]["values"]] == [
        ("2021", 0),
        ("2023", 1),
        ("2024", 1),
    ]
    assert spec["layer"][0]["encoding"]["y"]["title"] is None
    assert spec["description"] == "T"


def test_years_keep_their_true_distances_and_the_domain_reaches_the_target_year():
    from mittaristo.web.charts.specs import Words

    spec = time_series_spec(
        [{"period": str(y), "value": v} for y, v in [(2021, 7), (2022, 8), (2024, 9)]],
        words=Words(milestone="m", target="t"),
        target={"year": 2030, "value": 12, "label": "T"},
        milestones=[{"year": 2026, "value": 10}],
        frequency="yearly",
    )
    x = spec["layer"][0]["encoding"]["x"]
    assert x["type"] in ("quantitative", "temporal")  # never ordinal or nominal
    assert x["scale"]["domain"] == [2021, 2030]  # the target year is inside the scale
    # The marks carry their year as a number, so the scale places them: 2026 is
    # (2026 − 2024) / (2030 − 2024) = 1/3 of the way from the latest value to the target.
    marks = {m["label"]: m["year"] for m in spec["layer"][-1]["data"]["values"]}
    assert marks == {"t": 2030, "m": 2026}
    assert (marks["m"] - 2024) / (marks["t"] - 2024) == pytest.approx(1 / 3)
    # 2023 is missing from a yearly series: 2024 stands apart from 2021–2022.
    assert [r["run"] for r in spec["data"]["values"]] == [0, 0, 1]


def test_a_series_without_a_fixed_frequency_breaks_where_its_own_spacing_does():
    # A survey every other year: 2017, 2019, 2021 are joined (spacing 2 years, the shortest
    # step); 2025 follows after 4 > 1.5 × 2 years, so the missing 2023 round leaves a gap.
    rows = [{"period": str(y), "value": 1} for y in (2017, 2019, 2021, 2025)]
    spec = time_series_spec(rows, frequency="survey_round")
    assert [r["run"] for r in spec["data"]["values"]] == [0, 0, 0, 1]
    # The same years of a yearly series: every step of two years is a gap.
    spec = time_series_spec(rows, frequency="yearly")
    assert [r["run"] for r in spec["data"]["values"]] == [0, 1, 2, 3]


def test_periods_within_a_year_sit_at_their_start():
    rows = [{"period": p, "value": 1} for p in ("2024Q4", "2024Q1", "2024H2", "2024M03")]
    spec = time_series_spec(rows, frequency="quarterly")
    # Q1 → 2024 + 0/12, March → 2024 + 2/12, H2 (July) → 2024 + 6/12, Q4 (October) → + 9/12.
    positions = [(r["period"], r["year"]) for r in spec["data"]["values"]]
    assert positions == [
        ("2024Q1", 2024),
        ("2024M03", pytest.approx(2024 + 2 / 12)),
        ("2024H2", 2024.5),
        ("2024Q4", 2024.75),
    ]
    # Only a value's year: half a year either side, so the one tick (2024) is in the middle.
    spec = time_series_spec([{"period": "2024", "value": 1}])
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2023.5, 2024.5]


def test_a_forecast_without_an_interval_is_a_line_without_a_band():
    spec = time_series_spec(
        [{"period": "2023", "value": 1}, {"period": "2024", "value": 2}],
        forecast={
            "year": 2028,
            "value": 3,
            "low": None,
            "high": None,
            "from_year": 2024,
            "from_value": 2,
        },
    )
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point", "line"]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2023, 2028]


def test_an_indicator_without_values_has_a_sentence_instead_of_a_chart(
    client, viewer, minimal_strategy
):
    client.force_login(viewer)
    html = client.get("/app/mittarit/mittari/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html[html.index('id="chart-heading"') : html.index('id="data-heading"')]
    assert (
        '<p class="no-chart">No values yet: the chart is drawn once there is a value.</p>'
        in section
    )
    assert "<figure" not in section and "chart-spec" not in section


def test_the_entry_page_embeds_the_chart_for_the_browser(client, steward, minimal_strategy):
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert

    indicator = minimal_strategy.indicators.get(code="mittari")
    area = minimal_strategy.organisation.get_or_create_area()
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
        {"period": "2024", "year": 2024, "low": 12.5, "high": 12.5, "value": 12.5},
        {"period": "2030", "year": 2030, "low": 16.0, "high": 20.5, "value": 18.0},
    ]
    # Every layer on the one time scale, which reaches from the first value to the target year.
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2022, 2030]
    assert {
        layer["encoding"]["x"]["field"]
        for layer in spec["layer"]
        if "x" in layer["encoding"] and "field" in layer["encoding"]["x"]
    } == {"year"}
    assert spec["layer"][3]["mark"]["strokeDash"] == [4, 3]
    diamonds = spec["layer"][6]
    assert diamonds["data"]["values"] == [
        {"period": "2030", "year": 2030, "value": 20.0, "label": "tavoite"},
        {"period": "2027", "year": 2027, "value": 15.0, "label": "välitavoite"},
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
    assert diamonds["data"]["values"] == [
        {"period": "2025", "year": 2025, "value": 2.0, "label": "milestone"}
    ]
    assert diamonds["encoding"]["color"]["scale"]["domain"] == ["milestone"]
    # The legend below the chart: on a phone, one beside it would take a quarter of the width.
    assert diamonds["encoding"]["color"]["legend"] == {"orient": "bottom"}
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
    # A long name ends in "…" so that the bars keep room on a phone (the table has it whole).
    assert spec["encoding"]["y"]["axis"] == {"labelLimit": 120}
    assert spec["encoding"]["x"]["axis"]["labelOverlap"] == "greedy"
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


def test_the_public_page_of_an_indicator_without_values_draws_no_chart(client, demo_db):
    # the demo's published round: unemployment (a context series) has no values
    html = client.get("/mittarit/tyottomyysaste/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    section = html[html.index('id="chart-heading"') : html.index('id="data-heading"')]
    assert (
        '<p class="no-chart">Arvoja ei vielä ole: kaavio piirretään, kun ensimmäinen arvo on '
        "saatu.</p>"
    ) in section
    assert "<figure" not in section and "chart-spec" not in section
    # An indicator with values keeps its chart, on the time scale.
    html = client.get("/mittarit/tyopaikat/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    spec = json.loads(
        html.split('<script id="chart-spec" type="application/json">')[1].split("</script>")[0]
    )
    assert spec["layer"][0]["encoding"]["x"]["type"] == "quantitative"
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2019, 2030]
