"""Provenance of fetched values: which source, table or indicator, request, and licence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FetchRecord(models.Model):
    """One stored fetch of one indicator. Its values point here through `source_ref`
    ("fetch:<id> ..."), so a value can show where it came from and whom to credit."""

    indicator_code = models.CharField(_("indicator"), max_length=60)
    sources = models.CharField(_("sources"), max_length=200)  # "statfin:115k.px sotkanet:127"
    requests = models.JSONField(_("requests"), default=list)
    table_updated = models.CharField(_("table last updated"), max_length=40, blank=True)
    licence = models.CharField(_("licence"), max_length=40, default="CC BY 4.0")
    attribution = models.CharField(_("attribution"), max_length=200, blank=True)
    fetched_at = models.DateTimeField(_("fetched"))

    class Meta:
        ordering = ["-fetched_at"]
        verbose_name = _("fetch")
        verbose_name_plural = _("fetches")

    def __str__(self):
        return f"{self.indicator_code} {self.sources} {self.fetched_at:%Y-%m-%d %H:%M}"

    @property
    def source_ref(self) -> str:
        return f"fetch:{self.pk} {self.sources}"[:300]

    @classmethod
    def for_source_ref(cls, source_ref: str):
        """The record a value's `source_ref` names, or None (values entered or imported)."""
        return cls.for_source_refs([source_ref]).get(source_ref)

    @classmethod
    def for_source_refs(cls, source_refs) -> dict:
        """source_ref → its record, for those that name one; one query for them all."""
        ids = {}
        for ref in source_refs:
            head = ref.split(" ", 1)[0]
            if head.startswith("fetch:") and head[6:].isdigit():
                ids[ref] = int(head[6:])
        records = cls.objects.in_bulk(set(ids.values())) if ids else {}
        return {ref: records[pk] for ref, pk in ids.items() if pk in records}


class FetchCheck(models.Model):
    """When the fetch last had an answer for the values of one indicator: its national series,
    or an indicator's own where no series holds them (Indicator.data_id). The hourly fetch
    asks again only REFETCH_HOURS later (sources.due), whether that answer brought new values
    or none (a FetchRecord is kept only for the first). Keyed by the indicator whose values
    are stored, never by a code: codes repeat across organisations."""

    indicator = models.OneToOneField(
        "strategy.Indicator",
        verbose_name=_("indicator"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("fetched"))

    class Meta:
        verbose_name = _("fetch check")
        verbose_name_plural = _("fetch checks")

    def __str__(self):
        return f"{self.indicator_id} {self.checked_at:%Y-%m-%d %H:%M}"
