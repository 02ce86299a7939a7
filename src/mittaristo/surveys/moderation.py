"""Open-text answers are shown only once someone has read them: a text may name a person or
say who wrote it. Each awaiting answer is decided once (a conditional update: two moderators
deciding the same answer at once cannot both change it)."""

from .models import Answer


def awaiting(survey_round):
    """The round's open-text answers not yet decided, oldest first."""
    return (
        Answer.objects.filter(
            response__round=survey_round,
            question__kind="text",
            moderation=Answer.Moderation.PENDING,
        )
        .select_related("question", "response")
        .order_by("pk")
    )


def moderation_decide(survey_round, answer_pk: int, decision: str) -> bool:
    """Approve or reject an awaiting answer of this round; False if it was decided already
    (or is not this round's, or the decision is neither)."""
    if decision not in (Answer.Moderation.APPROVED, Answer.Moderation.REJECTED):
        return False
    changed = Answer.objects.filter(
        pk=answer_pk, response__round=survey_round, moderation=Answer.Moderation.PENDING
    ).update(moderation=decision)
    return changed == 1
