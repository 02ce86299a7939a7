"""A review round from opening to publication, and every rule on the way."""

import datetime as dt
import json

import pytest

from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.reviews.services import (
    ReviewError,
    assessment_approve,
    assessment_return,
    assessment_save,
    assessment_submit,
    round_open,
    round_publish,
    round_waiting,
)

from ..monitoring.test_evaluate import moment, store

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(django_user_model):
    return django_user_model.objects.create_user("sari-lead", first_name="Sari", last_name="Lead")


@pytest.fixture
def owner(django_user_model, minimal_strategy):
    user = django_user_model.objects.create_user("omistaja", first_name="Olli", last_name="Owner")
    minimal_strategy.aims.get().goals.update(owner=user)
    return user


@pytest.fixture
def review(minimal_strategy, lead, owner):
    store(minimal_strategy, {"2022": "6030", "2023": "6060"}, when=moment("2024-03-01T12:00"))
    return round_open(
        strategy=minimal_strategy, name="Tilinpäätös 2023", as_of=dt.date(2024, 3, 31), user=lead
    )


def test_opening_makes_an_assessment_per_goal_with_its_computed_status(review):
    assessments = {a.goal.code: a for a in review.assessments.all()}
    assert set(assessments) == {"T1", "T2"}
    assert assessments["T1"].computed_status == "on_track"
    assert assessments["T2"].computed_status == "no_data"
    assert [a.goal.code for a in round_waiting(review)] == ["T1", "T2"]


def test_a_round_name_is_unique_and_needed(review, minimal_strategy, lead):
    for name in ["Tilinpäätös 2023", "  "]:
        with pytest.raises(ReviewError):
            round_open(strategy=minimal_strategy, name=name, as_of=dt.date(2024, 1, 1), user=lead)
    assert ReviewRound.objects.count() == 1


def test_the_whole_flow_to_a_published_snapshot(review, owner, lead):
    t1, t2 = review.assessments.order_by("goal__code")
    # A status other than the computed one needs a justification; nothing is saved without.
    with pytest.raises(ReviewError, match="justification"):
        assessment_save(assessment=t1, user=owner, commentary="Hyvä", status_override="at_risk")
    assert Assessment.objects.get(pk=t1.pk).commentary == ""
    with pytest.raises(ReviewError, match="Write the assessment"):
        assessment_submit(assessment=t1, user=owner)
    assessment_save(
        assessment=t1,
        user=owner,
        commentary="Työpaikat kasvavat.",
        next_steps="Jatketaan.",
        status_override="at_risk",
        justification="Vuoden 2024 ennakkotiedot ovat heikompia.",
    )
    assessment_submit(assessment=t1, user=owner)
    with pytest.raises(ReviewError):  # a submitted assessment is no longer editable
        assessment_save(assessment=t1, user=owner, commentary="Muutos")
    with pytest.raises(ReviewError, match="why"):
        assessment_return(assessment=t1, user=lead, reason=" ")
    assessment_return(assessment=t1, user=lead, reason="Lisää luvut.")
    assessment_save(
        assessment=t1,
        user=owner,
        commentary="Työpaikat: 6 060 vuonna 2023.",
        status_override="at_risk",
        justification="Vuoden 2024 ennakkotiedot ovat heikompia.",
    )
    assessment_submit(assessment=t1, user=owner)
    assessment_approve(assessment=t1, user=lead)
    with pytest.raises(ReviewError, match="not approved"):
        round_publish(review=review, user=lead)
    assert ReviewRound.objects.published().count() == 0
    assessment_save(assessment=t2, user=owner, commentary="Ei mittareita.")
    assessment_submit(assessment=t2, user=owner)
    assessment_approve(assessment=t2, user=lead)
    assert list(round_waiting(review)) == []

    round_publish(review=review, user=lead)
    published = ReviewRound.objects.published().get()
    snap = published.snapshot
    goal = snap["aims"][0]["goals"][0]
    assert (goal["code"], goal["status"], goal["computed_status"]) == ("T1", "at_risk", "on_track")
    assert goal["assessment"]["commentary"] == "Työpaikat: 6 060 vuonna 2023."
    assert goal["assessment"]["overridden"] is True
    mittari = snap["indicators"]["mittari"]
    assert [v["value"] for v in mittari["values"]] == ["6030", "6060"]
    assert mittari["sentence"]["fi"].startswith("Mittari: 6\xa0000 → 6\xa0060 henkeä")
    assert mittari["target"]["value"] == "6200"
    assert mittari["peers"] is None  # no other municipality has values
    # No personal data: neither the owner's nor the lead's name or user name.
    text = json.dumps(snap, ensure_ascii=False)
    for word in ["Olli", "Owner", "omistaja", "Sari", "sari-lead"]:
        assert word not in text
    with pytest.raises(ReviewError, match="already"):
        round_publish(review=review, user=lead)


def test_the_snapshot_is_frozen_when_later_values_arrive(review, owner, lead, minimal_strategy):
    for a in review.assessments.all():
        assessment_save(assessment=a, user=owner, commentary="Arvio.")
        assessment_submit(assessment=a, user=owner)
        assessment_approve(assessment=a, user=lead)
    round_publish(review=review, user=lead)
    before = ReviewRound.objects.get().snapshot
    store(minimal_strategy, {"2023": "5000", "2024": "5100"})
    review.refresh_from_db()
    assert review.snapshot == before
    # Values recorded after the reference date were never in it.
    assert [v["period"] for v in before["indicators"]["mittari"]["values"]] == ["2022", "2023"]
