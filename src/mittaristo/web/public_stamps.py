"""The public front page's stamp follows every change to what it shows that can change.

A first visit's front page is kept by each process per organisation and public stamp
(public_views.py, strategy/known.py). It shows the published review rounds and invites to the
open survey rounds, so every save or delete of a review round, a survey or a survey round
renews its organisation's stamp, in whatever way it is made: the services, the admin, a file,
a shell. (A `QuerySet.update` sends no signal: the page then shows it within PUBLIC_SECONDS.)
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.known import public_pages_changed
from mittaristo.strategy.models import Strategy
from mittaristo.surveys.models import Survey, SurveyRound


def _changed_under(parent, pk) -> None:
    """Renew the public stamp of the organisation of `parent` `pk` (a strategy, a survey)."""
    found = parent.objects.filter(pk=pk).values_list("organisation_id", flat=True).first()
    if found is not None:
        public_pages_changed(found)


@receiver([post_save, post_delete], sender=ReviewRound)
def review_round_changed(sender, instance, **kwargs):
    _changed_under(Strategy, instance.strategy_id)


@receiver([post_save, post_delete], sender=Survey)
def survey_changed(sender, instance, **kwargs):
    public_pages_changed(instance.organisation_id)


@receiver([post_save, post_delete], sender=SurveyRound)
def survey_round_changed(sender, instance, **kwargs):
    _changed_under(Survey, instance.survey_id)
