"""The pure cascade tree and timeline, on plain objects with hand-chosen fields."""

import datetime as dt
from types import SimpleNamespace as NS

from mittaristo.web.cascade import cascade_tree, plan_matches
from mittaristo.web.timeline import timeline

BUDGET = NS(pk=1, level=2, order=0, start_year=2024, end_year=2024, owner_unit={"fi": "Talous"})
PROGRAMME = NS(pk=2, level=1, order=5, start_year=2023, end_year=2025, owner_unit={})
OPERATING = NS(pk=3, level=3, order=0, start_year=2024, end_year=2024, owner_unit={"en": "Urban"})


def goal(pk, plan, serves, parent=None, order=0):
    return NS(pk=pk, plan=plan, serves_id=serves, parent_goal_id=parent, order=order)


def test_children_nest_under_their_parent_goal_and_levels_come_in_order():
    items = [
        goal(30, OPERATING, serves=7, parent=10),
        goal(10, BUDGET, serves=7),
        goal(20, PROGRAMME, serves=7),
        goal(11, BUDGET, serves=8),
    ]
    tree = cascade_tree(items)
    assert [n.item.pk for n in tree[7]] == [20, 10]  # the programme (level 1) before the budget
    assert [n.item.pk for n in tree[7][1].children] == [30]
    assert [n.item.pk for n in tree[8]] == [11]


def test_a_goal_whose_parent_is_filtered_out_stands_under_its_strategy_goal():
    tree = cascade_tree([goal(30, OPERATING, serves=7, parent=10)])
    assert [n.item.pk for n in tree[7]] == [30] and tree[7][0].children == []


def test_plan_matches_year_and_unit_in_any_language():
    assert plan_matches(PROGRAMME, year=2023) and not plan_matches(BUDGET, year=2023)
    assert plan_matches(BUDGET, year=2024, unit=" talous ")
    assert plan_matches(OPERATING, unit="urb") and not plan_matches(OPERATING, unit="talous")
    assert not plan_matches(PROGRAMME, unit="x")  # no unit named: no match for a unit filter


def test_timeline_merges_in_date_order_and_keeps_undated_apart():
    d = dt.date
    events = [
        NS(start=d(2022, 5, 16), end=None, name="seminar"),
        NS(start=None, end=None, name="survey"),
        NS(start=d(2022, 3, 7), end=d(2022, 3, 8), name="school"),
    ]
    approvals = [NS(date=d(2022, 5, 16), body="council"), NS(date=d(2022, 5, 9), body="board")]
    dated, undated = timeline(events, approvals)
    assert [getattr(e.item, "name", None) or e.item.body for e in dated] == [
        "school",
        "board",
        "seminar",  # an event on the day of a decision comes before it
        "council",
    ]
    assert [e.item.name for e in undated] == ["survey"]
