"""The demo's published review round: example assessments, labelled as example data."""

from django.utils import timezone, translation

from mittaristo.monitoring.labels import LABELS
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.services import (
    assessment_approve,
    assessment_save,
    assessment_submit,
    round_open,
    round_publish,
)

DEMO_ROUND = "Esimerkkikierros: Tilinpäätös 2025"


def demo_round(strategy, *, owner, lead) -> ReviewRound:
    """Open, assess, approve and publish one round, once (loading again changes nothing)."""
    existing = ReviewRound.objects.filter(strategy=strategy, name=DEMO_ROUND).first()
    if existing is not None:
        return existing
    review = round_open(
        strategy=strategy,
        name=DEMO_ROUND,
        kind=ReviewRound.Kind.FINANCIAL_STATEMENT,
        as_of=timezone.localdate(),
        user=lead,
        is_example=True,
    )
    for assessment in review.assessments.select_related("goal"):
        author = assessment.goal.owner or lead
        with translation.override("fi"):
            status = str(LABELS[assessment.computed_status])
        assessment_save(
            assessment=assessment,
            user=author,
            commentary=(
                f"Esimerkkiarvio, ei kaupungin kirjoittama. Laskettu tilanne: {status}. "
                "Omistaja kirjoittaa tähän, mitä luvut kertovat ja mitä on tehty."
            ),
            next_steps="Esimerkki: seuraavat toimet kirjataan tähän.",
        )
        assessment_submit(assessment=assessment, user=author)
        assessment_approve(assessment=assessment, user=lead)
    return round_publish(review=review, user=lead)
