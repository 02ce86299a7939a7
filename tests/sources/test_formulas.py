"""Formulas over series (hand-computed) and bindings read from the strategy file's shape."""

import json
from decimal import Decimal

import httpx
import pytest

from mittaristo.sources import formulas
from mittaristo.sources.fetching import Clients, fetch_binding
from mittaristo.sources.http import Client
from mittaristo.strategy.bindings import BindingError, Formula, read_binding

H, L = ("municipality", "111"), ("municipality", "398")


def test_per_resident():
    # Group loans 45,000,000 € / 18,131 residents: 18,131 × 2,481 = 44,983,011, and the
    # remaining 16,989 / 18,131 = 0.9370140... so 2,481.937014 €/resident (6 places).
    values = {(H, "2022"): Decimal("45000000"), (L, "2022"): Decimal("100")}
    population = {(H, "2022"): Decimal("18131"), (L, "2022"): Decimal("0")}
    assert formulas.per_resident(values, population) == {(H, "2022"): Decimal("2481.937014")}


def test_sum_over_age_groups_needs_every_group():
    items = [
        ((H, "2023"), Decimal("12")),  # 15-19
        ((H, "2023"), Decimal("-30")),  # 20-24
        ((H, "2023"), Decimal("7")),  # 25-64
        ((L, "2023"), Decimal("5")),
        ((L, "2023"), None),  # a confidential cell: no sum rather than a wrong one
        ((L, "2023"), Decimal("1")),
        ((H, "2024"), Decimal("3")),  # only one group of three arrived
    ]
    assert formulas.sum_over(items, expected=3) == {(H, "2023"): Decimal("-11")}


def test_ratio_as_percentage():
    # Annual margin 8.2 M€ ÷ net investments 12.5 M€ = 65.6 %.
    numerator = {(H, "2023"): Decimal("8200000"), (H, "2024"): Decimal("1")}
    denominator = {(H, "2023"): Decimal("12500000"), (H, "2024"): Decimal("0")}
    assert formulas.ratio(numerator, denominator, percent=True) == {(H, "2023"): Decimal("65.6")}
    assert formulas.ratio({(H, "1"): Decimal(1)}, {(H, "1"): Decimal(3)}) == {
        (H, "1"): Decimal("0.333333")
    }


def test_scale():
    assert formulas.scaled({(H, "2023"): Decimal("-81234")}, Decimal("0.001")) == {
        (H, "2023"): Decimal("-81.234")
    }


def test_bindings_read_and_refused():
    binding = read_binding(
        {
            "formula": "per_resident",
            "of": {"source": "kuntien_avainluvut", "table": "a.px", "contents": "M496"},
        }
    )
    assert isinstance(binding.root, Formula)
    assert [q.ref for q in binding.queries()] == ["kuntien_avainluvut:a.px", "sotkanet:127"]
    assert read_binding({}) is None
    for raw, message in [
        ({"source": "nowhere"}, "unknown source"),
        ({"source": "statfin", "table": "11re", "contents": ["x"]}, "ending in .px"),
        ({"source": "statfin", "table": "11re.px"}, "content code"),
        (
            {"source": "statfin", "table": "11re.px", "contents": ["x"], "sum": "Ikä"},
            "must also be in 'select'",
        ),
        ({"source": "sotkanet", "indicator": "127"}, "indicator id"),
        (
            {"formula": "ratio", "numerator": {"source": "sotkanet", "indicator": 1}},
            "needs 'denominator'",
        ),
        ({"formula": "median"}, "unknown formula"),
        ({"source": "sotkanet", "indicator": 1, "colour": "red"}, "unknown keys"),
    ]:
        with pytest.raises(BindingError, match=message):
            read_binding(raw)


def test_age_group_sum_and_per_resident_through_the_sources(recorded_data):
    """Σ ages 20–64 of the old-format 11rc answer, and the three cities per Sotkanet 127 value."""
    answer = json.loads(
        (recorded_data / "statfin" / "pxwebpy_response_fi_11rc_v1.json").read_text()
    )
    ages = ["20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64"]
    meta = {
        "variables": [
            {"code": "Alue", "text": "Alue", "values": ["SSS"], "valueTexts": ["Koko maa"]},
            {
                "code": "Vuosi",
                "text": "Vuosi",
                "values": ["2020", "2021", "2022"],
                "valueTexts": ["2020", "2021", "2022"],
                "time": True,
            },
            {
                "code": "Sukupuoli",
                "text": "Sukupuoli",
                "values": ["SSS", "1", "2"],
                "valueTexts": ["Yhteensä", "Miehet", "Naiset"],
            },
            {
                "code": "Ikä",
                "text": "Ikä",
                "values": ages + ["65-69"],
                "valueTexts": ages + ["65-69"],
            },
            {
                "code": "Tiedot",
                "text": "Tiedot",
                "values": ["vaesto"],
                "valueTexts": ["Väestö 31.12."],
            },
        ]
    }
    # The recorded answer has no area dimension (the whole country): add one of size 1.
    answer = dict(answer, id=["Alue", *answer["id"]], size=[1, *answer["size"]])
    answer["dimension"] = dict(
        answer["dimension"],
        Alue={"label": "Alue", "category": {"index": {"SSS": 0}, "label": {"SSS": "Koko maa"}}},
    )
    answer["role"] = dict(answer["role"], geo=["Alue"])
    # Keep only the totals of both sexes (the first third of each year's block).
    keep = [i for i in range(90) if (i // 10) % 3 == 0 and i % 10 < 9]
    answer["value"] = [answer["value"][i] for i in keep]
    answer["size"] = [1, 3, 1, 9, 1]
    answer["dimension"]["Sukupuoli"] = {
        "category": {"index": {"SSS": 0}, "label": {"SSS": "Yhteensä"}}
    }
    answer["dimension"]["Ikä"] = {"category": {"index": {a: i for i, a in enumerate(ages)}}}

    def handler(request):
        return httpx.Response(200, json=meta if request.method == "GET" else answer)

    client = Client(transport=httpx.MockTransport(handler))
    binding = read_binding(
        {
            "source": "statfin",
            "table": "11rc.px",
            "contents": ["vaesto"],
            "select": {"Sukupuoli": ["SSS"], "Ikä": ages},
            "sum": "Ikä",
        }
    )
    result = fetch_binding(binding, clients=Clients(pxweb=client, sotkanet=client))
    # 2020: 308,410 + 352,990 + 355,067 + 363,694 + 348,531 + 317,890 + 347,146 + 367,783
    # + 357,251 = 3,118,762 people aged 20–64.
    assert result.values[(("country", "SSS"), "2020")] == Decimal("3118762")
    assert result.updated == "2023-03-31T05:00:00Z"


def test_a_binding_carries_its_publication_date():
    from mittaristo.evaluation.age import Release

    jobs = {"source": "statfin", "table": "115k.px", "contents": ["tyolliset3"]}
    binding = read_binding({**jobs, "release": {"day": 16, "month": 2, "years_after": 2}})
    assert binding.release == Release(month=2, day=16, years_after=2, publisher="statfin")
    assert [q.ref for q in binding.queries()] == ["statfin:115k.px"]  # not part of the query
    assert read_binding({**jobs, "release": {"day": 17, "month": 5}}).release.years_after == 1
    assert read_binding(jobs).release is None
    ratio = {"formula": "ratio", "numerator": jobs, "denominator": jobs}
    assert read_binding({**ratio, "release": {"day": 1, "month": 6}}).release.publisher == "statfin"
    for release, message in [
        ("30.4.", "must be a mapping"),
        ({"month": 4}, "needs 'day'"),
        ({"day": 30, "month": 4, "year": 1}, "unknown keys"),
        ({"day": "30", "month": 4}, "release.day: must be a whole number"),
        ({"day": 30, "month": 13}, "release.month: must be 1–12"),
        ({"day": 29, "month": 2}, "29.2. is not a date in every year"),
        ({"day": 30, "month": 4, "years_after": 0}, "release.years_after: must be 1–3"),
    ]:
        with pytest.raises(BindingError, match=message):
            read_binding({**jobs, "release": release})
    with pytest.raises(BindingError, match="unknown keys"):  # only on the binding, not a part
        read_binding({**ratio, "numerator": {**jobs, "release": {"day": 1, "month": 6}}})
