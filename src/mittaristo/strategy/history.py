"""Revisions: what simple-history records beyond its own fields.

Every strategy model keeps its history with django-simple-history. A historical row carries
`history_date` (when the change took effect: the decision's date, not the moment of loading),
`history_change_reason` (why) and, from the abstract base below, `decision_ref` (the decision,
e.g. "Kv 16.5.2022 § 45"). The loader sets these as attributes on the instance before saving;
the receiver copies the decision reference over.
"""

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record


class RevisionInfo(models.Model):
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def _copy_decision_ref(sender, instance, history_instance, **kwargs):
    history_instance.decision_ref = getattr(instance, "_decision_ref", "") or ""
