"""The mid-term evaluation's content and sheets: from the record, numbers as numbers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.reports import midterm
from mittaristo.reviews.services import round_open
from mittaristo.strategy.models import Strategy, Target
from mittaristo.strategy.services import Decision, TargetEdit, target_change

pytestmark = pytest.mark.django_db


def test_the_sheets_of_the_demo_hold_every_row_with_numbers_as_numbers(demo_db):
    strategy = Strategy.objects.current()
    content = midterm.content(strategy, lang="en")
    (name, header, rows), proposals, refinements = midterm.sheets(content)
    assert name == "Indicators" and len(rows) == len(content.rows) > 15
    assert all(len(row) == len(header) for row in rows)
    jobs = next(row for row in rows if row[2] == "tyopaikat")
    by = dict(zip(header, jobs, strict=True))
    assert (by["Base year"], by["Baseline"], by["Now"], by["Target"]) == (
        2019,
        Decimal(6199),
        Decimal(6230),
        Decimal(6400),
    )
    assert by["Latest period"] == "2023" and by["Status"] == "off track"
    record = content.record.indicators["tyopaikat"]
    assert by["Pace observed ÷ needed"] == Decimal(f"{record.ratio:.6g}")
    assert by["Forecast"] == Decimal(f"{record.forecast.value:.6g}")
    numbers = {"Base year", "Baseline", "Now", "Target", "Forecast", "Forecast year"}
    for row in rows:
        for column, cell in zip(header, row, strict=True):
            if column in numbers:
                assert cell is None or isinstance(cell, int | Decimal), (column, cell)
    assert proposals[0] == "Proposals"
    assert [r[0] for r in proposals[2]] == [p.code for p in content.proposals]
    assert refinements[2] == []  # the demo has decided no refinement


def test_in_finnish_and_swedish_the_names_are_the_strategys(demo_db):
    strategy = Strategy.objects.current()
    for lang in ("fi", "sv"):
        content = midterm.content(strategy, lang=lang)
        jobs = next(r for r in content.rows if r.code == "tyopaikat")
        assert jobs.name == str(content.record.indicators["tyopaikat"].name.get(lang))


def test_a_refinement_for_an_open_round_and_its_sheet(minimal_strategy, strategy_lead):
    indicator = minimal_strategy.indicators.get(code="mittari")
    area = minimal_strategy.organisation.get_or_create_area()
    observations_upsert(
        rows=[
            ObservationRow(indicator.pk, area.pk, parse_period(p), Decimal(v))
            for p, v in {"2021": "6000", "2024": "5900"}.items()
        ],
        source_kind="manual",
        when=timezone.make_aware(dt.datetime(2025, 2, 1)),
    )
    review = round_open(
        strategy=minimal_strategy, name="Väliarviointi", as_of=dt.date(2025, 3, 31), user=None
    )
    target_change(
        target=Target.objects.get(),
        edit=TargetEdit(year=2030, value=Decimal(6100), value_high=None, milestones={}),
        decision=Decision(dt.date(2025, 5, 20), "Väliarviointi", "Kv 20.5.2025 § 30"),
        user=strategy_lead,
    )
    content = midterm.content(minimal_strategy, round=review, lang="en")
    assert content.round == "Väliarviointi" and content.date == dt.date(2025, 3, 31)
    (proposal,) = content.proposals
    assert (proposal.code, proposal.reason, proposal.decisions) == (
        "mittari",
        "moving_away",
        ["Kv 20.5.2025 § 30"],
    )
    assert content.rows[0].target == Decimal(6200)  # as it stood on the round's date
    _indicators, _proposals, (_name, header, rows) = midterm.sheets(content)
    assert rows and rows[0][:3] == ["Kv 20.5.2025 § 30", dt.date(2025, 5, 20), "Väliarviointi"]
    assert ["6,200", "6,100"] in [row[5:7] for row in rows]


def test_in_a_document_the_decision_cells_are_left_empty(minimal_strategy):
    Target.objects.all().delete()  # proposed: without a target
    content = midterm.content(minimal_strategy, lang="en")
    page = render_to_string("reports/_midterm_body.html", {"mt": content})
    document = render_to_string("reports/_midterm_body.html", {"mt": content, "document": True})
    assert '<td class="decision"><span class="undecided">not yet decided</span></td>' in page
    assert '<td class="decision"></td>' in document and "not yet decided" not in document
    assert "<form" not in document and "<nav" not in document


def store(strategy, values: dict[str, str]) -> None:
    indicator = strategy.indicators.get(code="mittari")
    area = strategy.organisation.get_or_create_area()
    observations_upsert(
        rows=[
            ObservationRow(indicator.pk, area.pk, parse_period(p), Decimal(v))
            for p, v in values.items()
        ],
        source_kind="manual",
    )


def test_without_a_value_of_the_base_year_the_baseline_is_the_targets_stated_one(
    minimal_strategy,
):
    """minimal.yaml's target states the baseline 6 000 of 2021; the values start in 2022."""
    store(minimal_strategy, {"2022": "6020", "2024": "6060"})
    content = midterm.content(minimal_strategy, lang="en")
    target = content.record.indicators["mittari"].target
    assert (target.baseline_year, target.baseline_value) == (2021, Decimal(6000))
    (row,) = content.rows
    assert (row.base_year, row.baseline_period, row.baseline, row.baseline_stated) == (
        2021,
        "2021",
        Decimal(6000),
        True,
    )
    body = render_to_string("reports/_midterm_body.html", {"mt": content, "document": True})
    assert "2021: 6,000 (stated with the target)" in body
    (_name, header, rows), *_rest = midterm.sheets(content)
    by = dict(zip(header, rows[0], strict=True))
    assert (by["Baseline"], by["Baseline from"]) == (Decimal(6000), "stated with the target")
    # Once the figures have the base year, the baseline is theirs.
    store(minimal_strategy, {"2021": "5990"})
    (row,) = midterm.content(minimal_strategy, lang="en").rows
    assert (row.baseline, row.baseline_stated) == (Decimal(5990), False)
    body = render_to_string(
        "reports/_midterm_body.html", {"mt": midterm.content(minimal_strategy, lang="en")}
    )
    assert "2021: 5,990" in body and "(stated with the target)" not in body
