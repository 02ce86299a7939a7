"""A round's results from the database: figures, anonymity rules, comparison, fixed queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mittaristo.evaluation import surveys as stats
from mittaristo.surveys.results import FEW_ANSWERS, RECOVERABLE, Text, round_results

pytestmark = pytest.mark.django_db

# unit, likert, scale, benefits: 7 in unit a, 6 in b, 2 in c
AUTUMN = (
    [("a", 5, 10, ["liikunta"])] * 4
    + [("a", 4, 9, ["liikunta", "lounas"])] * 3
    + [("b", 3, 6, ["lounas"])] * 3
    + [("b", 2, 8, [])] * 3
    + [("c", 1, 0, ["liikunta"])] * 2
)
SPRING = [("a", 1, 3, ["lounas"])] * 5 + [("b", 2, 5, ["lounas"])] * 5


def fill(survey, survey_round, rows):
    for unit, likert, scale, benefits in rows:
        survey.answer(survey_round, unit=unit, likert=likert, scale=scale, benefits=benefits)


def by_code(result):
    return {q.question.code: q for q in result.questions}


def test_figures_match_the_statistics(survey):
    fill(survey, survey.autumn, AUTUMN)
    result = round_results(survey.autumn)
    assert result.responses == 15 and result.response_rate == 15 / 40
    likert = by_code(result)["tyytyvaisyys"]
    values = [row[1] for row in AUTUMN]
    assert likert.n == 15 and likert.response_rate == 15 / 40
    assert likert.figures.mean == stats.mean(values)
    assert [(s.key, s.count) for s in likert.distribution] == [
        (1, 2),
        (2, 3),
        (3, 3),
        (4, 3),
        (5, 4),
    ]
    mean, agree, nps = likert.bindings + by_code(result)["suosittelu"].bindings
    assert mean.estimate == stats.mean(values)
    assert agree.estimate == stats.share_at_least(values, 4)
    assert nps.estimate == stats.nps([row[2] for row in AUTUMN])
    assert str(mean.value) == "3.27" and str(agree.value) == "46.7"  # 49/15, 7/15


def test_a_multiple_choice_share_is_of_those_who_chose_anything(survey):
    fill(survey, survey.autumn, AUTUMN)
    benefits = by_code(round_results(survey.autumn))["edut"]
    assert benefits.n == 12  # three chose nothing
    shares = {s.key: s.estimate for s in benefits.figures.shares}
    assert shares["liikunta"] == stats.share_of_choice(9, 12)
    assert shares["lounas"] == stats.share_of_choice(6, 12)


def test_a_breakdown_hides_the_small_group_and_the_next_smallest(survey):
    fill(survey, survey.autumn, AUTUMN)
    likert = by_code(round_results(survey.autumn))["tyytyvaisyys"]
    (breakdown,) = likert.breakdowns
    groups = {g.key: g for g in breakdown.groups}
    assert groups["c"].hidden == FEW_ANSWERS and groups["c"].n is None
    assert groups["b"].hidden == RECOVERABLE and groups["b"].figures is None
    assert groups["a"].n == 7 and groups["a"].figures.mean == stats.mean([5] * 4 + [4] * 3)


def test_the_background_questions_own_counts_are_suppressed_alike(survey):
    fill(survey, survey.autumn, AUTUMN)
    unit = by_code(round_results(survey.autumn))["yksikko"]
    assert [(s.key, s.count, s.hidden) for s in unit.distribution] == [
        ("a", 7, ""),
        ("b", None, RECOVERABLE),
        ("c", None, FEW_ANSWERS),
    ]
    assert not unit.breakdowns  # not broken down by itself


def test_a_question_with_too_few_answers_shows_nothing(survey):
    fill(survey, survey.autumn, AUTUMN)
    for _ in range(4):
        survey.answer(survey.autumn, age=40)
    age = by_code(round_results(survey.autumn))["ika"]
    assert age.n == 4 and age.hidden == FEW_ANSWERS and age.figures is None
    assert age.distribution == [] and age.breakdowns == []


def test_bindings_of_a_hidden_question_have_no_value(survey):
    fill(survey, survey.autumn, AUTUMN[:4])
    likert = by_code(round_results(survey.autumn))["tyytyvaisyys"]
    assert likert.hidden == FEW_ANSWERS
    assert [b.value for b in likert.bindings] == [None, None]


def test_comparison_with_the_previous_round(survey):
    fill(survey, survey.spring, SPRING)
    fill(survey, survey.autumn, AUTUMN)
    result = round_results(survey.autumn)
    assert result.previous == survey.spring
    likert = by_code(result)["tyytyvaisyys"]
    earlier, now = [row[1] for row in SPRING], [row[1] for row in AUTUMN]
    assert likert.mean_comparison == stats.welch(earlier, now)
    assert likert.mean_comparison.change == stats.Change.LARGER
    agree = likert.bindings[1].comparison
    assert agree == stats.newcombe((0, 10), (7, 15))
    lunch = {s.key: s for s in by_code(result)["edut"].figures.shares}["lounas"]
    assert lunch.comparison == stats.newcombe((10, 10), (6, 12))


def test_no_comparison_when_the_previous_round_had_too_few(survey):
    fill(survey, survey.spring, SPRING[:3])
    fill(survey, survey.autumn, AUTUMN)
    likert = by_code(round_results(survey.autumn))["tyytyvaisyys"]
    assert likert.mean_comparison is None and likert.bindings[0].comparison is None


def test_open_texts_only_approved_and_only_with_enough_responses(survey):
    fill(survey, survey.autumn, AUTUMN[:3])
    survey.answer(survey.autumn, text="Hyvä", moderation="approved")
    survey.answer(survey.autumn, text="Nimi Niminen on huono", moderation="rejected")
    survey.answer(survey.autumn, text="Odottaa", moderation="pending")
    texts = by_code(round_results(survey.autumn))["palaute"]
    assert texts.texts == [Text("Hyvä", "fi")] and texts.pending == 1  # 6 responses, 5 minimum
    assert by_code(round_results(survey.autumn, min_group=7))["palaute"].texts == []
    assert by_code(round_results(survey.autumn, min_group=6))["palaute"].texts[0].text == "Hyvä"


def test_the_queries_do_not_grow_with_the_answers(survey):
    fill(survey, survey.spring, SPRING)
    fill(survey, survey.autumn, AUTUMN[:6])
    with CaptureQueriesContext(connection) as few:
        round_results(survey.autumn)
    fill(survey, survey.autumn, AUTUMN)
    with CaptureQueriesContext(connection) as many:
        round_results(survey.autumn)
    assert len(few) == len(many) <= 8


def test_a_background_group_hidden_now_or_then_shows_no_share_nor_change(survey):
    # spring: a 8, b 5, c 2 (c hidden, and b with it); autumn: a 7, b 6, c 2 likewise
    fill(survey, survey.spring, SPRING + [("a", 1, 3, [])] * 3 + [("c", 1, 3, [])] * 2)
    fill(survey, survey.autumn, AUTUMN)
    unit = by_code(round_results(survey.autumn))["yksikko"]
    shares = {s.key: s for s in unit.figures.shares}
    assert shares["c"].estimate is None and shares["c"].comparison is None
    assert shares["b"].estimate is None and shares["b"].hidden == RECOVERABLE
    assert shares["a"].estimate is not None and shares["a"].comparison is not None


def test_a_group_hidden_in_the_previous_round_only_is_not_compared(survey):
    fill(survey, survey.spring, [("a", 1, 3, [])] * 10 + [("c", 1, 3, [])] * 2)
    fill(survey, survey.autumn, [("a", 4, 9, [])] * 10 + [("c", 4, 9, [])] * 6)
    unit = by_code(round_results(survey.autumn))["yksikko"]
    shares = {s.key: s for s in unit.figures.shares}
    assert shares["c"].estimate is not None and shares["c"].comparison is None
    assert shares["a"].comparison is None  # hidden then as the next smallest
